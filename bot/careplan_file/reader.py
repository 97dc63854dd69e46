"""YAML text to a `CarePlan`: every field checked, every problem reported at once with its
line, and a plan returned only when the whole file is valid.

A nurse fixing a file one error per run gives up, hence all problems at once; unknown
keys are errors because a typo ("adress", "receives_alert") silently ignored would
silently drop a consent or a phone number. Natural keys seen twice are errors too:
re-import matches rows by them (see `apply.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from importlib.abc import Traversable
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot import care_roles
from bot.careplan import GOAL_KINDS
from bot.careplan_file.fields import _Field, _malformed, _Map, _Reader, _to_utc
from bot.careplan_file.spec import (
    APPOINTMENT_KEYS,
    APPOINTMENT_REMINDER_KEYS,
    CAREGIVER_KEYS,
    COMPARISONS,
    FORMAT_VERSION,
    GOAL_KEYS,
    GOAL_SETTERS,
    GOAL_STATUSES,
    GOAL_UNITS,
    MAX_HOURS_BEFORE,
    MAX_UNITS,
    MEDICATION_KEYS,
    MEMBER_KEYS,
    PATIENT_KEYS,
    PLAUSIBLE_TARGETS,
    QUIET_HOURS_KEYS,
    TOP_KEYS,
    WEEKDAYS,
    AppointmentReminders,
    AppointmentSpec,
    CaregiverSpec,
    CarePlan,
    CarePlanFileError,
    CareTeamMemberSpec,
    GoalSpec,
    MedicationSpec,
    PatientSpec,
    Problem,
    QuietHours,
    _format_local,
    _key,
)
from bot.careplan_file.thresholds import read_thresholds
from bot.i18n.reasons import Reason
from bot.nlu.languages import LANGUAGES

_REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Every section must be written, even empty: a forgotten `medications:` must not
# deactivate every medication on re-import.
_SECTION_REQUIRED = "file.section_required"


def parse_careplan(text: str, source: str = "<file>") -> CarePlan:
    """Read and validate a care-plan file. Raises CarePlanFileError listing every problem;
    returns a plan only when the whole file is valid, so nothing half-valid is applied."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise CarePlanFileError(source, [_malformed(error, text)]) from None
    if root is None:
        raise CarePlanFileError(source, [Problem(1, "", Reason.of("file.empty"))])

    r = _Reader()
    top = r.mapping(_Field(root, "", 1), TOP_KEYS)
    if top is None:
        raise CarePlanFileError(source, r.problems)

    version_field = top["version"]
    version = r.raw(version_field, required=True)
    if version is not None and version != str(FORMAT_VERSION):
        r.problem(version_field.line, version_field.path, "careplan.version", version=version,
                  supported=FORMAT_VERSION)

    patient, zone = _read_patient(r, top["patient"])
    care_team = _read_care_team(r, top["care_team"])
    team_node = top["care_team"].node
    has_members = isinstance(team_node, yaml.SequenceNode) and bool(team_node.value)
    if has_members and patient is not None and patient.team is None:
        r.problem(top["care_team"].line, "care_team", "careplan.care_team_needs_team")
    caregivers = _read_caregivers(r, top["caregivers"])
    goals = _read_goals(r, top["goals"])
    medications = _read_medications(r, top["medications"])
    appointments = _read_appointments(r, top["appointments"], zone)
    thresholds = read_thresholds(r, top["thresholds"])

    if r.problems or patient is None:
        raise CarePlanFileError(source, r.problems)
    return CarePlan(
        patient=patient,
        care_team=tuple(care_team),
        caregivers=tuple(caregivers),
        goals=tuple(goals),
        medications=tuple(medications),
        appointments=tuple(appointments),
        thresholds=thresholds,
        source=source,
    )


