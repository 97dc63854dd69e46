"""Round 10 (issue 12): the classes of emergency that v11's misses belonged to, each in
other words than v11's and in both languages, with the everyday uses of the same words
that must stay quiet. Every ALARM text was missed by the rules before round 10."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags

ALARM = [
    # contact closed with a word of finality; "one patient less" (`suicide_leaving`)
    ("n'essayez plus de me joindre, c'est un adieu", red_flags.SUICIDAL),
    ("zoek mij niet, ik ben er vannacht niet meer", red_flags.SUICIDAL),
    ("stuur mij geen berichten meer, het is voorgoed gedaan", red_flags.SUICIDAL),
    ("demain vous aurez une patiente en moins", red_flags.SUICIDAL),
    ("binnenkort hebben jullie een patiënt minder, geloof me", red_flags.SUICIDAL),
    # a note left by someone who then went off
    ("ma femme a laissé une lettre 'pardon' et elle est partie, je ne la trouve pas",
     red_flags.SUICIDAL),
    ("mijn zoon heeft een briefje achtergelaten en is vertrokken richting de brug",
     red_flags.SUICIDAL),
    # every pill of a kind already swallowed, with a time just past, a symptom or rest
    ("j'ai avalé toutes mes pilules pour la tension il y a une heure", red_flags.SUICIDAL),
    ("g avale ttes mes gelules, desole", red_flags.SUICIDAL),
    ("ik heb al mijn slaappillen genomen, ik wil slapen", red_flags.SUICIDAL),
    ("alle pillen van mama zitten in mijn maag", red_flags.SUICIDAL),
    ("toutes les boîtes de comprimés sont dans mon ventre", red_flags.SUICIDAL),
    # a bleeding that does not stop, a noun bleeding that has lasted hours
    ("il arrête pas de saigner du genou depuis la chute", red_flags.BLEEDING),
    ("de bloeding aan mijn vinger duurt al twee uur", red_flags.BLEEDING),
    ("un saignement de gencive depuis trois heures, sous xarelto", red_flags.BLEEDING),
    # a point at the heart; the old event compared to now, or lasting minutes
    ("des points au coeur qui serrent très fort", red_flags.CHEST_PAIN),
    ("j'ai eu un infarctus il y a 5 ans et là je sens la même chose", red_flags.CHEST_PAIN),
    ("in 2018 een hartinfarct gehad, nu voel ik hetzelfde", red_flags.CHEST_PAIN),
    ("hartaanval in 2020, sinds 10 minuten zoals toen", red_flags.CHEST_PAIN),
]

QUIET = [
    # leaving the programme, another doctor, a move; a note for the shopping
    "stuur mij geen berichten meer, ik stop met het programma",
    "ne m'envoyez plus de messages, j'ai changé de médecin",
    "vanaf volgende maand hebt ge een patiënt minder, ik verhuis naar Gent",
    "mon mari a laissé un mot, il est parti faire les courses",
    "ze heeft een briefje achtergelaten dat ze naar de winkel is",
    # the daily round of pills
    "j'ai pris tous mes cachets du matin, je peux manger ?",
    "ik heb al mijn pillen van vandaag ingenomen zoals altijd",
    # a bleeding stopped, a heart that is only sorrow
    "le saignement de nez s'est arrêté après dix minutes",
    "ça me fait un pincement au coeur de le voir partir",
]


@pytest.mark.parametrize(("text", "kind"), ALARM)
def test_round10_classes_alarm(text: str, kind: str) -> None:
    assert kind in [flag.kind for flag in red_flags.check(text)]


@pytest.mark.parametrize("text", QUIET)
def test_round10_everyday_uses_stay_quiet(text: str) -> None:
    assert red_flags.check(text) == []
