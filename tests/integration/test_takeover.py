"""bot/takeover.py on its own: one holder per conversation, the flags it acknowledges
and gives back, idle expiry, and the pause/resume events owed to Rasa until it takes
them (Rasa down keeps them owed, never raises)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot import flags, takeover
from bot.db import session_scope
from bot.models import AuditEntry, ConsoleUser, Takeover, utcnow


def _users(url: str) -> tuple[int, int]:
    with session_scope(url) as s:
        a, b = ConsoleUser(username="a", password_hash="x"), ConsoleUser(username="b",
                                                                         password_hash="x")
        s.add_all([a, b])
        s.flush()
        return a.id, b.id


class Rasa:
    """Records the events sent; ``down`` makes every call fail as an unreachable Rasa."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[dict[str, Any]]]] = []
        self.down = False

    def __call__(self, conversation: str, events: list[dict[str, Any]]) -> None:
        if self.down:
            raise ConnectionError("rasa down")
        self.sent.append((conversation, events))


def test_one_holder_the_open_flags_acknowledged_and_a_pause_owed(db_url: str) -> None:
    nurse, other = _users(db_url)
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=None, conversation_id="c")
        elsewhere = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=None,
                                     conversation_id="d")
        held = takeover.start(s, "c", None, nurse)
        assert takeover.is_held(s, "c") and not takeover.is_held(s, "d")
        assert held.rasa_pending == takeover.PAUSE
        assert (flag.status, flag.acknowledged_by) == (flags.ACKNOWLEDGED, f"console:{nurse}")
        assert elsewhere.status == flags.OPEN
        later = utcnow() + dt.timedelta(minutes=5)
        assert takeover.start(s, "c", None, nurse, now=later).id == held.id  # idempotent
        assert held.last_activity_at == later
        with pytest.raises(takeover.TakeoverError, match="held by user"):
            takeover.start(s, "c", None, other)


def test_hand_back_owes_a_resume_and_keeps_the_flags_acknowledged(db_url: str) -> None:
    nurse, _ = _users(db_url)
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.SYMPTOM, patient_id=None, conversation_id="c")
        held = takeover.start(s, "c", None, nurse)
        takeover.end(s, held, "handed_back", f"console:{nurse}")
        assert (held.end_reason, held.rasa_pending) == ("handed_back", takeover.RESUME)
        assert flag.status == flags.ACKNOWLEDGED and not takeover.is_held(s, "c")
        ended_at = held.ended_at
        takeover.end(s, held, "idle", "system")  # already ended: nothing changes
        assert (held.ended_at, held.end_reason) == (ended_at, "handed_back")
        assert list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "conversation").order_by(AuditEntry.id))) == [
            "takeover", "hand_back"]


def test_an_idle_takeover_expires_and_its_flags_go_back_to_the_queue(db_url: str) -> None:
    nurse, _ = _users(db_url)
    start = utcnow() - dt.timedelta(hours=1)
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.EMERGENCY, patient_id=None, conversation_id="c")
        held = takeover.start(s, "c", None, nurse, now=start)
        busy = takeover.start(s, "d", None, nurse, now=start)
        takeover.touch(s, busy, now=start + dt.timedelta(minutes=50))
        limit = dt.timedelta(minutes=30)
        assert takeover.idle(s, now=start + dt.timedelta(minutes=30), limit=limit) == []
        expired = takeover.expire_idle(s, now=start + dt.timedelta(minutes=31), limit=limit)
        assert expired == [held] and held.end_reason == "idle"
        assert (flag.status, flag.acknowledged_by) == (flags.OPEN, None)
        assert busy.ended_at is None


def test_the_idle_limit_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONSOLE_TAKEOVER_IDLE_MINUTES", raising=False)
    assert takeover.idle_limit() == dt.timedelta(minutes=30)
    monkeypatch.setenv("CONSOLE_TAKEOVER_IDLE_MINUTES", "5")
    assert takeover.idle_limit() == dt.timedelta(minutes=5)


def test_events_stay_owed_while_rasa_is_down_and_are_sent_once_back(db_url: str) -> None:
    nurse, _ = _users(db_url)
    with session_scope(db_url) as s:
        takeover.start(s, "c", None, nurse)
    rasa = Rasa()
    rasa.down = True
    assert takeover.tell_rasa(rasa, database_url=db_url) == takeover.Told(0, 1)
    rasa.down = False
    assert takeover.tell_rasa(rasa, "other", database_url=db_url) == takeover.Told(0, 0)
    assert takeover.tell_rasa(rasa, database_url=db_url) == takeover.Told(1, 0)
    assert rasa.sent == [("c", [takeover.PAUSE_EVENT])]
    assert takeover.tell_rasa(rasa, database_url=db_url) == takeover.Told(0, 0)


def test_a_late_pause_after_the_hand_back_owes_a_resume(db_url: str) -> None:
    """The pause reached Rasa only after the conversation was handed back: Rasa must
    still end up resumed."""
    nurse, _ = _users(db_url)
    with session_scope(db_url) as s:
        held = takeover.start(s, "c", None, nurse)
        held_id = held.id
    rasa = Rasa()
    with session_scope(db_url) as s:  # handed back before the pause was delivered...
        row = s.get_one(Takeover, held_id)
        takeover.end(s, row, "handed_back", "console")
        row.rasa_pending = takeover.PAUSE  # ...as a pause still in flight would leave it
    takeover.tell_rasa(rasa, database_url=db_url)
    with session_scope(db_url) as s:
        assert s.get_one(Takeover, held_id).rasa_pending == takeover.RESUME
    takeover.tell_rasa(rasa, database_url=db_url)
    assert [events for _, events in rasa.sent] == [[takeover.PAUSE_EVENT],
                                                   [takeover.RESUME_EVENT]]


def test_expire_and_resume_ends_idle_ones_then_tells_rasa(db_url: str) -> None:
    nurse, _ = _users(db_url)
    start = utcnow() - dt.timedelta(hours=2)
    with session_scope(db_url) as s:
        held = takeover.start(s, "c", None, nurse, now=start)
        held_id = held.id
        held.rasa_pending = None  # its pause was delivered
    rasa = Rasa()
    ended = takeover.expire_and_resume(rasa, database_url=db_url, now=utcnow(),
                                       limit=dt.timedelta(minutes=30))
    assert ended == [held_id]
    assert rasa.sent == [("c", [takeover.RESUME_EVENT])]
    with session_scope(db_url) as s:
        assert s.get_one(Takeover, held_id).rasa_pending is None


def test_a_new_takeover_supersedes_a_resume_still_owed(db_url: str) -> None:
    nurse, other = _users(db_url)
    with session_scope(db_url) as s:
        first = takeover.start(s, "c", None, nurse)
        first.rasa_pending = None
        takeover.end(s, first, "handed_back", "console")
        assert first.rasa_pending == takeover.RESUME
        second = takeover.start(s, "c", None, other)
        assert (first.rasa_pending, second.rasa_pending) == (None, takeover.PAUSE)
        assert takeover.current(s, "c") is second
