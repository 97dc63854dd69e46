"""Reminders with a controllable clock, on SQLite and PostgreSQL: a day of doses,
misfires, answered doses, DST nights, quiet hours, opt-out, no duplicates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import doses, enrollment
from bot.db import session_scope
from bot.models import Appointment, Medication, OutboundMessage, Patient, Reminder
from reminders.planner import defer_for_quiet_hours, dispatch_due, plan
from tests.support import make_patient

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


def _patient(s, **fields) -> Patient:  # type: ignore[no-untyped-def]
    patient = make_patient(s, phone="+32470123456", **fields)
    code = enrollment.issue_code(s, patient, "t")
    enrollment.link(s, "telegram", "777", code)
    return patient


def _run(url: str, at: dt.datetime) -> list[str]:
    """One scheduler tick at a given instant; returns the keys sent."""
    with session_scope(url) as s:
        for patient in s.scalars(select(Patient)):
            plan(s, patient, at)
        return [r.key for r in dispatch_due(s, at)]


def _outbound(url: str) -> list[OutboundMessage]:
    with session_scope(url) as s:
        rows = s.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
        for row in rows:
            s.expunge(row)
        return rows


def test_a_day_of_doses_each_reminded_once_at_its_time(db_url: str) -> None:
    with session_scope(db_url) as s:
        _patient(s)
    sent = []
    for hour, minute in [(0, 0), (7, 59), (8, 0), (8, 0), (8, 20), (19, 59), (20, 0), (23, 0)]:
        sent += _run(db_url, local(2026, 11, 24, hour, minute))
    assert len(sent) == 2 and len(set(sent)) == 2
    messages = _outbound(db_url)
    assert [m.channel for m in messages] == ["telegram", "telegram"]
    assert messages[0].text.startswith("Bonjour Marie, c'est l'heure de votre médicament de 8h")
    assert "Metformine (1 comprimé 500 mg)" in messages[0].text
    assert messages[0].quick_replies == [{"title": "Pris ✅", "payload": "/medication_taken"}]
    assert messages[1].text.startswith("Bonjour Marie, c'est l'heure de votre médicament de 20h")


def test_dutch_patient_gets_dutch_reminders(db_url: str) -> None:
    with session_scope(db_url) as s:
        _patient(s, language="nl")
    _run(db_url, local(2026, 11, 24, 8, 0))
    message = _outbound(db_url)[0]
    assert message.text.startswith("Dag Marie, het is tijd voor uw medicatie van 8.00 uur")
    assert message.quick_replies[0]["title"] == "Genomen ✅"


def test_after_downtime_late_reminders_are_skipped_not_sent(db_url: str) -> None:
    with session_scope(db_url) as s:
        _patient(s)
    _run(db_url, local(2026, 11, 24, 0, 0))  # planned, then the scheduler was down
    assert _run(db_url, local(2026, 11, 24, 9, 30)) == ["dose:1"]  # within the grace
    _run(db_url, local(2026, 11, 24, 19, 0))
    assert _run(db_url, local(2026, 11, 24, 23, 0)) == []  # 20:00 is 3 hours late
    with session_scope(db_url) as s:
        evening = s.scalars(select(Reminder).where(Reminder.key == "dose:2")).one()
        assert (evening.status, evening.reason) == ("skipped", "too_late")


def test_a_dose_already_answered_is_not_reminded(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _patient(s)
        plan(s, patient, local(2026, 11, 24, 0, 0))
        doses.record_intake(s, patient, doses.TAKEN, actor="t", now=local(2026, 11, 24, 7, 50))
    assert _run(db_url, local(2026, 11, 24, 8, 0)) == []


@pytest.mark.parametrize(
    ("day", "times", "expected_local"),
    [
        (dt.date(2026, 3, 29), ["01:30", "02:30", "03:30"], ["01:30", "03:30"]),
        (dt.date(2026, 10, 25), ["01:30", "02:30", "03:30"], ["01:30", "02:30", "03:30"]),
    ],
)
def test_dst_nights_neither_skip_nor_double(
    db_url: str, day: dt.date, times: list[str], expected_local: list[str]
) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Medication(patient_id=patient.id, name="Nuit", dose_text="1", times=times))
        code = enrollment.issue_code(s, patient, "t")
        enrollment.link(s, "sms", "+32470999000", code)
    # Real time passes in UTC: step through the night half an hour at a time.
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=BRUSSELS).astimezone(dt.timezone.utc)
    sent_at = []
    for step in range(11):
        instant = start + dt.timedelta(minutes=30 * step)
        if _run(db_url, instant):
            sent_at.append(instant.astimezone(BRUSSELS).strftime("%H:%M"))
    # 02:30 does not exist on the spring night: that dose is reminded at 03:30 with the
    # 03:30 one (one message for both); on the autumn night 02:30 happens twice and is
    # reminded once.
    assert sent_at == expected_local
    with session_scope(db_url) as s:
        night = [r for r in s.scalars(select(Reminder).where(Reminder.status == "sent"))
                 if r.due_at < start + dt.timedelta(hours=5)]
        assert len(night) == len(expected_local)  # one reminder per planned instant


def test_appointment_reminders_respect_quiet_hours(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _patient(s, quiet_start=dt.time(21, 0), quiet_end=dt.time(8, 30))
        s.add(Appointment(patient_id=patient.id, with_whom="Dr Renard", location="Namur",
                          starts_at=local(2026, 11, 26, 10, 0)))
    # The "3 hours before" reminder (07:00) falls in the quiet hours: deferred to 08:30.
    def appointments(keys: list[str]) -> list[str]:
        return [k for k in keys if k.startswith("appointment")]

    assert appointments(_run(db_url, local(2026, 11, 25, 17, 59))) == []
    assert appointments(_run(db_url, local(2026, 11, 25, 18, 0))) == ["appointment:1:day_before"]
    assert appointments(_run(db_url, local(2026, 11, 26, 7, 0))) == []
    assert appointments(_run(db_url, local(2026, 11, 26, 8, 30))) == [
        "appointment:1:hours_before"]
    texts = [m.text for m in _outbound(db_url) if m.text.startswith("Rappel")]
    assert texts[0] == "Rappel, Marie : rendez-vous jeudi 26 novembre à 10h avec Dr Renard, Namur."


def test_quiet_hours_window_across_midnight() -> None:
    patient = Patient(timezone="Europe/Brussels", quiet_start=dt.time(22, 0),
                      quiet_end=dt.time(7, 0))
    assert defer_for_quiet_hours(patient, local(2026, 11, 24, 23, 0)) == local(2026, 11, 25, 7, 0)
    assert defer_for_quiet_hours(patient, local(2026, 11, 25, 6, 0)) == local(2026, 11, 25, 7, 0)
    assert defer_for_quiet_hours(patient, local(2026, 11, 25, 12, 0)) == local(2026, 11, 25, 12, 0)


def test_opted_out_patients_get_no_reminders(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _patient(s)
        identity = patient.identities[0]
        enrollment.set_opt_out(s, identity, True, "t")
    assert _run(db_url, local(2026, 11, 24, 8, 0)) == []
    assert _outbound(db_url) == []  # nor by SMS to the number on file
    with session_scope(db_url) as s:
        reasons = s.scalars(select(Reminder.reason).where(Reminder.status == "skipped")).all()
        assert set(reasons) == {"no_channel"}
