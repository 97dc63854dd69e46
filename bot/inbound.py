"""What happens to a message before it reaches the conversation: which patient's
conversation it belongs to, or, for an account not linked yet, the way to join.

Shared by every channel adapter (the messaging gateway, the `bot chat` CLI), so an
unlinked account is treated the same everywhere: it gets the bilingual explanation of
how to join, and nothing else. Red flags are not this module's business: every adapter
has run the safety net (bot/safety_net.py) on the message before it routes it, and a
red-flag message is never taken for an enrollment code (it costs no try).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, enrollment
from bot.messages import JOIN_INSTRUCTIONS, render
from bot.models import Caregiver, ChannelIdentity, utcnow
from bot.nlu import language

_START = re.compile(r"^/start(?:@\w+)?\s+(\S+)\s*$", re.IGNORECASE)

# SMS and WhatsApp keywords, in any case, with or without accents. The language they
# imply is used when the account has none on file.
STOP_WORDS = {"stop": None, "arret": "fr", "arreter": "fr", "stoppen": "nl",
              "unsubscribe": None}
START_WORDS = {"start": None, "demarrer": "fr", "starten": "nl"}


@dataclass(frozen=True)
class Routing:
    """Either a conversation to forward the message to, or replies to send back."""

    conversation_id: str | None
    replies: tuple[str, ...] = ()
    patient_language: str | None = None


def both(key: str, **values: object) -> str:
    """A text for an account whose language we do not know: French, then Dutch."""
    return f"{render(key, 'fr', **values)}\n{render(key, 'nl', **values)}"


def _keyword(
    session: Session, channel: str, external_id: str, text: str
) -> Routing | None:
    """STOP / ARRET / STOPPEN and START on SMS and WhatsApp: opt the account (and a
    caregiver using this number) out of non-urgent messages, or back in."""
    word = language.normalise(text).strip(" .!").lower()
    if channel not in ("sms", "whatsapp") or (word not in STOP_WORDS and word not in START_WORDS):
        return None
    stopping = word in STOP_WORDS
    implied = (STOP_WORDS if stopping else START_WORDS)[word]
    identity = enrollment.identity_for_sender(session, channel, external_id)
    if identity is not None:
        enrollment.set_opt_out(session, identity, stopping, f"{channel}:keyword")
    for caregiver in session.scalars(select(Caregiver).where(Caregiver.phone == external_id)):
        caregiver.opted_out_at = utcnow() if stopping else None
        audit.record(session, f"{channel}:keyword", "opt_out" if stopping else "opt_in",
                     "caregiver", patient_id=caregiver.patient_id, entity_id=caregiver.id)
    key = "opted_out" if stopping else "opted_in"
    lang = identity.patient.language if identity is not None else implied
    return Routing(None, (render(key, lang) if lang else both(key),),
                   identity.patient.language if identity else None)


def route(session: Session, channel: str, external_id: str, text: str,
          *, red_flag: bool = False, identity: ChannelIdentity | None = None) -> Routing:
    """``red_flag``: the safety net already answered this message with 112.
    ``identity``: the sender's linked account when the caller has read it in this
    transaction already (the gateway's inbox), saving a query per message."""
    keyword = _keyword(session, channel, external_id, text)
    if keyword is not None:
        return keyword
    if identity is None:
        identity = enrollment.identity_for_sender(session, channel, external_id)
    if identity is not None:
        start = _START.match(text.strip())
        if start:  # a linked account following its deep link again
            return Routing(None, (render("link_already_linked", identity.patient.language),),
                           identity.patient.language)
        return Routing(identity.conversation_id, (), identity.patient.language)

    start = _START.match(text.strip())
    candidate = start.group(1) if start else text
    if not red_flag and enrollment.looks_like_code(candidate):
        result = enrollment.link(session, channel, external_id, candidate)
        if result.status == "linked" and result.identity is not None:
            patient = result.identity.patient
            return Routing(None, (render("link_linked", patient.language,
                                         name=patient.first_name),), patient.language)
        # A code carries no language and the account has none on file yet: both.
        return Routing(None, (both(f"link_{result.status}"),))

    return Routing(None, (JOIN_INSTRUCTIONS,))
