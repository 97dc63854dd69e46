"""The statistical second opinion of the safety net (bot/emergency_classifier.py)."""

from __future__ import annotations

import pytest

from bot import emergency_classifier
from bot.emergency_classifier import examples, features, likely_emergency, train


def test_it_learns_from_the_nlu_examples_of_both_languages() -> None:
    labelled = examples()
    emergencies = [text for text, is_emergency in labelled if is_emergency]
    assert len(emergencies) >= 200 and len(labelled) - len(emergencies) >= 2000
    assert not any("](" in text or "]{" in text for text, _ in labelled)  # annotations gone


@pytest.mark.parametrize("text", [
    # Written for this test, in none of the training files: no rule knows them either.
    "mon époux a la peau grise et il ne répond presque plus",
    "ons vader is helemaal slap en reageert amper, hij ziet wit",
])
def test_emergencies_in_words_it_was_not_taught(text: str) -> None:
    assert text not in {t for t, _ in examples()}
    assert likely_emergency(text)


@pytest.mark.parametrize("text", [
    "bonjour", "merci beaucoup", "c'est quand mon prochain rendez-vous ?",
    "j'ai marché 30 minutes ce matin", "ik heb mijn pillen genomen",
    "wat zijn mijn doelen deze week?", "", "   ",
    # short messages are a few character pieces: one taught word ("testament") must
    # not turn them (tests/test_gateway_safety.py floods with "test 0".."test 20")
    "test", "test 0", "test 7", "test 20",
])
def test_everyday_messages_are_not_alarms(text: str) -> None:
    assert not likely_emergency(text)


def test_the_threshold_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "je me sens vraiment très mal"
    score = emergency_classifier.model().score(text)
    monkeypatch.setenv("SAFETY_CLASSIFIER_THRESHOLD", str(score - 0.01))
    assert likely_emergency(text)
    monkeypatch.setenv("SAFETY_CLASSIFIER_THRESHOLD", str(score + 0.01))
    assert not likely_emergency(text)


def test_a_tiny_model_separates_what_it_was_taught() -> None:
    model = train([("douleur poitrine", True), ("j'ai mal au thorax", True),
                   ("bonjour", False), ("mes objectifs", False)])
    assert model.score("forte douleur dans la poitrine") > model.score("bonjour a vous")
    assert features("Étouffe") == features("etouffe")  # accents and case do not matter
