"""Round 8 (issue 12): the classes of emergency that v9's misses belonged to, each in
other words than v9's and in both languages, with the everyday uses of the same words
that must stay quiet. Every ALARM text was missed by the rules before round 8, and
"500 mg de paracetamol" alarmed as a count of 500 pills."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import red_flags

ALARM = [
    # several days' medicines swallowed at once (`doses_total.days_at_once_flag`)
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
    # paracetamol that adds up over a day (`doses_total.paracetamol_total_flag`)
    ("j'ai avalé 3 dafalgan 1g à midi et encore 4 ce soir", red_flags.POISONING),
    ("mon fils a pris 7 paracetamol 1000 mg depuis hier soir", red_flags.POISONING),
    ("ik heb vandaag 9 gram paracetamol genomen tegen de pijn", red_flags.POISONING),
    ("3 dafalgan forte genomen en daarna nog 4 erbij", red_flags.POISONING),
    # a drug often named alone, counted (`vocabulary._NAMED_ALONE`)
    ("elle a avalé 25 seroquel cette nuit", red_flags.POISONING),
    ("hij heeft 30 lithium geslikt", red_flags.POISONING),
    # the act announced for a time; a weapon laid out; thanks that say goodbye for ever
    ("ce soir je passe à l'acte, pardon à tous", red_flags.SUICIDAL),
    ("demain matin je vais passer à l'acte", red_flags.SUICIDAL),
    ("vannacht zet ik de stap, sorry", red_flags.SUICIDAL),
    ("het scheermes ligt klaar in de badkamer, waarom zou ik nog langer wachten",
     red_flags.SUICIDAL),
    ("le couteau est prêt sur la table, pourquoi attendre", red_flags.SUICIDAL),
    ("merci à tous ceux qui m'ont aidée, je m'en vais pour de bon", red_flags.SUICIDAL),
    ("bedankt aan iedereen die het geprobeerd heeft, ik ben er voorgoed vandoor",
     red_flags.SUICIDAL),
    # eyes held to one side (stroke or fit)
    ("papa ne regarde plus que vers la gauche depuis une heure", red_flags.STROKE),
    ("ses yeux restent fixés à droite et il ne répond pas bien", red_flags.STROKE),
    ("mijn man zijn ogen blijven naar links gedraaid", red_flags.STROKE),
    # a limb gone cold and white or blue
    ("mon pied est glacé et tout blanc, il me fait très mal", red_flags.EMERGENCY_CALL),
    ("sa jambe est devenue pâle et froide d'un coup", red_flags.EMERGENCY_CALL),
    ("mijn voet is ijskoud en blauw sinds vanmiddag", red_flags.EMERGENCY_CALL),
    ("haar arm is plots bleek en koud geworden", red_flags.EMERGENCY_CALL),
]

QUIET = [
    # the pill box filled or fetched, a usual dose, a strength in mg
    "j'ai préparé les médicaments de toute la semaine dans le pilulier",
    "j'ai pris les médicaments de la semaine à la pharmacie aujourd'hui",
    "ik heb de pillen voor de hele week in de weekdoos gelegd en die van vandaag genomen",
    "j'ai pris 500 mg de paracetamol pour le mal de tête",
    "heb 400 mg lithium genomen zoals altijd",
    "j'ai pris 2 dafalgan 1g ce matin et encore 2 ce soir",
    # the act, a step, a goodbye that is everyday
    "demain je passe à l'acte et j'arrête de fumer",
    "morgen zetten we de stap naar het rusthuis",
    "merci à tous pour les soins, je vous serai reconnaissante pour toujours",
    "bedankt aan iedereen die kwam, tot ziens",
    "het mes ligt klaar om de taart aan te snijden",
    # looking both ways, cold feet in winter
    "kijk altijd links en rechts als je oversteekt",
    "il regarde toujours à gauche avant de traverser la rue",
    "j'ai les pieds froids et bleus quand je sors en hiver",
    "mijn voeten zijn koud en wit buiten in de sneeuw",
]


@pytest.mark.parametrize(("text", "kind"), ALARM)
def test_round8_classes_alarm(text: str, kind: str) -> None:
    assert kind in [flag.kind for flag in red_flags.check(text)]


@pytest.mark.parametrize("text", QUIET)
def test_everyday_uses_of_their_words_stay_quiet(text: str) -> None:
    assert red_flags.check(text) == []


def test_the_door_answers_them() -> None:
    for text, _ in ALARM:
        assert safety_net.red_flag_kinds(text) != ()
