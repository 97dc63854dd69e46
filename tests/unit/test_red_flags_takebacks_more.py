"""(round 11) `takebacks`: a symptom described in other words than a condition's name,
placed months or years back with nothing new and nothing felt now outside its clause,
is a history, as a named condition long ago has been since round 3; each case has its
"but now" counterpart that must still alarm."""

from __future__ import annotations

import pytest

from tests.support.red_flag_cases import ANY_KIND, NO_RULE, assert_expected

HISTORY = [
    "j'ai perdu connaissance il y a 10 ans, est-ce que je peux donner mon sang ?",
    "il y a deux ans j'avais du mal à respirer la nuit, le pneumologue veut un contrôle",
    "drie jaar geleden ben ik flauwgevallen, moet ik dat melden voor mijn rijbewijs?",
    "in 2015 had ik pijn op de borst bij het sporten, mag ik een marathon lopen?",
]

BUT_NOW = [
    "il y a 3 ans j'ai perdu connaissance et là je me sens partir",
    "j'ai eu des douleurs dans la poitrine il y a deux ans, et maintenant ça recommence",
    "drie jaar geleden ben ik flauwgevallen, ik voel me nu weer zo slap",
    "in 2015 had ik pijn op de borst, vandaag weer hetzelfde",
]


CASES = [(text, NO_RULE) for text in HISTORY] + [(text, ANY_KIND) for text in BUT_NOW]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_described_symptom_long_ago(text: str, expected: str) -> None:
    assert_expected(text, expected)
