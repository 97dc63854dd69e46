"""Several gateway processes sharing PostgreSQL and Redis (issue 16, docs/deploy.md).

Each worker runs in a process of its own (tests/support/scale_workers.py), as a second gateway
would: provider rate limits booked in Redis hold for all of them together, every
outbound message goes out exactly once and each chat's in order, and each sender's
inbound messages reach Rasa exactly once and in order, whichever process handles them.
Without PostgreSQL or Redis these tests skip (REQUIRE_POSTGRES=1 / REQUIRE_REDIS=1, as
on CI, make them fail instead).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import enrollment, outbound
from bot.db import session_scope
from bot.models import InboundMessage, OutboundMessage
from bot.outbound import Message, Recipient
from gateway.inbox import accept
from gateway.ratelimit import RateLimits
from tests.support.fakes.telegram_api import FakeTelegram
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.waiting import wait_for

TOKEN = "123456:SCALE-token"


@contextmanager
def _processes(role: str, workdir: Path, configs: list[dict[str, Any]],
               env: dict[str, str] | None = None,
               ready: bool = True) -> Iterator[list[Path]]:
    """One worker process per config; yields their result files once they are ready
    (``ready``) and, on leaving, stops them and waits for their results."""
    workdir.mkdir(parents=True, exist_ok=True)
    processes, outs = [], []
    for i, config in enumerate(configs):
        config_path, out = workdir / f"config-{i}.json", workdir / f"out-{i}.json"
        config_path.write_text(json.dumps(config))
        log = (workdir / f"worker-{i}.log").open("wb")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "tests.support.scale_workers", role, str(config_path), str(out)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
            stdout=log, stderr=subprocess.STDOUT))
        outs.append(out)
    try:
        if ready:
            for i, process in enumerate(processes):
                wait_for(lambda i=i, p=process: (workdir / f"READY-out-{i}").exists()
                         or p.poll() is not None, timeout=60)
                assert process.poll() is None, (workdir / f"worker-{i}.log").read_text()
        yield outs
        (workdir / "STOP").touch()
        for i, process in enumerate(processes):
            assert process.wait(timeout=60) == 0, (workdir / f"worker-{i}.log").read_text()
    finally:
        (workdir / "STOP").touch()
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def _results(outs: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(out.read_text()) for out in outs]


# --- (a) provider rate limits shared through Redis ---------------------------------------


def _limiter_run(redis_url: str, tmp_path: Path, rate: float, chat_interval: float,
                 addresses: list[list[str]]) -> list[tuple[float, str]]:
    scope = uuid.uuid4().hex  # keys of this test's own in the shared server
    start_at = time.time() + 5
    configs = [{"redis_url": redis_url, "scope": scope, "rate": rate,
                "chat_interval": chat_interval, "start_at": start_at, "addresses": mine}
               for mine in addresses]
    with _processes("limiter", tmp_path, configs, ready=False) as outs:
        wait_for(lambda: all(out.exists() for out in outs), timeout=60)
    results = _results(outs)
    assert not any(r["late"] for r in results), "a process started after the others ran"
    assert all(r["shared"] for r in results)
    return sorted((t, a) for r in results for t, a in r["sent"])


def test_two_processes_sharing_redis_stay_within_the_rate_together(
    redis_url: str, tmp_path: Path
) -> None:
    rate = 20
    sent = _limiter_run(redis_url, tmp_path, rate, 0.0,
                        [[f"a{i}" for i in range(20)], [f"b{i}" for i in range(20)]])
    times = [t for t, _ in sent]
    assert len(times) == 40
    # In any second, at most the rate (+ one for the window's edges, + one for timing
    # jitter); each process alone would send its 20 within the first second.
    busiest = max(sum(1 for u in times if t <= u < t + 1.0) for t in times)
    assert busiest <= rate + 2, f"{busiest} messages within one second"
    assert times[-1] - times[0] >= (len(times) - 1) / rate * 0.9


def test_two_processes_sharing_redis_keep_the_per_chat_interval(
    redis_url: str, tmp_path: Path
) -> None:
    interval = 0.3
    sent = _limiter_run(redis_url, tmp_path, 1000, interval,
                        [["42"] * 3 + ["7"] * 3, ["42"] * 3 + ["7"] * 3])
    for chat in ("42", "7"):
        times = [t for t, a in sent if a == chat]
        assert len(times) == 6
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert min(gaps) >= interval - 0.1, gaps


def test_redis_unreachable_falls_back_to_the_local_limits(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No Redis: each send is booked in memory at once, said once in the log; a 112
    answer is never held back waiting for Redis."""
    limits = RateLimits({"telegram": (10, 1.0)}, "redis://127.0.0.1:1/0")

    async def three() -> list[float]:
        waits = [await limits.reserve("telegram", "42") for _ in range(3)]
        await limits.close()
        return waits

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gateway.ratelimit"):
        waits = asyncio.run(three())
    assert time.monotonic() - started < 2
    assert waits[0] == 0 and 0.9 < waits[1] < 1.1 and 1.9 < waits[2] < 2.1  # per chat, local
    assert sum("Redis unreachable" in m for m in caplog.messages) == 1
    assert not limits.shared


