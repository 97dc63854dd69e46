"""Care-plan files: a patient's whole care plan as one YAML document, imported and exported.

Nurses and case managers write care plans in a text file they can review, diff and keep,
rather than through forms: the file is the plan. The format is documented in
docs/careplan-format.md; this module is its only reader and writer.

Three promises shape the code:

* Nothing is written unless the whole file is valid. `parse_careplan` checks every field
  and reports every problem at once, each with its line, because a nurse fixing a file
  one error per run gives up; unknown keys are errors because a typo ("adress",
  "receives_alert") silently ignored would silently drop a consent or a phone number.
* Re-importing a file keeps history. Rows are matched by natural keys (goal kind,
  medication name, appointment person and time, caregiver phone, team member name), so
  a goal keeps its progress entries and a medication its doses; what disappears from
  the file is paused, deactivated or cancelled rather than deleted, except caregivers
  and care-team assignments, which the file controls entirely.
* Export then import changes nothing, so a plan can be exported, edited and re-imported.

Plain Python, PyYAML and SQLAlchemy only: the services environment imports this module,
and so will the console and the CLI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.careplan import CANONICAL_UNIT, GOAL_KINDS
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

FORMAT_VERSION = 1
DEFAULT_TIMEZONE = "Europe/Brussels"
LANGUAGES = ("fr", "nl")
ROLES = (
    "nurse",
    "gp",
    "pharmacist",
    "specialist",
    "social_worker",
    "case_manager",
    "home_help",
    "physiotherapist",
    "dietitian",
)
# The first unit of each kind is its default (the unit bot.careplan computes in).
GOAL_UNITS: dict[str, tuple[str, ...]] = {
    kind: (CANONICAL_UNIT[kind], *(("mg/dL",) if kind == "glucose" else ()))
    for kind in GOAL_KINDS
}
# A target outside these bounds is almost always a unit mix-up (130 "g/L" meant mg/dL,
# 1.3 "mg/dL" meant g/L) or a typo; refusing it is safer than coaching towards it.
PLAUSIBLE_TARGETS: dict[str, tuple[float, float]] = {
    "min": (1, 600),
    "steps": (100, 50_000),
    "g/L": (0.4, 4.0),
    "mg/dL": (40, 400),
    "kg": (20, 350),
    "sessions": (1, 20),
    "mmHg": (60, 250),
}
COMPARISONS = ("at_least", "at_most")
GOAL_SETTERS = ("care_team", "patient")
GOAL_STATUSES = ("active", "achieved", "paused")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

PHONE_RE = re.compile(r"^\+[1-9]\d{7,14}$")
_PHONE_SEPARATORS = re.compile(r"[\s./()\-]")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOCAL_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DECIMAL_COMMA_RE = re.compile(r"^[+-]?\d+,\d+$")
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_NULL_TAG = "tag:yaml.org,2002:null"
# Every section must be written, even empty: a forgotten `medications:` must not
# deactivate every medication on re-import.
_SECTION_REQUIRED = "is required (write `[]` if there are none)"

TOP_KEYS = ("version", "patient", "care_team", "caregivers", "goals", "medications",
            "appointments")
PATIENT_KEYS = ("ref", "first_name", "last_name", "language", "timezone", "phone",
                "quiet_hours", "appointment_reminders", "team")
QUIET_HOURS_KEYS = ("start", "end")
APPOINTMENT_REMINDER_KEYS = ("day_before", "hours_before")
# Later than two days before is not a reminder any more, it is a second appointment card.
MAX_HOURS_BEFORE = 48
MEMBER_KEYS = ("name", "role", "phone", "email", "language")
CAREGIVER_KEYS = ("name", "phone", "language", "relationship", "receives_reminders",
                  "receives_missed_dose_alerts", "may_see_medication_names")
GOAL_KEYS = ("kind", "target", "unit", "comparison", "days_per_week", "set_by", "status",
             "start", "end")
MEDICATION_KEYS = ("name", "dose", "times", "days", "start", "end", "active")
APPOINTMENT_KEYS = ("with", "location", "at", "notes", "cancelled")


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class QuietHours:
    """Local hours without messages; `start` after `end` spans midnight (22:00-07:00)."""

    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class AppointmentReminders:
    """When the patient hears about an appointment: the evening before (18:00 local)
    and/or `hours_before` hours before it (0: not)."""

    day_before: bool = True
    hours_before: int = 3


@dataclass(frozen=True)
class PatientSpec:
    ref: str
    first_name: str
    last_name: str
    language: str
    timezone: str
    phone: str | None = None
    quiet_hours: QuietHours | None = None
    team: str | None = None
    appointment_reminders: AppointmentReminders = AppointmentReminders()


@dataclass(frozen=True)
class CareTeamMemberSpec:
    """A professional of the patient's team. Optional fields left out (None) keep what
    the database holds, since the same member is shared by all the team's patients."""

    name: str
    role: str
    phone: str | None = None
    email: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class CaregiverSpec:
    """A family caregiver and the three things they (and the patient) agreed to."""

    name: str
    phone: str
    language: str
    receives_reminders: bool
    receives_missed_dose_alerts: bool
    may_see_medication_names: bool
    relationship: str | None = None


