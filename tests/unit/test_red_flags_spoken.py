"""Round 2 of the red-flag net (the kinds of misses on v4): Flemish spoken spellings
read as written Dutch, new vocabulary, and what is taken back or not."""

from __future__ import annotations

import pytest

from bot.nlu import red_flags
from bot.nlu.red_flags import check
from tests.support.red_flag_cases import kind_cases as _cases

# --- round 2: kinds of misses on v4 (now a development set), in our own words ---------

def test_flemish_spoken_spellings_are_read_as_written_dutch() -> None:
    message = red_flags._Message("'k zien men zus nie, kheb da gezegd tegen ge")
    assert message.words == ["ik", "zien", "mijn", "zus", "niet", "ik", "heb", "dat",
                             "gezegd", "tegen", "jij"]
    # French "ne" and a cup of coffee are left alone
    assert "ne" in red_flags._Message("il ne respire plus").stream
    assert "kop" in red_flags._Message("een kop koffie").words
    assert "hoofd" in red_flags._Message("op zen kop gekregen").words


@pytest.mark.parametrize(("kind", "text"), [
    (red_flags.BREATHLESSNESS, "'k kan men asem nie meer pakken"),
    (red_flags.SUICIDAL, "kzien het leven nie meer zitten"),
    (red_flags.STROKE, "kvoel men linkerarm nie meer"),
])
def test_flemish_spoken_spellings_alarm_like_written_dutch(kind: str, text: str) -> None:
    assert kind in [flag.kind for flag in check(text)]


ROUND2_CASES = {
    red_flags.SUICIDAL: [
        "ik heb een touw gekocht bij de brico, 't is voor vannacht",
        "j'ai acheté une corde hier, ce sera pour cette nuit",
        "mijn pillen zitten verstopt in de kast, om ze morgen allemaal te pakken",
        "ik heb mij in de pols gesneden, het stopt niet",
        "je me suis tailladé les poignets",
        "niemand zal mij missen als ik er niet meer ben",
        "personne ne va remarquer quand je ne serai plus là",
        "ik heb iedereen een brief geschreven, ook mijn broer, om afscheid te nemen",
        "j'ai dit adieu à mes petits-enfants, cette nuit tout sera fini",
    ],
    red_flags.HYPOGLYCAEMIA: [
        "ik heb mijn insuline gezet en nog niks gegeten, nu tril ik helemaal",
        "piqûre d'insuline ce matin, repas sauté, je transpire et j'ai la tête qui tourne",
        "bloedsuiker 2,4 en ik ben alleen thuis",
    ],
    red_flags.CHEST_PAIN: [
        "het doet zo zeer hier midden in mijn borst",
        "deux pulvérisations de nitro sous la langue mais la douleur reste",
        "une douleur qui déchire dans le dos, entre les omoplates",
        "myn borst voelt alsof hij scheurt, tot in myn rug",
    ],
    red_flags.HEAD_INJURY: [
        "een steen op mijn hoofd gekregen en nu moet ik overgeven",
        "reçu une branche sur la tête, je vois des étoiles et j'ai vomi",
    ],
    red_flags.BLEEDING: [
        "ik ben 14 weken zwanger en ik verlies veel bloed",
        "enceinte de 5 mois et je saigne beaucoup",
    ],
    red_flags.EMERGENCY_CALL: [
        "kokend water over mijn been, de huid hangt los",
        "brûlé avec la casserole, la peau se décolle",
        "mijn hele arm verbrand aan de barbecue",
        "je ne sens plus mon bébé bouger depuis ce matin, je suis à 34 semaines",
        "35 weken en ik heb hevige weeën om de 3 minuten",
    ],
    red_flags.POISONING: [
        "mijn zoontje dacht dat de tabletten snoepjes waren",
        "ma fille a avalé des comprimés de sa grand-mère",
    ],
}


@pytest.mark.parametrize(("kind", "text"), _cases(ROUND2_CASES))
def test_round2_kinds_of_misses_are_found(kind: str, text: str) -> None:
    assert kind in [flag.kind for flag in check(text)], check(text)


@pytest.mark.parametrize("text", [
    "suiker 1,10 vanochtend",
    "mijn zwangerschapsecho was perfect, de baby beweegt goed",
    "ik heb een kop koffie laten vallen",
    "j'ai acheté une corde à linge",
    "insuline gespoten en daarna goed gegeten",
])
def test_round2_new_vocabulary_in_everyday_words_raises_no_flag(text: str) -> None:
    assert check(text) == []


