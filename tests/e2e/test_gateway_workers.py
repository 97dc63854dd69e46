"""The gateway's workers in-process, with a controllable Rasa and fake providers: the
outbox default, retries while Rasa is down, WhatsApp's 24-hour window, Telegram's
retry-after, and the Telegram webhook registration and polling commands."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from bot import enrollment, outbound
from bot.db import session_scope
from bot.messages import render
from bot.models import InboundMessage, OutboundMessage, utcnow
from bot.outbound import Message, Recipient
from bot.rasa_client import RasaClient
from gateway.config import Settings
from gateway.delivery import Delivery
from gateway.inbox import Inbox, accept
from tests.support.fakes.telegram_api import FakeTelegram
from tests.support.fakes.twilio_api import FakeTwilio
from tests.support.paths import ROOT
from tests.support.patients import make_patient

NO_CREDENTIALS = Settings(telegram_token="", telegram_secret="", twilio_sid="", twilio_token="")


def _queue(url: str, channel: str, address: str, text: str = "Bonjour", **kw) -> int:
    with session_scope(url) as s:
        return outbound.send(s, Recipient(channel=channel, address=address),
                             Message(text, f"test:{address}:{text}", **kw)).id


def _row(url: str, row_id: int) -> OutboundMessage:
    with session_scope(url) as s:
        row = s.get(OutboundMessage, row_id)
        s.expunge(row)
        return row


def test_without_credentials_everything_goes_to_the_local_outbox(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    ids = [_queue(db_url, "telegram", "42"), _queue(db_url, "sms", "+32470000000"),
           _queue(db_url, "whatsapp", "+32470000001")]
    with caplog.at_level("INFO", logger="gateway.outbound"):
        sent = asyncio.run(Delivery(NO_CREDENTIALS, db_url).run_once())
    assert sent == 3
    rows = [_row(db_url, i) for i in ids]
    assert {(r.status, r.transport) for r in rows} == {("outbox", "outbox")}
    assert [r.provider_id for r in rows] == [f"outbox-{i}" for i in ids]
    assert sum("outbox: message" in line for line in caplog.messages) == 3
    assert all("Bonjour" not in line for line in caplog.messages)  # no content in logs


def test_an_idempotency_key_is_sent_once(db_url: str) -> None:
    first = _queue(db_url, "sms", "+32470000002", "Rappel")
    assert _queue(db_url, "sms", "+32470000002", "Rappel") == first


class _FlakyRasa(RasaClient):
    """Down until told otherwise, then answers like Rasa's REST channel."""

    def __init__(self) -> None:
        super().__init__(url="http://127.0.0.1:9", token="t")
        self.up = False
        self.received: list[tuple[str, str]] = []

    def send(self, conversation_id, text, metadata=None):
        if not self.up:
            return super().send(conversation_id, text, metadata)  # connection refused
        self.received.append((conversation_id, text))
        return [{"recipient_id": conversation_id, "text": f"reçu : {text}"}]

    def tracker(self, conversation_id):
        if not self.up:
            return super().tracker(conversation_id)
        return {"events": []}  # asked before a retry: Rasa never took these


def test_nothing_accepted_is_lost_while_rasa_is_down(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "t")
        conversation = enrollment.link(s, "sms", "+32470000003", code).identity.conversation_id
    assert accept("sms", "SM1", "+32470000003", "text", "bonjour", None, db_url).stored
    assert accept("sms", "SM2", "+32470000003", "text", "ça va ?", None, db_url).stored
    assert not accept("sms", "SM2", "+32470000003", "text", "ça va ?", None, db_url).stored
    rasa = _FlakyRasa()
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)
    assert asyncio.run(inbox.run_once()) == 0
    with session_scope(db_url) as s:
        rows = s.scalars(select(InboundMessage).order_by(InboundMessage.id)).all()
        assert [(r.status, r.attempts) for r in rows] == [("received", 1), ("received", 0)]
        assert rows[0].next_attempt_at > utcnow()
        # The second waits behind the first, to be tried right after it.
        assert rows[1].next_attempt_at == rows[0].next_attempt_at
        for row in rows:  # the backoff has passed
            row.next_attempt_at = utcnow()
    rasa.up = True
    assert asyncio.run(inbox.run_once()) == 2
    assert rasa.received == [(conversation, "bonjour"), (conversation, "ça va ?")]  # in order
    with session_scope(db_url) as s:
        texts = s.scalars(select(OutboundMessage.text).order_by(OutboundMessage.id)).all()
    # Told once that the assistant was unavailable, then both answers in order.
    assert texts == [render("assistant_unavailable", "fr"), "reçu : bonjour", "reçu : ça va ?"]


