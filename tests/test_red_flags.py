"""The deterministic red-flag net: every kind, both languages, real-world spelling."""

from __future__ import annotations

import pytest

from bot import red_flags
from bot.red_flags import check, first

CASES = {
    red_flags.CHEST_PAIN: [
        "j'ai une douleur dans la poitrine",
        "jai mal a la poitrinne depuis 10 min",
        "ca serre fort dans ma poitrine",
        "douleur thoracique qui irradie dans le bras",
        "ik heb pijn op de borst",
        "druk op mijn borstkas",
        "het knelt vreselijk hard op m'n borst",
        "borstpijm sinds vanmorgen",
    ],
    red_flags.BREATHLESSNESS: [
        "j'arrive pas a respirrer",
        "je n'arrive plus à respirer",
        "j'étouffe",
        "je manque d'air même au repos",
        "ik kan nie meer ademe",
        "ik krijg geen lucht",
        "heel kortademig in rust",
    ],
    red_flags.SUICIDAL: [
        "je veux mourir",
        "jpense au suicde",
        "envie d'en finir",
        "je vais me foutre en l'air",
        "ik wil dood",
        "ik denk aan zelfmoord",
        "ik wil er een einde aan maken",
        "ik ga me van kant maken",
        "ik zie het nie meer zitten",
    ],
    red_flags.STROKE: [
        "ma bouche est de travers",
        "je sens plus mon bras gauche",
        "il n'arrive plus a parler",
        "mijn mond hangt scheef",
        "ik voel mijn arm niet meer",
        "mijn rechterbeen voel ik niet meer",
        "ze kan nie meer praten",
        "ik denk dat het een beroerte is",
    ],
    red_flags.HYPOGLYCAEMIA: [
        "je fais une hypo",
        "glycemie a 0,45",
        "glycémie 52 mg/dl je tremble",
        "sucre tres bas",
        "ik heb een hypo",
        "suiker 48",
        "suikerdip en ik zweet",
    ],
    red_flags.COLLAPSE: ["mon mari s'est évanoui", "hij is flauwgevallen",
                         "ze ligt op de grond en reageert niet", "il est tombé par terre",
                         "maman ne se réveille plus", "ik krijg hem niet wakker",
                         "opa wordt nie meer wakker"],
    red_flags.BLEEDING: ["je crache du sang", "bloed in mijn braaksel", "le sang gicle"],
    red_flags.EMERGENCY_CALL: ["appelez le 112", "bel een ziekenwagen", "au secours"],
}


@pytest.mark.parametrize(
    ("kind", "text"), [(kind, text) for kind, texts in CASES.items() for text in texts]
)
def test_red_flag_is_found(kind: str, text: str) -> None:
    kinds = [flag.kind for flag in check(text)]
    assert kind in kinds, f"{text!r} gave {kinds}"


@pytest.mark.parametrize(
    "text",
    [
        "j'ai marché 30 min ce matin",
        "j'ai pris mes médicaments",
        "mal à la tête depuis hier",
        "exercices de respiration faits",
        "j'ai envie de courir un peu",
        "je suis crevé ce soir",
        "il me reste quels médicaments à prendre",
        "glycémie à jeun 1,20",
        "glyc 112 mg/dl ce midi",
        "un peu essoufflé quand je monte les escaliers",
        "ik heb 6000 stappen gezet",
        "'k heb m'n pillekes genomen",
        "ademhalingsoefeningen gedaan",
        "suiker 120 nuchter",
        "kortademig bij inspanning",
        "wanneer is mijn volgende afspraak",
        "ik ben doodmoe",
        "je me réveille plus tôt qu'avant",
        "ik word 's nachts vaak wakker",
    ],
)
def test_everyday_messages_raise_no_flag(text: str) -> None:
    assert check(text) == []


def test_negation_is_ignored_on_purpose() -> None:
    # Over-inclusive by design: "no chest pain" still gets the 112 reminder.
    assert first("je n'ai pas de douleur à la poitrine").kind == red_flags.CHEST_PAIN


def test_most_serious_kind_comes_first_and_matched_words_are_reported() -> None:
    flags = check("j'ai mal à la poitrine et je veux mourir")
    assert [f.kind for f in flags] == [red_flags.SUICIDAL, red_flags.CHEST_PAIN]
    assert flags[0].matched == "mourir"


def test_accents_case_and_punctuation_do_not_matter() -> None:
    assert first("DOULEUR À LA POITRINE!!!") == first("douleur a la poitrine")


def test_glucose_readings_use_the_unit_people_write() -> None:
    assert first("glycémie 0,65") is not None  # g/L
    assert first("glycémie 65") is not None  # mg/dL
    assert first("glycémie 0,95") is None
    assert first("glycémie 95") is None
