"""What importing one module of bot/nlu/ loads, each in a fresh interpreter.

Shared by tests/integration/test_nlu_imports.py (services environment) and
tests/core/test_nlu_imports.py (the Rasa core environment). bot/nlu/ is the code the
Rasa server loads: none of it may load SQLAlchemy (the core environment has Rasa's
1.4, the services are written for 2.0), the services' packages, or any module of
``bot`` outside ``bot.nlu``. A fresh interpreter per module, because in a test process
everything is already imported, and one module's imports must not hide another's.
Standard library only: the core environment imports this file too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.support.paths import ROOT

PACKAGE = ROOT / "bot" / "nlu"
FORBIDDEN = ("sqlalchemy", "gateway", "console", "reminders", "actions")
# Needs Rasa, which only the core environment has.
CORE_ONLY = ("bot.nlu.rasa_components",)

_PROBE = """
import importlib, json, sys
name = sys.argv[1]
module = importlib.import_module(name)
report = {"modules": sorted(sys.modules)}
if hasattr(module, "cached_action_result_validator_installed"):
    from rasa.core.actions.action import RemoteAction
    report["validator_module"] = RemoteAction._validate_action_result.__module__
    report["validator_installed"] = module.cached_action_result_validator_installed()
print(json.dumps(report))
"""


def nlu_modules() -> list[str]:
    """Every module of the package, found from its files (not by importing it)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def probe(module: str) -> dict[str, Any]:
    """Import ``module`` alone in a new interpreter of this environment (the working
    tree first on its path) and report every module loaded."""
    done = subprocess.run([sys.executable, "-c", _PROBE, module], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def offenders(modules: list[str]) -> list[str]:
    """The loaded modules bot/nlu/ must not bring in."""
    return [name for name in modules
            if name.split(".")[0] in FORBIDDEN
            or (name.startswith("bot.") and name != "bot.nlu"
                and not name.startswith("bot.nlu."))]
