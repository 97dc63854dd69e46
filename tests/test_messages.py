"""Every text a patient or caregiver can receive exists in French and Dutch."""

from __future__ import annotations

import string

import pytest

from bot.inbound import EMERGENCY
from bot.language import detect
from bot.messages import AMOUNT_QUESTIONS, GOAL_NAMES, JOIN_INSTRUCTIONS, MESSAGES, UNIT_NAMES
from tests.support import domain


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    variants = MESSAGES[key]
    assert set(variants) == {"fr", "nl"}
    assert _fields(variants["fr"]) == _fields(variants["nl"])
    # Long enough to carry a language: check it is the right one.
    for lang, text in variants.items():
        plain = string.Formatter().vformat(text, (), _Blank())
        if len(plain.split()) >= 4:
            assert detect(plain).language == lang, (key, lang, plain)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


@pytest.mark.parametrize("table", [GOAL_NAMES, UNIT_NAMES, AMOUNT_QUESTIONS])
def test_lookup_tables_cover_both_languages(table: dict) -> None:
    assert all(set(entry) == {"fr", "nl"} for entry in table.values())


def test_join_instructions_are_bilingual_and_point_to_112() -> None:
    french, dutch = JOIN_INSTRUCTIONS.split("\n")
    assert detect(french).language == "fr" and detect(dutch).language == "nl"
    assert "112" in french and "112" in dutch


def test_emergency_text_for_unlinked_accounts_matches_the_conversation_answer() -> None:
    responses = domain()["responses"]["utter_emergency"]
    french = next(v["text"] for v in responses if "condition" not in v)
    dutch = next(v["text"] for v in responses if "condition" in v)
    assert french.startswith(EMERGENCY["fr"])
    assert dutch.startswith(EMERGENCY["nl"])
