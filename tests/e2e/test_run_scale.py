"""`scripts/run --scale`: the scale-out profile started by the run command itself, on
PostgreSQL and Redis, with the process counts as settings (docs/deploy.md).

Two of each (one console): two Rasa servers on one PostgreSQL tracker store and
Redis lock store (endpoints.scale.yml), two action servers, two gateways, two
reminders partitions; each is checked up (its /health, Rasa's /, each scheduler's
advisory lock), and one patient's messages go through both gateways, each to its own
Rasa server, into one conversation. About a minute on the 2-core test machine (each
Rasa server loads its model: 1.3 GB). Without PostgreSQL or Redis these tests skip.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select, text

from bot.db import session_scope
from bot.models import ChannelIdentity, OutboundMessage
from tests.support.databases import POSTGRES_ADMIN_URL
from tests.support.gateway_process import SECRET, linked_patient, telegram_update
from tests.support.paths import ROOT
from tests.support.processes import free_ports, trained_model
from tests.support.waiting import wait_for

RUN = ROOT / "scripts" / "run"
REMINDERS_LOCK_ID = 7_204_211  # reminders/__main__.py LOCK_ID


@pytest.fixture
def tracker_url(pg_url: str) -> Iterator[str]:
    """An empty PostgreSQL database for Rasa's tracker store (Rasa creates its tables)."""
    name = f"rasa_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql+psycopg", "postgresql")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _up(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _scheduler_partitions(database_url: str) -> set[int]:
    """The reminders partitions whose scheduler holds its advisory lock."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return set(connection.execute(text(
                "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND classid = :k "
                "AND database = (SELECT oid FROM pg_database WHERE datname = "
                "current_database())"), {"k": REMINDERS_LOCK_ID}).scalars())
    finally:
        engine.dispose()


def test_run_scale_starts_each_process_as_many_times_as_set(
    pg_url: str, tracker_url: str, redis_url: str, tmp_path: Path
) -> None:
    model, token = trained_model(), uuid.uuid4().hex
    rasa, actions, gateways, console = (free_ports(2), free_ports(2), free_ports(2),
                                        free_ports(1))
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "MODELS_DIR": str(model.parent),
           "CARE_DATABASE_URL": pg_url, "RASA_TRACKER_URL": tracker_url,
           "GATEWAY_REDIS_URL": redis_url, "RASA_LOCK_REDIS_DB": "1",
           "RASA_PROCESSES": "2", "ACTIONS_PROCESSES": "2", "GATEWAY_PROCESSES": "2",
           "REMINDERS_PARTITIONS": "2", "RASA_PORT": str(rasa),
           "ACTION_SERVER_PORT": str(actions), "GATEWAY_PORT": str(gateways),
           "CONSOLE_PORT": str(console), "TELEGRAM_WEBHOOK_SECRET": SECRET,
           "TELEGRAM_BOT_TOKEN": "", "CONSOLE_DEV": "0", "RASA_TOKEN": token}
    env["RASA_MODEL"] = str(model)
    for name in ("RASA_URL", "ACTION_SERVER_URL", "GATEWAY_PUBLIC_URL"):
        env.pop(name, None)
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        # --no-setup: the test environments are shared, never rebuilt by a test.
        process = subprocess.Popen([str(RUN), "--scale", "--no-setup"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        def everything_up() -> bool:
            if process.poll() is not None:
                pytest.fail(f"scripts/run --scale exited:\n{log.read_text()[-4000:]}")
            return (all(_up(f"http://127.0.0.1:{port}/health")
                        for port in (actions, actions + 1, gateways, gateways + 1, console))
                    and _up(f"http://127.0.0.1:{rasa}/") and _up(f"http://127.0.0.1:{rasa + 1}/")
                    and _scheduler_partitions(pg_url) == {0, 1})

        wait_for(everything_up, timeout=300, interval=1.0)
        procfile = (tmp_path / "var" / "Procfile.scale").read_text()
        assert [line.split(":")[0] for line in procfile.splitlines()] == [
            "actions0", "actions1", "rasa0", "rasa1", "gateway0", "gateway1", "reminders0",
            "reminders1", "console"]

        # Each gateway takes webhooks: a link and an unlinked sender (no Rasa needed).
        code = linked_patient(pg_url, "fr")
        chats = {gateways: 710001, gateways + 1: 710002}
        for port, chat in chats.items():
            url = f"http://127.0.0.1:{port}/webhooks/telegram/webhook"
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            text_ = f"/start {code}" if chat == 710001 else "bonjour"
            assert httpx.post(url, json=telegram_update(chat, text_),
                              headers=headers).status_code == 200

        def answered() -> bool:  # sent: no Telegram token, so into the outbox
            with session_scope(pg_url) as s:
                sent = set(s.scalars(select(OutboundMessage.address)
                                     .where(OutboundMessage.status == "outbox")))
            return sent >= {str(chat) for chat in chats.values()}

        wait_for(answered, timeout=60)

        # The linked chat through each gateway in turn: gateway i forwards to Rasa
        # server i (scripts/procfile-scale), both answer (each through an action
        # server), and both turns are in the one conversation of the shared store.
        def rasa_answers() -> int:
            with session_scope(pg_url) as s:
                keys = s.scalars(select(OutboundMessage.idempotency_key).where(
                    OutboundMessage.address == "710001",
                    OutboundMessage.status == "outbox")).all()
            return sum(bool(re.fullmatch(r"in:\d+:\d+", key)) for key in keys)

        for turn, (port, words) in enumerate(((gateways + 1, "bonjour"),
                                              (gateways, "quels sont mes objectifs ?"))):
            assert httpx.post(f"http://127.0.0.1:{port}/webhooks/telegram/webhook",
                              json=telegram_update(710001, words),
                              headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
                              ).status_code == 200
            wait_for(lambda turn=turn: rasa_answers() > turn, timeout=120)
        with session_scope(pg_url) as s:
            conversation = s.scalar(select(ChannelIdentity.conversation_id).where(
                ChannelIdentity.external_id == "710001"))
        for port in (rasa, rasa + 1):  # either server sees the whole conversation
            tracker = httpx.get(f"http://127.0.0.1:{port}/conversations/{conversation}/tracker",
                                params={"token": token}).json()
            said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
            assert said == ["bonjour", "quels sont mes objectifs ?"]
    finally:
        os.killpg(process.pid, signal.SIGINT)  # honcho stops every process it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_run_scale_refuses_sqlite(tmp_path: Path) -> None:
    """The scale-out profile on a SQLite file would be several processes each racing
    on it: refused before anything starts."""
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"),
           "CARE_DATABASE_URL": f"sqlite:///{tmp_path / 'care.db'}"}
    result = subprocess.run([str(RUN), "--scale", "--no-setup"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "CARE_DATABASE_URL on PostgreSQL" in result.stderr


def test_process_counts_must_be_positive_integers(tmp_path: Path) -> None:
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var"), "GATEWAY_PROCESSES": "0"}
    result = subprocess.run([str(ROOT / "scripts" / "procfile-scale")], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "GATEWAY_PROCESSES must be a positive integer" in result.stderr
