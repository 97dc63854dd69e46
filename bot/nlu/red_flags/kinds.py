"""The kinds of red flag, in the order they are reported, and what a check returns.

A module of its own because every rule module names kinds and returns a `RedFlag`;
nothing here depends on any rule."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds, in the order they are reported when a message matches several.
SUICIDAL = "suicidal"
CHEST_PAIN = "chest_pain"
BREATHLESSNESS = "breathlessness"
ALLERGY = "allergy"
STROKE = "stroke"
SEIZURE = "seizure"
POISONING = "poisoning"
HYPOGLYCAEMIA = "hypoglycaemia"
COLLAPSE = "collapse"
HEAD_INJURY = "head_injury"
BLEEDING = "bleeding"
EMERGENCY_CALL = "emergency_call"
KINDS = (
    SUICIDAL,
    CHEST_PAIN,
    BREATHLESSNESS,
    ALLERGY,
    STROKE,
    SEIZURE,
    POISONING,
    HYPOGLYCAEMIA,
    COLLAPSE,
    HEAD_INJURY,
    BLEEDING,
    EMERGENCY_CALL,
)


@dataclass(frozen=True)
class RedFlag:
    kind: str
    matched: str  # the words that triggered it, for the care team's view