def test_unavailable_is_said_once_per_outage_across_restarts_and_processes(
    db_url: str,
) -> None:
    """Each Inbox here is a gateway process (or the same one restarted): before, each
    remembered in memory whom it had told, so a restart during a Rasa outage, or a
    second gateway handling the patient's next message, said it again; and a process
    that had not seen Rasa answer stayed silent in the next outage."""
    sender = "+32470000009"
    with session_scope(db_url) as s:
        patient = make_patient(s)
        enrollment.link(s, "sms", sender, enrollment.issue_code(s, patient, "t"))
    rasa = _FlakyRasa()
    notice = render("assistant_unavailable", "fr")

    def notices() -> int:
        with session_scope(db_url) as s:
            return len(s.scalars(select(OutboundMessage.id).where(
                OutboundMessage.text == notice)).all())

    def message(inbox: Inbox, sid: str, text: str) -> int:
        assert accept("sms", sid, sender, "text", text, None, db_url).stored
        handled = asyncio.run(inbox.run_once())
        with session_scope(db_url) as s:  # every backoff has passed
            for row in s.scalars(select(InboundMessage).where(
                    InboundMessage.status == "received")):
                row.next_attempt_at = utcnow()
        return handled

    first, second = Inbox(NO_CREDENTIALS, rasa, db_url), Inbox(NO_CREDENTIALS, rasa, db_url)
    assert message(first, "SM20", "bonjour") == 0
    assert notices() == 1
    assert message(second, "SM21", "ça va ?") == 0  # another process, or a restart
    assert message(Inbox(NO_CREDENTIALS, rasa, db_url), "SM22", "allô ?") == 0
    assert notices() == 1
    rasa.up = True  # the outage ends for this conversation: Rasa answers it
    assert asyncio.run(second.run_once()) == 3
    rasa.up = False  # a new outage: told again, by the process that told it the first time
    assert message(first, "SM23", "encore moi") == 0
    assert notices() == 2


