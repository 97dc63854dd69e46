"""Questions (``bot/nlu/red_flags/questions.py``): the difference between two
conditions, "can you explain", a number to note, signs once explained and forgotten,
what to do if one day, how a device works, when to go to the emergency department,
what the writer should do if someone close has it, a belief checked, the last episode
dated. Each taken-back text alarmed at the door before round 8, 9 or 10 (issue 12) and
is not a held-out row; each counter-case says it happens now and must still alarm:
when in doubt, alarm."""

from __future__ import annotations

import pytest

from tests.support.red_flag_cases import ANY_KIND, NO_RULE, QUIET, assert_expected

CASES = [
    # a definition, a number to note (round 8)
    ("quelle est la différence entre un AVC et un AIT ? j'ai de l'hypertension", QUIET),
    ("wat is het verschil tussen een hypo en een hyper? ik heb net diabetes gekregen", QUIET),
    ("kunt ge uitleggen wat een beroerte is? mijn buurman had het erover", QUIET),
    ("c koi une hypo exactement ?", QUIET),
    ("le numéro de l'antipoison, je peux le coller sur le frigo ?", QUIET),
    ("quelle est la différence entre un AVC et un AIT ? ma mère a la bouche de travers "
     "maintenant", ANY_KIND),
    # a general question, something forgotten; what to do if one day (round 8)
    ("welke signalen wijzen op een hersenbloeding? de neuroloog heeft het verteld maar ik ben "
     "het vergeten", NO_RULE),
    ("comment reconnaître un AVC ? le médecin me l'a expliqué mais j'ai oublié", NO_RULE),
    ("que faire si un jour ma femme fait un malaise et perd connaissance ?", NO_RULE),
    ("que faire si un jour il fait un malaise ? il est par terre et ne répond plus", ANY_KIND),
    # how to use a device; what one has from time to time (round 9)
    ("de apotheker gaf me een epipen mee, hoe werkt die eigenlijk?", NO_RULE),
    ("quand faut-il aller aux urgences pour une migraine ? j'ai parfois des crises", NO_RULE),
    ("de epipen, hoe werkt die? mijn zoon is gestoken en zijn keel zwelt nu", ANY_KIND),
    # what the writer should do if someone close has it (round 10, `_WHAT_TO_DO`)
    ("je dois faire quoi si ma femme fait une hypo pendant la nuit ?", QUIET),
    ("wat doe ik als mijn man een hypo krijgt? hij is pas diabeet", QUIET),
    ("je dois faire quoi, ma femme fait une hypo, elle ne répond plus", ANY_KIND),
    ("wat doe ik, mijn man heeft een hypo en hij reageert niet", ANY_KIND),
    # a belief checked (round 10, `_QUESTION_START`)
    ("c'est vrai qu'on ne doit pas conduire après un AVC ?", QUIET),
    ("klopt het dat je na een hartaanval niet mag vliegen?", QUIET),
    ("c'est vrai que c'est un AVC ? il a la bouche de travers depuis 10 minutes", ANY_KIND),
    # the last episode dated (round 10, `_LONG_AGO`)
    ("ma dernière crise d'épilepsie date de 2 ans, je peux faire du vélo ?", QUIET),
    ("de laatste aanval van epilepsie was in maart, mag ik fietsen?", QUIET),
    ("zijn laatste beroerte dateert van 3 jaar, mag hij autorijden?", QUIET),
    ("zijn laatste beroerte dateert van 3 jaar, nu hangt zijn mond weer scheef", ANY_KIND),
    ("ma dernière crise date de 2 ans mais là il convulse depuis 5 minutes", ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_questions(text: str, expected: str) -> None:
    assert_expected(text, expected)
