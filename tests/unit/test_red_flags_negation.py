"""Denials (``bot/nlu/red_flags/negation.py``): "plus" before a past participle is a
denial (round 10, ``negation._negates``, issue 12), "plus de ... qu'hier" is not."""

from __future__ import annotations

import pytest

from tests.support.red_flag_cases import ANY_KIND, QUIET, assert_expected

CASES = [
    ("j'ai plus eu de douleur dans la poitrine depuis la kiné", QUIET),
    ("j'ai plus de douleur dans la poitrine qu'hier", ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_negation(text: str, expected: str) -> None:
    assert_expected(text, expected)
