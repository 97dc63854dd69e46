"""Suicidal acts and means (``bot/nlu/red_flags/suicide_acts.py``, ``suicide_means.py``,
``suicide_signals.py``): the act announced for a time, a weapon laid out, Dutch
separable verbs split by "te", all of one's pills swallowed or put aside, air injected
into a vein, self-harm, with the everyday uses of the same words that must stay quiet.
Every alarming text was missed by the rules before round 8, 9 or 10 (issue 12)."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from tests.support.red_flag_cases import NO_RULE, assert_expected

CASES = [
    # round 8: the act announced for a time; a weapon laid out
    ("ce soir je passe à l'acte, pardon à tous", red_flags.SUICIDAL),
    ("demain matin je vais passer à l'acte", red_flags.SUICIDAL),
    ("vannacht zet ik de stap, sorry", red_flags.SUICIDAL),
    ("het scheermes ligt klaar in de badkamer, waarom zou ik nog langer wachten",
     red_flags.SUICIDAL),
    ("le couteau est prêt sur la table, pourquoi attendre", red_flags.SUICIDAL),
    # round 9: Dutch separable verbs split by "te": a hanging, a drowning
    ("hij heeft gisteren geprobeerd zich op te hangen in de garage", red_flags.SUICIDAL),
    ("ik ga proberen mezelf op te hangen aan de trap", red_flags.SUICIDAL),
    ("ik fiets naar het kanaal om erin te springen", red_flags.SUICIDAL),
    ("ze is vertrokken om in de rivier te verdwijnen", red_flags.SUICIDAL),
    ("je vais marcher dans la mer jusqu'au bout, ne m'appelez plus", red_flags.SUICIDAL),
    # round 9: all of one's pills taken, pills put aside, empty boxes with a farewell
    ("mijn slaappillen heb ik allemaal geslikt met een fles cognac", red_flags.SUICIDAL),
    ("mes calmants, je les ai tous avalés il y a une heure", red_flags.SUICIDAL),
    ("ik heb mijn pijnstillers een hele tijd opzij gelegd, morgen is het zover",
     red_flags.SUICIDAL),
    ("j'ai accumulé des somnifères depuis l'été", red_flags.SUICIDAL),
    ("ma soeur m'a écrit adieu et il y a des plaquettes vides partout chez elle",
     red_flags.SUICIDAL),
    ("op tafel lagen lege doosjes medicijnen en een brief voor de kinderen",
     red_flags.SUICIDAL),
    # round 9: air injected into a vein
    ("hij zegt dat hij lucht in zijn ader heeft gespoten om dood te gaan", red_flags.SUICIDAL),
    ("je vais m'injecter de l'air dans les veines ce soir", red_flags.SUICIDAL),
    # round 9: self-harm with "mij", and intent
    ("heb me vannacht weer gesneden in mijn armen", red_flags.SUICIDAL),
    ("ik heb mij met opzet gekrast tot het bloedde", red_flags.SUICIDAL),
    # round 10: every pill of a kind already swallowed, with a time just past, a symptom
    # or rest
    ("j'ai avalé toutes mes pilules pour la tension il y a une heure", red_flags.SUICIDAL),
    ("g avale ttes mes gelules, desole", red_flags.SUICIDAL),
    ("ik heb al mijn slaappillen genomen, ik wil slapen", red_flags.SUICIDAL),
    ("alle pillen van mama zitten in mijn maag", red_flags.SUICIDAL),
    ("toutes les boîtes de comprimés sont dans mon ventre", red_flags.SUICIDAL),
    # round 8, quiet: the act, a step, a knife that is everyday
    ("demain je passe à l'acte et j'arrête de fumer", NO_RULE),
    ("morgen zetten we de stap naar het rusthuis", NO_RULE),
    ("het mes ligt klaar om de taart aan te snijden", NO_RULE),
    # round 9, quiet: a strip that is a comic, separable verbs in everyday use
    ("ik lees graag een strip van Suske en Wiske voor het slapengaan", NO_RULE),
    ("ik ga de was op te hangen, het regent niet meer", NO_RULE),
    ("we rijden naar de zee om te gaan zwemmen met de kleinkinderen", NO_RULE),
    # round 9, quiet: pills that are all taken as prescribed, put aside for a trip, empty
    # boxes returned
    ("mijn pillen van vandaag heb ik allemaal ingenomen zoals elke dag", NO_RULE),
    ("j'ai mis de côté des comprimés pour les vacances en Espagne", NO_RULE),
    ("ik breng de lege doosjes medicijnen terug naar de apotheek, sorry voor de vraag",
     NO_RULE),
    ("il y avait une bulle d'air dans ma perfusion, est-ce dangereux ?", NO_RULE),
    # round 9, quiet: a cut in the kitchen
    ("ik heb mij gesneden aan een blikje, diep maar het bloedt niet meer", NO_RULE),
    # round 10, quiet: the daily round of pills
    ("j'ai pris tous mes cachets du matin, je peux manger ?", NO_RULE),
    ("ik heb al mijn pillen van vandaag ingenomen zoals altijd", NO_RULE),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_suicidal_acts_and_means(text: str, expected: str) -> None:
    assert_expected(text, expected)
