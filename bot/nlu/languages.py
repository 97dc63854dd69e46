"""The project's two languages and the fallback, the one place they are decided.

"A language we do not know means French": French, because Rasa's responses use French
as the variant without a condition (what a conversation gets before it has a
language), so every path agrees with Rasa. Here rather than in bot/i18n because the
Rasa components need the languages but not the texts.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "nl"]
LANGUAGES: tuple[Language, ...] = ("fr", "nl")
DEFAULT_LANGUAGE: Language = "fr"


def normalise(lang: object) -> Language:
    """``lang`` when it is one of ours ("fr", "nl"), else the default: a patient row,
    a slot, a form field or an account may hold nothing, or something stale."""
    for known in LANGUAGES:
        if lang == known:
            return known
    return DEFAULT_LANGUAGE


def known(lang: object) -> Language | None:
    """``lang`` when it is one of ours, else None: for callers that keep what they had
    rather than fall back to the default (a slot left unset, a hint ignored)."""
    return next((code for code in LANGUAGES if lang == code), None)

