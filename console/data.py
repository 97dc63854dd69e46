"""What the console pages show, computed without the web framework: the transcript
from a Rasa tracker, adherence over the last days, the inline SVG chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Dose, Patient, utcnow


@dataclass(frozen=True)
class Line:
    """One line of the transcript."""

    who: str  # patient, bot, nurse, event
    text: str
    at: dt.datetime | None
    language: str | None = None
    note: str | None = None  # reminder, safety_net, paused, resumed
    nurse_id: int | None = None


def transcript(tracker: dict[str, Any]) -> list[Line]:
    """Patient, bot and nurse messages, reminders and their answers, pauses, with the
    language of each message (the NLU's for the patient's, the conversation's language
    slot at that moment for the bot's)."""
    lines: list[Line] = []
    current_language: str | None = None
    for event in tracker.get("events") or []:
        kind = event.get("event")
        stamp = event.get("timestamp")
        at = dt.datetime.fromtimestamp(stamp, dt.timezone.utc) if stamp else None
        metadata = event.get("metadata") or {}
        if kind == "slot" and event.get("name") == "language" and event.get("value"):
            current_language = event["value"]
        elif kind == "user":
            parse = event.get("parse_data") or {}
            lang = parse.get("language") or current_language
            if lang:
                current_language = lang
            lines.append(Line("patient", event.get("text") or "", at, lang))
        elif kind == "bot" and event.get("text"):
            if "nurse" in metadata:
                lines.append(Line("nurse", event["text"], at, current_language,
                                  nurse_id=_int(metadata.get("nurse"))))
            else:
                note = ("reminder" if "reminder" in metadata
                        else "safety_net" if metadata.get("safety_net") else None)
                lines.append(Line("bot", event["text"], at, current_language, note))
        elif kind in ("pause", "resume"):
            lines.append(Line("event", "", at, None, "paused" if kind == "pause" else "resumed"))
    return lines


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class DayAdherence:
    day: dt.date
    taken: int
    missed: int  # missed, or still unanswered although past

    @property
    def planned(self) -> int:
        return self.taken + self.missed


def adherence_series(session: Session, patient: Patient, *, days: int = 30,
                     now: dt.datetime | None = None) -> list[DayAdherence]:
    """Doses per local day over the last ``days`` days, today included: taken against
    planned (cancelled and skipped doses do not count; future ones neither)."""
    now = now or utcnow()
    zone = ZoneInfo(patient.timezone)
    today = now.astimezone(zone).date()
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.timezone.utc)
    counts: dict[dt.date, list[int]] = {first + dt.timedelta(days=i): [0, 0] for i in range(days)}
    doses = session.scalars(select(Dose).where(
        Dose.patient_id == patient.id, Dose.scheduled_at >= start, Dose.scheduled_at <= now))
    for dose in doses:
        day = dose.scheduled_at.astimezone(zone).date()
        if day not in counts or dose.status in ("cancelled", "skipped"):
            continue
        counts[day][0 if dose.status == "taken" else 1] += 1
    return [DayAdherence(day, taken, missed) for day, (taken, missed) in sorted(counts.items())]


def adherence_svg(series: list[DayAdherence], label: str) -> Markup:
    """A small bar chart: one bar per day, its height the share of doses taken; days
    without a planned dose are a dot on the axis. ``label`` is its accessible name."""
    width, height, bar = 6 * len(series) + 4, 60, 4
    parts = [f'<svg class="adherence" role="img" aria-label="{escape(label)}" '
             f'viewBox="0 0 {width} {height + 2}" width="{width * 3}" height="{(height + 2) * 2}"'
             ' xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" class="axis"/>']
    for i, day in enumerate(series):
        x = 2 + i * 6
        title = f"{day.day.isoformat()}: {day.taken}/{day.planned}"
        if not day.planned:
            parts.append(f'<circle cx="{x + bar / 2}" cy="{height - 1}" r="0.8" class="none">'
                         f'<title>{title}</title></circle>')
            continue
        share = day.taken / day.planned
        h = max(1.0, round(share * (height - 2), 1))
        css = "good" if share >= 0.8 else "fair" if share >= 0.5 else "poor"
        parts.append(f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" class="{css}">'
                     f'<title>{title}</title></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 — built from numbers and escaped text only
