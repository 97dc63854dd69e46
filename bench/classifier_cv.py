"""Cross-validation of the safety net's second opinion (bot/nlu/emergency_classifier.py) by
left-out source, on the messages the red-flag rules leave to it.

    .venv/services/bin/python -m bench.classifier_cv     # about a minute

Candidates, each trained from the same examples the gateway learns from:

- "NB without round 5": the naive Bayes without safety_data/written_round5_*.yml
  (round 4's data; the features as now);
- "NB": the naive Bayes with them, alarming above 1.0;
- "LR": a class-weighted logistic regression in its place (emergency against the rest);
- "NB + suicide LR": the naive Bayes, or the regression for suicidal intent alone above
  the suicide threshold (what the gateway does).

Sources kept apart:

1. False alarms: 5-fold cross-validation over the NLU and safety_data examples (the
   writers' files always in training), counting alarms on the non-emergency NLU
   examples of each language that the rules neither flag nor take back; the regression
   thresholds are read here, at the point where they add 0.1 point or less.
2. Each writer's file left out (trained on everything else, the other writer's file
   included): recall, suicidal messages caught and near-miss alarms at the door (the
   rules, then the candidate), over the whole file.
3. Each held-out red-flag set v1-v7 per language (no candidate trains on any): the
   urgent and near-miss rows the rules leave (not flagged, not taken back), and how
   many of them the candidate alarms on; the door's own figures are bench/safety.py's.

No row a candidate is trained on is ever counted as held out. Output also goes to
bench/out/classifier_cv.json.
"""

from __future__ import annotations

