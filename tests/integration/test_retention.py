"""Retention (issue 18, item 3), on SQLite and PostgreSQL, with the clock passed in:
for every category, a row one day older than the period goes and a row one day
younger stays; messages still waiting stay whatever their age; the dry run counts
exactly what the run then does; batches smaller than the work change nothing of the
result; the reminders process's job and `bot gdpr retention --dry-run` use it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot.db import migrate, session_scope
from bot.gdpr import retention, tracker
from bot.models import (
    AuditEntry,
    Flag,
    InboundMessage,
    MessageEffect,
    OutboundMessage,
    utcnow,
)

NOW = dt.datetime(2027, 3, 31, 12, 0, tzinfo=dt.timezone.utc)
DAY = dt.timedelta(days=1)
CUTOFF = dt.datetime(2025, 3, 31, 12, 0, tzinfo=dt.timezone.utc)  # 24 months before
AUDIT_CUTOFF = dt.datetime(2017, 3, 31, 12, 0, tzinfo=dt.timezone.utc)  # 120 months


def test_months_are_calendar_months() -> None:
    assert retention.months_before(NOW, 24) == CUTOFF
    assert retention.months_before(NOW, 1) == dt.datetime(2027, 2, 28, 12, 0,
                                                          tzinfo=dt.timezone.utc)
    assert retention.months_before(NOW, 120) == AUDIT_CUTOFF


def _load(db_url: str, tracker_url: str) -> None:
    with session_scope(db_url) as s:
        for age, tag in ((CUTOFF - DAY, "old"), (CUTOFF + DAY, "young")):
            s.add_all([
                InboundMessage(channel="sms", provider_message_id=f"SM-{tag}",
                               sender="+32470000001", text=f"in {tag}", received_at=age,
                               status="processed"),
                OutboundMessage(idempotency_key=f"out-{tag}", channel="sms",
                                address="+32470000001", text=f"out {tag}", created_at=age,
                                status="sent"),
                MessageEffect(source_message=f"inbound:{tag}", effect="progress",
                              created_at=age, detail={"text": tag}),
                Flag(kind="symptom", severity="high", status="resolved", summary=f"flag {tag}",
                     created_at=age - DAY, resolved_at=age, resolution_note=f"note {tag}"),
                Flag(kind="symptom", severity="high", status="acknowledged",
                     summary=f"open flag {tag}", created_at=age - DAY),
            ])
        # Waiting messages are never deleted, however old.
        s.add_all([
            InboundMessage(channel="sms", provider_message_id="SM-waiting",
                           sender="+32470000002", text="in waiting",
                           received_at=CUTOFF - 30 * DAY, status="received"),
            OutboundMessage(idempotency_key="out-waiting", channel="sms",
                            address="+32470000002", text="out waiting",
                            created_at=CUTOFF - 30 * DAY, status="queued"),
        ])
        for age, tag in ((AUDIT_CUTOFF - DAY, "old"), (AUDIT_CUTOFF + DAY, "young")):
            s.add(AuditEntry(at=age, actor="console:nurse", action="read", entity=tag))
    engine = create_engine(tracker.sqlalchemy_url(tracker_url))
    tracker.EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for age, tag in ((CUTOFF - DAY, "old"), (CUTOFF + DAY, "young")):
            for i in range(3):
                stamp = age.timestamp() + i
                connection.execute(tracker.EVENTS.insert().values(
                    sender_id="c-retention", type_name="user", timestamp=stamp,
                    data=json.dumps({"event": "user", "text": f"event {tag}"})))
    engine.dispose()


@pytest.fixture
def history(db_url: str, tmp_path: Path) -> Iterator[tuple[str, tracker.TrackerStore]]:
    url = f"sqlite:///{tmp_path / 'tracker.db'}" if db_url.startswith("sqlite") else db_url
    _load(db_url, url)
    yield db_url, tracker.TrackerStore("SQL", tracker.sqlalchemy_url(url))
    tracker.dispose(url)


def _texts(db_url: str, store: tracker.TrackerStore) -> dict[str, list[str]]:
    with session_scope(db_url) as s:
        out = {
            "in": sorted(s.scalars(select(InboundMessage.text))),
            "out": sorted(s.scalars(select(OutboundMessage.text))),
            "effects": sorted(e.source_message for e in s.scalars(select(MessageEffect))),
            "flags": sorted(f"{f.status}:{f.summary}:{f.resolution_note}"
                            for f in s.scalars(select(Flag))),
            "audit": sorted(s.scalars(select(AuditEntry.entity).where(
                AuditEntry.action == "read"))),
        }
    out["events"] = sorted(e["event"]["text"] for e in tracker.read_events(
        store, ["c-retention"]))
    return out


def test_retention_deletes_exactly_what_is_older_than_the_period(history) -> None:
    db_url, store = history
    policy = retention.Policy(months=24, audit_months=120, batch=2)  # several batches
    planned = retention.run(now=NOW, policy=policy, store=store, database_url=db_url,
                            dry_run=True)
    assert planned == {"messages_in": 1, "messages_out": 1, "conversation_events": 3,
                       "message_effects": 1, "flag_texts": 1, "audit_entries": 1}
    assert _texts(db_url, store)["in"] == ["in old", "in waiting", "in young"]  # dry: nothing

    done = retention.run(now=NOW, policy=policy, store=store, database_url=db_url)
    assert done == planned
    assert _texts(db_url, store) == {
        "in": ["in waiting", "in young"],
        "out": ["out waiting", "out young"],
        "effects": ["inbound:young"],
        "flags": sorted(["resolved::None", "resolved:flag young:note young",
                         "acknowledged:open flag old:None",
                         "acknowledged:open flag young:None"]),
        "audit": ["young"],
        "events": ["event young"] * 3,
    }
    with session_scope(db_url) as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.action == "retention"))
        assert entry.actor == "retention" and entry.detail["categories"] == done
        assert entry.detail["before"] == CUTOFF.isoformat()
    # Run again: nothing left to do, and no second audit entry for nothing.
    again = retention.run(now=NOW, policy=policy, store=store, database_url=db_url)
    assert set(again.values()) == {0}
    # One day later the young rows are still young (a day younger than the period).
    assert set(retention.run(now=NOW + DAY - dt.timedelta(seconds=1), policy=policy,
                             store=store, database_url=db_url,
                             dry_run=True).values()) == {0}


def test_a_tracker_store_that_is_not_sql_is_reported(history) -> None:
    db_url, _ = history
    done = retention.run(now=NOW, store=tracker.TrackerStore("redis", None, "not SQL"),
                         database_url=db_url, dry_run=True)
    assert done["conversation_events"] is None and done["messages_in"] == 1


def test_command_line_dry_run_and_the_reminders_job(tmp_path, monkeypatch, capsys) -> None:
    """The real clock and the environment's policy (RETENTION_MONTHS default 24)."""
    from bot import cli
    from reminders.__main__ import apply_retention

    db_url = f"sqlite:///{tmp_path / 'care.db'}"
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    migrate(db_url)
    cutoff = retention.months_before(utcnow(), 24)
    with session_scope(db_url) as s:
        for age, tag in ((cutoff - DAY, "old"), (cutoff + DAY, "young")):
            s.add(InboundMessage(channel="sms", provider_message_id=f"SM-{tag}",
                                 sender="+32470000001", text=f"in {tag}", received_at=age,
                                 status="processed"))
    engine = create_engine(tracker_url)
    tracker.EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for age in (cutoff - DAY, cutoff + DAY):
            connection.execute(tracker.EVENTS.insert().values(
                sender_id="c-x", type_name="user", timestamp=age.timestamp(), data="{}"))
    engine.dispose()
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    monkeypatch.setenv("RASA_ENDPOINTS", "endpoints.yml")
    monkeypatch.setenv("RASA_TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("RASA_TRACKER_URL", tracker_url)
    monkeypatch.delenv("RETENTION_MONTHS", raising=False)
    try:
        assert cli.main(["gdpr", "retention", "--dry-run"]) == 0
        shown = capsys.readouterr().out
        assert "retention (24 months, audit 120 months): would delete" in shown
        assert "messages_in: 1" in shown and "conversation_events: 1" in shown
        with session_scope(db_url) as s:  # nothing deleted by a dry run
            assert len(s.scalars(select(InboundMessage)).all()) == 2
        done = apply_retention()
        assert done["messages_in"] == 1 and done["conversation_events"] == 1
        with session_scope(db_url) as s:
            assert s.scalars(select(InboundMessage.text)).all() == ["in young"]
            assert s.scalars(select(AuditEntry).where(
                AuditEntry.action == "retention")).one().actor == "reminders:retention"
    finally:
        tracker.dispose(tracker_url)
