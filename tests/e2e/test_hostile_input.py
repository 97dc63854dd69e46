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
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import httpx
import pytest
from sqlalchemy import func, select

from bot.db import session_scope
from bot.models import InboundMessage, OutboundMessage
from tests.support.gateway_process import (
    PUBLIC_URL,
    SECRET,
    SMS_FROM,
    WHATSAPP_FROM,
    Running,
    echoing_rasa,
    linked_patient,
    running_gateway,
)
from tests.support.paths import ROOT
from tests.support.processes import free_port, wait_until_up
from tests.support.waiting import wait_for

TELEGRAM = "/webhooks/telegram/webhook"
TWILIO = "/webhooks/twilio/webhook"
STATUS = "/webhooks/twilio/status"
SCRIPT = "<script>alert(1)</script>"

@pytest.fixture(scope="module")
def rasa_stand_in() -> Iterator[str]:
    with echoing_rasa() as url:
        yield url


# --- the webhook corpus ------------------------------------------------------------------

TG_UNLINKED, TG_LINKED = 981_001, 981_002
SMS_UNLINKED, SMS_LINKED, WA_LINKED = "+32470981001", "+32470981002", "+32470981003"

HOSTILE_TEXTS = [
    SCRIPT, '"><img src=x onerror=alert(1)>', "<b>gras</b> & <i>italique</i>",
    "javascript:alert(document.cookie)", "{{7*7}} ${7*7} <%= 7*7 %>", "%s%s%s%n %x {0}",
    "'; DROP TABLE inbound_messages; --", "\x00", "bon\x00jour", "\x01\x02\x03\x07\x1b[31m",
    "\r\n\r\nX-Injected: 1", "\t\v\f", "\u202eenilno\u202c", "\u200f\u200e\u061c مرحبا",
    "\u200b\u200c\u200d\ufeff", "😀🏥💊🇧🇪👨‍👩‍👧", "e\u0301" * 200, "\ud800", "a\udfffb",
    "\U0010ffff", "\ufffd\ufffe\uffff", "Z̷̢̛͇̩a̵l̶g̸o̷" * 20, "a" * 2001, "é" * 5000,
    " ", "", "/start", "/start <script>", "/start " + "9" * 500, "OK 0000", "../../etc/passwd",
    "null", "[]", "{}", "true",
]

WRONG_VALUES: list[Any] = [None, 0, -1, 1.5, True, "x", "", [], [1, 2], {}, {"a": 1},
                           10**30, "9" * 300]


def _message(chat: int, text: Any = "bonjour") -> dict[str, Any]:
    return {"message_id": 1, "date": 1_764_500_000,
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "P", "language_code": "fr"},
            "text": text}


def _set(data: Any, path: tuple[str, ...], value: Any) -> Any:
    data = json.loads(json.dumps(data))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


def _drop(data: Any, path: tuple[str, ...]) -> Any:
    data = json.loads(json.dumps(data))
    node = data
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)
    return data


@dataclass(frozen=True)
class Post:
    path: str
    body: bytes
    content_type: str
    telegram_secret: str | None = None  # Telegram: the secret header
    twilio_params: dict[str, str] | None = None  # Twilio: sign these (as parsed)

    def label(self) -> str:
        return f"{self.path} {self.content_type} {self.body[:120]!r}"


def _json_post(data: Any, secret: str | None = SECRET) -> Post:
    return Post(TELEGRAM, json.dumps(data).encode(), "application/json", secret)