@dataclass(frozen=True)
class GoalSpec:
    kind: str
    target: float
    unit: str
    comparison: str = "at_least"
    days_per_week: int = 7
    set_by: str = "care_team"
    status: str = "active"
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class MedicationSpec:
    """`times` are "HH:MM" in the patient's timezone, sorted; `days` are 0=Monday,
    sorted, or None for every day."""

    name: str
    dose: str
    times: tuple[str, ...]
    days: tuple[int, ...] | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    active: bool = True


@dataclass(frozen=True)
class AppointmentSpec:
    """`at` is the local wall-clock time written in the file; `starts_at` the same
    instant in UTC, as stored."""

    with_whom: str
    at: dt.datetime
    starts_at: dt.datetime
    location: str | None = None
    notes: str | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class CarePlan:
    patient: PatientSpec
    care_team: tuple[CareTeamMemberSpec, ...] = ()
    caregivers: tuple[CaregiverSpec, ...] = ()
    goals: tuple[GoalSpec, ...] = ()
    medications: tuple[MedicationSpec, ...] = ()
    appointments: tuple[AppointmentSpec, ...] = ()
    version: int = FORMAT_VERSION
    source: str = field(default="<file>", compare=False)


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: 1-based line, dotted path (`medications[0].times[1]`)."""

    line: int
    path: str
    message: str

    def format(self, source: str) -> str:
        if self.path:
            return f"{source}:{self.line}: {self.path}: {self.message}"
        return f"{source}:{self.line}: {self.message}"


class CarePlanFileError(ValueError):
    """A file that cannot be imported; the message has one line per problem, in the
    `file:line: path: message` form editors and CI logs link to."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = tuple(sorted(problems, key=lambda p: p.line))
        super().__init__("\n".join(p.format(source) for p in self.problems))


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Field:
    """A value node with the path and line to report it by. `node` is None when the key
    is absent; `line` is then the line of the mapping that should have held it."""

    node: yaml.Node | None
    path: str
    line: int


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG)


class _Map:
    """The known keys of one YAML mapping."""

    def __init__(self, path: str, line: int, fields: dict[str, _Field]) -> None:
        self.path = path
        self.line = line
        self._fields = fields

    def __getitem__(self, key: str) -> _Field:
        return self._fields.get(key) or _Field(None, _join(self.path, key), self.line)


