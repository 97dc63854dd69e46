"""The dialogue's texts and rules: both languages everywhere, every intent answered."""

from __future__ import annotations

import re

import pytest
import yaml

from bot.language import detect
from tests.support import CONTRACT_INTENTS, ROOT, domain

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


def test_emergency_answer_gives_112_and_the_suicide_line_of_each_language() -> None:
    french, dutch = _variants("utter_emergency")
    assert "112" in french and "0800 32 123" in french
    assert "112" in dutch and "1813" in dutch


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
