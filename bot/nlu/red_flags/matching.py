"""The pattern language and its matcher: typo-tolerant word matching, the index from
a word to the pattern terms it matches (built once per distinct word), and the search
for a pattern's first occurrence that the take-back rules keep."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.nlu.red_flags.patterns_accidents import _ACCIDENT_PATTERNS
from bot.nlu.red_flags.patterns_illness import _ILLNESS_PATTERNS
from bot.nlu.red_flags.vocabulary import (
    _AT_ONCE_TERMS,
    _DANGEROUS_TERMS,
    _PARACETAMOL_TERMS,
    _PILL_TERMS,
    _TAKE_TERMS,
)

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# "a|b ~ c*" : a word a or b, then within MAX_GAP words a word starting with c.
# "a + b"    : b right after a, or with one word between them ("trop de comprimés").
# "a & b"    : b anywhere after a in the message, for two halves that only together
#              are a red flag and that people write far apart in a long message
#              ("... allergique aux noix, il a mangé un biscuit et il a la voix rauque").
# "=word"    : that word exactly, no typo tolerance (crevé is not crever).
# "... ! x|y": no match if x or y appears anywhere in the message.
# "?..."     : the pattern names a condition or a service ("hypo", "AVC", "112",
#              "antipoison") rather than describing a symptom, so a general question
#              about it ("c'est quoi une hypo ?") or a history long ago ("il y a 3 ans
#              j'ai eu un AVC") may take it back (see `_general_question`, `_long_ago`).
_PATTERNS: dict[str, tuple[str, ...]] = {**_ILLNESS_PATTERNS, **_ACCIDENT_PATTERNS}

MAX_GAP = 4  # words allowed between two steps joined by "~"
NEAR_GAP = 1  # words allowed between two steps joined by "+"
FAR_GAP = 60  # words allowed between two steps joined by "&": the same message
_GAPS = {"~": MAX_GAP, "+": NEAR_GAP, "&": FAR_GAP}


# --- words and terms -------------------------------------------------------------------

_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def _collapse_doubles(word: str) -> str:
    return _DOUBLES.sub(r"\1", word)


def _one_edit_apart(a: str, b: str, *, substitutions: bool) -> bool:
    """True if a and b differ by one insertion/deletion, one adjacent swap, or (when
    allowed) one substituted letter."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i, j = diffs
            return a[i] == b[j] and a[j] == b[i]
        return substitutions and len(diffs) == 1
    if la > lb:
        a, b = b, a
    # b is one letter longer than a
    for i in range(len(b)):
        if b[:i] + b[i + 1 :] == a:
            return True
    return False


def _word_matches(token: str, term: str) -> bool:
    if term.startswith("="):
        return token == term[1:]
    if term.endswith("*"):
        stem = term[:-1]
        if token.startswith(stem):
            return True
        if len(stem) < 5:
            return False
        # The word's start may hold the stem with one letter dropped, added or swapped.
        n = len(stem)
        return any(
            _one_edit_apart(token[:length], stem, substitutions=length == n and n >= 7)
            for length in (n - 1, n, n + 1)
            if length <= len(token)
        )
    if token == term:
        return True
    if len(term) < 5:
        return False
    if _collapse_doubles(token) == _collapse_doubles(term):
        return True
    return _one_edit_apart(token, term, substitutions=len(term) >= 7)


