"""Tests run by the *core* environment's Python (they import Rasa)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
).replace("postgresql+psycopg://", "postgresql://")


def unavailable(what: str, switch: str, error: Exception) -> None:
    """Skips, or fails when ``switch`` is 1 in the environment (as on CI)."""
    message = f"{what} not reachable ({type(error).__name__})"
    if os.environ.get(switch) == "1":
        pytest.fail(f"{message}; {switch}=1 makes these tests mandatory")
    pytest.skip(message)


@pytest.fixture
def tracker_url() -> Iterator[str]:
    """An empty PostgreSQL database for Rasa's tracker store, dropped afterwards."""
    import psycopg2

    name = f"rasa_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=3)
    except Exception as error:
        unavailable(f"PostgreSQL at {POSTGRES_ADMIN_URL}", "REQUIRE_POSTGRES", error)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
