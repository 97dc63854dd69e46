"""Sending the reminders that are due, once, and arming what comes after.

Due rows are taken in order of due time (``FOR UPDATE SKIP LOCKED`` on PostgreSQL)
and each message is queued with ``bot.outbound.send`` under the reminder's key, so a
crash between the two steps, or two runs, never sends a reminder twice; the gateway's
delivery worker sends the queue at the providers' rates, reminders after urgent
messages and conversation replies.

Medication reminders (and the snoozes the patient asked for) go out at their time
even inside quiet hours: the patient takes that dose then. Follow-ups, caregiver
alerts and appointment reminders are deferred to the end of the quiet window, never
dropped. A reminder found too long after its time (downtime) is recorded as skipped:
"take your 08:00 pill" at 13:00 would mislead more than help. Opted-out recipients
get nothing.

Messages about doses (the 08:00 peak) are handled set-based, a claimed batch at a
time (``BatchSender``): a fixed number of statements per batch instead of round trips
per reminder; the outbound rows are the ones ``bot.outbound.send`` would write, under
the same idempotency keys, inserted with ON CONFLICT DO NOTHING. The rarer kinds
(missed checks, caregiver alerts, appointments) keep their one-by-one handlers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import String, bindparam, literal_column, or_, select, update
from sqlalchemy.orm import Session

from bot import adherence, consent, doses, outbound, refills, sms
from bot.adherence import Policy, slot_key
from bot.formatting import format_date, format_datetime, format_time
from bot.i18n import normalise
from bot.messages import render
from bot.models import (
    Appointment,
    Caregiver,
    ChannelIdentity,
    Dose,
    Medication,
    OutboundMessage,
    Patient,
    Reminder,
    utcnow,
)
from bot.outbound import Message, NoChannelError, QuickReply, Recipient, Route
from reminders import channels
from reminders import refills as refill_reminders
from reminders.planner import defer_for_quiet_hours, expire
from reminders.sql import ALL, Partition, among, insert_new

log = logging.getLogger("reminders")

DISPATCH_BATCH = 500  # due reminders per transaction
BULK = 2  # outbound priority of reminders: after urgent messages and replies
GRACE = {
    "medication": dt.timedelta(hours=2),
    adherence.SNOOZE: dt.timedelta(hours=2),
    adherence.FOLLOW_UP: dt.timedelta(hours=2),
    "caregiver_reminder": dt.timedelta(hours=2),
    "caregiver_alert": dt.timedelta(hours=12),
    "appointment": dt.timedelta(hours=12),
}


def _lang(lang: str | None) -> str:
    return normalise(lang)


def _local(patient: Patient, at: dt.datetime) -> dt.datetime:
    return at.astimezone(ZoneInfo(patient.timezone))


def _names(group: list[Dose]) -> str:
    return ", ".join(sorted(f"{d.medication.name} ({d.medication.dose_text})" for d in group))


@dataclass
class Due:
    """A claimed reminder handled set-based: its row, and what becomes of it (written
    back with one UPDATE per outcome, not through the ORM)."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id", "key", "kind", "patient_id", "caregiver_id", "dose_id", "due_at")
    id: int
    key: str
    kind: str
    patient_id: int
    caregiver_id: int | None
    dose_id: int | None
    due_at: dt.datetime
    status: str = "planned"
    reason: str | None = None
    sent_at: dt.datetime | None = None
    outbound_id: int | None = None
    moved: bool = False  # planned again with a new due_at (a step armed again)