def test_a_send_is_recorded_once_the_database_is_back_not_sent_again(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database stops answering between a provider accepting a message and the
    row being marked sent (bench/faults.py, PostgreSQL killed: 3 messages reached
    Telegram twice). Before, the round failed, the row stayed `sending` and was sent
    again at recovery; now the outcome, known only in memory, is written once the
    database answers again."""
    from sqlalchemy.exc import OperationalError

    row_id = _queue(db_url, "sms", "+32470000010", "Une fois")
    delivery = Delivery(NO_CREDENTIALS, db_url)
    sends: list[int] = []
    real_send, real_sent = delivery.outbox.send, delivery._sent

    async def counting_send(row, **kw):
        sends.append(row.id)
        return await real_send(row, **kw)

    down = {"left": 2}  # the database refuses the first two writes of the outcome

    def flaky_sent(*args):
        if down["left"]:
            down["left"] -= 1
            raise OperationalError("UPDATE", {}, ConnectionRefusedError("down"))
        return real_sent(*args)

    monkeypatch.setattr(delivery.outbox, "send", counting_send)
    monkeypatch.setattr(delivery, "_sent", flaky_sent)
    assert asyncio.run(delivery.run_once()) == 1
    assert _row(db_url, row_id).status == "outbox"
    asyncio.run(Delivery(NO_CREDENTIALS, db_url).start())  # a restart's recovery
    assert asyncio.run(delivery.run_once()) == 0
    assert sends == [row_id]


def test_whatsapp_outside_the_window_uses_the_approved_template(db_url: str) -> None:
    with FakeTwilio() as twilio:
        settings = Settings(telegram_token="", twilio_sid=twilio.account_sid,
                            twilio_token=twilio.auth_token, twilio_api=twilio.base_url,
                            twilio_sms_from="+3225550100", twilio_whatsapp_from="+14155238886",
                            whatsapp_template_sid="HX" + "0" * 32)
        inside, outside = "+32470000004", "+32470000005"
        accept("whatsapp", "SM3", inside, "text", "bonjour", None, db_url)
        with session_scope(db_url) as s:  # the other one wrote two days ago
            s.add(InboundMessage(channel="whatsapp", provider_message_id="SM4", sender=outside,
                                 text="x", status="processed",
                                 received_at=utcnow() - dt.timedelta(days=2)))
        _queue(db_url, "whatsapp", inside, "Votre rappel")
        _queue(db_url, "whatsapp", outside, "Votre rappel")
        asyncio.run(Delivery(settings, db_url).run_once())
        by_to = {m["to"]: m for m in twilio.messages}
        assert by_to[f"whatsapp:{inside}"]["body"] == "Votre rappel"
        template = by_to[f"whatsapp:{outside}"]
        assert template["content_sid"] == "HX" + "0" * 32
        assert '"1": "Votre rappel"' in template["content_variables"]


def test_telegram_retry_after_is_respected(db_url: str) -> None:
    with FakeTelegram("1:x") as telegram:
        settings = Settings(telegram_token="1:x", twilio_sid="", twilio_token="",
                            telegram_api=telegram.base_url.removesuffix("/bot"))
        telegram.fail_next("sendMessage", 429, "Too Many Requests: retry after 30",
                           retry_after=30)
        row_id = _queue(db_url, "telegram", "4242")

        async def once() -> None:
            delivery = Delivery(settings, db_url)
            await delivery.start()
            await delivery.run_once()
            await delivery.stop()

        asyncio.run(once())
        row = _row(db_url, row_id)
        assert (row.status, row.error_code, row.attempts) == ("queued", "telegram_429", 1)
        assert row.next_attempt_at >= utcnow() + dt.timedelta(seconds=25)


def test_set_webhook_and_polling_mode(db_url: str) -> None:
    with FakeTelegram("2:y") as telegram:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "2:y", "TELEGRAM_WEBHOOK_SECRET": "sekret",
               "TELEGRAM_API_BASE_URL": telegram.base_url.removesuffix("/bot"),
               "GATEWAY_PUBLIC_URL": "https://care.example.org", "CARE_DATABASE_URL": db_url,
               "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""}
        result = subprocess.run([sys.executable, "-m", "gateway", "set-webhook"], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert telegram.webhook["url"] == "https://care.example.org/webhooks/telegram/webhook"
        assert telegram.webhook["secret_token"] == "sekret"

        # Polling: the update goes through the same inbox; an unlinked chat is told how
        # to join (no Rasa needed for that).
        process = subprocess.Popen([sys.executable, "-m", "gateway", "poll"], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            telegram.queue_text(5151, "bonjour")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not telegram.sent_messages():
                time.sleep(0.2)
            assert telegram.sent_messages()[0]["text"].startswith("Bonjour ! Ce service")
            assert str(telegram.sent_messages()[0]["chat_id"]) == "5151"
        finally:
            process.terminate()
            process.wait(timeout=20)


def test_urgent_then_replies_then_reminders_when_the_rate_is_the_bottleneck(
    db_url: str,
) -> None:
    reminder = _queue(db_url, "sms", "+32470000010", "Rappel", priority=2)
    reply = _queue(db_url, "sms", "+32470000011", "Réponse")
    urgent = _queue(db_url, "sms", "+32470000012", "112", urgent=True)
    order = []
    for _ in range(3):
        asyncio.run(Delivery(NO_CREDENTIALS, db_url).run_once(limit=1))
        order += [i for i in (reminder, reply, urgent)
                  if _row(db_url, i).status == "outbox" and i not in order]
    assert order == [urgent, reply, reminder]


def test_a_reminder_to_a_blocked_telegram_account_falls_back_to_sms(db_url: str) -> None:
    from zoneinfo import ZoneInfo

    from reminders.dispatch import dispatch_due
    from reminders.planner import plan

    with session_scope(db_url) as s:
        patient = make_patient(s, phone="+32470123999")
        enrollment.link(s, "telegram", "5151", enrollment.issue_code(s, patient, "t"))
        at = dt.datetime(2026, 11, 24, 8, 0, tzinfo=ZoneInfo("Europe/Brussels"))
        plan(s, patient, at - dt.timedelta(hours=1))
        assert len(dispatch_due(s, at)) == 1
    with FakeTelegram("1:x") as telegram, FakeTwilio() as twilio:
        settings = Settings(telegram_token="1:x",
                            telegram_api=telegram.base_url.removesuffix("/bot"),
                            twilio_sid=twilio.account_sid, twilio_token=twilio.auth_token,
                            twilio_api=twilio.base_url, twilio_sms_from="+3225550100")
        telegram.block_chat(5151)

        async def deliver() -> None:
            delivery = Delivery(settings, db_url)
            await delivery.start()
            while await delivery.run_once():
                pass
            await delivery.stop()

        asyncio.run(deliver())
        assert [m["to"] for m in twilio.messages] == ["+32470123999"]
        assert twilio.messages[0]["body"].startswith("Bonjour Marie, c'est l'heure de votre "
                                                     "médicament de 8h")
    with session_scope(db_url) as s:
        rows = s.scalars(select(OutboundMessage).order_by(OutboundMessage.id)).all()
        assert [(r.channel, r.status, r.priority) for r in rows] == [
            ("telegram", "failed", 2), ("sms", "sent", 2)]
        assert rows[1].idempotency_key == f"{rows[0].idempotency_key}:sms"


def test_a_wake_up_during_an_empty_round_is_not_lost(db_url: str) -> None:
    """A 112 answer queued while the delivery worker finds nothing must start the next
    round at once, not after the idle wait (it cost some answers half a second)."""
    delivery = Delivery(NO_CREDENTIALS, db_url)
    rounds: list[float] = []
    stop = asyncio.Event()

    async def run_once() -> int:
        rounds.append(time.monotonic())
        if len(rounds) == 1:
            delivery.wakeup.set()  # something was queued while this round looked
        else:
            stop.set()
        return 0

    delivery.run_once = run_once
    asyncio.run(asyncio.wait_for(delivery.run_forever(stop), timeout=5))
    assert len(rounds) == 2 and rounds[1] - rounds[0] < 0.4


def test_an_unexpected_error_leaves_no_row_sending(db_url: str) -> None:
    """A transport that raises something unforeseen: the row goes back to the queue
    with a backoff (not left in "sending" until a restart), the others still go."""
    broken, fine = _queue(db_url, "sms", "+32470000031"), _queue(db_url, "sms", "+32470000032")
    delivery = Delivery(NO_CREDENTIALS, db_url)

    class Flaky:
        name = "outbox"

        async def send(self, row, *, within_window=True):
            if row.address.endswith("31"):
                raise KeyError("a bug")
            return f"outbox-{row.id}", "outbox"

    delivery.transport_for = lambda channel: Flaky()
    assert asyncio.run(delivery.run_once()) == 2
    row = _row(db_url, broken)
    assert (row.status, row.error_code, row.attempts) == ("queued", "unexpected", 1)
    assert row.next_attempt_at > utcnow()
    assert _row(db_url, fine).status == "outbox"


def test_a_telegram_row_without_a_chat_id_fails_at_once(db_url: str) -> None:
    with FakeTelegram("123:abc") as telegram:
        settings = Settings(telegram_token="123:abc", twilio_sid="", twilio_token="",
                            telegram_api=telegram.base_url.removesuffix("/bot"))
        row_id = _queue(db_url, "telegram", "not-a-chat")
        delivery = Delivery(settings, db_url)

        async def once() -> None:
            await delivery.start()
            try:
                await delivery.run_once()
            finally:
                await delivery.stop()

        asyncio.run(once())
    row = _row(db_url, row_id)
    assert (row.status, row.error_code) == ("failed", "telegram_address")


class _LosingRasa(RasaClient):
    """Takes the message, then the answer is lost (a read time-out), the first time."""

    def __init__(self) -> None:
        super().__init__(url="http://127.0.0.1:9", token="t")
        self.events: list[dict] = []
        self.sends = 0

    def send(self, conversation_id, text, metadata=None):
        self.sends += 1
        self.events += [{"event": "user", "text": text, "metadata": metadata},
                        {"event": "action", "name": "action_record_progress"},
                        {"event": "bot", "text": f"noté : {text}", "data": {}}]
        if self.sends == 1:
            raise httpx.ReadTimeout("timed out")
        return [{"text": f"noté : {text}"}]

    def tracker(self, conversation_id):
        return {"events": list(self.events)}


def test_a_message_whose_answer_was_lost_is_not_sent_to_rasa_again(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "t")
        enrollment.link(s, "sms", "+32470000041", code)
    accept("sms", "SM-x1", "+32470000041", "text", "j'ai marché 30 minutes", None, db_url)
    rasa = _LosingRasa()
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)
    asyncio.run(inbox.run_once())
    with session_scope(db_url) as s:
        row = s.scalars(select(InboundMessage)).one()
        assert (row.status, row.attempts) == ("received", 1)
        row.next_attempt_at = utcnow()
    asyncio.run(inbox.run_once())
    assert rasa.sends == 1  # taken once, not twice
    with session_scope(db_url) as s:
        assert s.scalars(select(InboundMessage)).one().status == "processed"
        texts = s.scalars(select(OutboundMessage.text).where(
            OutboundMessage.address == "+32470000041")).all()
    assert "noté : j'ai marché 30 minutes" in texts


class _ActionlessRasa(RasaClient):
    """Rasa while the action server is down: it records the message, fails to call the
    custom action, and answers nothing (Rasa 3.6 logs the failure and goes on)."""

    def __init__(self) -> None:
        super().__init__(url="http://127.0.0.1:9", token="t")
        self.actions_up = False
        self.events: list[dict] = []
        self.sends = 0

    def send(self, conversation_id, text, metadata=None):
        self.sends += 1
        self.events += [{"event": "user", "text": text, "metadata": metadata},
                        {"event": "action", "name": "action_record_progress"}]
        if not self.actions_up:
            return []
        self.events.append({"event": "bot", "text": f"noté : {text}", "data": {}})
        return [{"text": f"noté : {text}"}]

    def tracker(self, conversation_id):
        return {"events": list(self.events)}


@contextlib.contextmanager
def _healthy_action_server(status: int = 200) -> Iterator[str]:
    """An action server's /health answering ``status`` (200: ok; 503: up, its
    database down): the URL."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Healthy(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Healthy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/health"
    finally:
        server.shutdown()


