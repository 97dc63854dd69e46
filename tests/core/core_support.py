"""What the core environment's tests share besides fixtures: the PostgreSQL server
and how a missing server skips (or fails, as on CI)."""

from __future__ import annotations

import os

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
