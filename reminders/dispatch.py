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
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import adherence, doses, outbound
from bot.adherence import Policy
from bot.formatting import format_date, format_datetime, format_time
from bot.messages import render
from bot.models import Appointment, Caregiver, Dose, Patient, Reminder, utcnow
from bot.outbound import Message, NoChannelError, QuickReply, Recipient
from reminders.planner import defer_for_quiet_hours

log = logging.getLogger("reminders")

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
    return lang if lang in ("fr", "nl") else "fr"


def _local(patient: Patient, at: dt.datetime) -> dt.datetime:
    return at.astimezone(ZoneInfo(patient.timezone))


def _names(group: list[Dose]) -> str:
    return ", ".join(sorted(f"{d.medication.name} ({d.medication.dose_text})" for d in group))


class Dispatcher:
    """One pass over the due reminders at ``now``."""

    def __init__(self, session: Session, now: dt.datetime, policy: Policy | None = None):
        self.session, self.now = session, now
        self.policy = policy or Policy.from_env()
        self.handlers: dict[str, Callable[[Reminder, Patient], bool]] = {
            "medication": self._dose_message,
            adherence.SNOOZE: self._dose_message,
            adherence.FOLLOW_UP: self._dose_message,
            adherence.MISSED_CHECK: self._missed_check,
            "caregiver_reminder": self._caregiver_reminder,
            "caregiver_alert": self._caregiver_alert,
            "appointment": self._appointment,
        }

    def run(self, limit: int | None = None) -> list[Reminder]:
        """Handle up to ``limit`` due reminders, including steps armed on the way that
        are due at once (a caregiver alert right after a missed check)."""
        sent: list[Reminder] = []
        handled = 0
        while limit is None or handled < limit:
            query = (select(Reminder)
                     .where(Reminder.status == "planned", Reminder.due_at <= self.now)
                     .order_by(Reminder.due_at, Reminder.id).with_for_update(skip_locked=True))
            if limit:
                query = query.limit(limit - handled)
            batch = self.session.scalars(query).all()
            if not batch:
                break
            handled += len(batch)
            sent += self._handle(batch)
        return sent

    def _handle(self, batch: list[Reminder]) -> list[Reminder]:
        sent = []
        for reminder in batch:
            patient = self.session.get(Patient, reminder.patient_id)
            grace = GRACE.get(reminder.kind)
            if grace is not None and self.now - reminder.due_at > grace:
                self._skip(reminder, "too_late")
                continue
            if self.handlers[reminder.kind](reminder, patient):
                sent.append(reminder)
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
        text = render(f"reminder_{reminder.kind}", lang, name=patient.first_name,
                      time=format_time(_local(patient, dose.scheduled_at), lang),
                      medications=_names(pending))
        second = "button_missed" if reminder.kind == adherence.FOLLOW_UP else "button_later"
        second_payload = ("/medication_missed" if reminder.kind == adherence.FOLLOW_UP
                          else "/medication_later")
        buttons = (QuickReply(render("button_taken", lang), "/medication_taken"),
                   QuickReply(render(second, lang), second_payload))
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
                 limit: int | None = None) -> list[Reminder]:
    """Send what is due, in order of due time; returns the reminders sent now."""
    return Dispatcher(session, now, policy).run(limit)
