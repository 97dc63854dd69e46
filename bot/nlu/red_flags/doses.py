"""Poisoning told by numbers: an amount taken instead of the dose ("10 comprimés au
lieu d'un", "40 eenheden in plaats van 14") and a count of pills no prescription holds
("une trentaine de paracetamol", "8 comprimés de sintrom")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import POISONING, RedFlag
from bot.nlu.red_flags.vocabulary import (
    _AT_ONCE_TERMS,
    _DANGEROUS_DRUGS,
    _DANGEROUS_TERMS,
    _PARACETAMOL_TERMS,
    _PILL_TERMS,
    _TAKE_TERMS,
)

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# --- a count of pills ------------------------------------------------------------------

_ABOUT = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "centaine": 100, "tiental": 10, "twintigtal": 20,
    "dertigtal": 30, "veertigtal": 40, "handvol": 10, "poignee": 10,
}
_SPAN = frozenset("semaine semaines mois jours week weken maand maanden dagen".split())
_STRENGTH_UNITS = frozenset("mg milligram milligrammes mcg microgram microgrammes ml".split())
# (round 11) A drug named by its international non-proprietary name, whose ending says
# its class in every language: "20 oxazepam", "een stuk of 30 metoprolol". A list of
# brands is never complete; the stems of benzodiazepines, beta-blockers, ACE
# inhibitors, sartans, calcium blockers, statins, SSRIs, tricyclics and opioids are.
_INN_STEM = re.compile(
    r"(?:azepam|azolam|zolam|olol|pril|sartan|dipine|statine?|oxetine|traline|triptyline"
    r"|ipramine|codone|morphone|adol|azine|apine|idone|peridol)$")
_POSSESSIVE = frozenset("mes ses nos vos les mijn mn n zijn haar onze de m ces".split())


def _pill_count_flag(message: _Message) -> RedFlag | None:
    """A number of pills swallowed that no prescription holds: "avalé une trentaine de
    paracetamol", "een stuk of dertig paracetamol geslikt" (15 or more, or any "about
    thirty"), "8 comprimés de sintrom" (4 or more of an anticoagulant, opioid or
    sulfonylurea), "10 pillen ineens" (8 or more at once or by mistake). A taking verb
    must be near, and "mes 10 comprimés" (the usual count) does not count."""
    words, terms_at = message.words, message.terms_at
    for p, word in enumerate(words):
        if word.isdigit():
            amount = int(word)
        elif word in _ABOUT:
            amount = 100
        elif word in _AMOUNT_WORDS:
            amount = _AMOUNT_WORDS[word]
        else:
            continue
        place = message.at[p]
        if amount < 4 or (place and message.stream[place - 1] in _POSSESSIVE):
            continue
        if p + 1 < len(words) and words[p + 1] in _STRENGTH_UNITS:
            continue  # "pris 500 mg de paracetamol": a strength, not a count (round 8)
        after = terms_at[p + 1 : p + 4]
        if not (any(terms & _PILL_TERMS for terms in after)
                or any(_INN_STEM.search(word) for word in words[p + 1 : p + 4])):
            continue
        near = terms_at[max(0, p - 5) : p + 7]
        if not any(terms & _TAKE_TERMS for terms in near):
            continue
        if _SPAN.intersection(words[p : p + 8]):  # "5 comprimés de sintrom cette semaine"
            continue
        dangerous = any(terms & _DANGEROUS_TERMS for terms in after)
        at_once = any(terms & _AT_ONCE_TERMS for terms in near)
        paracetamol = any(terms & _PARACETAMOL_TERMS for terms in after)
        if (amount >= 15 or (dangerous and amount >= 4) or (at_once and amount >= 8)
                or (paracetamol and amount >= 10)):
            return RedFlag(POISONING, " ".join(words[max(0, p - 1) : p + 4]))
    return None


# "10 comprimés au lieu d'un", "40 eenheden gespoten in plaats van 14".
_AMOUNT_WORDS = {
    "un": 1, "une": 1, "een": 1, "deux": 2, "twee": 2, "trois": 3, "drie": 3, "quatre": 4,
    "vier": 4, "cinq": 5, "vijf": 5, "six": 6, "zes": 6, "sept": 7, "zeven": 7, "huit": 8,
    "acht": 8, "neuf": 9, "negen": 9, "dix": 10, "tien": 10, "onze": 11, "elf": 11,
    "douze": 12, "twaalf": 12, "quinze": 15, "vijftien": 15, "vingt": 20, "twintig": 20,
    "trente": 30, "dertig": 30,
}
_AMOUNT = r"(\d+(?:[.,]\d+)?|(?:(?:une?|een) )?(?:demie?|half|halve|halfje)|" + "|".join(
    _AMOUNT_WORDS) + ")"
_PILL_UNIT = (r"(?:comprimes?|pilules?|pillules?|cachets?|gelules?|capsules?|doses?|dosis"
              r"|pil|pillen|pilletjes?|pillekes?|tabletten|tabletjes?|tablets?|mg|g|ml)")
_INSULIN_UNIT = r"(?:unites?|ui|u|eenheden|e|ie)"
_INSTEAD = r"(?:au lieu (?:de |d |du )?|in plaats van |ipv |i p v )"
_TAKEN = (r"(?:pris|avale|avalee|injecte|pique|genomen|ingenomen|geslikt|ingeslikt"
          r"|gespoten|ingespoten|geprikt)")
_OVERDOSES = (
    # N units ... instead of M
    re.compile(rf"\b{_AMOUNT} (?:\w+ )?(?P<unit>{_PILL_UNIT}|{_INSULIN_UNIT})"
               rf" (?:\w+ ){{0,3}}?{_INSTEAD}{_AMOUNT}\b"),
    # took N instead of M
    re.compile(rf"\b{_TAKEN} (?:en )?{_AMOUNT} {_INSTEAD}{_AMOUNT}\b"),
    re.compile(rf"\b{_AMOUNT} {_TAKEN} {_INSTEAD}{_AMOUNT}\b"),
)
# instead of M units ... N
_OVERDOSE_REVERSED = re.compile(
    rf"\b{_INSTEAD}{_AMOUNT} (?:\w+ )?(?P<unit>{_PILL_UNIT}|{_INSULIN_UNIT})"
    rf" (?:\w+ ){{0,5}}?{_AMOUNT}\b"
)
_TIMES_THE_DOSE = re.compile(
    rf"\b{_AMOUNT} (?:fois|keer|maal) (?:(?:la|ma|sa|de|mijn|m n|zijn) )?(?:dose|dosis)\b"
)


def _amount(word: str) -> float:
    if word[0].isdigit():
        return float(word.replace(",", "."))
    if word.split()[-1] in ("demi", "demie", "half", "halve", "halfje"):
        return 0.5
    return float(_AMOUNT_WORDS[word])


def _overdose_flag(message: _Message) -> RedFlag | None:
    """Amounts that are several times the dose. Twice the dose is only flagged for the
    drugs that must never be doubled (insulin, anticoagulants, opioids, sulfonylureas),
    half again as much for insulin units."""
    dangerous = message.has(_DANGEROUS_DRUGS.split("|"))
    flat = message.flat

    def too_much(taken: float, prescribed: float, insulin_units: bool) -> bool:
        if prescribed <= 0:
            return False
        ratio = taken / prescribed
        if insulin_units:
            return ratio >= 1.5
        return ratio >= 3 or (dangerous and ratio >= 2)

    def insulin(match: re.Match[str]) -> bool:
        return bool(re.fullmatch(_INSULIN_UNIT, match.groupdict().get("unit") or ""))

    for regex in _OVERDOSES:
        for match in regex.finditer(flat):
            taken, prescribed = match.group(1), match.groups()[-1]
            if too_much(_amount(taken), _amount(prescribed), insulin(match)):
                return RedFlag(POISONING, match.group(0))
    for match in _OVERDOSE_REVERSED.finditer(flat):
        prescribed, taken = match.group(1), match.groups()[-1]
        if too_much(_amount(taken), _amount(prescribed), insulin(match)):
            return RedFlag(POISONING, match.group(0))
    for match in _TIMES_THE_DOSE.finditer(flat):
        if too_much(_amount(match.group(1)), 1, False):
            return RedFlag(POISONING, match.group(0))
    return None
