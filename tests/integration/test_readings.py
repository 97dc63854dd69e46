"""Readings and their thresholds (bot/readings.py): the threshold logic for each kind,
its edges and units, agreement with the red-flag rules, the care-plan file's
`thresholds` section (validation, export round trip), the action server recording a
reading outside its thresholds (answer, flag, once per message), and the console's
readings plot in both languages."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.careplan import ActionRecordProgress
from bot import enrollment
from bot.careplan_file import CarePlanFileError, export_careplan, import_careplan, parse_careplan
from bot.db import session_scope
from bot.models import Flag, Patient, Reading
from bot.nlu import red_flags
from bot.readings import (
    BLOOD_PRESSURE,
    GLUCOSE,
    HIGH,
    PEAK_FLOW,
    URGENT,
    WEIGHT,
    Thresholds,
    check,
    parse_blood_pressure,
)
from tests.support.actions import ent, run
from tests.support.paths import ROOT
from tests.support.patients import make_patient

DEMO = ROOT / "bot" / "demo"
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)
T = Thresholds(glucose_low=80, glucose_high=250, systolic_low=100, systolic_high=160,
               diastolic_low=50, diastolic_high=100, weight_gain_kg=2, weight_gain_days=3,
               peak_flow_low_percent=80, peak_flow_personal_best=500)


# --- the threshold logic ---------------------------------------------------------------


@pytest.mark.parametrize(("value", "reason"), [(79.9, "low"), (80, None), (250, None),
                                               (250.1, "high")])
def test_glucose_edges(value: float, reason: str | None) -> None:
    alert = check(T, GLUCOSE, value)
    assert (alert.reason if alert else None) == reason
    assert alert is None or alert.severity == HIGH


def test_a_hypoglycaemia_is_urgent_whatever_the_plan_says() -> None:
    assert check(Thresholds(), GLUCOSE, 150) is None
    alert = check(Thresholds(), GLUCOSE, 65)
    assert alert is not None and alert.severity == URGENT and alert.reason == "low"
    # a plan whose low is below the hypo bound does not lower it
    alert = check(Thresholds(glucose_low=60), GLUCOSE, 65)
    assert alert is not None and alert.severity == URGENT


@pytest.mark.parametrize("value", [60, 69, 70, 71, 90])
def test_the_hypo_bound_agrees_with_the_red_flag_rules(value: int) -> None:
    """bot/nlu/red_flags/readings.py calls a glucose under 70 mg/dL an emergency: the
    readings module must say urgent exactly then."""
    for text in (f"glycémie {value} mg/dl", f"bloedsuiker {value}"):
        emergency = bool(red_flags.check(text))
        alert = check(Thresholds(), GLUCOSE, value)
        assert emergency == (alert is not None and alert.severity == URGENT), text


def test_the_safety_nets_emergency_makes_an_alert_urgent_never_lower() -> None:
    alert = check(T, GLUCOSE, 300, emergency=True)
    assert alert is not None and alert.severity == URGENT
    assert check(T, GLUCOSE, 120, emergency=True) is None  # in range: the net's own flag


@pytest.mark.parametrize(("systolic", "diastolic", "reason"), [
    (160, 100, None), (161, 80, "high"), (99, 70, "low"), (130, 101, "high"),
    (130, 49, "low"), (130, None, None)])
def test_blood_pressure_edges(systolic: float, diastolic: float | None,
                              reason: str | None) -> None:
    alert = check(T, BLOOD_PRESSURE, systolic, diastolic=diastolic)
    assert (alert.reason if alert else None) == reason


@pytest.mark.parametrize(("text", "expected"), [
    ("135/85", (135, 85)), ("13/8", (130, 80)), ("13,5/8", (135, 80)), ("14 sur 9", (140, 90)),
    ("150", (150, None)), ("abc", None)])
def test_blood_pressure_is_read_in_mmhg_or_cmhg(text: str, expected: object) -> None:
    assert parse_blood_pressure(text) == expected


def test_weight_gain_over_the_plans_days() -> None:
    at = NOW
    history = [(at - dt.timedelta(days=4), 75.0), (at - dt.timedelta(days=2), 78.0),
               (at - dt.timedelta(days=1), 79.0)]
    assert check(T, WEIGHT, 79.9, weights=history, at=at) is None  # +1.9 within 3 days
    alert = check(T, WEIGHT, 80.0, weights=history, at=at)  # +2.0 over 78 two days ago
    assert alert is not None and alert.reason == "gain" and alert.value == 2.0
    assert alert.days == 3
    # the 75 kg of four days ago is outside the window
    assert check(T, WEIGHT, 79.5, weights=history, at=at) is None
    assert check(T, WEIGHT, 90, weights=[], at=at) is None  # no history, no gain
    assert check(Thresholds(), WEIGHT, 90, weights=history, at=at) is None


def test_peak_flow_as_percent_of_personal_best_or_absolute() -> None:
    assert check(T, PEAK_FLOW, 400) is None  # 80 % of 500 is on the line
    assert check(T, PEAK_FLOW, 399).reason == "low"
    absolute = Thresholds(peak_flow_low=300)
    assert check(absolute, PEAK_FLOW, 299) is not None and check(absolute, PEAK_FLOW, 300) is None
    both = Thresholds(peak_flow_low=300, peak_flow_low_percent=50, peak_flow_personal_best=500)
    assert both.peak_flow_limit() == 300  # the higher of the two rules


# --- the care-plan file ----------------------------------------------------------------

SECTION = """
thresholds:
  glucose: {low: 3.9, high: 13.9, unit: mmol/L}
  blood_pressure: {systolic_high: 180, systolic_low: 90, diastolic_high: 110}
  weight: {gain_kg: 2, days: 3}
  peak_flow: {low_percent: 80, personal_best: 450}
