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

from bot import doses as dose_rules
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
    missed: int  # as the reminder flow says: see dose_outcome
    pending: int = 0  # due, but still in its answer window

    @property
    def planned(self) -> int:
        """The doses settled either way (pending ones are not counted yet)."""
        return self.taken + self.missed


def dose_outcome(dose: Dose, now: dt.datetime) -> str | None:
    """taken, missed or pending, as the reminder flow sees a past dose; None for one
    that does not count (cancelled, skipped). A dose is missed only when the flow says
    so: the missed check marked it (no answer after the follow-up), the patient said
    "pas pris", or its answer window closed without an answer (no reminder could be
    sent); a dose due a minute ago is pending."""
    if dose.status in (dose_rules.CANCELLED, dose_rules.SKIPPED):
        return None
    if dose.status in (dose_rules.TAKEN, dose_rules.MISSED):
        return dose.status
    if dose.scheduled_at + dose_rules.ANSWER_WINDOW_AFTER <= now:
        return dose_rules.MISSED
    return dose_rules.PENDING


def adherence_series(session: Session, patient: Patient, *, days: int = 30,
                     now: dt.datetime | None = None) -> list[DayAdherence]:
    """Doses per local day over the last ``days`` days, today included: taken,
    missed and still pending (dose_outcome; cancelled, skipped and future doses do not
    count)."""
    now = now or utcnow()
    zone = ZoneInfo(patient.timezone)
    today = now.astimezone(zone).date()
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.timezone.utc)
    slots = (dose_rules.TAKEN, dose_rules.MISSED, dose_rules.PENDING)
    counts: dict[dt.date, list[int]] = {first + dt.timedelta(days=i): [0, 0, 0]
                                        for i in range(days)}
    doses = session.scalars(select(Dose).where(
        Dose.patient_id == patient.id, Dose.scheduled_at >= start, Dose.scheduled_at <= now))
    for dose in doses:
        day = dose.scheduled_at.astimezone(zone).date()
        outcome = dose_outcome(dose, now)
        if day in counts and outcome is not None:
            counts[day][slots.index(outcome)] += 1
    return [DayAdherence(day, *row) for day, row in sorted(counts.items())]


def adherence_svg(series: list[DayAdherence], label: str,
                  pending: str = "pending") -> Markup:
    """A small bar chart: one bar per day, its height the share of settled doses
    taken; days without a settled dose are a dot on the axis (outlined when doses are
    pending). ``label`` is its accessible name, ``pending`` the word for doses still
    in their answer window (the console's language)."""
    width, height, bar = 6 * len(series) + 4, 60, 4
    parts = [f'<svg class="adherence" role="img" aria-label="{escape(label)}" '
             f'viewBox="0 0 {width} {height + 2}" width="{width * 3}" height="{(height + 2) * 2}"'
             ' xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" class="axis"/>']
    for i, day in enumerate(series):
        x = 2 + i * 6
        title = f"{day.day.isoformat()}: {day.taken}/{day.planned}"
        if day.pending:
            title += f" + {day.pending} {escape(pending)}"
        if not day.planned:
            css = "pending" if day.pending else "none"
            parts.append(f'<circle cx="{x + bar / 2}" cy="{height - 1}" r="0.8" class="{css}">'
                         f'<title>{title}</title></circle>')
            continue
        share = day.taken / day.planned
        h = max(1.0, round(share * (height - 2), 1))
        css = "good" if share >= 0.8 else "fair" if share >= 0.5 else "poor"
        parts.append(f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" class="{css}">'
                     f'<title>{title}</title></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 — built from numbers and escaped text only
