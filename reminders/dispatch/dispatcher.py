"""The pass over the due reminders (``Dispatcher``, ``dispatch_due``): claims them in due
order and sends the rarer kinds (missed checks, caregiver alerts, appointments,
refills) one by one; the messages about doses go to the set-based sender (batch.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import adherence, doses, outbound, refills
from bot.adherence import Policy
from bot.formatting import format_date, format_datetime, format_time
from bot.messages import render
from bot.models import Appointment, Caregiver, Dose, Patient, Reminder, utcnow
from bot.outbound import Message, NoChannelError, QuickReply, Recipient
from reminders import channels
from reminders import refills as refill_reminders
from reminders.dispatch.batch import BatchSender
from reminders.dispatch.due import (
    BULK,
    DISPATCH_BATCH,
    FAST_KINDS,
    GRACE,
    Due,
    language,
    local_time,
    log,
    skip,
)
from reminders.planner import defer_for_quiet_hours
from reminders.sql import ALL, Partition


def _names(group: list[Dose]) -> str:
    return ", ".join(sorted(f"{d.medication.name} ({d.medication.dose_text})" for d in group))


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
                    skip(reminder, "too_late")
                elif self.handlers[reminder.kind](
                        reminder, self.session.get_one(Patient, reminder.patient_id)):
                    sent.append(reminder)
            self.session.flush()
        fast = [due for due in batch if due.kind in FAST_KINDS]
        if fast:
            sent += BatchSender(self, fast).run()
        return sent

    # --- helpers -------------------------------------------------------------------

    def _send(self, reminder: Reminder, recipient: Recipient, text: str,
              buttons: tuple[QuickReply, ...] = ()) -> bool:
        try:
            message = outbound.send(self.session, recipient, Message(
                text, f"reminder:{reminder.key}", quick_replies=buttons, priority=BULK))
        except NoChannelError as error:  # opted out everywhere, or no number at all
            skip(reminder, "no_channel")
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
            skip(reminder, "dose_answered")
            return None
        return dose, pending

    def _caregiver(self, reminder: Reminder) -> Caregiver | None:
        caregiver = self.session.get(Caregiver, reminder.caregiver_id)
        if caregiver is None or caregiver.opted_out_at is not None:
            skip(reminder, "no_channel")
            return None
        return caregiver

    # --- the kinds of reminder -----------------------------------------------------

    def _dose_message(self, reminder: Reminder, patient: Patient) -> bool:
        found = self._still_pending(reminder)
        if found is None:
            return False
        dose, pending = found
        lang = language(patient.language)
        routes = outbound.patient_routes(self.session, patient)  # the text fits the channel
        text = channels.dose_text(
            reminder.kind, lang, routes[0].channel if routes else "telegram",
            name=patient.first_name, time=format_time(local_time(patient, dose.scheduled_at), lang),
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
        lang = language(caregiver.language)
        key = "caregiver_reminder_named" if caregiver.may_see_medication_names else (
            "caregiver_reminder")
        text = render(key, lang, patient=patient.first_name, medications=_names(pending),
                      time=format_time(local_time(patient, dose.scheduled_at), lang))
        return self._send(reminder, Recipient(caregiver_id=caregiver.id), text)

    def _caregiver_alert(self, reminder: Reminder, patient: Patient) -> bool:
        dose = self.session.get(Dose, reminder.dose_id) if reminder.dose_id else None
        # Unanswered or reported missed ("pas pris") alike.
        missed = [d for d in doses.slot(self.session, dose)
                  if d.status == doses.MISSED] if dose else []
        if dose is None or not missed:  # a late "pris" came in first
            skip(reminder, "dose_answered")
            return False
        caregiver = self._caregiver(reminder)
        if caregiver is None:
            return False
        lang = language(caregiver.language)
        key = "caregiver_alert_named" if caregiver.may_see_medication_names else (
            "caregiver_alert")
        local = local_time(patient, dose.scheduled_at)
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
        lang = language(caregiver.language if caregiver else patient.language)
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
