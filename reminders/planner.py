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

Planning is set-based: a batch of patients (PLAN_BATCH) costs a fixed handful of
statements, not round trips per patient (see ``plan_batch``). Several schedulers may
plan at once: each takes its patients with ``FOR UPDATE SKIP LOCKED`` (and, with
partitions, only its share), and every write is keyed (ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from bot import doses
from bot.adherence import slot_key
from bot.models import Appointment, Base, Caregiver, Dose, Medication, Patient, Reminder
from reminders.sql import ALL, IDS_PER_IN, Partition, among, chunks, insert_new, table_of

HORIZON = dt.timedelta(hours=26)
SWEEP_EVERY = dt.timedelta(hours=1)  # re-plan unchanged patients this often
DAY_BEFORE_AT = dt.time(18, 0)
PLANNED_KINDS = ("medication", "caregiver_reminder", "appointment")
PLAN_BATCH = 1000  # patients per transaction


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


def expire(session: Session, model: type, ids: Iterable[int]) -> None:
    """Objects of the session that a set-based UPDATE changed behind its back are
    re-read on their next use (callers may hold some: tests, the conversation)."""
    for key in ids:
        obj = session.identity_map.get(identity_key(model, key))
        if obj is not None:
            session.expire(obj)


def _update_ids(session: Session, model: type[Base], ids: list[int], where: list[Any],
                **values: Any) -> None:
    """One UPDATE ... WHERE id IN (...) AND <guards> per chunk of ids."""
    table = table_of(model)
    for part in chunks(ids, IDS_PER_IN):
        session.execute(update(table).where(among(session, table.c.id, part), *where)
                        .values(**values))
    expire(session, model, ids)


@dataclass
class _Window:
    """One patient's planning window: the local days the horizon touches."""

    patient: Patient
    zone: ZoneInfo
    first_day: dt.date
    last_day: dt.date
    day_start: dt.datetime  # the first day's local midnight
    until: dt.datetime  # the local midnight after the last day

    @classmethod
    def of(cls, patient: Patient, now: dt.datetime, horizon: dt.timedelta) -> _Window:
        zone = ZoneInfo(patient.timezone)
        first, last = now.astimezone(zone).date(), (now + horizon).astimezone(zone).date()
        return cls(patient, zone, first, last,
                   dt.datetime.combine(first, dt.time(0), tzinfo=zone),
                   dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone))


def _ensure_doses(session: Session, windows: dict[int, _Window],
                  now: dt.datetime) -> dict[int, list[tuple[dt.datetime, str, int, int]]]:
    """bot.doses.ensure_doses and cancel_unscheduled for a batch of patients: the
    doses of every local day of each window, created when missing (one multi-row
    INSERT, ON CONFLICT DO NOTHING on (medication, time), so a conversation or another
    scheduler creating the same dose wins without an error); doses the schedule has
    again are pending again, pending doses after ``now`` it no longer has are
    cancelled. Returns, per patient, (time, medication name, medication id, dose id)
    sorted as ensure_doses sorts its doses."""
    ids = list(windows)
    # Rows of the columns planning reads, used where a Medication is (doses.planned_times).
    medications: Sequence[Any] = session.execute(select(
        Medication.id, Medication.patient_id, Medication.name, Medication.times,
        Medication.days_of_week, Medication.start_date, Medication.end_date, Medication.active,
    ).where(among(session, Medication.patient_id, ids), Medication.active)
        .order_by(Medication.id)).all()
    wanted: dict[tuple[int, dt.datetime], tuple[int, str]] = {}
    for medication in medications:
        window = windows[medication.patient_id]
        day = window.first_day
        while day <= window.last_day:
            for instant in doses.planned_times(medication, day, window.patient.timezone):
                wanted[(medication.id, instant)] = (medication.patient_id, medication.name)
            day += dt.timedelta(days=1)
    low = min(w.day_start for w in windows.values())
    high = max(w.until for w in windows.values())
    existing = session.execute(select(
        Dose.id, Dose.medication_id, Dose.patient_id, Dose.scheduled_at, Dose.status,
    ).where(among(session, Dose.patient_id, ids), Dose.scheduled_at >= low,
            Dose.scheduled_at < high)).all()
    found = {(d.medication_id, d.scheduled_at): (d.id, d.status) for d in existing}
    missing = [key for key in wanted if key not in found]
    if missing:
        inserted = insert_new(session, table_of(Dose), [
            {"medication_id": medication_id, "patient_id": wanted[(medication_id, at)][0],
             "scheduled_at": at, "status": doses.PENDING} for medication_id, at in missing],
            key=("medication_id", "scheduled_at"),
            returning=("id", "medication_id", "scheduled_at"))
        for row in inserted:
            found[(row.medication_id, row.scheduled_at)] = (row.id, doses.PENDING)
        raced = [key for key in missing if key not in found]
        if raced:  # created by another process since our SELECT
            for row in session.execute(select(
                    Dose.id, Dose.medication_id, Dose.scheduled_at, Dose.status).where(
                    among(session, Dose.medication_id, {m for m, _ in raced}),
                    among(session, Dose.scheduled_at, {at for _, at in raced}))):
                found.setdefault((row.medication_id, row.scheduled_at), (row.id, row.status))
    planned: dict[int, list[tuple[dt.datetime, str, int, int]]] = {pid: [] for pid in ids}
    again, keep = [], set()
    for (medication_id, at), (patient_id, name) in wanted.items():
        dose_id, status = found[(medication_id, at)]
        if status == doses.CANCELLED:  # the schedule has it again
            again.append(dose_id)
        keep.add(dose_id)
        planned[patient_id].append((at, name, medication_id, dose_id))
    if again:
        _update_ids(session, Dose, again, [Dose.__table__.c.status == doses.CANCELLED],
                    status=doses.PENDING)
    stale = [d.id for d in existing if d.status == doses.PENDING and d.id not in keep
             and now < d.scheduled_at < windows[d.patient_id].until]
    if stale:
        _update_ids(session, Dose, stale, [Dose.__table__.c.status == doses.PENDING],
                    status=doses.CANCELLED)
    for items in planned.values():
        items.sort(key=lambda item: (item[0], item[1], item[2]))
    return planned


