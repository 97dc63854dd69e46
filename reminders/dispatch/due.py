"""What both ways of dispatching share: the claimed row (``Due``), how late each kind
may still go out, the outbound priority of reminders, and the skip they record.

Its own module so the one-by-one dispatcher (dispatcher.py) and the set-based
sender (batch.py) both import it without importing each other."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import ClassVar, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import adherence
from bot.adherence import Policy
from bot.models import Patient, Reminder
from bot.nlu.languages import normalise

log = logging.getLogger("reminders")

DISPATCH_BATCH = 500  # due reminders per transaction
BULK = 2  # outbound priority of reminders: after urgent messages and replies
GRACE = {
    "medication": dt.timedelta(hours=2),
    adherence.SNOOZE: dt.timedelta(hours=2),
    adherence.FOLLOW_UP: dt.timedelta(hours=2),
    "caregiver_reminder": dt.timedelta(hours=2),
    "caregiver_alert": dt.timedelta(hours=12),
    "appointment": dt.timedelta(hours=12),
}

FAST_KINDS = frozenset({"medication", adherence.SNOOZE, adherence.FOLLOW_UP,
                        "caregiver_reminder"})


def language(lang: str | None) -> str:
    return normalise(lang)


def local_time(patient: Patient, at: dt.datetime) -> dt.datetime:
    """``at`` in the patient's timezone (what the patient's texts show)."""
    return at.astimezone(ZoneInfo(patient.timezone))


@dataclass
class Due:
    """A claimed reminder handled set-based: its row, and what becomes of it (written
    back with one UPDATE per outcome, not through the ORM)."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id", "key", "kind", "patient_id", "caregiver_id", "dose_id", "due_at")
    id: int
    key: str
    kind: str
    patient_id: int
    caregiver_id: int | None
    dose_id: int | None
    due_at: dt.datetime
    status: str = "planned"
    reason: str | None = None
    sent_at: dt.datetime | None = None
    outbound_id: int | None = None
    moved: bool = False  # planned again with a new due_at (a step armed again)


class Pass(Protocol):
    """One pass over the due reminders, as the set-based sender needs it: the
    dispatcher that claimed the batch (dispatcher.Dispatcher)."""

    session: Session
    now: dt.datetime
    policy: Policy


def skip(reminder: Reminder | Due, reason: str) -> None:
    """A reminder that will not be sent, and why (too late, dose answered, no channel)."""
    reminder.status, reminder.reason = "skipped", reason
