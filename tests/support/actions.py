"""Running one custom action as Rasa would, without Rasa: a tracker built from a latest
message and slots, the texts the action answered and its events."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def run(action, conversation: str, text: str = "", intent: str = "greet",
        entities: list | None = None, language: str = "fr", metadata: dict | None = None,
        message_id: str | None = None, **slots):
    """The action's texts (or response keys) and events for one message."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "entities": entities or [], "language": language}
    if metadata is not None:
        latest["metadata"] = metadata
    if message_id is not None:
        latest["message_id"] = message_id
    tracker = Tracker(
        conversation, {"language": language, **slots}, latest,
        [], False, None, None, "action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return [m.get("text") or m.get("response") for m in dispatcher.messages], events


def ent(name: str, value: str) -> dict:
    return {"entity": name, "value": value}
