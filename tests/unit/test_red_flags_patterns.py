"""The patterns of illness and accidents (``bot/nlu/red_flags/patterns_illness.py``,
``patterns_accidents.py``) in other words than the held-out sets', in both languages:
eyes held to one side, a limb gone cold and white, a smile on one side, a skin reaction
with faintness, a bleeding that does not stop, a point at the heart or the old event
felt again, with the everyday uses of the same words that must stay quiet. Every
alarming text was missed by the rules before round 8, 9 or 10 (issue 12)."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from tests.support.red_flag_cases import NO_RULE, assert_expected

CASES = [
    # round 8: eyes held to one side (stroke or fit)
    ("papa ne regarde plus que vers la gauche depuis une heure", red_flags.STROKE),
    ("ses yeux restent fixés à droite et il ne répond pas bien", red_flags.STROKE),
    ("mijn man zijn ogen blijven naar links gedraaid", red_flags.STROKE),
    # round 8: a limb gone cold and white or blue
    ("mon pied est glacé et tout blanc, il me fait très mal", red_flags.EMERGENCY_CALL),
    ("sa jambe est devenue pâle et froide d'un coup", red_flags.EMERGENCY_CALL),
    ("mijn voet is ijskoud en blauw sinds vanmiddag", red_flags.EMERGENCY_CALL),
    ("haar arm is plots bleek en koud geworden", red_flags.EMERGENCY_CALL),
    # round 9: a smile on one side, a hand that no longer works (stroke)
    ("mijn moeder lachte plots scheef en haar arm hing slap", red_flags.STROKE),
    ("opa kan zijn rechterarm niet meer optillen sinds de middag", red_flags.STROKE),
    ("mon mari sourit de travers depuis ce midi", red_flags.STROKE),
    ("elle ne peut plus se servir de sa main gauche tout à coup", red_flags.STROKE),
    # round 9: a skin reaction with faintness (allergy)
    ("des plaques rouges sur tout le corps après l'antibiotique et je vais tomber dans les"
     " pommes", red_flags.ALLERGY),
    ("overal galbulten sinds die nieuwe zalf en ik word duizelig", red_flags.ALLERGY),
    # round 10: a bleeding that does not stop, a noun bleeding that has lasted hours
    ("il arrête pas de saigner du genou depuis la chute", red_flags.BLEEDING),
    ("de bloeding aan mijn vinger duurt al twee uur", red_flags.BLEEDING),
    ("un saignement de gencive depuis trois heures, sous xarelto", red_flags.BLEEDING),
    # round 10: a point at the heart; the old event compared to now, or lasting minutes
    ("des points au coeur qui serrent très fort", red_flags.CHEST_PAIN),
    ("j'ai eu un infarctus il y a 5 ans et là je sens la même chose", red_flags.CHEST_PAIN),
    ("in 2018 een hartinfarct gehad, nu voel ik hetzelfde", red_flags.CHEST_PAIN),
    ("hartaanval in 2020, sinds 10 minuten zoals toen", red_flags.CHEST_PAIN),
    # round 8, quiet: looking both ways, cold feet in winter
    ("kijk altijd links en rechts als je oversteekt", NO_RULE),
    ("il regarde toujours à gauche avant de traverser la rue", NO_RULE),
    ("j'ai les pieds froids et bleus quand je sors en hiver", NO_RULE),
    ("mijn voeten zijn koud en wit buiten in de sneeuw", NO_RULE),
    # round 9, quiet: a cast, a rash that itches
    ("ik kan mijn arm niet meer gebruiken door de gips, hoe was ik mij?", NO_RULE),
    ("mijn kleinzoon heeft waterpokken, overal vlekken en jeuk maar hij speelt", NO_RULE),
    # round 10, quiet: a bleeding stopped, a heart that is only sorrow
    ("le saignement de nez s'est arrêté après dix minutes", NO_RULE),
    ("ça me fait un pincement au coeur de le voir partir", NO_RULE),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_patterns(text: str, expected: str) -> None:
    assert_expected(text, expected)
