"""One message as every rule reads it: its tokens with spoken spellings rewritten,
the pattern terms each word matches, its clauses, and facts about it computed once
(over now, in the past, a general question, long ago, a denial of breathing, laughter)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from bot.nlu.language import normalise
from bot.nlu.red_flags import framing, history
from bot.nlu.red_flags.matching import _terms_of
from bot.nlu.red_flags.past import _clauses_in_the_past, _said_to_be_over
from bot.nlu.red_flags.questions import (
    _QUESTION_START,
    _WHEN_QUESTION_START,
    _clauses_long_ago,
    _is_general_question,
)
from bot.nlu.red_flags.spoken import _CLAUSE_WORDS, _TOKEN, _is_word, _written_forms
from bot.nlu.red_flags.takebacks import _BREATHING_FINE, _DENIED_BREATHING, _IN_JEST


class _Message:
    """A message cut into tokens: ``stream`` keeps every token (one-letter words, "n'"
    of "je n'ai", punctuation) for the negation and past rules; ``words`` are the tokens
    the patterns see, ``at[i]`` the place of words[i] in the stream."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stream: list[str] = _written_forms(_TOKEN.findall(normalise(text)))
        self.at: list[int] = [
            i for i, t in enumerate(self.stream) if _is_word(t) and (len(t) > 1 or t.isdigit())
        ]
        self.words: list[str] = [self.stream[i] for i in self.at]
        self.terms_at: list[frozenset[str]] = [_terms_of(w) for w in self.words]
        self.positions: dict[str, list[int]] = {}
        for position, terms in enumerate(self.terms_at):
            for term in terms:
                self.positions.setdefault(term, []).append(position)
        # clause[i]: the number of the clause stream[i] is in.
        self.clause: list[int] = []
        number = 0
        for token in self.stream:
            if not _is_word(token) or token in _CLAUSE_WORDS:
                number += 1
            self.clause.append(number)
        self.flat = " ".join(self.stream)

    def has(self, terms: Iterable[str]) -> bool:
        # isdisjoint runs in C: the same answer as any(term in positions ...), at a
        # fraction of the cost (every pattern asks it of every message).
        return not self.positions.keys().isdisjoint(terms)

    @cached_property
    def settled(self) -> bool:
        return _said_to_be_over(self.flat)

    @cached_property
    def past_clauses(self) -> frozenset[int]:
        return _clauses_in_the_past(self)

    @cached_property
    def general_question(self) -> bool:
        return _is_general_question(self.flat, _QUESTION_START)

    @cached_property
    def general_question_when(self) -> bool:
        return _is_general_question(self.flat, _WHEN_QUESTION_START)

    @cached_property
    def long_ago_clauses(self) -> frozenset[int]:
        return _clauses_long_ago(self)

    @cached_property
    def breathing_denials(self) -> tuple[tuple[int, int], ...]:
        return self._spans(_DENIED_BREATHING)

    @cached_property
    def breathing_fine(self) -> tuple[tuple[int, int], ...]:
        return self._spans(_BREATHING_FINE)

    @cached_property
    def not_happening(self) -> bool:
        return framing.not_happening(self.flat)

    @cached_property
    def seen_or_read(self) -> bool:
        return framing.seen_or_read(self.flat)

    @cached_property
    def just_asking(self) -> bool:
        return framing.just_asking(self.flat)

    @cached_property
    def family_history(self) -> bool:
        return history.family_history(self.flat)

    @cached_property
    def present_tense(self) -> bool:
        return framing.present_tense(self.flat)

    @cached_property
    def in_jest(self) -> bool:
        return bool(_IN_JEST.search(self.text))

    def _spans(self, regex: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
        spans = []
        for match in regex.finditer(self.flat):
            start = self.flat[: match.start()].count(" ")
            spans.append((start, start + match.group(0).count(" ")))
        return tuple(spans)
