"""Reminders with a controllable clock, on SQLite and PostgreSQL: a day of doses,
misfires, answered doses, DST nights, quiet hours, opt-out, no duplicates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from bot import doses, enrollment
from bot.adherence import slot_key
from bot.db import session_scope
from bot.models import Appointment, Medication, OutboundMessage, Patient, Reminder
from reminders.dispatch import dispatch_due
from reminders.planner import defer_for_quiet_hours, plan
from tests.support.patients import make_patient

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


def meds(*args: int, patient_id: int = 1) -> str:
    """The key of the medication reminder of a local time slot."""
    return slot_key(patient_id, local(*args))


def _patient(s, **fields) -> Patient:
    patient = make_patient(s, phone="+32470123456", **fields)
    code = enrollment.issue_code(s, patient, "t")
    enrollment.link(s, "telegram", "777", code)
    return patient


def _run(url: str, at: dt.datetime) -> list[str]:
    """One scheduler tick at a given instant; returns the keys sent."""
    with session_scope(url) as s:
        for patient in s.scalars(select(Patient)):
            plan(s, patient, at)
        return [r.key for r in dispatch_due(s, at) if r.kind != "follow_up"]


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
    assert messages[0].quick_replies == [{"title": "Pris ✅", "payload": "/medication_taken"},
                                         {"title": "Plus tard ⏰", "payload": "/medication_later"}]
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
    assert _run(db_url, local(2026, 11, 24, 9, 30)) == [meds(2026, 11, 24, 8, 0)]  # in grace
    _run(db_url, local(2026, 11, 24, 19, 0))
    assert _run(db_url, local(2026, 11, 24, 23, 0)) == []  # 20:00 is 3 hours late
    with session_scope(db_url) as s:
        evening = s.scalars(select(Reminder).where(
            Reminder.key == meds(2026, 11, 24, 20, 0))).one()
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
        night = [r for r in s.scalars(select(Reminder).where(
                 Reminder.status == "sent", Reminder.kind == "medication"))
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


def test_appointment_reminder_timing_follows_the_patients_setting(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _patient(s, appointment_reminder_day_before=False,
                           appointment_reminder_hours_before=1)
        s.add(Appointment(patient_id=patient.id, with_whom="Dr Renard", location="Namur",
                          starts_at=local(2026, 11, 26, 10, 0)))

    def appointments(keys: list[str]) -> list[str]:
        return [k for k in keys if k.startswith("appointment")]

    assert appointments(_run(db_url, local(2026, 11, 25, 18, 0))) == []  # no evening one
    assert appointments(_run(db_url, local(2026, 11, 26, 7, 0))) == []   # not 3 h before
    assert appointments(_run(db_url, local(2026, 11, 26, 9, 0))) == [
        "appointment:1:hours_before"]
    # Switched off entirely, nothing is planned for the next appointment.
    with session_scope(db_url) as s:
        patient = s.scalars(select(Patient)).one()
        patient.appointment_reminder_hours_before = 0
        s.add(Appointment(patient_id=patient.id, with_whom="Dr Renard", location="Namur",
                          starts_at=local(2026, 11, 27, 10, 0)))
    for hour in (9, 18):
        assert appointments(_run(db_url, local(2026, 11, 26, hour, 30))) == []
    assert appointments(_run(db_url, local(2026, 11, 27, 9, 0))) == []


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


# --- what happens to an unanswered dose ---------------------------------------------


def _steps(url: str, at: dt.datetime) -> list[tuple[str, str]]:
    """One tick; returns (kind, status) of every reminder handled at that instant."""
    with session_scope(url) as s:
        for patient in s.scalars(select(Patient)):
            plan(s, patient, at)
        before = {r.id: r.status for r in s.scalars(select(Reminder))}
        dispatch_due(s, at)
        s.flush()
        return [(r.kind, r.status) for r in s.scalars(select(Reminder).order_by(Reminder.id))
                if before.get(r.id, "planned") == "planned" and r.status != "planned"]


def _once_a_day(s, **fields) -> Patient:
    patient = _patient(s, **fields)
    patient.medications[0].times = ["08:00"]
    s.flush()
    return patient


def _texts(url: str, **where) -> list[str]:
    return [m.text for m in _outbound(url)
            if all(getattr(m, k) == v for k, v in where.items())]


def test_snooze_reminds_again_then_follows_up(db_url: str) -> None:
    from bot import adherence

    with session_scope(db_url) as s:
        _once_a_day(s)
    assert _steps(db_url, local(2026, 11, 24, 8, 0)) == [("medication", "sent")]
    policy = adherence.Policy()
    with session_scope(db_url) as s:  # 08:05 "plus tard" (what action_dose_later does)
        patient = s.get(Patient, 1)
        dose = doses.answerable_doses(s, patient, local(2026, 11, 24, 8, 5))[0]
        result = adherence.snooze(s, patient, dose, local(2026, 11, 24, 8, 5), policy, "t")
        assert result.until == local(2026, 11, 24, 8, 35)
    # The follow-up planned for 08:30 waits for the snoozed reminder.
    assert _steps(db_url, local(2026, 11, 24, 8, 30)) == []
    assert _steps(db_url, local(2026, 11, 24, 8, 35)) == [("snooze", "sent")]
    assert _texts(db_url)[-1].startswith("Marie, voici le rappel demandé : votre médicament de 8h")
    assert _steps(db_url, local(2026, 11, 24, 9, 5)) == [("follow_up", "sent")]
    assert _texts(db_url)[-1] == ("Marie, avez-vous pris votre médicament de 8h (Metformine "
                                  "(1 comprimé 500 mg)) ? Répondez « pris » ou « pas pris ».")
    assert _outbound(db_url)[-1].quick_replies[1] == {"title": "Pas pris ❌",
                                                      "payload": "/medication_missed"}
    # "Later" is bounded: twice, then no more.
    with session_scope(db_url) as s:
        patient = s.get(Patient, 1)
        dose = s.get(doses.Dose, dose.id)
        second = adherence.snooze(s, patient, dose, local(2026, 11, 24, 9, 6), policy, "t")
        third = adherence.snooze(s, patient, dose, local(2026, 11, 24, 9, 7), policy, "t")
    assert second.until is not None and (third.until, third.refused) == (None, "limit")


def _with_caregiver(s, *, names: bool = False, opted_out: bool = False,
                    language: str = "fr", **fields) -> Patient:
    from bot.models import Caregiver

    patient = _once_a_day(s, **fields)
    s.add(Caregiver(patient_id=patient.id, name="Paul Test", phone="+32470555666",
                    language=language, receives_missed_dose_alerts=True,
                    may_see_medication_names=names,
                    opted_out_at=local(2026, 1, 1, 0, 0) if opted_out else None))
    s.flush()
    return patient


def _unanswered_day(url: str, day: int) -> list[tuple[str, str]]:
    steps = []
    for hour, minute in [(8, 0), (8, 30), (9, 0)]:
        steps += _steps(url, local(2026, 11, day, hour, minute))
    return steps


def test_missed_dose_alerts_the_caregiver_without_naming_the_medication(db_url: str) -> None:
    with session_scope(db_url) as s:
        _with_caregiver(s)
    assert _unanswered_day(db_url, 24) == [
        ("medication", "sent"), ("follow_up", "sent"), ("missed_check", "done"),
        ("caregiver_alert", "sent")]
    with session_scope(db_url) as s:
        dose = s.scalars(select(doses.Dose).where(
            doses.Dose.scheduled_at == local(2026, 11, 24, 8, 0))).one()
        assert (dose.status, dose.answered_at) == ("missed", None)
    sms = [m for m in _outbound(db_url) if m.caregiver_id is not None]
    assert len(sms) == 1 and (sms[0].channel, sms[0].address) == ("sms", "+32470555666")
    assert sms[0].text.startswith("Bonjour Paul, Marie n'a pas confirme sa prise de "
                                  "medicaments de 8h (mardi 24 novembre).")
    assert "Metformine" not in sms[0].text and "STOP" in sms[0].text


def test_caregiver_who_may_see_names_gets_them_in_their_language(db_url: str) -> None:
    with session_scope(db_url) as s:
        _with_caregiver(s, names=True, language="nl")
    _unanswered_day(db_url, 24)
    sms = [m for m in _outbound(db_url) if m.caregiver_id is not None]
    assert sms[0].text.startswith("Dag Paul, Marie heeft de inname van Metformine "
                                  "(1 comprimé 500 mg) van 8.00 uur (dinsdag 24 november)")


def test_late_answer_after_missed_is_kept_and_no_alert_goes_out(db_url: str) -> None:
    with session_scope(db_url) as s:
        _with_caregiver(s, quiet_start=dt.time(9, 0), quiet_end=dt.time(10, 0))
    steps = _unanswered_day(db_url, 24)
    assert ("caregiver_alert", "sent") not in steps  # deferred to 10:00 (quiet hours)
    with session_scope(db_url) as s:  # 09:40 "pris"
        patient = s.get(Patient, 1)
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t",
                                     now=local(2026, 11, 24, 9, 40))
        assert [d.status for d in result.recorded] == ["taken"]
    assert _steps(db_url, local(2026, 11, 24, 10, 0)) == [("caregiver_alert", "skipped")]
    assert [m for m in _outbound(db_url) if m.caregiver_id] == []


def test_opted_out_caregiver_gets_nothing(db_url: str) -> None:
    with session_scope(db_url) as s:
        _with_caregiver(s, opted_out=True)
    assert ("missed_check", "done") in _unanswered_day(db_url, 24)
    assert [m for m in _outbound(db_url) if m.caregiver_id] == []


def test_three_missed_doses_in_a_week_raise_one_flag(db_url: str) -> None:
    from bot.models import Flag

    with session_scope(db_url) as s:
        _with_caregiver(s)
    for day in (23, 24):
        _unanswered_day(db_url, day)
    with session_scope(db_url) as s:
        assert s.scalars(select(Flag)).all() == []
    _unanswered_day(db_url, 25)
    _unanswered_day(db_url, 26)
    with session_scope(db_url) as s:
        flag = s.scalars(select(Flag)).one()  # the open flag grows, no second one
        assert (flag.kind, flag.severity, flag.patient_id) == ("missed_doses", "normal", 1)
        assert flag.conversation_id.startswith("c-")
        assert flag.summary.splitlines() == [
            "3 prises manquées en 7 jours (dernière : mercredi 25 novembre 8h).",
            "4 prises manquées en 7 jours (dernière : jeudi 26 novembre 8h)."]
    assert len([m for m in _outbound(db_url) if m.caregiver_id]) == 4  # one per miss


def test_follow_up_waits_for_the_end_of_quiet_hours_but_the_dose_does_not(
    db_url: str,
) -> None:
    with session_scope(db_url) as s:
        patient = _patient(s, quiet_start=dt.time(22, 0), quiet_end=dt.time(7, 0))
        patient.medications[0].times = ["22:00"]
    assert _steps(db_url, local(2026, 11, 24, 22, 0)) == [("medication", "sent")]
    assert _steps(db_url, local(2026, 11, 24, 22, 30)) == []
    assert _steps(db_url, local(2026, 11, 25, 6, 59)) == []
    assert _steps(db_url, local(2026, 11, 25, 7, 0)) == [("follow_up", "sent")]
    assert "de 22h" in _texts(db_url)[-1]


# --- care-plan changes reschedule at once --------------------------------------------


def _tick(url: str, at: dt.datetime) -> list[str]:
    """The scheduler's own tick: re-plan changed patients only, then dispatch."""
    from reminders.planner import plan_changed

    with session_scope(url) as s:
        while plan_changed(s, at):
            pass
        return [r.key for r in dispatch_due(s, at) if r.kind != "follow_up"]


