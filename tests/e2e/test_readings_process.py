"""Readings and the care team through the real processes (issue 17): the gateway with
a fake Telegram, Rasa with the trained model and the action server. A peak flow typed
the way patients type it, in French or Dutch, is stored as a reading and, under the
plan's threshold, answered with the fixed advice and flagged; a patient asking who is
in their care team reads the roles in their own language."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from bot import enrollment
from bot.db import session_scope
from bot.models import Flag, Reading
from tests.integration.test_peak_flow import ASTHMA, add_care_team
from tests.support.gateway_process import Running, running_gateway
from tests.support.patients import make_patient
from tests.support.processes import ActionServer, RasaServer, free_port


@pytest.fixture(scope="module")
def gateway(rasa_server: RasaServer, action_server: ActionServer,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with running_gateway(action_server.database_url, rasa_server.url, rasa_server.token,
                         tmp_path_factory.mktemp("gateway-readings"),
                         ACTION_SERVER_URL=action_server.url) as gw:
        yield gw


def _linked(gw: Running, lang: str) -> tuple[int, int]:
    """A patient linked on Telegram whose plan sets the peak flow low at 80 % of 450
    L/min (360), with a care team of a GP, a pulmonologist and a nurse; returns (chat
    id, patient id)."""
    chat = 960_000 + free_port()
    with session_scope(gw.database_url) as s:
        patient = make_patient(s, ref=f"rp-{uuid.uuid4().hex[:6]}", language=lang,
                               reading_thresholds=ASTHMA.to_json())
        add_care_team(s, [patient.id])
        code = enrollment.issue_code(s, patient, "t")
        patient_id = patient.id
    gw.telegram_link(chat, code, lang)
    return chat, patient_id


def _readings(gw: Running, patient_id: int) -> list[tuple[str, float, str | None]]:
    with session_scope(gw.database_url) as s:
        return [(r.kind, r.value, r.alert) for r in s.scalars(
            select(Reading).where(Reading.patient_id == patient_id).order_by(Reading.id))]


def _alerts(gw: Running, patient_id: int) -> list[str]:
    with session_scope(gw.database_url) as s:
        return [f.severity for f in s.scalars(select(Flag).where(
            Flag.patient_id == patient_id, Flag.kind == "reading_alert"))]


@pytest.mark.parametrize(("lang", "in_range", "low", "recorded", "advice"), [
    ("fr", "peak flow 420", "mon débit de pointe est à 280",
     "C'est noté : 280 L/min (débit de pointe).", "médecin généraliste"),
    ("fr", "DEP 400", "dep 250 ce matin", "C'est noté : 250 L/min (débit de pointe).",
     "1733"),
    ("nl", "piekstroom 410 l/min", "piekstroom 300 l/min", "Genoteerd: 300 L/min (piekstroom).",
     "huisarts"),
    ("nl", "mijn peakflow is 390", "PEF 250", "Genoteerd: 250 L/min (piekstroom).",
     "1733"),
])
def test_a_peak_flow_from_the_chat_is_a_reading_that_alerts_by_the_plan(
        gateway: Running, lang: str, in_range: str, low: str, recorded: str,
        advice: str) -> None:
    chat, patient_id = _linked(gateway, lang)
    fine = gateway.telegram_say(chat, in_range)
    assert "L/min" in fine and "112" not in fine, fine
    assert _alerts(gateway, patient_id) == []
    answer = gateway.telegram_say(chat, low)
    assert answer.startswith(recorded), answer
    assert advice in answer and "112" in answer
    kinds = _readings(gateway, patient_id)
    assert [(k, a) for k, _, a in kinds] == [("peak_flow", None), ("peak_flow", "low")]
    assert _alerts(gateway, patient_id) == ["high"]


@pytest.mark.parametrize(("lang", "question", "labels", "other_language"), [
    ("nl", "wie zit er in mijn zorgteam?",
     ["• Dr Anne Peeters, huisarts", "• Lotte Maes, longarts"],
     "médecin généraliste"),
    ("fr", "qui est dans mon équipe de soins ?",
     ["• Dr Anne Peeters, médecin généraliste", "• Lotte Maes, pneumologue"], "huisarts"),
])
def test_the_care_team_answer_gives_roles_in_the_patients_language(
        gateway: Running, lang: str, question: str, labels: list[str],
        other_language: str) -> None:
    chat, _ = _linked(gateway, lang)
    answer = gateway.telegram_say(chat, question)
    assert answer.splitlines()[1:] == labels, answer
    assert other_language not in answer
