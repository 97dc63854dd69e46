"""The latency benchmarks' measurement (bench/harness.py): a turn is timed from the
webhook POST to the answer's arrival at the fake Telegram server. Checked against a
stand-in gateway that answers after a known delay."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from bench.harness import (
    WEBHOOK_SECRET,
    Stack,
    TelegramPatient,
    TimedTelegram,
    answers_200,
    free_port,
    launch,
    percentile,
)

DELAY = 0.3


def _stand_in_gateway(telegram: TimedTelegram) -> ThreadingHTTPServer:
    """Answers 200 at once, then sends "ok" to the chat DELAY seconds later."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            import json

            update = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            assert self.headers["X-Telegram-Bot-Api-Secret-Token"] == WEBHOOK_SECRET
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            chat = update["message"]["chat"]["id"]

            def answer() -> None:
                time.sleep(DELAY)
                httpx.post(f"{telegram.base_url}1:test/sendMessage",
                           data={"chat_id": str(chat), "text": "ok"})

            threading.Thread(target=answer, daemon=True).start()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_turn_is_timed_from_the_webhook_to_the_answer_at_the_fake(tmp_path) -> None:
    with TimedTelegram("1:test") as telegram:
        server = _stand_in_gateway(telegram)
        try:
            stack = Stack(tmp_path, "", "", "", f"http://127.0.0.1:{server.server_port}",
                          telegram)
            with httpx.Client() as client:
                patient = TelegramPatient(stack, 42, "fr", client)
                latencies = []
                for _ in range(3):
                    _, latency, replies = patient.say("bonjour")
                    assert replies == ["ok"]
                    latencies.append(latency)
        finally:
            server.shutdown()
    # Never less than the known delay; the margin is for a loaded machine.
    assert all(DELAY <= latency < DELAY + 1.0 for latency in latencies), latencies


def test_percentiles_are_nearest_rank() -> None:
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (
        50, 95, 99)
    assert percentile([7.0], 99) == 7.0


def test_a_process_is_killed_with_its_children_and_started_again_as_it_was(tmp_path) -> None:
    """bench/faults.py's kill and restart: SIGKILL reaches the whole family (a shell
    and the server it started), and the restart serves again on the same port."""
    import os
    import sys

    import psutil

    port = free_port()
    command = ["sh", "-c", f"{sys.executable} -m http.server {port} --bind 127.0.0.1; true"]
    process = launch("server", command, dict(os.environ), tmp_path,
                     answers_200(f"http://127.0.0.1:{port}/"), cwd=tmp_path, timeout=30)
    try:
        family = [psutil.Process(process.popen.pid),
                  *psutil.Process(process.popen.pid).children(recursive=True)]
        assert len(family) == 2  # sh and python
        process.kill()
        assert not any(p.is_running() for p in family)
        assert not answers_200(f"http://127.0.0.1:{port}/")(process)
        assert process.restart(timeout=30) < 30
        assert answers_200(f"http://127.0.0.1:{port}/")(process)
        assert process.start_seconds < 30
    finally:
        process.kill()
