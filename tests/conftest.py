"""Shared fixtures for the services-environment tests.

The Rasa server is started for real, from the core environment, with the trained
model, and spoken to over HTTP, exactly as the services do in production.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_VENV = Path(os.environ.get("VENV_DIR", ROOT / ".venv")) / "core"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def trained_model() -> Path:
    explicit = os.environ.get("RASA_MODEL")
    if explicit:
        return Path(explicit)
    models = sorted((ROOT / "models").glob("core-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.fail("no trained model under models/: run scripts/train.sh (scripts/test does)")
    return models[-1]


@dataclass
class RasaServer:
    url: str
    token: str
    log: Path

    def parse(self, text: str) -> dict:
        r = httpx.post(
            f"{self.url}/model/parse", params={"token": self.token}, json={"text": text}
        )
        r.raise_for_status()
        return r.json()

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list[str]:
        """One patient turn through Rasa's REST channel; returns the bot's texts."""
        payload: dict = {"sender": sender, "message": text}
        if metadata:
            payload["metadata"] = metadata
        r = httpx.post(f"{self.url}/webhooks/rest/webhook", json=payload, timeout=30)
        r.raise_for_status()
        return [m["text"] for m in r.json() if "text" in m]

    def tracker(self, sender: str) -> dict:
        r = httpx.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}
        )
        r.raise_for_status()
        return r.json()


# --- databases ---------------------------------------------------------------------

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_or_skip() -> str:
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


def _redis_or_skip() -> str:
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


@pytest.fixture
def redis_url() -> str:
    """A Redis server's URL (tests keep to keys of their own: the server is shared)."""
    return _redis_or_skip()


@contextmanager
def _fresh_postgres() -> Iterator[str]:
    """A new, migrated PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from bot.db import dispose, migrate

    admin = _postgres_or_skip()
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


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated PostgreSQL care-plan database (no SQLite variant)."""
    with _fresh_postgres() as url:
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
    with _fresh_postgres() as url:
        yield url


# --- processes ---------------------------------------------------------------------


def _wait_until_up(process: subprocess.Popen, url: str, log: Path, params: dict) -> None:
    deadline = time.monotonic() + 180
    while True:
        if process.poll() is not None:
            pytest.fail(f"{url} exited:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(url, params=params).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not start:\n{log.read_text()[-4000:]}")
        time.sleep(0.3)


@dataclass
class ActionServer:
    url: str
    token: str
    database_url: str


@pytest.fixture(scope="session")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActionServer]:
    """The real action server (services env) on a migrated SQLite care database."""
    workdir = tmp_path_factory.mktemp("actions")
    database_url = f"sqlite:///{workdir / 'care.db'}"
    port, token = free_port(), uuid.uuid4().hex
    env = {**os.environ, "CARE_DATABASE_URL": database_url, "ACTION_SERVER_TOKEN": token,
           "ACTION_SERVER_HOST": "127.0.0.1", "ACTION_SERVER_PORT": str(port)}
    log = workdir / "actions.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "actions.server"], cwd=ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
        yield ActionServer(f"http://127.0.0.1:{port}/webhook", token, database_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def rasa_server(
    tmp_path_factory: pytest.TempPathFactory, action_server: ActionServer
) -> Iterator[RasaServer]:
    rasa = CORE_VENV / "bin" / "rasa"
    if not rasa.exists():
        pytest.fail(f"{rasa} missing: run scripts/bootstrap.sh (scripts/test does)")
    workdir = tmp_path_factory.mktemp("rasa")
    port, token = free_port(), uuid.uuid4().hex
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "ACTION_SERVER_URL": action_server.url,
        "ACTION_SERVER_TOKEN": action_server.token,
        "RASA_TRACKER_DIALECT": "sqlite",
        "RASA_TRACKER_URL": f"sqlite:///{workdir / 'tracker.db'}",
    }
    log = workdir / "rasa.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(rasa), "run", "--enable-api", "--auth-token", token,
                "--interface", "127.0.0.1", "--port", str(port),
                "--model", str(trained_model()),
                "--endpoints", str(ROOT / "endpoints.yml"),
                "--credentials", str(ROOT / "credentials.yml"),
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, f"{url}/status", log, {"token": token})
        yield RasaServer(url, token, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
