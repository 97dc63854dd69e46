"""Refill reminders: a medication's stock, counted down by the doses taken, and one
reminder before it runs out.

A medication may carry ``pack_size`` and ``stock`` (whole units: tablets, puffs,
injections) from the care-plan file. Each dose marked taken subtracts its quantity
(the leading number of the dose text, "2 comprimés" is 2; none, a fraction or a strength
such as "75 mg" counts 1,
which warns a little early rather than late), inside the same exactly-once step that
records the answer (bot/doses.py), so a message processed twice counts once; a dose
corrected from taken back to missed gives its units back.

When the stock covers fewer than REFILL_WARNING_DAYS (7) days at the plan's daily use
(times a day x quantity x the share of the week's days), the reminders process queues
one refill reminder to the patient and to the caregivers who receive reminders
(``due`` and ``queue``), once per stock level: ``refill_warned_stock`` remembers the
stock it went out at, and only a stock that goes up again (a refill, a new plan)
clears it. Within REFILL_ANSWER_DAYS (5) days the patient's "renouvelé" / "opgehaald"
(``is_refill_answer``) adds ``pack_size`` to the stock (``refill``), audited.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from bot import audit, effects
from bot.models import Dose, Medication, MessageEffect, Reminder
from bot.nlu.language import normalise

KIND = "refill"
ANSWER_WITHIN = dt.timedelta(days=5)  # how long "renouvelé" is read as the answer
REFILL = "refill"  # the effect of an answer (bot/effects.py)
# The answers, after normalisation (lower case, no accents or punctuation).
ANSWERS = frozenset({
    "renouvele", "renouvelee", "renouveles", "renouvelees", "j ai renouvele",
    "jai renouvele", "nouvelle boite", "c est renouvele", "opgehaald", "ik heb ze opgehaald",
    "ik heb het opgehaald", "nieuwe doos", "vernieuwd",
})
_LEADING = re.compile(r"^\s*(\d+)")


def warning_days() -> int:
    """REFILL_WARNING_DAYS (7): warn when the stock lasts fewer days than this."""
    try:
        return max(0, int(os.environ.get("REFILL_WARNING_DAYS", "7")))
    except ValueError:
        return 7


def notify_pharmacist() -> bool:
    """REFILL_NOTIFY_PHARMACIST=1: the care team's pharmacist gets an SMS (default off)."""
    return os.environ.get("REFILL_NOTIFY_PHARMACIST", "0").strip() == "1"


# A number followed by one of these is a strength or an amount, not a count of units
# ("75 mg" is one tablet of 75 mg, "10 UI" one injection): it counts 1.
_MEASURE = re.compile(r"\s*(?:mg|g|mcg|µg|ug|ml|cl|l|ui|iu|u|e|eenheden|unités|unites|units"
                      r"|%)\b", re.IGNORECASE)


def units_per_dose(dose_text: str) -> int:
    """The leading whole number of the dose text ("2 bouffées": 2), else 1; a number
    that is a strength or an amount ("75 mg", "10 UI") counts 1 too."""
    text = dose_text or ""
    match = _LEADING.match(text)
    if not match or _MEASURE.match(text, match.end()):
        return 1
    return max(1, int(match[1]))


def daily_use(medication: Medication | Any) -> float:
    """Units a day on average: times a day x quantity x days taken per week / 7."""
    days = len(medication.days_of_week) if medication.days_of_week is not None else 7
    return len(medication.times or []) * units_per_dose(medication.dose_text) * days / 7


def days_left(medication: Medication | Any) -> int | None:
    """Whole days the stock lasts at the plan's use; None when not counted."""
    use = daily_use(medication)
    if medication.stock is None or use <= 0:
        return None
    return math.floor(medication.stock / use)


def _short(medication: Medication | Any) -> bool:
    left = days_left(medication)
    return left is not None and left < warning_days()