@pytest.mark.parametrize("text", [
    # idioms
    "on étouffe dans cette salle de réunion, ouvrez une fenêtre",
    "ik stik in die vergaderzaal, er is geen airco",
    "une tarte au citron à tomber par terre",
    "die film heeft me de stuipen op het lijf gejaagd",
    # general questions about what anyone should do
    "que faire si quelqu'un fait une hypo pendant le cours de sport ? je suis prof",
    "wat moet je doen als iemand een hypo heeft in de winkel? ik ben kassierster",
    # history behind, recovery now
    "il y a deux ans j'ai eu un infarctus, maintenant je fais du vélo tous les week-ends",
    "twee jaar geleden een beroerte, nu zwem ik elke week",
    "depuis mon AVC je fais de la kiné deux fois par semaine",
    "sinds mijn hartinfarct ga ik naar de hartrevalidatie",
    "mon oncle a fait un malaise il y a 5 ans, depuis plus rien",
    "de borstpijn van vorige maand, ECG normaal, het gaat al een stuk beter",
    "gisteren een hypo gehad, dextro genomen en na een kwartier was het over",
    "hier j'ai pris du sucre, au bout de 15 minutes c'était passé",
    # careers, courses, fittings, programmes, fruit stones
    "mijn zoon doet een opleiding tot spoedverpleegkundige",
    "il veut devenir médecin urgentiste, c'est un beau métier",
    "formation premiers secours ce samedi à la commune",
    "on a posé un détecteur de CO, à quelle hauteur au plafond ?",
    "documentaire gezien over koolmonoxidevergiftiging, hoe check ik mijn ketel?",
    "ons dochtertje heeft een kersenpit ingeslikt",
    "essoufflée après 4 étages, comme toujours",
])
def test_round2_idioms_questions_and_history_raise_no_flag(text: str) -> None:
    assert check(text) == [], check(text)


@pytest.mark.parametrize(("text", "kind"), [
    # a question about others, but a symptom of one's own
    ("que faire si un diabétique fait une hypo ? j'ai les mains qui tremblent et je transpire",
     red_flags.HYPOGLYCAEMIA),
    # back to walking, but the arm does not move today
    ("vorig jaar een beroerte, nu kan ik mijn arm niet meer bewegen", red_flags.STROKE),
    # the room idiom does not hide breathing that fails
    ("j'étouffe dans ma chambre, je n'arrive plus à respirer", red_flags.BREATHLESSNESS),
    # a detector that sounds
    ("le détecteur de CO sonne et on a tous mal à la tête", red_flags.POISONING),
    ("il y a 3 ans un infarctus, maintenant encore une douleur dans la poitrine",
     red_flags.CHEST_PAIN),
])
def test_round2_what_is_not_taken_back_still_alarms(text: str, kind: str) -> None:
    assert kind in [flag.kind for flag in check(text)], check(text)


# --- round 4: the other kinds of Dutch misses on v6 (now a development set), in our own
# words --------------------------------------------------------------------------------

ROUND4_CASES = {
    red_flags.CHEST_PAIN: ["kheb mijn sprayke onder de tong genomen maar nog altijd die druk",
                           "na twee keer nitro nog steeds pijn op de borst"],
    red_flags.STROKE: ["mijn linkerarm is ineens zwak en ik laat alles vallen",
                       "ma main gauche est toute faible depuis ce midi"],
    red_flags.SEIZURE: ["ze schokt al 6 minuten en reageert nie",
                        "Buccolam gegeven maar de aanval stopt nie",
                        "il convulse depuis 5 minutes",
                        "dit is al de vierde aanval vandaag"],
    red_flags.HEAD_INJURY: ["hij is van de ladder gevallen en vraagt steeds hetzelfde",
                            "na de val op haar hoofd heeft ze geheugenverlies",
                            "il est tombé de vélo et il redemande toujours la même chose"],
    red_flags.BLEEDING: ["er komt alleen maar bloed uit bij de stoelgang"],
    red_flags.EMERGENCY_CALL: ["hij braakt groen en zijn buik staat bol",
                               "bloeddruk 235/125 met hevige hoofdpijn",
                               "tension à 24/14, je vois trouble"],
    red_flags.COLLAPSE: ["bloeddruk 75/40 en heel duizelig na de wespensteek",
                         "ma tension est à 7, je suis toute pâle"],
}


@pytest.mark.parametrize(("kind", "text"), _cases(ROUND4_CASES))
def test_round4_kinds_of_misses_are_found(kind: str, text: str) -> None:
    assert kind in [flag.kind for flag in check(text)], check(text)


@pytest.mark.parametrize("text", [
    "mijn neussprayke helpt niet, nog altijd druk in mijn hoofd",
    "mijn linkerarm is nog zwak na de breuk, ik doe kine",
    "mijn derde aanval dit jaar, ik heb een afspraak bij de neuroloog",
    "hij is gevallen met de fiets maar alles is in orde, hij vraagt om een ijsje",
    "mijn bloeddruk is 125/80, prima",
    "ma tension est à 13/8, tout va bien",
    "bloeddruk 85/55 maar ik voel me goed",
    "mijn bloeddruk was vorige week 230/130 met hoofdpijn, nu gaat het goed",
])
def test_round4_everyday_words_near_them_do_not_alarm(text: str) -> None:
    assert check(text) == [], check(text)