class _Reader:
    """Typed reads from composed YAML nodes, collecting problems instead of raising.

    Values are read from the node's source text, not from PyYAML's constructed value,
    because YAML 1.1 turns `20:00` into 1200 (base 60) and `+32470123456` into an int.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, line: int, path: str, message: str) -> None:
        self.problems.append(Problem(line, path, message))

    # structure ----------------------------------------------------------------------

    def mapping(self, f: _Field, allowed: Sequence[str], required: bool = True) -> _Map | None:
        if _is_null(f.node):
            if required:
                self.problem(f.line, f.path, "is required")
            return None
        node = f.node
        if not isinstance(node, yaml.MappingNode):
            self.problem(f.line, f.path, "must be a mapping of `key: value` lines")
            return None
        fields: dict[str, _Field] = {}
        for key_node, value_node in node.value:
            key_line = _line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_line, f.path, "keys must be plain names")
                continue
            key = key_node.value
            path = _join(f.path, key)
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = (f"did you mean '{close[0]}'?" if close
                        else f"expected one of: {', '.join(allowed)}")
                self.problem(key_line, path, f"unknown key; {hint}")
                continue
            if key in fields:
                self.problem(key_line, path, f"duplicate key (first at line {fields[key].line})")
                continue
            # A scalar is reported on its own line (a `|` block may start below its key);
            # an empty value or a list or mapping under the key, on the key's line.
            value_line = _line(value_node) if not _is_null(value_node) and isinstance(
                value_node, yaml.ScalarNode) else key_line
            fields[key] = _Field(value_node, path, value_line)
        return _Map(f.path, f.line, fields)

    def sequence(self, f: _Field, required: str | None = None) -> list[_Field]:
        """Items of a list; an empty value (`goals:`) is an empty list. `required` is the
        message for an absent key, None if it may be left out."""
        if f.node is None:
            if required:
                self.problem(f.line, f.path, required)
            return []
        if _is_null(f.node):
            return []
        if not isinstance(f.node, yaml.SequenceNode):
            self.problem(f.line, f.path, "must be a list")
            return []
        return [_Field(item, f"{f.path}[{i}]", _line(item)) for i, item in enumerate(f.node.value)]

    # scalars ------------------------------------------------------------------------

    def raw(self, f: _Field, required: bool) -> str | None:
        """The stripped source text of a scalar, or None if absent, empty or invalid."""
        node = f.node
        if node is not None and not isinstance(node, yaml.ScalarNode):
            kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
            self.problem(f.line, f.path, f"must be a single value, not a {kind}")
            return None
        value = "" if _is_null(node) else str(node.value).strip()  # type: ignore[union-attr]
        if not value:
            if required:
                self.problem(f.line, f.path, "is required")
            return None
        return value

    def text(self, f: _Field, max_len: int | None, required: bool = False) -> str | None:
        value = self.raw(f, required)
        if value is not None and max_len is not None and len(value) > max_len:
            self.problem(f.line, f.path,
                         f"is too long ({len(value)} characters, at most {max_len})")
            return None
        return value

    def choice(self, f: _Field, options: Sequence[str], required: bool = False) -> str | None:
        value = self.raw(f, required)
        if value is None:
            return None
        for option in options:
            if value.lower() == option.lower():
                return option
        self.problem(f.line, f.path, f"'{value}' is not one of: {', '.join(options)}")
        return None

    def boolean(self, f: _Field, required: bool = False) -> bool | None:
        value = self.raw(f, required)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.problem(f.line, f.path, f"'{value}' is not true or false")
        return None

    def number(self, f: _Field, required: bool = False) -> float | None:
        value = self.raw(f, required)
        if value is None:
            return None
        if _NUMBER_RE.match(value):
            return float(value)
        if _DECIMAL_COMMA_RE.match(value):
            self.problem(f.line, f.path,
                         f"'{value}' is not a number (write decimals with a point: "
                         f"{value.replace(',', '.')})")
        else:
            self.problem(f.line, f.path, f"'{value}' is not a number")
        return None

    def integer(self, f: _Field, low: int, high: int) -> int | None:
        value = self.raw(f, False)
        if value is None:
            return None
        if not re.fullmatch(r"\d+", value) or not low <= int(value) <= high:
            self.problem(f.line, f.path, f"'{value}' is not a whole number from {low} to {high}")
            return None
        return int(value)

    def time(self, f: _Field, required: bool = False) -> str | None:
        """A local time as canonical "HH:MM"."""
        value = self.raw(f, required)
        if value is None:
            return None
        match = _TIME_RE.match(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            self.problem(f.line, f.path, f"'{value}' is not a time (HH:MM)")
            return None
        return f"{int(match[1]):02d}:{match[2]}"

    def date(self, f: _Field) -> dt.date | None:
        value = self.raw(f, False)
        if value is None:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(f.line, f.path, f"'{value}' is not a date (YYYY-MM-DD)")
            return None

    def local_datetime(self, f: _Field, required: bool = False) -> dt.datetime | None:
        value = self.raw(f, required)
        if value is None:
            return None
        match = _LOCAL_DATETIME_RE.match(value)
        try:
            if not match:
                raise ValueError(value)
            return dt.datetime.combine(
                dt.date.fromisoformat(match[1]), dt.time(int(match[2]), int(match[3]))
            )
        except ValueError:
            self.problem(f.line, f.path,
                         f"'{value}' is not a local date and time (YYYY-MM-DDTHH:MM)")
            return None

    def phone(self, f: _Field, required: bool = False, mobile: bool = False) -> str | None:
        """An E.164 number. Spaces, dots, dashes and slashes are dropped ("+32 470 12 34
        56"). With `mobile`, a Belgian number must be a mobile one: text messages to a
        landline are lost without an error, and these numbers receive them."""
        value = self.raw(f, required)
        if value is None:
            return None
        number = _PHONE_SEPARATORS.sub("", value)
        if not PHONE_RE.match(number):
            self.problem(f.line, f.path,
                         f"'{value}' is not an E.164 phone number (+32 4xx xx xx xx for a "
                         "Belgian mobile)")
            return None
        if mobile and number.startswith("+32"):
            if not number.startswith("+324"):
                self.problem(f.line, f.path,
                             f"'{value}' is a Belgian landline; text messages need a mobile "
                             "number (+32 4…)")
                return None
            if len(number) != 12:
                self.problem(f.line, f.path,
                             f"'{value}' is not a Belgian mobile number (+32 4 and 8 digits)")
                return None
        return number

    def email(self, f: _Field) -> str | None:
        value = self.text(f, 200)
        if value is not None and not _EMAIL_RE.match(value):
            self.problem(f.line, f.path, f"'{value}' is not an e-mail address")
            return None
        return value

    def timezone(self, f: _Field) -> str | None:
        value = self.raw(f, False)
        if value is None:
            return DEFAULT_TIMEZONE
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(f.line, f.path,
                         f"'{value}' is not an IANA timezone (e.g. Europe/Brussels)")
            return None
        return value


def _to_utc(local: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime | None, str | None]:
    """Local wall-clock time to UTC, refusing times that do not exist (spring forward)
    or happen twice (fall back): guessing would move an appointment by an hour."""
    first = local.replace(tzinfo=zone, fold=0).astimezone(dt.timezone.utc)
    second = local.replace(tzinfo=zone, fold=1).astimezone(dt.timezone.utc)
    if first == second:
        return first, None
    if first.astimezone(zone).replace(tzinfo=None) != local:
        return None, f"does not exist in {zone.key} (the clocks go forward that night)"
    return None, f"happens twice in {zone.key} (the clocks go back that night); pick another time"


def _key(text: str) -> str:
    """Natural keys compare without case and extra spaces: "Metformine" is "metformine"."""
    return " ".join(text.split()).casefold()


def _format_local(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _malformed(error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        message = str(error.problem or "syntax error")
        if error.context:
            where = f" (line {error.context_mark.line + 1})" if error.context_mark else ""
            message = f"{error.context}{where}: {message}"
        return Problem(error.problem_mark.line + 1, "", f"malformed YAML: {message}")
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        return Problem(line, "", f"malformed YAML: unacceptable character #x{error.character:04x}")
    return Problem(1, "", f"malformed YAML: {error}")


def parse_careplan(text: str, source: str = "<file>") -> CarePlan:
    """Read and validate a care-plan file. Raises CarePlanFileError listing every problem;
    returns a plan only when the whole file is valid, so nothing half-valid is applied."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise CarePlanFileError(source, [_malformed(error, text)]) from None
    if root is None:
        raise CarePlanFileError(source, [Problem(1, "", "the file is empty")])

    r = _Reader()
    top = r.mapping(_Field(root, "", 1), TOP_KEYS)
    if top is None:
        raise CarePlanFileError(source, r.problems)

    version_field = top["version"]
    version = r.raw(version_field, required=True)
    if version is not None and version != str(FORMAT_VERSION):
        r.problem(version_field.line, version_field.path,
                  f"unsupported version '{version}' (this program reads version {FORMAT_VERSION})")

    patient, zone = _read_patient(r, top["patient"])
    care_team = _read_care_team(r, top["care_team"])
    team_node = top["care_team"].node
    has_members = isinstance(team_node, yaml.SequenceNode) and bool(team_node.value)
    if has_members and patient is not None and patient.team is None:
        r.problem(top["care_team"].line, "care_team",
                  "care-team members belong to a team: set patient.team")
    caregivers = _read_caregivers(r, top["caregivers"])
    goals = _read_goals(r, top["goals"])
    medications = _read_medications(r, top["medications"])
    appointments = _read_appointments(r, top["appointments"], zone)

    if r.problems or patient is None:
        raise CarePlanFileError(source, r.problems)
    return CarePlan(
        patient=patient,
        care_team=tuple(care_team),
        caregivers=tuple(caregivers),
        goals=tuple(goals),
        medications=tuple(medications),
        appointments=tuple(appointments),
        source=source,
    )


def _read_patient(r: _Reader, f: _Field) -> tuple[PatientSpec | None, ZoneInfo | None]:
    m = r.mapping(f, PATIENT_KEYS)
    if m is None:
        return None, None
    before = len(r.problems)
    ref = r.text(m["ref"], 64, required=True)
    if ref is not None and not _REF_RE.match(ref):
        r.problem(m["ref"].line, m["ref"].path,
                  f"'{ref}' may hold only letters, digits, '.', '_' and '-'")
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
                r.problem(q["end"].line, q["end"].path, "must differ from start")
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
    if len(r.problems) > before:
        return None, zone
    return PatientSpec(
        ref=ref, first_name=first_name, last_name=last_name,  # type: ignore[arg-type]
        language=language, timezone=timezone, phone=phone,  # type: ignore[arg-type]
        quiet_hours=quiet, team=team, appointment_reminders=reminders,
    ), zone


class _Unique:
    """Reports a natural key seen twice: re-import matches rows by these keys, so a
    duplicate would make two lines of the file fight over one row."""

    def __init__(self, r: _Reader, what: str) -> None:
        self.r = r
        self.what = what
        self.seen: dict[Any, str] = {}

    def check(self, key: Any, f: _Field, shown: str) -> None:
        if key in self.seen:
            self.r.problem(f.line, f.path,
                           f"'{shown}' is already in {self.seen[key]} ({self.what})")
        else:
            self.seen[key] = f.path.rsplit(".", 1)[0]


def _read_care_team(r: _Reader, f: _Field) -> list[CareTeamMemberSpec]:
    specs = []
    unique = _Unique(r, "one entry per person")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, MEMBER_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        name = r.text(m["name"], 200, required=True)
        role = r.choice(m["role"], ROLES, required=True)
        phone = r.phone(m["phone"])
        email = r.email(m["email"])
        language = r.choice(m["language"], LANGUAGES)
        if name is not None:
            unique.check(_key(name), m["name"], name)
        if len(r.problems) == before:
            specs.append(CareTeamMemberSpec(name, role, phone, email, language))  # type: ignore[arg-type]
    return specs


def _read_caregivers(r: _Reader, f: _Field) -> list[CaregiverSpec]:
    specs = []
    unique = _Unique(r, "caregivers are matched by phone")
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
            unique.check(phone, m["phone"], phone)
        if len(r.problems) == before:
            specs.append(CaregiverSpec(
                name=name, phone=phone, language=language,  # type: ignore[arg-type]
                receives_reminders=reminders,  # type: ignore[arg-type]
                receives_missed_dose_alerts=alerts,  # type: ignore[arg-type]
                may_see_medication_names=names,  # type: ignore[arg-type]
                relationship=relationship,
            ))
    return specs


def _check_period(r: _Reader, m: _Map, start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        r.problem(m["end"].line, m["end"].path, f"{end.isoformat()} is before start")


def _read_goals(r: _Reader, f: _Field) -> list[GoalSpec]:
    specs = []
    unique = _Unique(r, "one goal per kind")
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
            unique.check(kind, m["kind"], kind)
        if target is not None and unit is not None and len(r.problems) == before:
            low, high = PLAUSIBLE_TARGETS[unit]
            if not low <= target <= high:
                r.problem(m["target"].line, m["target"].path,
                          f"{_number_text(target)} {unit} is outside the plausible range "
                          f"{_number_text(low)}–{_number_text(high)} {unit}")
        comparison = r.choice(m["comparison"], COMPARISONS) or "at_least"
        days = r.integer(m["days_per_week"], 1, 7) or 7
        set_by = r.choice(m["set_by"], GOAL_SETTERS) or "care_team"
        status = r.choice(m["status"], GOAL_STATUSES) or "active"
        start, end = r.date(m["start"]), r.date(m["end"])
        _check_period(r, m, start, end)
        if len(r.problems) == before:
            specs.append(GoalSpec(kind, target, unit, comparison, days, set_by, status,  # type: ignore[arg-type]
                                  start, end))
    return specs


def _read_medications(r: _Reader, f: _Field) -> list[MedicationSpec]:
    specs = []
    unique = _Unique(r, "medications are matched by name")
    for item in r.sequence(f, required=_SECTION_REQUIRED):
        m = r.mapping(item, MEDICATION_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        name = r.text(m["name"], 200, required=True)
        dose = r.text(m["dose"], 200, required=True)
        times: list[str] = []
        time_items = r.sequence(m["times"], required="is required (a list of HH:MM)")
        if m["times"].node is not None and not time_items and len(r.problems) == before:
            r.problem(m["times"].line, m["times"].path, "needs at least one time")
        for t in time_items:
            value = r.time(t, required=True)
            if value is not None and value in times:
                r.problem(t.line, t.path, f"'{value}' is listed twice")
            elif value is not None:
                times.append(value)
        days: list[int] | None = None
        if m["days"].node is not None:
            days = []
            day_items = r.sequence(m["days"])
            if not day_items and len(r.problems) == before:
                r.problem(m["days"].line, m["days"].path,
                          "needs at least one day (leave `days` out for every day)")
            for d in day_items:
                value = r.choice(d, WEEKDAYS, required=True)
                if value is not None and WEEKDAYS.index(value) in days:
                    r.problem(d.line, d.path, f"'{value}' is listed twice")
                elif value is not None:
                    days.append(WEEKDAYS.index(value))
            if len(days) == len(WEEKDAYS):
                days = None  # every day, stored as such
        start, end = r.date(m["start"]), r.date(m["end"])
        _check_period(r, m, start, end)
        active = r.boolean(m["active"])
        if name is not None:
            unique.check(_key(name), m["name"], name)
        if len(r.problems) == before:
            specs.append(MedicationSpec(
                name=name, dose=dose, times=tuple(sorted(times)),  # type: ignore[arg-type]
                days=tuple(sorted(days)) if days is not None else None,
                start=start, end=end, active=True if active is None else active,
            ))
    return specs


def _read_appointments(r: _Reader, f: _Field, zone: ZoneInfo | None) -> list[AppointmentSpec]:
    specs = []
    unique = _Unique(r, "appointments are matched by person and time")
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
                r.problem(m["at"].line, m["at"].path, f"'{_format_local(at)}' {why}")
        if with_whom is not None and starts_at is not None:
            unique.check((_key(with_whom), starts_at), m["at"],
                         f"{with_whom} at {_format_local(at)}")  # type: ignore[arg-type]
        if len(r.problems) == before and starts_at is not None:
            specs.append(AppointmentSpec(
                with_whom=with_whom, at=at, starts_at=starts_at,  # type: ignore[arg-type]
                location=location, notes=notes, cancelled=bool(cancelled),
            ))
    return specs


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --------------------------------------------------------------------------- applying


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
    result = session.execute(
        delete(Dose).where(
            Dose.medication_id == med.id, Dose.status == "pending", Dose.scheduled_at > now
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


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
    }
    patient = session.scalar(select(Patient).where(Patient.external_ref == spec.ref))
    if patient is None:
        patient = Patient(external_ref=spec.ref, **values)
        session.add(patient)
        detail["patient"] = "created"
    else:
        detail["patient"] = "updated" if _update(patient, values) else "unchanged"

    detail["care_team"] = _apply_care_team(session, patient, team, plan.care_team)
    detail["caregivers"] = _apply_caregivers(patient, plan.caregivers)
    detail["goals"] = _apply_goals(patient, plan.goals)
    detail["medications"] = _apply_medications(session, patient, plan.medications, now)
    detail["appointments"] = _apply_appointments(patient, plan.appointments, now)
    session.flush()
    session.add(AuditEntry(actor=actor, action="import", entity="careplan",
                           entity_id=patient.id, patient_id=patient.id, detail=detail))
    session.flush()
    return patient


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
        member = members.get(_key(s.name))
        if member is None:
            member = CareTeamMember(team=team, name=s.name, role=s.role, phone=s.phone,
                                    email=s.email, language=s.language or patient.language,
                                    active=True)
            session.add(member)
            members[_key(s.name)] = member
            counts["created"] += 1
        else:
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
        }
        med = primary.get(_key(s.name))
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


# --------------------------------------------------------------------------- exporting


class _Quoted(str):
    """Always double-quoted: times and phone numbers, which YAML 1.1 would read as numbers."""


class _Flow(list):  # type: ignore[type-arg]
    """A short list on one line: ["08:00", "20:00"]."""


class _FlowMap(dict):  # type: ignore[type-arg]
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


def export_careplan(session: Session, patient: Patient) -> str:
    """The patient's plan in the file format, times local to the patient's timezone.
    Importing the result changes nothing (see the module docstring)."""
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
    parts = [
        yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                  default_flow_style=False, width=100)
        for name, value in sections
    ]
    return header + "\n".join(parts)


# --------------------------------------------------------------------------- command line


def demo_careplans() -> list[Traversable]:
    """The demo care plans shipped in bot/demo (demo-fr.yml, demo-nl.yml)."""
    folder = resources.files("bot.demo")
    return sorted((p for p in folder.iterdir() if p.name.endswith(".yml")), key=lambda p: p.name)


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.careplan_file check|import|export`: validate files, import them in
    one transaction, or print a patient's plan."""
    from bot.db import database_url, migrate, session_scope

    parser = argparse.ArgumentParser(prog="python -m bot.careplan_file",
                                     description="Care-plan files (docs/careplan-format.md).")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate files without importing")
    check.add_argument("files", nargs="+")
    load = commands.add_parser("import", help="validate, then import all files or none")
    load.add_argument("files", nargs="*")
    load.add_argument("--demo", action="store_true", help="also import the demo care plans")
    dump = commands.add_parser("export", help="print a patient's care plan")
    dump.add_argument("ref")
    actor = f"careplan-cli:{os.environ.get('USER', 'unknown')}"
    for command in (load, dump):
        command.add_argument("--actor", default=actor, help="who, for the audit trail")
    args = parser.parse_args(argv)

    if args.command == "export":
        migrate()
        with session_scope(database_url()) as session:
            patient = session.scalar(select(Patient).where(Patient.external_ref == args.ref))
            if patient is None:
                print(f"error: no patient with ref {args.ref!r}", file=sys.stderr)
                return 1
            sys.stdout.write(export_careplan(session, patient))
            # An export reads health data: it goes in the audit trail like any read.
            session.add(AuditEntry(actor=args.actor, action="export", entity="careplan",
                                   entity_id=patient.id, patient_id=patient.id))
        return 0

    texts = [(name, Path(name).read_text(encoding="utf-8")) for name in args.files]
    if getattr(args, "demo", False):
        texts += [(p.name, p.read_text(encoding="utf-8")) for p in demo_careplans()]
    plans, failed = [], False
    for name, text in texts:
        try:
            plans.append(parse_careplan(text, name))
        except CarePlanFileError as error:
            print(error, file=sys.stderr)
            failed = True
    if failed:
        return 1
    if args.command == "check":
        print(f"{len(plans)} file(s) valid")
        return 0
    migrate()
    with session_scope(database_url()) as session:
        for plan in plans:
            patient = apply_careplan(session, plan, args.actor)
            print(f"{plan.source}: imported {patient.external_ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
