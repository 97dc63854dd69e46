"""What a care-plan file says, once read: the format's constants, one frozen data class per
section, and the error type every reader of the format raises.

These are plain values with no database and no YAML in them, so the reader
(`reader.py`) can build them, the apply step (`apply.py`) can write them, and tests can
compare two plans with `==` (`source` is left out of the comparison: the same plan read
from two files is the same plan).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.care_roles import CODES
from bot.careplan import CANONICAL_UNIT, GOAL_KINDS
from bot.i18n.reasons import Reason
from bot.readings import Thresholds

FORMAT_VERSION = 1
DEFAULT_TIMEZONE = "Europe/Brussels"
# Care-team role codes (bot/care_roles.py); a plan may also write a known label in
# either language, or free text kept as a label.
ROLES = CODES
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

TOP_KEYS = ("version", "patient", "care_team", "caregivers", "goals", "medications",
            "appointments", "thresholds")  # thresholds: optional (careplan_file/thresholds.py)
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
MEDICATION_KEYS = ("name", "dose", "times", "days", "start", "end", "active",
                   "pack_size", "stock")  # both optional: refill reminders (bot/refills.py)
MAX_UNITS = 10_000  # pack_size and stock: whole units, 0 to this
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
    pack_size: int | None = None  # units in a pack; with stock, refill reminders
    stock: int | None = None  # units left


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
    thresholds: Thresholds = field(default_factory=Thresholds)
    version: int = FORMAT_VERSION
    source: str = field(default="<file>", compare=False)


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: 1-based line, dotted path (`medications[0].times[1]`),
    and what is wrong as a key of bot/i18n/errors.yml with its values, so the console
    says it in the nurse's language and the command line in English as before."""

    line: int
    path: str
    reason: Reason

    @property
    def message(self) -> str:
        """In English (the command line, CI logs)."""
        return self.reason.english()

    def text(self, lang: object) -> str:
        """In French or Dutch (the console)."""
        return self.reason.text(lang)

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


# --------------------------------------------------------------------------- natural keys


def _key(text: str) -> str:
    """Natural keys compare without case and extra spaces: "Metformine" is "metformine"."""
    return " ".join(text.split()).casefold()


def _format_local(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")
