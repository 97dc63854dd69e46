"""The gateway's own CPU per message, by stage, in one process (issue 16).

``bench/message_latency.py`` measures the whole system, where Rasa's CPU and the
machine's load hide a change of a millisecond in the gateway. This runs only the
gateway's per-message path, in process, one message at a time, and counts the CPU
time (``time.process_time``: every thread of the process) of each stage:

    webhook   the Telegram webhook through Starlette (an ASGI call, no socket): parsed,
              stored and screened by the safety net (gateway/accept.py)
    inbox     one round of the inbox worker: the due message read, the guards, the
              forward to Rasa (httpx, a fake Rasa answering at once), the answer queued
    delivery  one round of the delivery worker: the claim, python-telegram-bot's send
              to the fake Telegram server, the row marked sent

The fake Rasa and the fake Telegram server run in the parent process, so their CPU is
not counted; the measured run is a child process on a fresh SQLite database (or
``--database-url``), linked patients writing the scripted conversations of
bench/harness.py in turn, the first ``--warmup`` messages not counted.

    .venv/services/bin/python -m bench.gateway_cpu                      # this code
    .venv/services/bin/python -m bench.gateway_cpu --compare /tmp/main  # and another checkout
    .venv/services/bin/python -m bench.gateway_cpu --profile bench/out/gateway.prof

``--compare DIR`` runs the same child against the code in DIR (a worktree of main,
say), the two alternating ``--rounds`` times, so both see the same machine; the table
gives each one's median over its rounds. ``--profile`` runs the worker threads' work
inline (no thread pool) under cProfile and prints the functions that cost most.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:BENCH-token"  # noqa: S105 - the fake's; nothing reaches Telegram
SECRET = "bench-webhook-secret"  # noqa: S105 - loopback only
STAGES = ("webhook", "inbox", "delivery")
CHAT_BASE = 6_000_000_000


# --- the fakes (parent process) ------------------------------------------------------


class _RasaHandler(BaseHTTPRequestHandler):
    """Rasa's REST channel answering one text at once, keep-alive like Sanic."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._answer(b'{"version": "fake"}')

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self._answer(json.dumps([{"recipient_id": body.get("sender"),
                                  "text": f"Bien reçu : {body.get('message')}"}]).encode())

    def _answer(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _fakes() -> tuple[Any, ThreadingHTTPServer]:
    from tests.support.fakes.telegram_api import FakeTelegram

    telegram = FakeTelegram(TOKEN).start()
    rasa = ThreadingHTTPServer(("127.0.0.1", 0), _RasaHandler)
    rasa.daemon_threads = True
    threading.Thread(target=rasa.serve_forever, daemon=True).start()
    return telegram, rasa


# --- the measured run (child process) ------------------------------------------------


def _update(chat_id: int, update_id: int, text: str, language_code: str) -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "P",
                 "language_code": language_code},
        "text": text}}).encode()


