"""Peak flow from the chat (issue 17): the words that name one, the action server
storing it as a reading whether or not the plan watches it, alerting by the plan's
thresholds (bot/readings.py) in both languages, asking back for a missing or
implausible amount; and the care-team answer with roles in the patient's language."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from actions.careplan import ActionRecordProgress
from actions.careteam import ActionListCareTeam
from bot import enrollment
from bot.db import session_scope
from bot.models import CareAssignment, CareTeamMember, Flag, Patient, Reading, Team
from bot.readings import Thresholds, names_peak_flow
from tests.support.actions import ent, run
from tests.support.patients import make_patient


@pytest.mark.parametrize(("text", "named"), [
    ("peak flow 320", True), ("mon débit de pointe est à 280", True), ("DEP 250", True),
    ("debit expiratoire de pointe 300", True), ("piekstroom 300 l/min", True),
    ("mijn piekstroommeter zegt 270", True), ("PEF 250", True), ("320 L/min", True),
    ("depuis hier", False), ("tension 13/8", False), ("dépêche-toi", False), ("", False)])
def test_the_words_that_name_a_peak_flow(text: str, named: bool) -> None:
    assert names_peak_flow(text) is named


# The plans of these tests: peak flow low at 80 % of a personal best of 450 (360 L/min).
ASTHMA = Thresholds(peak_flow_low_percent=80, peak_flow_personal_best=450)


def add_care_team(s, patient_ids: list[int]) -> None:
    """A team of a GP, a pulmonologist and a nurse who left (inactive), following
    each of the patients."""
    team = Team(name=f"Réseau {uuid.uuid4().hex[:6]}")
    s.add(team)
    s.flush()
    members = [CareTeamMember(team_id=team.id, name="Dr Anne Peeters",
                              role="general_practitioner"),
               CareTeamMember(team_id=team.id, name="Lotte Maes", role="pulmonologist"),
               CareTeamMember(team_id=team.id, name="Jan Oud", role="nurse", active=False)]
    s.add_all(members)
    s.flush()
    s.add_all([CareAssignment(patient_id=p, member_id=m.id)
               for p in patient_ids for m in members])


@pytest.fixture
def asthma(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """Two linked patients, one French and one Dutch, on the ASTHMA thresholds, with
    the care team of ``add_care_team``."""
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    conversations = {}
    with session_scope(db_url) as s:
        patients = {lang: make_patient(s, ref=f"asthma-{lang}", language=lang,
                                       reading_thresholds=ASTHMA.to_json())
                    for lang in ("fr", "nl")}
        add_care_team(s, [p.id for p in patients.values()])
        for lang, patient in patients.items():
            code = enrollment.issue_code(s, patient, "test")
            conversations[lang] = enrollment.link(s, "cli", uuid.uuid4().hex,
                                                  code).identity.conversation_id
    return db_url, conversations


def _readings(url: str) -> list[tuple[str, float, str | None]]:
    with session_scope(url) as s:
        return [(r.kind, r.value, r.alert) for r in s.scalars(select(Reading).order_by(Reading.id))]


def _flags(url: str) -> list[Flag]:
    with session_scope(url) as s:
        return list(s.scalars(select(Flag).where(Flag.kind == "reading_alert")))


def test_a_peak_flow_in_range_is_stored_without_advice(asthma) -> None:
    url, conversations = asthma
    texts, events = run(ActionRecordProgress(), conversations["fr"], "peak flow 420",
                        "report_progress", [ent("goal_kind", "peak_flow"),
                                            ent("quantity", "420")], metadata={"inbound_id": 1})
    assert texts == ["C'est noté : 420 L/min (débit de pointe)."]
    assert events[0]["value"] is None
    assert _readings(url) == [("peak_flow", 420, None)] and not _flags(url)


def test_a_low_peak_flow_gets_the_advice_and_a_flag_in_french(asthma) -> None:
    url, conversations = asthma
    args = (ActionRecordProgress(), conversations["fr"], "mon débit de pointe est à 280",
            "report_progress", [ent("goal_kind", "débit de pointe"), ent("quantity", "280")])
    texts, _ = run(*args, metadata={"inbound_id": 2})
    assert texts[0].startswith("C'est noté : 280 L/min (débit de pointe).\nVotre débit de "
                               "pointe de 280 L/min est en dehors des limites")
    assert "1733" in texts[0] and "112" in texts[0]
    assert run(*args, metadata={"inbound_id": 2})[0] == texts  # the same message again
    assert _readings(url) == [("peak_flow", 280, "low")]
    flags = _flags(url)
    assert len(flags) == 1 and flags[0].severity == "high" and "280 L/min" in flags[0].summary


def test_a_low_peak_flow_in_dutch_from_the_unit_alone(asthma) -> None:
    url, conversations = asthma
    texts, _ = run(ActionRecordProgress(), conversations["nl"], "piekstroom 300 l/min",
                   "report_progress", [ent("quantity", "300"), ent("unit", "l/min")],
                   language="nl", metadata={"inbound_id": 3})
    assert texts[0].startswith("Genoteerd: 300 L/min (piekstroom).\n")
    assert "huisarts" in texts[0] and "112" in texts[0]
    assert _readings(url) == [("peak_flow", 300, "low")] and len(_flags(url)) == 1


def test_a_peak_flow_without_an_amount_is_asked_and_the_answer_recorded(asthma) -> None:
    url, conversations = asthma
    texts, events = run(ActionRecordProgress(), conversations["nl"], "ik heb mijn PEF gemeten",
                        "report_progress", [ent("goal_kind", "PEF")], language="nl",
                        metadata={"inbound_id": 4})
    assert texts == ["Wat was uw piekstroom (in L/min, bijvoorbeeld 320)?"]
    assert events[0]["value"] == "peak_flow"
    texts, _ = run(ActionRecordProgress(), conversations["nl"], "3200", "nlu_fallback",
                   language="nl", metadata={"inbound_id": 5}, pending_progress="peak_flow")
    assert texts[0].startswith("3.200 L/min, dat lijkt me vreemd.") and not _readings(url)
    texts, _ = run(ActionRecordProgress(), conversations["nl"], "driehonderdtachtig",
                   "nlu_fallback", language="nl", metadata={"inbound_id": 6},
                   pending_progress="peak_flow")
    assert texts == ["Genoteerd: 380 L/min (piekstroom)."]
    assert _readings(url) == [("peak_flow", 380, None)]


def test_an_unwatched_peak_flow_is_still_stored(asthma) -> None:
    url, conversations = asthma
    with session_scope(url) as s:
        for patient in s.scalars(select(Patient)):
            patient.reading_thresholds = None
    texts, _ = run(ActionRecordProgress(), conversations["fr"], "DEP 150", "report_progress",
                   [ent("goal_kind", "DEP"), ent("quantity", "150")], metadata={"inbound_id": 7})
    assert texts == ["C'est noté : 150 L/min (débit de pointe)."]
    assert _readings(url) == [("peak_flow", 150, None)] and not _flags(url)


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", "Votre équipe de soins :\n• Dr Anne Peeters, médecin généraliste\n"
           "• Lotte Maes, pneumologue"),
    ("nl", "Uw zorgteam:\n• Dr Anne Peeters, huisarts\n• Lotte Maes, longarts")])
def test_the_care_team_with_roles_in_the_patients_language(asthma, lang: str,
                                                           expected: str) -> None:
    _, conversations = asthma
    texts, _ = run(ActionListCareTeam(), conversations[lang], "?", "ask_care_team",
                   language=lang)
    assert texts == [expected]
