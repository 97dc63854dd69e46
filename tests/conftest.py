"""Fixtures shared by the integration and end-to-end tests: the databases.

Only fixtures live in conftest files; what a test imports lives in ``tests.support``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import fresh_postgres, redis_or_skip


@pytest.fixture
def redis_url() -> str:
    """A Redis server's URL (tests keep to keys of their own: the server is shared)."""
    return redis_or_skip()


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated PostgreSQL care-plan database (no SQLite variant)."""
    with fresh_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated care-plan database: SQLite, and PostgreSQL where available."""
    from bot.db import migrate

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'care.db'}"
        migrate(url)
        yield url
        return
    with fresh_postgres() as url:
        yield url
