"""Fixtures of the end-to-end tests: the real action server and Rasa server (the core
environment's, with the trained model), started once per session and spoken to over
HTTP, exactly as the services do in production."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.processes import (
    ActionServer,
    RasaServer,
    running_action_server,
    running_rasa_server,
)


@pytest.fixture(scope="session")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    """The real action server (services env) on a migrated SQLite care database."""
    with running_action_server(tmp_path_factory.mktemp("actions")) as server:
        yield server


@pytest.fixture(scope="session")
def rasa_server(
    tmp_path_factory: pytest.TempPathFactory, action_server: ActionServer
) -> Iterator[RasaServer]:
    with running_rasa_server(tmp_path_factory.mktemp("rasa"), action_server) as server:
        yield server
