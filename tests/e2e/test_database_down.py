"""Each process starts when its care-plan database does not answer, says so, tries
again in the background, and serves normally once the database is back: the gateway
(/health 503 with the database down; webhooks 503, so the provider sends them again,
nothing half-stored), the nurse console (/health and its pages 503), the reminders
scheduler (waits, then plans). Before this each of them exited at start-up, and under
scripts/supervise that was a crash loop.

The database is "down" by being a SQLite file in a folder that does not exist yet:
every connection fails as it does against a PostgreSQL server that is down, and
creating the folder brings it back."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from bot.db import session_scope
from bot.models import Reminder
from tests.support.gateway_process import (
    SMS_FROM,
    running_gateway,
    telegram_update,
    wait_answering,
    wait_texts,
)
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.processes import free_port
from tests.support.waiting import wait_for

FAST_RETRY = {"DATABASE_RETRY_MAX_SECONDS": "1"}


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_gateway_starts_with_its_database_down_and_serves_once_it_is_back(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "later"
    database_url = f"sqlite:///{folder / 'care.db'}"
    with running_gateway(database_url, f"http://127.0.0.1:{free_port()}", "token", tmp_path,
                         healthy=False, ACTION_SERVER_URL="", **FAST_RETRY) as gw:
        health = httpx.get(f"{gw.url}/health", timeout=10)
        assert health.status_code == 503
        assert health.json()["dependencies"]["database"]["status"] == "down"
        chat = 960_000 + free_port()
        update = telegram_update(chat, "bonjour")
        refused = gw.telegram_update(update)
        assert refused.status_code == 503 and refused.headers["retry-after"]
        sms = gw.twilio_post("/webhooks/twilio/webhook",
                             gw.twilio.inbound_params("+32470111222", SMS_FROM, "bonjour"))
        assert sms.status_code == 503
        wait_for(lambda: "next try in" in gw.log.read_text(), timeout=30)

        folder.mkdir()  # the database is back
        wait_for(lambda: httpx.get(f"{gw.url}/health", timeout=10).status_code == 200,
                 timeout=60)
        assert gw.telegram_update(update).status_code == 200  # as Telegram sends it again
        # Served normally: the unlinked sender is told how to join.
        assert wait_texts(lambda: gw.telegram_texts(chat), 1)
        assert gw.inbound_count() == 1
        log = gw.log.read_text()
    assert "reachable again" in log
    assert "Traceback" not in log  # an outage is logged in a line per try, not a stack


def test_console_starts_with_its_database_down_and_serves_once_it_is_back(
    tmp_path: Path,
) -> None:
    from tests.support.console_seed import PASSWORD, seed, sign_in

    folder = tmp_path / "later"
    database_url = f"sqlite:///{folder / 'care.db'}"
    port = free_port()
    env = {**os.environ, "CARE_DATABASE_URL": database_url, **FAST_RETRY,
           "RASA_URL": f"http://127.0.0.1:{free_port()}", "RASA_TOKEN": "token",
           "CONSOLE_HOST": "127.0.0.1", "CONSOLE_PORT": str(port),
           "CONSOLE_SECRET_KEY": uuid.uuid4().hex}
    log = tmp_path / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "console"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        health = wait_answering(process, f"{base}/health", log)
        assert health.status_code == 503 and health.json()["database"] == "unreachable"
        with httpx.Client(base_url=base, timeout=30) as client:
            refused = sign_in(client, "nurse_a", PASSWORD)
            assert refused.status_code == 503
            assert "La base de données ne répond pas" in refused.text
        wait_for(lambda: "next try in" in log.read_text(), timeout=30)

        folder.mkdir()  # the database is back
        wait_for(lambda: "schema up to date" in log.read_text(), timeout=60)
        seed(database_url)
        assert httpx.get(f"{base}/health", timeout=10).status_code == 200
        with httpx.Client(base_url=base, timeout=30) as client:
            signed_in = sign_in(client, "nurse_a", PASSWORD)
            assert signed_in.status_code == 303, signed_in.text[:300]
            assert client.get("/queue").status_code == 200
        assert process.poll() is None
    finally:
        _stop(process)


def test_reminders_scheduler_waits_for_its_database_then_plans(tmp_path: Path) -> None:
    folder = tmp_path / "later"
    database_url = f"sqlite:///{folder / 'care.db'}"
    env = {**os.environ, "CARE_DATABASE_URL": database_url, **FAST_RETRY,
           "REMINDERS_TICK_SECONDS": "1", "RASA_URL": f"http://127.0.0.1:{free_port()}",
           "RASA_TOKEN": "token"}
    log = tmp_path / "reminders.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "reminders"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: "next try in" in log.read_text(), timeout=60)
        assert process.poll() is None, log.read_text()

        folder.mkdir()  # the database is back
        wait_for(lambda: "reminders scheduler started" in log.read_text(), timeout=60)
        with session_scope(database_url) as s:
            patient_id = make_patient(s, ref=f"d-{uuid.uuid4().hex[:6]}").id

        def planned() -> bool:
            with session_scope(database_url) as s:
                return s.scalars(select(Reminder).where(
                    Reminder.patient_id == patient_id)).first() is not None
        wait_for(planned, timeout=60, interval=0.5)
        assert process.poll() is None
    finally:
        _stop(process)
