"""The real action server and Rasa server (the core environment's, with the trained
model), started as in production and spoken to over HTTP, plus what starting any
process needs: a free port and waiting until it answers."""

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

from tests.support.paths import CORE_VENV, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> int:
    """A base port with ``count`` free ports from it (process i listens on base + i)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        held = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                held.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no run of free ports")


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


def wait_until_up(process: subprocess.Popen, url: str, log: Path, params: dict) -> None:
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


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def running_action_server(workdir: Path,
                          database_url: str | None = None) -> Iterator[ActionServer]:
    """The real action server (services env) on a migrated SQLite care database (or
    ``database_url``)."""
    database_url = database_url or f"sqlite:///{workdir / 'care.db'}"
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
        wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
        yield ActionServer(f"http://127.0.0.1:{port}/webhook", token, database_url)
    finally:
        _stop(process)


@contextmanager
def running_rasa_server(workdir: Path, action_server: ActionServer) -> Iterator[RasaServer]:
    """The real Rasa server of the core environment with the trained model, its actions
    on ``action_server`` and its trackers in SQLite under ``workdir``."""
    rasa = CORE_VENV / "bin" / "rasa"
    if not rasa.exists():
        pytest.fail(f"{rasa} missing: run scripts/bootstrap.sh (scripts/test does)")
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
        wait_until_up(process, f"{url}/status", log, {"token": token})
        yield RasaServer(url, token, log)
    finally:
        _stop(process)
