"""Tests run by the *core* environment's Python (they import Rasa)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.core.core_support import POSTGRES_ADMIN_URL, unavailable


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
