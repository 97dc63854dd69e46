"""bot/adherence.py on its own: the steps of an unconfirmed dose as named reminder rows
(follow-up, missed check, snooze, caregiver alert), each once whoever arms it, and the
missed-doses flag once misses pile up."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import adherence, doses, flags
from bot.db import session_scope
from bot.models import Caregiver, Dose, Flag, Medication, Reminder
from tests.support.patients import make_patient

AT = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.timezone.utc)  # 08:00 in Brussels
POLICY = adherence.Policy()


def _dose(s, patient, at: dt.datetime = AT, status: str = doses.PENDING,
          medication: str = "Metformine") -> Dose:
    """A dose of ``medication`` (added to the plan if new): one per medication and time."""
    row = s.scalars(select(Medication).where(Medication.patient_id == patient.id,
                                             Medication.name == medication)).first()
    if row is None:
        row = Medication(patient_id=patient.id, name=medication, dose_text="1",
                         times=["08:00"])
        s.add(row)
        s.flush()
    dose = Dose(medication_id=row.id, patient_id=patient.id, scheduled_at=at, status=status)
    s.add(dose)
    s.flush()
    return dose


def _keys(s) -> dict[str, tuple[str, dt.datetime]]:
    return {r.key: (r.status, r.due_at) for r in s.scalars(select(Reminder))}


def test_a_slot_is_named_by_its_utc_minute() -> None:
    brussels = AT.astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert adherence.slot_key(12, brussels) == "meds:12:20261124T0700Z"
    assert adherence.slot_key(12, AT) == adherence.slot_key(12, brussels)


def test_the_policy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("REMINDERS_FOLLOW_UP_MINUTES", "REMINDERS_MISSED_AFTER_MINUTES",
                 "REMINDERS_SNOOZE_MINUTES", "REMINDERS_MAX_SNOOZES",
                 "REMINDERS_MISSED_FLAG_COUNT", "REMINDERS_MISSED_FLAG_DAYS"):
        monkeypatch.delenv(name, raising=False)
    assert adherence.Policy.from_env() == adherence.Policy()
    monkeypatch.setenv("REMINDERS_FOLLOW_UP_MINUTES", "10")
    monkeypatch.setenv("REMINDERS_MAX_SNOOZES", "0")
    monkeypatch.setenv("REMINDERS_MISSED_FLAG_DAYS", "3")
    policy = adherence.Policy.from_env()
    assert policy.follow_up_after == dt.timedelta(minutes=10)
    assert (policy.max_snoozes, policy.flag_window) == (0, dt.timedelta(days=3))
    assert policy.missed_after == dt.timedelta(minutes=30)


def test_one_follow_up_then_the_missed_check(db_url: str) -> None:
    quiet_until = AT + dt.timedelta(hours=3)
    with session_scope(db_url) as s:
        patient = make_patient(s)
        dose = _dose(s, patient)
        base = adherence.slot_key(patient.id, AT)
        adherence.next_step(s, patient, dose, AT, POLICY, defer=lambda t: max(t, quiet_until))
        s.flush()
        assert _keys(s) == {f"{base}:follow_up": ("planned", quiet_until)}  # deferred
        s.scalars(select(Reminder)).one().status = "sent"
        later = AT + dt.timedelta(hours=4)
        adherence.next_step(s, patient, dose, later, POLICY, defer=lambda t: t)
        s.flush()
        assert _keys(s)[f"{base}:missed_check"] == ("planned", later + POLICY.missed_after)
        assert len(_keys(s)) == 2


def test_arm_moves_a_waiting_step_and_leaves_a_done_one(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        dose = _dose(s, patient)
        step = adherence.arm(s, "k", adherence.FOLLOW_UP, patient.id, dose.id, AT)
        assert step is not None
        step.status, step.reason = "cancelled", "snoozed"
        moved = adherence.arm(s, "k", adherence.FOLLOW_UP, patient.id, dose.id,
                              AT + dt.timedelta(hours=1))
        assert moved is step and (step.status, step.reason) == ("planned", None)
        assert step.due_at == AT + dt.timedelta(hours=1)
        step.status = "sent"
        assert adherence.arm(s, "k", adherence.FOLLOW_UP, patient.id, dose.id, AT) is None
        assert step.status == "sent"


def test_snoozes_are_bounded_and_hold_the_waiting_steps(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        dose = _dose(s, patient)
        base = adherence.slot_key(patient.id, AT)
        adherence.next_step(s, patient, dose, AT, POLICY, defer=lambda t: t)
        s.flush()
        first = adherence.snooze(s, patient, dose, AT, POLICY, "patient", source_message="in:1")
        assert first == adherence.Snooze(AT + POLICY.snooze_for)
        assert _keys(s)[f"{base}:follow_up"][0] == "cancelled"
        replay = adherence.snooze(s, patient, dose, AT, POLICY, "patient", source_message="in:1")
        assert replay == first  # the same message: no second snooze
        adherence.snooze(s, patient, dose, AT, POLICY, "patient", source_message="in:2")
        refused = adherence.snooze(s, patient, dose, AT, POLICY, "patient",
                                   source_message="in:3")
        assert refused == adherence.Snooze(None, "limit")
        assert sorted(k for k in _keys(s) if ":snooze:" in k) == [
            f"{base}:snooze:1", f"{base}:snooze:2"]


def test_mark_missed_takes_the_slots_pending_doses_only(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        dose, same_slot = _dose(s, patient), _dose(s, patient, medication="Asaflow")
        taken = _dose(s, patient, status=doses.TAKEN, medication="Lasix")
        other_slot = _dose(s, patient, at=AT + dt.timedelta(hours=12))
        assert adherence.mark_missed(s, patient, dose) == [dose, same_slot]
        assert (dose.status, same_slot.status, taken.status, other_slot.status) == (
            doses.MISSED, doses.MISSED, doses.TAKEN, doses.PENDING)
        assert dose.answered_at is None  # a late "pris" can still correct it


def test_caregiver_alerts_go_to_those_who_want_them(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        wants = Caregiver(patient_id=patient.id, name="Anne", phone="+32470000401")
        no_alerts = Caregiver(patient_id=patient.id, name="Bob", phone="+32470000402",
                              receives_missed_dose_alerts=False)
        s.add_all([wants, no_alerts])
        s.flush()
        s.refresh(patient)
        dose = _dose(s, patient)
        adherence.alert_caregivers(s, patient, dose, AT + dt.timedelta(hours=1))
        adherence.alert_caregivers(s, patient, dose, AT + dt.timedelta(hours=2))  # again
        s.flush()
        alerts = s.scalars(select(Reminder).where(Reminder.kind == "caregiver_alert")).all()
        assert [(a.caregiver_id, a.due_at) for a in alerts] == [
            (wants.id, AT + dt.timedelta(hours=2))]


def test_the_flag_comes_with_the_third_missed_slot_in_the_window(db_url: str) -> None:
    now = AT + dt.timedelta(days=2, hours=1)
    with session_scope(db_url) as s:
        patient = make_patient(s, language="nl")
        _dose(s, patient, at=AT - dt.timedelta(days=8), status=doses.MISSED)  # too old
        _dose(s, patient, at=AT, status=doses.MISSED)
        _dose(s, patient, at=AT, status=doses.MISSED, medication="Asaflow")  # one slot
        _dose(s, patient, at=AT + dt.timedelta(days=1), status=doses.MISSED)
        assert adherence.flag_if_repeated(s, patient, now, POLICY) is None
        _dose(s, patient, at=AT + dt.timedelta(days=2), status=doses.MISSED)
        assert len(adherence.missed_recently(s, patient, now, POLICY.flag_window)) == 4
        flag = adherence.flag_if_repeated(s, patient, now, POLICY)
        assert flag is not None and flag.kind == flags.MISSED_DOSES
        assert flag.summary == (  # the last slot in the patient's time zone and language
            "3 gemiste innames in 7 dagen (laatste: donderdag 26 november 8.00 uur).")
        assert len(s.scalars(select(Flag)).all()) == 1


def test_missed_by_the_patient_alerts_and_counts_like_a_missed_check(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Caregiver(patient_id=patient.id, name="Anne", phone="+32470000403"))
        s.flush()
        s.refresh(patient)
        dose = _dose(s, patient, status=doses.MISSED)
        early = AT - dt.timedelta(minutes=20)  # "pas pris" before the dose was due
        adherence.missed_by_patient(s, patient, [dose], early, POLICY, defer=lambda t: t)
        s.flush()
        alert = s.scalars(select(Reminder).where(Reminder.kind == "caregiver_alert")).one()
        assert alert.due_at == AT  # not before the dose's own time
        assert s.scalars(select(Flag)).all() == []  # one miss is no pattern
