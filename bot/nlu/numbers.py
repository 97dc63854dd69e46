"""Amounts typed by patients, in digits or in French or Dutch words.

Patients answer "how many minutes did you walk?" or "what do you weigh?" with "30",
"84,3", "septante-huit", "achtenzeventig" or "une demi-heure"; the NLU pipeline only
extracts the span, and this module turns it into a float.

It is deliberately cautious, because a wrong number in a patient's record is worse
than asking again: it answers None rather than guess when the text holds two
different numbers ("2 ou 3 fois", "84 kg, hier 85"), a ratio or a date ("13/8",
"3/3"), a range ("3-4"), a clock time ("14h30", "14:30") or a malformed number
("3.3.2026"). Words that are not numbers are ignored ("environ 30" -> 30), and so is
the indefinite article when a real number is also present ("un verre de 25 cl" -> 25),
since French "un"/"une" and Dutch "een" are both "one" and "a".

Digits follow Belgian usage: the comma is the decimal separator and the point groups
thousands, but a point followed by anything other than exactly three digits is read
as a decimal point, as typed on phones with an English keyboard ("1.5", "84.3").
Signs are ignored: amounts patients report are never negative, and a stray "-" is
more likely punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from bot.nlu.language import normalise

_FRENCH_NUMBERS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,  # only in "quatre-vingts"
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
_DUTCH_NUMBERS = {
    "nul": 0,  # Dutch only: in French "nul" means "useless" far more often than "zero"
    "een": 1,
    "eentje": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}
_FRENCH_MULTIPLIERS = {"cent": 100, "cents": 100, "mille": 1000}
_DUTCH_MULTIPLIERS = {"honderd": 100, "duizend": 1000}
_FRENCH_HALVES = {"demi": 0.5, "demie": 0.5}
_DUTCH_HALVES = {
    "half": 0.5,
    "halve": 0.5,
    "halfuur": 0.5,  # "een halfuur" is written as one word
    "anderhalf": 1.5,
    "anderhalve": 1.5,
}
# "vingt et un", "vijf en twintig", "deux et demi", "twee en een half".
_FRENCH_AND = "et"
_DUTCH_AND = "en"

# "un"/"une"/"een" are also the indefinite article.
_ARTICLES = frozenset({"un", "une", "een"})
# "un peu", "een beetje", "een paar" are quantities but not the number one.
_NOT_ONE_AFTER_ARTICLE = frozenset({"peu", "beetje", "paar"})
# After "un"/"een", these words mean an alternative or a range ("un ou deux",
# "een of twee", "un à trois"), so the article reading is unsafe.
_ALTERNATIVES = frozenset({"ou", "of", "a", "tot", "voire", "et", "en"})

_NUM, _MUL, _HALF, _AND, _DIGITS, _OTHER = "num", "mul", "half", "and", "digits", "other"

# Digits joined by "/", ":", "-" (or the Unicode fraction slash that NFKD makes of
# "½"), or by "h"/"u" as in "14h30" and "14u30": a ratio, date, range or clock time.
_NOT_AN_AMOUNT = re.compile(r"[0-9]\s*[/:\u2044-]\s*[0-9]|[0-9]\s*[hu]\s*[0-9]")

# A digit number: optional groups of three digits separated by spaces ("6 000"; the
# no-break spaces Babel and phones use become plain spaces under NFKD), then any
# run of "."/","-separated digit groups, interpreted by _digits_value. A number may
# also start with its decimal separator (",5"). Digits glued to a preceding letter
# ("B12") are a name, not an amount.
_TOKEN = re.compile(
    r"(?P<digits>(?<![0-9a-z])"
    r"(?:(?:[0-9]{1,3}(?: [0-9]{3}(?![0-9]))+|[0-9]+)(?:[.,][0-9]+)*|[.,][0-9]+))"
    r"|(?P<word>[a-z]+)"
)


@dataclass(frozen=True)
class _Morph:
    kind: str
    value: float = 0
    word: str = ""


@lru_cache(maxsize=3)
def _lexicon(lang: str | None) -> dict[str, _Morph]:
    # Restricting to the conversation's language avoids reading Dutch "onze" (our)
    # as French eleven.
    french, dutch = lang in (None, "fr"), lang in (None, "nl")
    morphs: dict[str, _Morph] = {}
    for use, numbers, multipliers, halves, conjunction in (
        (french, _FRENCH_NUMBERS, _FRENCH_MULTIPLIERS, _FRENCH_HALVES, _FRENCH_AND),
        (dutch, _DUTCH_NUMBERS, _DUTCH_MULTIPLIERS, _DUTCH_HALVES, _DUTCH_AND),
    ):
        if not use:
            continue
        morphs.update({w: _Morph(_NUM, v, w) for w, v in numbers.items()})
        morphs.update({w: _Morph(_MUL, v, w) for w, v in multipliers.items()})
        morphs.update({w: _Morph(_HALF, v, w) for w, v in halves.items()})
        morphs[conjunction] = _Morph(_AND, 0, conjunction)
    return morphs


@lru_cache(maxsize=4096)
def _segment(word: str, lang: str | None) -> tuple[str, ...] | None:
    """Split a compound such as "achtenzeventig" or "tweeduizend" into lexicon words.

    Dutch writes numbers below a million as one word, and patients also run French
    ones together ("quatrevingt"). The split with the fewest parts wins, so that
    "achttien" stays 18 rather than "acht" + "tien". A split must start and end with
    a number, which rejects ordinary words like "vieren" (vier + en) or "honderden".
    """
    lexicon = _lexicon(lang)
    longest = max(map(len, lexicon))
    best: list[tuple[str, ...] | None] = [None] * len(word) + [()]
    for start in range(len(word) - 1, -1, -1):
        for end in range(start + 1, min(len(word), start + longest) + 1):
            piece, rest = word[start:end], best[end]
            if piece in lexicon and rest is not None:
                candidate = (piece, *rest)
                if best[start] is None or len(candidate) < len(best[start] or ()):
                    best[start] = candidate
    parts = best[0]
    if parts is None or len(parts) < 2:
        return None
    kinds = [lexicon[p].kind for p in parts]
    if _AND in (kinds[0], kinds[-1]) or any(a == b == _AND for a, b in pairwise(kinds)):
        return None
    return parts


def _valid_thousands(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and groups[0][0] != "0" and all(len(g) == 3 for g in groups[1:])


def _digits_value(raw: str) -> float | None:
    """Read "6 000", "6.000", "1.234,5", "1,2" or "1.5"; None when malformed ("3.3.2026")."""
    spaced = " " in raw
    compact = raw.replace(" ", "")
    separators = [c for c in compact if c in ".,"]
    if not separators:
        return float(compact)
    groups = re.split(r"[.,]", compact)
    if groups[0] == "":  # ",5"
        return float("0." + groups[1]) if len(groups) == 2 else None
    if len(set(separators)) == 2:
        # "1.234,5" (Belgian) or "1,234.5" (English): the last separator is the
        # decimal one and must occur once; the other one groups thousands.
        decimal = separators[-1]
        if spaced or separators.count(decimal) != 1 or not _valid_thousands(groups[:-1]):
            return None
        return float("".join(groups[:-1]) + "." + groups[-1])
    if len(separators) == 1:
        whole, fraction = groups
        if separators[0] == "." and not spaced and len(fraction) == 3 and _valid_thousands(groups):
            return float(whole + fraction)
        return float(whole + "." + fraction)
    # The same separator several times can only group thousands ("1.000.000").
    if spaced or not _valid_thousands(groups):
        return None
    return float("".join(groups))


def _morphs(text: str, lang: str | None) -> list[_Morph] | None:
    lexicon = _lexicon(lang)
    morphs: list[_Morph] = []
    for match in _TOKEN.finditer(text):
        if match["digits"]:
            value = _digits_value(match["digits"])
            if value is None:
                return None
            morphs.append(_Morph(_DIGITS, value, match["digits"]))
            continue
        word = match["word"]
        if word in ("cent", "cents") and morphs and morphs[-1].kind == _DIGITS:
            # "50 cent" is money, not a second number that would make the answer ambiguous.
            morphs.append(_Morph(_OTHER, 0, word))
        elif word in lexicon:
            morphs.append(lexicon[word])
        elif (parts := _segment(word, lang)) is not None:
            morphs.extend(lexicon[p] for p in parts)
        else:
            morphs.append(_Morph(_OTHER, 0, word))
    # "un peu", "een beetje": not the number one.
    return [
        _Morph(_OTHER, 0, m.word)
        if m.word in _ARTICLES
        and i + 1 < len(morphs)
        and morphs[i + 1].word in _NOT_ONE_AFTER_ARTICLE
        else m
        for i, m in enumerate(morphs)
    ]


_Rule = Callable[[int], "tuple[int, int] | None"]


class _Grammar:
    """Recursive descent over the morphemes; each rule returns (value, next index) or None.

    One grammar serves both languages because their number words never clash and
    they combine the same way (by adding and multiplying); only the order of the
    units and tens differs, and the rules below accept each order with its own
    conjunction ("vingt et un", "eenentwintig").
    """

    def __init__(self, morphs: list[_Morph]) -> None:
        self.m = morphs

    def kind(self, i: int) -> str | None:
        return self.m[i].kind if i < len(self.m) else None

    def num(self, i: int) -> int | None:
        return int(self.m[i].value) if self.kind(i) == _NUM else None

    def word(self, i: int) -> str:
        return self.m[i].word if i < len(self.m) else ""

    def is_and(self, i: int, word: str) -> bool:
        return self.kind(i) == _AND and self.m[i].word == word

    def is_mul(self, i: int, value: int) -> bool:
        return self.kind(i) == _MUL and self.m[i].value == value

    def teen(self, i: int) -> tuple[int, int] | None:
        # 10-19, including the French "dix-sept", "dix-huit", "dix-neuf".
        v = self.num(i)
        if v is None or not 10 <= v <= 19:
            return None
        unit = self.num(i + 1)
        if v == 10 and self.word(i) == "dix" and unit is not None and 7 <= unit <= 9:
            return 10 + unit, i + 2
        return v, i + 1

    def below100(self, i: int) -> tuple[int, int] | None:
        v = self.num(i)
        if v is None:
            return None
        if 10 <= v <= 19:
            return self.teen(i)
        if v == 4 and self.num(i + 1) == 20 and self.word(i + 1) in ("vingt", "vingts"):
            tens, j = 80, i + 2  # quatre-vingt(s)
        elif v >= 20:
            tens, j = v, i + 1
        else:
            # Dutch puts the unit first: "vijf en twintig", "vijfentwintig".
            t = self.num(i + 2)
            if v >= 1 and self.is_and(i + 1, _DUTCH_AND) and t is not None and t >= 20:
                return v + t, i + 3
            return v, i + 1
        k = j + 1 if self.is_and(j, _FRENCH_AND) else j  # "vingt et un"
        if tens in (60, 80) and (teen := self.teen(k)):  # "soixante-douze", "quatre-vingt-dix-sept"
            return tens + teen[0], teen[1]
        unit = self.num(k)
        if unit is not None and 1 <= unit <= 9:
            return tens + unit, k + 1
        return tens, j

    def scaled(self, i: int, multiplier: int, below: _Rule) -> tuple[int, int] | None:
        # [prefix] MULTIPLIER [conjunction] [rest]: "deux mille cinq cents", "zeshonderd",
        # "twaalfhonderd", "honderd en twee", "cent mille".
        part = below(i)
        if part is not None and self.is_mul(part[1], multiplier):
            value, j = part[0] * multiplier, part[1] + 1
        elif self.is_mul(i, multiplier):
            value, j = multiplier, i + 1
        else:
            return part
        k = j + 1 if self.kind(j) == _AND else j
        rest = below(k)
        if rest is not None:
            return value + rest[0], rest[1]
        return value, j

    def below1000(self, i: int) -> tuple[int, int] | None:
        return self.scaled(i, 100, self.below100)

    def integer(self, i: int) -> tuple[int, int] | None:
        return self.scaled(i, 1000, self.below1000)

    def is_half(self, i: int) -> bool:
        return self.kind(i) == _HALF and self.m[i].value == 0.5

    def value(self, i: int) -> tuple[float, int] | None:
        if self.word(i) in _ARTICLES and self.is_half(i + 1):  # "une demi-heure", "een half"
            return 0.5, i + 2
        if self.kind(i) == _HALF:  # "demi", "half", "anderhalf"
            return self.m[i].value, i + 1
        whole: tuple[float, int] | None
        if self.kind(i) == _DIGITS:
            whole = self.m[i].value, i + 1
        else:
            whole = self.integer(i)
        if whole is None:
            return None
        n, j = whole
        # "deux et demi", "twee en een half", "tweeënhalf", and with the unit in
        # between: "une heure et demie", "een uur en een half".
        k = j + 1 if self.kind(j) == _OTHER and self.kind(j + 1) == _AND else j
        if self.kind(k) == _AND:
            h = k + 2 if self.word(k + 1) == "een" else k + 1
            if self.is_half(h):
                return n + 0.5, h + 1
        return n, j


@dataclass(frozen=True)
class _Span:
    value: float
    article: bool


def _spans(morphs: list[_Morph]) -> list[_Span]:
    grammar = _Grammar(morphs)
    spans = []
    i = 0
    while i < len(morphs):
        found = grammar.value(i)
        if found is None:
            i += 1
            continue
        value, end = found
        after = morphs[end] if end < len(morphs) else None
        article = (
            end == i + 1
            and morphs[i].word in _ARTICLES
            and after is not None
            and after.kind == _OTHER
            and after.word not in _ALTERNATIVES
        )
        spans.append(_Span(value, article))
        i = end
    return spans


def parse_number(text: str, lang: str | None = None) -> float | None:
    """The one amount in ``text``, or None if there is none or it is ambiguous.

    ``lang`` ("fr" or "nl") restricts number words to that language; pass it when the
    conversation's language is known, since a few words are numbers in one language
    and ordinary words in the other (Dutch "onze", "our", is French eleven). With
    None both languages are accepted.
    """
    if lang not in (None, "fr", "nl"):
        raise ValueError(f"unsupported language {lang!r}; expected 'fr', 'nl' or None")
    flat = normalise(text)
    if _NOT_AN_AMOUNT.search(flat):
        return None
    morphs = _morphs(flat, lang)
    if morphs is None:
        return None
    spans = _spans(morphs)
    if len(spans) > 1:
        spans = [s for s in spans if not s.article] or spans
    values = {s.value for s in spans}
    # Several spans with one value ("trente (30)") are the same answer twice.
    return float(values.pop()) if len(values) == 1 else None
