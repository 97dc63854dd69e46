"""Figures of speech (``bot/nlu/red_flags/idioms.py``): a death word or an attack in an
idiom, "almost" an attack, an end put to a thing named after it, an adverb or a pause
before "de rire". Each taken-back text alarmed at the door before round 8, 9 or 10
(issue 12) and is not a held-out row; each counter-case says it happens now and must
still alarm: when in doubt, alarm."""

from __future__ import annotations

import pytest

from tests.support.red_flag_cases import ANY_KIND, NO_RULE, QUIET, assert_expected

CASES = [
    # idioms with a death word or an attack (round 8)
    ("jai cru mourir de peur quand le chien a aboyé", QUIET),
    ("mes collègues m'étouffent avec leurs remarques", QUIET),
    ("amai, bijna een hartaanval gekregen van die rekening", QUIET),
    ("un froid à crever dehors ce matin", NO_RULE),
    ("j'ai cru que j'allais mourir pendant la montée du Ventoux, mais je suis arrivé en haut",
     NO_RULE),
    ("ces factures vont me donner une crise cardiaque", NO_RULE),
    ("ik krijg nog een hartaanval van die belastingbrief", NO_RULE),
    ("amai, bijna een hartaanval gekregen en nu heb ik pijn op de borst", ANY_KIND),
    ("ces factures vont me donner une crise cardiaque, j'ai mal dans la poitrine maintenant",
     ANY_KIND),
    ("je pensais que j'allais mourir, et maintenant je veux mourir", ANY_KIND),
    # "almost" an attack; an end put to a thing named after it (round 9)
    ("j'ai presque fait une crise cardiaque en voyant la facture du garage", NO_RULE),
    ("ze kreeg er haast een beroerte van, die rekening", NO_RULE),
    ("je vais en finir avec cette cigarette du matin, promis", NO_RULE),
    ("ik maak er een einde aan, aan dat snoepen 's avonds", NO_RULE),
    ("j'ai presque une crise cardiaque, j'ai une douleur dans la poitrine maintenant",
     ANY_KIND),
    ("je vais en finir avec la vie ce soir", ANY_KIND),
    ("ik maak er vanavond een einde aan", ANY_KIND),
    ("ik maak er een einde aan, aan al die ellende", ANY_KIND),
    # an adverb or a pause before "de rire" (round 10, `idioms._figure_of_speech`)
    ("ik stik echt van het lachen met mijn buurman", QUIET),
    ("ik wil dood... van de verveling op deze wachtzaal", QUIET),
    ("j'étouffe presque de rire devant ce sketch", QUIET),
    ("ik stik nog, help", ANY_KIND),
    ("ik wil dood... van de pijn", ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_idioms(text: str, expected: str) -> None:
    assert_expected(text, expected)