def test_the_gateway_books_its_telegram_sends_in_redis(redis_url: str, tmp_path: Path) -> None:
    """GATEWAY_REDIS_URL reaches the delivery worker: its Telegram sends are booked in
    Redis (the chat's key is there right after the send)."""
    import redis

    from bot.db import migrate
    from gateway.config import Settings
    from gateway.delivery import Delivery

    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    token = f"{uuid.uuid4().int % 10**9}:SCALE"
    with session_scope(url) as s:
        outbound.send(s, Recipient(channel="telegram", address="4242"),
                      Message("Bonjour", "test:redis"))
    with FakeTelegram(token) as telegram:
        settings = Settings(telegram_token=token, twilio_sid="", twilio_token="",
                            telegram_api=telegram.base_url.removesuffix("/bot"),
                            redis_url=redis_url, telegram_chat_interval=30)
        delivery = Delivery(settings, url)

        async def once() -> list[str]:
            await delivery.start()
            try:
                assert await delivery.run_once() == 1
                assert delivery.limits.shared
                return [key for name in ("telegram",) for key in
                        delivery.limits._keys(name, "4242")]
            finally:
                await delivery.stop()

        keys = asyncio.run(once())
        assert len(telegram.sent_messages()) == 1
    client = redis.Redis.from_url(redis_url)
    assert client.exists(keys[1]) == 1  # the chat's next free time, for every gateway
    client.delete(*keys)
    client.close()


# --- (b) two delivery workers on one PostgreSQL queue ------------------------------------


def test_two_delivery_processes_send_each_message_once_and_each_chat_in_order(
    pg_url: str, tmp_path: Path
) -> None:
    chats, per_chat = [1001, 1002, 1003, 1004], 10
    with FakeTelegram(TOKEN) as telegram:
        env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL":
               telegram.base_url.removesuffix("/bot"), "TWILIO_ACCOUNT_SID": "",
               "TWILIO_AUTH_TOKEN": "", "GATEWAY_REDIS_URL": "",
               # 10 messages a chat take ≥ 2.7 s, several of the 0.5 s polls of the
               # other process: on a loaded machine one process could otherwise send
               # them all before the other looks, and "both sent" would be luck.
               "TELEGRAM_CHAT_INTERVAL_SECONDS": "0.3", "TELEGRAM_RATE_PER_SECOND": "1000"}
        configs = [{"database_url": pg_url, "batch": 2}] * 2
        with _processes("delivery", tmp_path, configs, env) as outs:
            with session_scope(pg_url) as s:  # one commit: both workers see all at once
                for chat in chats:
                    for i in range(per_chat):
                        outbound.send(s, Recipient(channel="telegram", address=str(chat)),
                                      Message(f"{chat} #{i:02d}", f"scale:{chat}:{i}"))
            total = len(chats) * per_chat
            wait_for(lambda: len(telegram.sent_messages()) >= total, timeout=60)
            time.sleep(0.5)  # a duplicate would come now
        sent = telegram.sent_messages()
    texts = [m["text"] for m in sent]
    assert len(texts) == total and len(set(texts)) == total, "a message sent twice"
    for chat in chats:
        assert [m["text"] for m in sent if m["chat_id"] == chat] == [
            f"{chat} #{i:02d}" for i in range(per_chat)], f"chat {chat} out of order"
    results = _results(outs)
    assert all(r["sent"] for r in results), "one process sent nothing: nothing was shared"
    with session_scope(pg_url) as s:
        assert set(s.scalars(select(OutboundMessage.status))) == {"sent"}