def _wanted(session: Session, windows: dict[int, _Window], now: dt.datetime,
            horizon: dt.timedelta) -> dict[int, dict[str, Wanted]]:
    """Per patient of the batch, the reminders the care plan calls for, by key."""
    ids = list(windows)
    caregivers: dict[int, list[int]] = {pid: [] for pid in ids}
    for caregiver_id, patient_id in session.execute(select(
            Caregiver.id, Caregiver.patient_id).where(
            among(session, Caregiver.patient_id, ids), Caregiver.receives_reminders.is_(True),
            Caregiver.opted_out_at.is_(None)).order_by(Caregiver.id)):
        caregivers[patient_id].append(caregiver_id)
    wanted: dict[int, dict[str, Wanted]] = {pid: {} for pid in ids}

    # Medication: one reminder per time slot, covering every dose of that instant.
    for patient_id, items in _ensure_doses(session, windows, now).items():
        slots: dict[dt.datetime, int] = {}
        for at, _name, _medication_id, dose_id in items:
            if now <= at <= now + horizon:
                slots.setdefault(at, dose_id)
        mine = wanted[patient_id]
        for at, dose_id in slots.items():
            key = slot_key(patient_id, at)
            mine[key] = Wanted("medication", at, dose_id=dose_id)
            for caregiver_id in caregivers[patient_id]:
                mine[f"{key}:cg:{caregiver_id}"] = Wanted(
                    "caregiver_reminder", at, dose_id=dose_id, caregiver_id=caregiver_id)

    # Appointments: the evening before and a few hours before, out of quiet hours.
    appointments = session.execute(select(
        Appointment.id, Appointment.patient_id, Appointment.starts_at).where(
        among(session, Appointment.patient_id, ids), Appointment.cancelled.is_(False),
        Appointment.starts_at > now).order_by(Appointment.id)).all()
    for appointment_id, patient_id, starts_at in appointments:
        window = windows[patient_id]
        patient = window.patient
        local = starts_at.astimezone(window.zone)
        moments = {}
        if patient.appointment_reminder_day_before:
            evening = dt.datetime.combine(local.date() - dt.timedelta(days=1), DAY_BEFORE_AT)
            moments["day_before"] = evening.replace(tzinfo=window.zone).astimezone(dt.timezone.utc)
        if patient.appointment_reminder_hours_before:
            moments["hours_before"] = starts_at - dt.timedelta(
                hours=patient.appointment_reminder_hours_before)
        for label, at in moments.items():
            at = defer_for_quiet_hours(patient, at)
            if not (now <= at <= now + horizon and at < starts_at):
                continue
            key = f"appointment:{appointment_id}:{label}"
            wanted[patient_id][key] = Wanted("appointment", at, appointment_id=appointment_id)
            for caregiver_id in caregivers[patient_id]:
                wanted[patient_id][f"{key}:cg:{caregiver_id}"] = Wanted(
                    "appointment", at, appointment_id=appointment_id, caregiver_id=caregiver_id)
    return wanted


def plan_batch(session: Session, patients: Sequence[Patient], now: dt.datetime,
               horizon: dt.timedelta = HORIZON) -> None:
    """Bring the reminders of a batch of patients for [now, now + horizon] in line with
    their plans, in a fixed number of statements whatever the batch's size: a few
    SELECTs (medications, doses, caregivers, appointments, the planned reminders), the
    wanted reminders computed in Python, one multi-row INSERT ... ON CONFLICT DO
    NOTHING on the reminder key (a key already used, sent or skipped, is never planned
    again) and set-based UPDATEs for what changed or was taken back."""
    session.flush()  # the caller's pending edits are part of the plan
    for part in chunks(list(patients), IDS_PER_IN):
        _plan_part(session, part, now, horizon)


