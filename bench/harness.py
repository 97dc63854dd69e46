"""What the latency benchmarks share: the whole system started as real processes on
free loopback ports (fake Telegram server, Rasa, action server, gateway), linked demo-like
patients, a Telegram client that times each message from the webhook POST to the reply
reaching the fake Telegram server, a closed-loop load runner, and a memory sampler.

Used by bench/message_latency.py and bench/growth.py (services environment).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from tests.support.fakes.telegram_api import FakeTelegram

ROOT = Path(__file__).resolve().parents[1]

VENV = Path(os.environ.get("VENV_DIR", ROOT / ".venv"))
CORE_BIN = VENV / "core" / "bin"
SERVICES_PY = VENV / "services" / "bin" / "python"
TELEGRAM_TOKEN = "123456:BENCH-token"  # noqa: S105 - the fake's; nothing reaches Telegram
WEBHOOK_SECRET = "bench-webhook-secret"  # noqa: S105 - loopback only
CHAT_BASE = 5_000_000_000

# The scripted conversations: greeting, goals, progress, medication, appointment.
# Each turn gets one answer from the assistant (checked by the runner).
SCRIPTS = {
    "fr": [
        "bonjour",
        "c'est quoi mes objectifs cette semaine ?",
        "j'ai marché 30 minutes aujourd'hui",
        "quels médicaments je dois prendre aujourd'hui ?",
        "j'ai pris mes médicaments",
        "c'est quand mon prochain rendez-vous ?",
        "merci beaucoup",
        "au revoir",
    ],
    "nl": [
        "goeiemorgen",
        "wat zijn mijn doelen deze week?",
        "ik heb vandaag 30 minuten gewandeld",
        "welke medicatie moet ik vandaag nemen?",
        "ik heb mijn pillen genomen",
        "wanneer is mijn volgende afspraak?",
        "dank u wel",
        "tot ziens",
    ],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def trained_model() -> Path:
    explicit = os.environ.get("RASA_MODEL")
    if explicit:
        return Path(explicit)
    models = sorted((ROOT / "models").glob("core-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        sys.exit("no trained model under models/: run scripts/train.sh first")
    return models[-1]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def summary(latencies: list[float]) -> dict[str, float]:
    """p50/p95/p99 and mean, in milliseconds."""
    ms = [x * 1000 for x in latencies]
    return {"n": len(ms), "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99), "mean": statistics.fmean(ms)}


# --- processes ------------------------------------------------------------------------


@dataclass
class Process:
    """One process of the system, with what it takes to start it again as it was (same
    command, environment and ports): `kill()` is a SIGKILL of its process group (Rasa's
    and PostgreSQL's children included), `restart()` what scripts/supervise does after
    it, without the delay. `start_seconds`: from the spawn to ready, the last time."""

    name: str
    popen: subprocess.Popen
    log: Path
    command: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    ready: Callable[[Process], bool] | None = None
    start_seconds: float = float("nan")
    log_offset: int = 0  # where the log of the current run starts

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        """SIGKILL to the whole process group, as an OOM kill or a power cut would; returns
        once every process of it is gone (a postmaster still a zombie would keep its
        lock file)."""
        try:
            family = psutil.Process(self.popen.pid).children(recursive=True)
        except psutil.Error:
            family = []
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for process in family:  # in another group (runuser's child)
            try:
                process.kill()
            except psutil.Error:
                pass
        self.popen.wait()
        psutil.wait_procs(family, timeout=30)

    def spawn(self) -> None:
        self.log_offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(self.command, cwd=self.cwd, env=self.env,
                                          stdout=out, stderr=subprocess.STDOUT,
                                          start_new_session=True)

    def log_text(self) -> str:
        with self.log.open("rb") as f:
            f.seek(self.log_offset)
            return f.read().decode(errors="replace")

    def wait_ready(self, timeout: float = 600) -> float:
        """Seconds from now until `ready`; exits (with the log) when the process dies or
        does not get ready in time."""
        began = time.monotonic()
        while True:
            if self.popen.poll() is not None:
                sys.exit(f"{self.name} exited:\n{self.log_text()[-4000:]}")
            if self.ready is None or self.ready(self):
                return time.monotonic() - began
            if time.monotonic() - began > timeout:
                self.stop()
                sys.exit(f"{self.name} did not start:\n{self.log_text()[-4000:]}")
            time.sleep(0.25)

    def restart(self, timeout: float = 600) -> float:
        """Starts it again (it must have exited) and waits until ready: seconds."""
        began = time.monotonic()
        self.spawn()
        self.wait_ready(timeout)
        return time.monotonic() - began


def answers_200(url: str, params: dict | None = None) -> Callable[[Process], bool]:
    def ready(_: Process) -> bool:
        try:
            return httpx.get(url, params=params or {}, timeout=5).status_code == 200
        except httpx.TransportError:
            return False

    return ready


def logged(line: str) -> Callable[[Process], bool]:
    """Ready once the current run's log holds `line` (for a process without HTTP)."""
    return lambda process: line in process.log_text()


def launch(name: str, command: list[str], env: dict[str, str], workdir: Path,
           ready: Callable[[Process], bool], cwd: Path = ROOT,
           timeout: float = 600) -> Process:
    process = Process(name, None, workdir / f"{name}.log", command, env, cwd,
                      ready)
    began = time.monotonic()
    process.spawn()
    process.wait_ready(timeout)
    process.start_seconds = time.monotonic() - began
    return process


def start_process(name: str, command: list[str], env: dict[str, str], workdir: Path,
                  health: str, params: dict | None = None, timeout: float = 300) -> Process:
    return launch(name, command, env, workdir, answers_200(health, params), timeout=timeout)


def base_env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONHASHSEED": "0",
            "LOG_LEVEL": "WARNING"}