async def _post(app: Any, path: str, body: bytes, headers: dict[str, str]) -> int:
    """One request through the ASGI app, as uvicorn would hand it over."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 40000),
             "server": ("127.0.0.1", 8080),
             "headers": [(k.lower().encode(), v.encode()) for k, v in
                         {**headers, "content-length": str(len(body))}.items()]}
    sent = False
    status = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    return status[0]


def _inline_threads() -> None:
    """asyncio.to_thread runs its function at once, in the loop's thread: cProfile sees
    one thread only."""
    async def inline(func: Any, /, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    asyncio.to_thread = inline  # type: ignore[assignment]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import event

    from bench.harness import SCRIPTS
    from bot import enrollment
    from bot.db import _factory, migrate, session_scope
    from bot.nlu import emergency_classifier
    from bot.rasa_client import RasaClient
    from gateway.app import Gateway
    from gateway.config import Settings
    from tests.support.patients import make_patient

    if args.profile:
        _inline_threads()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/care.db"
        migrate(url)
        senders = []
        with session_scope(url) as s:
            for n in range(args.patients):
                lang = ("fr", "nl")[n % 2]
                patient = make_patient(s, ref=f"cpu-{os.getpid()}-{n}", language=lang)
                chat = CHAT_BASE + os.getpid() * 1000 + n
                enrollment.link(s, "telegram", str(chat),
                                enrollment.issue_code(s, patient, "bench"))
                senders.append((chat, lang))
        settings = Settings(
            telegram_token=TOKEN, telegram_secret=SECRET, telegram_api=args.telegram,
            twilio_sid="", twilio_token="", redis_url="", sender_limit_per_minute=10**6,
            telegram_rate_per_second=0, telegram_chat_interval=0)
        gateway = Gateway(settings, url, rasa=RasaClient(url=args.rasa, token="t"))  # noqa: S106
        app = gateway.app()
        engine = _factory(url).kw["bind"]
        statements: Counter[str] = Counter()
        stage = ["setup"]
        event.listen(engine, "before_cursor_execute",
                     lambda *_: statements.update([stage[0]]))
        event.listen(engine, "commit", lambda *_: statements.update([stage[0] + " commits"]))
        emergency_classifier.warm_up()
        cpu: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        wall: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        headers = {"content-type": "application/json",
                   "x-telegram-bot-api-secret-token": SECRET}

        async def run() -> None:
            await gateway.delivery.start()
            for n in range(args.warmup + args.messages):
                chat, lang = senders[n % len(senders)]
                script = SCRIPTS[lang]
                text = script[(n // len(senders)) % len(script)]
                counted = n >= args.warmup
                if n == args.warmup:
                    statements.clear()
                    if args.profile:
                        profiler.enable()
                update = _update(chat, 10_000 + n, text, lang)
                steps = (
                    ("webhook", functools.partial(_post, app, "/webhooks/telegram/webhook",
                                                  update, headers)),
                    ("inbox", gateway.inbox.run_once),
                    ("delivery", gateway.delivery.run_once))
                for name, step in steps:
                    stage[0] = name if counted else "warmup"
                    c0, w0 = time.process_time(), time.perf_counter()
                    result = await step()
                    c1, w1 = time.process_time(), time.perf_counter()
                    if result not in (200, 1):
                        raise RuntimeError(f"message {n}: {name} gave {result}")
                    if counted:
                        cpu[name] += c1 - c0
                        wall[name] += w1 - w0
            if args.profile:
                profiler.disable()
            await gateway.delivery.stop()

        import cProfile
        profiler = cProfile.Profile()
        asyncio.run(run())
        if args.profile:
            _report_profile(profiler, args.profile)
        n = args.messages
        return {"cpu_ms": {k: 1000 * v / n for k, v in cpu.items()},
                "wall_ms": {k: 1000 * v / n for k, v in wall.items()},
                "statements": {k: v / n for k, v in sorted(statements.items())},
                "messages": n}


def _report_profile(profiler: Any, path: str) -> None:
    import pstats

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(path)
    stats = pstats.Stats(path, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(r"/(bot|gateway)/", 40)


# --- the comparison (parent process) -------------------------------------------------


def _child(code: Path, args: argparse.Namespace, telegram: str, rasa: str,
           profile: str | None) -> dict[str, Any]:
    command = [sys.executable, str(ROOT / "bench" / "gateway_cpu.py"), "--measure",
               "--telegram", telegram, "--rasa", rasa, "--messages", str(args.messages),
               "--warmup", str(args.warmup), "--patients", str(args.patients)]
    if args.database_url:
        command += ["--database-url", args.database_url]
    if profile:
        command += ["--profile", profile]
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, cwd=code, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise RuntimeError(f"{code}: {done.stderr[-3000:]}")
    if profile:
        sys.stderr.write(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--patients", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare", type=Path, help="another checkout, measured too")
    parser.add_argument("--database-url")
    parser.add_argument("--profile", help="cProfile of this code's run to this file")
    parser.add_argument("--json", type=Path, help="the figures, also to this file")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--telegram", help=argparse.SUPPRESS)
    parser.add_argument("--rasa", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args)))
        return
    telegram, rasa = _fakes()
    rasa_url = f"http://127.0.0.1:{rasa.server_address[1]}"
    telegram_url = telegram.base_url.removesuffix("/bot")
    codes = {"this": ROOT}
    if args.compare:
        codes = {"compare": args.compare.resolve(), "this": ROOT}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
    load = os.getloadavg()[0]
    if args.profile:
        _child(ROOT, args, telegram_url, rasa_url, args.profile)
        return
    for _ in range(args.rounds):
        for name, code in codes.items():
            runs[name].append(_child(code, args, telegram_url, rasa_url, None))
    telegram.stop()
    rasa.shutdown()
    print(f"{args.messages} messages a run, {args.rounds} runs each, "
          f"load average {load:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")
    print(f"{'':10}" + "".join(f"{s:>22}" for s in (*STAGES, "total")))
    figures = {}
    for name, results in runs.items():
        medians = {s: statistics.median(r["cpu_ms"][s] for r in results) for s in STAGES}
        medians["total"] = statistics.median(sum(r["cpu_ms"].values()) for r in results)
        spread = [sum(r["cpu_ms"].values()) for r in results]
        statements = results[-1]["statements"]
        figures[name] = {"cpu_ms": medians, "totals": spread, "statements": statements,
                         "code": str(codes[name])}
        print(f"{name:10}" + "".join(f"{medians[s]:19.2f} ms" for s in (*STAGES, "total"))
              + f"   (runs: {', '.join(f'{t:.2f}' for t in spread)})")
        print(f"{'':10}statements and commits per message: "
              + ", ".join(f"{k} {v:g}" for k, v in statements.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"load": load, "runs": figures}, indent=1))


if __name__ == "__main__":
    main()
