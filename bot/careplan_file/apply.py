"""A valid `CarePlan` to the database: the one write path of every care-plan writer (the
`bot careplan import` command, the console's YAML editor and its simple forms, `bot demo
load`), so all of them keep history the same way.

Re-importing a file keeps history. Rows are matched by natural keys (goal kind,
medication name, appointment person and time, caregiver phone, team member name), so a
goal keeps its progress entries and a medication its doses; what disappears from the
file is paused, deactivated or cancelled rather than deleted, except caregivers and
care-team assignments, which the file controls entirely. Nothing is committed here:
the caller's transaction makes an import all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from bot import consent, language_choice
from bot.careplan_file.reader import parse_careplan
from bot.careplan_file.spec import (
    AppointmentSpec,
    CaregiverSpec,
    CarePlan,
    CareTeamMemberSpec,
    GoalSpec,
    MedicationSpec,
    _key,
)
from bot.models import (
    Appointment,
    AuditEntry,
    CareAssignment,
    Caregiver,
    CareTeamMember,
    Dose,
    Goal,
    Medication,
    Patient,
    Team,
    utcnow,
)


def _update(obj: object, values: dict[str, Any]) -> bool:
    """Set only what differs, so an unchanged row gets no UPDATE (and keeps its
    `updated_at`); returns whether anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _team(session: Session, name: str) -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team


def _primary_goals(goals: Iterable[Goal]) -> dict[str, Goal]:
    """The goal a file's kind refers to: the active one, else the latest. Other goals of
    the same kind, made outside files, count as absent from the file."""
    chosen: dict[str, Goal] = {}
    for goal in sorted(goals, key=lambda g: (g.status == "active", g.id or 0)):
        chosen[goal.kind] = goal
    return chosen


def _primary_medications(medications: Iterable[Medication]) -> dict[str, Medication]:
    chosen: dict[str, Medication] = {}
    for med in sorted(medications, key=lambda m: (m.active, m.id or 0)):
        chosen[_key(med.name)] = med
    return chosen


def _primary_appointments(
    appointments: Iterable[Appointment],
) -> dict[tuple[str, dt.datetime], Appointment]:
    chosen: dict[tuple[str, dt.datetime], Appointment] = {}
    for appt in sorted(appointments, key=lambda a: (not a.cancelled, -(a.id or 0))):
        chosen[(_key(appt.with_whom), appt.starts_at)] = appt
    return chosen


def _withdraw_pending_doses(session: Session, med: Medication, now: dt.datetime) -> int:
    """Doses planned from an old schedule must not remind; they are created again from
    the new one when needed. Answered and past doses stay as history."""
    if med.id is None:
        return 0
    # a DELETE's result is a CursorResult; SQLAlchemy 2.0 types it as a plain Result
    result = cast(CursorResult[Any], session.execute(
        delete(Dose).where(
            Dose.medication_id == med.id, Dose.status == "pending", Dose.scheduled_at > now
        )
    ))
    return int(result.rowcount or 0)


def apply_careplan(
    session: Session, plan: CarePlan, actor: str, *, now: dt.datetime | None = None
) -> Patient:
    """Create or update the patient `plan.patient.ref` and everything in the plan, in
    `session` without committing: the caller's transaction makes the import
    all-or-nothing. `now` (aware) decides which absent appointments are in the future."""
    now = now or utcnow()
    spec = plan.patient
    detail: dict[str, Any] = {"source": plan.source}
    team = _team(session, spec.team) if spec.team else None
    values = {
        "first_name": spec.first_name,
        "last_name": spec.last_name,
        "language": spec.language,
        "timezone": spec.timezone,
        "phone": spec.phone,
        "quiet_start": spec.quiet_hours.start if spec.quiet_hours else None,
        "quiet_end": spec.quiet_hours.end if spec.quiet_hours else None,
        "appointment_reminder_day_before": spec.appointment_reminders.day_before,
        "appointment_reminder_hours_before": spec.appointment_reminders.hours_before,
        "team": team,
        "reading_thresholds": plan.thresholds.to_json(),
    }
    patient = session.scalar(select(Patient).where(Patient.external_ref == spec.ref))
    if patient is None:
        patient = Patient(external_ref=spec.ref, **values)
        session.add(patient)
        detail["patient"] = "created"
    else:
        # A language changed by the plan is a choice like the patient's or the
        # console's: audited, the Rasa slot told (bot/language_choice.py).
        language_choice.set_language(session, patient, spec.language, actor=actor,
                                     channel="careplan", reason="careplan")
        detail["patient"] = "updated" if _update(patient, values) else "unchanged"

    detail["care_team"] = _apply_care_team(session, patient, team, plan.care_team)
    consents = consent.caregiver_state(patient.caregivers)
    detail["caregivers"] = _apply_caregivers(patient, plan.caregivers)
    detail["goals"] = _apply_goals(patient, plan.goals)
    detail["medications"] = _apply_medications(session, patient, plan.medications, now)
    detail["appointments"] = _apply_appointments(patient, plan.appointments, now)
    session.flush()
    consent.record_careplan(session, patient, consents, actor=actor)
    session.add(AuditEntry(actor=actor, action="import", entity="careplan",
                           entity_id=patient.id, patient_id=patient.id, detail=detail))
    session.flush()
    return patient


