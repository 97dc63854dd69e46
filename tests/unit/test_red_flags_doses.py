"""Doses counted and added up (``bot/nlu/red_flags/doses_total.py``, ``doses.py``, the
drugs named alone in ``vocabulary.py``): several days' medicines swallowed at once, the
paracetamol of a day, a dose taken twice, and the everyday counts that must stay quiet.
Every alarming text was missed by the rules before round 8 or 9 (issue 12), and "500 mg
de paracetamol" alarmed as a count of 500 pills."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from tests.support.red_flag_cases import NO_RULE, assert_expected

CASES = [
    # round 8: several days' medicines swallowed at once (`doses_total.days_at_once_flag`)
    ("mon père a avalé tous les comprimés du lundi au vendredi en une fois",
     red_flags.POISONING),
    ("maman s'est trompée et a pris les cachets de trois jours ensemble ce midi",
     red_flags.POISONING),
    ("ma femme a avalé les gélules de deux jours d'un coup", red_flags.POISONING),
    ("mijn moeder heeft de medicatie van de hele week in één keer ingenomen",
     red_flags.POISONING),
    ("opa heeft de medicijnen van vijf dagen tegelijk geslikt", red_flags.POISONING),
    ("vergist met de pillendoos, alle pillen van woensdag tot zondag genomen",
     red_flags.POISONING),
    # round 8: paracetamol that adds up over a day (`doses_total.paracetamol_total_flag`)
    ("j'ai avalé 3 dafalgan 1g à midi et encore 4 ce soir", red_flags.POISONING),
    ("mon fils a pris 7 paracetamol 1000 mg depuis hier soir", red_flags.POISONING),
    ("ik heb vandaag 9 gram paracetamol genomen tegen de pijn", red_flags.POISONING),
    ("3 dafalgan forte genomen en daarna nog 4 erbij", red_flags.POISONING),
    # round 8: a drug often named alone, counted (`vocabulary._NAMED_ALONE`)
    ("elle a avalé 25 seroquel cette nuit", red_flags.POISONING),
    ("hij heeft 30 lithium geslikt", red_flags.POISONING),
    # round 9: a dose taken twice, with a symptom now; the narrow-margin drugs
    ("j'ai avalé deux fois mes cachets du matin et maintenant j'ai un malaise",
     red_flags.POISONING),
    ("ik heb mijn bloeddrukpillen twee keer ingenomen en ik word heel duizelig",
     red_flags.POISONING),
    ("maman a pris deux fois sa digoxine ce matin", red_flags.POISONING),
    ("te veel flecaïnide genomen vandaag", red_flags.POISONING),
    # round 8, quiet: the pill box filled or fetched, a usual dose, a strength in mg
    ("j'ai préparé les médicaments de toute la semaine dans le pilulier", NO_RULE),
    ("j'ai pris les médicaments de la semaine à la pharmacie aujourd'hui", NO_RULE),
    ("ik heb de pillen voor de hele week in de weekdoos gelegd en die van vandaag genomen",
     NO_RULE),
    ("j'ai pris 500 mg de paracetamol pour le mal de tête", NO_RULE),
    ("heb 400 mg lithium genomen zoals altijd", NO_RULE),
    ("j'ai pris 2 dafalgan 1g ce matin et encore 2 ce soir", NO_RULE),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_doses(text: str, expected: str) -> None:
    assert_expected(text, expected)
