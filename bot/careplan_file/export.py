"""The database to a care-plan file: the patient's plan in the format `reader.py` reads,
times local to the patient's timezone. Importing the result changes nothing, so a plan
can be exported, edited and re-imported.

An export reads health data, so `export_careplan` writes it to the audit trail itself
rather than trusting each caller to: the `bot careplan export` command, the console's
YAML editor and its simple forms all get the same entry.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.orm import Session

from bot import audit, readings
from bot.careplan_file.apply import (
    _primary_appointments,
    _primary_goals,
    _primary_medications,
)
from bot.careplan_file.spec import FORMAT_VERSION, WEEKDAYS, _format_local
from bot.careplan_file.thresholds import thresholds_yaml
from bot.models import Patient


class _Quoted(str):
    """Always double-quoted: times and phone numbers, which YAML 1.1 would read as numbers."""


class _Flow(list):
    """A short list on one line: ["08:00", "20:00"]."""


class _FlowMap(dict):
    """A short mapping on one line: {start: "22:00", end: "07:00"}."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write them.
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _optional(item: dict[str, Any], **values: Any) -> dict[str, Any]:
    item.update({k: v for k, v in values.items() if v is not None})
    return item


def export_careplan(session: Session, patient: Patient, actor: str = "system") -> str:
    """The patient's plan in the file format, times local to the patient's timezone.
    Importing the result changes nothing (see the module docstring).

    An export reads health data: it goes in the audit trail like any read, in `session`
    (the caller's transaction), with `actor` as who read it. Recorded here, not by the
    callers, so no way of exporting can forget it."""
    text = _render(patient)
    audit.record(session, actor, "export", "careplan", patient_id=patient.id,
                 entity_id=patient.id)
    return text


def _render(patient: Patient) -> str:
    zone = ZoneInfo(patient.timezone)
    person = _optional(
        {"ref": patient.external_ref, "first_name": patient.first_name,
         "last_name": patient.last_name, "language": patient.language,
         "timezone": patient.timezone},
        phone=_Quoted(patient.phone) if patient.phone else None,
        quiet_hours=_FlowMap(start=_Quoted(patient.quiet_start.strftime("%H:%M")),
                             end=_Quoted(patient.quiet_end.strftime("%H:%M")))
        if patient.quiet_start and patient.quiet_end else None,
        appointment_reminders=_FlowMap(
            day_before=patient.appointment_reminder_day_before,
            hours_before=patient.appointment_reminder_hours_before),
        team=patient.team.name if patient.team else None,
    )
    care_team = [
        _optional({"name": a.member.name, "role": a.member.role},
                  phone=_Quoted(a.member.phone) if a.member.phone else None,
                  email=a.member.email, language=a.member.language)
        for a in sorted(patient.care_team, key=lambda a: a.id)
    ]
    caregivers = [
        _optional({"name": c.name, "phone": _Quoted(c.phone), "language": c.language},
                  relationship=c.relationship_to_patient) | {
            "receives_reminders": c.receives_reminders,
            "receives_missed_dose_alerts": c.receives_missed_dose_alerts,
            "may_see_medication_names": c.may_see_medication_names,
        }
        for c in sorted(patient.caregivers, key=lambda c: c.id)
    ]
    goals = [
        _optional({"kind": g.kind, "target": _number(g.target_value), "unit": g.target_unit,
                   "comparison": g.comparison, "days_per_week": g.days_per_week,
                   "set_by": g.set_by, "status": g.status},
                  start=g.start_date, end=g.end_date)
        for g in sorted(_primary_goals(patient.goals).values(), key=lambda g: g.id)
    ]
    medications = [
        _optional({"name": m.name, "dose": m.dose_text,
                   "times": _Flow(_Quoted(t) for t in m.times)},
                  days=_Flow(WEEKDAYS[d] for d in m.days_of_week)
                  if m.days_of_week is not None else None,
                  start=m.start_date, end=m.end_date) | {"active": m.active}
        | _optional({}, pack_size=m.pack_size, stock=m.stock)
        for m in sorted(_primary_medications(patient.medications).values(), key=lambda m: m.id)
    ]
    appointments = []
    for a in sorted(_primary_appointments(patient.appointments).values(),
                    key=lambda a: (a.starts_at, a.id)):
        item = _optional({"with": a.with_whom}, location=a.location)
        item["at"] = _format_local(a.starts_at.astimezone(zone))
        _optional(item, notes=a.notes)
        if a.cancelled:
            item["cancelled"] = True
        appointments.append(item)

    header = (
        f"# Care plan {patient.external_ref}, exported from the care database.\n"
        "# Format: docs/careplan-format.md. Dates and times are local to the patient's\n"
        f"# timezone ({patient.timezone}). Edit and re-import; history is kept.\n"
    )
    sections: list[tuple[str, Any]] = [
        ("version", FORMAT_VERSION), ("patient", person), ("care_team", care_team),
        ("caregivers", caregivers), ("goals", goals), ("medications", medications),
        ("appointments", appointments),
    ]
    thresholds = thresholds_yaml(readings.thresholds_of(patient), _FlowMap)
    if thresholds is not None:  # optional: left out when none is set
        sections.append(("thresholds", thresholds))
    parts = [
        yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                  default_flow_style=False, width=100)
        for name, value in sections
    ]
    return header + "\n".join(parts)
