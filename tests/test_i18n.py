"""bot/i18n: the languages, the fallback, and what the package may import."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from bot import i18n

I18N = Path(__file__).parents[1] / "bot" / "i18n"


@pytest.mark.parametrize(("given", "expected"), [
    ("fr", "fr"), ("nl", "nl"), (None, "fr"), ("", "fr"), ("de", "fr"), ("NL", "fr"),
    ("nl-BE", "fr"), (3, "fr"),
])
def test_normalise_keeps_ours_and_falls_back_to_french(given: object, expected: str) -> None:
    assert i18n.normalise(given) == expected
    assert i18n.known(given) == (expected if given == expected else None)


def test_the_default_is_one_of_the_languages() -> None:
    assert i18n.DEFAULT_LANGUAGE in i18n.LANGUAGES == ("fr", "nl")


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
        assert all(name.startswith("bot.i18n") for name in inside), (path.name, inside)
