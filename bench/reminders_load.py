"""Reminders at scale: N patients (10,000 by default) with an 08:00 dose.

Run from the services environment after the README's set-up:

    .venv/services/bin/python -m bench.reminders_load [--patients 10000] [--database-url URL]

What it does, with a fake clock for the scheduler and real time for delivery:
1. fills a fresh database (SQLite under a temporary folder by default) with N patients,
   each with one medication at 08:00 Brussels time and a linked Telegram account;
2. plans the day at 06:00 and dispatches at 08:00 with the scheduler's own code
   (reminders.planner / reminders.dispatch, in batches as the scheduler's tick does):
   the scheduler's cost per reminder and its peak memory;
3. delivers the queue with the gateway's delivery worker and python-telegram-bot to a
   fake Telegram server on loopback, first with no provider limit (reminders/s), then
   again with Telegram's limits applied (30 messages/s overall, 1/s per chat; the fake
   answers 429 beyond them): lateness p50/p99 from 08:00 to acceptance by "Telegram",
   429s received, duplicates and lost reminders (both must be 0).

Each phase runs in its own process so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]

BRUSSELS = ZoneInfo("Europe/Brussels")
DAY = dt.date(2026, 11, 24)
CHAT_BASE = 1_000_000_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def populate(url: str, patients: int) -> None:
    from sqlalchemy import insert

    from bot.db import migrate, session_scope
    from bot.models import ChannelIdentity, Medication, Patient

    migrate(url)
    with session_scope(url) as s:
        s.execute(insert(Patient), [
            {"id": i, "external_ref": f"bench-{i}", "first_name": "Patient", "last_name": str(i),
             "language": "fr" if i % 2 else "nl"} for i in range(1, patients + 1)])
        s.execute(insert(Medication), [
            {"patient_id": i, "name": "Metformine", "dose_text": "500 mg", "times": ["08:00"]}
            for i in range(1, patients + 1)])
        s.execute(insert(ChannelIdentity), [
            {"patient_id": i, "channel": "telegram", "external_id": str(CHAT_BASE + i),
             "conversation_id": f"c-bench-{i}"} for i in range(1, patients + 1)])


def schedule(url: str, result: dict) -> None:
    from sqlalchemy import func, select

    from bot.adherence import Policy
    from bot.db import session_scope
    from bot.models import Reminder
    from reminders.dispatch import DISPATCH_BATCH, dispatch_due
    from reminders.planner import PLAN_BATCH, plan_changed

    at_six = dt.datetime.combine(DAY, dt.time(6, 0), tzinfo=BRUSSELS)
    at_eight = dt.datetime.combine(DAY, dt.time(8, 0), tzinfo=BRUSSELS)
    started, cpu, db_cpu = time.perf_counter(), time.process_time(), _database_cpu(url)
    while True:  # as the scheduler's tick: batches of patients, one transaction each
        with session_scope(url) as s:
            if not plan_changed(s, at_six, limit=PLAN_BATCH):
                break
    planned, plan_cpu = time.perf_counter() - started, time.process_time() - cpu
    plan_db_cpu = _database_cpu(url)
    plan_db_cpu = None if plan_db_cpu is None else plan_db_cpu - (db_cpu or 0)
    policy = Policy()
    started, cpu = time.perf_counter(), time.process_time()
    sent = 0
    while True:
        with session_scope(url) as s:
            batch = dispatch_due(s, at_eight, policy, limit=DISPATCH_BATCH)
            sent += len(batch)
        if not batch:
            break
    dispatched, dispatch_cpu = time.perf_counter() - started, time.process_time() - cpu
    dispatch_db_cpu = _database_cpu(url)
    if dispatch_db_cpu is not None:
        dispatch_db_cpu -= (plan_db_cpu or 0) + (db_cpu or 0)
    with session_scope(url) as s:
        reminders = s.scalar(select(func.count()).select_from(Reminder).where(
            Reminder.kind == "medication"))
    result.update(plan_s=planned, dispatch_s=dispatched, sent=sent, reminders=reminders,
                  plan_cpu_s=plan_cpu, dispatch_cpu_s=dispatch_cpu,
                  plan_db_cpu_s=plan_db_cpu, dispatch_db_cpu_s=dispatch_db_cpu,
                  rss_mb=_rss_mb())


def _database_cpu(url: str) -> float | None:
    """CPU seconds used so far by the PostgreSQL server processes serving this
    database (this process's connections), when the server runs on this machine and
    /proc shows them; None otherwise (SQLite runs inside the scheduler's process)."""
    if not url.startswith("postgresql"):
        return None
    from sqlalchemy import text

    from bot.db import session_scope

    with session_scope(url) as s:
        pids = s.scalars(text("SELECT pid FROM pg_stat_activity "
                              "WHERE datname = current_database()")).all()
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def deliver(url: str, patients: int, limited: bool, result: dict) -> None:
    from sqlalchemy import update

    from bot.db import session_scope
    from bot.models import OutboundMessage
    from gateway.config import Settings
    from gateway.delivery import Delivery
    from tests.support.fakes.telegram_api import FakeTelegram

    with session_scope(url) as s:  # the same queue for both runs
        s.execute(update(OutboundMessage).values(status="queued", attempts=0, provider_id=None,
                                                 next_attempt_at=dt.datetime(2000, 1, 1,
                                                                             tzinfo=dt.timezone.utc)))
    rate = (30.0, 1.0) if limited else None
    with FakeTelegram("1:bench", rate_limit=rate) as telegram:
        settings = Settings(telegram_token="1:bench",  # noqa: S106 - the fake's token
                            twilio_sid="", twilio_token="",
                            telegram_api=telegram.base_url.removesuffix("/bot"),
                            telegram_rate_per_second=30.0 if limited else 0.0)

        async def run() -> float:
            delivery = Delivery(settings, url)
            await delivery.start()
            started = time.time()
            while len(telegram.sent_messages()) < patients:
                if not await delivery.run_once(limit=200):
                    if time.time() - started > 3600:
                        break
                    await asyncio.sleep(0.05)
            await delivery.stop()
            return started

        started = asyncio.run(run())
        elapsed = time.time() - started
        chats = Counter(m["chat_id"] for m in telegram.sent_messages())
        lateness = sorted(t - started for t in telegram.sent_times())
    expected = {CHAT_BASE + i for i in range(1, patients + 1)}
    result.update(
        seconds=elapsed, per_second=patients / elapsed,
        p50=statistics.median(lateness), p99=lateness[int(0.99 * (len(lateness) - 1))],
        duplicates=sum(n - 1 for n in chats.values() if n > 1),
        lost=len(expected - set(chats)), rate_limited=telegram.rate_limited, rss_mb=_rss_mb())


def _in_child(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        result = manager.dict()
        process = context.Process(target=target, args=(*args, result))
        process.start()
        process.join()
        if process.exitcode != 0:
            sys.exit(f"{target.__name__} failed (exit {process.exitcode})")
        return dict(result)


def _write(figures: dict) -> None:
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "reminders_load.json").write_text(json.dumps(figures, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--database-url", help="default: SQLite in a temporary folder")
    parser.add_argument("--skip-limited", action="store_true",
                        help="skip the run with Telegram's limits (N/30 seconds)")
    parser.add_argument("--scheduler-only", action="store_true",
                        help="measure the scheduler only, no delivery run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        n = args.patients
        print(f"reminders benchmark: {n} patients with an 08:00 dose, database {url.split(':')[0]}")
        populate(url, n)
        sched = _in_child(schedule, url)
        print(f"scheduler: planned {sched['reminders']} reminders in {sched['plan_s']:.1f} s, "
              f"dispatched {sched['sent']} in {sched['dispatch_s']:.1f} s "
              f"({sched['sent'] / sched['dispatch_s']:.0f} reminders/s queued)")
        cost = (sched["plan_s"] + sched["dispatch_s"]) * 1000 / max(sched["sent"], 1)
        print(f"scheduler cost per reminder: {cost:.2f} ms "
              f"(plan {sched['plan_s'] * 1000 / n:.2f} + dispatch "
              f"{sched['dispatch_s'] * 1000 / n:.2f}); peak memory {sched['rss_mb']:.0f} MB")
        cpu = (sched["plan_cpu_s"] + sched["dispatch_cpu_s"]) * 1000 / max(sched["sent"], 1)
        line = (f"CPU per reminder: scheduler process {cpu:.2f} ms (plan "
                f"{sched['plan_cpu_s'] * 1000 / n:.2f} + dispatch "
                f"{sched['dispatch_cpu_s'] * 1000 / n:.2f})")
        if sched["plan_db_cpu_s"] is not None and sched["dispatch_db_cpu_s"] is not None:
            db = ((sched["plan_db_cpu_s"] + sched["dispatch_db_cpu_s"]) * 1000
                  / max(sched["sent"], 1))
            line += (f", database server {db:.2f} ms (plan "
                     f"{sched['plan_db_cpu_s'] * 1000 / n:.2f} + dispatch "
                     f"{sched['dispatch_db_cpu_s'] * 1000 / n:.2f})")
        print(line)
        figures = {"scheduler": sched}
        if args.scheduler_only:
            _write(figures)
            return
        free = _in_child(deliver, url, n, False)
        print(f"delivery, no provider limit: {free['per_second']:.0f} reminders/s to Telegram "
              f"({free['seconds']:.1f} s); duplicates {free['duplicates']}, lost {free['lost']}; "
              f"peak memory {free['rss_mb']:.0f} MB")
        figures["unlimited"] = free
        if not args.skip_limited:
            limited = _in_child(deliver, url, n, True)
            print(f"delivery at Telegram's limits (30/s, 1/s per chat): lateness p50 "
                  f"{limited['p50']:.0f} s, p99 {limited['p99']:.0f} s, all sent in "
                  f"{limited['seconds']:.0f} s ({limited['per_second']:.1f}/s); 429s "
                  f"{limited['rate_limited']}; duplicates {limited['duplicates']}, "
                  f"lost {limited['lost']}")
            figures["limited"] = limited
        _write(figures)
        if any(f.get("duplicates") or f.get("lost") for f in figures.values()):
            sys.exit("duplicates or lost reminders")


if __name__ == "__main__":
    main()
