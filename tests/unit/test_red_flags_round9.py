"""Round 9 (issue 12): the classes of emergency that v10's misses belonged to, each in
other words than v10's and in both languages, with the everyday uses of the same words
that must stay quiet. Every ALARM text was missed by the rules before round 9."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import red_flags

ALARM = [
    # Dutch separable verbs split by "te": a hanging, a drowning
    ("hij heeft gisteren geprobeerd zich op te hangen in de garage", red_flags.SUICIDAL),
    ("ik ga proberen mezelf op te hangen aan de trap", red_flags.SUICIDAL),
    ("ik fiets naar het kanaal om erin te springen", red_flags.SUICIDAL),
    ("ze is vertrokken om in de rivier te verdwijnen", red_flags.SUICIDAL),
    ("je vais marcher dans la mer jusqu'au bout, ne m'appelez plus", red_flags.SUICIDAL),
    # all of one's pills taken, pills put aside, empty boxes with a farewell
    ("mijn slaappillen heb ik allemaal geslikt met een fles cognac", red_flags.SUICIDAL),
    ("mes calmants, je les ai tous avalés il y a une heure", red_flags.SUICIDAL),
    ("ik heb mijn pijnstillers een hele tijd opzij gelegd, morgen is het zover",
     red_flags.SUICIDAL),
    ("j'ai accumulé des somnifères depuis l'été", red_flags.SUICIDAL),
    ("ma soeur m'a écrit adieu et il y a des plaquettes vides partout chez elle",
     red_flags.SUICIDAL),
    ("op tafel lagen lege doosjes medicijnen en een brief voor de kinderen",
     red_flags.SUICIDAL),
    # air injected into a vein
    ("hij zegt dat hij lucht in zijn ader heeft gespoten om dood te gaan", red_flags.SUICIDAL),
    ("je vais m'injecter de l'air dans les veines ce soir", red_flags.SUICIDAL),
    # self-harm with "mij", and intent
    ("heb me vannacht weer gesneden in mijn armen", red_flags.SUICIDAL),
    ("ik heb mij met opzet gekrast tot het bloedde", red_flags.SUICIDAL),
    # belongings given away
    ("ik heb mijn juwelen en boeken weggegeven, ik zal ze niet meer nodig hebben",
     red_flags.SUICIDAL),
    ("j'ai donné toutes mes affaires, ce soir c'est la fin", red_flags.SUICIDAL),
    # a smile on one side, a hand that no longer works (stroke)
    ("mijn moeder lachte plots scheef en haar arm hing slap", red_flags.STROKE),
    ("opa kan zijn rechterarm niet meer optillen sinds de middag", red_flags.STROKE),
    ("mon mari sourit de travers depuis ce midi", red_flags.STROKE),
    ("elle ne peut plus se servir de sa main gauche tout à coup", red_flags.STROKE),
    # a dose taken twice, with a symptom now; the narrow-margin drugs (poisoning)
    ("j'ai avalé deux fois mes cachets du matin et maintenant j'ai un malaise",
     red_flags.POISONING),
    ("ik heb mijn bloeddrukpillen twee keer ingenomen en ik word heel duizelig",
     red_flags.POISONING),
    ("maman a pris deux fois sa digoxine ce matin", red_flags.POISONING),
    ("te veel flecaïnide genomen vandaag", red_flags.POISONING),
    # a skin reaction with faintness (allergy)
    ("des plaques rouges sur tout le corps après l'antibiotique et je vais tomber dans les"
     " pommes", red_flags.ALLERGY),
    ("overal galbulten sinds die nieuwe zalf en ik word duizelig", red_flags.ALLERGY),
]

QUIET = [
    # a strip that is a comic, separable verbs in everyday use
    "ik lees graag een strip van Suske en Wiske voor het slapengaan",
    "ik ga de was op te hangen, het regent niet meer",
    "we rijden naar de zee om te gaan zwemmen met de kleinkinderen",
    # pills that are all taken as prescribed, put aside for a trip, empty boxes returned
    "mijn pillen van vandaag heb ik allemaal ingenomen zoals elke dag",
    "j'ai mis de côté des comprimés pour les vacances en Espagne",
    "ik breng de lege doosjes medicijnen terug naar de apotheek, sorry voor de vraag",
    "il y avait une bulle d'air dans ma perfusion, est-ce dangereux ?",
    # a cut in the kitchen, clothes given away after a move
    "ik heb mij gesneden aan een blikje, diep maar het bloedt niet meer",
    "j'ai donné mes vêtements à la Croix-Rouge, ils étaient trop petits",
    "ik heb al mijn kleren weggegeven toen ik verhuisde",
    # a cast, a rash that itches
    "ik kan mijn arm niet meer gebruiken door de gips, hoe was ik mij?",
    "mijn kleinzoon heeft waterpokken, overal vlekken en jeuk maar hij speelt",
]


@pytest.mark.parametrize(("text", "kind"), ALARM)
def test_round9_classes_alarm(text: str, kind: str) -> None:
    assert kind in [flag.kind for flag in red_flags.check(text)]


@pytest.mark.parametrize("text", QUIET)
def test_everyday_uses_of_their_words_stay_quiet(text: str) -> None:
    assert red_flags.check(text) == []


def test_the_door_answers_them() -> None:
    for text, _ in ALARM:
        assert safety_net.red_flag_kinds(text) != ()