def start_rasa(workdir: Path, model: Path, *, tracker_url: str | None = None,
               action_url: str = "", action_token: str = "",
               project: Path = ROOT, name: str = "rasa",
               session_index: bool = True) -> tuple[Process, str, str]:
    """`rasa run --enable-api` with a token; returns (process, url, token). For our bot,
    first the set-up step of scripts/serve-rasa (the index on Rasa's events table,
    bot/rasa_tracker_index.py) unless `session_index` is False."""
    port, token = free_port(), secrets.token_hex(16)
    env = {**base_env(), "ACTION_SERVER_URL": action_url, "ACTION_SERVER_TOKEN": action_token,
           "RASA_TRACKER_DIALECT": "sqlite",
           "RASA_TRACKER_URL": tracker_url or f"sqlite:///{workdir / 'rasa_tracker.db'}"}
    if project == ROOT and session_index:
        subprocess.run([str(CORE_BIN / "python"), "-m", "bot.rasa_tracker_index",
                        "--endpoints", str(ROOT / "endpoints.yml")],
                       cwd=ROOT, env=env, check=True)
    command = [str(CORE_BIN / "rasa"), "run", "--enable-api", "--auth-token", token,
               "--interface", "127.0.0.1", "--port", str(port), "--model", str(model)]
    if project == ROOT:
        command += ["--endpoints", str(ROOT / "endpoints.yml"),
                    "--credentials", str(ROOT / "credentials.yml")]
    else:  # `rasa init`'s bot: its own files, in its own folder
        command += ["--endpoints", str(project / "endpoints.yml"),
                    "--credentials", str(project / "credentials.yml")]
    url = f"http://127.0.0.1:{port}"

    def ready(_: Process) -> bool:
        try:
            r = httpx.get(f"{url}/status", params={"token": token}, timeout=5)
            return r.status_code == 200 and bool(r.json().get("model_file"))
        except httpx.TransportError:
            return False

    return launch(name, command, env, workdir, ready, cwd=project), url, token