class Dispatcher:
    """One pass over the due reminders at ``now``."""

    def __init__(self, session: Session, now: dt.datetime, policy: Policy | None = None,
                 partition: Partition = ALL):
        self.session, self.now, self.partition = session, now, partition
        self.policy = policy or Policy.from_env()
        self.handlers: dict[str, Callable[[Reminder, Patient], bool]] = {
            "medication": self._dose_message,
            adherence.SNOOZE: self._dose_message,
            adherence.FOLLOW_UP: self._dose_message,
            adherence.MISSED_CHECK: self._missed_check,
            "caregiver_reminder": self._caregiver_reminder,
            "caregiver_alert": self._caregiver_alert,
            "appointment": self._appointment,
            refills.KIND: lambda r, p: refill_reminders.send(  # reminders/refills.py
                self.session, r, p, self._send),
        }

    def run(self, limit: int | None = None) -> list[Reminder | Due]:
        """Handle up to ``limit`` due reminders, including steps armed on the way that
        are due at once (a caregiver alert right after a missed check)."""
        sent: list[Reminder | Due] = []
        handled = 0
        self.session.flush()  # the claim reads table rows: the session's own changes first
        while limit is None or handled < limit:
            size = DISPATCH_BATCH if limit is None else min(DISPATCH_BATCH, limit - handled)
            batch = self.claim(size)
            if not batch:
                break
            handled += len(batch)
            sent += self._handle(batch)
        return sent

    def claim(self, size: int) -> list[Due]:
        """The next due reminders of this scheduler's partition, in due order, locked
        until the transaction ends (``FOR UPDATE SKIP LOCKED``: another scheduler takes
        the next ones instead of waiting, and none is handled twice: a row leaves
        "planned" in the transaction that holds its lock)."""
        query = (select(*(Reminder.__table__.c[name] for name in Due.COLUMNS))
                 .where(Reminder.status == "planned", Reminder.due_at <= self.now)
                 .order_by(Reminder.due_at, Reminder.id).limit(size)
                 .with_for_update(skip_locked=True))
        mine = self.partition.where(Reminder.patient_id)
        if mine is not None:
            query = query.where(mine)
        return [Due(*row) for row in self.session.execute(query)]

    def _handle(self, batch: list[Due]) -> list[Reminder | Due]:
        """The hot kinds (messages about a dose: the 08:00 peak) set-based, the rest
        (missed checks, caregiver alerts, appointments) one by one, first."""
        sent: list[Reminder | Due] = []
        slow = [due.id for due in batch if due.kind not in FAST_KINDS]
        if slow:
            self.session.flush()
            rows = {r.id: r for r in self.session.scalars(
                select(Reminder).where(Reminder.id.in_(slow))
                .execution_options(populate_existing=True))}
            for reminder in (rows[due.id] for due in batch if due.id in rows):
                grace = GRACE.get(reminder.kind)
                if grace is not None and self.now - reminder.due_at > grace:
                    self._skip(reminder, "too_late")
                elif self.handlers[reminder.kind](
                        reminder, self.session.get(Patient, reminder.patient_id)):
                    sent.append(reminder)
            self.session.flush()
        fast = [due for due in batch if due.kind in FAST_KINDS]
        if fast:
            sent += BatchSender(self, fast).run()
        return sent

    # --- helpers -------------------------------------------------------------------

    @staticmethod
    def _skip(reminder: Reminder, reason: str) -> None:
        reminder.status, reminder.reason = "skipped", reason

    def _send(self, reminder: Reminder, recipient: Recipient, text: str,
              buttons: tuple[QuickReply, ...] = ()) -> bool:
        try:
            message = outbound.send(self.session, recipient, Message(
                text, f"reminder:{reminder.key}", quick_replies=buttons, priority=BULK))
        except NoChannelError as error:  # opted out everywhere, or no number at all
            self._skip(reminder, "no_channel")
            log.info("reminder %s not sent: %s", reminder.key, error)
            return False
        reminder.status, reminder.sent_at, reminder.outbound_id = "sent", utcnow(), message.id
        if reminder.caregiver_id is not None:  # not part of the patient's conversation
            reminder.noted_at = reminder.sent_at
        return True

    def _unanswered(self, reminder: Reminder) -> tuple[Dose | None, list[Dose]]:
        dose = self.session.get(Dose, reminder.dose_id) if reminder.dose_id else None
        if dose is None:
            return None, []
        return dose, [d for d in doses.slot(self.session, dose) if d.status == doses.PENDING]

    def _still_pending(self, reminder: Reminder) -> tuple[Dose, list[Dose]] | None:
        """The slot's doses nobody answered yet; none: the reminder is moot (skipped)."""
        dose, pending = self._unanswered(reminder)
        if dose is None or not pending:
            self._skip(reminder, "dose_answered")
            return None
        return dose, pending

    def _caregiver(self, reminder: Reminder) -> Caregiver | None:
        caregiver = self.session.get(Caregiver, reminder.caregiver_id)
        if caregiver is None or caregiver.opted_out_at is not None:
            self._skip(reminder, "no_channel")
            return None
        return caregiver

    # --- the kinds of reminder -----------------------------------------------------

    def _dose_message(self, reminder: Reminder, patient: Patient) -> bool:
        found = self._still_pending(reminder)
        if found is None:
            return False
        dose, pending = found
        lang = _lang(patient.language)
        routes = outbound.patient_routes(self.session, patient)  # the text fits the channel
        text = channels.dose_text(
            reminder.kind, lang, routes[0].channel if routes else "telegram",
            name=patient.first_name, time=format_time(_local(patient, dose.scheduled_at), lang),
            medications=[(d.medication.name, d.medication.dose_text) for d in pending])
        buttons = channels.buttons(reminder.kind, lang)
        if not self._send(reminder, Recipient(patient.id), text, buttons):
            return False
        adherence.next_step(self.session, patient, dose, self.now, self.policy,
                            lambda at: defer_for_quiet_hours(patient, at))
        return True

    def _missed_check(self, reminder: Reminder, patient: Patient) -> bool:
        dose, _ = self._unanswered(reminder)
        reminder.status, reminder.sent_at = "done", self.now
        if dose is None:
            return False
        missed = adherence.mark_missed(self.session, patient, dose)
        if not missed:
            return False
        adherence.alert_caregivers(self.session, patient, dose,
                                   defer_for_quiet_hours(patient, self.now))
        adherence.flag_if_repeated(self.session, patient, self.now, self.policy)
        return False

    def _caregiver_reminder(self, reminder: Reminder, patient: Patient) -> bool:
        found = self._still_pending(reminder)
        caregiver = self._caregiver(reminder) if found else None
        if found is None or caregiver is None:
            return False
        dose, pending = found
        lang = _lang(caregiver.language)
        key = "caregiver_reminder_named" if caregiver.may_see_medication_names else (
            "caregiver_reminder")
        text = render(key, lang, patient=patient.first_name, medications=_names(pending),
                      time=format_time(_local(patient, dose.scheduled_at), lang))
        return self._send(reminder, Recipient(caregiver_id=caregiver.id), text)

    def _caregiver_alert(self, reminder: Reminder, patient: Patient) -> bool:
        dose = self.session.get(Dose, reminder.dose_id) if reminder.dose_id else None
        # Unanswered or reported missed ("pas pris") alike.
        missed = [d for d in doses.slot(self.session, dose)
                  if d.status == doses.MISSED] if dose else []
        if not missed:  # a late "pris" came in first
            self._skip(reminder, "dose_answered")
            return False
        caregiver = self._caregiver(reminder)
        if caregiver is None:
            return False
        lang = _lang(caregiver.language)
        key = "caregiver_alert_named" if caregiver.may_see_medication_names else (
            "caregiver_alert")
        local = _local(patient, dose.scheduled_at)
        text = render(key, lang, caregiver=caregiver.name.split()[0], patient=patient.first_name,
                      medications=_names(missed), time=format_time(local, lang),
                      day=format_date(local.date(), lang))
        return self._send(reminder, Recipient(caregiver_id=caregiver.id), text)

    def _appointment(self, reminder: Reminder, patient: Patient) -> bool:
        appointment = self.session.get(Appointment, reminder.appointment_id)
        if appointment is None or appointment.cancelled:
            reminder.status, reminder.reason = "cancelled", "appointment_cancelled"
            return False
        caregiver = self._caregiver(reminder) if reminder.caregiver_id else None
        if reminder.caregiver_id and caregiver is None:
            return False
        lang = _lang(caregiver.language if caregiver else patient.language)
        values = {
            "name": patient.first_name, "patient": patient.first_name,
            "with_whom": appointment.with_whom,
            "when": format_datetime(appointment.starts_at, lang, patient.timezone),
            "where": f", {appointment.location}" if appointment.location else "",
        }
        if caregiver is not None:
            return self._send(reminder, Recipient(caregiver_id=caregiver.id),
                              render("caregiver_appointment", lang, **values))
        return self._send(reminder, Recipient(patient.id),
                          render("reminder_appointment", lang, **values))


