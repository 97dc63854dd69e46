"""bot/i18n: the languages and the fallback, every text in both languages with the same
placeholders (errors also in English), Rasa's responses written from them, errors as
keys said in each language, and what the package may import."""

from __future__ import annotations

import ast
import string
import sys
from pathlib import Path

import pytest
import yaml

from bot import i18n
from bot.i18n import rasa_domain
from bot.i18n.reasons import ExplainedError, Reason
from bot.nlu.languages import DEFAULT_LANGUAGE, LANGUAGES, known, normalise
from tests.support.paths import ROOT

I18N = ROOT / "bot" / "i18n"


@pytest.mark.parametrize(("given", "expected"), [
    ("fr", "fr"), ("nl", "nl"), (None, "fr"), ("", "fr"), ("de", "fr"), ("NL", "fr"),
    ("nl-BE", "fr"), (3, "fr"),
])
def test_normalise_keeps_ours_and_falls_back_to_french(given: object, expected: str) -> None:
    assert normalise(given) == expected
    assert known(given) == (expected if given == expected else None)


def test_the_default_is_one_of_the_languages() -> None:
    assert DEFAULT_LANGUAGE in LANGUAGES == ("fr", "nl")


def test_the_package_imports_only_the_standard_library_and_yaml() -> None:
    """The Rasa core environment imports bot.i18n and has no SQLAlchemy: anything
    beyond the standard library, PyYAML and the package itself would break it."""
    allowed = set(sys.stdlib_module_names) | {"yaml", "bot"}
    for path in sorted(I18N.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree)
                  if isinstance(node, ast.ImportFrom) and node.level == 0}
        roots = {name.split(".")[0] for name in names}
        assert roots <= allowed, (path.name, roots - allowed)
        inside = {name for name in names if name.startswith("bot.") or name == "bot"}
        assert all(name.startswith(("bot.i18n", "bot.nlu.languages")) for name in inside), (
            path.name, inside)


def _leaves(prefix: str, node: object) -> list[tuple[str, dict]]:
    """Every leaf of a raw data file: a mapping that names a language."""
    assert isinstance(node, dict) and node, prefix
    if {"fr", "nl"} & set(node):
        return [(prefix, node)]
    return [leaf for key, child in node.items() for leaf in _leaves(f"{prefix}.{key}", child)]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


FILES = sorted(I18N.glob("*.yml"))
LEAVES = [leaf for path in FILES
          for leaf in _leaves(path.stem, yaml.safe_load(path.read_text("utf-8")))]


def test_the_data_files_are_the_expected_ones() -> None:
    assert {path.stem for path in FILES} == {"patient", "team", "console", "errors"}
    assert len(LEAVES) == len(i18n.catalogue.entries())


@pytest.mark.parametrize(("key", "entry"), LEAVES, ids=[key for key, _ in LEAVES])
def test_every_text_has_both_languages_with_the_same_placeholders(key: str,
                                                                  entry: dict) -> None:
    # errors.yml also keeps the English the command line and the logs show
    assert set(entry) == ({"fr", "nl", "en"} if key.startswith("errors.") else {"fr", "nl"}), key
    assert all(isinstance(text, str) and text.strip() for text in entry.values()), key
    assert len({frozenset(_fields(text)) for text in entry.values()}) == 1, key
    assert i18n.text(key, "nl") == entry["nl"] and i18n.text(key, "xx") == entry["fr"]


def test_the_committed_rasa_responses_are_the_generators_output_byte_for_byte() -> None:
    """domain/responses.yml is written from patient.yml (python -m bot.i18n.rasa_domain);
    a hand edit of either alone fails here, before it can train a model apart from the
    texts the rest of the code reads."""
    committed = (ROOT / "domain" / "responses.yml").read_bytes()
    assert committed == rasa_domain.render().encode("utf-8")
    assert rasa_domain.main(["--check"]) == 0
    responses = yaml.safe_load(committed)["responses"]
    assert list(responses) == list(i18n.table("patient.rasa"))


def test_the_generator_check_fails_on_a_stale_domain(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "responses.yml"
    stale.write_text(rasa_domain.render().replace("Bonjour !", "Salut !"), "utf-8")
    monkeypatch.setattr(rasa_domain, "TARGET", stale)
    assert rasa_domain.main(["--check"]) == 1
    assert rasa_domain.main([]) == 0
    assert stale.read_text("utf-8") == rasa_domain.render()


def test_the_emergency_numbers_are_written_once() -> None:
    """The emergency answer has one home (patient.yml, put together by
    bot/safety_net.answer): no module or other data file carries its own copy."""
    holders = []
    for folder in ("bot", "gateway", "actions", "console", "reminders", "domain", "data"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".yml", ".html") and "070 245 245" in path.read_text(
                    "utf-8"):
                holders.append(path.relative_to(ROOT).as_posix())
    assert holders == ["bot/i18n/patient.yml"]


def test_a_reason_reads_in_english_french_and_dutch() -> None:
    reason = Reason.of("file.not_time", value="25:00")
    assert str(reason) == reason.english() == "'25:00' is not a time (HH:MM)"
    assert reason.text("fr") == "« 25:00 » n'est pas une heure (HH:MM)"
    assert reason.text("nl") == "'25:00' is geen tijdstip (HH:MM)"
    error = ExplainedError("account.username_taken", username="sophie")
    assert str(error) == "the username 'sophie' is taken"
    assert error.text("nl") == "de gebruikersnaam 'sophie' is al in gebruik"