import csv
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bot.nlu import red_flags
from bot.nlu.emergency_classifier import (
    Example,
    Regression,
    _naive_bayes,
    examples_of_file,
    features,
    suicide_threshold,
    threshold,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
SUICIDE_THRESHOLDS = (-0.3, 0.0, 0.3, 0.6, 0.9, 1.2)
SETS = ("redflag_heldout", *(f"redflag_heldout_v{n}" for n in range(2, 13)))


class Scorer(Protocol):
    def alarms(self, text: str) -> bool: ...


Featured = list[tuple[Example, Counter[str]]]


class NaiveBayes:
    def __init__(self, rows: Featured) -> None:
        self.model = _naive_bayes([(found, e.emergency) for e, found in rows])

    def alarms(self, text: str) -> bool:
        return self.model.score(text) > threshold()


class GeneralRegression:
    def __init__(self, rows: Featured) -> None:
        self.model = Regression([f for e, f in rows if e.emergency],
                                [f for e, f in rows if not e.emergency])

    def alarms(self, text: str) -> bool:
        return self.model.score(text) > 0.0


class WithSuicide(NaiveBayes):
    def __init__(self, rows: Featured) -> None:
        super().__init__(rows)
        self.suicide = Regression([f for e, f in rows if e.suicidal],
                                  [f for e, f in rows if not e.emergency])

    def alarms(self, text: str) -> bool:
        return super().alarms(text) or self.suicide.score(text) > suicide_threshold()


def _round5(path: Path) -> bool:
    return path.name.startswith("written_round5")


def _round6(path: Path) -> bool:
    """Round 6's files, which the gateway's models do not learn from (see
    emergency_classifier.NOT_TAUGHT): a source of their own here, taught only to the
    "+ round 6" candidate and measured at the door for the others."""
    return path.name.startswith("written_round6")


CANDIDATES: dict[str, tuple[Callable[[Featured], Scorer], bool, bool]] = {
    # (model, taught the round-5 writers' files, taught round 6's)
    "NB without round 5": (NaiveBayes, False, False),
    "NB": (NaiveBayes, True, False),
    "LR": (GeneralRegression, True, False),
    "NB + suicide LR": (WithSuicide, True, False),
    "NB + suicide LR + round 6": (WithSuicide, True, True),
}


def rule_state(text: str, cache: dict[str, str]) -> str:
    """"rule" (a rule flags it), "veto" (taken back or laughed) or "open"."""
    if text not in cache:
        cache[text] = ("rule" if red_flags.check(text) else
                       "veto" if red_flags.taken_back(text) or red_flags.said_in_jest(text)
                       else "open")
    return cache[text]


def heldout_rows(name: str, lang: str) -> list[Example]:
    with (DATA / f"{name}_{lang}.tsv").open(encoding="utf-8", newline="") as f:
        return [Example(r["text"], r["label"] == "urgent", r["kind"] in ("suicidal", "suicide"))
                for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


LANGUAGE: dict[str, str] = {}  # example text -> its NLU folder's language ("" elsewhere)


def main() -> None:
    started = time.perf_counter()
    folders = (ROOT / "nlu_data", ROOT / "safety_data")
    sources: dict[str, Featured] = {"pool": [], "writer fr": [], "writer nl": [],
                                    "round 6 fr": [], "round 6 nl": []}
    for path in sorted(p for folder in folders for p in folder.rglob("*.yml")):
        key = (f"writer {path.stem[-2:]}" if _round5(path)
               else f"round 6 {path.stem[-2:]}" if _round6(path) else "pool")
        lang = path.parent.name if path.parent.name in ("fr", "nl") else ""
        for example in examples_of_file(path):
            sources[key].append((example, features(example.text)))
            LANGUAGE[example.text] = lang
    cache: dict[str, str] = {}
    result: dict[str, Any] = {}
    shuffled = list(range(len(sources["pool"])))
    random.Random(7).shuffle(shuffled)
    folds = [[sources["pool"][i] for i in shuffled[j::5]] for j in range(5)]
    heldout = {f"v{n + 1} {lang}": heldout_rows(name, lang)
               for n, name in enumerate(SETS) for lang in ("fr", "nl")}
    for label, (make, taught, sixth) in CANDIDATES.items():
        writers = sources["writer fr"] + sources["writer nl"] if taught else []
        if sixth:
            writers = writers + sources["round 6 fr"] + sources["round 6 nl"]
        figures: dict[str, Any] = {}
        everyday = Counter[str]()
        for j in range(5):
            scorer = make([r for i, f in enumerate(folds) if i != j for r in f] + writers)
            for example, _ in folds[j]:
                lang = LANGUAGE[example.text]
                if lang and not example.emergency and rule_state(example.text, cache) == "open":
                    everyday[lang + " messages"] += 1
                    everyday[lang + " alarms"] += scorer.alarms(example.text)
                    if isinstance(scorer, WithSuicide):  # the suicide threshold's effect
                        for at in SUICIDE_THRESHOLDS:
                            everyday[f"{lang} {at}"] += (
                                scorer.model.score(example.text) > threshold()
                                or scorer.suicide.score(example.text) > at)
        figures["everyday NLU (5-fold)"] = {
            lang: f"{everyday[lang + ' alarms']}/{everyday[lang + ' messages']}"
            for lang in ("fr", "nl")}
        if label == "NB + suicide LR":
            figures["everyday NLU (5-fold) by suicide threshold"] = {
                at: {lang: everyday[f"{lang} {at}"] for lang in ("fr", "nl")}
                for at in SUICIDE_THRESHOLDS}
        for lang in ("fr", "nl") if taught else ():
            other = sources["writer nl" if lang == "fr" else "writer fr"]
            scorer = make(sources["pool"] + other)
            figures[f"writer {lang} left out"] = door(
                [e for e, _ in sources[f"writer {lang}"]], scorer, cache)
        scorer = make(sources["pool"] + writers)
        for name, rows in heldout.items():
            figures[name] = left_to_it(rows, scorer, cache)
        for lang in ("fr", "nl") if not sixth else ():
            figures[f"round 6 {lang} (not taught)"] = door(
                [e for e, _ in sources[f"round 6 {lang}"]], scorer, cache)
        result[label] = figures
        print(f"== {label}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
    print(f"({time.perf_counter() - started:.0f} s)")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "classifier_cv.json").write_text(json.dumps(result, indent=1), encoding="utf-8")


def counts(rows: list[Example], alarms: Callable[[Example], bool]) -> str:
    """Urgent rows caught, suicidal ones caught, near-misses alarmed on."""
    urgent = [e for e in rows if e.emergency]
    suicidal = [e for e in urgent if e.suicidal]
    near = [e for e in rows if not e.emergency]
    return (f"urgent caught {sum(map(alarms, urgent))}/{len(urgent)} (suicidal "
            f"{sum(map(alarms, suicidal))}/{len(suicidal)}), near-miss alarms "
            f"{sum(map(alarms, near))}/{len(near)}")


def door(rows: list[Example], scorer: Scorer, cache: dict[str, str]) -> str:
    """At the door over the whole file: the rules, then the candidate."""
    def alarms(e: Example) -> bool:
        state = rule_state(e.text, cache)
        return state == "rule" or (state == "open" and scorer.alarms(e.text))

    return "at the door: " + counts(rows, alarms)


def left_to_it(rows: list[Example], scorer: Scorer, cache: dict[str, str]) -> str:
    """The candidate alone, on the rows the rules leave to it."""
    return "rule-silent: " + counts(
        [e for e in rows if rule_state(e.text, cache) == "open"], lambda e: scorer.alarms(e.text))


if __name__ == "__main__":
    main()
