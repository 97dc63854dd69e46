"""Throw-away PostgreSQL databases and the shared Redis server, or a skip (a failure on
CI, where ``REQUIRE_POSTGRES=1`` and ``REQUIRE_REDIS=1`` make them mandatory)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_or_skip() -> str:
    """The admin URL if a PostgreSQL server answers; skip (or, on CI, fail) if not."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(POSTGRES_ADMIN_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:  # any connection problem means "no server"
        message = f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL} ({type(error).__name__})"
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{message}; REQUIRE_POSTGRES=1 makes these tests mandatory")
        pytest.skip(f"{message}: set TEST_POSTGRES_URL to run the PostgreSQL variants")
    return POSTGRES_ADMIN_URL


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_or_skip() -> str:
    """The Redis URL if a Redis server answers; skip (or, on CI, fail) if not."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        client.close()
    except Exception as error:  # any connection problem (or no client) means "no server"
        message = f"Redis not reachable at {REDIS_URL} ({type(error).__name__})"
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"{message}; REQUIRE_REDIS=1 makes these tests mandatory")
        pytest.skip(f"{message}: set TEST_REDIS_URL to run the Redis-backed tests")
    return REDIS_URL


@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, migrated PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from bot.db import dispose, migrate

    admin = postgres_or_skip()
    name = f"care_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate(url)
        yield url
    finally:
        dispose(url)
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
