"""A FHIR Bundle onto the care plan, through the care-plan file's own validator and
apply path, so a Bundle obeys exactly the rules a YAML file does (plausible targets,
mobile numbers for caregivers, one goal per kind, all problems at once...).

The Bundle is first validated by `fhir.resources` (structure, types, required
elements), then mapped, element by element, to the care-plan file's structure while
remembering where each value came from; `parse_careplan` validates that, and each of
its problems is reported at the Bundle path it came from
(`Bundle.entry[3].resource.dosage[0].timing`). Nothing is written unless the whole
Bundle is valid, and then `apply_careplan` writes it in the caller's transaction.

What a care plan does not hold is read but not applied: Observations (readings and
progress come from the patient), Flags (raised by the service), the CarePlan's own
list of references.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError
from sqlalchemy.orm import Session

from bot import audit
from bot.careplan_file import CarePlan, CarePlanFileError, apply_careplan, parse_careplan
from bot.careplan_file.spec import DEFAULT_TIMEZONE, WEEKDAYS
from bot.fhir import profiles
from bot.fhir.mapping import (
    code_of,
    date_of,
    extension_of,
    hhmm_of,
    language_of,
    name_of,
    role_of,
    sub_extension,
    telecom_of,
)
from bot.models import Patient


@dataclass(frozen=True)
class BundleProblem:
    path: str  # Bundle.entry[3].resource.dosage[0].timing
    message: str


class BundleImportError(ValueError):
    """A Bundle that cannot be imported: one line per problem, `source: path: message`."""

    def __init__(self, source: str, problems: Iterable[BundleProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{source}: {p.path}: {p.message}" for p in self.problems))


def _loc(loc: tuple[int | str, ...]) -> str:
    path = "Bundle"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def parse_bundle(text: str, source: str = "<bundle>") -> Bundle:
    """The Bundle, validated by the library; every structural problem at once."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleImportError(source, [BundleProblem(
            "Bundle", f"not JSON (line {error.lineno}: {error.msg})")]) from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise BundleImportError(source, [BundleProblem("Bundle", "resourceType must be Bundle")])
    try:
        return Bundle.model_validate(data)
    except ValidationError as error:
        raise BundleImportError(source, [BundleProblem(_loc(e["loc"]), e["msg"])
                                         for e in error.errors()]) from None


