"""Exactly-once effects (bot/effects.py, issue 15): each domain function called twice
with the same inbound message changes things once, and two processings of the same
message at the same time (two processes, PostgreSQL) leave one row, not two."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from bot import adherence, careplan, doses, effects, enrollment, flags
from bot.db import session_scope
from bot.models import (
    AuditEntry,
    ChannelIdentity,
    Dose,
    Flag,
    Goal,
    Medication,
    MessageEffect,
    Patient,
    ProgressEntry,
    Reminder,
)
from tests.support.patients import make_patient

BRUSSELS = ZoneInfo("Europe/Brussels")
# Metformine at 08:00 (make_patient) and Asaflow at 10:00 are both in the answer
# window at 10:05: a "pris" is the 10:00 dose; the same "pris" again must not become
# the 08:00 one.
NOW = dt.datetime(2030, 3, 5, 10, 5, tzinfo=BRUSSELS)
KEY = "inbound:7"


@pytest.fixture
def patient_id(db_url: str) -> int:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Medication(patient_id=patient.id, name="Asaflow", dose_text="80 mg",
                         times=["10:00"]))
        return patient.id


def _count(s: Session, model: type, *where) -> int:
    return s.scalar(select(func.count()).select_from(model).where(*where))


def _progress(s: Session, patient_id: int, key: str | None = KEY) -> ProgressEntry:
    return careplan.record_progress(s, s.get(Patient, patient_id), kind="walking",
                                    quantity="30", unit="min", actor="patient:1",
                                    source_message=key)


def _intake(s: Session, patient_id: int, key: str | None = KEY) -> doses.IntakeResult:
    return doses.record_intake(s, s.get(Patient, patient_id), doses.TAKEN, actor="patient:1",
                               now=NOW, source_message=key)


def _flag(s: Session, patient_id: int, key: str | None = KEY) -> Flag:
    return flags.raise_flag(s, flags.SYMPTOM, patient_id=patient_id, conversation_id="c-1",
                            summary="mal au ventre", actor="patient:1", source_message=key)


# --- (a) one function, twice, one key ------------------------------------------------


def test_progress_twice_is_one_entry(db_url: str, patient_id: int) -> None:
    with session_scope(db_url) as s:
        first = _progress(s, patient_id).id
    with session_scope(db_url) as s:
        assert _progress(s, patient_id).id == first
        assert _count(s, ProgressEntry) == 1
        assert _count(s, AuditEntry, AuditEntry.entity == "progress") == 1
    with session_scope(db_url) as s:  # without a key (the care team's tools): as before
        _progress(s, patient_id, None)
        _progress(s, patient_id, None)
        assert _count(s, ProgressEntry) == 3


def test_a_refused_report_claims_nothing(db_url: str, patient_id: int) -> None:
    """A report the domain refuses (an implausible amount) is answered with a question;
    it leaves no effect behind, so nothing stops the same key from being answered."""
    with session_scope(db_url) as s:
        with pytest.raises(careplan.ProgressError):
            careplan.record_progress(s, s.get(Patient, patient_id), kind="walking",
                                     quantity="3000", unit="min", actor="patient:1",
                                     source_message=KEY)
        assert effects.find(s, KEY, effects.PROGRESS) is None
        assert _count(s, ProgressEntry) == 0


def test_dose_answer_twice_answers_the_same_dose_once(db_url: str, patient_id: int) -> None:
    with session_scope(db_url) as s:
        first = _intake(s, patient_id)
        recorded = [d.medication.name for d in first.recorded]
        pending = [d.medication.name for d in first.still_pending]
    assert (recorded, pending) == (["Asaflow"], ["Metformine"])
    with session_scope(db_url) as s:
        again = _intake(s, patient_id)
        assert [d.medication.name for d in again.recorded] == recorded
        assert [d.medication.name for d in again.still_pending] == pending
        statuses = {d.medication.name: d.status for d in s.scalars(select(Dose))
                    if d.scheduled_at <= NOW}
        assert statuses == {"Metformine": "pending", "Asaflow": "taken"}
        assert _count(s, AuditEntry, AuditEntry.entity == "dose") == 1


def test_flag_twice_is_one_flag_even_if_resolved_between(db_url: str, patient_id: int) -> None:
    with session_scope(db_url) as s:
        flag = _flag(s, patient_id)
        flags.resolve(s, flag, "nurse:1", "called back")
    with session_scope(db_url) as s:
        assert _flag(s, patient_id).id == flag.id
        assert _count(s, Flag) == 1
        assert _count(s, AuditEntry, AuditEntry.action == "raise") == 1


def test_a_second_message_adds_to_the_open_flag_once(db_url: str, patient_id: int) -> None:
    with session_scope(db_url) as s:
        _flag(s, patient_id, "inbound:1")
        for _ in range(2):
            flags.raise_flag(s, flags.SYMPTOM, patient_id=patient_id, conversation_id="c-1",
                             summary="mal au ventre", actor="patient:1", reopen=True,
                             source_message="inbound:2")
        assert s.scalars(select(Flag)).one().summary == "mal au ventre\nmal au ventre"


def test_snooze_twice_is_one_snooze(db_url: str, patient_id: int) -> None:
    policy = adherence.Policy()
    with session_scope(db_url) as s:
        patient = s.get(Patient, patient_id)
        dose = doses.answerable_doses(s, patient, NOW)[0]
        first = adherence.snooze(s, patient, dose, NOW, policy, "patient:1", KEY)
        again = adherence.snooze(s, patient, dose, NOW + dt.timedelta(minutes=1), policy,
                                 "patient:1", KEY)
        assert again == first and first.until is not None
        assert _count(s, Reminder, Reminder.kind == adherence.SNOOZE) == 1


def test_goal_change_and_opt_out_twice_are_audited_once(db_url: str, patient_id: int) -> None:
    with session_scope(db_url) as s:
        patient = s.get(Patient, patient_id)
        goal = s.scalars(select(Goal).where(Goal.kind == "walking")).one()
        for _ in range(2):
            careplan.adjust_goal(s, patient, goal, actor="patient:1", target_value=20,
                                 source_message=KEY)
        code = enrollment.issue_code(s, patient, "test")
        identity = enrollment.link(s, "cli", "x", code).identity
        for _ in range(2):
            enrollment.set_opt_out(s, identity, True, "patient:1", source_message=KEY)
        assert _count(s, AuditEntry, AuditEntry.entity == "goal") == 1
        assert _count(s, AuditEntry, AuditEntry.action == "opt_out") == 1
        assert s.get(ChannelIdentity, identity.id).opted_out_at is not None


# --- (c) two processings of one message at the same time -----------------------------


def _wait_for_the_second(url: str) -> None:
    """Until the second processing waits on the first one's lock (PostgreSQL: a row
    lock on the unique key; SQLite: the write lock of BEGIN IMMEDIATE, not visible,
    so a short pause). Gives up after 5 s: an implementation that reads and then
    writes never waits, and the test then finds two rows."""
    if url.startswith("sqlite"):
        time.sleep(0.3)
        return
    engine = create_engine(url)
    deadline = time.monotonic() + 5
    try:
        with engine.connect() as connection:
            while time.monotonic() < deadline:
                waiting = connection.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'")).scalar()
                connection.commit()
                if waiting:
                    return
                time.sleep(0.05)
    finally:
        engine.dispose()


def _concurrently(url: str, call: Callable[[Session], object]) -> tuple[object, object]:
    """Two processings of the same message: the first one has done its work but not
    committed when the second one starts; the first commits once the second waits."""
    done, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with session_scope(url) as s:
                results["first"] = call(s)
                done.set()
                release.wait(10)
        except BaseException as error:  # reported by the test below
            errors.append(error)
            done.set()

    def second() -> None:
        try:
            with session_scope(url) as s:
                results["second"] = call(s)
        except BaseException as error:
            errors.append(error)

    one = threading.Thread(target=first)
    one.start()
    assert done.wait(10)
    two = threading.Thread(target=second)
    two.start()
    _wait_for_the_second(url)
    release.set()
    one.join(20)
    two.join(20)
    assert not errors, errors
    return results["first"], results["second"]


@pytest.mark.parametrize("effect", ["progress", "dose", "flag"])
def test_two_processings_at_once_leave_one_row(db_url: str, patient_id: int,
                                               effect: str) -> None:
    call, model = {
        "progress": (lambda s: _progress(s, patient_id).id, ProgressEntry),
        "dose": (lambda s: [d.id for d in _intake(s, patient_id).recorded], AuditEntry),
        "flag": (lambda s: _flag(s, patient_id).id, Flag),
    }[effect]
    first, second = _concurrently(db_url, call)
    assert first == second
    with session_scope(db_url) as s:
        assert _count(s, model) == 1
        assert _count(s, MessageEffect) == 1


def test_a_replay_after_the_goal_was_removed_asks_instead_of_failing(
        db_url: str, patient_id: int) -> None:
    with session_scope(db_url) as s:
        _progress(s, patient_id)
    with session_scope(db_url) as s:  # the care team removed the walking goal
        s.delete(s.scalars(select(Goal).where(Goal.kind == "walking")).one())
    with session_scope(db_url) as s:
        with pytest.raises(careplan.ProgressError):
            _progress(s, patient_id)
        assert _count(s, ProgressEntry) == 0


# --- the ledger does not grow for ever ---------------------------------------------------


def _effects(url: str, now: dt.datetime, days: float, count: int, prefix: str) -> None:
    with session_scope(url) as s:
        for i in range(count):
            s.add(MessageEffect(source_message=f"{prefix}:{i}", effect=effects.PROGRESS,
                                entity_ids=[], created_at=now - dt.timedelta(days=days,
                                                                             minutes=i)))


def test_effects_older_than_the_keep_days_are_purged_in_batches(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """message_effects grew for ever; the scheduler's periodic work now deletes rows
    older than EFFECTS_KEEP_DAYS (default 30), a batch per transaction, a few batches
    a tick."""
    from reminders.__main__ import purge_effects

    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    monkeypatch.setattr(effects, "PURGE_BATCH", 10)
    now = dt.datetime(2030, 3, 5, 12, 0, tzinfo=dt.timezone.utc)
    _effects(db_url, now, 31, 25, "old")
    _effects(db_url, now, 29, 3, "recent")

    def left() -> list[str]:
        with session_scope(db_url) as s:
            return sorted(s.scalars(select(MessageEffect.source_message)))

    monkeypatch.setenv("EFFECTS_KEEP_DAYS", "60")
    assert purge_effects(now) == 0  # the setting is read
    monkeypatch.delenv("EFFECTS_KEEP_DAYS")
    assert purge_effects(now, batches=2) == 20  # at most two batches this tick
    assert purge_effects(now, batches=2) == 5  # the rest at the next
    assert left() == ["recent:0", "recent:1", "recent:2"]
    assert purge_effects(now + dt.timedelta(days=2)) == 3


def test_the_scheduler_tick_purges_old_effects(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.adherence import Policy
    from bot.models import utcnow
    from bot.rasa_client import RasaClient
    from reminders.__main__ import tick

    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    _effects(db_url, utcnow(), 30.1, 2, "old")
    _effects(db_url, utcnow(), 1, 1, "recent")
    tick(RasaClient(url="http://127.0.0.1:9", token="t"), Policy.from_env())
    with session_scope(db_url) as s:
        assert list(s.scalars(select(MessageEffect.source_message))) == ["recent:0"]
