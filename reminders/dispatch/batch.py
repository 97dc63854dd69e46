"""The messages about doses of one claimed batch, set-based (``BatchSender``): the 08:00
peak in a fixed number of statements per batch instead of round trips per reminder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import String, bindparam, literal_column, or_, select, update

from bot import adherence, consent, doses, outbound, sms
from bot.adherence import slot_key
from bot.formatting import format_time
from bot.messages import render
from bot.models import (
    Caregiver,
    ChannelIdentity,
    Dose,
    Medication,
    OutboundMessage,
    Patient,
    Reminder,
    utcnow,
)
from bot.outbound import QuickReply, Route
from reminders import channels
from reminders.dispatch.due import BULK, GRACE, Due, Pass, language, local_time, log, skip
from reminders.planner import defer_for_quiet_hours, expire
from reminders.sql import among, insert_new, table_of

# The two tables written with Core statements, as ``Table``s (reminders/sql.table_of).
REMINDERS = table_of(Reminder)
OUTBOUND = table_of(OutboundMessage)


def _routes(patient: Any, identities: list[Any], withdrawn: bool = False) -> list[Route]:
    """bot.outbound.patient_routes on identities loaded for the whole batch: the
    messenger the patient wrote from most recently, the other linked accounts, then
    SMS to the number on file unless the patient opted out anywhere or ``withdrawn``
    their consent to the chat service. ``patient``: a Patient or a row with its id and
    phone."""
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

    def __init__(self, dispatcher: Pass, batch: list[Due]):
        self.dispatcher, self.batch = dispatcher, batch
        self.session, self.now, self.policy = dispatcher.session, dispatcher.now, dispatcher.policy

    def _load(self) -> None:
        s, batch = self.session, self.batch
        # Rows of the columns each step reads, not ORM objects: no identity map to fill.
        self.patients: dict[int, Any] = {p.id: p for p in s.execute(select(
            Patient.id, Patient.first_name, Patient.language, Patient.timezone, Patient.phone,
            Patient.quiet_start, Patient.quiet_end).where(
            among(s, Patient.id, {r.patient_id for r in batch})))}
        dose_ids = {r.dose_id for r in batch if r.dose_id is not None}
        self.doses: dict[int, Any] = {row.id: row for row in s.execute(select(
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
        self.caregivers: dict[int, Any] = {c.id: c for c in s.execute(select(
            Caregiver.id, Caregiver.patient_id, Caregiver.phone, Caregiver.language,
            Caregiver.may_see_medication_names, Caregiver.opted_out_at).where(
            among(s, Caregiver.id, caregiver_ids)))} if caregiver_ids else {}
        self.identities: dict[int, list[Any]] = {}
        to_patients = {r.patient_id for r in batch if r.caregiver_id is None}
        if to_patients:
            for identity in s.execute(select(
                    ChannelIdentity.patient_id, ChannelIdentity.channel,
                    ChannelIdentity.external_id, ChannelIdentity.stopped_at,
                    ChannelIdentity.opted_out_at, ChannelIdentity.last_inbound_at,
                    ChannelIdentity.created_at).where(
                    among(s, ChannelIdentity.patient_id, to_patients))
                    .order_by(ChannelIdentity.id)):
                self.identities.setdefault(identity.patient_id, []).append(identity)
        self.withdrawn = consent.chat_withdrawn_among(s, sorted(to_patients)) if to_patients \
            else set()
        self.queued: dict[str, int] = dict(s.execute(select(
            OutboundMessage.idempotency_key, OutboundMessage.id).where(
            among(s, OutboundMessage.idempotency_key, [f"reminder:{r.key}" for r in batch])))
            .tuples().all())
        steps = [f"{slot_key(d.patient_id, d.scheduled_at)}:{kind}" for d in self.doses.values()
                 for kind in (adherence.FOLLOW_UP, adherence.MISSED_CHECK)]
        self.steps: dict[str, Any] = {row.key: row for row in s.execute(select(
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
                skip(reminder, "too_late")
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
            skip(reminder, "dose_answered")
            return False
        medications = ", ".join(sorted(f"{d.name} ({d.dose_text})" for d in pending))
        key = f"reminder:{reminder.key}"
        if reminder.kind == "caregiver_reminder":
            caregiver = (self.caregivers.get(reminder.caregiver_id)
                         if reminder.caregiver_id is not None else None)
            if caregiver is None or caregiver.opted_out_at is not None:
                skip(reminder, "no_channel")
                return False
            lang = language(caregiver.language)
            template = ("caregiver_reminder_named" if caregiver.may_see_medication_names
                        else "caregiver_reminder")
            text = render(template, lang, patient=patient.first_name, medications=medications,
                          time=format_time(local_time(patient, dose.scheduled_at), lang))
            if key not in self.queued:
                self._queue(key, Route("sms", caregiver.phone), text, (),
                            caregiver.patient_id, caregiver.id)
            self._sent(reminder, key)
            return True
        lang = language(patient.language)
        if key not in self.queued:
            routes = _routes(patient, self.identities.get(patient.id, []),
                             patient.id in self.withdrawn)
            if not routes:
                skip(reminder, "no_channel")
                log.info("reminder %s not sent: patient %s has no reachable channel",
                         reminder.key, patient.id)
                return False
            text = channels.dose_text(  # SMS and WhatsApp: the answer words, one segment
                reminder.kind, lang, routes[0].channel, name=patient.first_name,
                time=format_time(local_time(patient, dose.scheduled_at), lang),
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
        table = REMINDERS
        if self.messages:
            rows = list(self.messages.values())
            for row in insert_new(s, OUTBOUND, rows, key=("idempotency_key",),
                                  returning=("idempotency_key", "id")):
                self.queued[row.idempotency_key] = row.id
            raced = [key for key in self.messages if key not in self.queued]
            if raced:  # queued by someone else since our SELECT
                self.queued.update(s.execute(select(
                    OutboundMessage.idempotency_key, OutboundMessage.id).where(
                    among(s, OutboundMessage.idempotency_key, raced))).tuples().all())
        for reminder in sent:
            reminder.outbound_id = self.queued[f"reminder:{reminder.key}"]
        # What became of the claimed rows: one UPDATE per outcome. The outbound id is
        # looked up by the idempotency key in the same statement.
        message_id = select(OUTBOUND.c.id).where(
            OUTBOUND.c.idempotency_key
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
