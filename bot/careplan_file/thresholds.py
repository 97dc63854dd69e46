"""The care-plan file's optional `thresholds` section: the patient's alert thresholds
for the readings they report (bot/readings.py), read with the same collecting reader
as every other section, and written back by the export in the units they are kept in.

Every number is checked against a plausible range after conversion, so a unit mix-up
(a glucose `high: 13` meant in mmol/L but written as mg/dL) is an error, not an alarm
that never rings.
"""

from __future__ import annotations

from typing import Any

from bot.careplan_file.fields import _Field, _Map, _Reader
from bot.readings import GLUCOSE_UNITS, Thresholds

SECTION_KEYS = ("glucose", "blood_pressure", "weight", "peak_flow")
GLUCOSE_KEYS = ("low", "high", "unit")
PRESSURE_KEYS = ("systolic_low", "systolic_high", "diastolic_low", "diastolic_high")
WEIGHT_KEYS = ("gain_kg", "days")
PEAK_FLOW_KEYS = ("low", "low_percent", "personal_best")
DEFAULT_WEIGHT_DAYS = 3
# Plausible thresholds, in the stored unit.
GLUCOSE_RANGE = (40.0, 600.0)  # mg/dL
SYSTOLIC_RANGE = (60.0, 260.0)  # mmHg
DIASTOLIC_RANGE = (30.0, 160.0)
WEIGHT_GAIN_RANGE = (0.5, 10.0)  # kg
WEIGHT_DAYS_RANGE = (1, 14)
PEAK_FLOW_RANGE = (50.0, 900.0)  # L/min
PERCENT_RANGE = (30.0, 95.0)


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class _Checks:
    """Reads of one threshold mapping (`glucose`, `blood_pressure`, ...)."""

    def __init__(self, r: _Reader, m: _Map) -> None:
        self.r, self.m = r, m
        self.before = len(r.problems)

    def value(self, key: str, bounds: tuple[float, float], unit: str,
              factor: float = 1.0) -> float | None:
        number = self.r.number(self.m[key])
        if number is None:
            return None
        value = round(number * factor, 1)
        low, high = bounds
        if not low <= value <= high:
            shown = f"{_text(number)} ({_text(value)} {unit})" if factor != 1.0 else _text(number)
            self.r.problem(self.m[key].line, self.m[key].path, "careplan.threshold_range",
                           shown=shown, low=_text(low), high=_text(high), unit=unit)
            return None
        return value

    def ordered(self, low_key: str, low: float | None, high_key: str,
                high: float | None) -> None:
        if low is not None and high is not None and low >= high:
            self.r.problem(self.m[high_key].line, self.m[high_key].path,
                           "careplan.threshold_order", low_key=low_key, low=_text(low))

    def some(self, *values: Any) -> None:
        if all(v is None for v in values) and len(self.r.problems) == self.before:
            self.r.problem(self.m.line, self.m.path, "careplan.threshold_empty")


def read_thresholds(r: _Reader, f: _Field) -> Thresholds:
    """The section, or empty thresholds when it is left out (a file without it clears
    them on re-import: the file is the plan)."""
    top = r.mapping(f, SECTION_KEYS, required=False)
    if top is None:
        return Thresholds()
    values: dict[str, Any] = {}
    g = r.mapping(top["glucose"], GLUCOSE_KEYS, required=False)
    if g is not None:
        unit = r.choice(g["unit"], tuple(GLUCOSE_UNITS)) or "mg/dL"
        c = _Checks(r, g)
        low = c.value("low", GLUCOSE_RANGE, "mg/dL", GLUCOSE_UNITS[unit])
        high = c.value("high", GLUCOSE_RANGE, "mg/dL", GLUCOSE_UNITS[unit])
        c.ordered("low", low, "high", high)
        c.some(low, high)
        values.update(glucose_low=low, glucose_high=high)
    p = r.mapping(top["blood_pressure"], PRESSURE_KEYS, required=False)
    if p is not None:
        c = _Checks(r, p)
        found = {key: c.value(key, SYSTOLIC_RANGE if key.startswith("systolic")
                              else DIASTOLIC_RANGE, "mmHg") for key in PRESSURE_KEYS}
        c.ordered("systolic_low", found["systolic_low"], "systolic_high", found["systolic_high"])
        c.ordered("diastolic_low", found["diastolic_low"], "diastolic_high",
                  found["diastolic_high"])
        c.some(*found.values())
        values.update(found)
    w = r.mapping(top["weight"], WEIGHT_KEYS, required=False)
    if w is not None:
        gain = r.number(w["gain_kg"], required=True)
        if gain is not None and not WEIGHT_GAIN_RANGE[0] <= gain <= WEIGHT_GAIN_RANGE[1]:
            r.problem(w["gain_kg"].line, w["gain_kg"].path, "careplan.threshold_range",
                      shown=_text(gain), low="0.5", high="10", unit="kg")
            gain = None
        days = r.integer(w["days"], *WEIGHT_DAYS_RANGE) or DEFAULT_WEIGHT_DAYS
        values.update(weight_gain_kg=gain, weight_gain_days=days if gain is not None else None)
    pf = r.mapping(top["peak_flow"], PEAK_FLOW_KEYS, required=False)
    if pf is not None:
        c = _Checks(r, pf)
        low = c.value("low", PEAK_FLOW_RANGE, "L/min")
        percent = c.value("low_percent", PERCENT_RANGE, "%")
        best = c.value("personal_best", PEAK_FLOW_RANGE, "L/min")
        if percent is not None and best is None and pf["personal_best"].node is None:
            r.problem(pf.line, pf.path, "careplan.percent_needs_best")
        c.some(low, percent)
        values.update(peak_flow_low=low, peak_flow_low_percent=percent,
                      peak_flow_personal_best=best)
    return Thresholds(**values)


def thresholds_yaml(thresholds: Thresholds, flow: type[dict]) -> dict[str, Any] | None:
    """The section as the export writes it (`flow`: the dumper's one-line mapping),
    glucose in mg/dL; None when no threshold is set (the section is left out)."""
    t = thresholds
    out: dict[str, Any] = {}

    def some(**values: float | None) -> dict[str, Any]:
        return flow({k: _number(v) for k, v in values.items() if v is not None})

    if t.watches("glucose"):
        out["glucose"] = flow(some(low=t.glucose_low, high=t.glucose_high), unit="mg/dL")
    if t.watches("blood_pressure"):
        out["blood_pressure"] = some(systolic_low=t.systolic_low, systolic_high=t.systolic_high,
                                     diastolic_low=t.diastolic_low,
                                     diastolic_high=t.diastolic_high)
    if t.weight_gain_kg is not None:
        out["weight"] = some(gain_kg=t.weight_gain_kg, days=t.weight_gain_days)
    if t.watches("peak_flow"):
        out["peak_flow"] = some(low=t.peak_flow_low, low_percent=t.peak_flow_low_percent,
                                personal_best=t.peak_flow_personal_best)
    return out or None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
