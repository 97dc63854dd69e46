"""Rasa's session lookup alone, without and with our index on its events table.

Run from the *core* environment (it imports Rasa; no model needed):

    .venv/core/bin/python -m bench.session_lookup [--sizes 10,1000,10000] [--database-url URL]

Rasa 3.6's own SQLTrackerStore (SQLite file in a temporary folder by default, or an
empty PostgreSQL database given by URL) holds conversations of N events, one session a
day ("past sessions") or all in one session; then times what Rasa does on each turn
before the model runs: `retrieve` (the current session's events) and the count of
stored events that `save` makes (`_additional_events`), first without the index of
bot/rasa_tracker_index.py, then with it. Median milliseconds of 30 calls each.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time

from bot.rasa_tracker_index import ensure_session_index


def fill(store, sender: str, size: int, layout: str) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    now = time.time()
    events = []
    for i in range(size):
        ts = now - (size - i) * (86_400 / 40 if layout == "past sessions" else 0.2)
        kind = i % 40 if layout == "past sessions" else (i % 4) + 1
        events.append(SessionStarted(timestamp=ts) if kind == 0 else
                      UserUttered(f"message {i}", timestamp=ts) if kind % 4 == 1 else
                      ActionExecuted("action_listen", timestamp=ts) if kind % 4 == 0 else
                      BotUttered(f"answer {i}", timestamp=ts))
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))


def timed(store, sender: str, calls: int = 30) -> tuple[float, float]:
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_events(sender, [])
    retrieve, count = [], []
    for _ in range(calls):
        began = time.perf_counter()
        asyncio.run(store.retrieve(sender))
        retrieve.append(time.perf_counter() - began)
        began = time.perf_counter()
        with store.session_scope() as session:
            store._additional_events(session, tracker)
        count.append(time.perf_counter() - began)
    return statistics.median(retrieve) * 1000, statistics.median(count) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--database-url", help="an empty database (default: SQLite file)")
    args = parser.parse_args()
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/tracker.db"
        store = SQLTrackerStore(domain=Domain.empty(), host=url)
        cases = [(layout, size) for layout in ("past sessions", "one session")
                 for size in (int(x) for x in args.sizes.split(","))]
        for n, (layout, size) in enumerate(cases):
            fill(store, f"c-{n}", size, layout)
        fill(store, "c-others", 20_000, "one session")  # another conversation's rows
        results = {}
        for index in ("without", "with"):
            if index == "with":
                ensure_session_index(store.engine)
            for n, case in enumerate(cases):
                results[(index, *case)] = timed(store, f"c-{n}")
        print(f"{store.engine.dialect.name}: median ms per call, without -> with the index")
        for layout, size in cases:
            (r0, c0), (r1, c1) = results[("without", layout, size)], results[
                ("with", layout, size)]
            print(f"  {layout:<13} {size:>6} events: retrieve {r0:7.2f} -> {r1:7.2f}, "
                  f"count before save {c0:7.2f} -> {c1:7.2f}")
        store.engine.dispose()


if __name__ == "__main__":
    main()
