"""Does a turn get slower as a patient's history or the patient count grows?

Run from the services environment after the README's set-up (a trained model under
models/):

    .venv/services/bin/python -m bench.growth [--sizes 10,1000,10000] [--patients 100000]

Starts the whole system as bench/message_latency.py does (fake Telegram, Rasa, action
server, gateway; SQLite care database and tracker store in a temporary folder) and
times single turns, one at a time, from the Telegram webhook to the answer at the fake:

1. History: a patient whose conversation already holds N events (10, 1,000, 10,000).
   The events are a real conversation of this system (played once through it, read
   back from the tracker store) copied with earlier timestamps, together with care data
   of the same age (past doses, progress, audit entries). Two layouts:
   - "past sessions": one session per day, as a patient who writes daily; the next
     message opens a new session (session_expiration_time in domain/domain.yml);
   - "one session": every event within the last hour, the worst case, as a patient
     who never pauses an hour.
   Measured twice in one run (--session-index both, the default): Rasa started without
   our index on its events table (bot/rasa_tracker_index.py, which scripts/serve-rasa
   makes before Rasa starts), then with it, made while Rasa runs, on fresh patients.
2. Patients: turns of fresh patients with 100 patients in the care database, then
   with 100,000 (bulk inserted, each with goals, progress, medications, doses,
   appointments and a Telegram account; plus 100,000 other conversations in the
   tracker store).

Figures go to bench/out/growth.json and bench/out/growth.png.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine

from bench.harness import (
    ROOT,
    SCRIPTS,
    Person,
    TelegramPatient,
    add_patients,
    summary,
    system,
    trained_model,
)
from bot.rasa_tracker_index import INDEX_NAME, ensure_session_index

OUT = ROOT / "bench" / "out"
SESSION_START = ("action_session_start", "session_started")


def tracker_rows(db: Path, sender: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
            "WHERE sender_id = ? ORDER BY id", (sender,)).fetchall()


def _whole_turns(rows: list[tuple], size: int) -> list[tuple]:
    """At most `size` rows, cut after an action_listen (never in the middle of a turn)."""
    ends = [i + 1 for i, row in enumerate(rows[:size]) if row[3] == "action_listen"]
    return rows[:ends[-1]] if ends else rows[:size]


def fill_tracker(db: Path, sender: str, template: list[tuple], size: int, layout: str) -> int:
    """About `size` events for `sender`, copied from a real conversation (`template`),
    whole turns only; returns how many."""
    turns = [row for row in template
             if row[0] not in SESSION_START and row[3] not in SESSION_START]
    rows: list[tuple] = []
    now = time.time()
    if layout == "past sessions":  # one session a day, the last one yesterday
        blocks = -(-size // len(template))
        for block in range(blocks):
            shift = now - (blocks - block) * 86_400 - template[0][1]
            rows += [(kind, ts + shift, intent, action, data)
                     for kind, ts, intent, action, data in template]
        rows = _whole_turns(rows, size)
    else:  # all within the last 50 minutes, one session
        rows = list(template)
        while len(rows) < size:
            rows += turns
        rows = _whole_turns(rows, size)
        step = 3000 / len(rows)
        rows = [(kind, now - 3000 + i * step, intent, action, data)
                for i, (kind, _, intent, action, data) in enumerate(rows)]
    prepared = []
    for kind, ts, intent, action, data in rows:
        event = json.loads(data)
        event["timestamp"] = ts
        prepared.append((sender, kind, ts, intent, action, json.dumps(event)))
    with sqlite3.connect(db, timeout=60) as connection:
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, "
            "data) VALUES (?, ?, ?, ?, ?, ?)", prepared)
    return len(prepared)


def fill_care_history(care_url: str, patient_id: int, size: int) -> None:
    """Care data of the same age: half the events as past doses, a quarter progress
    entries, a quarter audit entries."""
    from sqlalchemy import insert, select

    from bot.db import session_scope
    from bot.models import AuditEntry, Dose, Goal, Medication, ProgressEntry

    now = dt.datetime.now(dt.timezone.utc)
    with session_scope(care_url) as s:
        medication = s.scalars(select(Medication.id).where(
            Medication.patient_id == patient_id)).first()
        goal = s.scalars(select(Goal.id).where(Goal.patient_id == patient_id,
                                               Goal.kind == "walking")).first()
        doses = size // 2
        s.execute(insert(Dose), [
            {"medication_id": medication, "patient_id": patient_id, "status": "taken",
             "scheduled_at": now - dt.timedelta(days=8, hours=2 + i)} for i in range(doses)])
        s.execute(insert(ProgressEntry), [
            {"goal_id": goal, "value": 30, "unit": "min",
             "recorded_at": now - dt.timedelta(days=8, hours=i)} for i in range(size // 4)])
        s.execute(insert(AuditEntry), [
            {"actor": f"patient:{patient_id}", "action": "read", "entity": "goals",
             "patient_id": patient_id, "at": now - dt.timedelta(days=8, hours=i)}
            for i in range(size // 4)])


def time_turns(stack, person: Person, turns: int,
               client: httpx.Client) -> list[float]:
    patient = TelegramPatient(stack, person.chat_id, person.language, client)
    script = SCRIPTS[person.language]
    return [patient.say(script[i % len(script)])[1] for i in range(turns)]


def fill_other_conversations(db: Path, count: int) -> None:
    """`count` other conversations in the tracker store (one small event each)."""
    now = time.time()
    with sqlite3.connect(db, timeout=60) as connection:
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, "
            "data) VALUES (?, 'session_started', ?, NULL, NULL, ?)",
            ((f"c-other-{i}", now - 86_400, json.dumps(
                {"event": "session_started", "timestamp": now - 86_400}))
             for i in range(count)))


def plot(figures: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for key, suffix, alpha in (("history", "", 1.0),
                               ("history_without_index", ", no index", 0.35)):
        for layout, colour in (("past sessions", "tab:blue"), ("one session", "tab:red")):
            data = figures.get(key, {}).get(layout)
            if not data:
                continue
            sizes = sorted(int(n) for n in data)
            for q, style in (("p50", "-o"), ("p95", "--^")):
                left.plot(sizes, [data[str(n)][q] for n in sizes], style, color=colour,
                          alpha=alpha, label=f"{layout}, {q}{suffix}")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("events already in the patient's history")
    left.set_ylabel("turn latency, ms (webhook to reply)")
    left.legend(fontsize=7)
    counts = sorted(int(n) for n in figures["patients"])
    xs = range(len(counts))
    for k, q in enumerate(("p50", "p95")):
        right.bar([x + (k - 0.5) * 0.35 for x in xs],
                  [figures["patients"][str(n)][q] for n in counts], 0.35, label=q)
    right.set_xticks(list(xs), [f"{n:,} patients" for n in counts])
    right.set_ylabel("turn latency, ms")
    right.legend(fontsize=7)
    fig.suptitle("Latency as history and patient count grow (one run)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--layouts", default="past sessions,one session")
    parser.add_argument("--patients", type=int, default=100_000,
                        help="patient count of the second measure (the first is 100)")
    parser.add_argument("--turns", type=int, default=16, help="turns timed per measure")
    parser.add_argument("--session-index", choices=("both", "with", "without"),
                        default="both",
                        help="the history measures without our index on Rasa's events "
                             "table (bot/rasa_tracker_index.py), then with it (both, the "
                             "default; the patient counts are measured with it), or once")
    parser.add_argument("--model", help="default: the newest models/core-*.tar.gz")
    parser.add_argument("--keep", metavar="FOLDER",
                        help="run in this folder and keep it (logs, databases)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    layouts = [x.strip() for x in args.layouts.split(",")]
    model = Path(args.model) if args.model else trained_model()
    OUT.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()[0],
                               "history": {}, "patients": {}}
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    with (contextlib.nullcontext(args.keep) if args.keep else tempfile.TemporaryDirectory()
          ) as folder, system(Path(folder), model,
                              session_index=args.session_index == "with") as stack, \
            httpx.Client(timeout=300) as client:
        tracker_db = Path(folder) / "rasa_tracker.db"
        people = add_patients(stack.care_url, 100)
        # The template: one real conversation, played through the system.
        first = people[0]
        time_turns(stack, first, len(SCRIPTS[first.language]), client)
        template = tracker_rows(tracker_db, first.conversation_id)
        print(f"template conversation: {len(template)} events for "
              f"{len(SCRIPTS[first.language])} turns", flush=True)
        time_turns(stack, people[1], 8, client)  # warm-up, the other language
        fresh = iter(people[2:])
        passes = {"both": ["without", "with"], "with": ["with"], "without": ["without"]}
        for index in passes[args.session_index]:
            if index == "with" and args.session_index == "both":
                began = time.perf_counter()
                engine = create_engine(f"sqlite:///{tracker_db}")
                ensure_session_index(engine)
                engine.dispose()
                print(f"index {INDEX_NAME} created in "
                      f"{time.perf_counter() - began:.1f} s", flush=True)
            key = "history" if index == "with" else "history_without_index"
            figures.setdefault(key, {})
            for layout in layouts:
                figures[key][layout] = {}
                for size in sizes:
                    person = next(fresh)
                    events = fill_tracker(tracker_db, person.conversation_id, template,
                                          size, layout)
                    fill_care_history(stack.care_url, person.patient_id, size)
                    figures[key][layout][size] = result = summary(
                        time_turns(stack, person, args.turns, client))
                    result["events"] = events
                    print(f"{index} index, history of {size:>6} events ({events}), "
                          f"{layout:<13}: p50 {result['p50']:7.1f}  p95 "
                          f"{result['p95']:7.1f} ms", flush=True)
        for count in sorted({100, args.patients}):
            if count > 100:
                started = time.perf_counter()
                added = 100
                while added < count:
                    batch = min(5000, count - added)
                    add_patients(stack.care_url, batch, dose_days=2)
                    added += batch
                fill_other_conversations(tracker_db, count)
                print(f"added {count - 100:,} patients and {count:,} other conversations "
                      f"in {time.perf_counter() - started:.0f} s", flush=True)
                fresh = iter(add_patients(stack.care_url, 3))
            latencies: list[float] = []
            for _ in range(3):
                latencies += time_turns(stack, next(fresh), args.turns // 3, client)
            figures["patients"][count] = result = summary(latencies)
            print(f"{count:>7,} patients in the database: p50 {result['p50']:7.1f}  "
                  f"p95 {result['p95']:7.1f} ms", flush=True)
    figures["load_at_end"] = os.getloadavg()[0]
    (OUT / "growth.json").write_text(json.dumps(figures, indent=2))
    plot(json.loads(json.dumps(figures)), OUT / "growth.png")
    print(f"figures in {OUT / 'growth.json'}, plot {OUT / 'growth.png'}")


if __name__ == "__main__":
    main()
