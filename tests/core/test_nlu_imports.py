"""In the core environment: every module of bot/nlu/ imports without SQLAlchemy or the
services (tests/test_nlu_imports.py checks the others in the services environment),
and the Rasa components change nothing in Rasa until one of them is created or loaded."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.support.nlu_isolation import nlu_modules, offenders, probe
from tests.support.paths import ROOT


@pytest.mark.parametrize("module", nlu_modules())
def test_importing_a_module_loads_nothing_of_the_services(module: str) -> None:
    loaded = probe(module)["modules"]
    assert module in loaded
    assert offenders(loaded) == []


def test_importing_the_components_leaves_rasa_as_it_is() -> None:
    report = probe("bot.nlu.rasa_components")
    assert report["validator_module"] == "rasa.core.actions.action"
    assert report["validator_installed"] is False


_CREATE_THEN_LOAD = """
from rasa.core.actions.action import RemoteAction
from bot.nlu import rasa_components as rc

class Context:
    is_finetuning = False

class NothingStored:  # a model storage without the policy's files: load builds it bare
    def read_from(self, resource):
        raise FileNotFoundError(resource)

assert not rc.cached_action_result_validator_installed()
rc.RedFlagDetector.create({}, None, None, None)
assert rc.cached_action_result_validator_installed()
installed = RemoteAction._validate_action_result
assert installed.__module__ == "bot.nlu.rasa_components"
rc.LanguageDetector.create(rc.LanguageDetector.get_default_config(), None, None, None)
config = rc.LanguagePolicy.get_default_config()
rc.LanguagePolicy.create(config, None, None, Context())
rc.LanguagePolicy.load(config, NothingStored(), None, Context())
rc.install_cached_action_result_validator()
assert RemoteAction._validate_action_result is installed  # idempotent
print("ok")
"""


def test_creating_or_loading_a_component_installs_the_validator_once() -> None:
    """In a fresh interpreter: in this one an earlier test may have installed it."""
    done = subprocess.run([sys.executable, "-c", _CREATE_THEN_LOAD], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
