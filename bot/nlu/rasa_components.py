"""Rasa adapters for the language and red-flag logic in bot.nlu.language / bot.nlu.red_flags.

This is the only module of ``bot`` that imports Rasa; it is loaded by the Rasa server
in the *core* environment (config.yml names its classes) and never by the services.

* ``RedFlagDetector`` (NLU, after the FallbackClassifier) overrides the intent with
  ``emergency`` whenever the deterministic check matches, so neither a low classifier
  confidence nor a fallback can hide a red flag. ``/model/parse`` then also carries a
  top-level ``red_flag`` with the kind and the words that matched.
* ``LanguageDetector`` (NLU, last) adds the top-level ``language`` ("fr" | "nl") to
  every parse result, plus ``language_confident`` and, for ``change_language``,
  ``language_requested``.
* ``LanguagePolicy`` keeps the conversation's ``language`` slot: it sees the tracker
  (NLU components do not), so an ambiguous "ok" keeps the current language, and a
  language newly stored for the patient (the gateway's ``language_choice`` metadata,
  bot/language_choice.py) is applied to the next answer. It never
  predicts an action; it attaches a ``SlotSet`` to the turn's prediction, which Rasa
  applies before the response is rendered. No entity is involved, so the slot cannot
  leak into entity evaluation and survives fallback turns (nothing is reverted).

Creating or loading any of these components (what the Rasa server does with our
model) also makes Rasa check each action-server answer against a validator built once
(``install_cached_action_result_validator`` below): Rasa 3.6 re-checks its whole event
schema against the JSON-Schema metaschema on every custom action call, half of the
Rasa server's CPU in a conversation with care-plan actions (bench/message_latency.py).
Same schema, same errors. Importing this module changes nothing in Rasa: a module
that patches at import does so for whoever imports it (a test, a benchmark, a tool
reading the classes), and the change then depends on import order. Each component
calls ``install_cached_action_result_validator`` (idempotent) when it is built, from
its ``__init__`` because Rasa's ``create`` and ``load`` both end there (a policy's
``load`` does not go through ``create``), so the change comes with the model.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import language, languages, red_flags

EMERGENCY_INTENT = "emergency"
CHANGE_LANGUAGE_INTENT = "change_language"
LANGUAGE_SLOT = "language"

# Metadata keys a channel (our gateway, or a REST client) may send with a message to
# help the detector with messages that carry no language: the conversation's stored
# language, or the user's locale as the messenger reports it.
HINT_KEYS = ("language", "language_hint", "telegram_language_code", "locale")


def _hint(message: Message) -> str | None:
    metadata = message.get("metadata") or {}
    if not isinstance(metadata, dict):
        return None
    for key in HINT_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value[:2].lower() in languages.LANGUAGES:
            return value[:2].lower()
    return None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class RedFlagDetector(GraphComponent):
    """Forces the ``emergency`` intent when a red-flag pattern matches."""

    def __init__(self) -> None:
        install_cached_action_result_validator()  # see the module's docstring

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagDetector:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = red_flags.check(text)
            if not found:
                self._overrule_a_taken_back_emergency(message, text)
                continue
            flag = found[0]
            intent = message.get(INTENT) or {}
            # What the classifier said is kept, to measure how much the net adds.
            message.set("red_flag", {"kind": flag.kind, "matched": flag.matched,
                                     "kinds": [f.kind for f in found],
                                     "classifier_intent": intent.get(INTENT_NAME_KEY)}, True)
            if intent.get(INTENT_NAME_KEY) == EMERGENCY_INTENT:
                continue
            forced = {INTENT_NAME_KEY: EMERGENCY_INTENT, "confidence": 1.0}
            ranking = [
                r
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT
            ]
            message.set(INTENT, forced, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [forced, *ranking], add_to_output=True)
        return messages

    @staticmethod
    def _overrule_a_taken_back_emergency(message: Message, text: str) -> None:
        """The classifier reads "emergency" into "je n'ai plus mal à la poitrine depuis
        hier"; the deterministic rules say the text denies the symptom (or places it in
        a past that is over): the next intent the classifier ranked answers instead.
        Any emergency the rules do not explain stays an emergency (when in doubt,
        alarm)."""
        intent = message.get(INTENT) or {}
        if intent.get(INTENT_NAME_KEY) != EMERGENCY_INTENT or not red_flags.taken_back(text):
            return
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                   if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT]
        if not ranking:
            return
        message.set(INTENT, dict(ranking[0]), add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set("red_flag_taken_back", True, add_to_output=True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class LanguageDetector(GraphComponent):
    """Adds the message's language (fr/nl) to every parse result."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"default_language": languages.DEFAULT_LANGUAGE}

    def __init__(self, config: dict[str, Any]) -> None:
        install_cached_action_result_validator()  # see the module's docstring
        default = config.get("default_language", languages.DEFAULT_LANGUAGE)
        if default not in languages.LANGUAGES:
            raise ValueError(f"default_language must be one of {languages.LANGUAGES}")
        self._default = default

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageDetector:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            detection = language.detect(text, hint=_hint(message) or self._default)
            message.set("language", detection.language, add_to_output=True)
            message.set("language_confident", detection.confident, add_to_output=True)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent == CHANGE_LANGUAGE_INTENT:
                requested = language.requested_language(text)
                message.set("language_requested", requested, add_to_output=True)
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class LanguagePolicy(Policy):
    """Keeps the ``language`` slot in step with what the patient writes."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Lowest priority: its all-zero action scores must never win a tie.
        return {"priority": 0}

    @staticmethod
    def supported_data() -> SupportedData:
        return SupportedData.ML_AND_RULE_DATA

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install_cached_action_result_validator()  # see the module's docstring
        super().__init__(*args, **kwargs)

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        return self._resource  # nothing to learn: the rules live in bot.nlu.language

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        events = []
        target = self._language_after_user_turn(tracker)
        if target is not None and target != tracker.get_slot(LANGUAGE_SLOT):
            events.append(SlotSet(LANGUAGE_SLOT, target))
        return self._prediction(self._default_predictions(domain), events=events)

    @staticmethod
    def _language_after_user_turn(tracker: DialogueStateTracker) -> str | None:
        """The slot value after the latest user message, if it is the turn's first
        prediction (later predictions in the same turn must not re-decide)."""
        if tracker.latest_action_name != ACTION_LISTEN_NAME and not _only_slots_since_user(
            tracker
        ):
            return None
        message = tracker.latest_message
        if message is None or not message.text:
            return None
        parse = message.parse_data or {}
        detected = parse.get("language")
        if detected not in languages.LANGUAGES:
            return None
        detection = language.Detection(
            detected, bool(parse.get("language_confident")), 0.5, "text"
        )
        earlier = [event.metadata for event in tracker.events
                   if isinstance(event, UserUttered) and event is not message]
        return language.conversation_language(
            tracker.get_slot(LANGUAGE_SLOT),
            detection,
            intent=(message.intent or {}).get(INTENT_NAME_KEY),
            requested=parse.get("language_requested"),
            chosen=language.new_choice(message.metadata, earlier),
        )


def _only_slots_since_user(tracker: DialogueStateTracker) -> bool:
    """True when nothing but slot extraction happened since the last user message."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return True
        if isinstance(event, SlotSet):
            continue
        name = getattr(event, "action_name", None)
        if name in ("action_extract_slots",):
            continue
        return False
    return False


