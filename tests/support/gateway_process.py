"""The real gateway process against fake Telegram and Twilio servers on loopback, shared
by the gateway's end-to-end tests (tests/e2e/test_gateway.py, tests/e2e/test_gateway_safety.py)
and the safety benchmark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import func, select

from bot import enrollment
from bot.db import session_scope
from bot.models import InboundMessage
from tests.support.fakes.telegram_api import FakeTelegram
from tests.support.fakes.twilio_api import FakeTwilio
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.processes import free_port, wait_until_up
from tests.support.waiting import wait_for

PUBLIC_URL = "https://care.example.org"  # as the providers see us, behind a proxy
TOKEN = "123456:TEST-token"
SECRET = "s3cret-webhook-token"
SMS_FROM = "+3225550100"
WHATSAPP_FROM = "+14155238886"


@dataclass
class Running:
    url: str
    database_url: str
    telegram: FakeTelegram
    twilio: FakeTwilio
    log: Path

    def telegram_update(self, update: dict, secret: str = SECRET) -> httpx.Response:
        return httpx.post(f"{self.url}/webhooks/telegram/webhook", json=update,
                          headers={"X-Telegram-Bot-Api-Secret-Token": secret})

    def twilio_post(self, path: str, params: dict, signature: str | None = None) -> httpx.Response:
        signature = signature or self.twilio.sign(PUBLIC_URL + path, params)
        return httpx.post(f"{self.url}{path}", data=params,
                          headers={"X-Twilio-Signature": signature})

    def sms(self, sender: str, body: str, *, whatsapp: bool = False, **extra: str) -> None:
        """An incoming SMS (or WhatsApp message) through the signed Twilio webhook."""
        params = self.twilio.inbound_params(f"whatsapp:{sender}" if whatsapp else sender,
                                            f"whatsapp:{WHATSAPP_FROM}" if whatsapp
                                            else SMS_FROM, body)
        response = self.twilio_post("/webhooks/twilio/webhook", {**params, **extra})
        assert response.status_code == 200, response.text

    def inbound_count(self) -> int:
        with session_scope(self.database_url) as s:
            return s.scalar(select(func.count()).select_from(InboundMessage))

    def telegram_texts(self, chat_id: int) -> list[str]:
        return texts_to(self.telegram.sent_messages(), "chat_id", str(chat_id))

    def telegram_link(self, chat_id: int, code: str, language: str) -> None:
        """Links the chat with an enrollment code (the deep link) and waits for the
        welcome."""
        self.telegram_update(telegram_update(chat_id, f"/start {code}",
                                             language_code=language))
        wait_texts(lambda: self.telegram_texts(chat_id), 1)

    def telegram_say(self, chat_id: int, text: str, timeout: float = 60) -> str:
        """One message; returns the assistant's (last) answer to it."""
        before = len(self.telegram_texts(chat_id))
        self.telegram_update(telegram_update(chat_id, text))
        return wait_texts(lambda: self.telegram_texts(chat_id), before + 1, timeout)[-1]

    def twilio_texts(self, address: str) -> list[str]:
        return texts_to(self.twilio.messages, "to", address)


def telegram_update(chat_id: int, text: str | None = None, update_id: int | None = None,
                    language_code: str = "fr", **extra) -> dict:
    message = {"message_id": 1, "date": int(time.time()),
               "chat": {"id": chat_id, "type": "private"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "P",
                        "language_code": language_code}}
    if text is not None:
        message["text"] = text
    message.update(extra)
    return {"update_id": update_id or int(uuid.uuid4().int % 10**9), "message": message}


def linked_patient(database_url: str, language: str, phone: str | None = None) -> str:
    """A patient with a care plan and an enrollment code; returns the code."""
    with session_scope(database_url) as s:
        patient = make_patient(s, ref=f"g-{uuid.uuid4().hex[:8]}", language=language,
                               phone=phone)
        return enrollment.issue_code(s, patient, created_by="test")