def _read_patient(r: _Reader, f: _Field) -> tuple[PatientSpec | None, ZoneInfo | None]:
    m = r.mapping(f, PATIENT_KEYS)
    if m is None:
        return None, None
    before = len(r.problems)
    ref = r.text(m["ref"], 64, required=True)
    if ref is not None and not _REF_RE.match(ref):
        r.problem(m["ref"].line, m["ref"].path, "careplan.bad_ref", value=ref)
    first_name = r.text(m["first_name"], 100, required=True)
    last_name = r.text(m["last_name"], 100, required=True)
    language = r.choice(m["language"], LANGUAGES, required=True)
    timezone = r.timezone(m["timezone"])
    phone = r.phone(m["phone"], mobile=True)
    team = r.text(m["team"], 200)
    quiet = None
    q = r.mapping(m["quiet_hours"], QUIET_HOURS_KEYS, required=False)
    if q is not None:
        start, end = r.time(q["start"], required=True), r.time(q["end"], required=True)
        if start is not None and end is not None:
            if start == end:
                r.problem(q["end"].line, q["end"].path, "file.must_differ_from_start")
            quiet = QuietHours(dt.time.fromisoformat(start), dt.time.fromisoformat(end))
    reminders = AppointmentReminders()
    a = r.mapping(m["appointment_reminders"], APPOINTMENT_REMINDER_KEYS, required=False)
    if a is not None:
        day_before = r.boolean(a["day_before"])
        hours_before = r.integer(a["hours_before"], 0, MAX_HOURS_BEFORE)
        reminders = AppointmentReminders(
            reminders.day_before if day_before is None else day_before,
            reminders.hours_before if hours_before is None else hours_before)
    zone = ZoneInfo(timezone) if timezone else None
    # A required value is None only with a problem reported: the checks of None below
    # decide nothing more, they tell the type checker so.
    if (len(r.problems) > before or ref is None or first_name is None or last_name is None
            or language is None or timezone is None):
        return None, zone
    return PatientSpec(
        ref=ref, first_name=first_name, last_name=last_name,
        language=language, timezone=timezone, phone=phone,
        quiet_hours=quiet, team=team, appointment_reminders=reminders,
    ), zone


class _Unique:
    """Reports a natural key seen twice: re-import matches rows by these keys, so a
    duplicate would make two lines of the file fight over one row."""

    def __init__(self, r: _Reader, error: str) -> None:
        self.r = r
        self.error = error  # its key in errors.yml, which says how rows are matched
        self.seen: dict[Any, str] = {}

    def check(self, key: Any, f: _Field, **shown: object) -> None:
        if key in self.seen:
            self.r.problem(f.line, f.path, self.error, where=self.seen[key], **shown)
        else:
            self.seen[key] = f.path.rsplit(".", 1)[0]


def _read_care_team(r: _Reader, f: _Field) -> list[CareTeamMemberSpec]:
    specs = []
    unique = _Unique(r, "careplan.duplicate_member")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, MEMBER_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        name = r.text(m["name"], 200, required=True)
        # A code, a known label in French or Dutch (stored as its code), or free text
        # kept as the label (bot/care_roles.py).
        written = r.text(m["role"], care_roles.MAX_LENGTH, required=True)
        role = care_roles.code_for(written) if written is not None else None
        phone = r.phone(m["phone"])
        email = r.email(m["email"])
        language = r.choice(m["language"], LANGUAGES)
        if name is not None:
            unique.check(_key(name), m["name"], value=name)
        if len(r.problems) == before and name is not None and role is not None:
            specs.append(CareTeamMemberSpec(name, role, phone, email, language))
    return specs


def _read_caregivers(r: _Reader, f: _Field) -> list[CaregiverSpec]:
    specs = []
    unique = _Unique(r, "careplan.duplicate_caregiver")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, CAREGIVER_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        name = r.text(m["name"], 200, required=True)
        phone = r.phone(m["phone"], required=True, mobile=True)
        language = r.choice(m["language"], LANGUAGES, required=True)
        relationship = r.text(m["relationship"], 60)
        # Consent is never assumed: each of the three must be written out.
        reminders = r.boolean(m["receives_reminders"], required=True)
        alerts = r.boolean(m["receives_missed_dose_alerts"], required=True)
        names = r.boolean(m["may_see_medication_names"], required=True)
        if phone is not None:
            unique.check(phone, m["phone"], value=phone)
        if (len(r.problems) == before and name is not None and phone is not None
                and language is not None and reminders is not None and alerts is not None
                and names is not None):
            specs.append(CaregiverSpec(
                name=name, phone=phone, language=language,
                receives_reminders=reminders,
                receives_missed_dose_alerts=alerts,
                may_see_medication_names=names,
                relationship=relationship,
            ))
    return specs