def _linked_with_message(db_url: str, phone: str, sid: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "t")
        enrollment.link(s, "sms", phone, code)
    accept("sms", sid, phone, "text", "j'ai marché 30 minutes", None, db_url)


def _answers_to(db_url: str, phone: str) -> list[str]:
    with session_scope(db_url) as s:
        assert s.scalars(select(InboundMessage)).one().status == "processed"
        return list(s.scalars(select(OutboundMessage.text).where(
            OutboundMessage.address == phone).order_by(OutboundMessage.id)))


def test_an_empty_answer_is_not_taken_for_good_when_the_action_server_is_back_already(
    db_url: str,
) -> None:
    """bench/faults.py, PostgreSQL turn: the action ran while the database was down and
    failed, Rasa answered nothing, and by the time the gateway asked the action
    server's /health (seconds later, under load) the database was back: ok. The
    message was marked processed, never answered, its effect never recorded. An empty
    answer is now sent to Rasa once more before it is believed."""
    _linked_with_message(db_url, "+32470000043", "SM-r1")
    rasa = _ActionlessRasa()  # the action fails once: its database was down
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)
    with _healthy_action_server() as health_url:
        inbox.actions_health_url = health_url
        asyncio.run(inbox.run_once())
        rasa.actions_up = True
        with session_scope(db_url) as s:  # due again at once
            assert s.scalars(select(InboundMessage.status)).one() == "received"
        asyncio.run(inbox.run_once())
    assert rasa.sends == 2
    assert _answers_to(db_url, "+32470000043") == ["noté : j'ai marché 30 minutes"]


