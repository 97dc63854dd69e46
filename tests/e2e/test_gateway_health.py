"""GET /health of the real gateway and action server processes: each dependency's last
known state, "degraded" (still 200, still serving) when one is down, 503 only when the
process's own database does not answer. The all-up case with the real Rasa server is
in tests/e2e/test_gateway.py (it needs the trained model)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.db import migrate, session_scope
from bot.messages import render
from bot.models import InboundMessage, utcnow
from gateway.health import Health, action_health_url, action_server_url
from tests.support.gateway_process import (
    echoing_rasa,
    linked_patient,
    running_gateway,
    telegram_update,
    wait_texts,
)
from tests.support.paths import ROOT
from tests.support.processes import ActionServer, free_port
from tests.support.waiting import wait_for

UNREACHABLE_POSTGRES = "postgresql+psycopg://nobody@127.0.0.1:1/none"


def _health(url: str) -> dict:
    response = httpx.get(f"{url}/health", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _state(url: str, name: str) -> str:
    return _health(url)["dependencies"][name]["status"]


def test_gateway_health_reports_each_dependency_and_keeps_serving(
    tmp_path: Path, action_server: ActionServer
) -> None:
    """Rasa not running: degraded, Rasa down, the rest ok, webhooks still answered.
    The fake Telegram server stopped: Telegram down within a probe or two, with the
    time of its last success, and the log says the gateway goes on."""
    database_url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(database_url)
    with running_gateway(database_url, f"http://127.0.0.1:{free_port()}", "token",
                         tmp_path, GATEWAY_HEALTH_PROBE_SECONDS="0.5",
                         GATEWAY_HEALTH_BACKOFF_MAX_SECONDS="1",
                         ACTION_SERVER_URL=action_server.url) as gw:
        assert wait_for(lambda: _state(gw.url, "rasa") == "down")
        wait_for(lambda: all(_state(gw.url, name) == "ok"
                             for name in ("telegram", "twilio", "action_server")))
        health = _health(gw.url)
        assert health["status"] == "degraded" and health["process"] == "gateway"
        assert health["dependencies"]["database"]["status"] == "ok"
        rasa = health["dependencies"]["rasa"]
        assert rasa["last_failure"] and rasa["last_success"] is None and rasa["error"]
        assert "token" not in rasa["error"]
        # Degraded, not down: an unlinked sender still gets the way to join.
        chat = 970_000 + free_port()
        assert gw.telegram_update(telegram_update(chat, "bonjour")).status_code == 200
        assert wait_texts(lambda: gw.telegram_texts(chat), 1)

        gw.telegram.stop()
        assert wait_for(lambda: _state(gw.url, "telegram") == "down", timeout=20)
        telegram = _health(gw.url)["dependencies"]["telegram"]
        assert telegram["last_success"] <= telegram["last_failure"]
        assert _state(gw.url, "twilio") == "ok"
        log = gw.log.read_text()
        assert "telegram unreachable" in log and "next try in" in log


def test_messages_waiting_for_rasa_go_as_soon_as_it_is_back(tmp_path: Path) -> None:
    """A message Rasa did not take waits with a backoff (5 s, 10 s ... up to
    GATEWAY_RASA_RETRY_MAX_SECONDS); before, the first answer after a Rasa restart
    waited for the next retry, up to that long after Rasa was ready. Now the gateway
    probes Rasa while messages wait and releases them when it answers."""
    database_url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(database_url)
    port = free_port()
    with running_gateway(database_url, f"http://127.0.0.1:{port}", "token", tmp_path,
                         ACTION_SERVER_URL="") as gw:
        chat = 950_000 + free_port()
        assert gw.telegram_update(telegram_update(
            chat, f"/start {linked_patient(database_url, 'fr')}")).status_code == 200
        wait_texts(lambda: gw.telegram_texts(chat), 1)
        assert gw.telegram_update(telegram_update(chat, "bonjour")).status_code == 200

        def waiting() -> InboundMessage | None:  # tried twice: the next try in 10 s
            with session_scope(database_url) as s:
                row = s.scalars(select(InboundMessage).where(
                    InboundMessage.text == "bonjour", InboundMessage.attempts >= 2)).first()
                return row if row is not None and row.status == "received" else None
        row = wait_for(waiting, timeout=30)
        assert row.next_attempt_at > utcnow() + dt.timedelta(seconds=6)
        with echoing_rasa(port):  # Rasa is back, long before that next try
            back = time.monotonic()
            wait_for(lambda: "reçu : bonjour" in gw.telegram_texts(chat), timeout=30)
            assert time.monotonic() - back < 3.0
        assert gw.telegram_texts(chat).count(render("assistant_unavailable", "fr")) == 1
        assert "rasa answers again: 1 waiting message(s) released" in gw.log.read_text()


def test_gateway_health_is_ok_when_every_dependency_answers(
    tmp_path: Path, action_server: ActionServer
) -> None:
    """A stand-in Rasa, the real action server (as endpoints.yml names it), the fake
    Telegram and Twilio servers: "ok", each with the time of its last success. (The
    same with the real Rasa server: tests/e2e/test_gateway.py.)"""
    database_url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(database_url)
    with echoing_rasa() as rasa, running_gateway(database_url, rasa, "token", tmp_path,
                                                 ACTION_SERVER_URL=action_server.url) as gw:
        body = wait_for(lambda: (b := _health(gw.url))["status"] == "ok" and b)
        for name in ("rasa", "action_server", "telegram", "twilio"):
            assert body["dependencies"][name]["status"] == "ok"
            assert body["dependencies"][name]["last_success"]


def test_gateway_health_without_providers_configured(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(database_url)
    with running_gateway(database_url, f"http://127.0.0.1:{free_port()}", "token", tmp_path,
                         TELEGRAM_BOT_TOKEN="", TWILIO_ACCOUNT_SID="",
                         ACTION_SERVER_URL="") as gw:
        dependencies = _health(gw.url)["dependencies"]
        assert dependencies["telegram"] == {"status": "not_configured"}
        assert dependencies["twilio"] == {"status": "not_configured"}
        assert dependencies["action_server"] == {"status": "not_configured"}


def test_health_is_503_only_when_the_database_does_not_answer() -> None:
    health = Health(UNREACHABLE_POSTGRES)
    health.add("rasa", None)
    status, body = asyncio.run(health.report("gateway"))
    assert status == 503 and body["status"] == "degraded"
    assert body["dependencies"]["database"]["status"] == "down"


def test_action_server_url_is_read_as_rasa_reads_it(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    assert action_server_url(ROOT / "endpoints.yml") == "http://127.0.0.1:5055/webhook"
    assert action_health_url("http://127.0.0.1:5055/webhook") == "http://127.0.0.1:5055/health"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://${ACTIONS_HOST}:6000/webhook\n")
    monkeypatch.setenv("ACTIONS_HOST", "10.0.0.5")
    assert action_server_url(endpoints) == "http://10.0.0.5:6000/webhook"
    endpoints.write_text("tracker_store:\n  type: SQL\n")
    assert action_server_url(endpoints) == ""


def test_action_server_health(action_server: ActionServer) -> None:
    response = httpx.get(action_server.url.removesuffix("/webhook") + "/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["dependencies"]["database"]["status"] == "ok"


def test_action_server_serves_with_its_database_down(tmp_path: Path) -> None:
    """It starts anyway (no crash loop), answers 503 on /health, refuses unauthenticated
    calls as always, and says in its log that it retries."""
    port = free_port()
    env = {**os.environ, "CARE_DATABASE_URL": UNREACHABLE_POSTGRES,
           "ACTION_SERVER_TOKEN": uuid.uuid4().hex, "ACTION_SERVER_HOST": "127.0.0.1",
           "ACTION_SERVER_PORT": str(port)}
    log = tmp_path / "actions.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "actions.server"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        def answer() -> httpx.Response | None:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/health", timeout=10)
            except httpx.TransportError:
                assert process.poll() is None, log.read_text()
                return None
        response = wait_for(answer, timeout=120, interval=0.3)
        assert response.status_code == 503
        assert response.json()["dependencies"]["database"]["status"] == "down"
        assert httpx.post(f"http://127.0.0.1:{port}/webhook", json={}).status_code == 403
        wait_for(lambda: "next try in" in log.read_text(), timeout=30)
        assert process.poll() is None
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_action_server_ok_again_as_soon_as_its_database_is_back(tmp_path: Path) -> None:
    """The real action server on its own PostgreSQL database, which stops taking
    connections (every backend terminated, connections refused: a crash as the action
    server sees it) for as long as the gateway's backoff reaches 8 s, then comes back.
    The action server's /health answered 503 all along: it was up. Before, the gateway
    backed its probe off as for a dependency that does not answer and its /health
    said the action server was down for up to 8 s more; now it asks every second."""
    from sqlalchemy import create_engine, text

    from tests.support.databases import fresh_postgres
    from tests.support.processes import running_action_server

    database_url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(database_url)
    with fresh_postgres() as actions_db, \
            running_action_server(tmp_path, actions_db) as actions, \
            running_gateway(database_url, f"http://127.0.0.1:{free_port()}", "token",
                            tmp_path, GATEWAY_HEALTH_PROBE_SECONDS="0.5",
                            ACTION_SERVER_URL=actions.url) as gw:
        wait_for(lambda: _state(gw.url, "action_server") == "ok")
        name = actions_db.rsplit("/", 1)[1]
        admin = create_engine(actions_db.rsplit("/", 1)[0] + "/postgres",
                              isolation_level="AUTOCOMMIT")

        def allow(value: bool) -> None:
            with admin.connect() as c:
                c.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {value!s}'))
                if not value:
                    c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = :name"), {"name": name})
        try:
            allow(False)
            assert wait_for(lambda: _state(gw.url, "action_server") == "down", timeout=20)
            health = httpx.get(actions.url.removesuffix("/webhook") + "/health", timeout=10)
            assert health.status_code == 503  # up, its database down
            time.sleep(8)  # long enough for the backoff to have reached 8 s before
        finally:
            allow(True)
            admin.dispose()
        back = time.monotonic()
        wait_for(lambda: _state(gw.url, "action_server") == "ok", timeout=30, interval=0.1)
        assert time.monotonic() - back < 2.5
