"""What happens to a message before it reaches the conversation: which patient's
conversation it belongs to, or, for an account not linked yet, the way to join.

Shared by every channel adapter (the messaging gateway, the `bot chat` CLI), so an
unlinked account is treated the same everywhere: it gets the bilingual explanation of
how to join, and nothing else, except that a red-flag message always gets the
emergency numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import enrollment, language, red_flags
from bot.messages import JOIN_INSTRUCTIONS, render

# Same wording as the Rasa response utter_emergency (tests/test_messages.py checks it).
EMERGENCY = {
    "fr": "⚠️ Si c'est une urgence, appelez tout de suite le 112.\nSi vous avez des idées "
    "suicidaires : Centre de Prévention du Suicide, 0800 32 123 (gratuit, 24h/24).",
    "nl": "⚠️ Is het dringend? Bel nu meteen 112.\nHebt u zelfmoordgedachten? Bel de "
    "Zelfmoordlijn: 1813 (gratis, dag en nacht).",
}

_START = re.compile(r"^/start(?:@\w+)?\s+(\S+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Routing:
    """Either a conversation to forward the message to, or replies to send back."""

    conversation_id: str | None
    replies: tuple[str, ...] = ()
    patient_language: str | None = None


def route(session: Session, channel: str, external_id: str, text: str) -> Routing:
    identity = enrollment.identity_for_sender(session, channel, external_id)
    if identity is not None:
        start = _START.match(text.strip())
        if start:  # a linked account following its deep link again
            return Routing(None, (render("link_already_linked", identity.patient.language),),
                           identity.patient.language)
        return Routing(identity.conversation_id, (), identity.patient.language)

    start = _START.match(text.strip())
    candidate = start.group(1) if start else text
    if enrollment.looks_like_code(candidate):
        result = enrollment.link(session, channel, external_id, candidate)
        if result.status == "linked" and result.identity is not None:
            patient = result.identity.patient
            return Routing(None, (render("link_linked", patient.language,
                                         name=patient.first_name),), patient.language)
        # A code carries no language and the account has none on file yet: both.
        key = f"link_{result.status}"
        return Routing(None, (f"{render(key, 'fr')}\n{render(key, 'nl')}",))

    replies: list[str] = []
    if red_flags.check(text):
        replies.append(EMERGENCY[language.detect(text).language])
    replies.append(JOIN_INSTRUCTIONS)
    return Routing(None, tuple(replies))
