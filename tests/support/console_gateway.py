"""The real gateway process with a fake Telegram server, for the console's end-to-end
tests (same set-up as tests/e2e/test_gateway.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import select

from bot import enrollment
from bot.db import session_scope
from bot.models import ChannelIdentity, Patient
from tests.support.fakes.telegram_api import FakeTelegram
from tests.support.paths import ROOT
from tests.support.processes import ActionServer, RasaServer, free_port, wait_until_up
from tests.support.waiting import wait_for

TOKEN = "123456:CONSOLE-test"
SECRET = "console-webhook-secret"


@dataclass
class Gateway:
    url: str
    database_url: str
    telegram: FakeTelegram

    def send(self, chat_id: int, text: str) -> None:
        update = {"update_id": int(uuid.uuid4().int % 10**9), "message": {
            "message_id": 1, "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "P", "language_code": "fr"}}}
        response = httpx.post(f"{self.url}/webhooks/telegram/webhook", json=update,
                              headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 200

    def texts(self, chat_id: int) -> list[str]:
        return [m.get("text") for m in self.telegram.sent_messages()
                if str(m.get("chat_id")) == str(chat_id)]

    def wait_texts(self, chat_id: int, count: int, timeout: float = 60) -> list[str]:
        return wait_for(lambda: (t := self.texts(chat_id)) and len(t) >= count and t,
                        timeout=timeout)

    def link(self, chat_id: int, patient_ref: str) -> str:
        """Link a Telegram chat to a patient with a code, as a patient would; returns
        the conversation id."""
        with session_scope(self.database_url) as s:
            patient = s.scalar(select(Patient).where(Patient.external_ref == patient_ref))
            code = enrollment.issue_code(s, patient, created_by="test")
        before = len(self.texts(chat_id))
        self.send(chat_id, f"/start {code}")
        self.wait_texts(chat_id, before + 1)
        with session_scope(self.database_url) as s:
            return s.scalar(select(ChannelIdentity.conversation_id).where(
                ChannelIdentity.channel == "telegram",
                ChannelIdentity.external_id == str(chat_id)))


@contextmanager
def running_gateway(rasa_server: RasaServer, action_server: ActionServer,
                    workdir: Path) -> Iterator[Gateway]:
    with FakeTelegram(TOKEN) as telegram:
        port = free_port()
        env = {
            **os.environ,
            "CARE_DATABASE_URL": action_server.database_url,
            "RASA_URL": rasa_server.url, "RASA_TOKEN": rasa_server.token,
            "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(port),
            "GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": telegram.base_url.removesuffix("/bot"),
            "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "",
        }
        log = workdir / "gateway.log"
        with log.open("wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "gateway"], cwd=ROOT, env=env,
                                       stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
            yield Gateway(f"http://127.0.0.1:{port}", action_server.database_url, telegram)
        finally:
            process.terminate()
            process.wait(timeout=20)