def _check_period(r: _Reader, m: _Map, start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        r.problem(m["end"].line, m["end"].path, "careplan.before_start", value=end.isoformat())


def _read_goals(r: _Reader, f: _Field) -> list[GoalSpec]:
    specs = []
    unique = _Unique(r, "careplan.duplicate_goal")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, GOAL_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        kind = r.choice(m["kind"], GOAL_KINDS, required=True)
        target = r.number(m["target"], required=True)
        unit = None
        if kind is not None:
            unit = r.choice(m["unit"], GOAL_UNITS[kind]) or GOAL_UNITS[kind][0]
            unique.check(kind, m["kind"], value=kind)
        if target is not None and unit is not None and len(r.problems) == before:
            low, high = PLAUSIBLE_TARGETS[unit]
            if not low <= target <= high:
                r.problem(m["target"].line, m["target"].path, "careplan.implausible_target",
                          target=_number_text(target), unit=unit, low=_number_text(low),
                          high=_number_text(high))
        comparison = r.choice(m["comparison"], COMPARISONS) or "at_least"
        days = r.integer(m["days_per_week"], 1, 7) or 7
        set_by = r.choice(m["set_by"], GOAL_SETTERS) or "care_team"
        status = r.choice(m["status"], GOAL_STATUSES) or "active"
        start, end = r.date(m["start"]), r.date(m["end"])
        _check_period(r, m, start, end)
        if (len(r.problems) == before and kind is not None and target is not None
                and unit is not None):
            specs.append(GoalSpec(kind, target, unit, comparison, days, set_by, status,
                                  start, end))
    return specs


def _read_medications(r: _Reader, f: _Field) -> list[MedicationSpec]:
    specs = []
    unique = _Unique(r, "careplan.duplicate_medication")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, MEDICATION_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        name = r.text(m["name"], 200, required=True)
        dose = r.text(m["dose"], 200, required=True)
        times: list[str] = []
        time_items = r.sequence(m["times"], required="careplan.times_required")
        if m["times"].node is not None and not time_items and len(r.problems) == before:
            r.problem(m["times"].line, m["times"].path, "careplan.needs_a_time")
        for t in time_items:
            value = r.time(t, required=True)
            if value is not None and value in times:
                r.problem(t.line, t.path, "file.listed_twice", value=value)
            elif value is not None:
                times.append(value)
        days: list[int] | None = None
        if m["days"].node is not None:
            days = []
            day_items = r.sequence(m["days"])
            if not day_items and len(r.problems) == before:
                r.problem(m["days"].line, m["days"].path, "careplan.needs_a_day")
            for d in day_items:
                value = r.choice(d, WEEKDAYS, required=True)
                if value is not None and WEEKDAYS.index(value) in days:
                    r.problem(d.line, d.path, "file.listed_twice", value=value)
                elif value is not None:
                    days.append(WEEKDAYS.index(value))
            if len(days) == len(WEEKDAYS):
                days = None  # every day, stored as such
        start, end = r.date(m["start"]), r.date(m["end"])
        _check_period(r, m, start, end)
        active = r.boolean(m["active"])
        pack_size = r.integer(m["pack_size"], 0, MAX_UNITS)
        stock = r.integer(m["stock"], 0, MAX_UNITS)
        if name is not None:
            unique.check(_key(name), m["name"], value=name)
        if len(r.problems) == before and name is not None and dose is not None:
            specs.append(MedicationSpec(
                name=name, dose=dose, times=tuple(sorted(times)),
                days=tuple(sorted(days)) if days is not None else None,
                start=start, end=end, active=True if active is None else active,
                pack_size=pack_size, stock=stock,
            ))
    return specs


def _read_appointments(r: _Reader, f: _Field, zone: ZoneInfo | None) -> list[AppointmentSpec]:
    specs = []
    unique = _Unique(r, "careplan.duplicate_appointment")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, APPOINTMENT_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        with_whom = r.text(m["with"], 200, required=True)
        location = r.text(m["location"], 300)
        notes = r.text(m["notes"], None)
        cancelled = r.boolean(m["cancelled"])
        at = r.local_datetime(m["at"], required=True)
        starts_at = None
        if at is not None and zone is not None:
            starts_at, why = _to_utc(at, zone)
            if why:
                r.problem(m["at"].line, m["at"].path, f"file.value_{why}",
                          value=_format_local(at), zone=zone.key)
        # starts_at is set only from at: where it is, so is at.
        if with_whom is not None and at is not None and starts_at is not None:
            unique.check((_key(with_whom), starts_at), m["at"], who=with_whom,
                         at=_format_local(at))
        if (len(r.problems) == before and with_whom is not None and at is not None
                and starts_at is not None):
            specs.append(AppointmentSpec(
                with_whom=with_whom, at=at, starts_at=starts_at,
                location=location, notes=notes, cancelled=bool(cancelled),
            ))
    return specs


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def demo_careplans() -> list[Traversable]:
    """The demo care plans shipped in bot/demo (demo-fr.yml, demo-nl.yml)."""
    folder = resources.files("bot.demo")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yml")), key=lambda p: p.name)