"""


def test_the_file_converts_mmol_and_reads_every_kind() -> None:
    plan = parse_careplan((DEMO / "demo-fr.yml").read_text() + SECTION)
    t = plan.thresholds
    assert (t.glucose_low, t.glucose_high) == (70.2, 250.2)
    assert (t.systolic_low, t.systolic_high, t.diastolic_high) == (90, 180, 110)
    assert (t.weight_gain_kg, t.weight_gain_days) == (2, 3)
    assert t.peak_flow_limit() == 360
    assert parse_careplan((DEMO / "demo-fr.yml").read_text()).thresholds == Thresholds()


def test_the_one_validator_reports_bad_thresholds_with_lines() -> None:
    text = (DEMO / "demo-fr.yml").read_text()
    lines = text.count("\n")
    bad = text + """
thresholds:
  glucose: {low: 250, high: 13}
  blood_pressure: {systolic_low: 150, systolic_high: 140}
  weight: {days: 3}
  peak_flow: {low_percent: 80}
  oxygen: {low: 90}
"""
    with pytest.raises(CarePlanFileError) as error:
        parse_careplan(bad, "plan.yml")
    assert str(error.value).splitlines() == [
        f"plan.yml:{lines + 3}: thresholds.glucose.high: 13 is outside the plausible range "
        "40–600 mg/dL",
        f"plan.yml:{lines + 4}: thresholds.blood_pressure.systolic_high: must be above "
        "systolic_low (150)",
        f"plan.yml:{lines + 5}: thresholds.weight.gain_kg: is required",
        f"plan.yml:{lines + 6}: thresholds.peak_flow: low_percent needs personal_best (L/min)",
        f"plan.yml:{lines + 7}: thresholds.oxygen: unknown key; expected one of: glucose, "
        "blood_pressure, weight, peak_flow",
    ]


def test_export_round_trip_and_a_file_without_the_section_clears_it(db_url: str) -> None:
    text = (DEMO / "demo-fr.yml").read_text() + SECTION
    with session_scope(db_url) as s:
        patient = import_careplan(s, text, "test", now=NOW)
        exported = export_careplan(s, patient)
    assert "thresholds:\n  glucose: {low: 70.2, high: 250.2, unit: mg/dL}" in exported
    assert "weight: {gain_kg: 2, days: 3}" in exported
    with session_scope(db_url) as s:
        patient = import_careplan(s, exported, "test", now=NOW)
        assert export_careplan(s, patient) == exported
        stored = patient.reading_thresholds
    assert parse_careplan(exported).thresholds == parse_careplan(text).thresholds
    assert stored is not None and stored["glucose_low"] == 70.2
    with session_scope(db_url) as s:
        patient = import_careplan(s, (DEMO / "demo-fr.yml").read_text(), "test", now=NOW)
        assert patient.reading_thresholds is None
        assert "thresholds" not in export_careplan(s, patient)


# --- the action server -----------------------------------------------------------------


@pytest.fixture
def watched(db_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A linked patient with a glucose goal and thresholds for glucose and weight."""
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    with session_scope(db_url) as s:
        patient = make_patient(s, reading_thresholds=Thresholds(
            glucose_low=80, glucose_high=250, weight_gain_kg=2, weight_gain_days=3).to_json())
        code = enrollment.issue_code(s, patient, "test")
        conversation = enrollment.link(s, "cli", uuid.uuid4().hex, code).identity.conversation_id
    return db_url, conversation


def _flags(url: str) -> list[Flag]:
    with session_scope(url) as s:
        return list(s.scalars(select(Flag).where(Flag.kind == "reading_alert")))


