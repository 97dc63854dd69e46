"""Negation: a symptom that a "pas de", "geen", "sans" governs is absent, for the
kinds where that reading is safe."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import (
    ALLERGY,
    BLEEDING,
    CHEST_PAIN,
    COLLAPSE,
    EMERGENCY_CALL,
    HEAD_INJURY,
    HYPOGLYCAEMIA,
    SEIZURE,
)
from bot.nlu.red_flags.spoken import _is_word

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# --- negation --------------------------------------------------------------------------

# Kinds whose symptom is absent when a negation governs it. Not breathlessness, stroke,
# collapse or suicidal thoughts: their own patterns use negation ("je respire plus",
# "ik voel mijn arm niet", "reageert niet", "niet meer leven"). Not poisoning: someone
# who writes "je n'ai pas pris trop d'insuline, j'espère" does not know.
_NEGATABLE = frozenset(
    {CHEST_PAIN, ALLERGY, SEIZURE, HYPOGLYCAEMIA, HEAD_INJURY, BLEEDING, EMERGENCY_CALL,
     COLLAPSE}
)
# Words between a negation and what it governs: "pas DE douleur", "geen pijn MEER",
# "je n'ai plus DU TOUT mal", "niet OP ZIJN hoofd gevallen".
_FILLERS = frozenset(
    """
    de d du des la le les l ma mon mes sa son ses un une tout eu ressenti senti sur a au aux
    meer enkele het een mijn mn m n me ze zijn z haar last van gehad gevoeld op in aan t
    fait gedaan seul seule enkel
    """.split()
)
_ALWAYS_NEGATING = frozenset({"aucun", "aucune", "aucuns", "aucunes", "sans", "ni",
                              "geen", "gene", "zonder", "noch", "niet", "nie", "niks",
                              "niets", "nergens"})
# After these, "plus de douleur" opens its clause and means "no more pain".
_CLAUSE_OPENERS = frozenset(
    "et mais ok oke bon donc alors oui depuis maintenant mtn heureusement enfin bref ouf".split()
)
_PATTERN_NEGATIONS = _ALWAYS_NEGATING | {"pas", "plus", "rien"}
# Negation is the symptom with these: "saigne sans arrêt", "bloedt zonder ophouden".
_UNSTOPPABLE = re.compile(r"(?:arret|stop|ophoud|cess|stelp|gestopt)")


def _negated(message: _Message, positions: list[int]) -> bool:
    """True when a negation governs one of the matched words.

    "pas de douleur thoracique", "aucune douleur dans la poitrine", "je n'ai plus mal à
    la poitrine", "geen pijn meer in mijn borst", "ik hoest geen bloed op": the negation
    stands right before a matched word, with at most three small words between
    ("de", "du tout", "meer", "op zijn", "fait d'"). When the match runs over two
    clauses, only a negation of a word in its last clause counts: "je tousse un peu,
    sans sang" is taken back, "pas de douleur au bras mais à la poitrine" still alarms.
    A negation that the pattern itself holds is the symptom ("kan niet meer nadenken",
    "reageert op niks"), not a denial. French "pas" and "plus" are ambiguous when
    written without "ne": "j'ai pas mal de douleurs" is "quite a lot of pain" and "j'ai
    plus de douleur" may be "more pain", so "pas" before "mal" and "plus" inside a
    clause only negate with a "ne"; "plus de douleur" opening a clause ("ok, plus de
    douleur") means no more pain.
    """
    stream, clause = message.stream, message.clause
    if any(stream[message.at[p]] in _PATTERN_NEGATIONS for p in positions):
        return False  # the pattern itself holds the negation: "kan niet meer nadenken"
    last = clause[message.at[positions[-1]]]
    for position in positions:
        place = message.at[position]
        if clause[place] != last:
            continue
        if _UNSTOPPABLE.match(stream[place]):
            continue
        skipped: list[str] = []
        j = place - 1
        while j >= 0 and stream[j] in _FILLERS and len(skipped) < 3:
            skipped.append(stream[j])
            j -= 1
        if j < 0 or clause[j] != clause[place]:
            continue
        if _negates(stream, clause, j, stream[place], skipped) and not _stops_not(stream, j):
            return True
    return False


def _stops_not(stream: list[str], j: int) -> bool:
    """(round 10) The negation at ``j`` governs a verb of stopping, not the symptom:
    "ça (n')arrête pas de saigner", "il ne cesse pas de convulser", "ça stoppe pas de
    pisser le sang" affirm what follows. A general construction, so it is read here
    rather than listed per pattern."""
    before = [stream[k] for k in range(max(0, j - 2), j) if stream[k] not in ("ne", "n")]
    return bool(before) and bool(_UNSTOPPABLE.match(before[-1]))


def _negates(stream: list[str], clause: list[int], j: int, governed: str,
             skipped: list[str]) -> bool:
    word = stream[j]
    if word in _ALWAYS_NEGATING:
        return True
    with_ne = any(stream[k] in ("ne", "n") and clause[k] == clause[j]
                  for k in range(max(0, j - 6), j))
    if word == "pa" and not with_ne:
        return False  # "ons pa ligt op de grond": Flemish for dad, not a French "pas"
    if word in ("pas", "pa"):
        # "j'ai pas mal à la poitrine" may be "pas mal" (quite a lot): only with a "ne".
        return with_ne or bool(skipped) or governed != "mal"
    if word in ("plus", "plu"):
        # skipped runs backwards from the governed word: "plus du tout mal".
        if with_ne or skipped[-2:] == ["tout", "du"]:
            return True
        # (round 10) "plus" before a past participle: "j'ai plus eu de douleur", "plus
        # fait de crise" (the "more" reading is "fait plus de")
        if skipped[-1:] in (["eu"], ["fait"]) and skipped[:1] in (["de"], ["d"]):
            return True
        before = stream[j - 1] if j > 0 else "."
        return not _is_word(before) or before in _CLAUSE_OPENERS
    if word == "rien":
        return bool(skipped) and skipped[-1] in ("de", "d")
    return word == "non" and not skipped