def telegram_corpus() -> list[Post]:
    posts: list[Post] = []
    base = {"update_id": 1, "message": _message(TG_UNLINKED)}
    fields = [("update_id",), ("message",), ("message", "message_id"), ("message", "date"),
              ("message", "chat"), ("message", "chat", "id"), ("message", "chat", "type"),
              ("message", "from"), ("message", "from", "id"),
              ("message", "from", "language_code"), ("message", "text"),
              ("message", "caption"), ("message", "entities"), ("message", "photo"),
              ("message", "reply_to_message")]
    update_id = 500_000
    for path in fields:  # wrong types everywhere
        for value in WRONG_VALUES:
            update_id += 1
            posts.append(_json_post(_set({**base, "update_id": update_id}, path, value)))
    for path in fields[1:]:  # missing fields
        update_id += 1
        posts.append(_json_post(_drop({**base, "update_id": update_id}, path)))
    callback = {"id": "cb", "chat_instance": "i", "data": "merci",
                "from": {"id": TG_UNLINKED, "is_bot": False, "first_name": "P"},
                "message": {"message_id": 2, "date": 1_764_500_000,
                            "chat": {"id": TG_UNLINKED, "type": "private"}}}
    for path in [("id",), ("data",), ("from",), ("message",), ("message", "chat")]:
        for value in (None, 5, [], {}, "x"):
            update_id += 1
            posts.append(_json_post(_set({"update_id": update_id, "callback_query": callback},
                                         ("callback_query", *path), value)))
    for chat in (TG_UNLINKED, TG_LINKED):  # hostile texts, names, language codes
        for text in HOSTILE_TEXTS:
            update_id += 1
            posts.append(_json_post({"update_id": update_id, "message": _message(chat, text)}))
        for name in (SCRIPT, "\x00", "😀" * 100, "\u202e"):
            update_id += 1
            message = _set(_message(chat), ("from", "first_name"), name)
            posts.append(_json_post({"update_id": update_id,
                                     "message": _set(message, ("from", "language_code"), name)}))
    raw = [
        b"", b"{", b"null", b"[]", b"1", b'"x"', b"{'a': 1}", b'{"update_id": NaN}',
        b'{"update_id": Infinity, "message": {}}', b'{"update_id": 1e999}',
        b'{"update_id": 1, "update_id": 2}', b"\xff\xfe\xfd", b'{"update_id": 1, "message": '
        b'{"text": "\xff\xfe", "chat": {"id": 1, "type": "private"}, "date": 1, '
        b'"message_id": 1}}', b"\xef\xbb\xbf{}", "{}".encode("utf-16"),
        b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b'{"update_id": 9, "message": ' + b'{"reply_to_message": ' * 900 + b"{}"
        + b"}" * 901, b'{"update_id": ' + b"9" * 5000 + b"}",
        json.dumps({"update_id": 10**200, "message": _message(TG_UNLINKED)}).encode(),
        json.dumps({"update_id": 77, "message": _message(10**200)}).encode(),
        json.dumps({"update_id": 78, "message": _message(TG_UNLINKED, "x" * 1_100_000)}).encode(),
        b" " * 1_100_000,
    ]
    posts += [Post(TELEGRAM, body, "application/json", SECRET) for body in raw]
    valid = json.dumps({"update_id": 600_001, "message": _message(TG_UNLINKED)}).encode()
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "",
                         "multipart/form-data; boundary=x", "application/json; charset=latin-1"):
        posts.append(Post(TELEGRAM, valid, content_type, SECRET))
    # Every body again without the secret, and with a wrong one: refused before reading.
    unsigned = [Post(p.path, p.body, p.content_type, None) for p in posts[::3]]
    forged = [Post(p.path, p.body, p.content_type, "wrong-secret") for p in posts[1::3]]
    return posts + unsigned + forged


def _twilio_params(sender: str, body: str, sid: str, whatsapp: bool = False) -> dict[str, str]:
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32,
            "From": f"whatsapp:{sender}" if whatsapp else sender,
            "To": f"whatsapp:{WHATSAPP_FROM}" if whatsapp else SMS_FROM,
            "Body": body, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01"}


def _form_post(params: dict[str, str], path: str = TWILIO) -> Post:
    return Post(path, httpx.QueryParams(params).__str__().encode(),
                "application/x-www-form-urlencoded", twilio_params=params)


