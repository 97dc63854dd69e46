"""Retention (GDPR art. 5(1)(e), storage limitation): what is older than the period
goes, in batches, by the reminders process every hour (reminders/__main__.py) or by
`bot gdpr retention` (``--dry-run``: the counts only).

The policy, per category (``RETENTION_MONTHS``, default 24; ``AUDIT_RETENTION_MONTHS``,
default 120):

- ``messages_in``, ``messages_out``: rows of the inbound and outbound queues older
  than the period (received, created) are deleted, text, sender or address and
  metadata with them; a message still waiting (inbound ``received``, outbound
  ``queued``/``sending``) is never deleted under the gateway's feet;
- ``conversation_events``: Rasa's events older than the period, deleted in its
  tracker store (bot/gdpr/tracker.py, SQLite or PostgreSQL);
- ``message_effects``: the exactly-once keys of messages older than the period (no
  provider retries a message two years on) and the answer details they keep;
- ``flag_texts``: a flag resolved before the period keeps its kind, severity, times
  and who handled it (what the care team did stays answerable), but its summary (the
  patient's words) and resolution note are blanked; open and acknowledged flags are
  work in progress and stay whole;
- ``audit_entries``: kept ``AUDIT_RETENTION_MONTHS`` (ten years by default: longer
  than the messages, since they answer "who saw what" when a question comes late,
  and they hold no message text), then deleted.

The care record itself (the plan, goals, doses, readings, appointments) is the care
team's medical file and is not this job's: it goes with the patient's erasure. Each
batch (``RETENTION_BATCH`` rows, default 1,000) is its own short transaction, so the
job never holds a large lock and an interrupted run simply continues at the next.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot import audit
from bot.db import session_scope
from bot.gdpr import tracker
from bot.models import AuditEntry, Flag, InboundMessage, MessageEffect, OutboundMessage, utcnow

log = logging.getLogger("bot.retention")
CATEGORIES = ("messages_in", "messages_out", "conversation_events", "message_effects",
              "flag_texts", "audit_entries")


@dataclass(frozen=True)
class Policy:
    months: int = 24
    audit_months: int = 120
    batch: int = 1000

    @classmethod
    def from_env(cls) -> Policy:
        return cls(int(os.environ.get("RETENTION_MONTHS", "24")),
                   int(os.environ.get("AUDIT_RETENTION_MONTHS", "120")),
                   max(1, int(os.environ.get("RETENTION_BATCH", "1000"))))


def months_before(now: dt.datetime, months: int) -> dt.datetime:
    """The same wall-clock instant ``months`` calendar months earlier (the 31st becomes
    the last day of a shorter month)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def _flag_texts(cutoff: dt.datetime) -> ColumnElement[bool]:
    return and_(Flag.status == "resolved", Flag.resolved_at < cutoff,
                or_(Flag.summary != "", Flag.resolution_note.is_not(None)))


def _targets(cutoff: dt.datetime, audit_cutoff: dt.datetime) -> dict[str, tuple[Any, Any]]:
    """Per category of the care database: (the id column, which rows)."""
    return {
        "messages_in": (InboundMessage.id, and_(InboundMessage.received_at < cutoff,
                                                InboundMessage.status != "received")),
        "messages_out": (OutboundMessage.id, and_(
            OutboundMessage.created_at < cutoff,
            OutboundMessage.status.not_in(("queued", "sending")))),
        "message_effects": (MessageEffect.id, MessageEffect.created_at < cutoff),
        "flag_texts": (Flag.id, _flag_texts(cutoff)),
        "audit_entries": (AuditEntry.id, AuditEntry.at < audit_cutoff),
    }


def _change(category: str, ids: list[int]) -> Any:
    if category == "flag_texts":
        return update(Flag).where(Flag.id.in_(ids)).values(summary="", resolution_note=None)
    model: Any = {"messages_in": InboundMessage, "messages_out": OutboundMessage,
                  "message_effects": MessageEffect, "audit_entries": AuditEntry}[category]
    return delete(model).where(model.id.in_(ids))


def run(*, now: dt.datetime | None = None, policy: Policy | None = None,
        store: tracker.TrackerStore | None = None, database_url: str | None = None,
        dry_run: bool = False, actor: str = "retention") -> dict[str, int | None]:
    """Apply the policy (or, ``dry_run``, count what it would touch); the count per
    category (None: the tracker store cannot be reached from here). A run that changed
    anything is one audit entry (``retention``: the counts and the cut-offs)."""
    now = now or utcnow()
    policy = policy or Policy.from_env()
    store = store or tracker.configured()
    cutoff = months_before(now, policy.months)
    audit_cutoff = months_before(now, policy.audit_months)
    done: dict[str, int | None] = {}
    for category, (column, where) in _targets(cutoff, audit_cutoff).items():
        if dry_run:
            with session_scope(database_url) as s:
                done[category] = s.scalar(select(func.count()).select_from(
                    select(column).where(where).subquery())) or 0
            continue
        total = 0
        while True:
            with session_scope(database_url) as s:
                ids = list(s.scalars(select(column).where(where).order_by(column)
                                     .limit(policy.batch)))
                if ids:
                    s.execute(_change(category, ids),
                              execution_options={"synchronize_session": False})
            total += len(ids)
            if len(ids) < policy.batch:
                break
        done[category] = total
    before = cutoff.timestamp()
    done["conversation_events"] = (
        tracker.count_before(store, before) if dry_run
        else tracker.delete_before(store, before, policy.batch))
    if not dry_run and any(done.values()):
        with session_scope(database_url) as s:
            _record(s, actor, done, cutoff, audit_cutoff)
        log.info("retention: %s", ", ".join(f"{k} {v}" for k, v in done.items()))
    return {name: done[name] for name in CATEGORIES}


def _record(session: Session, actor: str, done: dict[str, int | None], cutoff: dt.datetime,
            audit_cutoff: dt.datetime) -> None:
    audit.record(session, actor, "retention", "retention",
                 detail={"categories": done, "before": cutoff.isoformat(),
                         "audit_before": audit_cutoff.isoformat()})