def texts_to(fake_messages: list[dict], key: str, address: str) -> list[str]:
    return [m.get("text") or m.get("body") for m in fake_messages
            if str(m.get(key)) == address]


def wait_texts(read, count: int, timeout: float = 30) -> list[str]:
    """Poll ``read()`` (a list of texts) until it has ``count`` of them."""
    return wait_for(lambda: (t := read()) and len(t) >= count and t, timeout=timeout)


@contextmanager
def running_gateway(database_url: str, rasa_url: str, rasa_token: str, workdir: Path,
                    healthy: bool = True, twilio: FakeTwilio | None = None,
                    **extra_env: str) -> Iterator[Running]:
    """The gateway process (`python -m gateway`) with fake Telegram and Twilio servers;
    ``rasa_url`` may point at nothing (Rasa stopped). ``healthy=False``: waits for
    /health to answer at all (its database may be down), not for a 200. ``twilio``: a
    fake Twilio server already holding messages (as a previous process left it)."""
    with FakeTelegram(TOKEN) as telegram, (twilio or FakeTwilio()) as twilio:
        port = free_port()
        env = {
            **os.environ,
            "CARE_DATABASE_URL": database_url,
            "RASA_URL": rasa_url, "RASA_TOKEN": rasa_token,
            "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(port),
            "GATEWAY_PUBLIC_URL": PUBLIC_URL,
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": telegram.base_url.removesuffix("/bot"),
            "TWILIO_ACCOUNT_SID": twilio.account_sid, "TWILIO_AUTH_TOKEN": twilio.auth_token,
            "TWILIO_SMS_FROM": SMS_FROM, "TWILIO_WHATSAPP_FROM": WHATSAPP_FROM,
            "TWILIO_API_BASE_URL": twilio.base_url, **extra_env,
        }
        workdir.mkdir(parents=True, exist_ok=True)
        log = workdir / f"gateway-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen([sys.executable, "-m", "gateway"], cwd=ROOT, env=env,
                                       stdout=out, stderr=subprocess.STDOUT)
        try:
            if healthy:
                wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
            else:
                wait_answering(process, f"http://127.0.0.1:{port}/health", log)
            yield Running(f"http://127.0.0.1:{port}", database_url, telegram, twilio, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_answering(process: subprocess.Popen, url: str, log: Path,
                   timeout: float = 180) -> httpx.Response:
    """The first answer of a process's URL, whatever its status; fails if the process
    exits first (a process whose database is down must start anyway)."""
    def answer() -> httpx.Response | None:
        assert process.poll() is None, log.read_text()[-4000:]
        try:
            return httpx.get(url, timeout=10)
        except httpx.TransportError:
            return None
    return wait_for(answer, timeout=timeout, interval=0.3)


class _EchoingRasa(BaseHTTPRequestHandler):
    """Rasa's HTTP API as the gateway uses it: /status, the REST channel (answers
    "reçu : <text>"), an empty tracker, appended events accepted."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path.endswith("/tracker"):
            self._answer({"sender_id": path.split("/")[2], "events": []})
        else:
            self._answer({"model_file": "stand-in"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null")
        if urlsplit(self.path).path == "/webhooks/rest/webhook":
            self._answer([{"recipient_id": body["sender"],
                           "text": f"reçu : {str(body.get('message'))[:60]}"}])
        else:
            self._answer({})


@contextmanager
def echoing_rasa(port: int = 0) -> Iterator[str]:
    """A stand-in for the Rasa server on loopback (its URL), for gateway tests about
    the gateway rather than the model: no trained model, starts at once."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _EchoingRasa)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()



@contextmanager
def echoing_gateway(workdir: Path, **extra_env: str) -> Iterator[Running]:
    """The gateway on its own SQLite database, with the echoing stand-in for Rasa: for
    what the gateway decides before and after Rasa (caregivers, answer words)."""
    with echoing_rasa() as rasa, running_gateway(f"sqlite:///{workdir / 'care.db'}", rasa,
                                                 "token", workdir, **extra_env) as running:
        yield running
