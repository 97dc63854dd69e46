"""Which reminders a patient's care plan calls for, written down ahead of time.

Planning reads the care plan (doses, appointments, caregivers' consent) for the
coming hours and writes one ``Reminder`` row per reminder, keyed so that re-planning
finds the same row: planning twice, or in two processes, never creates a second
reminder. Re-planning also takes back what the plan no longer has (a changed time, a
stopped medication, a cancelled appointment) before it is sent.

A patient is re-planned when their plan changed (``Patient.plan_version``, raised by
every edit) and at least hourly for the moving horizon; nothing re-reads all patients
on every tick. Everything takes ``now`` as an argument: the scheduler passes the
clock, tests pass any instant (DST nights included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import doses
from bot.adherence import slot_key
from bot.models import Appointment, Caregiver, Dose, Patient, Reminder

HORIZON = dt.timedelta(hours=26)
SWEEP_EVERY = dt.timedelta(hours=1)  # re-plan unchanged patients this often
DAY_BEFORE_AT = dt.time(18, 0)
PLANNED_KINDS = ("medication", "caregiver_reminder", "appointment")


def defer_for_quiet_hours(patient: Patient, at: dt.datetime) -> dt.datetime:
    """The first instant at or after ``at`` outside the patient's quiet hours."""
    if patient.quiet_start is None or patient.quiet_end is None:
        return at
    zone = ZoneInfo(patient.timezone)
    local = at.astimezone(zone)
    start, end, t = patient.quiet_start, patient.quiet_end, local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return at
    end_day = local.date() if t < end else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(end_day, end).replace(tzinfo=zone).astimezone(dt.timezone.utc)


@dataclass(frozen=True)
class Wanted:
    kind: str
    due_at: dt.datetime
    dose_id: int | None = None
    appointment_id: int | None = None
    caregiver_id: int | None = None


def _wanted(session: Session, patient: Patient, now: dt.datetime,
            horizon: dt.timedelta) -> dict[str, Wanted]:
    zone = ZoneInfo(patient.timezone)
    caregivers = [c for c in session.scalars(select(Caregiver).where(
        Caregiver.patient_id == patient.id)) if c.receives_reminders and c.opted_out_at is None]
    wanted: dict[str, Wanted] = {}

    # Medication: one reminder per time slot, covering every dose of that instant.
    day, last_day = now.astimezone(zone).date(), (now + horizon).astimezone(zone).date()
    planned: list[Dose] = []
    while day <= last_day:
        planned += doses.ensure_doses(session, patient, day)
        day += dt.timedelta(days=1)
    until = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    doses.cancel_unscheduled(session, patient, planned, after=now, until=until)
    slots: dict[dt.datetime, Dose] = {}
    for dose in planned:
        if now <= dose.scheduled_at <= now + horizon:
            slots.setdefault(dose.scheduled_at, dose)
    for at, first in slots.items():
        key = slot_key(patient.id, at)
        wanted[key] = Wanted("medication", at, dose_id=first.id)
        for caregiver in caregivers:
            wanted[f"{key}:cg:{caregiver.id}"] = Wanted(
                "caregiver_reminder", at, dose_id=first.id, caregiver_id=caregiver.id)

    # Appointments: the evening before and a few hours before, out of quiet hours.
    appointments = session.scalars(select(Appointment).where(
        Appointment.patient_id == patient.id, Appointment.cancelled.is_(False),
        Appointment.starts_at > now)).all()
    for appointment in appointments:
        local = appointment.starts_at.astimezone(zone)
        moments = {}
        if patient.appointment_reminder_day_before:
            evening = dt.datetime.combine(local.date() - dt.timedelta(days=1), DAY_BEFORE_AT)
            moments["day_before"] = evening.replace(tzinfo=zone).astimezone(dt.timezone.utc)
        if patient.appointment_reminder_hours_before:
            moments["hours_before"] = appointment.starts_at - dt.timedelta(
                hours=patient.appointment_reminder_hours_before)
        for label, at in moments.items():
            at = defer_for_quiet_hours(patient, at)
            if not (now <= at <= now + horizon and at < appointment.starts_at):
                continue
            key = f"appointment:{appointment.id}:{label}"
            wanted[key] = Wanted("appointment", at, appointment_id=appointment.id)
            for caregiver in caregivers:
                wanted[f"{key}:cg:{caregiver.id}"] = Wanted(
                    "appointment", at, appointment_id=appointment.id,
                    caregiver_id=caregiver.id)
    return wanted


def plan(session: Session, patient: Patient, now: dt.datetime,
         horizon: dt.timedelta = HORIZON) -> None:
    """Bring the patient's reminders for [now, now + horizon] in line with the plan."""
    wanted = _wanted(session, patient, now, horizon)
    existing = {r.key: r for r in session.scalars(select(Reminder).where(
        Reminder.patient_id == patient.id, Reminder.kind.in_(PLANNED_KINDS),
        or_(Reminder.status == "planned", Reminder.reason == "care_plan_changed"),
        Reminder.due_at > now - dt.timedelta(days=1)))}
    for key, reminder in existing.items():
        if key not in wanted and reminder.status == "planned" and reminder.due_at > now:
            reminder.status, reminder.reason = "cancelled", "care_plan_changed"
    new = [key for key in wanted if key not in existing]
    done = set(session.scalars(select(Reminder.key).where(Reminder.key.in_(new)))) if new else ()
    for key, want in wanted.items():
        reminder = existing.get(key)
        if reminder is not None:
            if reminder.status == "cancelled":  # the plan has it again
                reminder.status, reminder.reason = "planned", None
            reminder.due_at, reminder.dose_id = want.due_at, want.dose_id
            continue
        if key in done:
            continue  # already sent or skipped: never again
        session.add(Reminder(key=key, kind=want.kind, patient_id=patient.id,
                             dose_id=want.dose_id, appointment_id=want.appointment_id,
                             caregiver_id=want.caregiver_id, due_at=want.due_at))
    session.flush()


def needing_plan(session: Session, now: dt.datetime, limit: int = 200) -> list[Patient]:
    """Patients whose plan changed since they were planned, then the stalest ones."""
    return list(session.scalars(
        select(Patient).where(or_(
            Patient.planned_version.is_(None),
            Patient.planned_version != Patient.plan_version,
            Patient.reminders_planned_at < now - SWEEP_EVERY,
        )).order_by(Patient.reminders_planned_at.asc().nulls_first(), Patient.id)
        .limit(limit).with_for_update(skip_locked=True)))


def plan_changed(session: Session, now: dt.datetime, limit: int = 200) -> int:
    """Re-plan a batch of patients; returns how many (0 when all are up to date)."""
    patients = needing_plan(session, now, limit)
    for patient in patients:
        version = patient.plan_version
        plan(session, patient, now)
        patient.planned_version, patient.reminders_planned_at = version, now
    return len(patients)