def shared_member_changes(session: Session, plan: CarePlan) -> list[str]:
    """The care-team members this plan would change (role, phone, e-mail, language)
    although they already exist in the team: a member is shared by every patient of
    the team (the GP's phone number is where escalations go for all of them), so a
    nurse editing one patient's plan must not change it; coordinators and admins may
    (the console checks the role). New members and unchanged ones are fine."""
    if plan.patient.team is None:
        return []
    team = session.scalar(select(Team).where(Team.name == plan.patient.team))
    if team is None:
        return []
    members = {_key(m.name): m for m in session.scalars(
        select(CareTeamMember).where(CareTeamMember.team_id == team.id)
        .order_by(CareTeamMember.id.desc()))}
    changed = []
    for spec in plan.care_team:
        member = members.get(_key(spec.name))
        if member is None:
            continue
        wanted = {"role": spec.role, "phone": spec.phone, "email": spec.email,
                  "language": spec.language}
        if any(value is not None and getattr(member, column) != value
               for column, value in wanted.items()):
            changed.append(member.name)
    return changed


def _apply_care_team(
    session: Session, patient: Patient, team: Team | None, specs: Sequence[CareTeamMemberSpec]
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    members: dict[str, CareTeamMember] = {}
    if team is not None:
        query = select(CareTeamMember).where(CareTeamMember.team_id == team.id)
        for member in session.scalars(query.order_by(CareTeamMember.id.desc())):
            members[_key(member.name)] = member  # the oldest wins
    wanted: list[CareTeamMember] = []
    for s in specs:
        found = members.get(_key(s.name))
        if found is None:
            member = CareTeamMember(team=team, name=s.name, role=s.role, phone=s.phone,
                                    email=s.email, language=s.language or patient.language,
                                    active=True)
            session.add(member)
            members[_key(s.name)] = member
            counts["created"] += 1
        else:
            member = found
            values: dict[str, Any] = {"name": s.name, "role": s.role}
            for column, value in (("phone", s.phone), ("email", s.email), ("language", s.language)):
                if value is not None:
                    values[column] = value
            counts["updated" if _update(member, values) else "unchanged"] += 1
        wanted.append(member)
    for member in wanted:
        if not any(a.member is member for a in patient.care_team):
            patient.care_team.append(CareAssignment(member=member))
            counts["assigned"] += 1
    for assignment in list(patient.care_team):
        if not any(assignment.member is member for member in wanted):
            patient.care_team.remove(assignment)
            counts["unassigned"] += 1
    return dict(counts)


def _apply_caregivers(patient: Patient, specs: Sequence[CaregiverSpec]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    existing = {c.phone: c for c in sorted(patient.caregivers, key=lambda c: -(c.id or 0))}
    kept: list[Caregiver] = []
    for s in specs:
        values = {
            "name": s.name,
            "language": s.language,
            "relationship_to_patient": s.relationship,
            "receives_reminders": s.receives_reminders,
            "receives_missed_dose_alerts": s.receives_missed_dose_alerts,
            "may_see_medication_names": s.may_see_medication_names,
        }
        caregiver = existing.get(s.phone)
        if caregiver is None:
            # opted_out_at is not in the file: a STOP sent by SMS outlives re-imports.
            caregiver = Caregiver(phone=s.phone, **values)
            patient.caregivers.append(caregiver)
            counts["created"] += 1
        else:
            counts["updated" if _update(caregiver, values) else "unchanged"] += 1
        kept.append(caregiver)
    for caregiver in list(patient.caregivers):
        if not any(caregiver is k for k in kept):
            patient.caregivers.remove(caregiver)
            counts["deleted"] += 1
    return dict(counts)


def _apply_goals(patient: Patient, specs: Sequence[GoalSpec]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    existing = list(patient.goals)
    primary = _primary_goals(existing)
    matched: list[Goal] = []
    for s in specs:
        values = {
            "target_value": float(s.target),
            "target_unit": s.unit,
            "comparison": s.comparison,
            "days_per_week": s.days_per_week,
            "set_by": s.set_by,
            "status": s.status,
            "start_date": s.start,
            "end_date": s.end,
        }
        goal = primary.get(s.kind)
        if goal is None:
            patient.goals.append(Goal(kind=s.kind, **values))
            counts["created"] += 1
        else:
            counts["updated" if _update(goal, values) else "unchanged"] += 1
            matched.append(goal)
    for goal in existing:
        # Paused, not deleted: its progress history stays. Achieved goals stay achieved.
        if goal.status == "active" and not any(goal is g for g in matched):
            goal.status = "paused"
            counts["paused"] += 1
    return dict(counts)


def _apply_medications(
    session: Session, patient: Patient, specs: Sequence[MedicationSpec], now: dt.datetime
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    existing = list(patient.medications)
    primary = _primary_medications(existing)
    matched: list[Medication] = []
    schedule = ("times", "days_of_week", "start_date", "end_date", "active")
    for s in specs:
        values = {
            "name": s.name,
            "dose_text": s.dose,
            "times": list(s.times),
            "days_of_week": list(s.days) if s.days is not None else None,
            "start_date": s.start,
            "end_date": s.end,
            "active": s.active,
            "pack_size": s.pack_size,
            "stock": s.stock,
        }
        med = primary.get(_key(s.name))
        if med is not None:
            # A plan (a file re-applied, a FHIR import: neither need carry them) that
            # does not set the stock or the pack size keeps what the patient's intakes
            # and refills counted; one that sets them is the care team's correction.
            stock = med.stock if s.stock is None else s.stock
            values["pack_size"] = med.pack_size if s.pack_size is None else s.pack_size
            values["stock"] = stock
            if med.stock is not None and stock is not None and stock > med.stock:
                med.refill_warned_stock = None  # more units: warn again when short
        if med is None:
            patient.medications.append(Medication(**values))
            counts["created"] += 1
            continue
        rescheduled = any(getattr(med, column) != values[column] for column in schedule)
        counts["updated" if _update(med, values) else "unchanged"] += 1
        if rescheduled:
            counts["doses_withdrawn"] += _withdraw_pending_doses(session, med, now)
        matched.append(med)
    for med in existing:
        if med.active and not any(med is m for m in matched):
            med.active = False
            counts["deactivated"] += 1
            counts["doses_withdrawn"] += _withdraw_pending_doses(session, med, now)
    if not counts["doses_withdrawn"]:
        del counts["doses_withdrawn"]
    return dict(counts)


def _apply_appointments(
    patient: Patient, specs: Sequence[AppointmentSpec], now: dt.datetime
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    existing = list(patient.appointments)
    primary = _primary_appointments(existing)
    matched: list[Appointment] = []
    for s in specs:
        values = {
            "with_whom": s.with_whom,
            "location": s.location,
            "notes": s.notes,
            "cancelled": s.cancelled,
        }
        appt = primary.get((_key(s.with_whom), s.starts_at))
        if appt is None:
            patient.appointments.append(Appointment(starts_at=s.starts_at, **values))
            counts["created"] += 1
        else:
            counts["updated" if _update(appt, values) else "unchanged"] += 1
            matched.append(appt)
    for appt in existing:
        # A moved appointment is a new (person, time): the old slot is cancelled. Past
        # ones are history and stay as they were.
        if not appt.cancelled and appt.starts_at > now and not any(appt is a for a in matched):
            appt.cancelled = True
            counts["cancelled"] += 1
    return dict(counts)


def import_careplan(
    session: Session, text: str, actor: str, source: str = "<file>",
    *, now: dt.datetime | None = None,
) -> Patient:
    """Parse then apply: nothing reaches the session unless the whole file is valid."""
    return apply_careplan(session, parse_careplan(text, source), actor, now=now)
