"""A hostile-input corpus against the real processes (issue 15): malformed and hostile
webhook bodies posted to the running gateway (Telegram with and without its secret,
signed Twilio SMS / WhatsApp posts and status callbacks), and hostile console form
posts to the running console. Generated here, deterministically.

Never a 5xx; afterwards no inbound row left unprocessed, no outbound row left
`sending`, and each sender's next ordinary message still answered (no poison row
blocking a queue); in the console, a posted `<script>` never comes back unescaped.

Rasa is a stand-in on loopback that echoes (an echo carries hostile text outwards, as
an entity in a real answer could): the corpus exercises the gateway, not the model.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.models import OutboundMessage
from tests.conftest import ROOT, _wait_until_up, free_port

TELEGRAM = "/webhooks/telegram/webhook"
TWILIO = "/webhooks/twilio/webhook"
STATUS = "/webhooks/twilio/status"
SCRIPT = "<script>alert(1)</script>"

# --- a Rasa stand-in ---------------------------------------------------------------------


class _RasaHandler(BaseHTTPRequestHandler):
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


@pytest.fixture(scope="module")
def rasa_stand_in() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RasaHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- the console -------------------------------------------------------------------------


@pytest.fixture
def console(db_url: str, rasa_stand_in: str, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    from tests.console_support import seed

    seeded = seed(db_url)
    port = free_port()
    env = {**os.environ, "CARE_DATABASE_URL": db_url, "RASA_URL": rasa_stand_in,
           "RASA_TOKEN": "token", "CONSOLE_HOST": "127.0.0.1", "CONSOLE_PORT": str(port),
           "CONSOLE_SECRET_KEY": uuid.uuid4().hex}
    log = tmp_path / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "console"], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
        yield f"http://127.0.0.1:{port}", seeded
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _token(client: httpx.Client, path: str = "/login") -> str:
    page = client.get(path)
    match = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
    assert match, page.text[:500]
    return match.group(1)


def test_a_nul_in_a_console_form_is_dropped_not_a_500(console: tuple[str, Any]) -> None:
    """Found by the corpus above on PostgreSQL: a reply with NUL was a 500 (PostgreSQL
    refuses NUL in text), as was a sign-in with NUL in the username."""
    base, seeded = console
    from tests.console_support import PASSWORD

    with httpx.Client(base_url=base, timeout=60) as client:
        assert client.post("/login", data={"username": "ad\x00min", "password": "x\x00",
                                           "csrftoken": _token(client)}).status_code == 401
        assert client.post("/login", data={"username": "admin", "password": PASSWORD,
                                           "csrftoken": _token(client)}).status_code == 303
        token = _token(client, "/queue")
        conversation = f"/conversations/{seeded.identity_a1}"
        assert client.post(f"{conversation}/takeover",
                           data={"csrftoken": token}).status_code == 303
        assert client.post(f"{conversation}/reply", data={
            "text": "bon\x00jour", "csrftoken": token}).status_code == 303
    with session_scope(seeded.url) as s:
        assert s.scalars(select(OutboundMessage.text)).all() == ["bonjour"]

