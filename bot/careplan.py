"""Goals and progress: what the patient works toward and what they report.

Progress arrives as free text pieces extracted by the NLU (goal kind, quantity, unit)
and is validated here, not in the dialogue, so every channel and the console apply
the same rules: amounts are converted to the goal's unit, and amounts no person
could have done ("marché 3000 minutes") are refused with a question instead of being
stored. Clinical targets set by the care team are never changed by the patient.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, effects
from bot.models import Goal, MessageEffect, Patient, ProgressEntry, utcnow
from bot.nlu.numbers import parse_number

GOAL_KINDS = ("walking", "steps", "glucose", "weight", "breathing", "blood_pressure")

# The unit each kind is stored and shown in.
CANONICAL_UNIT = {
    "walking": "min",
    "steps": "steps",
    "glucose": "g/L",
    "weight": "kg",
    "breathing": "sessions",
    "blood_pressure": "mmHg",
}

# Plausible amounts for one report, in the canonical unit.
PLAUSIBLE = {
    "walking": (1, 300),
    "steps": (10, 60000),
    "glucose": (0.2, 6.0),
    "weight": (25, 300),
    "breathing": (1, 10),
    "blood_pressure": (60, 260),
}

# How the words patients use for units map to a kind and a factor to the canonical unit.
_UNITS: dict[str, tuple[str | None, float]] = {
    **dict.fromkeys(["min", "mn", "mins", "minute", "minutes", "minuut", "minuten", "m"],
                    (None, 1.0)),
    **dict.fromkeys(["h", "u", "heure", "heures", "uur", "uren"], (None, 60.0)),
    **dict.fromkeys(["pas", "stappen", "stap", "steps"], ("steps", 1.0)),
    **dict.fromkeys(["kg", "kilo", "kilos", "kilogram", "kilogrammes"], ("weight", 1.0)),
    **dict.fromkeys(["g/l", "gr/l", "g"], ("glucose", 1.0)),
    **dict.fromkeys(["mg/dl", "mg", "mgdl"], ("glucose", 0.01)),
    **dict.fromkeys(["mmol/l", "mmol", "mmol/liter"], ("glucose", 0.18)),  # 1 mmol/L = 18 mg/dL
    **dict.fromkeys(["fois", "keer", "sessions", "seances", "séances", "x"], (None, 1.0)),
    **dict.fromkeys(["mmhg"], ("blood_pressure", 1.0)),
    **dict.fromkeys(["km"], ("walking", 15.0)),  # about 15 minutes per km at a patient's pace
}

_BLOOD_PRESSURE = r"^\s*(\d{2,3})\s*/\s*(\d{1,3})\s*$"


class ProgressError(Exception):
    """Why a report cannot be recorded yet; ``reason`` picks the question to ask."""

    def __init__(self, reason: str, goal: Goal | None = None, value: float | None = None):
        super().__init__(reason)
        self.reason = reason  # no_goal, which_goal, no_amount, implausible
        self.goal = goal
        self.value = value


@dataclass(frozen=True)
class WeekProgress:
    goal: Goal
    days_done: int  # days this week on which the daily target was met
    days_target: int
    latest: float | None  # latest reported value (measurements: glucose, weight, ...)


def active_goals(session: Session, patient: Patient) -> list[Goal]:
    return list(
        session.scalars(
            select(Goal)
            .where(Goal.patient_id == patient.id, Goal.status == "active")
            .order_by(Goal.id)
        )
    )


def _unit_info(unit: str | None) -> tuple[str | None, float] | None:
    if not unit:
        return None
    return _UNITS.get(unit.strip().lower().rstrip("."))


def resolve_kind(unit: str | None) -> str | None:
    """The kind a unit alone implies ("mg/dL": glucose, "kg": weight), or None."""
    info = _unit_info(unit)
    return info[0] if info else None


def parse_amount(kind: str, quantity: str, unit: str | None) -> float | None:
    """The amount in the kind's canonical unit, or None if it is not a number."""
    if kind == "blood_pressure":
        match = re.match(_BLOOD_PRESSURE, quantity)
        if match:
            systolic = float(match.group(1))
            return systolic * 10 if systolic < 30 else systolic  # "13/8" is 130/80
        value = parse_number(quantity)
        return None if value is None else (value * 10 if value < 30 else value)
    value = parse_number(quantity)
    if value is None:
        return None
    info = _unit_info(unit)
    factor = info[1] if info else 1.0
    if kind == "glucose" and info is None and value > 20:
        factor = 0.01  # "glycémie 120": mg/dL
    return value * factor


def resolve_goal(
    goals: list[Goal], kind: str | None, unit: str | None
) -> Goal:
    """The goal a report is about: named kind, else the kind its unit implies, else the
    only goal measured in minutes-or-similar; raises ProgressError otherwise."""
    if not goals:
        raise ProgressError("no_goal")
    if kind is None:
        info = _unit_info(unit)
        kind = info[0] if info else None
    if kind is not None:
        for goal in goals:
            if goal.kind == kind:
                return goal
        raise ProgressError("no_goal")
    if len(goals) == 1:
        return goals[0]
    raise ProgressError("which_goal")