def test_a_glucose_above_the_plan_gets_the_advice_and_one_flag(watched) -> None:
    url, conversation = watched
    args = (ActionRecordProgress(), conversation, "glycémie 300 mg/dl", "report_progress",
            [ent("goal_kind", "glucose"), ent("quantity", "300"), ent("unit", "mg/dl")])
    first, _ = run(*args, metadata={"inbound_id": 41})
    assert first[0].startswith("C'est noté : 3 g/L (glycémie).")
    assert ("Votre glycémie de 300 mg/dL est en dehors des limites fixées par votre équipe "
            "soignante. Appelez aujourd'hui votre médecin généraliste (le soir et le week-end : "
            "le médecin de garde, 1733).") in first[0]
    assert "112" in first[0]
    again, _ = run(*args, metadata={"inbound_id": 41})  # the same message, processed again
    assert again == first
    raised = _flags(url)
    assert len(raised) == 1 and raised[0].severity == "high"
    assert raised[0].conversation_id == conversation and "300 mg/dL" in raised[0].summary
    with session_scope(url) as s:
        assert [(r.kind, r.value, r.alert) for r in s.scalars(select(Reading))] == [
            ("glucose", 300, "high")]
    fine, _ = run(ActionRecordProgress(), conversation, "glyc 1,10", "report_progress",
                  [ent("goal_kind", "glucose"), ent("quantity", "1,10")],
                  metadata={"inbound_id": 42})
    assert "1733" not in fine[0] and len(_flags(url)) == 1


def test_a_weight_gain_without_a_weight_goal_alerts_in_dutch(watched) -> None:
    url, conversation = watched
    with session_scope(url) as s:
        patient = s.scalars(select(Patient)).one()
        s.add(Reading(patient_id=patient.id, kind="weight", value=78.0, unit="kg",
                      recorded_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)))
    texts, _ = run(ActionRecordProgress(), conversation, "gewicht 80,5 kg", "report_progress",
                   [ent("goal_kind", "weight"), ent("quantity", "80,5"), ent("unit", "kg")],
                   language="nl", metadata={"inbound_id": 43})
    assert texts == [
        "Genoteerd: 80,5 kg (gewicht).\nU bent 2,5 kg bijgekomen in 3 dagen: dat is meer dan "
        "de grens die uw zorgteam heeft vastgelegd. Bel vandaag uw huisarts (’s avonds en in "
        "het weekend: de huisartsenwachtpost, 1733). Hebt u klachten (onwel, pijn op de borst, "
        "kortademig, verward), bel dan 112. Uw zorgteam is verwittigd."]
    assert [f.severity for f in _flags(url)] == ["high"]


def test_an_unwatched_kind_without_a_goal_keeps_the_old_answer(watched) -> None:
    url, conversation = watched
    texts, _ = run(ActionRecordProgress(), conversation, "tension 19/11", "report_progress",
                   [ent("goal_kind", "blood_pressure"), ent("quantity", "19/11")],
                   metadata={"inbound_id": 44})
    assert "1733" not in texts[0] and not _flags(url)


def test_a_reading_the_safety_net_answered_is_urgent(watched) -> None:
    url, conversation = watched
    run(ActionRecordProgress(), conversation, "glycémie 320", "report_progress",
        [ent("goal_kind", "glucose"), ent("quantity", "320")],
        metadata={"inbound_id": 45, "safety_net": {"answered": True}})
    assert [f.severity for f in _flags(url)] == ["urgent"]


# --- the console -----------------------------------------------------------------------


@pytest.mark.parametrize(("user", "heading", "label"), [
    ("nurse_a", "Glycémie (mg/dL)", "Glycémie (mg/dL) sur 30 jours, 2 mesures"),
    ("admin", "Poids (kg) — alerte si +2 kg en 3 jours", "Poids (kg) sur 30 jours, 0 mesures")])
def test_the_patient_page_plots_readings_with_thresholds(tmp_path: Path, user: str,
                                                         heading: str, label: str) -> None:
    from tests.support.console_seed import FakeRasa, seed, signed_in_as

    seeded = seed(f"sqlite:///{tmp_path / 'care.db'}")
    now = dt.datetime.now(dt.timezone.utc)
    with session_scope(seeded.url) as s:
        patient = s.get_one(Patient, seeded.patient_a1)
        patient.reading_thresholds = T.to_json()
        s.add_all([Reading(patient_id=patient.id, kind="glucose", value=v, unit="mg/dL",
                           alert=a, recorded_at=now - dt.timedelta(days=d))
                   for v, a, d in ((120, None, 3), (300, "high", 1))])
    page = signed_in_as(seeded, FakeRasa(), user).get(f"/patients/{seeded.patient_a1}").text
    assert heading in page and label in page
    assert '<svg class="readings readings-glucose"' in page
    assert 'class="threshold" stroke-dasharray="4 3" data-name="high"' in page
    assert "250 mg/dL" in page and 'class="alert"' in page


def test_the_readings_plot_in_dutch(tmp_path: Path) -> None:
    from tests.support.console_seed import FakeRasa, seed, signed_in_as

    seeded = seed(f"sqlite:///{tmp_path / 'care.db'}")
    with session_scope(seeded.url) as s:
        s.get_one(Patient, seeded.patient_b1).reading_thresholds = Thresholds(
            systolic_high=160).to_json()
    page = signed_in_as(seeded, FakeRasa(), "nurse_b").get(f"/patients/{seeded.patient_b1}").text
    assert "Metingen (30 dagen)" in page and "Bloeddruk (mmHg) over 30 dagen, 0 metingen" in page
