"""Round 8 take-backs, second batch (issue 12), by class of false alarm on v1-v9, in
other words than the sets' and in both languages: a small bump with normal behaviour,
snoring compared to choking, more idioms, the difference between two conditions, "can
you explain", a number to note, a detector's battery, a hypo back in range in mmol/L,
a suicidal history years back said to be over, "je veux juste changer de médecin"
after a denial. Each TAKEN_BACK text alarmed at the door before round 8; each
STILL_ALARM text must alarm (when in doubt, alarm)."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import red_flags
from bot.nlu.red_flags import past, reassured

TAKEN_BACK_2 = [
    # a minor bump, behaving normally
    "ma fille s'est cognée la tête contre le lit, une petite bosse, elle joue normalement",
    "hij heeft zijn hoofd gestoten tegen de tafel, een kleine buil, hij speelt gewoon verder",
    # snoring compared to choking
    "mon père ronfle tellement fort qu'on dirait qu'il étouffe, c'est gênant pour ma mère",
    "mijn vrouw snurkt alsof ze stikt, bestaat daar een spray voor?",
    # idioms
    "jai cru mourir de peur quand le chien a aboyé",
    "mes collègues m'étouffent avec leurs remarques",
    "amai, bijna een hartaanval gekregen van die rekening",
    # a definition, a number to note, a detector to maintain
    "quelle est la différence entre un AVC et un AIT ? j'ai de l'hypertension",
    "wat is het verschil tussen een hypo en een hyper? ik heb net diabetes gekregen",
    "kunt ge uitleggen wat een beroerte is? mijn buurman had het erover",
    "c koi une hypo exactement ?",
    "le numéro de l'antipoison, je peux le coller sur le frigo ?",
    "welke batterij gaat er in een CO-melder en hoe vaak vervangen?",
    # a hypo treated, in mmol/L
    "hypo van 3,4 na de wandeling, opgevangen met dextro, nu stabiel op 7, alles goed",
    # suicidal history long over
    "l'an dernier j'ai fait une tentative de suicide, j'ai été bien entourée et ça va beaucoup "
    "mieux",
    "vroeger dacht ik vaak aan zelfmoord, maar nu gaat het veel beter dankzij de therapie",
    "mon frère a eu des idées suicidaires il y a trois ans, il est suivi et il va bien",
    "je ne suis pas suicidaire, je veux juste changer de médecin",
]
STILL_ALARM_2 = [
    "ma fille s'est cognée la tête, une petite bosse, elle ne joue plus et elle vomit",
    "hij heeft zijn hoofd gestoten, een buil, hij speelt gewoon maar hij neemt sintrom",
    "il ronfle, on dirait qu'il s'étouffe, et maintenant il ne respire plus",
    "amai, bijna een hartaanval gekregen en nu heb ik pijn op de borst",
    "quelle est la différence entre un AVC et un AIT ? ma mère a la bouche de travers maintenant",
    "hypo van 3,4, opgevangen met dextro, nu stabiel op 7 maar ik ben nog steeds verward",
    "vroeger dacht ik vaak aan zelfmoord, nu gaat het beter, maar vanavond wil ik er een einde "
    "aan maken",
    "je ne suis pas suicidaire, je veux juste mourir",
]

@pytest.mark.parametrize("text", TAKEN_BACK_2)
def test_round8_take_backs(text: str) -> None:
    assert red_flags.check(text) == []
    assert safety_net.red_flag_kinds(text) == ()


@pytest.mark.parametrize("text", STILL_ALARM_2)
def test_but_now_still_alarms(text: str) -> None:
    assert safety_net.red_flag_kinds(text) != ()


@pytest.mark.parametrize(("flat", "expected"), [
    ("ik had last van kortademigheid , nu kan ik terug naar de winkel stappen", True),
    ("ik had last van kortademigheid , nu kan ik niet meer stappen", False),
    ("j etais essouffle , je peux de nouveau marcher", True),
])
def test_back_to_an_activity_is_over(flat: str, expected: bool) -> None:
    assert past._said_to_be_over(flat) is expected


@pytest.mark.parametrize(("flat", "expected"), [
    ("il s est cogne la tete , petite bosse , il joue normalement", True),
    ("il s est cogne la tete , une bosse , il ne joue plus", False),
    ("hij heeft zich gestoten , een buil , hij speelt niet meer", False),
    ("je me suis cogne la tete , une bosse , je ne me sens pas bien", False),
    ("je me suis cogne la tete , une bosse , pas vomi , je me sens bien", True),
    ("je me suis cogne la tete , une bosse , j ai vomi , je me sens bien", False),
])
def test_minor_bump(flat: str, expected: bool) -> None:
    assert reassured.minor_bump(flat) is expected