def twilio_corpus() -> list[Post]:
    posts: list[Post] = []
    n = 0

    def sid() -> str:
        nonlocal n
        n += 1
        return f"SMhostile{n:06d}"

    # A form carries UTF-8: lone surrogates cannot be sent (the Telegram corpus has them).
    texts = [t for t in HOSTILE_TEXTS if not re.search("[\ud800-\udfff]", t)]
    for sender, whatsapp in ((SMS_UNLINKED, False), (SMS_LINKED, False), (WA_LINKED, True)):
        for text in texts:
            posts.append(_form_post(_twilio_params(sender, text, sid(), whatsapp)))
    base = _twilio_params(SMS_UNLINKED, "bonjour", "SMbase")
    for key in ("MessageSid", "SmsSid", "From", "To", "Body", "NumMedia"):  # missing
        posts.append(_form_post({k: v for k, v in {**base, "MessageSid": sid(),
                                                    "SmsSid": sid()}.items() if k != key}))
    for key, values in {
        "NumMedia": ["abc", "-1", "²", "1e9", "", "9" * 30, " 1 ", "١"],
        "From": ["", "whatsapp:", "whatsapp:" + SCRIPT, SCRIPT, "+" + "9" * 150, "\x00",
                 "whatsapp:whatsapp:+32470981001"],
        "MessageSid": ["S" * 150, SCRIPT, "\x00", "😀"],
        "To": [SCRIPT, "", "whatsapp:"],
    }.items():
        for value in values:
            fresh = {**base, "MessageSid": sid(), "SmsSid": sid()}
            posts.append(_form_post({**fresh, key: value}))
    huge = {**base, "MessageSid": sid(), "Body": "a" * 1_100_000}
    posts.append(_form_post(huge))
    # Bytes that are not UTF-8, percent-encoded: parsed with replacement characters.
    raw_sid = sid()
    raw = (f"MessageSid={raw_sid}&From=%2B32470981001&To=%2B3225550100&Body=%FF%FEbon%C3"
           "&NumMedia=0").encode()
    parsed = {"MessageSid": raw_sid, "From": SMS_UNLINKED, "To": SMS_FROM,
              "Body": unquote_plus("%FF%FEbon%C3"), "NumMedia": "0"}
    posts.append(Post(TWILIO, raw, "application/x-www-form-urlencoded", twilio_params=parsed))
    posts.append(Post(TWILIO, b"\xff\xfe=\xff&From=\xfe", "application/x-www-form-urlencoded",
                      twilio_params={}))
    posts.append(Post(TWILIO, json.dumps(base).encode(), "application/json", twilio_params={}))
    posts.append(Post(TWILIO, b"--x\r\nbroken", "multipart/form-data; boundary=x",
                      twilio_params={}))
    posts.append(Post(TWILIO, b"[" * 10_000, "application/x-www-form-urlencoded",
                      twilio_params={"[" * 10_000: ""}))
    # Status callbacks: unknown messages, wrong values.
    for status in ("delivered", "failed", "undelivered", "", SCRIPT, "read", "\x00", "x" * 500):
        for code in (None, "30003", "abc", "²", "-1", "9" * 40, "21610"):
            params = {"MessageSid": f"SMunknown{len(posts)}", "MessageStatus": status,
                      "AccountSid": "AC" + "0" * 32}
            if code is not None:
                params["ErrorCode"] = code
            posts.append(_form_post(params, STATUS))
    posts.append(_form_post({"MessageStatus": "failed"}, STATUS))
    posts.append(_form_post({"MessageSid": "", "MessageStatus": "failed"}, STATUS))
    return posts


def status_callbacks_for(sids: list[str]) -> list[Post]:
    """Hostile callbacks about messages the gateway did send."""
    posts = []
    values = [("failed", "²"), ("failed", "abc"), ("undelivered", "9" * 40), ("failed", "-1"),
              (SCRIPT, None), ("", None), ("failed", ""), ("delivered", "30003"),
              ("failed", "30008"), ("sent", None)]
    for i, sid in enumerate(sids):
        for status, code in values[i % 2::2]:
            params = {"MessageSid": sid, "MessageStatus": status}
            if code is not None:
                params["ErrorCode"] = code
            posts.append(_form_post(params, STATUS))
    return posts


def _send(client: httpx.Client, gw: Running, post: Post) -> httpx.Response:
    """The post's answer; a dropped connection counts as a 5xx (a crash in the handler)."""
    try:
        return _post(client, gw, post)
    except httpx.TransportError as error:
        return httpx.Response(599, text=f"{type(error).__name__}: {error}")


def _post(client: httpx.Client, gw: Running, post: Post) -> httpx.Response:
    headers = {"Content-Type": post.content_type} if post.content_type else {}
    if post.telegram_secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = post.telegram_secret
    if post.twilio_params is not None:
        headers["X-Twilio-Signature"] = gw.twilio.sign(PUBLIC_URL + post.path, post.twilio_params)
    return client.post(gw.url + post.path, content=post.body, headers=headers)


def _count(url: str, model: Any, *where: Any) -> int:
    with session_scope(url) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def corpus_gateway(db_url: str, rasa_stand_in: str, tmp_path: Path) -> Iterator[Running]:
    with running_gateway(db_url, rasa_stand_in, "token", tmp_path,
                         GATEWAY_SENDER_LIMIT="100000", GATEWAY_RASA_NOTICE_SECONDS="30",
                         TELEGRAM_CHAT_INTERVAL_SECONDS="0", TELEGRAM_RATE_PER_SECOND="0",
                         TWILIO_RATE_PER_SECOND="0", ACTION_SERVER_URL="") as gw:
        yield gw


