"""Every text a patient or caregiver can receive exists in French and Dutch."""

from __future__ import annotations

import string

import pytest

from bot import safety_net
from bot.i18n import table
from bot.messages import JOIN_INSTRUCTIONS, render
from bot.nlu.language import detect

# What patients, caregivers and care-team members receive, from bot/i18n's data files
# (patient.yml and team.yml; their groups of names are the tables below).
MESSAGES = {f"{file}.{key}": entry for file in ("patient", "team")
            for key, entry in table(file).items()}
GOAL_NAMES = table("patient.goal")
UNIT_NAMES = table("patient.unit")
AMOUNT_QUESTIONS = table("patient.amount_question")


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


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_emergency_answer_gives_112_then_the_right_lines(lang: str) -> None:
    suicide_line = {"fr": "0800 32 123", "nl": "1813"}[lang]
    plain = safety_net.answer(lang, ["chest_pain"], linked=False)
    assert plain.splitlines()[0] == render("emergency_112", lang)
    assert suicide_line in plain and "070 245 245" not in plain
    assert render("emergency_team", lang) not in plain  # nobody to alert yet
    poisoning = safety_net.answer(lang, ["poisoning"], linked=True)
    assert poisoning.splitlines()[0] == render("emergency_112", lang)
    assert "070 245 245" in poisoning.splitlines()[1]
    assert poisoning.endswith(render("emergency_team", lang))
    assert detect(poisoning).language == lang