def count_down(session: Session, dose: Dose, before: str, after: str, actor: str) -> None:
    """A dose's status changed from ``before`` to ``after``: taken takes its units from
    the stock, taken corrected to anything else gives them back. Never below 0."""
    med = dose.medication
    if med.stock is None or (before == "taken") == (after == "taken"):
        return
    units = units_per_dose(med.dose_text)
    old = med.stock
    med.stock = max(0, old - units) if after == "taken" else old + units
    if med.stock > old:
        med.refill_warned_stock = None
    audit.record(session, actor, "update", "medication", patient_id=dose.patient_id,
                 entity_id=med.id, detail={"stock": [old, med.stock], "dose_id": dose.id})


def due(session: Session, where: ColumnElement[bool] | None = None) -> list[Medication]:
    """Active counted medications (``where``: a scheduler's share of the patients) that
    need a reminder. Only counted ones not yet warned are read, as plain columns (10,000
    of them: about 0.2 s on SQLite), and only those running short as objects."""
    query = select(Medication.id, Medication.times, Medication.days_of_week,
                   Medication.dose_text, Medication.stock).where(
        Medication.active.is_(True), Medication.stock.is_not(None),
        Medication.refill_warned_stock.is_(None))
    if where is not None:
        query = query.where(where)
    short = [row.id for row in session.execute(query) if _short(row)]
    if not short:
        return []
    return list(session.scalars(select(Medication).where(Medication.id.in_(short))
                                .order_by(Medication.id)))


def reminder_key(medication: Medication, now: dt.datetime) -> str:
    return f"refill:{medication.id}:{int(now.timestamp())}"


def medication_of(key: str) -> int | None:
    """The medication id a refill reminder's key names."""
    parts = key.split(":")
    return int(parts[1]) if len(parts) >= 3 and parts[0] == KIND and parts[1].isdigit() else None


def is_refill_answer(text: str) -> bool:
    plain = normalise(text or "")
    plain = "".join(ch if ch.isalnum() else " " for ch in plain)
    return " ".join(plain.split()) in ANSWERS


def open_reminders(session: Session, patient_id: int, now: dt.datetime) -> list[Reminder]:
    """The patient's refill reminders sent within ANSWER_WITHIN and not answered yet."""
    return list(session.scalars(select(Reminder).where(
        Reminder.patient_id == patient_id, Reminder.kind == KIND,
        Reminder.caregiver_id.is_(None), Reminder.status == "sent",
        Reminder.reason.is_(None), Reminder.sent_at >= now - ANSWER_WITHIN)
        .order_by(Reminder.id)))


def refill(session: Session, patient_id: int, now: dt.datetime, *, actor: str,
           source_message: str | None) -> list[Medication]:
    """The patient says the refill is done: each medication an open refill reminder
    names gets ``pack_size`` added (audited), the reminder is marked answered. Once per
    message (``source_message``); returns the medications refilled (none: no open
    reminder, the words go on to the conversation)."""

    def work(record: MessageEffect) -> list[Medication]:
        done: list[Medication] = []
        for reminder in open_reminders(session, patient_id, now):
            med_id = medication_of(reminder.key)
            med = session.get(Medication, med_id) if med_id is not None else None
            reminder.reason = "refilled"
            if med is None or med.patient_id != patient_id or med in done:
                continue
            old = med.stock or 0
            med.stock = old + (med.pack_size or 0)
            med.refill_warned_stock = None
            audit.record(session, actor, "refill", "medication", patient_id=patient_id,
                         entity_id=med.id, detail={"stock": [old, med.stock],
                                                   "reminder_id": reminder.id})
            done.append(med)
        effects.note(record, "medications", [m.id for m in done])
        return done

    def replay(record: MessageEffect) -> list[Medication]:
        return [m for m in (session.get(Medication, i) for i in record.entity_ids)
                if m is not None]

    return effects.once(session, source_message, REFILL, work, replay, patient_id=patient_id)
