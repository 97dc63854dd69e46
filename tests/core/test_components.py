"""The Rasa adapters in bot/nlu/rasa_components.py, driven with Rasa's own objects."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.rasa_components import LanguageDetector, LanguagePolicy, RedFlagDetector

ROOT = Path(__file__).resolve().parents[2]


def _message(text: str, intent: str = "greet", metadata: dict | None = None) -> Message:
    message = Message(data={"text": text, "metadata": metadata})
    message.set("intent", {"name": intent, "confidence": 0.9}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 0.9}], add_to_output=True)
    return message


def test_language_detector_outputs_language_and_confidence() -> None:
    detector = LanguageDetector({"default_language": "fr"})
    fr, nl, ok = (_message(t) for t in ("j'ai pris mes cachets", "ik heb ze genomen", "ok"))
    detector.process([fr, nl, ok])
    assert fr.as_dict(only_output_properties=True)["language"] == "fr"
    assert nl.as_dict(only_output_properties=True)["language"] == "nl"
    assert ok.get("language_confident") is False


def test_language_detector_uses_the_channel_hint_for_ambiguous_messages() -> None:
    detector = LanguageDetector({"default_language": "fr"})
    message = _message("ok", metadata={"telegram_language_code": "nl-BE"})
    detector.process([message])
    assert message.get("language") == "nl"


def test_language_detector_reports_the_requested_language() -> None:
    message = _message("en néerlandais svp", intent="change_language")
    LanguageDetector({}).process([message])
    assert message.get("language") == "fr"
    assert message.get("language_requested") == "nl"


def test_language_detector_rejects_an_unknown_default() -> None:
    with pytest.raises(ValueError, match="default_language"):
        LanguageDetector({"default_language": "en"})


def test_red_flag_detector_overrides_any_intent() -> None:
    message = _message("je veux mourir", intent="nlu_fallback")
    RedFlagDetector().process([message])
    output = message.as_dict(only_output_properties=True)
    assert output["intent"] == {"name": "emergency", "confidence": 1.0}
    assert output["intent_ranking"][0]["name"] == "emergency"
    assert output["red_flag"]["kind"] == "suicidal"


def test_red_flag_detector_leaves_other_messages_alone() -> None:
    message = _message("j'ai marché 30 minutes", intent="report_progress")
    RedFlagDetector().process([message])
    assert message.get("intent")["name"] == "report_progress"
    assert message.get("red_flag") is None


def _ranked(text: str, *ranking: tuple[str, float]) -> Message:
    message = Message(data={"text": text})
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set("intent", ranked[0], add_to_output=True)
    message.set("intent_ranking", ranked, add_to_output=True)
    return message


def test_red_flag_detector_overrules_an_emergency_the_text_takes_back() -> None:
    """The classifier reads "emergency" into a denied symptom; the rules say it is
    denied: the next intent answers. An emergency the rules cannot explain stays."""
    denied = _ranked("je n'ai plus mal à la poitrine depuis hier",
                     ("emergency", 0.7), ("report_symptom", 0.2), ("greet", 0.1))
    unexplained = _ranked("c'est grave venez", ("emergency", 0.8), ("help", 0.2))
    RedFlagDetector().process([denied, unexplained])
    assert denied.get("intent") == {"name": "report_symptom", "confidence": 0.2}
    assert [r["name"] for r in denied.get("intent_ranking")] == ["report_symptom", "greet"]
    assert denied.as_dict(only_output_properties=True)["red_flag_taken_back"] is True
    assert unexplained.get("intent")["name"] == "emergency"


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain"))


def _tracker(domain: Domain, *events, slot: str | None = None) -> DialogueStateTracker:
    tracker = DialogueStateTracker.from_events("patient", [], domain.slots)
    if slot:
        tracker.update(SlotSet("language", slot))
    for event in events:
        tracker.update(event)
    return tracker


def _user(text: str, language: str, confident: bool, intent: str = "greet", **extra) -> UserUttered:
    parse = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text,
             "language": language, "language_confident": confident, **extra}
    return UserUttered(text, parse["intent"], [], parse)


def _policy(domain: Domain) -> LanguagePolicy:
    return LanguagePolicy(LanguagePolicy.get_default_config(), None, None, _Context())


class _Context:
    is_finetuning = False


def test_policy_sets_the_slot_from_a_confident_detection(domain: Domain) -> None:
    tracker = _tracker(domain, ActionExecuted("action_listen"), _user("goeiemorgen", "nl", True),
                       slot="fr")
    prediction = _policy(domain).predict_action_probabilities(tracker, domain)
    assert prediction.events == [SlotSet("language", "nl")]
    assert max(prediction.probabilities) == 0.0


def test_policy_keeps_the_slot_for_an_ambiguous_message(domain: Domain) -> None:
    tracker = _tracker(domain, ActionExecuted("action_listen"), _user("ok", "fr", False),
                       slot="nl")
    assert _policy(domain).predict_action_probabilities(tracker, domain).events == []


def test_policy_switches_on_request(domain: Domain) -> None:
    tracker = _tracker(
        domain, ActionExecuted("action_listen"),
        _user("en néerlandais svp", "fr", True, intent="change_language", language_requested="nl"),
        slot="fr",
    )
    assert _policy(domain).predict_action_probabilities(tracker, domain).events == [
        SlotSet("language", "nl")
    ]


def test_policy_decides_once_per_user_turn(domain: Domain) -> None:
    tracker = _tracker(domain, ActionExecuted("action_listen"), _user("goeiemorgen", "nl", True),
                       ActionExecuted("utter_greet"), slot="fr")
    assert _policy(domain).predict_action_probabilities(tracker, domain).events == []


def test_action_server_answers_are_still_validated() -> None:
    """bot.nlu.rasa_components replaces Rasa's check of action-server answers by one with
    the schema checked once: valid answers pass, invalid ones fail as before."""
    import jsonschema
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    from bot.nlu.rasa_components import install_cached_action_result_validator

    install_cached_action_result_validator()  # what loading the model's components does
    action = RemoteAction("action_show_goals", EndpointConfig("http://127.0.0.1:9"))
    valid = {"events": [{"event": "slot", "name": "language", "value": "nl"}],
             "responses": [{"text": "Uw doelen"}]}
    assert action._validate_action_result(valid) is True
    assert action._validate_action_result(valid) is True  # the cached validator
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        action._validate_action_result({"events": [{"event": "no_such_event"}]})
    with pytest.raises(jsonschema.ValidationError):
        action._validate_action_result({"responses": "not a list"})