def _near_keys(word: str) -> set[str]:
    """The word and every way of dropping one letter from it: two words one edit apart
    (insertion, deletion, substitution, adjacent swap) always share one of these."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


@dataclass
class _TermIndex:
    """Every pattern term, indexed so that the terms a word matches are found with a
    few look-ups instead of one fuzzy comparison per term. Candidates found through the
    fuzzy keys are confirmed with _word_matches, so the result is exactly the set of
    terms t with _word_matches(word, t)."""

    exact: dict[str, set[str]] = field(default_factory=dict)  # word -> "=w" and plain terms
    prefix: dict[str, set[str]] = field(default_factory=dict)  # stem -> "stem*" terms
    near: dict[str, set[str]] = field(default_factory=dict)  # near key -> fuzzy plain terms
    doubled: dict[str, set[str]] = field(default_factory=dict)  # collapsed -> fuzzy plain
    stem_near: dict[str, set[str]] = field(default_factory=dict)  # near key -> fuzzy stems
    longest_stem: int = 0
    longest_fuzzy_stem: int = 0

    def add(self, term: str) -> None:
        if term.startswith("="):
            self.exact.setdefault(term[1:], set()).add(term)
        elif term.endswith("*"):
            stem = term[:-1]
            self.prefix.setdefault(stem, set()).add(term)
            self.longest_stem = max(self.longest_stem, len(stem))
            if len(stem) >= 5:
                self.longest_fuzzy_stem = max(self.longest_fuzzy_stem, len(stem))
                for key in _near_keys(stem):
                    self.stem_near.setdefault(key, set()).add(term)
        else:
            self.exact.setdefault(term, set()).add(term)
            if len(term) >= 5:
                self.doubled.setdefault(_collapse_doubles(term), set()).add(term)
                for key in _near_keys(term):
                    self.near.setdefault(key, set()).add(term)

    def terms_of(self, word: str) -> frozenset[str]:
        found = set(self.exact.get(word, ()))
        for length in range(1, min(len(word), self.longest_stem) + 1):
            found |= self.prefix.get(word[:length], set())
        candidates = set(self.doubled.get(_collapse_doubles(word), ()))
        for key in _near_keys(word):
            candidates |= self.near.get(key, set())
        for length in range(4, min(len(word), self.longest_fuzzy_stem + 1) + 1):
            for key in _near_keys(word[:length]):
                candidates |= self.stem_near.get(key, set())
        found.update(term for term in candidates - found if _word_matches(word, term))
        return frozenset(found)


@dataclass(frozen=True)
class _Step:
    terms: frozenset[str]
    gap: int  # words allowed between the previous step and this one


@dataclass(frozen=True)
class _Pattern:
    kind: str
    steps: tuple[_Step, ...]
    unless: tuple[str, ...]  # words that, anywhere in the message, cancel the match
    naming: bool = False  # names a condition or service ("?" in the pattern)

    @property
    def far(self) -> bool:
        """Two halves anywhere in the message ("&"): each half may be denied alone."""
        return any(step.gap == FAR_GAP for step in self.steps)


def _parse(kind: str, pattern: str) -> _Pattern:
    body, _, unless = pattern.partition("!")
    body = body.strip()
    naming = body.startswith("?")
    parts = re.split(r"\s*([~+&])\s*", body.lstrip("?"))
    steps = [_Step(frozenset(parts[0].split("|")), 0)]
    for operator, step in zip(parts[1::2], parts[2::2], strict=True):
        steps.append(_Step(frozenset(step.split("|")), _GAPS[operator]))
    exclusions = tuple(unless.strip().split("|")) if unless.strip() else ()
    return _Pattern(kind, tuple(steps), exclusions, naming)


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Pattern, ...]:
    return tuple(
        _parse(kind, pattern) for kind, patterns in _PATTERNS.items() for pattern in patterns
    )


@lru_cache(maxsize=1)
def _index() -> _TermIndex:
    index = _TermIndex()
    for pattern in _compiled():
        for step in pattern.steps:
            for term in step.terms:
                index.add(term)
        for term in pattern.unless:
            index.add(term)
    for term in (_PILL_TERMS | _TAKE_TERMS | _DANGEROUS_TERMS | _AT_ONCE_TERMS
                 | _PARACETAMOL_TERMS):
        index.add(term)
    return index


@lru_cache(maxsize=65536)
def _terms_of(word: str) -> frozenset[str]:
    return _index().terms_of(word)


# --- matching --------------------------------------------------------------------------


def _find(message: _Message, pattern: _Pattern,
          accept: Callable[[list[int]], bool]) -> list[int] | None:
    """The first occurrence of the pattern (word positions) that accept() keeps."""
    steps = pattern.steps
    terms_at = message.terms_at
    count = len(terms_at)

    def rest(k: int, previous: int) -> Iterator[list[int]]:
        if k == len(steps):
            yield []
            return
        step = steps[k]
        for position in range(previous + 1, min(previous + 2 + step.gap, count)):
            if not step.terms.isdisjoint(terms_at[position]):
                for tail in rest(k + 1, position):
                    yield [position, *tail]

    starts = sorted({p for term in steps[0].terms for p in message.positions.get(term, ())})
    for start in starts:
        for tail in rest(1, start):
            positions = [start, *tail]
            if accept(positions):
                return positions
    return None