def test_changed_time_and_cancelled_appointment_reschedule_at_once(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _once_a_day(s)
        s.add(Appointment(patient_id=patient.id, with_whom="Dr Renard",
                          starts_at=local(2026, 11, 24, 15, 0)))
    assert _tick(db_url, local(2026, 11, 24, 6, 0)) == []
    with session_scope(db_url) as s:  # the care team moves the dose and cancels the visit
        patient = s.get(Patient, 1)
        patient.medications[0].times = ["09:15"]
        patient.appointments[0].cancelled = True
    assert _tick(db_url, local(2026, 11, 24, 6, 0, 5)) == []
    with session_scope(db_url) as s:
        statuses = {r.key: (r.status, r.reason) for r in s.scalars(select(Reminder))}
    assert statuses[meds(2026, 11, 24, 8, 0)] == ("cancelled", "care_plan_changed")
    assert statuses["appointment:1:hours_before"] == ("cancelled", "care_plan_changed")
    assert statuses[meds(2026, 11, 24, 9, 15)] == ("planned", None)
    assert _tick(db_url, local(2026, 11, 24, 8, 0)) == []
    assert _tick(db_url, local(2026, 11, 24, 9, 15)) == [meds(2026, 11, 24, 9, 15)]
    assert _tick(db_url, local(2026, 11, 24, 12, 0)) == []
    assert len(_outbound(db_url)) == 1
    # "When do I take it?" no longer lists the 08:00 dose either.
    with session_scope(db_url) as s:
        today = doses.todays_doses(s, s.get(Patient, 1), local(2026, 11, 24, 12, 0))
        assert [d.scheduled_at for d in today] == [local(2026, 11, 24, 9, 15)]


def test_a_new_medication_is_reminded_the_same_day(db_url: str) -> None:
    with session_scope(db_url) as s:
        _once_a_day(s)
    _tick(db_url, local(2026, 11, 24, 6, 0))
    with session_scope(db_url) as s:
        s.add(Medication(patient_id=1, name="Lasix", dose_text="40 mg", times=["08:00"]))
    assert _tick(db_url, local(2026, 11, 24, 8, 0)) == [meds(2026, 11, 24, 8, 0)]
    assert "Lasix (40 mg), Metformine (1 comprimé 500 mg)" in _texts(db_url)[0]


def test_unchanged_patients_are_not_replanned_on_every_tick(db_url: str) -> None:
    from reminders.planner import plan_changed

    with session_scope(db_url) as s:
        _once_a_day(s)
    with session_scope(db_url) as s:
        assert plan_changed(s, local(2026, 11, 24, 6, 0)) == 1
    with session_scope(db_url) as s:
        assert plan_changed(s, local(2026, 11, 24, 6, 0, 10)) == 0
        assert plan_changed(s, local(2026, 11, 24, 7, 1)) == 1  # the hourly sweep


def test_caregiver_reminders_at_dose_time_for_those_who_asked(db_url: str) -> None:
    from bot.models import Caregiver

    with session_scope(db_url) as s:
        patient = _once_a_day(s)
        s.add(Caregiver(patient_id=patient.id, name="Paul", phone="+32470555666",
                        receives_reminders=True))
    _run(db_url, local(2026, 11, 24, 8, 0))
    sms = [m for m in _outbound(db_url) if m.caregiver_id]
    assert [m.text for m in sms] == [
        "Rappel pour Marie : prise de medicaments prevue a 8h. "
        "Repondez STOP pour ne plus recevoir ces SMS."]


def _pas_pris(url: str, at: dt.datetime) -> None:
    """What action_dose_missed does with "pas pris" / "niet genomen" at ``at``."""
    from bot import adherence

    with session_scope(url) as s:
        patient = s.get(Patient, 1)
        result = doses.record_intake(
            s, patient, doses.MISSED, actor="t", now=at, source_message=f"m:{at.isoformat()}",
            on_missed=lambda missed: adherence.missed_by_patient(
                s, patient, missed, at, adherence.Policy(),
                lambda when: defer_for_quiet_hours(patient, when)))
        assert [d.status for d in result.recorded] == ["missed"]


@pytest.mark.parametrize("reported", [(23, 24, 25, 26), (24, 26)])
def test_reported_misses_count_toward_the_flag_and_alert_as_unanswered_ones(
    db_url: str, reported: tuple[int, ...],
) -> None:
    """All four misses said by the patient ("pas pris" at 08:10), or two of them with
    two unanswered: the same caregiver SMS per miss and the same flag as
    test_three_missed_doses_in_a_week_raise_one_flag."""
    from bot.models import Flag

    with session_scope(db_url) as s:
        _with_caregiver(s)
    for day in (23, 24, 25, 26):
        _steps(db_url, local(2026, 11, day, 8, 0))  # the reminder
        if day in reported:
            _pas_pris(db_url, local(2026, 11, day, 8, 10))
        for hour, minute in [(8, 10), (8, 30), (9, 0)]:
            _steps(db_url, local(2026, 11, day, hour, minute))
        with session_scope(db_url) as s:
            assert len(s.scalars(select(Flag)).all()) == (0 if day < 25 else 1)
    with session_scope(db_url) as s:
        flag = s.scalars(select(Flag)).one()
        assert (flag.kind, flag.patient_id) == ("missed_doses", 1)
        assert flag.summary.splitlines() == [
            "3 prises manquées en 7 jours (dernière : mercredi 25 novembre 8h).",
            "4 prises manquées en 7 jours (dernière : jeudi 26 novembre 8h)."]
        reminders = s.scalars(select(Reminder).where(Reminder.kind == "follow_up")).all()
        # no follow-up asks about a dose the patient already said they missed
        assert {r.status for r in reminders for day in reported
                if r.key.startswith(meds(2026, 11, day, 8, 0))} <= {"skipped"}
    sms = [m for m in _outbound(db_url) if m.caregiver_id]
    assert len(sms) == 4  # one per miss, reported or not
    assert all(m.text.startswith("Bonjour Paul, Marie n'a pas confirme") for m in sms)


# --- several schedulers at once (PostgreSQL) ------------------------------------------


def _population(url: str, patients: int) -> int:
    """Patients with an 08:00 dose (every third with two medications at 08:00), a
    Telegram account, and every fifth a caregiver who gets reminders and alerts.
    Returns the number of caregivers."""
    from sqlalchemy import insert

    from bot.models import Caregiver, ChannelIdentity

    ids = range(1, patients + 1)
    with session_scope(url) as s:
        s.execute(insert(Patient), [{"id": i, "external_ref": f"x-{i}", "first_name": "Marie",
                                     "last_name": str(i)} for i in ids])
        s.execute(insert(Medication), [
            {"patient_id": i, "name": name, "dose_text": "1", "times": ["08:00"]}
            for i in ids for name in (("Metformine", "Lasix") if i % 3 == 0 else ("Metformine",))])
        s.execute(insert(ChannelIdentity), [
            {"patient_id": i, "channel": "telegram", "external_id": str(10_000 + i),
             "conversation_id": f"c-x-{i}"} for i in ids])
        caregivers = [{"patient_id": i, "name": "Paul Test", "phone": f"+3247000{i:04d}",
                       "receives_reminders": True} for i in ids if i % 5 == 0]
        s.execute(insert(Caregiver), caregivers)
        if url.startswith("postgresql"):  # ids given explicitly: move the sequence on
            s.execute(text("SELECT setval('patients_id_seq', :n)"), {"n": patients})
    return len(caregivers)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("partitions", [1, 2])
def test_two_schedulers_at_once_create_and_queue_each_reminder_once(
    db_url: str, partitions: int
) -> None:
    """Two schedulers (separate engines, connections and threads) plan and dispatch the
    same patients at the same instants: overlapping (one partition: both take every
    patient) or split (two partitions). Each reminder is created once, handled by one
    of them, and queued once."""
    import threading

    from bot.adherence import Policy
    from reminders.__main__ import _more_due
    from reminders.planner import plan_changed
    from reminders.sql import Partition

    patients = 240
    caregivers = _population(db_url, patients)
    engines = [f"{db_url}?application_name=scheduler-{n}" for n in (0, 1)]
    shares = [Partition(partitions, n % partitions) for n in (0, 1)]
    handled: list[list[str]] = [[], []]
    errors: list[BaseException] = []

    def scheduler(n: int, at: dt.datetime, start: threading.Barrier) -> None:
        try:
            start.wait()
            while True:
                with session_scope(engines[n]) as s:
                    if not plan_changed(s, at, limit=50, partition=shares[n]):
                        break
            more = True
            while more:  # as the tick: until none of its share is due
                with session_scope(engines[n]) as s:
                    sent = dispatch_due(s, at, Policy(), limit=37, partition=shares[n])
                    handled[n] += [r.key for r in sent]
                    more = _more_due(s, at, shares[n])
        except BaseException as error:  # reported by the test
            errors.append(error)

    for instant in (local(2026, 11, 24, 6, 0), local(2026, 11, 24, 8, 0),
                    local(2026, 11, 24, 8, 30), local(2026, 11, 24, 9, 0)):
        start = threading.Barrier(2)
        threads = [threading.Thread(target=scheduler, args=(n, instant, start)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
    for engine in engines:
        from bot.db import dispose

        dispose(engine)

    assert not set(handled[0]) & set(handled[1])  # no reminder handled by both
    if partitions == 2:  # each only its own patients
        for n in (0, 1):
            assert all(int(key.split(":")[1]) % 2 == n for key in handled[n])
    with session_scope(db_url) as s:
        rows = s.scalars(select(Reminder)).all()
        by_kind: dict[str, list[Reminder]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(row)
        eight = local(2026, 11, 24, 8, 0)
        today = [r for r in by_kind["medication"] if r.due_at == eight]
        assert len(today) == patients and all(r.status == "sent" for r in today)
        assert len([r for r in by_kind["caregiver_reminder"] if r.due_at == eight]) == caregivers
        assert len(by_kind["follow_up"]) == patients
        assert len(by_kind["missed_check"]) == patients
        assert len(by_kind["caregiver_alert"]) == caregivers
        sent = [r for r in rows if r.status == "sent"]
        assert len(sent) == 2 * patients + 2 * caregivers
        assert sorted(handled[0] + handled[1]) == sorted(r.key for r in sent)
        queued = s.scalars(select(OutboundMessage)).all()
        assert len(queued) == len(sent)  # one message per reminder sent, none twice
        assert {m.idempotency_key for m in queued} == {f"reminder:{r.key}" for r in sent}
        assert {m.id for m in queued} == {r.outbound_id for r in sent}
        two = [m for m in queued if m.idempotency_key.startswith("reminder:meds:3:")]
        assert "Lasix (1), Metformine (1)" in two[0].text  # one message for the slot's doses


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_one_scheduler_process_per_partition(db_url: str, monkeypatch) -> None:
    from reminders.__main__ import _single_instance
    from reminders.sql import Partition

    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    first = _single_instance(Partition(2, 0))
    other = _single_instance(Partition(2, 1))  # another partition runs beside it
    try:
        with pytest.raises(SystemExit, match="partition 0/2 held"):
            _single_instance(Partition(2, 0))
    finally:
        first.invalidate()  # the process ends: its database session and lock with it
        other.invalidate()
    again = _single_instance(Partition(2, 0))  # free again once the first one ended
    again.invalidate()
