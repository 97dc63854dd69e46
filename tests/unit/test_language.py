"""Language identification: the rules the conversation relies on."""

from __future__ import annotations

import pytest

from bot.nlu import language
from bot.nlu.language import Detection, conversation_language, detect, requested_language

FRENCH = [
    "bonjour, j'ai pris mes médicaments ce matin",
    "jai oublie mes cachets hier soir",
    "c koi mon prochain rdv chez le cardiologue",
    "je me sens pas bien aujourd'hui",
    "g marché trente minutes",
    "septante-huit kilos ce matin",
    "pourriez-vous demander à l'infirmière de m'appeler svp",
]
DUTCH = [
    "goeiemorgen, 'k heb m'n pillekes genomen",
    "ik ben mijn medicatie vergeten gisteren",
    "wanneer is mijn volgende afspraak bij de huisarts",
    "ik voel me nie goed vandaag",
    "'k heb dertig minuten gewandeld",
    "achtenzeventig kilo deze morgen",
    "kan de verpleegster mij efkes terugbellen aub",
]


@pytest.mark.parametrize("text", FRENCH)
def test_french_sentences_are_french(text: str) -> None:
    result = detect(text, hint="nl")
    assert (result.language, result.confident) == ("fr", True)


@pytest.mark.parametrize("text", DUTCH)
def test_dutch_sentences_are_dutch(text: str) -> None:
    result = detect(text, hint="fr")
    assert (result.language, result.confident) == ("nl", True)


@pytest.mark.parametrize("text", ["ok", "OK", "merci", "STOP", "sorry", "👍", "123", "ok merci"])
def test_words_both_languages_use_keep_the_hint(text: str) -> None:
    for hint in ("fr", "nl"):
        result = detect(text, hint=hint)
        assert not result.confident
        assert result.language == hint


@pytest.mark.parametrize(("text", "expected"), [("pris", "fr"), ("genomen", "nl"),
                                                ("oui", "fr"), ("ja", "nl"),
                                                ("bonjour", "fr"), ("goeiemorgen", "nl")])
def test_single_distinctive_words_decide(text: str, expected: str) -> None:
    other = "nl" if expected == "fr" else "fr"
    assert detect(text, hint=other) == Detection(expected, True, detect(text).score_fr, "text")


def test_detection_is_deterministic_across_fresh_detectors() -> None:
    texts = FRENCH + DUTCH + ["hmm ja misschien", "peut-être demain"]
    first = [detect(t) for t in texts]
    for _ in range(3):
        language._factory.cache_clear()
        assert [detect(t) for t in texts] == first


def test_without_hint_an_ambiguous_message_falls_back_to_the_default() -> None:
    assert detect("ok") == Detection(language.DEFAULT_LANGUAGE, False, 0.5, "default")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("en néerlandais svp", "nl"),
        ("parlez-moi en flamand", "nl"),
        ("kan het in het Frans aub", "fr"),
        ("in t nederlands aub", "nl"),
        ("peut-on continuer en francais", "fr"),
        ("andere taal", None),
        ("une autre langue", None),
    ],
)
def test_requested_language(text: str, expected: str | None) -> None:
    assert requested_language(text) == expected


def _detected(lang: str, confident: bool = True) -> Detection:
    return Detection(lang, confident, 0.5, "text")


def test_conversation_keeps_its_language_on_ambiguous_messages() -> None:
    assert conversation_language("nl", _detected("fr", confident=False)) == "nl"
    assert conversation_language("fr", _detected("nl", confident=False)) == "fr"


def test_conversation_follows_a_message_written_in_the_other_language() -> None:
    assert conversation_language("fr", _detected("nl")) == "nl"
    assert conversation_language("nl", _detected("fr")) == "fr"


def test_a_new_conversation_takes_even_an_uncertain_guess() -> None:
    assert conversation_language(None, _detected("nl", confident=False)) == "nl"


def test_explicit_change_language_request_wins_over_the_text_language() -> None:
    # Written in French, asks for Dutch.
    assert (
        conversation_language("fr", _detected("fr"), intent="change_language", requested="nl")
        == "nl"
    )
    # Names no language: switch to the other one.
    assert conversation_language("nl", _detected("nl"), intent="change_language") == "fr"
    assert conversation_language("fr", _detected("fr"), intent="change_language") == "nl"


@pytest.mark.parametrize(("sentence", "lang"), [
    ("Goeiedag, ik vertel u uitgebreid over mijn dag. ", "nl"),
    ("Bonjour, je vous raconte ma journée en détail. ", "fr"),
])
def test_a_4096_character_message_is_detected_without_overflow(sentence: str, lang: str) -> None:
    """The log-odds of a long text grow with its length; they once overflowed exp()
    and took the safety net's answer down with them."""
    text = (sentence * 100)[:4096]
    detection = detect(text)
    assert detection.language == lang and detection.confident
    assert 0.0 <= detection.score_fr <= 1.0


def test_confident_language_answers_as_detect_with_or_without_langdetect() -> None:
    """The gateway's shortcut (bot/nlu/language.confident_language) skips langdetect when
    the words alone decide: on every held-out and training message it must say what
    ``detect`` says (the language when confident, else None), and the shortcut must
    actually be taken for some of them."""
    import yaml

    from tests.support.paths import ROOT

    rows = (ROOT / "bench" / "data" / "language_heldout.tsv").read_text("utf-8").splitlines()
    texts = [row.split("\t", 1)[1] for row in rows[1:] if "\t" in row]
    for path in sorted((ROOT / "nlu_data").glob("*/*.yml")):
        for item in yaml.safe_load(path.read_text("utf-8")).get("nlu", []):
            texts += [line.strip()[2:] for line in item.get("examples", "").splitlines()
                      if line.strip()]
    assert len(texts) > 3000
    for text in texts:
        detection = detect(text)
        assert language.confident_language(text) == (
            detection.language if detection.confident else None), text
    calls = []
    real = language._langdetect_p_fr
    try:
        language._langdetect_p_fr = lambda text: calls.append(text) or real(text)
        assert language.confident_language("ik heb mijn pillen genomen vandaag") == "nl"
        assert calls == []
    finally:
        language._langdetect_p_fr = real
