"""What every action needs: the conversation's language and patient, and a database
session. An action never reveals care-plan data unless the conversation belongs to a
linked chat account."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.orm import Session

from bot import enrollment
from bot.db import session_scope
from bot.messages import render
from bot.models import ChannelIdentity, Patient
from bot.nlu.languages import normalise


def language(tracker: Tracker) -> str:
    lang = tracker.get_slot("language") or tracker.latest_message.get("language")
    return normalise(lang)


def entity(tracker: Tracker, name: str) -> str | None:
    values = [e.get("value") for e in tracker.latest_message.get("entities", [])
              if e.get("entity") == name]
    return str(values[0]) if values else None


INBOUND_ID = "inbound_id"  # set by the gateway (gateway/inbox.py) in the message metadata
_KEY_LENGTH = 120  # message_effects.source_message


def message_key(tracker: Tracker) -> str | None:
    """The key of the patient message this action answers, for its exactly-once effects
    (bot/effects.py): the gateway's inbound id (the console's dev chat goes through the
    gateway too); without one (`bot chat`, `rasa shell`), the conversation and Rasa's
    own id of the message, or the time of its user event, so each message still
    changes things once. None only for a tracker with no user message at all."""
    message = tracker.latest_message or {}
    inbound = (message.get("metadata") or {}).get(INBOUND_ID)
    if inbound is not None and str(inbound):
        key = f"inbound:{inbound}"
    elif message.get("message_id"):
        key = f"rasa:{tracker.sender_id}:{message['message_id']}"
    else:
        stamp = next((event.get("timestamp") for event in reversed(tracker.events or [])
                      if event.get("event") == "user" and event.get("timestamp")), None)
        if stamp is None:
            return None
        key = f"rasa:{tracker.sender_id}:at:{stamp!r}"
    if len(key) > _KEY_LENGTH:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


@dataclass
class Context:
    session: Session
    identity: ChannelIdentity | None
    lang: str

    @property
    def patient(self) -> Patient | None:
        return self.identity.patient if self.identity else None

    @property
    def actor(self) -> str:
        return f"patient:{self.identity.patient_id}" if self.identity else "unlinked"


@contextmanager
def context(tracker: Tracker) -> Iterator[Context]:
    with session_scope() as session:
        identity = enrollment.identity_for_conversation(session, tracker.sender_id)
        yield Context(session, identity, language(tracker))


def not_linked(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
    """Unlinked (or unknown) account: how to join, and nothing about any care plan."""
    dispatcher.utter_message(text=render("not_linked", language(tracker)))
    return []
