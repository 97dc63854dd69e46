"""The two languages and the fallback (re-exported by bot.i18n)."""

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

