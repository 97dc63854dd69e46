"""Conversation-level actions: flags for the care team, opt-out/in, session start."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ConversationPaused, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import context, message_key
from bot import enrollment, flags, safety_net, takeover
from bot.messages import render
from bot.nlu.languages import known


def _answered_at_the_door(tracker: Tracker) -> bool:
    """The gateway's safety net already sent the 112 answer and raised the urgent flag
    for this message (bot/safety_net.py): one emergency answer per message."""
    return safety_net.from_metadata(tracker.latest_message.get("metadata"))


class ActionEmergency(Action):
    """The emergency answer for a red flag that reached Rasa without passing the
    gateway's safety net (the `bot chat` CLI), or that only the classifier caught. The
    same text as the gateway's: 112, the Antipoison Centre for a poisoning, the
    suicide line, the care team alerted."""

    def name(self) -> str:
        return "action_emergency"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        if _answered_at_the_door(tracker):
            return []
        red_flag = tracker.latest_message.get("red_flag") or {}
        kinds = red_flag.get("kinds") or [red_flag.get("kind")]
        with context(tracker) as ctx:
            linked = ctx.identity is not None
        dispatcher.utter_message(text=safety_net.answer(ctx.lang, kinds, linked=linked))
        return []


class _RaiseFlag(Action, ABC):
    """Raises a flag with the conversation id; the answer itself was already sent by a
    response before this action, so the patient never waits on the database.
    (Abstract until a subclass names its kind, so rasa-sdk does not register it.)"""

    @property
    @abstractmethod
    def kind(self) -> str: ...

    def name(self) -> str:
        return f"action_flag_{self.kind}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        if self.kind == flags.EMERGENCY and _answered_at_the_door(tracker):
            return []  # raised (or re-opened) by the gateway with this very message
        message = tracker.latest_message
        summary = message.get("text") or ""
        red_flag = message.get("red_flag")
        if red_flag:
            summary = f"[{red_flag.get('kind')}] {summary}"
        with context(tracker) as ctx:
            flags.raise_flag(
                ctx.session, self.kind,
                patient_id=ctx.identity.patient_id if ctx.identity else None,
                conversation_id=tracker.sender_id, summary=summary[:1000], actor=ctx.actor,
                source_message=message_key(tracker),
            )
        return []


class ActionFlagEmergency(_RaiseFlag):
    kind = flags.EMERGENCY


class ActionFlagRequestNurse(_RaiseFlag):
    kind = flags.REQUEST_NURSE


class ActionFlagSymptom(_RaiseFlag):
    kind = flags.SYMPTOM


class ActionFlagLowMood(_RaiseFlag):
    kind = flags.LOW_MOOD


class ActionFlagFallback(_RaiseFlag):
    kind = flags.FALLBACK


class _SetOptOut(Action, ABC):
    opted_out = True
    message = "opted_out"

    @abstractmethod
    def name(self) -> str: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        with context(tracker) as ctx:
            if ctx.identity is not None:
                enrollment.set_opt_out(ctx.session, ctx.identity, self.opted_out, ctx.actor,
                                       source_message=message_key(tracker))
            dispatcher.utter_message(text=render(self.message, ctx.lang))
        return []


class ActionOptOut(_SetOptOut):
    def name(self) -> str:
        return "action_opt_out"


class ActionOptIn(_SetOptOut):
    opted_out = False
    message = "opted_in"

    def name(self) -> str:
        return "action_opt_in"


class ActionSessionStart(Action):
    """Starts a session like Rasa's default (slots carried over), gives a new
    conversation of a linked patient the language on file until they write, and keeps
    a conversation held by a nurse paused (a new session would un-pause it)."""

    def name(self) -> str:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        carried = {name: value for name, value in tracker.slots.items()
                   if value is not None and name != "requested_slot"}
        events += [SlotSet(name, value) for name, value in carried.items()]
        with context(tracker) as ctx:
            if ("language" not in carried and ctx.patient is not None
                    and known(ctx.patient.language)):
                events.append(SlotSet("language", ctx.patient.language))
            held = takeover.is_held(ctx.session, tracker.sender_id)
        events.append(ActionExecuted("action_listen"))
        if held:
            events.append(ConversationPaused())
        return events
