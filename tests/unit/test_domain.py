"""The dialogue's texts and rules: both languages everywhere, every intent answered."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.nlu.language import detect
from tests.support.paths import ROOT
from tests.support.rasa_project import CONTRACT_INTENTS, domain

DOMAIN = domain()
RESPONSES = DOMAIN["responses"]
NL_CONDITION = [{"type": "slot", "name": "language", "value": "nl"}]
ENGLISH = re.compile(r"\b(the|you|your|please|thanks|thank you|hello|welcome|sorry,? i)\b", re.I)


def _variants(name: str) -> tuple[str, str]:
    variants = RESPONSES[name]
    french = [v["text"] for v in variants if "condition" not in v]
    dutch = [v["text"] for v in variants if v.get("condition") == NL_CONDITION]
    assert len(french) == 1, f"{name}: needs exactly one default (French) variant"
    assert len(dutch) == 1, f"{name}: needs exactly one Dutch variant"
    assert len(variants) == 2, f"{name}: unexpected extra variants"
    return french[0], dutch[0]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_exists_in_french_and_dutch(name: str) -> None:
    french, dutch = _variants(name)
    assert detect(french).language == "fr", french
    assert detect(french).confident
    assert detect(dutch).language == "nl", dutch
    assert detect(dutch).confident
    for text in (french, dutch):
        assert not ENGLISH.search(text), f"English in {name}: {text}"
        assert len(text) <= 480, f"{name} is longer than three SMS segments"


def test_the_emergency_answer_is_an_action_shared_with_the_gateway() -> None:
    """One wording for Rasa and the gateway's safety net (bot/safety_net.py): the
    rule runs action_emergency, and no static response could drift from it."""
    assert "utter_emergency" not in DOMAIN.get("responses", {})
    emergency = next(rule for rule in _rules() if rule["steps"][0].get("intent") == "emergency")
    assert [step.get("action") for step in emergency["steps"][1:]] == [
        "action_emergency", "action_flag_emergency"]


def test_contract_intents_are_declared() -> None:
    assert set(CONTRACT_INTENTS) <= set(DOMAIN["intents"])


def _rules() -> list[dict]:
    return yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]


def test_every_intent_has_a_rule_that_answers_it() -> None:
    answered = {
        rule["steps"][0]["intent"] for rule in _rules() if "intent" in rule["steps"][0]
    }
    missing = set(DOMAIN["intents"]) - answered
    assert not missing
    assert "nlu_fallback" in answered


def test_rules_only_use_known_responses_and_actions() -> None:
    used = {step["action"] for rule in _rules() for step in rule["steps"] if "action" in step}
    known = set(RESPONSES) | set(DOMAIN["actions"])
    assert used <= known, used - known


def test_every_domain_action_is_implemented() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(DOMAIN["actions"])
