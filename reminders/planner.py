"""Which reminders are due, and sending them once.

Planning reads the care plan (doses, appointments) for the coming hours and writes
one ``Reminder`` row per reminder, keyed so that re-planning finds the same row.
Dispatching takes the due rows in order of due time and queues each message with
``bot.outbound.send`` under the reminder's key, so a crash between the two steps, or
two runs, never sends a reminder twice. Everything takes ``now`` as an argument: the
scheduler passes the clock, tests pass any instant (DST nights included).

Medication reminders go out at the dose's time even inside quiet hours (the patient
takes that dose then); appointment reminders are deferred to the end of the quiet
window, never dropped. Opted-out accounts get nothing that is not urgent.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import doses, outbound
from bot.formatting import format_datetime, format_time
from bot.models import Appointment, Dose, Patient, Reminder, utcnow
from bot.outbound import Message, NoChannelError, QuickReply, Recipient

log = logging.getLogger("reminders")

# A reminder found later than this after its time is not sent any more (recorded as
# skipped): "take your 08:00 pill" at 13:00 would mislead more than help.
MISFIRE_GRACE = {"medication": dt.timedelta(hours=2), "appointment": dt.timedelta(hours=12)}
DAY_BEFORE_AT = dt.time(18, 0)
HOURS_BEFORE = dt.timedelta(hours=3)

TEXTS = {
    "medication": {
        "fr": "Bonjour {name}, c'est l'heure de votre médicament de {time} : {medications}. "
        "Répondez « pris » quand c'est fait.",
        "nl": "Dag {name}, het is tijd voor uw medicatie van {time}: {medications}. "
        "Antwoord \"genomen\" als het gedaan is.",
    },
    "appointment": {
        "fr": "Rappel, {name} : rendez-vous {when} avec {with_whom}{where}.",
        "nl": "Herinnering, {name}: afspraak {when} met {with_whom}{where}.",
    },
}
TAKEN_BUTTON = {"fr": "Pris ✅", "nl": "Genomen ✅"}


def _zone(patient: Patient) -> ZoneInfo:
    return ZoneInfo(patient.timezone)


def defer_for_quiet_hours(patient: Patient, at: dt.datetime) -> dt.datetime:
    """The first instant at or after ``at`` outside the patient's quiet hours."""
    if patient.quiet_start is None or patient.quiet_end is None:
        return at
    local = at.astimezone(_zone(patient))
    start, end, t = patient.quiet_start, patient.quiet_end, local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return at
    end_day = local.date() if t < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(end_day, end).replace(tzinfo=_zone(patient)).astimezone(
        dt.timezone.utc)


def _add(session: Session, reminder: Reminder) -> None:
    if session.scalars(select(Reminder.id).where(Reminder.key == reminder.key)).first():
        return
    try:
        with session.begin_nested():
            session.add(reminder)
    except IntegrityError:  # planned concurrently
        pass


def plan(session: Session, patient: Patient, now: dt.datetime,
         horizon: dt.timedelta = dt.timedelta(hours=26)) -> None:
    """Write the reminders due between now and now + horizon (idempotent)."""
    zone = _zone(patient)
    day = now.astimezone(zone).date()
    last_day = (now + horizon).astimezone(zone).date()
    while day <= last_day:
        for dose in doses.ensure_doses(session, patient, day):
            if now <= dose.scheduled_at <= now + horizon:
                _add(session, Reminder(key=f"dose:{dose.id}", kind="medication",
                                       patient_id=patient.id, dose_id=dose.id,
                                       due_at=dose.scheduled_at))
        day += dt.timedelta(days=1)
    appointments = session.scalars(select(Appointment).where(
        Appointment.patient_id == patient.id, Appointment.cancelled.is_(False),
        Appointment.starts_at > now)).all()
    for appointment in appointments:
        local = appointment.starts_at.astimezone(zone)
        day_before = dt.datetime.combine(local.date() - dt.timedelta(days=1), DAY_BEFORE_AT)
        moments = {
            "day_before": day_before.replace(tzinfo=zone).astimezone(dt.timezone.utc),
            "hours_before": appointment.starts_at - HOURS_BEFORE,
        }
        for label, at in moments.items():
            at = defer_for_quiet_hours(patient, at)
            if now <= at <= now + horizon and at < appointment.starts_at:
                _add(session, Reminder(key=f"appointment:{appointment.id}:{label}",
                                       kind="appointment", patient_id=patient.id,
                                       appointment_id=appointment.id, due_at=at))


def plan_all(session: Session, now: dt.datetime) -> None:
    for patient in session.scalars(select(Patient)):
        plan(session, patient, now)


def _text(session: Session, reminder: Reminder, patient: Patient) -> tuple[str, tuple]:
    lang = patient.language if patient.language in ("fr", "nl") else "fr"
    if reminder.kind == "medication":
        dose = session.get(Dose, reminder.dose_id)
        same_time = session.scalars(select(Dose).where(
            Dose.patient_id == patient.id, Dose.scheduled_at == dose.scheduled_at)).all()
        names = ", ".join(sorted(f"{d.medication.name} ({d.medication.dose_text})"
                                 for d in same_time))
        text = TEXTS["medication"][lang].format(
            name=patient.first_name, medications=names,
            time=format_time(dose.scheduled_at.astimezone(_zone(patient)), lang))
        return text, (QuickReply(TAKEN_BUTTON[lang], "/medication_taken"),)
    appointment = session.get(Appointment, reminder.appointment_id)
    text = TEXTS["appointment"][lang].format(
        name=patient.first_name, with_whom=appointment.with_whom,
        when=format_datetime(appointment.starts_at, lang, patient.timezone),
        where=f", {appointment.location}" if appointment.location else "")
    return text, ()


def _skip(reminder: Reminder, reason: str) -> None:
    reminder.status, reminder.reason = "skipped", reason


def dispatch_due(session: Session, now: dt.datetime) -> list[Reminder]:
    """Send what is due, in order of due time; returns the reminders sent now."""
    due = session.scalars(
        select(Reminder).where(Reminder.status == "planned", Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id).with_for_update(skip_locked=True)
    ).all()
    sent = []
    for reminder in due:
        patient = session.get(Patient, reminder.patient_id)
        if now - reminder.due_at > MISFIRE_GRACE[reminder.kind]:
            _skip(reminder, "too_late")
            continue
        if reminder.kind == "medication":
            dose = session.get(Dose, reminder.dose_id)
            if dose is None or dose.status != doses.PENDING:
                _skip(reminder, "dose_answered")
                continue
        appointment = (session.get(Appointment, reminder.appointment_id)
                       if reminder.kind == "appointment" else None)
        if appointment is not None and appointment.cancelled:
            reminder.status, reminder.reason = "cancelled", "appointment_cancelled"
            continue
        text, buttons = _text(session, reminder, patient)
        try:
            message = outbound.send(session, Recipient(patient.id),
                                    Message(text, f"reminder:{reminder.key}",
                                            quick_replies=buttons))
        except NoChannelError as error:  # opted out everywhere, or no account at all
            _skip(reminder, "no_channel")
            log.info("reminder %s not sent: %s", reminder.key, error)
            continue
        reminder.status, reminder.sent_at, reminder.outbound_id = "sent", utcnow(), message.id
        sent.append(reminder)
    return sent
