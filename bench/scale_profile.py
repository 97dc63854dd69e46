"""The scale-out profile for the benchmarks, started by the run command itself.

`scripts/run --scale --no-setup` (docs/deploy.md) on throw-away PostgreSQL databases
(care data; Rasa's trackers) and Redis (the gateways' shared rate limits, Rasa's
RedisLockStore): RASA_PROCESSES Rasa servers, ACTIONS_PROCESSES action servers,
GATEWAY_PROCESSES gateways, REMINDERS_PARTITIONS schedulers and a console, each under
scripts/supervise, with python-telegram-bot pointed at the fake Telegram server of
this process. Telegram's limits and the flood guard are off, as in harness.system.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psutil

from bench.harness import (
    ROOT,
    TELEGRAM_TOKEN,
    WEBHOOK_SECRET,
    Process,
    Stack,
    TimedTelegram,
    base_env,
    launch,
)
from tests.support.processes import free_ports

POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL",
                                    "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Databases of their own: the tests use 0 (gateway) and 1 (Rasa's locks).
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
RASA_LOCK_REDIS_DB = "3"
# What each server process runs (scripts/serve-*), to find it under honcho.
KINDS = {"rasa": re.compile(r"/rasa run "), "actions": re.compile(r"-m actions\.server"),
         "gateway": re.compile(r"-m gateway\b"), "reminders": re.compile(r"-m reminders\b"),
         "console": re.compile(r"-m console\b")}


@contextmanager
def _databases() -> Iterator[tuple[str, str]]:
    """Two throw-away PostgreSQL databases: (care URL for SQLAlchemy 2 + psycopg 3,
    tracker URL for Rasa's SQLAlchemy 1.4 + psycopg2)."""
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    names = [f"bench_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("care", "rasa")]
    with admin.connect() as connection:
        for name in names:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield (f"{base}/{names[0]}",
               f"{base}/{names[1]}".replace("postgresql+psycopg://", "postgresql://"))
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _answers(url: str, params: dict[str, str] | None = None, model: bool = False) -> bool:
    try:
        r = httpx.get(url, params=params or {}, timeout=5)
        return r.status_code == 200 and (not model or bool(r.json().get("model_file")))
    except (httpx.TransportError, ValueError):
        return False


def server_pids(root: int) -> dict[str, int]:
    """The server processes under the run command: name (kind + index, by pid) -> pid."""
    found: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for child in psutil.Process(root).children(recursive=True):
        try:
            line = " ".join(child.cmdline())
        except psutil.Error:
            continue
        for kind, pattern in KINDS.items():
            if pattern.search(line) and "python" in line.split(" ")[0]:
                found[kind].append(child.pid)
                break
    return {f"{kind}{i}": pid for kind, pids in found.items()
            for i, pid in enumerate(sorted(pids))}


@contextmanager
def scale_system(workdir: Path, model: Path, processes: int = 2,
                 ) -> Iterator[tuple[Stack, dict[str, int]]]:
    """The scale-out profile, `processes` of each kind; yields the stack (its
    `gateway_urls` all the gateways) and the server processes' pids by name."""
    workdir.mkdir(parents=True, exist_ok=True)
    parts = urlsplit(REDIS_URL)
    import redis

    redis.Redis(host=parts.hostname, port=parts.port or 6379, socket_timeout=3).ping()
    token = secrets.token_hex(16)
    rasa, actions, gateways = (free_ports(processes) for _ in range(3))
    console = free_ports(1)
    with _databases() as (care_url, tracker_url), TimedTelegram(TELEGRAM_TOKEN) as telegram:
        env = {**base_env(), "VAR_DIR": str(workdir / "var"), "RASA_MODEL": str(model),
               "CARE_DATABASE_URL": care_url, "RASA_TRACKER_URL": tracker_url,
               "GATEWAY_REDIS_URL": REDIS_URL,
               "RASA_LOCK_REDIS_HOST": parts.hostname or "127.0.0.1",
               "RASA_LOCK_REDIS_PORT": str(parts.port or 6379),
               "RASA_LOCK_REDIS_DB": RASA_LOCK_REDIS_DB,
               **{name: str(processes) for name in ("RASA_PROCESSES", "ACTIONS_PROCESSES",
                                                    "GATEWAY_PROCESSES",
                                                    "REMINDERS_PARTITIONS")},
               "RASA_PORT": str(rasa), "ACTION_SERVER_PORT": str(actions),
               "GATEWAY_PORT": str(gateways), "CONSOLE_PORT": str(console),
               "CONSOLE_DEV": "0", "RASA_TOKEN": token,
               "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
               "TELEGRAM_API_BASE_URL": telegram.base_url.removesuffix("/bot"),
               "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "",
               "TELEGRAM_RATE_PER_SECOND": "0", "TELEGRAM_CHAT_INTERVAL_SECONDS": "0",
               "GATEWAY_SENDER_LIMIT": "100000"}
        for name in ("RASA_URL", "ACTION_SERVER_URL", "GATEWAY_PUBLIC_URL", "RASA_ENDPOINTS"):
            env.pop(name, None)

        def ready(_: Process) -> bool:
            return (all(_answers(f"http://127.0.0.1:{port + i}/health")
                        for port in (actions, gateways) for i in range(processes))
                    and all(_answers(f"http://127.0.0.1:{rasa + i}/status", {"token": token},
                                     model=True) for i in range(processes)))

        run = launch("scale", [str(ROOT / "scripts" / "run"), "--scale", "--no-setup"], env,
                     workdir, ready, timeout=900)
        try:
            urls = [f"http://127.0.0.1:{gateways + i}" for i in range(processes)]
            stack = Stack(workdir, care_url, f"http://127.0.0.1:{rasa}", token, urls[0],
                          telegram, [run], gateway_urls=urls)
            yield stack, server_pids(run.popen.pid)
        finally:
            try:  # honcho stops every process it started
                os.killpg(run.popen.pid, signal.SIGINT)
                run.popen.wait(timeout=60)
            except (ProcessLookupError, OSError):
                pass
            except Exception:
                run.kill()
