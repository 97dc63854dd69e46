"""A small statistical second opinion for the safety net at the door, independent of Rasa.

The red-flag rules (bot/red_flags/) are exact but only know the words they were
written with: on a blind held-out set they caught about six emergencies in ten ("ik zit
in de auto met de motor aan in de gesloten garage" names no symptom); with the
vocabulary that set's kinds of misses then guided, about nine in ten of it, but a new
blind set will find words again. Rasa's classifier
generalises better, but it lives in the process the safety net must not depend on.
So the gateway also asks this: a naive Bayes model over words, word pairs and
character 3-5-grams of the accent-free text, trained when first used from the same NLU
examples Rasa learns from (`emergency` against every other intent), in well under a
second (about 0.6 s for 3,000 examples), with no dependency beyond the YAML reader;
plus safety_data/, examples taught to it only: extra_examples.yml (emergencies in
everyday words that made Rasa's DIET over-eager on "j'ai nagé 30 min") and
near_misses.yml (mild complaints, someone fine again, history, treatment as planned,
effort, figures of speech, fluids drunk: the kinds of message it alarmed on, and more
emergencies told without symptom words; in round 2, the kinds it alarmed on in v4:
breathing better, a dry cough from the heating, a detector to hang, a harmless thing
swallowed, a spill nobody touched, an angry "I'll strangle him", which took its v4
false alarms from 6 to 4 French and left 5 Dutch of 72). A message it scores above
SAFETY_CLASSIFIER_THRESHOLD (log-odds per square-root feature, 1.0 by default) gets the
emergency answer and an urgent flag like a rule match, unless the rules say the text
takes its red flag back ("plus de douleur") or the message laughs (bot/safety_net.py).

Why naive Bayes and 1.0. Judged by 5-fold cross-validation on the training examples
plus held-out sets v1 and v2 (not v3), on the messages the rules leave to it: at 2-4 %
false alarms on rule-silent everyday messages it finds 58-69 % of the emergencies the
rules miss (area under the curve 0.93); a class-weighted logistic regression over the
same features did a little better (0.95, 63-74 %) but needs about 3 s of plain-Python
training at start-up (numpy is not a dependency of the services), and dropping or
changing the character n-grams changed nothing beyond noise. The threshold 1.0 sits
between the cross-validated 2.5 % and 3 % false-alarm points, so it stays.

It errs towards alarming (when in doubt, alarm): a few per cent of everyday messages
score high, mostly symptom reports, which then also get the 112 line.
"""

from __future__ import annotations

import itertools
import math
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.language import words

ROOT = Path(__file__).resolve().parents[1]
# Rasa's training examples, and the extra ones taught only to this model.
TRAINING_FOLDERS = (ROOT / "nlu_data", ROOT / "safety_data")
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def threshold() -> float:
    return float(os.environ.get("SAFETY_CLASSIFIER_THRESHOLD", "1.0"))


def features(text: str) -> Counter[str]:
    """Words, word pairs, and 3-5-letter pieces of words (typos and Flemish spellings
    share most of their pieces with the spelling the examples use)."""
    tokens = words(text)
    found: Counter[str] = Counter()
    for token in tokens:
        found["w:" + token] += 1
        padded = f"<{token}>"
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                found["c:" + padded[i:i + n]] += 1
    for first, second in itertools.pairwise(tokens):
        found[f"b:{first}_{second}"] += 1
    return found


@dataclass(frozen=True)
class Model:
    emergency: Counter[str]
    other: Counter[str]
    emergency_total: int
    other_total: int
    vocabulary: int

    def score(self, text: str) -> float:
        """Log-odds of "emergency", summed over the known features and divided by the
        square root of their number (long messages are not alarms by length)."""
        found = features(text)
        total = 0.0
        for feature in found:
            if feature not in self.emergency and feature not in self.other:
                continue
            p_emergency = (self.emergency[feature] + 1) / (self.emergency_total + self.vocabulary)
            p_other = (self.other[feature] + 1) / (self.other_total + self.vocabulary)
            total += math.log(p_emergency / p_other)
        return total / math.sqrt(max(1, len(found)))


def examples(folders: tuple[Path, ...] = TRAINING_FOLDERS) -> list[tuple[str, bool]]:
    """(text, is emergency) for every example in the folders, annotations removed."""
    found = []
    for path in sorted(p for folder in folders for p in folder.rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []):
            if "intent" not in item:
                continue
            for line in str(item.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    found.append((_ANNOTATION.sub(r"\1", line[2:]), item["intent"] == "emergency"))
    return found


def train(labelled: list[tuple[str, bool]]) -> Model:
    emergency: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for text, is_emergency in labelled:
        (emergency if is_emergency else other).update(set(features(text)))
    return Model(emergency, other, sum(emergency.values()), sum(other.values()),
                 len(set(emergency) | set(other)))


@lru_cache(maxsize=1)
def model() -> Model:
    """Trained once per process from nlu_data/ and safety_data/ (the gateway warms it
    up at start; about 0.6 s)."""
    return train(examples())


def likely_emergency(text: str) -> bool:
    return bool(text.strip()) and model().score(text) > threshold()
