"""bot/nlu/, the code the Rasa server loads, imports nothing of the services: no
SQLAlchemy, no gateway/console/reminders/actions, no other module of ``bot``
(tests/core/test_nlu_imports.py checks the same in the core environment, with the Rasa
components)."""

from __future__ import annotations

import pytest

from tests.support.nlu_isolation import CORE_ONLY, nlu_modules, offenders, probe


def test_the_package_is_found() -> None:
    modules = nlu_modules()
    assert {"bot.nlu", "bot.nlu.language", "bot.nlu.languages", "bot.nlu.numbers",
            "bot.nlu.red_flags", "bot.nlu.red_flags.kinds", "bot.nlu.emergency_classifier",
            "bot.nlu.rasa_components"} <= set(modules)


@pytest.mark.parametrize("module", [m for m in nlu_modules() if m not in CORE_ONLY])
def test_importing_a_module_loads_nothing_of_the_services(module: str) -> None:
    loaded = probe(module)["modules"]
    assert module in loaded
    assert offenders(loaded) == []


def test_the_check_sees_a_module_that_loads_the_database() -> None:
    """The same probe on a services module: SQLAlchemy and bot.models are reported."""
    found = offenders(probe("bot.db")["modules"])
    assert "sqlalchemy" in found and "bot.models" in found
    assert offenders(["bot", "bot.nlu", "bot.nlu.language", "numpy", "yaml"]) == []
    assert offenders(["gateway.app", "bot.i18n", "actions", "bot.nlu.x"]) == [
        "gateway.app", "bot.i18n", "actions"]