def dispatch_due(session: Session, now: dt.datetime, policy: Policy | None = None,
                 limit: int | None = None, partition: Partition = ALL) -> list[Reminder | Due]:
    """Send what is due, in order of due time; returns the reminders sent now (rows of
    the one-by-one kinds, ``Due`` records of the set-based ones: both have the key,
    kind, patient, dose and outbound message)."""
    return Dispatcher(session, now, policy, partition).run(limit)


FAST_KINDS = frozenset({"medication", adherence.SNOOZE, adherence.FOLLOW_UP,
                        "caregiver_reminder"})


def _routes(patient: Patient, identities: list[Any], withdrawn: bool = False) -> list[Route]:
    """bot.outbound.patient_routes on identities loaded for the whole batch: the
    messenger the patient wrote from most recently, the other linked accounts, then
    SMS to the number on file unless the patient opted out anywhere or ``withdrawn``
    their consent to the chat service."""
    usable = [i for i in identities
              if i.channel != "cli" and i.stopped_at is None and i.opted_out_at is None]
    usable.sort(key=lambda i: (i.channel not in outbound.MESSENGERS,
                               -(i.last_inbound_at or i.created_at).timestamp()))
    routes = [Route(i.channel, i.external_id) for i in usable]
    opted_out = any(i.opted_out_at for i in identities) or withdrawn
    if patient.phone and not any(r.channel == "sms" for r in routes) and not opted_out:
        routes.append(Route("sms", patient.phone))
    return routes