def test_an_empty_answer_twice_with_the_action_server_ok_is_believed(db_url: str) -> None:
    """A message Rasa really answers with nothing costs one more call, not a loop."""
    _linked_with_message(db_url, "+32470000044", "SM-r2")
    rasa = _ActionlessRasa()  # never answers
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)
    with _healthy_action_server() as health_url:
        inbox.actions_health_url = health_url
        asyncio.run(inbox.run_once())
        asyncio.run(inbox.run_once())
        asyncio.run(inbox.run_once())
    assert rasa.sends == 2
    assert _answers_to(db_url, "+32470000044") == []


def test_a_retried_message_rasa_took_without_answering_is_sent_again(db_url: str) -> None:
    """A message tried before (here: its first answer lost to a time-out) is looked up
    in the conversation instead of being sent to Rasa twice. Found there with no
    answer after it (its action failed: the action server or its database was down)
    it was taken as answered with nothing: never answered. Now it is sent again (its
    effects are keyed by the inbound id: nothing is recorded twice)."""
    _linked_with_message(db_url, "+32470000045", "SM-r3")
    with session_scope(db_url) as s:
        row = s.scalars(select(InboundMessage)).one()
        row.attempts, row.error = 1, "Rasa unreachable: ReadTimeout"
        row_id = row.id
    rasa = _ActionlessRasa()
    rasa.send("c", "j'ai marché 30 minutes", {"inbound_id": row_id})  # taken, no answer
    rasa.actions_up = True
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)
    with _healthy_action_server() as health_url:
        inbox.actions_health_url = health_url
        asyncio.run(inbox.run_once())
    assert rasa.sends == 2
    assert _answers_to(db_url, "+32470000045") == ["noté : j'ai marché 30 minutes"]