# --- Rasa's action-server answer check, with its schema checked once ---------------


# Set on our replacement, so a second call (another component, a reloaded model) sees it.
_INSTALLED = "_care_companion_cached_validator"


def install_cached_action_result_validator() -> None:
    """Replace ``RemoteAction._validate_action_result`` by the same check on a validator
    built once per action class. Idempotent: every component calls it when built
    (created or loaded), and only the first call changes anything."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, _INSTALLED, False):
        return
    validators: dict[type, Any] = {}

    def validate(self: RemoteAction, result: dict[str, Any]) -> bool:
        if type(self) not in validators:  # the schema is a constant of the class
            schema = self.action_response_format_spec()
            cls = validator_for(schema)
            cls.check_schema(schema)
            validators[type(self)] = cls(schema)
        error = best_match(validators[type(self)].iter_errors(result))
        if error is not None:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid. For more information about "
                f"the format visit {DOCS_BASE_URL}/custom-actions")
            raise error
        return True

    setattr(validate, _INSTALLED, True)
    RemoteAction._validate_action_result = validate


def cached_action_result_validator_installed() -> bool:
    """Whether ``install_cached_action_result_validator`` has run in this process."""
    from rasa.core.actions.action import RemoteAction

    return bool(getattr(RemoteAction._validate_action_result, _INSTALLED, False))

