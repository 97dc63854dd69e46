"""Cutting a message into tokens and clauses, and rewriting Flemish spoken spellings
("'k krijg men asem nie meer") to the written form before any rule reads it."""

from __future__ import annotations

import re

# --- one message -----------------------------------------------------------------------

# Words, decimal numbers ("0,45") and the punctuation that ends a clause.
_TOKEN = re.compile(r"\d+[.,]\d+|[a-z0-9]+|[.!?;:,()\n]")

# Where a clause ends: punctuation, and the words that start a new one.
_CLAUSE_WORDS = frozenset(
    """
    mais maar pourtant toch sauf behalve cependant terwijl maintenant mtn nu et en puis
    ensuite daarna dan alors
    """.split()
)


def _is_word(token: str) -> bool:
    return token[0].isalnum()


# Flemish spoken spellings, rewritten to the written form before any rule reads the
# message, so every pattern, negation and past rule sees "ik krijg mijn adem niet meer"
# in "'k krijg men asem nie meer". Each entry is a word of its own that people type as
# they speak; none is a French word, since the table runs on both languages' messages
# (so not "ne" for "een"). "ge" and "gij" become "jij", not "je", French for "I".
_SPOKEN_NL: dict[str, tuple[str, ...]] = {
    "nie": ("niet",),  # "ik voel het nie"
    "men": ("mijn",),  # "men hoofd", "men asem" (the impersonal "men" alarms nothing)
    "k": ("ik",),  # "'k heb", "k krijg"
    "ge": ("jij",),
    "gij": ("jij",),
    "asem": ("adem",),
    "da": ("dat",),
    "wa": ("wat",),
    "nen": ("een",),
    "ferm": ("erg",),  # "'t doet ferm zeer"
    "zen": ("zijn",),
    "mn": ("mijn",),
    "pyn": ("pijn",),  # "ij" typed as "y"
    "myn": ("mijn",),
    "zyn": ("zijn",),
    "tss": ("tussen",),
    "zn": ("zijn",),
    "goe": ("goed",),  # (round 7) "alles goe", "nu gaat het goe"
}
# "kzie", "kheb", "kvoel": "ik" glued to the verb that follows it.
_GLUED_IK = frozenset(
    "ben heb had zie zien zag voel krijg kreeg ga gaan zit lig weet denk wil wou kan moet zal"
    " vind was sta hoor kom neem pak".split()
)
# "kop" is a head after a possessive ("op men kop", "z'n kop"), a cup elsewhere.
_HEAD_OWNERS = frozenset("mijn zijn haar n jouw uw je".split())
_CUP_OR_HEAD = frozenset({"kop"})


def _written_forms(stream: list[str]) -> list[str]:
    """The stream with Flemish spoken spellings replaced (see `_SPOKEN_NL`)."""
    out: list[str] = []
    for token in stream:
        if token in _SPOKEN_NL:
            out.extend(_SPOKEN_NL[token])
        elif len(token) > 2 and token[0] == "k" and token[1:] in _GLUED_IK:
            out.extend(("ik", token[1:]))
        elif token in _CUP_OR_HEAD and out and out[-1] in _HEAD_OWNERS:
            out.append("hoofd")
        else:
            out.append(token)
    return out
