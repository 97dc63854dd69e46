"""The console's words, in the nurse's language (their choice, switchable): a thin
translator over bot/i18n, where the texts live (``console.yml``)."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import has, text


def translator(lang: str | None) -> Callable[..., str]:
    """``t(key, **values)``: ``console.<key>`` in ``lang`` (French if unknown). An
    unknown key shows as itself, so a flag kind added without a label still shows."""

    def t(key: str, **values: object) -> str:
        full = f"console.{key}"
        return text(full, lang, **values) if has(full) else key

    return t
