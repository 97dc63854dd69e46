"""The test suite's own shape (docs/architecture.md, "Tests"): every test file sits in
its level's folder, conftest files hold only fixtures, shared code is imported from
``tests.support`` and nothing edits ``sys.path`` to find it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.support.paths import ROOT

TESTS = ROOT / "tests"
LEVELS = ("unit", "integration", "e2e", "core")
# What each level may not start: a unit test no database, test client or process; an
# integration test none of the real servers (those are end-to-end).
FORBIDDEN = {
    "unit": ("db_url", "pg_url", "redis_url", "session_scope", "TestClient", "subprocess",
             "rasa_server", "action_server", "running_gateway", "echoing_gateway"),
    "integration": ("rasa_server", "action_server", "running_gateway", "echoing_gateway",
                    "webdriver"),
}


def test_every_test_file_is_in_a_level_folder() -> None:
    misplaced = [str(p.relative_to(ROOT)) for p in TESTS.rglob("test_*.py")
                 if p.relative_to(TESTS).parts[0] not in LEVELS]
    assert misplaced == [], "move each into tests/unit, tests/integration or tests/e2e"


@pytest.mark.parametrize("level", sorted(FORBIDDEN))
def test_a_level_starts_nothing_heavier_than_it_says(level: str) -> None:
    own = TESTS / level / "test_test_layout.py"
    found = {str(p.relative_to(ROOT)): sorted(name for name in FORBIDDEN[level]
                                              if re.search(rf"\b{name}\b", p.read_text()))
             for p in (TESTS / level).glob("test_*.py") if p != own}
    assert {path: names for path, names in found.items() if names} == {}


def test_conftest_files_hold_only_fixtures() -> None:
    for path in TESTS.rglob("conftest.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                continue
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # the docstring
            assert isinstance(node, ast.FunctionDef), f"{path}:{node.lineno}: not a fixture"
            assert any("fixture" in ast.unparse(d) for d in node.decorator_list), (
                f"{path}:{node.lineno}: {node.name} is not a fixture: move it to tests/support")


def test_nothing_edits_sys_path_and_nothing_imports_a_conftest() -> None:
    for folder in (TESTS, ROOT / "bench"):
        for path in folder.rglob("*.py"):
            if path == Path(__file__):
                continue  # names them
            text = path.read_text()
            assert not re.search(r"sys\.path\.(insert|append)|sys\.path\s*[+=]", text), path
            assert "from tests.conftest" not in text and "import conftest" not in text, path
