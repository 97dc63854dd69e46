"""Poisoning told as a total rather than as one count (round 8, issue 12): several
days' medicines swallowed at once, and paracetamol that adds up over a day.

Written from the kinds of v9's poisoning misses, not its sentences. `doses` reads one
number next to one pill word ("une trentaine de paracetamol"); people who made a
mistake or kept taking a painkiller tell the amount in other words:

- the doses of several days taken at once, most often a pill box read wrongly by an
  older patient ("elle a pris d'un coup les médicaments de toute la semaine", "de
  pillen van maandag tot donderdag allemaal vandaag genomen"): a week of a heart
  patient's medicines at once is a poisoning whatever the drugs;
- paracetamol in several takes whose sum is well past a day's maximum of 4 g ("4
  Dafalgan 1g ce matin puis encore 4", "ça fait 8 grammes"): the liver damage comes
  days later, when it is too late for the antidote, so the message must alarm now.

Each needs a taking verb, and the pill box needs a word of all-at-once or of a
mistake; the everyday uses (filling the box, fetching the week's medicines at the
pharmacy) are left out by their own words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import POISONING, RedFlag
from bot.nlu.red_flags.vocabulary import _PARACETAMOL_TERMS, _TAKE_TERMS

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

_R = re.compile
_WEEKDAYS = (r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag"
             r"|woensdag|donderdag|vrijdag|zaterdag|zondag)")
_COUNT = (r"(?:deux|trois|quatre|cinq|six|sept|plusieurs|twee|drie|vier|vijf|zes|zeven"
          r"|meerdere|verschillende|\d+)")
# The doses of several days: "de toute la semaine", "van drie dagen", "du lundi au
# jeudi", "van maandag tot donderdag", or the pill box itself.
_SEVERAL_DAYS = _R(
    r"\b(?:de|d|des|pour|van|voor) (?:toute la|toute une|la|une|heel de|de hele|heel|een"
    rf"|de) (?:semaine|week)\b"
    rf"|\b(?:de|d|des|pour|van|voor) (?:\w+ )?{_COUNT} (?:jours|journees|dagen)\b"
    rf"|\b(?:du|de|van) {_WEEKDAYS} (?:au|a|jusqu a|tot|t e m|tem|tot en met) {_WEEKDAYS}\b"
    r"|\b(?:pilulier|semainier|weekdoos|pillendoos|medicijndoos|dosett\w*|baxter\w*)\b"
)
_PILLS = _R(
    r"\b(?:medicaments?|medocs?|comprimes?|pilules?|cachets?|gelules?|doses|pilulier"
    r"|semainier|pillen|pilletjes|pillekes|tabletten|medicatie|medicijnen|medicamenten"
    r"|dosissen|weekdoos|pillendoos|medicijndoos|dosett\w*|baxter\w*)\b"
)
_AT_ONCE_OR_BY_MISTAKE = _R(
    r"\b(?:d un (?:seul )?coup|en une (?:seule )?fois|en meme temps|tout ensemble"
    r"|(?:tous|toutes) (?:ensemble|a la fois)|ineens|in (?:een|1) keer|tegelijk\w*|allemaal"
    r"|aujourd hui|vandaag|par erreur|par megarde|trompe|trompee|vergist|per ongeluk"
    r"|verkeerde?)\b"
)
# Filling the box, fetching or ordering the week's medicines: not swallowing them.
_BOX_EVERYDAY = _R(
    r"\b(?:pharmacie|pharmacien\w*|apotheek|apotheker|prepare\w*|klaargezet|klaarzetten"
    r"|gevuld|vullen|gelegd|klaargelegd|gestoken|mis|mises|range\w*|rempli\w*|remplir|commande\w*|besteld|bestellen|opgehaald|ophalen"
    r"|recupere\w*|achete\w*|gekocht|oublie\w*|vergeten|overgeslagen)\b"
)
_TAKEN = _R(r"\b(?:pris|prise|avale|avalee|gobe|gobee|ingurgite\w*|genomen|ingenomen"
            r"|geslikt|ingeslikt|binnengespeeld|opgenomen)\b")
del _R

# Grams of paracetamol: "8 grammes", "8 g", "8gr", "8000 mg" (a tablet's own "1g" or
# "1000 mg" is below this).
_GRAMS = re.compile(r"\b(\d+) ?(?P<unit>g|gr|gram|grams|grammes?|mg)\b")
_STRENGTH_ONE_GRAM = frozenset({"1g", "1gr", "1gram", "1000", "1000mg", "forte"})
_MORE = frozenset({"encore", "puis", "nog", "weer", "opnieuw", "daarna", "erbij"})
_TIME_UNITS = frozenset({"h", "heure", "heures", "uur", "fois", "keer", "jours", "dagen",
                         "min", "minutes", "minuten", "ans", "jaar", "mg", "ml"})
# A day's maximum is 4 g; 6 g or more in a day is a poisoning to treat now.
PARACETAMOL_GRAMS = 6.0


def days_at_once_flag(message: _Message) -> RedFlag | None:
    """The medicines of several days (a week's pill box, "van maandag tot donderdag")
    swallowed at once, today or by mistake; not filling the box or fetching it."""
    flat = message.flat
    days = _SEVERAL_DAYS.search(flat)
    if not days or not _PILLS.search(flat) or not _TAKEN.search(flat):
        return None
    if _BOX_EVERYDAY.search(flat):
        return None
    at_once = _AT_ONCE_OR_BY_MISTAKE.search(flat)
    if not at_once:
        return None
    return RedFlag(POISONING, f"{days.group(0)} … {at_once.group(0)}")


def paracetamol_total_flag(message: _Message) -> RedFlag | None:
    """Paracetamol taken in one or several goes (or told as a total in grams) that adds
    up to PARACETAMOL_GRAMS or more: counts next to the drug's name, and after "encore"
    / "nog" once one was, at 1 g a tablet when the message says 1 g, else 500 mg."""
    words = message.words
    if not any(message.terms_at[p] & _PARACETAMOL_TERMS for p in range(len(words))):
        return None
    if not any(terms & _TAKE_TERMS for terms in message.terms_at):
        return None
    for grams in _GRAMS.finditer(message.flat):
        amount = int(grams.group(1)) / (1000 if grams.group("unit") == "mg" else 1)
        if amount >= PARACETAMOL_GRAMS:
            return RedFlag(POISONING, grams.group(0))
    strength = 1.0 if _STRENGTH_ONE_GRAM.intersection(words) else 0.5
    total, counted = 0, list[str]()
    for p, word in enumerate(words):
        if not word.isdigit() or _next(words, p) in _TIME_UNITS:
            continue
        named = any(terms & _PARACETAMOL_TERMS for terms in message.terms_at[p + 1 : p + 3])
        more = bool(_MORE.intersection(words[max(0, p - 2) : p]))
        if named or (more and counted):
            total += int(word)
            counted.append(word)
    if counted and total * strength >= PARACETAMOL_GRAMS:
        return RedFlag(POISONING, "paracetamol " + " + ".join(counted))
    return None


def _next(words: list[str], p: int) -> str:
    return words[p + 1] if p + 1 < len(words) else ""
