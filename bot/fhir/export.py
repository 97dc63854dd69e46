"""The care database to a FHIR R4 Bundle (R4B models of `fhir.resources`, which build
and validate every resource): the patient, their team (Organization, Practitioner,
PractitionerRole, CareTeam, RelatedPerson for the family caregivers), the care plan
(CarePlan, Goal, MedicationStatement, Appointment), readings and goal progress
(Observation) and open flags (Flag).

What the care-plan file holds comes out exactly as `bot careplan export` sees it (the
same "primary" goal per kind, medication per name, appointment per person and time),
so `importer.py` reads it back into the same plan. Ordering is fixed (file order, then
time and id) and ids are derived from natural keys (`mapping.stable_id`): export,
import, export gives the same JSON.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.appointment import AppointmentParticipant
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.careplan import CarePlan, CarePlanActivity
from fhir.resources.R4B.careteam import CareTeam, CareTeamParticipant
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.dosage import Dosage
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.flag import Flag as FhirFlag
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.goal import GoalTarget
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.patient import PatientCommunication
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.range import Range
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.relatedperson import RelatedPerson, RelatedPersonCommunication
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.timing import Timing, TimingRepeat
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, flags
from bot.careplan_file.apply import (
    _primary_appointments,
    _primary_goals,
    _primary_medications,
)
from bot.careplan_file.spec import WEEKDAYS, _key
from bot.fhir import profiles
from bot.fhir.mapping import (
    full_url,
    language_concept,
    meta,
    reference,
    role_concept,
    stable_id,
)
from bot.gdpr.scope import find_patient
from bot.models import Appointment as DbAppointment
from bot.models import Flag, Goal, Medication, Patient, utcnow

OPEN_FLAG_STATUSES = (flags.OPEN, "acknowledged")


def export_bundle(session: Session, patient_ref: str, *, actor: str,
                  now: dt.datetime | None = None, bundle_type: str = "collection",
                  action: str = "export") -> Bundle:
    """The patient's Bundle, recorded in the audit trail (who, when, how many of each
    resource type) in `session`, like the GDPR export. Raises
    bot.gdpr.UnknownPatientError for an unknown reference."""
    patient = find_patient(session, patient_ref)
    resources = build_resources(session, patient)
    bundle = Bundle(
        id=stable_id("Bundle", patient.external_ref), type=bundle_type,
        timestamp=(now or utcnow()).replace(microsecond=0),
        total=len(resources) if bundle_type == "searchset" else None,
        entry=[BundleEntry(fullUrl=full_url(str(r.id)), resource=r) for r in resources])
    counts = Counter(r.get_resource_type() for r in resources)
    audit.record(session, actor, action, "fhir_bundle", patient_id=patient.id,
                 entity_id=patient.id, detail={"resources": dict(sorted(counts.items()))})
    return bundle


def build_resources(session: Session, patient: Patient) -> list[Resource]:
    ref = patient.external_ref
    zone = ZoneInfo(patient.timezone)
    pid = stable_id("Patient", ref)
    out: list[Resource] = []
    org_id = None
    if patient.team is not None:
        org_id = stable_id("Organization", patient.team.name)
        out.append(Organization(id=org_id, active=True, name=patient.team.name))
    out.append(_patient(patient, pid, org_id))

    participants = []
    for assignment in sorted(patient.care_team, key=lambda a: a.id):
        member = assignment.member
        team = member.team.name if member.team else ""
        doc_id = stable_id("Practitioner", team, _key(member.name))
        role_id = stable_id("PractitionerRole", team, _key(member.name))
        telecom = [ContactPoint(system="phone", value=member.phone, use="work")
                   if member.phone else None,
                   ContactPoint(system="email", value=member.email, use="work")
                   if member.email else None]
        out.append(Practitioner(
            id=doc_id, meta=meta("Practitioner"), active=member.active,
            name=[HumanName(text=member.name)], telecom=[t for t in telecom if t] or None,
            communication=[language_concept(member.language)] if member.language else None))
        concept = role_concept(member.role, patient.language)
        out.append(PractitionerRole(
            id=role_id, meta=meta("PractitionerRole"), active=member.active,
            practitioner=reference(doc_id, member.name),
            organization=reference(org_id) if org_id else None, code=[concept]))
        participants.append(CareTeamParticipant(role=[concept],
                                                member=reference(role_id, member.name)))
    for caregiver in sorted(patient.caregivers, key=lambda c: c.id):
        cg_id = stable_id("RelatedPerson", ref, caregiver.phone)
        out.append(_related_person(caregiver, cg_id, pid))
        participants.append(CareTeamParticipant(
            role=[role_concept("family_caregiver", patient.language)],
            member=reference(cg_id, caregiver.name)))
    team_id = stable_id("CareTeam", ref)
    out.append(CareTeam(
        id=team_id, meta=meta("CareTeam"), status="active",
        name=patient.team.name if patient.team else None, subject=reference(pid),
        participant=participants or None,
        managingOrganization=[reference(org_id)] if org_id else None))

    goal_rows = sorted(_primary_goals(patient.goals).values(), key=lambda g: g.id)
    observations = _observations(session, patient, pid)
    goal_ids = []
    for goal in goal_rows:
        goal_id = stable_id("Goal", ref, goal.kind)
        goal_ids.append(goal_id)
        outcome = [reference(o.id) for o in observations if o.id in _obs_ids(goal, ref)]
        out.append(_goal(goal, goal_id, pid, outcome))
    med_ids = []
    for med in sorted(_primary_medications(patient.medications).values(), key=lambda m: m.id):
        med_id = stable_id("MedicationStatement", ref, _key(med.name))
        med_ids.append(med_id)
        out.append(_medication(med, med_id, pid))
    appt_ids = []
    for appt in sorted(_primary_appointments(patient.appointments).values(),
                       key=lambda a: (a.starts_at, a.id)):
        appt_id = stable_id("Appointment", ref, _key(appt.with_whom), appt.starts_at.isoformat())
        appt_ids.append(appt_id)
        out.append(_appointment(appt, appt_id, pid, zone))
    out.append(CarePlan(
        id=stable_id("CarePlan", ref), meta=meta("CarePlan"), status="active", intent="plan",
        title=f"{patient.first_name} {patient.last_name}", subject=reference(pid),
        careTeam=[reference(team_id)], goal=[reference(g) for g in goal_ids] or None,
        supportingInfo=[reference(m) for m in med_ids] or None,
        activity=[CarePlanActivity(reference=reference(a)) for a in appt_ids] or None))
    out.extend(observations)
    out.extend(_flags(session, patient, pid))
    return out


def _patient(patient: Patient, pid: str, org_id: str | None) -> FhirPatient:
    ext = [Extension(url=profiles.EXT_TIMEZONE, valueCode=patient.timezone)]
    if patient.quiet_start is not None and patient.quiet_end is not None:
        ext.append(Extension(url=profiles.EXT_QUIET_HOURS, extension=[
            Extension(url="start", valueTime=patient.quiet_start),
            Extension(url="end", valueTime=patient.quiet_end)]))
    ext.append(Extension(url=profiles.EXT_APPOINTMENT_REMINDERS, extension=[
        Extension(url="day-before", valueBoolean=patient.appointment_reminder_day_before),
        Extension(url="hours-before", valueInteger=patient.appointment_reminder_hours_before)]))
    return FhirPatient(
        id=pid, meta=meta("Patient"), extension=ext, active=True,
        identifier=[Identifier(use="usual", system=profiles.PATIENT_REF,
                               value=patient.external_ref)],
        name=[HumanName(use="official", family=patient.last_name, given=[patient.first_name])],
        telecom=[ContactPoint(system="phone", value=patient.phone, use="mobile")]
        if patient.phone else None,
        communication=[PatientCommunication(language=language_concept(patient.language),
                                            preferred=True)],
        managingOrganization=reference(org_id) if org_id else None)


def _related_person(caregiver: Any, cg_id: str, pid: str) -> RelatedPerson:
    consent = Extension(url=profiles.EXT_CAREGIVER_CONSENT, extension=[
        Extension(url="receives-reminders", valueBoolean=caregiver.receives_reminders),
        Extension(url="receives-missed-dose-alerts",
                  valueBoolean=caregiver.receives_missed_dose_alerts),
        Extension(url="may-see-medication-names",
                  valueBoolean=caregiver.may_see_medication_names)])
    return RelatedPerson(
        id=cg_id, extension=[consent], active=True, patient=reference(pid),
        name=[HumanName(text=caregiver.name)],
        telecom=[ContactPoint(system="phone", value=caregiver.phone, use="mobile")],
        relationship=[CodeableConcept(text=caregiver.relationship_to_patient)]
        if caregiver.relationship_to_patient else None,
        communication=[RelatedPersonCommunication(
            language=language_concept(caregiver.language), preferred=True)])


def _measure(kind: str) -> CodeableConcept:
    codings = []
    if kind in profiles.GOAL_LOINC:
        code, display = profiles.GOAL_LOINC[kind]
        codings.append(Coding(system=profiles.LOINC, code=code, display=display))
    codings.append(Coding(system=profiles.GOAL_KIND, code=kind))
    return CodeableConcept(coding=codings, text=kind)


def quantity(value: float, unit: str) -> Quantity:
    return Quantity(value=decimal(value), unit=unit, system=profiles.UCUM,
                    code=profiles.UCUM_CODES.get(unit, unit))


def _goal(goal: Goal, goal_id: str, pid: str, outcome: list[Reference]) -> FhirGoal:
    target = quantity(goal.target_value, goal.target_unit)
    at_most = goal.comparison == "at_most"
    detail = Range(high=target) if at_most else Range(low=target)
    sign = "≤" if at_most else "≥"
    return FhirGoal(
        id=goal_id, meta=meta("Goal"),
        extension=[Extension(url=profiles.EXT_DAYS_PER_WEEK, valueInteger=goal.days_per_week)],
        lifecycleStatus=profiles.GOAL_STATUS[goal.status],
        achievementStatus=CodeableConcept(coding=[Coding(
            system=profiles.GOAL_ACHIEVEMENT, code="achieved")])
        if goal.status == "achieved" else None,
        description=CodeableConcept(
            text=f"{goal.kind} {sign} {_number(goal.target_value)} {goal.target_unit}, "
                 f"{goal.days_per_week}/7"),
        subject=reference(pid), startDate=goal.start_date,
        expressedBy=reference(pid) if goal.set_by == "patient" else None,
        target=[GoalTarget(measure=_measure(goal.kind), detailRange=detail,
                           dueDate=goal.end_date)],
        outcomeReference=outcome or None)


def _medication(med: Medication, med_id: str, pid: str) -> MedicationStatement:
    """Shaped like the Belgian medication line: the product as text (we hold no CNK
    code), the period, and one dosage per time of day, each with its own timing."""
    days: list[str | None] | None = (
        [WEEKDAYS[d] for d in med.days_of_week] if med.days_of_week is not None else None)
    dosages = [Dosage(sequence=i + 1, text=med.dose_text, timing=Timing(repeat=TimingRepeat(
        frequency=1, period=Decimal(1), periodUnit="d", timeOfDay=[dt.time.fromisoformat(t)],
        dayOfWeek=days))) for i, t in enumerate(med.times)]
    # A FHIR dateTime may be a day; the model's annotation says datetime only, so the
    # dates go through the model's validation as data rather than as typed arguments.
    period = (Period.model_validate({"start": med.start_date, "end": med.end_date})
              if med.start_date or med.end_date else None)
    return MedicationStatement(
        id=med_id, status="active" if med.active else "stopped",
        medicationCodeableConcept=CodeableConcept(text=med.name), subject=reference(pid),
        effectivePeriod=period, dosage=dosages or None)


def _appointment(appt: DbAppointment, appt_id: str, pid: str, zone: ZoneInfo) -> FhirAppointment:
    start = appt.starts_at.astimezone(zone)
    participants = [
        AppointmentParticipant(actor=reference(pid), status="accepted"),
        AppointmentParticipant(actor=Reference(display=appt.with_whom), status="accepted"),
    ]
    if appt.location:
        participants.append(AppointmentParticipant(
            actor=Reference(type="Location", display=appt.location), status="accepted"))
    return FhirAppointment(
        id=appt_id, status="cancelled" if appt.cancelled else "booked",
        description=appt.with_whom, start=start,
        end=start + dt.timedelta(minutes=profiles.APPOINTMENT_MINUTES),
        comment=appt.notes, participant=participants)


def _obs_ids(goal: Goal, ref: str) -> set[str]:
    return {stable_id("Observation", ref, goal.kind, p.id) for p in goal.progress}


def _observations(session: Session, patient: Patient, pid: str) -> list[Observation]:
    """Every progress entry of every goal: readings (glucose, weight, blood pressure)
    and activity (walking, steps, breathing exercises), oldest first."""
    entries = [(entry, goal) for goal in session.scalars(
        select(Goal).where(Goal.patient_id == patient.id)) for entry in goal.progress]
    entries.sort(key=lambda pair: (pair[0].recorded_at, pair[0].id))
    return [Observation(
        id=stable_id("Observation", patient.external_ref, goal.kind, entry.id), status="final",
        category=[CodeableConcept(coding=[Coding(
            system=profiles.OBSERVATION_CATEGORY,
            code=profiles.OBSERVATION_CATEGORIES[goal.kind])])],
        code=_measure(goal.kind), subject=reference(pid),
        effectiveDateTime=entry.recorded_at.replace(microsecond=0),
        valueQuantity=quantity(entry.value, entry.unit)) for entry, goal in entries]


def _flags(session: Session, patient: Patient, pid: str) -> list[FhirFlag]:
    rows = session.scalars(select(Flag).where(
        Flag.patient_id == patient.id, Flag.status.in_(OPEN_FLAG_STATUSES))
        .order_by(Flag.created_at, Flag.id))
    return [FhirFlag(
        id=stable_id("Flag", patient.external_ref, row.id), status="active",
        extension=[Extension(url=profiles.EXT_FLAG_SEVERITY, valueCode=row.severity)],
        category=[CodeableConcept(coding=[Coding(system=profiles.FLAG_CATEGORY,
                                                 code="clinical")])],
        code=CodeableConcept(coding=[Coding(system=profiles.FLAG_KIND, code=row.kind)],
                             text=row.summary or row.kind),
        subject=reference(pid), period=Period(start=row.created_at.replace(microsecond=0)))
        for row in rows]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def decimal(value: float) -> Decimal:
    """6000 rather than 6000.0, 1.3 rather than 1.300000000000000044..."""
    return Decimal(_number(value))
