"""Exactly-once effects of an inbound message.

Forwarding a message to Rasa is at-least-once: a crash or a time-out between Rasa's
answer and the gateway's bookkeeping, or Rasa dying before it saved the tracker, can
run the same message's actions again. So every change a message makes (a progress
entry, a dose answer, a snooze, a flag, a goal change, and the audit entries that go
with them) is done through ``once``, keyed by the message (``source_message``: the
gateway's inbound id, see actions/common.message_key).

``once`` first writes a ``message_effects`` row (unique on source_message and effect)
in a SAVEPOINT, then does the work in that same savepoint, and notes which rows it
made or changed. A second run with the same key finds the row and only replays the
first result: nothing is written, and the patient's answer is built from the same
rows. Two runs at the same time (two processes, PostgreSQL) cannot both write: the
second one's INSERT waits on the unique index until the first commits, then fails
with an IntegrityError, its savepoint is rolled back and it replays the first
result. Work that raises (a report the domain refuses) rolls its claim back with it,
so the same message can still be answered later.

The rows are kept EFFECTS_KEEP_DAYS (30) and then purged (``purge``, from the
reminders scheduler's tick), so the ledger does not grow for ever. A row only matters
while its message can be processed again, and that window is a day at most: the
gateway retries a stored message for 24 hours and then fails it with an `unprocessed`
flag (gateway/forwarding.py, RETRY_FOR), Telegram keeps an undelivered update 24 hours, and
a re-sent webhook is recognised by the inbound row's provider id, not by this table.
Thirty days is far beyond that, and leaves a month in which what a message changed
can still be traced from it. (The retention job, bot/gdpr/retention.py, deletes them
at RETENTION_MONTHS as well, for storage limitation; this shorter purge keeps the
ledger small, and its created_at index serves both.)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import MessageEffect

T = TypeVar("T")

PROGRESS = "progress"
DOSE_ANSWER = "dose_answer"  # "pris" / "oublié": the doses it answered
SNOOZE = "snooze"  # "plus tard"
GOAL = "goal"  # a patient's own goal changed from the chat
READING = "reading"  # a glucose, pressure, weight or peak flow and its alert (bot/readings.py)
PURGE_BATCH = 1000  # rows deleted per statement (and transaction): short locks


def flag(kind: str) -> str:
    """One flag of each kind per message (a message can be both a symptom and low mood)."""
    return f"flag:{kind}"


def find(session: Session, source_message: str, effect: str) -> MessageEffect | None:
    return session.scalars(select(MessageEffect).where(
        MessageEffect.source_message == source_message, MessageEffect.effect == effect)).first()


def once(
    session: Session,
    source_message: str | None,
    effect: str,
    work: Callable[[MessageEffect], T],
    replay: Callable[[MessageEffect], T],
    *,
    patient_id: int | None = None,
) -> T:
    """``work(record)`` the first time this message has this effect (it fills
    ``record.entity``, ``entity_ids`` and ``detail`` with what ``replay`` needs);
    ``replay(record)`` every later time. Without a key (a caller that has no message,
    the care team's tools), ``work`` runs on a record that is never stored."""
    if not source_message:
        return work(MessageEffect(source_message="", effect=effect, entity_ids=[]))
    done = find(session, source_message, effect)
    if done is not None:
        return replay(done)
    record = MessageEffect(source_message=source_message, effect=effect,
                           patient_id=patient_id, entity_ids=[])
    try:
        with session.begin_nested():
            session.add(record)
            session.flush()  # takes the unique key now: a concurrent run waits here
            result = work(record)
            session.flush()
    except IntegrityError:
        done = find(session, source_message, effect)
        if done is None:  # not our key that clashed
            raise
        return replay(done)
    return result


def note(record: MessageEffect, entity: str, ids: list[int],
         detail: dict[str, Any] | None = None) -> None:
    record.entity, record.entity_ids, record.detail = entity, list(ids), detail


def keep_for() -> dt.timedelta:
    """EFFECTS_KEEP_DAYS (30): how long a message's effect rows are kept (see above)."""
    return dt.timedelta(days=float(os.environ.get("EFFECTS_KEEP_DAYS", "30")))


def purge(session: Session, before: dt.datetime, limit: int = PURGE_BATCH) -> int:
    """Deletes up to ``limit`` effect rows made before ``before``, oldest first (on the
    created_at index); returns how many. Called in a loop, one transaction per batch,
    so no statement holds the table for long."""
    oldest = (select(MessageEffect.id).where(MessageEffect.created_at < before)
              .order_by(MessageEffect.created_at).limit(limit))
    ids = list(session.scalars(oldest))
    if not ids:
        return 0
    session.execute(delete(MessageEffect).where(MessageEffect.id.in_(ids)))
    return len(ids)