def _plan_part(session: Session, patients: Sequence[Patient], now: dt.datetime,
               horizon: dt.timedelta) -> None:
    windows = {p.id: _Window.of(p, now, horizon) for p in patients}
    wanted = _wanted(session, windows, now, horizon)
    existing = session.execute(select(
        Reminder.id, Reminder.patient_id, Reminder.key, Reminder.status, Reminder.due_at,
        Reminder.dose_id).where(
        among(session, Reminder.patient_id, windows), Reminder.kind.in_(PLANNED_KINDS),
        or_(Reminder.status == "planned", Reminder.reason == "care_plan_changed"),
        Reminder.due_at > now - dt.timedelta(days=1))).all()
    taken_back: list[int] = []
    changed: list[dict[str, Any]] = []
    known: set[str] = set()
    for row in existing:
        known.add(row.key)
        want = wanted[row.patient_id].get(row.key)
        if want is None:
            if row.status == "planned" and row.due_at > now:
                taken_back.append(row.id)
            continue
        # still wanted: moved, or the plan has it again after a change took it back
        if (row.status, row.due_at, row.dose_id) != ("planned", want.due_at, want.dose_id):
            changed.append({"b_id": row.id, "b_due_at": want.due_at, "b_dose_id": want.dose_id})
    table = table_of(Reminder)
    if taken_back:  # only rows still waiting: one sent meanwhile stays sent
        _update_ids(session, Reminder, taken_back, [table.c.status == "planned"],
                    status="cancelled", reason="care_plan_changed")
    if changed:
        session.execute(update(table).where(
            table.c.id == bindparam("b_id"),
            or_(table.c.status == "planned", table.c.status == "cancelled"),
        ).values(status="planned", reason=None, due_at=bindparam("b_due_at"),
                 dose_id=bindparam("b_dose_id")), changed)
        expire(session, Reminder, [c["b_id"] for c in changed])
    insert_new(session, table, [
        {"key": key, "kind": want.kind, "patient_id": patient_id, "dose_id": want.dose_id,
         "appointment_id": want.appointment_id, "caregiver_id": want.caregiver_id,
         "due_at": want.due_at, "status": "planned"}
        for patient_id, mine in wanted.items() for key, want in mine.items()
        if key not in known], key=("key",))


def plan(session: Session, patient: Patient, now: dt.datetime,
         horizon: dt.timedelta = HORIZON) -> None:
    """Bring the patient's reminders for [now, now + horizon] in line with the plan."""
    plan_batch(session, [patient], now, horizon)


def _mine(query: Any, partition: Partition) -> Any:
    mine = partition.where(Patient.id)
    return query if mine is None else query.where(mine)


_PLANNED_FROM = (Patient.id, Patient.timezone, Patient.quiet_start, Patient.quiet_end,
                 Patient.appointment_reminder_day_before,
                 Patient.appointment_reminder_hours_before)


def plan_changed(session: Session, now: dt.datetime, limit: int = PLAN_BATCH,
                 partition: Partition = ALL) -> int:
    """Re-plan a batch of patients (those whose plan changed first, then the
    stalest); returns how many (0 when all are up to date).

    Two queries, each on its own index (bot/models/care.py, Patient): the patients whose
    plan changed since they were planned (or were never planned), on a partial index
    that holds only them; then, to fill the batch, those planned over SWEEP_EVERY
    ago, oldest first, on (reminders_planned_at, id). One ``changed OR stale`` had no
    index to use: every batch scanned and sorted the whole table (0.2 s a batch at
    100,000 patients).

    The patients are taken ``FOR UPDATE SKIP LOCKED``: another scheduler takes other
    ones, and an edit (which raises ``plan_version`` with an UPDATE of the patient's
    row) waits for this transaction, so the version recorded as planned is the one
    read here; an edit committed after it raises the version again and the patient
    is planned again on the next tick."""
    # Rows of _PLANNED_FROM, used where a Patient is (plan_batch reads these columns).
    patients: list[Any] = list(session.execute(_mine(
        select(*_PLANNED_FROM)
        .where(Patient.planned_version.is_distinct_from(Patient.plan_version))
        .order_by(Patient.id).limit(limit).with_for_update(skip_locked=True),
        partition)).all())
    if len(patients) < limit:
        taken = {p.id for p in patients}
        stale = session.execute(_mine(
            select(*_PLANNED_FROM)
            .where(Patient.reminders_planned_at < now - SWEEP_EVERY)
            .order_by(Patient.reminders_planned_at, Patient.id)
            .limit(limit - len(patients)).with_for_update(skip_locked=True),
            partition)).all()
        patients += [p for p in stale if p.id not in taken]  # changed and stale: once
    if not patients:
        return 0
    plan_batch(session, patients, now)
    ids = [p.id for p in patients]
    table = table_of(Patient)
    for part in chunks(ids, IDS_PER_IN):
        session.execute(update(table).where(among(session, table.c.id, part)).values(
            planned_version=table.c.plan_version, reminders_planned_at=now))
    expire(session, Patient, ids)
    return len(patients)
