"""Shared fixtures for the services-environment tests.

The Rasa server is started for real, from the core environment, with the trained
model, and spoken to over HTTP, exactly as the services do in production.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def rasa_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
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
        "ACTION_SERVER_URL": os.environ.get(
            "ACTION_SERVER_URL", f"http://127.0.0.1:{free_port()}/webhook"
        ),
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
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(f"Rasa server exited:\n{log.read_text()[-4000:]}")
            try:
                if httpx.get(f"{url}/status", params={"token": token}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"Rasa server did not start:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield RasaServer(url, token, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