def record_progress(
    session: Session,
    patient: Patient,
    *,
    kind: str | None,
    quantity: str | None,
    unit: str | None,
    actor: str,
    at: dt.datetime | None = None,
    source_message: str | None = None,
) -> ProgressEntry:
    """Store one report. ``source_message`` (the inbound message it came from): the same
    message again returns the entry it made the first time and stores nothing."""

    def work(record: MessageEffect) -> ProgressEntry:
        goal = resolve_goal(active_goals(session, patient), kind, unit)
        if not quantity:
            raise ProgressError("no_amount", goal)
        value = parse_amount(goal.kind, quantity, unit)
        if value is None:
            raise ProgressError("no_amount", goal)
        low, high = PLAUSIBLE[goal.kind]
        if not low <= value <= high:
            raise ProgressError("implausible", goal, value)
        entry = ProgressEntry(
            goal_id=goal.id, value=round(value, 2), unit=CANONICAL_UNIT[goal.kind],
            recorded_at=at or utcnow(), source="patient",
        )
        session.add(entry)
        session.flush()
        audit.record(session, actor, "create", "progress", patient_id=patient.id,
                     entity_id=entry.id, detail={"goal": goal.kind, "value": entry.value})
        effects.note(record, "progress_entries", [entry.id])
        return entry

    def replay(record: MessageEffect) -> ProgressEntry:
        entry = session.get(ProgressEntry, record.entity_ids[0])
        if entry is None:  # its goal was removed from the plan since
            raise ProgressError("no_goal")
        return entry

    return effects.once(session, source_message, effects.PROGRESS, work, replay,
                        patient_id=patient.id)


def week_bounds(patient: Patient, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 to now, in the patient's timezone (returned as aware datetimes)."""
    local = now.astimezone(ZoneInfo(patient.timezone))
    monday = (local - dt.timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return monday, local


def target(goal: Goal) -> float:
    """The goal's target in its kind's canonical unit (care plans may say mg/dL)."""
    info = _unit_info(goal.target_unit)
    if info is None or goal.target_unit == CANONICAL_UNIT[goal.kind]:
        return goal.target_value
    return goal.target_value * info[1]


def _met(goal: Goal, value: float) -> bool:
    if goal.comparison == "at_most":
        return value <= target(goal)
    return value >= target(goal)


def week_progress(
    session: Session, patient: Patient, goal: Goal, now: dt.datetime | None = None
) -> WeekProgress:
    """Days this week the daily target was met. Activities (walking, steps,
    breathing) add up over a day; measurements use the day's last value."""
    start, end = week_bounds(patient, now or utcnow())
    entries = session.scalars(
        select(ProgressEntry)
        .where(ProgressEntry.goal_id == goal.id, ProgressEntry.recorded_at >= start)
        .order_by(ProgressEntry.recorded_at)
    ).all()
    zone = ZoneInfo(patient.timezone)
    per_day: dict[dt.date, float] = {}
    cumulative = goal.kind in ("walking", "steps", "breathing")
    for entry in entries:
        if entry.recorded_at > end:
            continue
        day = entry.recorded_at.astimezone(zone).date()
        per_day[day] = per_day.get(day, 0.0) + entry.value if cumulative else entry.value
    days_done = sum(1 for value in per_day.values() if _met(goal, value))
    latest = entries[-1].value if entries else None
    return WeekProgress(goal, days_done, goal.days_per_week, latest)


PATIENT_ADJUSTABLE = ("target_value", "days_per_week", "status")


def adjust_goal(
    session: Session,
    patient: Patient,
    goal: Goal,
    *,
    actor: str,
    target_value: float | None = None,
    days_per_week: int | None = None,
    source_message: str | None = None,
) -> Goal:
    """A patient changes a goal they set themselves; care-team targets stay clinical.
    ``source_message``: the same chat message again changes (and audits) nothing."""
    if goal.patient_id != patient.id:
        raise PermissionError("not this patient's goal")
    if goal.set_by != "patient":
        raise PermissionError("set by the care team")

    def work(record: MessageEffect) -> Goal:
        _adjust(session, goal, actor, target_value, days_per_week)
        effects.note(record, "goals", [goal.id])
        return goal

    return effects.once(session, source_message, effects.GOAL, work, lambda _: goal,
                        patient_id=patient.id)


def _adjust(session: Session, goal: Goal, actor: str, target_value: float | None,
            days_per_week: int | None) -> None:
    before = {"target_value": goal.target_value, "days_per_week": goal.days_per_week}
    if target_value is not None:
        low, high = PLAUSIBLE[goal.kind]
        if not low <= target_value <= high:
            raise ProgressError("implausible", goal, target_value)
        goal.target_value = target_value
        goal.target_unit = CANONICAL_UNIT[goal.kind]
    if days_per_week is not None:
        if not 1 <= days_per_week <= 7:
            raise ValueError("days_per_week must be between 1 and 7")
        goal.days_per_week = days_per_week
    audit.record(session, actor, "update", "goal", patient_id=goal.patient_id, entity_id=goal.id,
                 detail={"before": before, "after": {"target_value": goal.target_value,
                                                     "days_per_week": goal.days_per_week}})