def test_hostile_webhooks_never_5xx_never_stick_never_poison(corpus_gateway: Running) -> None:
    gw = corpus_gateway
    url = gw.database_url
    # Linked senders, so the corpus also goes the whole way through (the stand-in) Rasa.
    gw.telegram_update({"update_id": 1, "message": _message(
        TG_LINKED, f"/start {linked_patient(url, 'fr')}")})
    gw.sms(SMS_LINKED, linked_patient(url, "nl"))
    gw.sms(WA_LINKED, linked_patient(url, "fr"), whatsapp=True)
    wait_for(lambda: gw.telegram_texts(TG_LINKED) and gw.twilio_texts(SMS_LINKED)
             and gw.twilio_texts(f"whatsapp:{WA_LINKED}"))

    corpus = telegram_corpus() + twilio_corpus()
    errors: list[str] = []
    with httpx.Client(timeout=120) as client:
        for post in corpus:
            response = _send(client, gw, post)
            if response.status_code >= 500:
                errors.append(f"{response.status_code} for {post.label()}")
            if len(post.body) > 1_000_000 and response.status_code not in (403, 413):
                errors.append(f"huge body answered {response.status_code}: {post.label()}")
        try:  # the answers sent, so there are sids to call back about
            wait_for(lambda: _count(url, InboundMessage,
                                    InboundMessage.status == "received") == 0, timeout=120)
        except AssertionError:
            errors.append("inbound rows still unprocessed after the corpus")
        sids = [m["sid"] for m in gw.twilio.messages][:12]
        callbacks = status_callbacks_for(sids)
        for post in callbacks:
            response = _send(client, gw, post)
            if response.status_code >= 500:
                errors.append(f"{response.status_code} for {post.label()}")
    total = len(corpus) + len(callbacks)
    assert total >= 300
    assert not errors, f"{len(errors)} of {total} bodies answered wrongly:\n" + "\n".join(
        errors[:40])
    assert "Traceback" not in gw.log.read_text(), gw.log.read_text()[-5000:]

    # Nothing stuck: every stored message reaches a final state, no send is left half-done.
    wait_for(lambda: _count(url, InboundMessage, InboundMessage.status == "received") == 0,
             timeout=180)
    wait_for(lambda: _count(url, OutboundMessage, OutboundMessage.status == "sending") == 0,
             timeout=60)
    # No poison row: each sender's next ordinary message is still answered.
    before = {key: len(read()) for key, read in (
        ("tg_u", lambda: gw.telegram_texts(TG_UNLINKED)),
        ("tg_l", lambda: gw.telegram_texts(TG_LINKED)),
        ("sms_u", lambda: gw.twilio_texts(SMS_UNLINKED)),
        ("sms_l", lambda: gw.twilio_texts(SMS_LINKED)),
        ("wa_l", lambda: gw.twilio_texts(f"whatsapp:{WA_LINKED}")))}
    gw.telegram_update({"update_id": 900_001, "message": _message(TG_UNLINKED, "bonjour")})
    gw.telegram_update({"update_id": 900_002, "message": _message(TG_LINKED, "merci final")})
    gw.sms(SMS_UNLINKED, "bonjour")
    gw.sms(SMS_LINKED, "dank u final")
    gw.sms(WA_LINKED, "merci final", whatsapp=True)
    wait_for(lambda: len(gw.telegram_texts(TG_UNLINKED)) > before["tg_u"]
             and len(gw.twilio_texts(SMS_UNLINKED)) > before["sms_u"], timeout=60)
    wait_for(lambda: gw.telegram_texts(TG_LINKED)[-1] == "reçu : merci final", timeout=60)
    wait_for(lambda: gw.twilio_texts(SMS_LINKED)[-1] == "reçu : dank u final", timeout=60)
    wait_for(lambda: gw.twilio_texts(f"whatsapp:{WA_LINKED}")[-1] == "reçu : merci final",
             timeout=60)
    wait_for(lambda: _count(url, InboundMessage, InboundMessage.status == "received") == 0)


# --- the console -------------------------------------------------------------------------