class TimedTelegram(FakeTelegram):
    """The fake Telegram server, noting when each reply reached it (perf_counter, the
    clock the load runner uses in this same process)."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.arrivals: dict[int, list[tuple[float, str]]] = defaultdict(list)
        self.arrived = threading.Condition()

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        message = super()._send_message(params)
        now = time.perf_counter()
        with self.arrived:
            self.arrivals[int(message["chat"]["id"])].append((now, message["text"]))
            self.arrived.notify_all()
        return message

    def wait_replies(self, chat_id: int, count: int, timeout: float = 60) -> list[tuple]:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.arrivals[chat_id]) >= count,
                                         timeout):
                raise TimeoutError(f"chat {chat_id}: {len(self.arrivals[chat_id])} replies "
                                   f"of {count} after {timeout} s")
            return list(self.arrivals[chat_id])


@dataclass
class Stack:
    workdir: Path
    care_url: str
    rasa_url: str
    rasa_token: str
    gateway_url: str
    telegram: TimedTelegram
    processes: list[Process] = field(default_factory=list)
    health: dict[str, str] = field(default_factory=dict)  # name -> its /health URL
    # Several gateways (the scale-out profile): a patient's messages go to each in turn,
    # as a load balancer in front of them would send Telegram's webhooks.
    gateway_urls: list[str] = field(default_factory=list)

    def pids(self) -> dict[str, int]:
        return {p.name: p.popen.pid for p in self.processes}

    def process(self, name: str) -> Process:
        return next(p for p in self.processes if p.name == name)


@contextmanager
def system(workdir: Path, model: Path, *, care_url: str | None = None,
           gateway_env: dict[str, str] | None = None, reminders: bool = False,
           console: bool = False, session_index: bool = True) -> Iterator[Stack]:
    """The whole path of a Telegram message: fake Telegram, Rasa, actions, gateway; with
    `reminders` and `console`, the rest of the Procfile too (the scheduler ticking every
    2 s, the nurse console)."""
    from bot.db import migrate

    care_url = care_url or f"sqlite:///{workdir / 'care.db'}"
    migrate(care_url)
    processes: list[Process] = []
    with TimedTelegram(TELEGRAM_TOKEN) as telegram:
        try:
            action_port, action_token = free_port(), secrets.token_hex(16)
            env = {**base_env(), "CARE_DATABASE_URL": care_url,
                   "ACTION_SERVER_TOKEN": action_token, "ACTION_SERVER_HOST": "127.0.0.1",
                   "ACTION_SERVER_PORT": str(action_port)}
            processes.append(start_process(
                "actions", [str(SERVICES_PY), "-m", "actions.server"], env, workdir,
                f"http://127.0.0.1:{action_port}/health"))
            rasa, rasa_url, rasa_token = start_rasa(
                workdir, model, action_url=f"http://127.0.0.1:{action_port}/webhook",
                action_token=action_token, session_index=session_index)
            processes.append(rasa)
            port = free_port()
            env = {**base_env(), "CARE_DATABASE_URL": care_url, "RASA_URL": rasa_url,
                   "RASA_TOKEN": rasa_token, "GATEWAY_HOST": "127.0.0.1",
                   # as Rasa has it: the gateway's /health reports the action server
                   "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
                   "GATEWAY_PORT": str(port), "GATEWAY_PUBLIC_URL": f"http://127.0.0.1:{port}",
                   "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                   "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                   "TELEGRAM_API_BASE_URL": telegram.base_url.removesuffix("/bot"),
                   "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "",
                   # What is measured is our processing, not Telegram's limits (30
                   # messages/s per bot, 1/s per chat), nor the flood guard.
                   "TELEGRAM_RATE_PER_SECOND": "0", "TELEGRAM_CHAT_INTERVAL_SECONDS": "0",
                   "GATEWAY_SENDER_LIMIT": "100000", **(gateway_env or {})}
            processes.append(start_process(
                "gateway", [str(SERVICES_PY), "-m", "gateway"], env, workdir,
                f"http://127.0.0.1:{port}/health"))
            health = {"actions": f"http://127.0.0.1:{action_port}/health",
                      "gateway": f"http://127.0.0.1:{port}/health"}
            services = {**base_env(), "CARE_DATABASE_URL": care_url, "RASA_URL": rasa_url,
                        "RASA_TOKEN": rasa_token}
            if reminders:
                processes.append(launch(
                    "reminders", [str(SERVICES_PY), "-m", "reminders"],
                    {**services, "REMINDERS_TICK_SECONDS": "2", "LOG_LEVEL": "INFO"},
                    workdir, logged("reminders scheduler started")))
            if console:
                console_port = free_port()
                health["console"] = f"http://127.0.0.1:{console_port}/health"
                processes.append(start_process(
                    "console", [str(SERVICES_PY), "-m", "console"],
                    {**services, "CONSOLE_HOST": "127.0.0.1", "CONSOLE_PORT": str(console_port),
                     "CONSOLE_SECRET_KEY": secrets.token_hex(32)},
                    workdir, health["console"]))
            yield Stack(workdir, care_url, rasa_url, rasa_token, f"http://127.0.0.1:{port}",
                        telegram, processes, health)
        finally:
            for process in reversed(processes):
                process.stop()


# --- patients -------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    patient_id: int
    chat_id: int
    conversation_id: str
    language: str


def add_patients(care_url: str, count: int, dose_days: int = 7) -> list[Person]:
    """`count` demo-like patients (two goals, two medications, two appointments,
    `dose_days` days of doses, five days of progress), each linked to a Telegram chat,
    inserted in bulk."""
    from sqlalchemy import func, insert, select

    from bot.db import session_scope
    from bot.models import (
        Appointment,
        ChannelIdentity,
        Dose,
        Goal,
        Medication,
        Patient,
        ProgressEntry,
    )

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    today = now.date()
    with session_scope(care_url) as s:
        start = (s.scalar(select(func.max(Patient.id))) or 0) + 1
        ids = range(start, start + count)
        lang = {i: "fr" if i % 2 else "nl" for i in ids}
        s.execute(insert(Patient), [
            {"id": i, "external_ref": f"bench-{i}", "first_name": "Marie",
             "last_name": str(i), "language": lang[i]} for i in ids])
        goal_id = (s.scalar(select(func.max(Goal.id))) or 0) + 1
        goals, progress = [], []
        for n, i in enumerate(ids):
            walking, glucose = goal_id + 2 * n, goal_id + 2 * n + 1
            goals += [
                {"id": walking, "patient_id": i, "kind": "walking", "target_value": 30,
                 "target_unit": "min", "days_per_week": 5, "set_by": "patient"},
                {"id": glucose, "patient_id": i, "kind": "glucose", "target_value": 1.30,
                 "target_unit": "g/L", "comparison": "at_most", "set_by": "care_team"}]
            progress += [{"goal_id": walking, "value": 20 + day, "unit": "min",
                          "recorded_at": now - dt.timedelta(days=day)} for day in range(1, 6)]
        s.execute(insert(Goal), goals)
        s.execute(insert(ProgressEntry), progress)
        med_id = (s.scalar(select(func.max(Medication.id))) or 0) + 1
        meds, dose_rows = [], []
        for n, i in enumerate(ids):
            metformin, amlodipine = med_id + 2 * n, med_id + 2 * n + 1
            meds += [
                {"id": metformin, "patient_id": i, "name": "Metformine",
                 "dose_text": "1 comprimé 500 mg", "times": ["08:00", "20:00"]},
                {"id": amlodipine, "patient_id": i, "name": "Amlodipine",
                 "dose_text": "1 comprimé 5 mg", "times": ["08:00"]}]
            for day in range(dose_days):  # today's still open
                at = dt.datetime.combine(today - dt.timedelta(days=day), dt.time(7, 0),
                                         tzinfo=dt.timezone.utc)
                status = "pending" if day == 0 else "taken"
                dose_rows += [
                    {"medication_id": metformin, "patient_id": i, "scheduled_at": at,
                     "status": status},
                    {"medication_id": metformin, "patient_id": i,
                     "scheduled_at": at + dt.timedelta(hours=12), "status": status},
                    {"medication_id": amlodipine, "patient_id": i, "scheduled_at": at,
                     "status": status}]
        s.execute(insert(Medication), meds)
        s.execute(insert(Dose), dose_rows)
        s.execute(insert(Appointment), [
            {"patient_id": i, "with_whom": "Dr Renard, médecin généraliste",
             "location": "Namur", "starts_at": now + dt.timedelta(days=days, hours=3)}
            for i in ids for days in (3, 40)])
        s.execute(insert(ChannelIdentity), [
            {"patient_id": i, "channel": "telegram", "external_id": str(CHAT_BASE + i),
             "conversation_id": f"c-bench-{i}", "consent_at": now} for i in ids])
    return [Person(i, CHAT_BASE + i, f"c-bench-{i}", lang[i]) for i in ids]


# --- where the time goes ---------------------------------------------------------------


def stages(care_url: str, tracker_db: Path, since: float, until: float) -> dict[str, float]:
    """Median milliseconds of each stage, for the messages accepted between two wall
    clock times: stored by the webhook -> reply queued by the inbox (queueing, Rasa,
    actions), reply queued -> sent to Telegram (delivery worker), and inside Rasa, from
    its user event to its last answer of the turn (tracker store timestamps)."""
    import sqlite3

    from sqlalchemy import String, and_, select

    from bot.db import session_scope
    from bot.models import InboundMessage, OutboundMessage

    start = dt.datetime.fromtimestamp(since, dt.timezone.utc)
    end = dt.datetime.fromtimestamp(until, dt.timezone.utc)
    with session_scope(care_url) as s:
        rows = s.execute(
            select(InboundMessage.received_at, OutboundMessage.created_at,
                   OutboundMessage.sent_at)
            .join(OutboundMessage, and_(
                OutboundMessage.idempotency_key == "in:" + InboundMessage.id.cast(String) + ":0"))
            .where(InboundMessage.received_at >= start, InboundMessage.received_at < end)
        ).all()
    with sqlite3.connect(tracker_db) as connection:
        events = connection.execute(
            "SELECT sender_id, type_name, timestamp FROM events WHERE timestamp >= ? AND "
            "timestamp < ? AND type_name IN ('user', 'bot') ORDER BY id",
            (since, until + 60)).fetchall()
    inside, open_turn = [], {}
    for sender, kind, ts in events:
        if kind == "user":
            open_turn[sender] = [ts, None]
        elif sender in open_turn:
            open_turn[sender][1] = ts
            inside.append(ts - open_turn[sender][0])

    def median_ms(values: list[float]) -> float:
        return statistics.median(values) * 1000 if values else float("nan")

    return {
        "stored_to_reply_queued": median_ms([(c - r).total_seconds() for r, c, _ in rows]),
        "reply_queued_to_sent": median_ms([(t - c).total_seconds() for _, c, t in rows if t]),
        "inside_rasa": median_ms(inside),
    }


# --- load -----------------------------------------------------------------------------


@dataclass
class Turn:
    started: float  # perf_counter
    latency: float  # seconds
    label: str


class TelegramPatient:
    """A patient writing to the gateway's Telegram webhook, one message at a time, each
    after the previous answer reached the (fake) Telegram server."""

    def __init__(self, stack: Stack, chat_id: int, language_code: str, client: httpx.Client):
        self.stack, self.chat_id, self.language_code = stack, chat_id, language_code
        self.client = client
        self.received = len(stack.telegram.arrivals[chat_id])
        self.sent = 0

    def say(self, text: str, replies: int = 1) -> tuple[float, float, list[str]]:
        """(started, latency to the last expected reply, reply texts)."""
        update = {"update_id": secrets.randbelow(2**31), "message": {
            "message_id": 1, "date": int(time.time()), "text": text,
            "chat": {"id": self.chat_id, "type": "private"},
            "from": {"id": self.chat_id, "is_bot": False, "first_name": "Marie",
                     "language_code": self.language_code}}}
        gateways = self.stack.gateway_urls or [self.stack.gateway_url]
        gateway = gateways[self.sent % len(gateways)]
        self.sent += 1
        started = time.perf_counter()
        response = self.client.post(f"{gateway}/webhooks/telegram/webhook",
                                    json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        response.raise_for_status()
        arrivals = self.stack.telegram.wait_replies(self.chat_id, self.received + replies)
        new = arrivals[self.received:self.received + replies]
        self.received += replies
        return started, new[-1][0] - started, [text for _, text in new]


def run_load(concurrency: int, seconds: float,
             conversation: Callable[[int, Callable[[str, float, float], None]], None],
             ) -> dict[str, Any]:
    """Closed loop: `concurrency` workers each play conversations back to back (a
    conversation = a new simulated patient) until `seconds` have passed, then finish the
    turn in flight. `conversation(index, record)` plays one and calls
    record(label, started, latency) per turn. Throughput counts the turns completed
    within the window."""
    turns: list[Turn] = []
    lock = threading.Lock()
    counter = iter(range(10**9))
    begin = time.perf_counter()
    deadline = begin + seconds
    errors: list[BaseException] = []

    def record(label: str, started: float, latency: float) -> None:
        with lock:
            turns.append(Turn(started, latency, label))

    def worker() -> None:
        try:
            while time.perf_counter() < deadline:
                with lock:
                    index = next(counter)
                conversation(index, record)
        except BaseException as error:  # reported after the run
            errors.append(error)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    done = [t for t in turns if t.started + t.latency <= deadline]
    return {"concurrency": concurrency, "seconds": seconds,
            "per_second": len(done) / seconds, **summary([t.latency for t in turns]),
            "conversations": next(counter) - concurrency}


class MemorySampler:
    """Peak resident memory of each named process, children included, sampled."""

    def __init__(self, pids: dict[str, int], interval: float = 0.25,
                 alone: tuple[str, ...] = ()):
        self.processes = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.alone = alone  # names whose children are not counted (they are measured)
        self.peak_mb: dict[str, float] = dict.fromkeys(pids, 0.0)
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self, name: str, process: psutil.Process) -> float:
        try:
            family = [process] if name in self.alone else [
                process, *process.children(recursive=True)]
            return sum(p.memory_info().rss for p in family) / 2**20
        except psutil.Error:
            return 0.0

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, process in self.processes.items():
                self.peak_mb[name] = max(self.peak_mb[name], self._rss(name, process))
            self._stop.wait(self.interval)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user + system) used so far by each process, children included
        (except for the `alone` ones)."""
        used: dict[str, float] = {}
        for name, process in self.processes.items():
            try:
                family = [process] if name in self.alone else [
                    process, *process.children(recursive=True)]
                used[name] = sum(sum(p.cpu_times()[:2]) for p in family)
            except psutil.Error:
                used[name] = 0.0
        return used

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
