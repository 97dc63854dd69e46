"""What every action needs: the conversation's language and patient, and a database
session. An action never reveals care-plan data unless the conversation belongs to a
linked chat account."""

from __future__ import annotations

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


def language(tracker: Tracker) -> str:
    lang = tracker.get_slot("language") or tracker.latest_message.get("language")
    return lang if lang in ("fr", "nl") else "fr"


def entity(tracker: Tracker, name: str) -> str | None:
    values = [e.get("value") for e in tracker.latest_message.get("entities", [])
              if e.get("entity") == name]
    return str(values[0]) if values else None


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