@pytest.fixture
def console(db_url: str, rasa_stand_in: str, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    from tests.support.console_seed import seed

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
        wait_until_up(process, f"http://127.0.0.1:{port}/health", log, {})
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


CONSOLE_VALUES = [SCRIPT, f'"><svg onload=alert(1)>{SCRIPT}', f"</textarea>{SCRIPT}",
                  f"x: '{SCRIPT}'", "\x00" + SCRIPT, "😀\u202e" + SCRIPT]


def test_hostile_console_forms_are_refused_or_escaped(console: tuple[str, Any]) -> None:
    base, seeded = console
    from tests.support.console_seed import PASSWORD

    posts: list[tuple[str, dict[str, str]]] = []
    for value in CONSOLE_VALUES:
        posts.append(("/users", {"username": value, "password": "long enough pass",
                                 "role": "nurse", "team_id": str(seeded.team_a),
                                 "member": value, "language": "fr"}))
        posts.append(("/users", {"username": f"u{len(posts)}", "password": value * 2,
                                 "role": value, "team_id": value, "member": "", "language": value}))
        posts.append((f"/patients/{seeded.patient_a1}/careplan", {"careplan": value}))
        posts.append((f"/patients/{seeded.patient_a1}/careplan",
                      {"careplan": f"patient:\n  first_name: \"{value}\"\n"}))
        for op in ("add_medication", "add_appointment", "set_goal", "stop_medication",
                   "set_appointment_reminders", value):
            posts.append((f"/patients/{seeded.patient_a1}/careplan/change",
                          {"op": op, "name": value, "dose": value, "times": value,
                           "with": value, "at": value, "location": value, "notes": value,
                           "kind": value, "target": value, "comparison": value,
                           "days_per_week": value, "index": value, "hours_before": value,
                           "day_before": value}))
        posts.append((f"/rota?team={seeded.team_a}", {"team_id": str(seeded.team_a),
                                                      "rota": value}))
        posts.append((f"/rota?team={seeded.team_a}", {"team_id": value, "rota": value}))
        posts.append((f"/conversations/{seeded.identity_a1}/reply", {"text": value}))
        posts.append(("/language", {"language": value, "next": value}))

    problems: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as admin:
        signed_in = admin.post("/login", data={"username": "admin", "password": PASSWORD,
                                               "csrftoken": _token(admin), "next": "/queue"})
        assert signed_in.status_code in (200, 303), signed_in.text[:300]
        token = _token(admin, "/queue")
        taken = admin.post(f"/conversations/{seeded.identity_a1}/takeover",
                           data={"csrftoken": token})
        assert taken.status_code < 500
        statuses: dict[int, int] = {}
        echoed = 0
        for path, form in posts:
            response = admin.post(path, data={**form, "csrftoken": token})
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500 or SCRIPT in response.text:
                problems.append(f"{response.status_code} {path} {form}")
            echoed += "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
        # Taken in (not refused by CSRF or sign-in): forms re-shown (200, 422) or done
        # (303); re-shown ones carry the value back, escaped.
        assert statuses.get(403, 0) == 0, statuses
        assert echoed >= 10, (echoed, statuses)
        # The pages that show what was stored: escaped there too.
        for path in ("/users", f"/patients/{seeded.patient_a1}",
                     f"/patients/{seeded.patient_a1}/careplan", f"/rota?team={seeded.team_a}",
                     f"/conversations/{seeded.identity_a1}", "/queue", "/audit"):
            page = admin.get(path)
            if page.status_code >= 500 or SCRIPT in page.text:
                problems.append(f"{page.status_code} GET {path}")
    with httpx.Client(base_url=base, timeout=60) as stranger:  # signed out, hostile sign-ins
        for value in [*CONSOLE_VALUES, "admin", "", "a" * 10_000]:
            for next_url in ("/queue", value, "//evil.example.org", "javascript:alert(1)"):
                response = stranger.post("/login", data={
                    "username": value, "password": value, "next": next_url,
                    "csrftoken": _token(stranger)})
                posts.append(("/login", {}))
                location = response.headers.get("location", "")
                if (response.status_code >= 500 or SCRIPT in response.text
                        or location.startswith(("//", "javascript:", "http"))):
                    problems.append(f"{response.status_code} /login {value!r} {next_url!r}")
    assert len(posts) >= 50
    assert not problems, "\n".join(problems)


def test_a_nul_in_a_console_form_is_dropped_not_a_500(console: tuple[str, Any]) -> None:
    """Found by the corpus above on PostgreSQL: a reply with NUL was a 500 (PostgreSQL
    refuses NUL in text), as was a sign-in with NUL in the username."""
    base, seeded = console
    from tests.support.console_seed import PASSWORD

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

