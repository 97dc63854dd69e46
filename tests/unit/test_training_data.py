"""The NLU training data and the held-out sets are what the issue promises."""

from __future__ import annotations

import csv

import pytest

from tests.support.paths import ROOT
from tests.support.rasa_project import CONTRACT_INTENTS, nlu_examples

LANGUAGES = ("fr", "nl")


def _training(lang: str) -> dict[str, list[str]]:
    return nlu_examples(ROOT / "nlu_data" / lang / "intents.yml")


def _key(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_at_least_25_examples_per_intent_and_language(lang: str) -> None:
    examples = _training(lang)
    short = {i: len(examples.get(i, [])) for i in CONTRACT_INTENTS if len(examples.get(i, [])) < 25}
    assert not short


def test_no_example_is_labelled_with_two_intents() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for path in sorted((ROOT / "nlu_data").rglob("*.yml")):
        for intent, texts in nlu_examples(path).items():
            for text in texts:
                previous = owner.setdefault(_key(text), intent)
                if previous != intent:
                    clashes.append((text, previous, intent))
    assert not clashes


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "extra_intents"), [
    ("nlu_heldout", set()), ("nlu_heldout_v2", {"medication_later"})])
def test_held_out_set_is_disjoint_from_training(lang: str, name: str,
                                                extra_intents: set[str]) -> None:
    training = {_key(t) for texts in _training(lang).values() for t in texts}
    for path in (ROOT / "nlu_data").glob("*.yml"):  # intents added beside the two files
        training |= {_key(t) for texts in nlu_examples(path).values() for t in texts}
    held_out = nlu_examples(ROOT / "bench" / "data" / f"{name}_{lang}.yml")
    assert set(held_out) == set(CONTRACT_INTENTS) | extra_intents
    assert all(len(texts) >= 15 for texts in held_out.values())
    overlap = [t for texts in held_out.values() for t in texts if _key(t) in training]
    # Single words such as "oui" or "merci" cannot differ; sentences must.
    assert all(len(t.split()) <= 2 for t in overlap), overlap


def test_language_held_out_file_is_disjoint_from_training() -> None:
    training = {
        _key(t) for lang in LANGUAGES for texts in _training(lang).values() for t in texts
    }
    with (ROOT / "bench" / "data" / "language_heldout.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert {r["lang"] for r in rows} == set(LANGUAGES)
    long_overlap = [
        r["text"] for r in rows if len(r["text"].split()) >= 3 and _key(r["text"]) in training
    ]
    assert not long_overlap


def _red_flag_heldout_files() -> list:
    files = sorted((ROOT / "bench" / "data").glob("redflag_heldout*_??.tsv"))
    assert files, "the red-flag held-out sets are missing"
    return files


@pytest.mark.parametrize("path", _red_flag_heldout_files(), ids=lambda p: p.name)
def test_red_flag_held_out_set_is_disjoint_from_training_and_test_cases(path) -> None:
    """The red-flag net learns from its test cases (tests/unit/test_red_flags*.py) as a
    classifier learns from its training data: a held-out message found there, or in
    the NLU data, would measure memory instead of the net."""
    import ast

    seen = {_key(t) for folder in ("nlu_data", "safety_data")
            for p in (ROOT / folder).rglob("*.yml")
            for texts in nlu_examples(p).values() for t in texts}
    for test_file in sorted((ROOT / "tests").glob("test_red_flags*.py")):
        cases = ast.parse(test_file.read_text(encoding="utf-8"))
        seen |= {_key(node.value) for node in ast.walk(cases)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert {r["label"] for r in rows} == {"urgent", "near_miss"}
    assert sum(r["label"] == "urgent" for r in rows) >= 60
    assert sum(r["label"] == "near_miss" for r in rows) >= 40
    overlap = [r["text"] for r in rows if len(r["text"].split()) > 2 and _key(r["text"]) in seen]
    assert not overlap


def _safety_data_files() -> list:
    files = sorted((ROOT / "safety_data").glob("*.yml"))
    assert len(files) >= 2, "safety_data/ should hold extra_examples.yml and near_misses.yml"
    return files


@pytest.mark.parametrize("path", _safety_data_files(), ids=lambda p: p.name)
def test_each_safety_data_file_is_disjoint_from_held_out_sets_and_nlu_data(path) -> None:
    """Every file the classifier learns from beside nlu_data/ is checked on its own:
    none of its sentences is in a red-flag or NLU held-out set (that would measure
    memory), and none is in nlu_data/ too (two labels for one sentence)."""
    taught = {_key(t) for texts in nlu_examples(path).values() for t in texts}
    assert taught, f"{path.name} teaches nothing"
    held_out: set[str] = set()
    for heldout in _red_flag_heldout_files():
        with heldout.open(encoding="utf-8") as f:
            held_out |= {_key(r["text"]) for r in csv.DictReader(f, delimiter="\t")}
    for heldout in sorted((ROOT / "bench" / "data").glob("nlu_heldout*_??.yml")):
        held_out |= {_key(t) for texts in nlu_examples(heldout).values() for t in texts}
    nlu = {_key(t) for p in (ROOT / "nlu_data").rglob("*.yml")
           for texts in nlu_examples(p).values() for t in texts}
    assert not [t for t in taught & held_out if len(t.split()) > 2]
    assert not [t for t in taught & nlu if len(t.split()) > 2]
