"""(round 11) `suicide_farewell`: a message that names itself a farewell, one meant to be
read once the writer is gone, a suicidal verb in the first-person present; and the
other classes of v12's misses (an apology after every pill of a kind, a pain spreading
from the heart, speech that suddenly makes no sense, pills missing after a child got at
them, a count of a drug named by its generic stem). Each ALARM text is in other words
than v12's and was missed by the rules before round 11 (the door must answer it too);
each QUIET text is an everyday use of the same words no rule may flag."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from tests.support.red_flag_cases import NO_RULE, assert_expected, kind_cases

ALARM = {
    red_flags.SUICIDAL: [
        # the message names itself a farewell, with affairs, a pet, an apology
        "voici mon dernier message, les codes de la banque sont dans le tiroir",
        "c'est un adieu, prenez soin de mon chien",
        "dit is mijn afscheid, de sleutels liggen bij de buurvrouw",
        "dit is een vaarwel, zorg goed voor de kinderen",
        # meant to be read once the writer is gone
        "quand vous lirez ceci je ne serai plus là",
        "si tu lis ce message je serai déjà partie, pardon",
        "als jullie dit lezen ben ik er niet meer",
        "wanneer je dit leest ben ik al dood",
        # a suicidal verb in the first-person present, said as a near future
        "je me jette sous le train ce soir",
        "demain matin je me pends dans le garage",
        "ik hang me vannacht op in de schuur",
        "morgen spring ik van de brug",
        # every pill of a kind with an apology
        "j'ai pris toutes mes pilules pour le coeur, excuses",
        "ik heb al mijn slaappillen geslikt, het spijt me zo",
    ],
    red_flags.CHEST_PAIN: [
        "ça serre au niveau du coeur et ça irradie vers la mâchoire",
        "une douleur qui irradie dans le bras gauche, la poitrine est lourde",
        "het straalt uit naar mijn linkerarm, vanuit mijn borst",
        "pijn bij het hart die uitstraalt naar de kaak",
    ],
    red_flags.STROKE: [
        "mon père dit des mots sans aucun sens depuis dix minutes",
        "tout à coup elle parle de façon incohérente",
        "mijn vrouw praat ineens wartaal",
        "sinds een kwartier zegt hij woorden zonder betekenis",
    ],
    red_flags.POISONING: [
        "mon petit-fils a ouvert la boîte de comprimés, il en manque trois",
        "ma fille de 3 ans a joué avec le pilulier et il manque des cachets",
        "het kind zat aan de pillen van oma, er ontbreken er vier",
        "ik heb 20 lorazepam genomen",
        "il a avalé une vingtaine de bisoprolol",
        "ze heeft 25 sertraline ingenomen",
        "j'ai pris 18 amlodipine",
    ],
}

QUIET = [
    # signing off a programme, a note for the shopping
    "ceci est un au revoir, je quitte le programme, merci pour tout",
    "dit is mijn afscheid van het programma, bedankt en sorry voor de moeite",
    "quand vous lirez ceci je serai partie faire les courses",
    "als je dit leest ben ik weg naar de winkel",
    # idioms of the first-person present
    "je me jette dans le travail pour ne pas y penser",
    "ik hang mijn jas op en kom eraan",
    # a pain that spreads from a sports injury
    "mal à l'épaule depuis le tennis, ça irradie dans le bras",
    # a dementia of long standing
    "ma mère a alzheimer, elle dit souvent des phrases sans aucun sens",
    # a child missed, a pill count that is a strength
    "ma fille me manque, elle habite loin",
    "mijn kleinkinderen ontbreken op de foto",
    "je prends 5 mg de bisoprolol",
]


CASES = [(text, kind) for kind, text in kind_cases(ALARM)] + [(text, NO_RULE) for text in QUIET]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_round11_classes(text: str, expected: str) -> None:
    assert_expected(text, expected)