def test_a_message_held_for_the_action_server_is_marked_once_the_database_answers(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The action failed because the care database was down; the gateway's own writes
    (the notice, the retry) then failed too. The exception left the row unmarked and
    the comeback untold, so the gateway's /health said the action server was down until
    its next 30-s probe (bench/faults.py: ok 26 s after a PostgreSQL crash). Now the
    comeback is told first and the writes wait for the database."""
    from sqlalchemy.exc import OperationalError

    from gateway import forwarding
    from gateway.comeback import ACTIONS_LOST

    _linked_with_message(db_url, "+32470000046", "SM-r4")
    real_tell = forwarding.RasaForwarding._tell_unavailable
    refusals = [1, 2]

    def tell_once_the_database_is_back(self, forward):
        if refusals:
            refusals.pop()
            raise OperationalError("INSERT", {}, Exception("connection refused"))
        return real_tell(self, forward)

    monkeypatch.setattr(forwarding.RasaForwarding, "_tell_unavailable",
                        tell_once_the_database_is_back)
    rasa = _ActionlessRasa()
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)

    async def probe() -> None:
        pass

    inbox.comeback.add("action_server", ACTIONS_LOST, probe)  # as gateway/app.py does
    inbox.comeback.watched.clear()  # nothing waits yet
    with _healthy_action_server(503) as health_url:
        inbox.actions_health_url = health_url
        asyncio.run(inbox.run_once())
    assert inbox.comeback.watched.get("action_server") == "down"
    assert not refusals
    with session_scope(db_url) as s:
        row = s.scalars(select(InboundMessage)).one()
        assert (row.status, row.attempts) == ("received", 1)
        assert row.error.startswith("action server unreachable")
        texts = s.scalars(select(OutboundMessage.text).where(
            OutboundMessage.address == "+32470000046")).all()
    assert texts == [render("assistant_unavailable", "fr")]


def test_a_message_taken_while_the_action_server_was_down_is_processed_when_it_is_back(
    db_url: str,
) -> None:
    """bench/faults.py found it: a killed action server made Rasa answer nothing, and
    the message was marked processed, its dose or progress never recorded. Now an
    empty answer is checked against the action server's /health; while it is down the
    message waits (the patient is told once) and goes to Rasa again when it is back,
    not looked up in the tracker (where it is, with no answer after it)."""
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "t")
        enrollment.link(s, "sms", "+32470000042", code)
    accept("sms", "SM-a1", "+32470000042", "text", "j'ai marché 30 minutes", None, db_url)
    rasa = _ActionlessRasa()
    inbox = Inbox(NO_CREDENTIALS, rasa, db_url)
    inbox.actions_health_url = "http://127.0.0.1:9/health"  # refused: down
    asyncio.run(inbox.run_once())
    with session_scope(db_url) as s:
        row = s.scalars(select(InboundMessage)).one()
        assert (row.status, row.attempts) == ("received", 1)
        assert row.error.startswith("action server unreachable")
        row.next_attempt_at = utcnow()
    with _healthy_action_server() as health_url:
        inbox.actions_health_url = health_url
        rasa.actions_up = True
        asyncio.run(inbox.run_once())
    assert rasa.sends == 2  # sent again, not looked up
    with session_scope(db_url) as s:
        assert s.scalars(select(InboundMessage)).one().status == "processed"
        texts = s.scalars(select(OutboundMessage.text).where(
            OutboundMessage.address == "+32470000042").order_by(OutboundMessage.id)).all()
    assert texts == [render("assistant_unavailable", "fr"), "noté : j'ai marché 30 minutes"]


def test_a_message_that_breaks_the_inbox_fails_and_is_flagged_instead_of_blocking(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A poison row (a message some rule raises on, as an empty WhatsApp sender did with
    NoChannelError before the door refused it) is tried a few times with a backoff,
    then failed with an `unprocessed` flag; the sender's other messages and other
    senders go on. It used to stay `received`, retried every half second for ever."""
    from bot.models import Flag
    from gateway import guards
    from gateway import inbox as inbox_module

    def breaks(m: guards.Incoming) -> bool:
        if m.row.text == "poison":
            raise RuntimeError("a bug")
        return False
    monkeypatch.setattr(inbox_module, "GUARDS", [breaks, *guards.GUARDS])
    accept("sms", "SM-poison", "+32470000051", "text", "poison", None, db_url)
    accept("sms", "SM-after", "+32470000051", "text", "bonjour", None, db_url)
    accept("sms", "SM-other", "+32470000052", "text", "bonjour", None, db_url)
    inbox = Inbox(NO_CREDENTIALS, _FlakyRasa(), db_url)

    def rows() -> dict[str, InboundMessage]:
        with session_scope(db_url) as s:
            found = s.scalars(select(InboundMessage)).all()
            for row in found:
                s.expunge(row)
            return {row.provider_message_id: row for row in found}
    for attempt in (1, 2, 3):
        asyncio.run(inbox.run_once())
        found = rows()
        assert found["SM-poison"].attempts == attempt
        assert "RuntimeError: a bug" in found["SM-poison"].error
        assert found["SM-after"].status == found["SM-other"].status == "processed"
        if attempt < 3:
            assert found["SM-poison"].status == "received"
            assert found["SM-poison"].next_attempt_at > utcnow()
            with session_scope(db_url) as s:  # the backoff has passed
                s.get(InboundMessage, found["SM-poison"].id).next_attempt_at = utcnow()
    assert found["SM-poison"].status == "failed"
    with session_scope(db_url) as s:
        assert s.scalars(select(Flag).where(Flag.kind == "unprocessed")).one()
