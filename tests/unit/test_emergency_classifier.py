"""The statistical second opinion of the safety net (bot/nlu/emergency_classifier.py)."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import emergency_classifier, red_flags
from bot.nlu.emergency_classifier import (
    Regression,
    examples,
    features,
    labelled_examples,
    likely_emergency,
    suicide_model,
    suicide_threshold,
    train,
)


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
    # not turn them (tests/e2e/test_gateway_safety.py floods with "test 0".."test 20")
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


def test_suicidal_examples_of_both_writers_are_taught_apart() -> None:
    labelled = labelled_examples()
    suicidal = [e for e in labelled if e.suicidal]
    assert len(suicidal) >= 390 and all(e.emergency for e in suicidal)
    assert {e.text for e in suicidal} <= {t for t, is_emergency in examples() if is_emergency}


# Written for these tests, in none of the training files nor the held-out sets.
SUICIDAL_BY_CIRCUMSTANCES = [
    "j'ai rendu les clés de l'appartement à mon frère et écrit une lettre pour chacun "
    "de mes petits-enfants, demain ce sera calme",
    "depuis que Marcel n'est plus là je garde mes comprimés de côté, il y en a assez "
    "maintenant pour aller le retrouver",
    "ce soir je vais marcher jusqu'au pont et je ne reviendrai pas, ne vous inquiétez "
    "plus pour moi",
    "ik heb mijn spaarrekening op naam van mijn zus gezet en de hond naar de buren "
    "gebracht, vanavond is het gedaan",
    "al weken spaar ik mijn slaappillen op in een potje, zondag als iedereen weg is neem ik ze",
    "ik ga straks naar het station en stap niet op de trein maar ervoor",
]
LOW_MOOD_WITHOUT_INTENT = [
    "je me sens un peu seule depuis que ma fille a déménagé, les soirées sont longues",
    "c'est dur en ce moment avec la douleur au dos, j'ai pas trop le moral",
    "je suis fatiguée de tous ces rendez-vous, mais je tiens le coup",
    "ik ben wat somber de laatste tijd, het weer helpt ook niet mee",
    "ik mis mijn man nog elke dag, maar de kleinkinderen komen zondag op bezoek",
    "het gaat niet zo goed met mijn humeur, ik heb zin om een weekje niks te doen",
]


@pytest.mark.parametrize("text", SUICIDAL_BY_CIRCUMSTANCES)
def test_suicidal_intent_told_by_circumstances_is_an_alarm_at_the_door(text: str) -> None:
    """No rule knows these (each is a plan told by what was done or where one goes);
    the second opinion must, so the door answers with 112 and the suicide line."""
    assert text not in {t for t, _ in examples()}
    assert not red_flags.check(text)
    assert likely_emergency(text)
    assert safety_net.red_flag_kinds(text) == (safety_net.LIKELY_EMERGENCY,)


@pytest.mark.parametrize("text", [
    # the naive Bayes misses these: the regression for suicidal intent is what catches them
    "ce soir je vais marcher jusqu'au pont et je ne reviendrai pas, ne vous inquiétez "
    "plus pour moi",
    "ik ga straks naar het station en stap niet op de trein maar ervoor",
])
def test_the_suicide_model_catches_what_the_general_model_misses(text: str) -> None:
    assert emergency_classifier.model().score(text) <= emergency_classifier.threshold()
    assert suicide_model().score(text) > suicide_threshold()


@pytest.mark.parametrize("text", LOW_MOOD_WITHOUT_INTENT)
def test_low_mood_without_intent_is_not_an_alarm(text: str) -> None:
    assert not likely_emergency(text)
    assert not safety_net.red_flag_kinds(text)


def test_the_suicide_threshold_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "ik ga straks naar het station en stap niet op de trein maar ervoor"
    score = suicide_model().score(text)
    monkeypatch.setenv("SUICIDE_CLASSIFIER_THRESHOLD", str(score + 0.01))
    assert not likely_emergency(text)
    monkeypatch.setenv("SUICIDE_CLASSIFIER_THRESHOLD", str(score - 0.01))
    assert likely_emergency(text)


def test_a_tiny_regression_separates_what_it_was_taught() -> None:
    regression = Regression.from_texts(
        ["je veux en finir ce soir", "ik wil er vannacht een einde aan maken"],
        ["je suis un peu triste", "ik ben wat moe", "bonjour", "mijn afspraak is morgen"])
    assert regression.score("je veux en finir") > 0 > regression.score("je suis triste")
    assert regression.score("ik wil er een einde aan maken") > regression.score("ik ben moe")
