"""Readings the patient reports (glucose, blood pressure, weight, peak flow) and the
per-patient alert thresholds their care plan sets.

A reading outside its thresholds gets a fixed answer, never a diagnosis and never a
change of treatment: call your GP today (the doctor on duty, 1733, in the evening and
at weekends), 112 with symptoms; and a `reading_alert` flag for the care team. The
thresholds are the care team's, written in the care-plan file (docs/careplan-format.md)
and read by its one validator, so this module only compares numbers.

The safety net decides first. A reading the red-flag rules call an emergency (a glucose
below 70 mg/dL, bot/nlu/red_flags/readings.py; or any message the gateway already answered
with 112) gives an *urgent* flag and the 112 advice whatever the thresholds say; the
thresholds can add an alert, never lower one.

Readings are their own rows (``readings``), not only goal progress: a heart-failure
patient's weight must be watched whether or not weighing is one of their goals, and
the "+2 kg in 3 days" rule needs the history.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, effects, flags
from bot.formatting import format_number
from bot.messages import render
from bot.models import MessageEffect, Patient, Reading, utcnow
from bot.nlu.numbers import parse_number

GLUCOSE, BLOOD_PRESSURE, WEIGHT, PEAK_FLOW = "glucose", "blood_pressure", "weight", "peak_flow"
KINDS = (GLUCOSE, BLOOD_PRESSURE, WEIGHT, PEAK_FLOW)
# The unit each kind is stored, compared and drawn in.
UNIT = {GLUCOSE: "mg/dL", BLOOD_PRESSURE: "mmHg", WEIGHT: "kg", PEAK_FLOW: "L/min"}
# Glucose units a care plan may write, and their factor to mg/dL (1 mmol/L = 18 mg/dL).
GLUCOSE_UNITS = {"mg/dL": 1.0, "mmol/L": 18.0, "g/L": 100.0}
# Below this a glucose is a hypoglycaemia to the red-flag rules (bot/nlu/red_flags/readings.py:
# under 0.70 g/L or 70 mg/dL, 3.5 mmol/L in Dutch one-decimal readings): an emergency,
# whatever the plan's own low threshold. tests/integration/test_readings.py checks the two agree.
HYPO_MG_DL = 70.0

HIGH, URGENT = "high", "urgent"

# A peak flow a patient can blow, in L/min (adult meters read 60 to 800 or 900); the
# action server asks again outside it rather than store a typo.
PEAK_FLOW_PLAUSIBLE = (50.0, 900.0)
# How patients name a peak flow: "peak flow", "débit (expiratoire) de pointe", "DEP",
# "débitmètre", "piekstroom(meter)", "PEF". The NLU tags the words it learned as the
# `goal_kind` entity `peak_flow`; this catches the spellings it did not map (DIET then
# returns the words themselves as the value) and a unit alone ("320 l/min").
_PEAK_FLOW_WORDS = re.compile(
    r"\b(peak[\s-]?flow|d[ée]bit\s+(?:expiratoire\s+)?(?:de\s+)?pointe|d[ée]bitm[èe]tre"
    r"|dep|pef|piekstroom\w*|l\s*/\s*min|liters?\s*/\s*min|litres?\s*/\s*min)\b",
    re.IGNORECASE)


def names_peak_flow(text: str | None) -> bool:
    """Whether an entity value, a unit or a message names a peak flow."""
    return bool(text) and _PEAK_FLOW_WORDS.search(text or "") is not None


@dataclass(frozen=True)
class Thresholds:
    """A patient's alert thresholds; None: not watched. Glucose in mg/dL, pressure in
    mmHg, peak flow in L/min. Peak flow is low below ``peak_flow_low`` or below
    ``peak_flow_low_percent`` % of ``peak_flow_personal_best``."""

    glucose_low: float | None = None
    glucose_high: float | None = None
    systolic_low: float | None = None
    systolic_high: float | None = None
    diastolic_low: float | None = None
    diastolic_high: float | None = None
    weight_gain_kg: float | None = None
    weight_gain_days: int | None = None
    peak_flow_low: float | None = None
    peak_flow_low_percent: float | None = None
    peak_flow_personal_best: float | None = None

    def to_json(self) -> dict[str, Any] | None:
        """What the patients table keeps: the set values only, None when none is."""
        values = {k: v for k, v in asdict(self).items() if v is not None}
        return values or None

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Thresholds:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def watches(self, kind: str) -> bool:
        prefix = {GLUCOSE: ("glucose",), BLOOD_PRESSURE: ("systolic", "diastolic"),
                  WEIGHT: ("weight",), PEAK_FLOW: ("peak_flow",)}[kind]
        return any(v is not None and k.startswith(prefix) for k, v in asdict(self).items())

    def peak_flow_limit(self) -> float | None:
        """The peak flow under which a reading alerts: the higher of the two rules."""
        limits = [self.peak_flow_low] if self.peak_flow_low is not None else []
        if self.peak_flow_low_percent is not None and self.peak_flow_personal_best is not None:
            limits.append(self.peak_flow_personal_best * self.peak_flow_low_percent / 100)
        return max(limits) if limits else None


def thresholds_of(patient: Patient) -> Thresholds:
    return Thresholds.from_json(patient.reading_thresholds)


@dataclass(frozen=True)
class Alert:
    """Why a reading alerts: ``reason`` (low, high, gain), the value shown to the patient
    (the gain for weight), and the severity of the flag."""

    kind: str
    reason: str
    value: float
    severity: str
    days: int | None = None


def check(thresholds: Thresholds, kind: str, value: float, *, diastolic: float | None = None,
          weights: list[tuple[dt.datetime, float]] | None = None,
          at: dt.datetime | None = None, emergency: bool = False) -> Alert | None:
    """The alert a reading raises, or None. ``weights``: earlier weights (time, kg) for
    the gain rule; ``emergency``: the safety net already called the message one. A
    value on a threshold is inside it (a high of 250 alerts from 250.1)."""
    if kind == GLUCOSE and value < HYPO_MG_DL:
        return Alert(kind, "low", value, URGENT)
    severity = URGENT if emergency else HIGH
    if kind == GLUCOSE:
        if thresholds.glucose_low is not None and value < thresholds.glucose_low:
            return Alert(kind, "low", value, severity)
        if thresholds.glucose_high is not None and value > thresholds.glucose_high:
            return Alert(kind, "high", value, severity)
    elif kind == BLOOD_PRESSURE:
        for reading, low, high in ((value, thresholds.systolic_low, thresholds.systolic_high),
                                   (diastolic, thresholds.diastolic_low,
                                    thresholds.diastolic_high)):
            if reading is None:
                continue
            if low is not None and reading < low:
                return Alert(kind, "low", value, severity)
            if high is not None and reading > high:
                return Alert(kind, "high", value, severity)
    elif kind == WEIGHT:
        alert = _weight_gain(thresholds, value, weights or [], at or utcnow(), severity)
        if alert is not None:
            return alert
    elif kind == PEAK_FLOW:
        limit = thresholds.peak_flow_limit()
        if limit is not None and value < limit:
            return Alert(kind, "low", value, severity)
    # Inside its thresholds: an emergency the message tells (chest pain with a normal
    # pressure) is the safety net's own urgent flag, not a reading's.
    return None


def _weight_gain(thresholds: Thresholds, value: float, weights: list[tuple[dt.datetime, float]],
                 at: dt.datetime, severity: str) -> Alert | None:
    """Heart failure's "+2 kg in 3 days": the gain over the lowest weight of the last
    ``weight_gain_days`` days (fluid builds up over days; a slow gain over months is
    not this rule's)."""
    gain, days = thresholds.weight_gain_kg, thresholds.weight_gain_days
    if gain is None or days is None:
        return None
    since = at - dt.timedelta(days=days)
    earlier = [kg for when, kg in weights if since <= when <= at]
    if not earlier:
        return None
    increase = round(value - min(earlier), 2)
    if increase >= gain:
        return Alert(WEIGHT, "gain", increase, severity, days)
    return None


_PRESSURE = re.compile(r"^\s*(\d{1,3}(?:[.,]\d)?)\s*(?:/|sur|op|over)\s*(\d{1,3}(?:[.,]\d)?)\s*$")


def parse_blood_pressure(quantity: str) -> tuple[float, float | None] | None:
    """"135/85", "13/8" (cmHg, as French patients say it: 130/80), "13,5/8", or a
    systolic alone. The same reading of centimetres as the red-flag rules'."""
    match = _PRESSURE.match(quantity or "")
    if match:
        systolic = parse_number(match.group(1))
        diastolic = parse_number(match.group(2))
    else:
        systolic, diastolic = parse_number(quantity or ""), None
    if systolic is None:
        return None
    systolic = systolic * 10 if systolic < 30 else systolic
    if diastolic is not None and diastolic < 20:
        diastolic *= 10
    return systolic, diastolic


def amount_text(kind: str, value: float, diastolic: float | None, lang: str) -> str:
    """ "250 mg/dL", "165/95 mmHg", "2,5 kg" in the patient's language."""
    if kind == BLOOD_PRESSURE and diastolic is not None:
        return f"{format_number(value, lang, 0)}/{format_number(diastolic, lang, 0)} mmHg"
    return f"{format_number(value, lang)} {UNIT[kind]}"


def advice(alert: Alert, lang: str, *, diastolic: float | None = None) -> str:
    """The fixed answer to a reading that alerts: what it is, then whom to call."""
    what = render(f"reading_name_{alert.kind}", lang)
    if alert.reason == "gain":
        first = render("reading_weight_gain", lang,
                       gain=amount_text(WEIGHT, alert.value, None, lang), days=alert.days)
    else:
        first = render("reading_out_of_range", lang, what=what,
                       amount=amount_text(alert.kind, alert.value, diastolic, lang))
    then = render("reading_advice_urgent" if alert.severity == URGENT else "reading_advice", lang)
    return f"{first} {then}"


@dataclass(frozen=True)
class Recorded:
    reading: Reading
    alert: Alert | None


def record(session: Session, patient: Patient, kind: str, value: float, *,
           diastolic: float | None = None, actor: str, conversation_id: str | None,
           source_message: str | None, emergency: bool = False,
           at: dt.datetime | None = None, text: str = "") -> Recorded:
    """Store one reading and check it; an alert raises a `reading_alert` flag (urgent
    when the safety net called the message an emergency). Exactly once per inbound
    message: the same message again returns what the first run stored and raised."""
    at = at or utcnow()

    def work(effect: MessageEffect) -> Recorded:
        thresholds = thresholds_of(patient)
        weights = []
        if kind == WEIGHT and thresholds.weight_gain_days:
            since = at - dt.timedelta(days=thresholds.weight_gain_days)
            weights = [(r.recorded_at, r.value) for r in session.scalars(select(Reading).where(
                Reading.patient_id == patient.id, Reading.kind == WEIGHT,
                Reading.recorded_at >= since))]
        alert = check(thresholds, kind, value, diastolic=diastolic, weights=weights, at=at,
                      emergency=emergency)
        reading = Reading(patient_id=patient.id, kind=kind, value=round(value, 2),
                          diastolic=diastolic, unit=UNIT[kind], recorded_at=at,
                          alert=alert.reason if alert else None)
        session.add(reading)
        session.flush()
        audit.record(session, actor, "create", "reading", patient_id=patient.id,
                     entity_id=reading.id, detail={"kind": kind, "alert": reading.alert})
        if alert is not None:
            summary = f"[{kind} {alert.reason}] {amount_text(kind, value, diastolic, 'fr')}"
            if text:
                summary += f" — {text}"
            flags.raise_flag(session, flags.READING_ALERT, patient_id=patient.id,
                             conversation_id=conversation_id, summary=summary[:1000],
                             actor=actor, severity=alert.severity,
                             reopen=alert.severity == URGENT)
        effects.note(effect, "readings", [reading.id],
                     {"alert": asdict(alert) if alert else None})
        return Recorded(reading, alert)

    def replay(effect: MessageEffect) -> Recorded:
        reading = session.get_one(Reading, effect.entity_ids[0])
        stored = (effect.detail or {}).get("alert")
        return Recorded(reading, Alert(**stored) if stored else None)

    return effects.once(session, source_message, effects.READING, work, replay,
                        patient_id=patient.id)


def series(session: Session, patient: Patient, kind: str, *, days: int = 30,
           now: dt.datetime | None = None) -> list[Reading]:
    """The patient's readings of one kind over the last ``days`` days, oldest first."""
    since = (now or utcnow()) - dt.timedelta(days=days)
    return list(session.scalars(select(Reading).where(
        Reading.patient_id == patient.id, Reading.kind == kind, Reading.recorded_at >= since)
        .order_by(Reading.recorded_at, Reading.id)))
