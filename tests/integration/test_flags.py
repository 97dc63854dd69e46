"""bot/flags.py on its own: one open flag per kind and conversation, severity raised
never lowered, re-opening, the state machine and the queue's order."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import flags
from bot.db import session_scope
from bot.models import AuditEntry, Flag, utcnow
from tests.support.patients import make_patient


def _actions(s, flag: Flag) -> list[str]:
    return list(s.scalars(select(AuditEntry.action).where(
        AuditEntry.entity == "flag", AuditEntry.entity_id == flag.id).order_by(AuditEntry.id)))


def test_every_kind_has_a_severity_and_unknown_kinds_are_refused(db_url: str) -> None:
    assert set(flags.SEVERITY) == set(flags.KINDS)
    assert set(flags.SEVERITY.values()) <= {"urgent", "high", "normal"}
    assert flags.SEVERITY[flags.EMERGENCY] == "urgent"
    with session_scope(db_url) as s, pytest.raises(flags.FlagError, match="unknown"):
        flags.raise_flag(s, "gossip", patient_id=None, conversation_id="c")


def test_raising_again_adds_a_new_line_once_and_keeps_one_flag(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        first = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=patient.id,
                                 conversation_id="c-1", summary="je veux l'infirmière")
        again = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=patient.id,
                                 conversation_id="c-1", summary="je veux l'infirmière")
        other = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=patient.id,
                                 conversation_id="c-1", summary="vite svp")
        assert first.id == again.id == other.id
        assert first.summary == "je veux l'infirmière\nvite svp"
        assert first.severity == "high" and first.status == flags.OPEN
        elsewhere = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=patient.id,
                                     conversation_id="c-2")
        assert elsewhere.id != first.id
        assert _actions(s, first) == ["raise"]


def test_severity_is_raised_never_lowered(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.READING_ALERT, patient_id=None, conversation_id="c")
        assert flag.severity == "high"
        flags.raise_flag(s, flags.READING_ALERT, patient_id=None, conversation_id="c",
                         severity="normal")
        assert flag.severity == "high"
        flags.raise_flag(s, flags.READING_ALERT, patient_id=None, conversation_id="c",
                         severity="urgent")
        assert flag.severity == "urgent"
        new = flags.raise_flag(s, flags.MISSED_DOSES, patient_id=None, conversation_id="c",
                               severity="urgent")
        assert new.severity == "urgent"


def test_reopen_puts_an_acknowledged_flag_back_in_the_queue(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.EMERGENCY, patient_id=None, conversation_id="c",
                                summary="douleur poitrine")
        flags.acknowledge(s, flag, "console:1")
        assert (flag.status, flag.acknowledged_by) == (flags.ACKNOWLEDGED, "console:1")
        flags.raise_flag(s, flags.EMERGENCY, patient_id=None, conversation_id="c",
                         summary="douleur poitrine")  # without reopen: still acknowledged
        assert flag.status == flags.ACKNOWLEDGED
        flags.raise_flag(s, flags.EMERGENCY, patient_id=None, conversation_id="c",
                         summary="douleur poitrine", reopen=True)
        assert (flag.status, flag.acknowledged_by, flag.acknowledged_at) == (
            flags.OPEN, None, None)
        assert flag.summary == "douleur poitrine\ndouleur poitrine"  # each emergency a line
        assert _actions(s, flag) == ["raise", "acknowledge", "reopen"]


def test_acknowledge_and_resolve_follow_the_state_machine(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.SYMPTOM, patient_id=None, conversation_id="c")
        with pytest.raises(flags.FlagError, match="note"):
            flags.resolve(s, flag, "console:2", "   ")
        flags.resolve(s, flag, "console:2", "appelée, va bien")
        assert (flag.status, flag.resolved_by, flag.resolution_note) == (
            flags.RESOLVED, "console:2", "appelée, va bien")
        assert flag.acknowledged_by == "console:2"  # resolving acknowledges too
        with pytest.raises(flags.FlagError, match="already resolved"):
            flags.resolve(s, flag, "console:2", "encore")
        with pytest.raises(flags.FlagError, match="not open"):
            flags.acknowledge(s, flag, "console:2")
        again = flags.raise_flag(s, flags.SYMPTOM, patient_id=None, conversation_id="c")
        assert again.id != flag.id  # a resolved flag is not added to


def test_the_same_source_message_raises_once_even_after_resolution(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag = flags.raise_flag(s, flags.LOW_MOOD, patient_id=None, conversation_id="c",
                                summary="triste", source_message="in:7")
        flags.resolve(s, flag, "console:1", "ok")
        replay = flags.raise_flag(s, flags.LOW_MOOD, patient_id=None, conversation_id="c",
                                  summary="triste", source_message="in:7")
        assert replay.id == flag.id and replay.status == flags.RESOLVED
        assert len(s.scalars(select(Flag)).all()) == 1


def test_the_queue_is_urgent_first_then_unacknowledged_then_oldest(db_url: str) -> None:
    base = utcnow() - dt.timedelta(hours=5)
    with session_scope(db_url) as s:
        patient, other = make_patient(s, "p1"), make_patient(s, "p2")

        def raised(kind: str, conversation: str, hours: int, pid: int = patient.id) -> Flag:
            return flags.raise_flag(s, kind, patient_id=pid, conversation_id=conversation,
                                    now=base + dt.timedelta(hours=hours))

        old_normal = raised(flags.FALLBACK, "c1", 0)
        acked_high = raised(flags.SYMPTOM, "c2", 1)
        flags.acknowledge(s, acked_high, "console:1")
        new_high = raised(flags.REQUEST_NURSE, "c3", 3)
        urgent = raised(flags.EMERGENCY, "c4", 4)
        older_high = raised(flags.LOW_MOOD, "c5", 2)
        done = raised(flags.UNPROCESSED, "c6", 0)
        flags.resolve(s, done, "console:1", "lu")
        theirs = raised(flags.EMERGENCY, "c7", 0, other.id)
        assert flags.queue(s, [patient.id]) == [urgent, older_high, new_high, acked_high,
                                                old_normal]
        assert flags.queue(s)[0] == theirs  # every patient's: the oldest urgent first
        assert flags.waiting(old_normal, base + dt.timedelta(hours=2)) == dt.timedelta(hours=2)
