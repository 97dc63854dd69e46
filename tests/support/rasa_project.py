"""Readers for the Rasa project files (NLU examples, the merged domain), shared by the
data tests and the benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.support.paths import ROOT

CONTRACT_INTENTS = (
    "greet goodbye thank affirm deny help ask_goals report_progress medication_taken "
    "medication_missed ask_medication ask_appointment request_nurse report_symptom "
    "emergency feeling_low stop_messages change_language"
).split()

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain_text(example: str) -> str:
    """'j'ai [marché]{"entity": ...} [30](quantity)' -> "j'ai marché 30"."""
    return _ANNOTATION.sub(r"\1", example)


def nlu_examples(path: Path) -> dict[str, list[str]]:
    """Intent -> plain-text examples of one Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples: dict[str, list[str]] = {}
    for item in data.get("nlu", []):
        if "intent" not in item:
            continue
        lines = [ln.strip()[2:] for ln in item["examples"].splitlines() if ln.strip()]
        examples.setdefault(item["intent"], []).extend(plain_text(ln) for ln in lines)
    return examples


def domain() -> dict:
    merged: dict = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
    return merged
