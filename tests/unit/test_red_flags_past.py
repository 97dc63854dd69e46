""""It is over" (``bot/nlu/red_flags/past.py``): a clause of its own, back to an
activity or home, a month back, a named event long ago followed by rehabilitation or a
stent, none since. Each taken-back text alarmed at the door before round 8, 9 or 10
(issue 12) and is not a held-out row; each counter-case says it happens now and must
still alarm: when in doubt, alarm."""

from __future__ import annotations

import pytest

from bot.nlu.red_flags import past
from tests.support.red_flag_cases import ANY_KIND, NO_RULE, QUIET, assert_expected

CASES = [
    # it is over: a clause of its own, back home; a month back (round 8)
    ("hier soir j'ai eu une douleur dans la poitrine en portant les courses, ce matin plus "
     "rien", NO_RULE),
    ("vannacht werd ik wakker en was ik kortademig, het ging vanzelf over en nu is alles "
     "normaal", NO_RULE),
    ("ma tante a fait une overdose le mois dernier, aujourd'hui ça va beaucoup mieux", NO_RULE),
    ("twee jaar geleden had mijn neef een beroerte, hij is goed hersteld en zwemt weer",
     NO_RULE),
    ("hier soir une douleur dans la poitrine, ce matin plus rien, mais là elle revient",
     ANY_KIND),
    ("ma tante a fait une overdose le mois dernier et elle en refait une maintenant", ANY_KIND),
    # a named event long ago followed by rehabilitation or a stent (round 9,
    # `past._OVER_NOW`)
    ("il y a deux ans mon mari a fait un AVC, maintenant il fait de la kiné et ça va mieux",
     NO_RULE),
    ("vorig jaar een hartinfarct, nu heb ik een stent en het gaat stilaan beter", NO_RULE),
    ("il y a deux ans un AVC, maintenant il fait de la kiné mais depuis ce matin sa bouche"
     " est de travers", ANY_KIND),
    # none since (round 10, `past._OVER_NOW`)
    ("mon fils a fait un AVC il y a trois ans, il n'en a plus refait depuis", QUIET),
    ("mon fils a fait un AVC il y a trois ans et il en refait un maintenant", ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_over_now(text: str, expected: str) -> None:
    assert_expected(text, expected)


@pytest.mark.parametrize(("flat", "expected"), [
    ("ik had last van kortademigheid , nu kan ik terug naar de winkel stappen", True),
    ("ik had last van kortademigheid , nu kan ik niet meer stappen", False),
    ("j etais essouffle , je peux de nouveau marcher", True),
])
def test_back_to_an_activity_is_over(flat: str, expected: bool) -> None:
    assert past._said_to_be_over(flat) is expected
