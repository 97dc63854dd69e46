"""What the actions, the gateway and the reminders send patients and caregivers: thin
helpers over bot/i18n, where the texts live (``patient.yml``, one key in French and
Dutch each). ``render("dose_taken", lang, ...)`` is ``text("patient.dose_taken", ...)``.
"""

from __future__ import annotations

from bot.formatting import format_number
from bot.i18n import text, word


def render(key: str, lang: str | None, **values: object) -> str:
    """A patient or caregiver text (``patient.<key>``) in ``lang``, French if unknown."""
    return text(f"patient.{key}", lang, **values)


def amount(value: float, unit: str, lang: str) -> str:
    """ "30 min", "1,2 g/L", "6 000 pas" in the patient's language."""
    if unit == "g/L" and lang == "nl":
        return f"{format_number(value * 100, lang, 0)} mg/dL"
    return f"{format_number(value, lang)} {word('patient.unit', unit, lang)}"


# Unknown accounts: we do not know their language yet, so both at once.
JOIN_INSTRUCTIONS = (render("join_instructions", "fr") + "\n"
                     + render("join_instructions", "nl"))
