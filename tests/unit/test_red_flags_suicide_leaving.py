"""Leaving for good (``bot/nlu/red_flags/suicide_leaving.py``): thanks that say goodbye
for ever, belongings given away, contact closed with a word of finality, "one patient
less", a note left by someone who then went off, with the everyday goodbyes, moves and
notes that must stay quiet. Every alarming text was missed by the rules before round 8,
9 or 10 (issue 12)."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from tests.support.red_flag_cases import NO_RULE, assert_expected

CASES = [
    # round 8: thanks that say goodbye for ever
    ("merci à tous ceux qui m'ont aidée, je m'en vais pour de bon", red_flags.SUICIDAL),
    ("bedankt aan iedereen die het geprobeerd heeft, ik ben er voorgoed vandoor",
     red_flags.SUICIDAL),
    # round 9: belongings given away
    ("ik heb mijn juwelen en boeken weggegeven, ik zal ze niet meer nodig hebben",
     red_flags.SUICIDAL),
    ("j'ai donné toutes mes affaires, ce soir c'est la fin", red_flags.SUICIDAL),
    # round 10: contact closed with a word of finality; "one patient less"
    ("n'essayez plus de me joindre, c'est un adieu", red_flags.SUICIDAL),
    ("zoek mij niet, ik ben er vannacht niet meer", red_flags.SUICIDAL),
    ("stuur mij geen berichten meer, het is voorgoed gedaan", red_flags.SUICIDAL),
    ("demain vous aurez une patiente en moins", red_flags.SUICIDAL),
    ("binnenkort hebben jullie een patiënt minder, geloof me", red_flags.SUICIDAL),
    # round 10: a note left by someone who then went off
    ("ma femme a laissé une lettre 'pardon' et elle est partie, je ne la trouve pas",
     red_flags.SUICIDAL),
    ("mijn zoon heeft een briefje achtergelaten en is vertrokken richting de brug",
     red_flags.SUICIDAL),
    # round 8, quiet: a goodbye that is everyday
    ("merci à tous pour les soins, je vous serai reconnaissante pour toujours", NO_RULE),
    ("bedankt aan iedereen die kwam, tot ziens", NO_RULE),
    # round 9, quiet: clothes given away after a move
    ("j'ai donné mes vêtements à la Croix-Rouge, ils étaient trop petits", NO_RULE),
    ("ik heb al mijn kleren weggegeven toen ik verhuisde", NO_RULE),
    # round 10, quiet: leaving the programme, another doctor, a move; a note for the
    # shopping
    ("stuur mij geen berichten meer, ik stop met het programma", NO_RULE),
    ("ne m'envoyez plus de messages, j'ai changé de médecin", NO_RULE),
    ("vanaf volgende maand hebt ge een patiënt minder, ik verhuis naar Gent", NO_RULE),
    ("mon mari a laissé un mot, il est parti faire les courses", NO_RULE),
    ("ze heeft een briefje achtergelaten dat ze naar de winkel is", NO_RULE),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_leaving_for_good(text: str, expected: str) -> None:
    assert_expected(text, expected)