class BatchSender:
    """The messages about doses of one claimed batch, in a fixed number of statements:
    the patients, doses, caregivers, channel accounts, outbound rows already queued and
    follow-up steps already armed are read with one SELECT each; the texts are
    rendered in Python; the outbound messages are written with one multi-row INSERT
    ... ON CONFLICT DO NOTHING on their idempotency key ("reminder:<key>", as
    ``bot.outbound.send`` writes them), the follow-up steps with another. What a
    reminder becomes, and the step it arms, is decided in due order exactly as the
    one-by-one handlers decide (``Dispatcher._dose_message``, ``_caregiver_reminder``,
    ``adherence.next_step``)."""

    def __init__(self, dispatcher: Dispatcher, batch: list[Due]):
        self.dispatcher, self.batch = dispatcher, batch
        self.session, self.now, self.policy = dispatcher.session, dispatcher.now, dispatcher.policy

    def _load(self) -> None:
        s, batch = self.session, self.batch
        self.patients = {p.id: p for p in s.execute(select(
            Patient.id, Patient.first_name, Patient.language, Patient.timezone, Patient.phone,
            Patient.quiet_start, Patient.quiet_end).where(
            among(s, Patient.id, {r.patient_id for r in batch})))}
        dose_ids = {r.dose_id for r in batch if r.dose_id is not None}
        self.doses = {row.id: row for row in s.execute(select(
            Dose.id, Dose.patient_id, Dose.scheduled_at).where(among(s, Dose.id, dose_ids)))}
        self.slots: dict[tuple[int, dt.datetime], list[Any]] = {}
        if self.doses:
            wanted = {(d.patient_id, d.scheduled_at) for d in self.doses.values()}
            for row in s.execute(select(
                    Dose.id, Dose.patient_id, Dose.scheduled_at, Dose.status,
                    Medication.name, Medication.dose_text)
                    .join(Medication, Medication.id == Dose.medication_id)
                    .where(among(s, Dose.patient_id, {p for p, _ in wanted}),
                           among(s, Dose.scheduled_at, {at for _, at in wanted}),
                           Dose.status != doses.CANCELLED).order_by(Dose.id)):
                if (row.patient_id, row.scheduled_at) in wanted:
                    self.slots.setdefault((row.patient_id, row.scheduled_at), []).append(row)
        caregiver_ids = {r.caregiver_id for r in batch if r.caregiver_id is not None}
        self.caregivers = {c.id: c for c in s.execute(select(
            Caregiver.id, Caregiver.patient_id, Caregiver.phone, Caregiver.language,
            Caregiver.may_see_medication_names, Caregiver.opted_out_at).where(
            among(s, Caregiver.id, caregiver_ids)))} if caregiver_ids else {}
        self.identities: dict[int, list[Any]] = {}
        to_patients = {r.patient_id for r in batch if r.caregiver_id is None}
        if to_patients:
            for row in s.execute(select(
                    ChannelIdentity.patient_id, ChannelIdentity.channel,
                    ChannelIdentity.external_id, ChannelIdentity.stopped_at,
                    ChannelIdentity.opted_out_at, ChannelIdentity.last_inbound_at,
                    ChannelIdentity.created_at).where(
                    among(s, ChannelIdentity.patient_id, to_patients))
                    .order_by(ChannelIdentity.id)):
                self.identities.setdefault(row.patient_id, []).append(row)
        self.withdrawn = consent.chat_withdrawn_among(s, sorted(to_patients)) if to_patients \
            else set()
        self.queued = dict(s.execute(select(
            OutboundMessage.idempotency_key, OutboundMessage.id).where(
            among(s, OutboundMessage.idempotency_key, [f"reminder:{r.key}" for r in batch]))).all())
        steps = [f"{slot_key(d.patient_id, d.scheduled_at)}:{kind}" for d in self.doses.values()
                 for kind in (adherence.FOLLOW_UP, adherence.MISSED_CHECK)]
        self.steps = {row.key: row for row in s.execute(select(
            Reminder.id, Reminder.key, Reminder.status).where(among(s, Reminder.key, steps)))}

    def run(self) -> list[Due]:
        self._load()
        self.claimed = {r.key: r for r in self.batch}
        self.state = {key: row.status for key, row in self.steps.items()}
        self.messages: dict[str, dict[str, Any]] = {}
        self.armed: dict[str, dict[str, Any]] = {}  # new steps, by key
        self.moved: dict[str, dt.datetime] = {}  # existing steps planned again
        self.sent_at = utcnow()
        sent = []
        for reminder in self.batch:
            grace = GRACE.get(reminder.kind)
            if grace is not None and self.now - reminder.due_at > grace:
                Dispatcher._skip(reminder, "too_late")  # type: ignore[arg-type]
            elif self._one(reminder):
                sent.append(reminder)
            self.state[reminder.key] = reminder.status
        self._write(sent)
        return sent

    def _one(self, reminder: Due) -> bool:
        patient = self.patients[reminder.patient_id]
        dose = self.doses.get(reminder.dose_id) if reminder.dose_id is not None else None
        pending = [d for d in self.slots.get((dose.patient_id, dose.scheduled_at), ())
                   if d.status == doses.PENDING] if dose is not None else []
        if dose is None or not pending:
            Dispatcher._skip(reminder, "dose_answered")  # type: ignore[arg-type]
            return False
        medications = ", ".join(sorted(f"{d.name} ({d.dose_text})" for d in pending))
        key = f"reminder:{reminder.key}"
        if reminder.kind == "caregiver_reminder":
            caregiver = self.caregivers.get(reminder.caregiver_id)
            if caregiver is None or caregiver.opted_out_at is not None:
                Dispatcher._skip(reminder, "no_channel")  # type: ignore[arg-type]
                return False
            lang = _lang(caregiver.language)
            template = ("caregiver_reminder_named" if caregiver.may_see_medication_names
                        else "caregiver_reminder")
            text = render(template, lang, patient=patient.first_name, medications=medications,
                          time=format_time(_local(patient, dose.scheduled_at), lang))
            if key not in self.queued:
                self._queue(key, Route("sms", caregiver.phone), text, (),
                            caregiver.patient_id, caregiver.id)
            self._sent(reminder, key)
            return True
        lang = _lang(patient.language)
        if key not in self.queued:
            routes = _routes(patient, self.identities.get(patient.id, []),
                             patient.id in self.withdrawn)
            if not routes:
                Dispatcher._skip(reminder, "no_channel")  # type: ignore[arg-type]
                log.info("reminder %s not sent: patient %s has no reachable channel",
                         reminder.key, patient.id)
                return False
            text = channels.dose_text(  # SMS and WhatsApp: the answer words, one segment
                reminder.kind, lang, routes[0].channel, name=patient.first_name,
                time=format_time(_local(patient, dose.scheduled_at), lang),
                medications=[(d.name, d.dose_text) for d in pending])
            self._queue(key, routes[0], text, channels.buttons(reminder.kind, lang),
                        patient.id, None)
        self._sent(reminder, key)
        self._next_step(patient, reminder, dose)
        return True

    def _queue(self, key: str, route: Route, text: str, buttons: tuple[QuickReply, ...],
               patient_id: int | None, caregiver_id: int | None) -> None:
        """An outbound row as bot.outbound.send writes it."""
        self.messages[key] = {
            "idempotency_key": key, "patient_id": patient_id, "caregiver_id": caregiver_id,
            "channel": route.channel, "address": route.address, "text": text,
            "urgent": False, "priority": BULK,
            "quick_replies": [{"title": q.title, "payload": q.payload} for q in buttons] or None,
            "segments": sms.segments(text) if route.channel == "sms" else None,
            "status": "queued", "attempts": 0, "next_attempt_at": self.sent_at,
            "created_at": self.sent_at,
        }

    def _sent(self, reminder: Due, key: str) -> None:
        reminder.status, reminder.sent_at = "sent", self.sent_at
        self.state[reminder.key] = "sent"  # before the step it arms looks at it

    def _next_step(self, patient: Any, reminder: Due, dose: Any) -> None:
        """adherence.next_step: one follow-up, then the missed check."""
        base = slot_key(patient.id, dose.scheduled_at)
        follow_up = self.state.get(f"{base}:{adherence.FOLLOW_UP}")
        if follow_up is None or follow_up in ("planned", "cancelled"):
            self._arm(f"{base}:{adherence.FOLLOW_UP}", adherence.FOLLOW_UP, reminder, dose.id,
                      defer_for_quiet_hours(patient, self.now + self.policy.follow_up_after))
        else:
            self._arm(f"{base}:{adherence.MISSED_CHECK}", adherence.MISSED_CHECK, reminder,
                      dose.id, self.now + self.policy.missed_after)

    def _arm(self, key: str, kind: str, reminder: Due, dose_id: int,
             due_at: dt.datetime) -> None:
        """adherence.arm: plan a step, or move one still waiting; one done stays done."""
        status = self.state.get(key)
        if status is None:
            self.armed[key] = {"key": key, "kind": kind, "patient_id": reminder.patient_id,
                               "dose_id": dose_id, "caregiver_id": None, "due_at": due_at,
                               "status": "planned"}
        elif status in ("planned", "cancelled"):
            if key in self.armed:
                self.armed[key]["due_at"] = due_at
            elif key in self.claimed:
                step = self.claimed[key]
                step.status, step.reason, step.due_at, step.moved = "planned", None, due_at, True
            else:
                self.moved[key] = due_at
        else:
            return
        self.state[key] = "planned"

    def _write(self, sent: list[Due]) -> None:
        s = self.session
        table = Reminder.__table__
        if self.messages:
            rows = list(self.messages.values())
            for row in insert_new(s, OutboundMessage.__table__, rows, key=("idempotency_key",),
                                  returning=("idempotency_key", "id")):
                self.queued[row.idempotency_key] = row.id
            raced = [key for key in self.messages if key not in self.queued]
            if raced:  # queued by someone else since our SELECT
                self.queued.update(s.execute(select(
                    OutboundMessage.idempotency_key, OutboundMessage.id).where(
                    among(s, OutboundMessage.idempotency_key, raced))).all())
        for reminder in sent:
            reminder.outbound_id = self.queued[f"reminder:{reminder.key}"]
        # What became of the claimed rows: one UPDATE per outcome. The outbound id is
        # looked up by the idempotency key in the same statement.
        message_id = select(OutboundMessage.__table__.c.id).where(
            OutboundMessage.__table__.c.idempotency_key
            == literal_column("'reminder:'", String) + table.c.key).scalar_subquery()
        to_patient = [r.id for r in sent if r.caregiver_id is None]
        to_caregiver = [r.id for r in sent if r.caregiver_id is not None]
        for ids, noted_at in ((to_patient, None), (to_caregiver, self.sent_at)):
            # a message to a caregiver is not part of the patient's conversation
            if ids:
                s.execute(update(table).where(among(s, table.c.id, ids)).values(
                    status="sent", sent_at=self.sent_at, noted_at=noted_at,
                    outbound_id=message_id))
        skipped: dict[str, list[int]] = {}
        for reminder in self.batch:
            if reminder.status == "skipped":
                skipped.setdefault(reminder.reason or "", []).append(reminder.id)
        for reason, ids in skipped.items():
            s.execute(update(table).where(among(s, table.c.id, ids)).values(
                status="skipped", reason=reason))
        moved = [{"b_id": r.id, "b_due_at": r.due_at} for r in self.batch
                 if r.moved and r.status == "planned"]
        if moved:
            s.execute(update(table).where(table.c.id == bindparam("b_id")).values(
                status="planned", reason=None, due_at=bindparam("b_due_at")), moved)
        expire(s, Reminder, [r.id for r in self.batch])
        insert_new(s, table, list(self.armed.values()), key=("key",))
        if self.moved:
            s.execute(update(table).where(
                table.c.key == bindparam("b_key"),
                or_(table.c.status == "planned", table.c.status == "cancelled"),
            ).values(status="planned", reason=None, due_at=bindparam("b_due_at")),
                [{"b_key": key, "b_due_at": at} for key, at in self.moved.items()])
            expire(s, Reminder, [self.steps[key].id for key in self.moved])