def test_a_row_left_sending_by_a_dead_process_is_sent_again_not_a_live_ones(
    pg_url: str,
) -> None:
    """Recovery on PostgreSQL: a row ``sending`` whose address no live process holds
    goes back to the queue; one whose address is held (being sent) stays as it is."""
    from gateway.config import Settings
    from gateway.delivery import Delivery
    from gateway.locks import DELIVERY, ConversationLocks

    settings = Settings(telegram_token="", twilio_sid="", twilio_token="")
    with session_scope(pg_url) as s:
        dead = outbound.send(s, Recipient(channel="sms", address="+32470000901"),
                             Message("a", "scale:dead")).id
        live = outbound.send(s, Recipient(channel="sms", address="+32470000902"),
                             Message("b", "scale:live")).id
        for row in s.scalars(select(OutboundMessage)):
            row.status = "sending"
    other = ConversationLocks(pg_url, DELIVERY)  # another, living process
    try:
        assert other.try_lock("sms", "+32470000902")
        assert Delivery(settings, pg_url)._requeue_interrupted() == 1
        with session_scope(pg_url) as s:
            assert s.get(OutboundMessage, dead).status == "queued"
            assert s.get(OutboundMessage, live).status == "sending"
    finally:
        other.close()


# --- (c) two inbox workers on one PostgreSQL inbox ---------------------------------------


class _FakeRasa:
    """Rasa's REST channel on loopback: records each message per conversation, answers
    after a short while (long enough for two processes to overlap)."""

    def __init__(self, delay: float = 0.03):
        self.received: list[tuple[str, str]] = []
        lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                time.sleep(delay)
                with lock:
                    fake.received.append((body["sender"], body["message"]))
                answer = json.dumps([{"recipient_id": body["sender"],
                                      "text": f"reçu : {body['message']}"}]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_two_inbox_processes_forward_each_senders_messages_once_and_in_order(
    pg_url: str, tmp_path: Path
) -> None:
    senders, per_sender = [f"+3247000{n:04d}" for n in range(4)], 8
    with session_scope(pg_url) as s:
        for n, phone in enumerate(senders):
            patient = make_patient(s, ref=f"scale-{n}")
            enrollment.link(s, "sms", phone, enrollment.issue_code(s, patient, "t"))
    rasa = _FakeRasa()
    try:
        configs = [{"database_url": pg_url, "rasa_url": rasa.url}] * 2
        # One conversation at a time each: the other process must take the other senders.
        env = {"GATEWAY_SENDER_LIMIT": "1000", "GATEWAY_RASA_CONCURRENCY": "1"}
        with _processes("inbox", tmp_path, configs, env) as outs:
            for i in range(per_sender):
                for n, phone in enumerate(senders):
                    accept("sms", f"SM-{n}-{i}", phone, "text", f"{n} message {i:02d}",
                           None, pg_url)

            def processed() -> bool:
                with session_scope(pg_url) as s:
                    return s.scalar(select(func.count()).select_from(InboundMessage).where(
                        InboundMessage.status == "processed")) == len(senders) * per_sender

            wait_for(processed, timeout=60)
            time.sleep(0.5)  # a second forward would come now
    finally:
        rasa.close()
    texts = [text for _, text in rasa.received]
    assert len(texts) == len(set(texts)) == len(senders) * per_sender, "forwarded twice"
    by_conversation: dict[str, list[str]] = {}
    for conversation, text in rasa.received:
        by_conversation.setdefault(conversation, []).append(text)
    assert len(by_conversation) == len(senders)
    for received in by_conversation.values():
        n = received[0].split()[0]
        assert received == [f"{n} message {i:02d}" for i in range(per_sender)], received
    results = _results(outs)
    assert all(r["forwarded"] for r in results), "one process forwarded nothing"
