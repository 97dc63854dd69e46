"""The patient page's readings plots: one small inline SVG per kind the patient has
reported or the care plan watches (glucose, blood pressure, weight, peak flow), the
last 30 days, with the care plan's thresholds drawn as dashed lines, so a nurse sees
at a glance where a `reading_alert` came from. Like the adherence chart
(console/data.py), plain SVG built from numbers and escaped text: no script, CSP-safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from bot import readings
from bot.models import Patient, Reading, utcnow

WIDTH, HEIGHT, PAD = 300, 90, 4
DAYS = 30


@dataclass(frozen=True)
class Chart:
    kind: str
    svg: Markup
    count: int


def _limits(thresholds: readings.Thresholds, kind: str) -> list[tuple[str, float]]:
    """The horizontal lines of a kind: (name, value)."""
    t = thresholds
    candidates = {
        readings.GLUCOSE: [("low", t.glucose_low), ("high", t.glucose_high)],
        readings.BLOOD_PRESSURE: [("systolic_low", t.systolic_low),
                                  ("systolic_high", t.systolic_high),
                                  ("diastolic_low", t.diastolic_low),
                                  ("diastolic_high", t.diastolic_high)],
        readings.WEIGHT: [],  # a gain over days, not a level: shown in the points' titles
        readings.PEAK_FLOW: [("low", t.peak_flow_limit())],
    }[kind]
    return [(name, value) for name, value in candidates if value is not None]


def charts(session: Session, patient: Patient, label: Callable[[str, int], str], *,
           now: dt.datetime | None = None) -> list[Chart]:
    """A chart for each kind with readings in the last 30 days or a threshold;
    ``label(kind, count)`` gives its accessible name in the reader's language."""
    now = now or utcnow()
    thresholds = readings.thresholds_of(patient)
    out = []
    for kind in readings.KINDS:
        rows = readings.series(session, patient, kind, days=DAYS, now=now)
        if not rows and not thresholds.watches(kind):
            continue
        out.append(Chart(kind, svg(rows, _limits(thresholds, kind), kind, now,
                                   label(kind, len(rows))), len(rows)))
    return out


def svg(rows: list[Reading], limits: list[tuple[str, float]], kind: str, now: dt.datetime,
        label: str) -> Markup:
    """Points (and a line) over the last 30 days; the diastolic as a second line for
    blood pressure; each threshold a dashed line with its value; an alerting reading
    drawn as a larger red point."""
    values = [r.value for r in rows] + [r.diastolic for r in rows if r.diastolic is not None]
    values += [value for _, value in limits]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    span = high - low
    low, high = low - span * 0.1, high + span * 0.1
    start = now - dt.timedelta(days=DAYS)

    def x(at: dt.datetime) -> float:
        return round(PAD + (at - start).total_seconds() / (DAYS * 86400) * (WIDTH - 2 * PAD), 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD), 1)

    unit = readings.UNIT[kind]
    parts = [f'<svg class="readings readings-{kind}" role="img" aria-label="{escape(label)}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
             'xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="0" y1="{HEIGHT - 1}" x2="{WIDTH}" y2="{HEIGHT - 1}" class="axis"/>']
    for name, value in limits:
        parts.append(f'<line x1="0" y1="{y(value)}" x2="{WIDTH}" y2="{y(value)}" '
                     f'class="threshold" stroke-dasharray="4 3" data-name="{name}">'
                     f'<title>{escape(name)}: {value:g} {unit}</title></line>')
        parts.append(f'<text x="{WIDTH - 2}" y="{y(value) - 2}" text-anchor="end" '
                     f'class="threshold-label">{value:g}</text>')
    for series_name, points in (("value", [(r, r.value) for r in rows]),
                                ("diastolic", [(r, r.diastolic) for r in rows
                                               if r.diastolic is not None])):
        if len(points) > 1:
            path = " ".join(f"{x(r.recorded_at)},{y(v)}" for r, v in points)
            parts.append(f'<polyline points="{path}" class="line {series_name}" fill="none"/>')
        for r, v in points:
            css = "alert" if r.alert else "point"
            shown = f"{r.value:g}/{r.diastolic:g}" if r.diastolic is not None else f"{v:g}"
            title = f"{r.recorded_at.date().isoformat()}: {shown} {unit}"
            if r.alert:
                title += f" ({escape(r.alert)})"
            parts.append(f'<circle cx="{x(r.recorded_at)}" cy="{y(v)}" '
                         f'r="{3 if r.alert else 2}" class="{css}"><title>{title}</title>'
                         '</circle>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 — built from numbers and escaped text only
