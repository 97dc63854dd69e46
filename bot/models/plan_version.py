"""Change tracking for the reminders scheduler: any edit a patient's reminders depend
on raises ``Patient.plan_version`` in the same flush.

Registered by ``track_plan_changes`` on each session factory bot.db builds, so every
session of the project gets the hook while importing ``bot.models`` registers nothing:
a listener on SQLAlchemy's global ``Session`` class would also run in every other
program that happens to import the models (a tool, a migration, a test of something
else).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from bot.models.care import Appointment, Caregiver, Medication, Patient

_PLAN_FIELDS = {
    "timezone", "quiet_start", "quiet_end",
    "appointment_reminder_day_before", "appointment_reminder_hours_before",
}


def track_plan_changes(sessions: sessionmaker[Session]) -> None:
    """Make the sessions of ``sessions`` raise ``plan_version`` on care-plan edits
    (``_mark_plan_changes``). Idempotent."""
    if not event.contains(sessions, "before_flush", _mark_plan_changes):
        event.listen(sessions, "before_flush", _mark_plan_changes)


def _mark_plan_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Whoever edits a care plan (conversation, CLI, file import, console), the
    patient's reminders are re-planned: the edit itself raises ``plan_version`` (an SQL
    increment, so two concurrent edits both count), so no writer can forget to tell
    the scheduler."""
    patient_ids: set[int] = set()
    dirty = session.dirty  # built on every access: once, not once per object
    for obj in (*session.new, *dirty, *session.deleted):
        if isinstance(obj, Medication | Appointment | Caregiver):
            if obj in dirty and not session.is_modified(obj):
                continue
            with session.no_autoflush:
                patient_id = obj.patient_id or (obj.patient.id if obj.patient else None)
            if patient_id is not None:  # else a new patient: planned as such
                patient_ids.add(patient_id)
        elif isinstance(obj, Patient) and obj in dirty:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in _PLAN_FIELDS):
                patient_ids.add(obj.id)
    if not patient_ids:
        return
    with session.no_autoflush:
        for patient_id in patient_ids:
            patient = session.get(Patient, patient_id)
            if patient is not None and patient not in session.deleted:
                patient.plan_version = Patient.plan_version + 1
