"""Faults: each process of the system killed (SIGKILL) and started again under load.

Run from the services environment after the README's set-up (a trained model under
models/):

    .venv/services/bin/python -m bench.faults [--patients 10] [--seconds 40]
        [--processes rasa,actions,gateway,reminders,console] [--database-url URL]
        [--own-postgres] [--keep-logs]
    (--own-postgres --processes postgresql,postgresql: that turn alone, twice)

1. Starts the whole Procfile as real processes on free loopback ports (bench/harness.py:
   fake Telegram server in this process, action server, Rasa, gateway, reminders
   scheduler, nurse console), on a temporary SQLite care database (or `--database-url`)
   and tracker store, and creates `--patients` demo-like patients.
2. One turn per process: the patients write in a closed loop through the Telegram
   webhook (as bench/message_latency.py), each message one with a side effect in the care
   database (a progress report "j'ai marché 30 minutes aujourd'hui" / "ik heb vandaag 30
   minuten gewandeld", then a dose answer "j'ai pris mes médicaments" / "ik heb mijn
   pillen genomen"), each sent once the previous one was answered. A webhook POST that
   fails (gateway down) is sent again with the same update id, as Telegram does.
   After `--before` seconds the process's group gets SIGKILL and is started again at once
   with the same command, environment and ports (scripts/supervise waits 1 s more).
   The load goes on until `--seconds` after the start of the turn (and at least until
   every /health says ok), then stops; the turn ends once every message is answered (or
   `--drain` seconds have passed) and 2 s more for late duplicates. Turns do not overlap.
3. Per turn, from the care database and the fake Telegram server:
   - never answered: messages (update ids) without a reply that reached Telegram
     (no inbound row, or no sent outbound "in:<id>:…");
   - answered twice: replies that reached the fake Telegram server more often than the
     outbound queue sent them (per chat: arrivals - sent rows, reminders included), and
     messages with more than one reply queued;
   - side effects doubled: message_effects rows beyond one per (inbound message,
     effect), progress entries and doses marked taken in the turn that no
     message_effects row accounts for;
   - the gateway's "assistant unavailable, your message is kept" notices (outbound
     "in:<id>:unavailable", sent while Rasa does not answer): counted apart, not as
     second answers;
   - recovery: from the kill to the process ready again (its /health, Rasa's /status
     with a model, the scheduler's start line), to the first answer made once it is
     ready again reaching Telegram (its outbound row's sent_at: a reply Rasa made just
     before the kill may be stored just after it), and to every /health
     (gateway, which reports Rasa and the action server; action server; console)
     saying ok, and per process when its own /health said ok for good and what it said
     last before (which dependency was not ok); the longest time without any answer;
     against the process's own start time at system start-up.

`--own-postgres`: the care database on a throwaway PostgreSQL cluster (initdb under the
temporary folder, as the `postgres` user when run as root, its own port), killed and
started again in a turn of its own like the other processes. On `--database-url
postgresql+psycopg://…` the database is someone else's server: it is not restarted (no
turn; said in the output).

Figures go to bench/out/faults.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    ROOT,
    WEBHOOK_SECRET,
    Person,
    Process,
    Stack,
    add_patients,
    free_port,
    launch,
    system,
    trained_model,
)
from bot.inbound import both
from bot.messages import render

OUT = ROOT / "bench" / "out"
PROCESSES = ["rasa", "actions", "gateway", "reminders", "console"]
# Messages with a side effect: a progress report, then a dose answer.
SIDE_EFFECTS = {
    "fr": ["j'ai marché 30 minutes aujourd'hui", "j'ai pris mes médicaments"],
    "nl": ["ik heb vandaag 30 minuten gewandeld", "ik heb mijn pillen genomen"],
}

NOTICES = {render("assistant_unavailable", lang) for lang in ("fr", "nl")} | {
    both("assistant_unavailable")}


@dataclass
class Sent:
    update_id: int
    chat_id: int
    text: str
    at: float  # perf_counter of the first POST
    answered_after: float | None = None  # seconds, None: not (yet) answered


class Load:
    """The closed loop of one turn: one thread per patient."""

    def __init__(self, stack: Stack, people: list[Person], client: httpx.Client,
                 update_ids: Any) -> None:
        self.stack, self.people, self.client, self.update_ids = stack, people, client, update_ids
        self.sent: list[Sent] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()  # no new message
        self.give_up = threading.Event()  # no more waiting for answers
        self.threads = [threading.Thread(target=self._patient, args=(p,), daemon=True)
                        for p in people]
        self.post_failures = 0

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self, drain: float) -> None:
        self.stop.set()
        deadline = time.monotonic() + drain
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.give_up.set()
        for thread in self.threads:
            thread.join()

    def _post(self, update: dict) -> bool:
        """Until the gateway takes it (200), as Telegram retries a webhook."""
        url = f"{self.stack.gateway_url}/webhooks/telegram/webhook"
        while not self.give_up.is_set():
            try:
                response = self.client.post(url, json=update, headers={
                    "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}, timeout=10)
                if response.status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            with self.lock:
                self.post_failures += 1
            time.sleep(0.5)
        return False

    def _patient(self, person: Person) -> None:
        telegram, chat = self.stack.telegram, person.chat_id
        texts = SIDE_EFFECTS[person.language]
        n = 0
        while not self.stop.is_set():
            text = texts[n % len(texts)]
            n += 1
            with self.lock:
                update_id = next(self.update_ids)
            with telegram.arrived:
                before = len(telegram.arrivals[chat])
            update = {"update_id": update_id, "message": {
                "message_id": update_id, "date": int(time.time()), "text": text,
                "chat": {"id": chat, "type": "private"},
                "from": {"id": chat, "is_bot": False, "first_name": "Marie",
                         "language_code": person.language}}}
            sent = Sent(update_id, chat, text, time.perf_counter())
            with self.lock:
                self.sent.append(sent)
            if not self._post(update):
                return
            # The answer, not the gateway's "assistant unavailable, your message is
            # kept" notice: taking the notice for it ended a turn with real answers
            # still on their way (counted never answered, and answered twice when one
            # reached Telegram before its row was marked sent).
            with telegram.arrived:
                while not self.give_up.is_set():
                    answer = next((at for at, said in telegram.arrivals[chat][before:]
                                   if said not in NOTICES), None)
                    if answer is not None:
                        sent.answered_after = answer - sent.at
                        break
                    telegram.arrived.wait(0.5)
                else:
                    return


def all_healthy(client: httpx.Client, urls: dict[str, str]) -> tuple[bool, dict[str, str]]:
    """Every /health's status; one not ok names its dependencies that are not ok
    ("degraded: action_server"), so a slow recovery says which process and why."""
    states = {}
    for name, url in urls.items():
        try:
            r = client.get(url, timeout=5)
            body = r.json()
            status = body.get("status", "?") if r.status_code == 200 else str(r.status_code)
            down = sorted(d for d, v in (body.get("dependencies") or {}).items()
                          if isinstance(v, dict)
                          and v.get("status") not in ("ok", "not_configured"))
            states[name] = f"{status}: {', '.join(down)}" if down and status != "ok" \
                else status
        except (httpx.HTTPError, ValueError, AttributeError):
            states[name] = "unreachable"
    return all(s == "ok" for s in states.values()), states


def count_turn(stack: Stack, load: Load, people: list[Person], arrivals_before: dict[int, int],
               since: dt.datetime, killed: dt.datetime,
               ready: dt.datetime) -> dict[str, Any]:
    """Never answered, answered twice, side effects doubled, from the database and the
    fake Telegram server (nothing in flight any more)."""
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.models import Dose, InboundMessage, MessageEffect, OutboundMessage, ProgressEntry

    uids = {str(s.update_id) for s in load.sent}
    chats = {str(p.chat_id) for p in people}
    with session_scope(stack.care_url) as s:
        inbound = s.execute(select(InboundMessage.id, InboundMessage.provider_message_id)
                            .where(InboundMessage.channel == "telegram",
                                   InboundMessage.received_at >= since)).all()
        inbound = [(i, u) for i, u in inbound if u in uids]
        outbound = s.execute(select(OutboundMessage.idempotency_key,
                                    OutboundMessage.address, OutboundMessage.created_at,
                                    OutboundMessage.sent_at)
                             .where(OutboundMessage.sent_at >= since)).all()
        keys = [f"inbound:{i}" for i, _ in inbound]
        effects = s.execute(select(MessageEffect.source_message, MessageEffect.effect,
                                   MessageEffect.entity, MessageEffect.entity_ids)
                            .where(MessageEffect.source_message.in_(keys))).all() if keys else []
        progress = set(s.scalars(select(ProgressEntry.id).where(
            ProgressEntry.recorded_at >= since, ProgressEntry.source == "patient")))
        doses = set(s.scalars(select(Dose.id).where(Dose.answered_at >= since,
                                                    Dose.status == "taken")))
    rows_per_uid = Counter(u for _, u in inbound)
    replies: Counter[int] = Counter()
    notices = 0  # "the assistant is unavailable, your message is kept" (gateway)
    sent_per_chat: Counter[str] = Counter()
    first_reply = None  # the first answer made once the process is ready again
    for key, address, created_at, sent_at in outbound:
        if address in chats:
            sent_per_chat[address] += 1
        if not key.startswith("in:"):
            continue
        if not key.split(":")[2].isdigit():
            notices += 1
            continue
        replies[int(key.split(":")[1])] += 1
        if created_at >= ready and (first_reply is None or sent_at < first_reply):
            first_reply = sent_at
    id_of = {u: i for i, u in inbound}
    never = [u for u in uids if u not in id_of or replies[id_of[u]] == 0]
    never_detail = never_answered_rows(stack.care_url, sorted(never), id_of)
    arrived = {str(p.chat_id): len(stack.telegram.arrivals[p.chat_id])
               - arrivals_before[p.chat_id] for p in people}
    duplicates_at_telegram = sum(max(0, arrived[c] - sent_per_chat[c]) for c in chats)
    claims = Counter((src, effect) for src, effect, _, _ in effects)
    accounted: dict[str, set[int]] = defaultdict(set)
    for _, _, entity, ids in effects:
        if entity:
            accounted[entity].update(ids or [])
    effect_kinds = Counter(effect for _, effect in claims)
    return {
        "messages": len(uids),
        "post_retries": load.post_failures,
        "inbound_rows_twice": sum(1 for n in rows_per_uid.values() if n > 1),
        "never_answered": len(never),
        "never_answered_rows": never_detail,
        "answered_twice": duplicates_at_telegram
        + sum(1 for i, _ in inbound if replies[i] > 1),
        "unavailable_notices": notices,
        "first_answer_s": None if first_reply is None
        else round((first_reply - killed).total_seconds(), 1),
        "effects": dict(effect_kinds),
        "effects_doubled": sum(n - 1 for n in claims.values() if n > 1)
        + len(progress - accounted["progress_entries"]) + len(doses - accounted["doses"]),
        "answer_latency_max_s": max((x.answered_after for x in load.sent
                                     if x.answered_after is not None), default=None),
    }


def never_answered_rows(care_url: str, update_ids: list[str],
                        id_of: dict[str, int]) -> list[dict[str, Any]]:
    """Where each never-answered message stopped: its inbound row (status, attempts,
    next attempt, error) and every outbound row keyed to it ("in:<id>:..."), so a
    failure can be traced to a mechanism after the run."""
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.models import InboundMessage, OutboundMessage

    def when(x: dt.datetime | None) -> str | None:
        return None if x is None else x.isoformat()

    rows = []
    with session_scope(care_url) as s:
        for uid in update_ids:
            row: dict[str, Any] = {"update_id": uid, "inbound_id": id_of.get(uid)}
            inbound = s.get(InboundMessage, id_of[uid]) if uid in id_of else None
            if inbound is not None:
                row["inbound"] = {
                    "status": inbound.status, "attempts": inbound.attempts,
                    "received_at": when(inbound.received_at),
                    "next_attempt_at": when(inbound.next_attempt_at),
                    "error": inbound.error, "text": inbound.text}
                row["outbound"] = [
                    {"key": o.idempotency_key, "status": o.status, "attempts": o.attempts,
                     "created_at": when(o.created_at), "sent_at": when(o.sent_at),
                     "error": o.error_code}
                    for o in s.scalars(select(OutboundMessage).where(
                        OutboundMessage.idempotency_key.like(f"in:{inbound.id}:%")))]
            rows.append(row)
    return rows


def keep_evidence(stack: Stack, args: argparse.Namespace, why: str) -> Path:
    """The processes' logs (bench/message_latency.py's keep_logs) and, on the own
    PostgreSQL cluster, a dump of the care database, out of the temporary folder."""
    import subprocess

    from bench.message_latency import keep_logs

    target = keep_logs(stack.workdir, why)
    if args.postgres is not None:
        pg_dump = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))[-1]
        url = stack.care_url.replace("postgresql+psycopg://", "postgresql://")
        target.mkdir(parents=True, exist_ok=True)
        with (target / "care.sql").open("wb") as out:
            subprocess.run([str(pg_dump), "--data-only", url], stdout=out, check=False)
    return target


def own_postgres(workdir: Path) -> tuple[Process, str]:
    """A throwaway cluster: initdb (trust, loopback only), postgres on a free port."""
    import shutil
    import subprocess

    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not bins:
        sys.exit("--own-postgres: no /usr/lib/postgresql/*/bin/postgres")
    bin_dir = bins[-1].parent
    data = workdir / "pgdata"
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:  # initdb refuses root
        shutil.chown(workdir, "postgres")
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "--auth=trust",
                    "-U", "postgres", "--no-sync"], check=True, capture_output=True)
    port = free_port()

    def ready(_: Process) -> bool:
        return subprocess.run([str(bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p",
                               str(port)], capture_output=True).returncode == 0

    process = launch("postgresql", [*as_user, str(bin_dir / "postgres"), "-D", str(data),
                                     "-p", str(port), "-k", str(workdir),
                                     "-c", "listen_addresses=127.0.0.1"],
                     dict(os.environ), workdir, ready)
    return process, f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


def turn(stack: Stack, name: str, people: list[Person], client: httpx.Client,
         update_ids: Any, args: argparse.Namespace) -> dict[str, Any]:
    process = stack.process(name) if name != "postgresql" else args.postgres
    telegram = stack.telegram
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    with telegram.arrived:
        arrivals_before = {p.chat_id: len(telegram.arrivals[p.chat_id]) for p in people}
    load = Load(stack, people, client, update_ids)
    began = time.perf_counter()
    load.start()
    time.sleep(args.before)
    killed = time.perf_counter()
    killed_wall = dt.datetime.now(dt.timezone.utc)
    process.kill()
    process.restart()
    ready = time.perf_counter()
    ready_wall = dt.datetime.now(dt.timezone.utc)
    healthy_at, states = None, {}
    # Per process: when its /health first said ok once the killed one was ready, and
    # what it said last before that (which dependency kept it from ok).
    ok_at: dict[str, float] = {}
    last_not_ok: dict[str, str] = {}
    while healthy_at is None and time.perf_counter() - ready < args.health_wait:
        ok, states = all_healthy(client, stack.health)
        now = time.perf_counter()
        for health_of, state in states.items():
            if state == "ok":
                ok_at.setdefault(health_of, now)
            else:
                ok_at.pop(health_of, None)  # ok only once it stays ok
                last_not_ok[health_of] = state
        if ok:
            healthy_at = now
        else:
            time.sleep(0.25)
    time.sleep(max(0.0, began + args.seconds - time.perf_counter()))
    load.finish(args.drain)
    time.sleep(2)  # late duplicates
    with telegram.arrived:
        times = sorted(t for p in people
                       for t, _ in telegram.arrivals[p.chat_id][arrivals_before[p.chat_id]:])
    during = [began, *[t for t in times if t <= (healthy_at or ready) + 5]]
    gap = max((b - a for a, b in itertools.pairwise(during)), default=0.0)
    counts = count_turn(stack, load, people, arrivals_before, since, killed_wall, ready_wall)
    return {
        "process": name,
        "start_s": round(process.start_seconds, 1),
        "ready_s": round(ready - killed, 1),
        "health_ok_s": None if healthy_at is None else round(healthy_at - killed, 1),
        "health_after": None if healthy_at is not None else states,
        "health_ok_per_process_s": {n: round(t - killed, 1) for n, t in sorted(ok_at.items())},
        "health_last_not_ok": last_not_ok,
        "longest_silence_s": round(gap, 1),
        **counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=40, help="load per turn")
    parser.add_argument("--before", type=float, default=8, help="load before the kill")
    parser.add_argument("--drain", type=float, default=60,
                        help="longest wait for the last answers of a turn")
    parser.add_argument("--health-wait", type=float, default=120,
                        help="longest wait for every /health to say ok after a restart")
    parser.add_argument("--processes", default=",".join(PROCESSES))
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--own-postgres", action="store_true",
                        help="a throwaway PostgreSQL cluster, restarted in a turn of its own")
    parser.add_argument("--keep-logs", action="store_true",
                        help="keep the logs after every turn (else only after a failure)")
    parser.add_argument("--out", type=Path, default=OUT / "faults.json")
    args = parser.parse_args()
    names = [n for n in args.processes.split(",") if n]
    # The PostgreSQL turn comes last, with --own-postgres only; named in --processes
    # (repeated: that many turns), only it runs besides the processes named.
    postgres_turns = names.count("postgresql")
    names = [n for n in names if n != "postgresql"]
    if postgres_turns and not args.own_postgres:
        sys.exit("--processes postgresql needs --own-postgres")
    unknown = set(names) - set(PROCESSES)
    if unknown:
        sys.exit(f"unknown processes {sorted(unknown)}; known: {PROCESSES}")
    notes = []
    if args.own_postgres and args.database_url:
        sys.exit("--own-postgres or --database-url, not both")
    if args.database_url and args.database_url.startswith("postgresql"):
        notes.append("PostgreSQL not restarted: --database-url is a server this benchmark "
                     "does not own (other tests may use it)")
    load_before = os.getloadavg()
    model = trained_model()
    results = []
    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        workdir = Path(tmp)
        args.postgres = None
        if args.own_postgres:
            args.postgres, args.database_url = own_postgres(workdir)
            names += ["postgresql"] * max(1, postgres_turns)
        try:
            print(f"starting the system in {workdir} (Rasa takes 1-4 minutes)", flush=True)
            with system(workdir, model, care_url=args.database_url, reminders=True,
                        console=True) as stack, httpx.Client(timeout=30) as client:
                people = add_patients(stack.care_url, args.patients)
                print("started: " + ", ".join(f"{p.name} {p.start_seconds:.1f} s"
                                              for p in stack.processes), flush=True)
                update_ids = iter(range(secrets.randbelow(2**30), 2**31))
                if args.postgres:
                    print(f"postgresql {args.postgres.start_seconds:.1f} s", flush=True)
                for name in names:
                    print(f"turn: {name} killed after {args.before:.0f} s of load", flush=True)
                    result = turn(stack, name, people, client, update_ids, args)
                    results.append(result)
                    if result["never_answered"] or result["answered_twice"] or args.keep_logs:
                        result["evidence"] = str(keep_evidence(stack, args, name))
                    print(json.dumps(result), flush=True)
        finally:
            if args.postgres:
                args.postgres.stop()
    load_after = os.getloadavg()
    print_table(results)
    for note in notes:
        print(note)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "patients": args.patients, "seconds_per_turn": args.seconds, "before_kill": args.before,
        "database": (args.database_url or "sqlite").split(":")[0],
        "load_average_before": load_before, "load_average_after": load_after,
        "cpus": os.cpu_count(), "notes": notes, "turns": results}, indent=2))
    print(f"figures in {args.out}")


def print_table(results: list[dict[str, Any]]) -> None:
    def fmt(x: Any) -> str:
        return "-" if x is None else str(x)

    header = ("process", "msgs", "never", "twice", "fx doubled", "start s", "ready s",
              "1st answer s", "health ok s", "silence s", "target")
    print(" | ".join(header))
    for r in results:
        limit = r["start_s"] + 5
        met = (r["never_answered"] == 0 and r["answered_twice"] == 0
               and r["effects_doubled"] == 0 and r["first_answer_s"] is not None
               and r["first_answer_s"] <= limit and r["health_ok_s"] is not None
               and r["health_ok_s"] <= limit)
        print(" | ".join(fmt(x) for x in (
            r["process"], r["messages"], r["never_answered"], r["answered_twice"],
            r["effects_doubled"], r["start_s"], r["ready_s"], r["first_answer_s"],
            r["health_ok_s"], r["longest_silence_s"], "met" if met else "MISSED")))


if __name__ == "__main__":
    main()
