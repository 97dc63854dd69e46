"""bot/doses: the ``time`` entity of a dose answer picks the dose it names (FR and NL),
and falls back to the usual rule when it names none of that day's doses."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot import doses
from bot.db import session_scope
from bot.models import Medication
from tests.support.patients import make_patient

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


@pytest.mark.parametrize(("text", "expected"), [
    ("celui de 8h", doses.NamedTime(0, clock=dt.time(8, 0))),
    ("à 8h30", doses.NamedTime(0, clock=dt.time(8, 30))),
    ("20:00", doses.NamedTime(0, clock=dt.time(20, 0))),
    ("die van 8 uur", doses.NamedTime(0, clock=dt.time(8, 0))),
    ("om 8u", doses.NamedTime(0, clock=dt.time(8, 0))),
    ("om 14.30 uur", doses.NamedTime(0, clock=dt.time(14, 30))),
    ("ce matin", doses.NamedTime(0, part=(dt.time(4, 0), dt.time(11, 59)))),
    ("du matin", doses.NamedTime(0, part=(dt.time(4, 0), dt.time(11, 59)))),
    ("vanmorgen", doses.NamedTime(0, part=(dt.time(4, 0), dt.time(11, 59)))),
    ("deze morgen", doses.NamedTime(0, part=(dt.time(4, 0), dt.time(11, 59)))),
    ("morgens", doses.NamedTime(0, part=(dt.time(4, 0), dt.time(11, 59)))),
    ("cet après-midi", doses.NamedTime(0, part=(dt.time(13, 0), dt.time(17, 59)))),
    ("vanmiddag", doses.NamedTime(0, part=(dt.time(11, 0), dt.time(14, 59)))),
    ("ce soir", doses.NamedTime(0, part=(dt.time(17, 0), dt.time(22, 59)))),
    ("au souper", doses.NamedTime(0, part=(dt.time(17, 0), dt.time(22, 59)))),
    ("hier soir", doses.NamedTime(1, part=(dt.time(17, 0), dt.time(22, 59)))),
    ("gisteravond", doses.NamedTime(1, part=(dt.time(17, 0), dt.time(22, 59)))),
    ("aujourd'hui", None),
    ("vandaag", None),
    ("demain matin", None),
    ("morgen", None),  # Dutch "tomorrow"
    ("", None),
    (None, None),
])
def test_named_time_reads_the_entity(text: str | None, expected: doses.NamedTime | None) -> None:
    assert doses.named_time(text) == expected


@pytest.mark.parametrize("time_text", ["celui de 8h", "ce matin", "die van 8 uur", "vanmorgen",
                                       "08:00"])
def test_at_2030_the_named_morning_dose_is_answered_not_the_evening_one(
    db_url: str, time_text: str,
) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        morning, evening = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t", time_text=time_text,
                                     now=local(2026, 11, 24, 20, 30))
        assert result.recorded == [morning]
        assert (morning.status, evening.status) == (doses.TAKEN, doses.PENDING)
        assert result.still_pending == [evening]  # "the 20:00 one is still open"


def test_a_named_time_overrides_the_reminders_dose(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        morning, evening = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        result = doses.record_intake(s, patient, doses.MISSED, actor="t", dose_id=evening.id,
                                     time_text="celui de 8h", now=local(2026, 11, 24, 20, 30))
        assert result.recorded == [morning] and list(result.changed) == [morning]
        assert (morning.status, evening.status) == (doses.MISSED, doses.PENDING)


@pytest.mark.parametrize("time_text", ["celui de 14h", "om 12 uur", "ce midi", "demain",
                                       "vandaag", "n'importe quoi"])
def test_a_time_naming_no_dose_of_today_falls_back_to_todays_rule(
    db_url: str, time_text: str,
) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        morning, evening = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t", time_text=time_text,
                                     now=local(2026, 11, 24, 20, 30))
        assert result.recorded == [evening]
        assert (morning.status, evening.status) == (doses.PENDING, doses.TAKEN)


def test_8_oclock_is_the_evening_dose_when_there_is_no_morning_one(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        patient.medications[0].times = ["20:00"]
        s.flush()
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t", time_text="8 uur",
                                     now=local(2026, 11, 24, 20, 30))
        assert [d.scheduled_at for d in result.recorded] == [local(2026, 11, 24, 20, 0)]


def test_a_later_dose_is_not_answered_hours_ahead(db_url: str) -> None:
    """"celui de 20h" at 08:30: the evening dose is not due; today's rule applies."""
    with session_scope(db_url) as s:
        patient = make_patient(s)
        morning, evening = doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        result = doses.record_intake(s, patient, doses.TAKEN, actor="t",
                                     time_text="celui de 20h", now=local(2026, 11, 24, 8, 30))
        assert result.recorded == [morning] and evening.status == doses.PENDING


def test_yesterday_evening_and_a_named_medication(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Medication(patient_id=patient.id, name="Asaflow", dose_text="80 mg",
                         times=["20:00"]))
        s.flush()
        result = doses.record_intake(s, patient, doses.MISSED, actor="t",
                                     time_text="gisteravond", medication_name="asaflow",
                                     now=local(2026, 11, 24, 9, 0))
        assert [(d.medication.name, d.scheduled_at) for d in result.recorded] == [
            ("Asaflow", local(2026, 11, 23, 20, 0))]


def test_a_named_dose_already_answered_so_changes_nothing(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        first = doses.record_intake(s, patient, doses.MISSED, actor="t", time_text="ce matin",
                                    now=local(2026, 11, 24, 9, 0))
        again = doses.record_intake(s, patient, doses.MISSED, actor="t", time_text="ce matin",
                                    now=local(2026, 11, 24, 10, 0))
        assert again.recorded == first.recorded and again.changed == ()
        assert first.recorded[0].answered_at == local(2026, 11, 24, 9, 0)
