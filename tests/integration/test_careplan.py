"""The care-plan domain on a real database (SQLite, and PostgreSQL where available)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot import careplan, doses, enrollment, flags
from bot.careplan import ProgressError
from bot.db import session_scope
from bot.models import AuditEntry, Dose, Goal, Medication, ProgressEntry
from tests.support.patients import make_patient

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


# --- progress ---------------------------------------------------------------------


def test_progress_is_converted_validated_and_audited(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        entry = careplan.record_progress(s, patient, kind="walking", quantity="trente",
                                         unit="minutes", actor="patient:1")
        assert (entry.value, entry.unit) == (30, "min")
        hour = careplan.record_progress(s, patient, kind="walking", quantity="1", unit="h",
                                        actor="patient:1")
        assert hour.value == 60
        glucose = careplan.record_progress(s, patient, kind=None, quantity="120",
                                           unit="mg/dl", actor="patient:1")
        assert (glucose.goal.kind, glucose.value) == ("glucose", 1.2)
        audits = s.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.entity == "progress"))
        assert audits == 3


@pytest.mark.parametrize(
    ("kind", "quantity", "unit", "reason"),
    [
        ("walking", "3000", "minutes", "implausible"),
        ("walking", None, None, "no_amount"),
        ("weight", "80", "kg", "no_goal"),  # no weight goal in this plan
        (None, "30", None, "which_goal"),  # two goals, nothing says which
    ],
)
def test_progress_problems_are_questions_not_records(
    db_url: str, kind: str | None, quantity: str | None, unit: str | None, reason: str
) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        with pytest.raises(ProgressError) as problem:
            careplan.record_progress(s, patient, kind=kind, quantity=quantity, unit=unit,
                                     actor="patient:1")
        assert problem.value.reason == reason
        assert s.scalar(select(func.count()).select_from(ProgressEntry)) == 0


def test_week_progress_counts_days_the_daily_target_was_met(db_url: str) -> None:
    now = local(2026, 11, 26, 18, 0)  # a Thursday
    with session_scope(db_url) as s:
        patient = make_patient(s)
        walking = s.scalars(select(Goal).where(Goal.kind == "walking")).one()
        reports = [
            (local(2026, 11, 22, 10), 60),  # Sunday before: last week
            (local(2026, 11, 23, 9), 20), (local(2026, 11, 23, 17), 15),  # Monday: 35 in total
            (local(2026, 11, 24, 9), 25),  # Tuesday: below target
            (local(2026, 11, 26, 8), 30),  # Thursday
        ]
        for at, minutes in reports:
            careplan.record_progress(s, patient, kind="walking", quantity=str(minutes),
                                     unit="min", actor="t", at=at)
        week = careplan.week_progress(s, patient, walking, now=now)
        assert (week.days_done, week.days_target) == (2, 5)


def test_patients_adjust_their_own_goals_but_not_clinical_targets(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        walking, glucose = careplan.active_goals(s, patient)
        careplan.adjust_goal(s, patient, walking, actor="patient:1", target_value=20)
        assert walking.target_value == 20
        with pytest.raises(PermissionError):
            careplan.adjust_goal(s, patient, glucose, actor="patient:1", target_value=2)
        assert glucose.target_value == 1.30
        with pytest.raises(ProgressError):
            careplan.adjust_goal(s, patient, walking, actor="patient:1", target_value=900)


# --- doses ------------------------------------------------------------------------


def test_doses_are_created_once_per_medication_and_time(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        first = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        again = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        assert [d.id for d in first] == [d.id for d in again]
        assert [d.scheduled_at.astimezone(BRUSSELS).hour for d in first] == [8, 20]
        assert s.scalar(select(func.count()).select_from(Dose)) == 2


@pytest.mark.parametrize(
    ("day", "time", "expected_utc"),
    [
        (dt.date(2026, 3, 29), "02:30", dt.datetime(2026, 3, 29, 1, 30)),  # skipped: 03:30 CEST
        (dt.date(2026, 10, 25), "02:30", dt.datetime(2026, 10, 25, 0, 30)),  # twice: first
        (dt.date(2026, 3, 29), "08:00", dt.datetime(2026, 3, 29, 6, 0)),
        (dt.date(2026, 10, 25), "08:00", dt.datetime(2026, 10, 25, 7, 0)),
    ],
)
def test_dst_changes_neither_skip_nor_double_a_dose(
    day: dt.date, time: str, expected_utc: dt.datetime
) -> None:
    medication = Medication(name="x", dose_text="x", times=[time], active=True)
    assert doses.planned_times(medication, day, "Europe/Brussels") == [
        expected_utc.replace(tzinfo=dt.timezone.utc)
    ]


def test_weekdays_and_dates_limit_the_schedule() -> None:
    medication = Medication(name="x", dose_text="x", times=["09:00"], days_of_week=[0, 3],
                            start_date=dt.date(2026, 11, 1), end_date=dt.date(2026, 11, 30),
                            active=True)
    assert doses.planned_times(medication, dt.date(2026, 11, 23), "Europe/Brussels")  # Monday
    assert not doses.planned_times(medication, dt.date(2026, 11, 24), "Europe/Brussels")
    assert not doses.planned_times(medication, dt.date(2026, 12, 3), "Europe/Brussels")


def test_taken_answers_the_most_recent_due_dose(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        morning = local(2026, 11, 24, 8, 40)
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t", now=morning)
        assert [d.scheduled_at.astimezone(BRUSSELS).hour for d in result.recorded] == [8]
        assert result.recorded[0].status == doses.TAKEN
        # Nothing due at noon: nothing recorded, nothing guessed.
        noon = doses.record_intake(s, patient, doses.TAKEN, actor="t",
                                   now=local(2026, 11, 24, 16, 0))
        assert noon.recorded == []


def test_an_answer_takes_the_dose_due_now_before_the_coming_one(db_url: str) -> None:
    """At 19:15 "genomen" is the 19:15 dose, although the 20:00 one is in the window
    too; only an answer before any dose is due goes to the coming one."""
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Medication(patient_id=patient.id, name="Asaflow", dose_text="80 mg",
                         times=["19:15"]))
        s.flush()
        now = doses.record_intake(s, patient, doses.TAKEN, actor="t",
                                  now=local(2026, 11, 24, 19, 15))
        assert [d.medication.name for d in now.recorded] == ["Asaflow"]
        early = doses.record_intake(s, patient, doses.TAKEN, actor="t",
                                    now=local(2026, 11, 24, 19, 40))
        assert [d.medication.name for d in early.recorded] == ["Metformine"]  # the 20:00


def test_an_answer_late_at_night_reports_the_forgotten_earlier_dose(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Medication(patient_id=patient.id, name="Asaflow", dose_text="80 mg",
                         times=["18:00"]))
        s.flush()
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t",
                                     now=local(2026, 11, 24, 20, 15))
        assert [d.medication.name for d in result.recorded] == ["Metformine"]
        assert [d.medication.name for d in result.still_pending] == ["Asaflow"]


def test_a_reminder_names_the_dose_it_asks_about(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        morning, evening = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        result = doses.record_intake(s, patient, doses.MISSED, actor="t", dose_id=morning.id,
                                     now=local(2026, 11, 24, 20, 5))
        assert result.recorded == [morning]
        assert (morning.status, evening.status) == (doses.MISSED, doses.PENDING)


# --- enrollment -------------------------------------------------------------------


def test_a_code_links_one_account_once(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, created_by="nurse:1")
        assert enrollment.looks_like_code(code) and enrollment.looks_like_code(code.lower())
        linked = enrollment.link(s, "telegram", "4711", code.replace("-", " ").lower())
        assert linked.status == "linked"
        assert linked.identity.patient_id == patient.id
        assert linked.identity.conversation_id.startswith("c-")
        assert "4711" not in linked.identity.conversation_id
        assert enrollment.link(s, "whatsapp", "+32470000000", code).status == "used"
        found = enrollment.identity_for_conversation(s, linked.identity.conversation_id)
        assert found.id == linked.identity.id


def test_codes_expire(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, created_by="nurse:1", ttl=dt.timedelta(hours=1))
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)
        assert enrollment.link(s, "sms", "+32470000001", code, now=later).status == "expired"


def test_guessing_is_rate_limited(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, created_by="nurse:1")
        statuses = [enrollment.link(s, "sms", "+32470000002", "AAAA-AAAA").status
                    for _ in range(enrollment.MAX_FAILED_ATTEMPTS)]
        assert set(statuses) == {"invalid"}
        # Even the right code is refused until the window has passed.
        assert enrollment.link(s, "sms", "+32470000002", code).status == "rate_limited"
        later = dt.datetime.now(dt.timezone.utc) + enrollment.ATTEMPT_WINDOW
        assert enrollment.link(s, "sms", "+32470000002", code, now=later).status == "linked"


def test_an_account_cannot_be_linked_to_a_second_patient(db_url: str) -> None:
    with session_scope(db_url) as s:
        first, second = make_patient(s, "a"), make_patient(s, "b")
        enrollment.link(s, "telegram", "42", enrollment.issue_code(s, first, "n"))
        result = enrollment.link(s, "telegram", "42", enrollment.issue_code(s, second, "n"))
        assert result.status == "taken"
        assert result.identity.patient_id == first.id


def test_phone_numbers_on_file_link_only_when_unambiguous(db_url: str) -> None:
    with session_scope(db_url) as s:
        make_patient(s, "a", phone="+32470111111")
        make_patient(s, "b", phone="+32470222222")
        make_patient(s, "c", phone="+32470222222")
        assert enrollment.link_by_phone(s, "sms", "+32470111111") is not None
        assert enrollment.link_by_phone(s, "sms", "+32470222222") is None
        assert enrollment.link_by_phone(s, "telegram", "+32470111111") is None


# --- flags ------------------------------------------------------------------------


def test_flags_are_deduplicated_while_open_and_ordered_urgent_first(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        nurse = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=patient.id,
                                 conversation_id="c-1", summary="je veux l'infirmière")
        again = flags.raise_flag(s, flags.REQUEST_NURSE, patient_id=patient.id,
                                 conversation_id="c-1", summary="allo ?")
        assert again.id == nurse.id and "allo ?" in again.summary
        urgent = flags.raise_flag(s, flags.EMERGENCY, patient_id=patient.id,
                                  conversation_id="c-1", summary="douleur poitrine")
        assert [f.id for f in flags.queue(s)] == [urgent.id, nurse.id]
        assert urgent.severity == "urgent"


def test_flag_lifecycle_requires_a_note_and_is_audited(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        flag = flags.raise_flag(s, flags.SYMPTOM, patient_id=patient.id, conversation_id="c-2")
        flags.acknowledge(s, flag, by="nurse:7")
        with pytest.raises(flags.FlagError):
            flags.acknowledge(s, flag, by="nurse:7")
        with pytest.raises(flags.FlagError):
            flags.resolve(s, flag, by="nurse:7", note="  ")
        flags.resolve(s, flag, by="nurse:7", note="called the patient, fine")
        assert flag.status == flags.RESOLVED and flags.queue(s) == []
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "flag")).all()
        assert actions == ["raise", "acknowledge", "resolve"]
        # Resolved: the same kind can be raised again as a new flag.
        assert flags.raise_flag(s, flags.SYMPTOM, patient_id=patient.id,
                                conversation_id="c-2").id != flag.id