class _Mapper:
    """Bundle -> the care-plan file's structure, with where each value came from."""

    def __init__(self, bundle: Bundle) -> None:
        self.entries: list[tuple[str, Resource]] = []
        self.by_ref: dict[str, tuple[str, Resource]] = {}
        for i, entry in enumerate(bundle.entry or []):
            if entry.resource is None:
                continue
            path = f"Bundle.entry[{i}].resource"
            resource = entry.resource
            self.entries.append((path, resource))
            if entry.fullUrl:
                self.by_ref[entry.fullUrl] = (path, resource)
            if resource.id:
                self.by_ref[f"{resource.get_resource_type()}/{resource.id}"] = (path, resource)
        self.where: dict[str, str] = {}
        self.problems: list[BundleProblem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(BundleProblem(path, message))

    def of_type(self, kind: str) -> list[tuple[str, Any]]:
        return [(p, r) for p, r in self.entries if r.get_resource_type() == kind]

    def resolve(self, ref: Any) -> tuple[str, Any] | None:
        if ref is None or not ref.reference:
            return None
        return self.by_ref.get(ref.reference)

    def put(self, item: dict[str, Any], plan_path: str, key: str, value: Any,
            fhir_path: str) -> None:
        if value is None:
            return
        item[key] = value
        self.where[f"{plan_path}.{key}" if plan_path else key] = fhir_path

    def fhir_path(self, plan_path: str) -> str:
        """The Bundle path of a care-plan path, or of its nearest mapped parent."""
        probe = plan_path
        while probe:
            if probe in self.where:
                return self.where[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return "Bundle"


def bundle_to_plan(text: str, source: str = "<bundle>") -> CarePlan:
    """The care plan a Bundle holds, validated like a care-plan file; raises
    BundleImportError naming every problem by its Bundle path."""
    bundle = parse_bundle(text, source)
    m = _Mapper(bundle)
    patients = m.of_type("Patient")
    if len(patients) != 1:
        raise BundleImportError(source, [BundleProblem(
            "Bundle.entry", f"needs exactly one Patient (found {len(patients)})")])
    path, patient = patients[0]
    subject = {f"urn:uuid:{patient.id}", f"Patient/{patient.id}"} | {
        full for full, (p, _) in m.by_ref.items() if p == path}
    doc: dict[str, Any] = {"version": 1}
    person: dict[str, Any] = {}
    zone = _patient(m, path, patient, person)
    doc["patient"] = person
    doc["care_team"] = _care_team(m, subject)
    doc["caregivers"] = _caregivers(m, subject)
    doc["goals"] = _goals(m, subject)
    doc["medications"] = _medications(m, subject)
    doc["appointments"] = _appointments(m, subject, zone)
    # The care-plan validator runs even when mapping found problems, so one run names
    # them all; a problem of its on an element the mapping already named is left out.
    text_yaml = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    try:
        plan = parse_careplan(text_yaml, source)
    except CarePlanFileError as error:
        seen = [p.path for p in m.problems]
        for problem in error.problems:
            path = m.fhir_path(problem.path)
            if not any(path.startswith(s) or s.startswith(path) for s in seen):
                m.problems.append(BundleProblem(path, problem.message))
    if m.problems:
        raise BundleImportError(source, m.problems)
    return plan


def _patient(m: _Mapper, path: str, patient: Any, person: dict[str, Any]) -> ZoneInfo:
    for k, identifier in enumerate(patient.identifier or []):
        if identifier.system == profiles.PATIENT_REF:
            m.put(person, "patient", "ref", identifier.value, f"{path}.identifier[{k}].value")
    if "ref" not in person:
        m.problem(f"{path}.identifier",
                  f"needs our patient reference (system {profiles.PATIENT_REF})")
    for k, name in enumerate(patient.name or []):
        if name.use in (None, "official", "usual"):
            m.put(person, "patient", "first_name", " ".join(name.given or []) or None,
                  f"{path}.name[{k}].given")
            m.put(person, "patient", "last_name", name.family, f"{path}.name[{k}].family")
            break
    for k, comm in enumerate(patient.communication or []):
        if comm.preferred or k == len(patient.communication) - 1:
            m.put(person, "patient", "language", language_of(comm.language),
                  f"{path}.communication[{k}].language")
            break
    zone_name = DEFAULT_TIMEZONE
    if (found := extension_of(patient, profiles.EXT_TIMEZONE)) is not None:
        zone_name = found[1].valueCode
        m.put(person, "patient", "timezone", zone_name, f"{path}.extension[{found[0]}]")
    if (phone := telecom_of(patient.telecom, "phone")) is not None:
        m.put(person, "patient", "phone", phone[1], f"{path}.telecom[{phone[0]}].value")
    if (found := extension_of(patient, profiles.EXT_QUIET_HOURS)) is not None:
        k, ext = found
        start, end = sub_extension(ext, "start"), sub_extension(ext, "end")
        quiet = {"start": hhmm_of(start.valueTime) if start else None,
                 "end": hhmm_of(end.valueTime) if end else None}
        m.put(person, "patient", "quiet_hours", {q: v for q, v in quiet.items() if v},
              f"{path}.extension[{k}]")
    if (found := extension_of(patient, profiles.EXT_APPOINTMENT_REMINDERS)) is not None:
        k, ext = found
        day, hours = sub_extension(ext, "day-before"), sub_extension(ext, "hours-before")
        reminders = {"day_before": day.valueBoolean if day else None,
                     "hours_before": hours.valueInteger if hours else None}
        m.put(person, "patient", "appointment_reminders",
              {r: v for r, v in reminders.items() if v is not None}, f"{path}.extension[{k}]")
    if (org := m.resolve(patient.managingOrganization)) is not None:
        m.put(person, "patient", "team", org[1].name, f"{org[0]}.name")
    try:
        return ZoneInfo(zone_name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)  # the reader reports the zone itself


def _refers(ref: Any, subject: set[str]) -> bool:
    return ref is not None and ref.reference in subject


def _care_team(m: _Mapper, subject: set[str]) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = []
    for team_path, team in m.of_type("CareTeam"):
        if not _refers(team.subject, subject):
            continue
        for k, participant in enumerate(team.participant or []):
            target = m.resolve(participant.member)
            if target is None or target[1].get_resource_type() not in (
                    "PractitionerRole", "Practitioner"):
                continue  # caregivers come from their RelatedPerson, others are not ours
            role_path, role_res = target
            concepts = list(participant.role or [])
            doc_path, doctor = target
            if role_res.get_resource_type() == "PractitionerRole":
                concepts += list(role_res.code or [])
                found = m.resolve(role_res.practitioner)
                if found is None:
                    m.problem(f"{role_path}.practitioner", "must reference a Practitioner "
                              "in the Bundle")
                    continue
                doc_path, doctor = found
            at = f"care_team[{len(members)}]"
            item: dict[str, Any] = {}
            m.where[at] = f"{team_path}.participant[{k}]"
            m.put(item, at, "name", name_of(doctor.name), f"{doc_path}.name")
            m.put(item, at, "role", role_of(concepts), f"{team_path}.participant[{k}].role")
            if (phone := telecom_of(doctor.telecom, "phone")) is not None:
                m.put(item, at, "phone", phone[1], f"{doc_path}.telecom[{phone[0]}].value")
            if (email := telecom_of(doctor.telecom, "email")) is not None:
                m.put(item, at, "email", email[1], f"{doc_path}.telecom[{email[0]}].value")
            if doctor.communication:
                m.put(item, at, "language", language_of(doctor.communication[0]),
                      f"{doc_path}.communication[0]")
            members.append(item)
        break  # one care team per patient
    return members


def _section(m: _Mapper, out: list[dict[str, Any]], kind: str, section: str,
             belongs: Callable[[Any], bool]) -> Iterator[tuple[str, Any, str]]:
    """The resources of `kind` that are the patient's, each with its Bundle path and
    the care-plan path of the item it becomes (`goals[2]`: the next one in `out`)."""
    for path, resource in m.of_type(kind):
        if belongs(resource):
            at = f"{section}[{len(out)}]"
            m.where[at] = path
            yield path, resource, at


def _caregivers(m: _Mapper, subject: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path, person, at in _section(m, out, "RelatedPerson", "caregivers",
                                     lambda r: _refers(r.patient, subject)):
        item: dict[str, Any] = {}
        m.put(item, at, "name", name_of(person.name), f"{path}.name")
        if (phone := telecom_of(person.telecom, "phone")) is not None:
            m.put(item, at, "phone", phone[1], f"{path}.telecom[{phone[0]}].value")
        if person.communication:
            m.put(item, at, "language", language_of(person.communication[0].language),
                  f"{path}.communication[0].language")
        if person.relationship:
            m.put(item, at, "relationship", person.relationship[0].text,
                  f"{path}.relationship[0].text")
        consent = extension_of(person, profiles.EXT_CAREGIVER_CONSENT)
        for key in ("receives_reminders", "receives_missed_dose_alerts",
                    "may_see_medication_names"):
            sub = sub_extension(consent[1], key.replace("_", "-")) if consent else None
            where = f"{path}.extension[{consent[0]}]" if consent else f"{path}.extension"
            m.where[f"{at}.{key}"] = where  # required: the reader names it if absent
            if sub is not None:
                m.put(item, at, key, sub.valueBoolean, where)
        out.append(item)
    return out


def _goals(m: _Mapper, subject: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    kinds = {code: kind for kind, (code, _) in profiles.GOAL_LOINC.items()}
    units = {code: unit for unit, code in profiles.UCUM_CODES.items()}
    for path, goal, at in _section(m, out, "Goal", "goals",
                                   lambda r: _refers(r.subject, subject)):
        item: dict[str, Any] = {}
        if not goal.target:
            m.problem(f"{path}.target", "needs a target (measure and value)")
            continue
        target = goal.target[0]
        tpath = f"{path}.target[0]"
        kind = code_of(target.measure, profiles.GOAL_KIND) or kinds.get(
            code_of(target.measure, profiles.LOINC) or "")
        if kind is None:
            m.problem(f"{tpath}.measure", "no goal kind we follow (our goal-kind code or "
                      f"LOINC {', '.join(sorted(kinds))})")
            continue
        m.put(item, at, "kind", kind, f"{tpath}.measure")
        quantity, comparison = None, "at_least"
        if target.detailRange is not None:
            low, high = target.detailRange.low, target.detailRange.high
            quantity, comparison = (high, "at_most") if high is not None and low is None \
                else (low, "at_least")
            qpath = f"{tpath}.detailRange." + ("high" if comparison == "at_most" else "low")
        elif target.detailQuantity is not None:
            quantity = target.detailQuantity
            comparison = "at_most" if quantity.comparator in ("<", "<=") else "at_least"
            qpath = f"{tpath}.detailQuantity"
        if quantity is None or quantity.value is None:
            m.problem(f"{tpath}.detail[x]", "needs a value (detailRange.low for at least, "
                      "detailRange.high for at most, or detailQuantity)")
            continue
        m.put(item, at, "target", float(quantity.value), f"{qpath}.value")
        unit = quantity.unit if quantity.unit in profiles.UCUM_CODES else units.get(
            quantity.code or "", quantity.unit)
        m.put(item, at, "unit", unit, f"{qpath}.unit")
        m.put(item, at, "comparison", comparison, qpath)
        if (days := extension_of(goal, profiles.EXT_DAYS_PER_WEEK)) is not None:
            m.put(item, at, "days_per_week", days[1].valueInteger,
                  f"{path}.extension[{days[0]}]")
        m.put(item, at, "set_by", "patient" if _refers(goal.expressedBy, subject)
              else "care_team", f"{path}.expressedBy")
        status = profiles.GOAL_STATUS_BACK.get(goal.lifecycleStatus or "")
        if status is None:
            m.problem(f"{path}.lifecycleStatus", f"'{goal.lifecycleStatus}' has no counterpart "
                      "here (active, on-hold, completed)")
            continue
        m.put(item, at, "status", status, f"{path}.lifecycleStatus")
        m.put(item, at, "start", date_of(goal.startDate), f"{path}.startDate")
        m.put(item, at, "end", date_of(target.dueDate), f"{tpath}.dueDate")
        out.append(item)
    return out


_ACTIVE = {"active": True, "intended": True, "on-hold": True, "stopped": False,
           "completed": False, "not-taken": False}


def _medications(m: _Mapper, subject: set[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path, med, at in _section(m, out, "MedicationStatement", "medications",
                                  lambda r: _refers(r.subject, subject)):
        item: dict[str, Any] = {}
        concept = med.medicationCodeableConcept
        name = (concept.text or next((c.display for c in concept.coding or [] if c.display),
                                     None)) if concept else None
        m.put(item, at, "name", name, f"{path}.medicationCodeableConcept.text")
        if name is None:
            m.problem(f"{path}.medication[x]", "needs the product as medicationCodeableConcept "
                      "with a text or a display")
        times: list[str] = []
        dose, days, timed = None, None, False
        for k, dosage in enumerate(med.dosage or []):
            dpath = f"{path}.dosage[{k}]"
            if k > 0 and dosage.text != dose:
                m.problem(f"{dpath}.text", f"'{dosage.text}' differs from dosage[0].text "
                          f"'{dose}' (one dose per medication here)")
            dose = dosage.text if k == 0 else dose
            repeat = dosage.timing.repeat if dosage.timing else None
            if repeat is None or not repeat.timeOfDay:
                m.problem(f"{dpath}.timing", "needs a time of day (timing.repeat.timeOfDay): "
                          "reminders are sent at it")
                continue
            these = [str(d) for d in repeat.dayOfWeek] if repeat.dayOfWeek else None
            if timed and these != days:
                m.problem(f"{dpath}.timing.repeat.dayOfWeek", "differs from the first "
                          "dosage's days (one schedule per medication here)")
            days = these if not timed else days
            timed = True
            for n, time in enumerate(repeat.timeOfDay):
                m.where[f"{at}.times[{len(times)}]"] = f"{dpath}.timing.repeat.timeOfDay[{n}]"
                times.append(hhmm_of(time) or "")
        if not med.dosage:
            m.problem(f"{path}.dosage", "needs at least one dosage with a time of day")
        m.put(item, at, "dose", dose, f"{path}.dosage[0].text")
        m.where[f"{at}.times"] = f"{path}.dosage"
        item["times"] = times
        if days is not None:
            m.put(item, at, "days", [d for d in WEEKDAYS if d in days],
                  f"{path}.dosage[0].timing.repeat.dayOfWeek")
        period = med.effectivePeriod
        if period is not None:
            m.put(item, at, "start", date_of(period.start), f"{path}.effectivePeriod.start")
            m.put(item, at, "end", date_of(period.end), f"{path}.effectivePeriod.end")
        if med.status not in _ACTIVE:
            m.problem(f"{path}.status", f"'{med.status}' is not a medication being taken or "
                      f"stopped ({', '.join(_ACTIVE)})")
        item["active"] = _ACTIVE.get(med.status or "", True)
        out.append(item)
    return out


def _appointments(m: _Mapper, subject: set[str], zone: ZoneInfo) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path, appt, at in _section(
            m, out, "Appointment", "appointments",
            lambda r: any(_refers(p.actor, subject) for p in r.participant or [])):
        item: dict[str, Any] = {}
        with_whom, location = None, None
        for k, p in enumerate(appt.participant or []):
            actor = p.actor
            if actor is None or _refers(actor, subject):
                continue
            if actor.type == "Location" or (actor.reference or "").startswith("Location/"):
                location = location or (f"{path}.participant[{k}].actor.display", actor.display)
            elif with_whom is None and actor.display:
                with_whom = (f"{path}.participant[{k}].actor.display", actor.display)
        if with_whom is None and appt.description:
            with_whom = (f"{path}.description", appt.description)
        if with_whom is None:
            m.problem(f"{path}.participant", "needs the person met (a participant's "
                      "actor.display, or the description)")
        else:
            m.put(item, at, "with", with_whom[1], with_whom[0])
        if location is not None:
            m.put(item, at, "location", location[1], location[0])
        if appt.start is None:
            m.problem(f"{path}.start", "is required")
        else:
            local = appt.start.astimezone(zone)
            m.put(item, at, "at", local.strftime("%Y-%m-%dT%H:%M"), f"{path}.start")
        m.put(item, at, "notes", appt.comment, f"{path}.comment")
        if appt.status == "cancelled":
            item["cancelled"] = True
        out.append(item)
    return out


def import_bundle(session: Session, text: str, actor: str, source: str = "<bundle>",
                  *, now: dt.datetime | None = None) -> Patient:
    """Validate the whole Bundle, then apply it like a care-plan file (in `session`,
    not committed), recorded in the audit trail like the export."""
    plan = bundle_to_plan(text, source)
    patient = apply_careplan(session, plan, actor, now=now)
    audit.record(session, actor, "import", "fhir_bundle", patient_id=patient.id,
                 entity_id=patient.id, detail={
                     "source": source, "care_team": len(plan.care_team),
                     "caregivers": len(plan.caregivers), "goals": len(plan.goals),
                     "medications": len(plan.medications),
                     "appointments": len(plan.appointments)})
    return patient
