"""In the core environment: every module of bot/nlu/ imports without SQLAlchemy or the
services (tests/test_nlu_imports.py checks the others in the services environment),
and the Rasa components change nothing in Rasa until one of them is created or loaded."""

from __future__ import annotations

import pytest

from bot.nlu import rasa_components
from bot.nlu.rasa_components import LanguageDetector, LanguagePolicy, RedFlagDetector
from tests.support.nlu_isolation import nlu_modules, offenders, probe


@pytest.mark.parametrize("module", nlu_modules())
def test_importing_a_module_loads_nothing_of_the_services(module: str) -> None:
    loaded = probe(module)["modules"]
    assert module in loaded
    assert offenders(loaded) == []


def test_importing_the_components_leaves_rasa_as_it_is() -> None:
    report = probe("bot.nlu.rasa_components")
    assert report["validator_module"] == "rasa.core.actions.action"
    assert report["validator_installed"] is False


class _Context:
    is_finetuning = False


def test_creating_or_loading_a_component_installs_the_validator_once() -> None:
    from rasa.core.actions.action import RemoteAction

    RedFlagDetector.create({}, None, None, None)
    assert rasa_components.cached_action_result_validator_installed()
    installed = RemoteAction._validate_action_result
    assert installed.__module__ == "bot.nlu.rasa_components"
    LanguageDetector.create(LanguageDetector.get_default_config(), None, None, None)
    config = LanguagePolicy.get_default_config()
    LanguagePolicy.create(config, None, None, _Context())
    LanguagePolicy.load(config, None, None, _Context())
    rasa_components.install_cached_action_result_validator()
    assert RemoteAction._validate_action_result is installed  # idempotent
