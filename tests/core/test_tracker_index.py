"""bot/rasa_tracker_index.py against Rasa's own SQLTrackerStore, on SQLite and
PostgreSQL: the set-up step makes the table on a first start and the index on it,
is idempotent, and the plan of Rasa's session query uses the index. The PostgreSQL
variants are skipped without a server (REQUIRE_POSTGRES=1 makes them fail)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bot import rasa_tracker_index as tracker_index


def _endpoints(tmp_path: Path, url: str, dialect: str) -> Path:
    path = tmp_path / "endpoints.yml"
    path.write_text(f"tracker_store:\n  type: SQL\n  dialect: {dialect}\n  url: {url}\n")
    return path


def _store(url: str):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    return SQLTrackerStore(domain=Domain.empty(), host=url)


def _fill(store, senders: int, events: int) -> str:
    """`senders` conversations of `events` events each, with a session start every
    50 events, through Rasa's own save; returns one sender id."""
    from rasa.shared.core.events import SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    now = time.time() - events
    ids = [f"c-{uuid.uuid4().hex[:8]}" for _ in range(senders)]

    async def save_all() -> None:
        for sender in ids:
            history = [SessionStarted(timestamp=now + i) if i % 50 == 0
                       else UserUttered(f"message {i}", timestamp=now + i)
                       for i in range(events)]
            await store.save(DialogueStateTracker.from_events(sender, history))

    asyncio.run(save_all())
    return ids[0]


def _session_query_sql(store, sender: str) -> str:
    """Rasa's own session lookup for `sender`, as SQL with its values inlined."""
    with store.session_scope() as session:
        query = store._event_query(session, sender, fetch_events_from_all_sessions=False)
        return str(query.statement.compile(store.engine,
                                           compile_kwargs={"literal_binds": True}))


def _plan(engine, sql: str) -> str:
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        return "\n".join(" ".join(str(c) for c in row)
                         for row in connection.execute(sa.text(explain + sql)))


def test_sqlite_first_start_makes_the_table_and_the_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    assert tracker_index.main(["--endpoints", str(_endpoints(tmp_path, url, "sqlite"))]) == 0
    engine = sa.create_engine(url)
    indexes = {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("events")}
    assert indexes[tracker_index.INDEX_NAME] == ["sender_id", "type_name", "timestamp"]
    assert tracker_index.ensure_session_index(engine) is False  # idempotent
    assert tracker_index.main(["--endpoints", str(_endpoints(tmp_path, url, "sqlite"))]) == 0


def test_sqlite_plan_of_rasas_session_query_uses_the_index(tmp_path: Path) -> None:
    store = _store(f"sqlite:///{tmp_path / 'tracker.db'}")
    sender = _fill(store, senders=3, events=200)
    sql = _session_query_sql(store, sender)
    assert tracker_index.INDEX_NAME not in _plan(store.engine, sql)
    assert tracker_index.ensure_session_index(store.engine) is True
    plan = _plan(store.engine, sql)
    assert f"COVERING INDEX {tracker_index.INDEX_NAME}" in plan, plan
    # Rasa still reads the same events: the last session, 50 events.
    tracker = asyncio.run(store.retrieve(sender))
    assert len(tracker.events) == 50


def test_a_tracker_store_that_is_not_sql_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "endpoints.yml"
    path.write_text("action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n")
    assert tracker_index.main(["--endpoints", str(path)]) == 0
    assert tracker_index.main(["--endpoints", str(tmp_path / "missing.yml")]) == 2


def _valid(engine) -> bool | None:
    with engine.connect() as connection:
        return connection.execute(tracker_index._PG_VALID,
                                  {"name": tracker_index.INDEX_NAME}).scalar()


def test_postgresql_first_start_then_the_plan_uses_the_index(
    tmp_path: Path, tracker_url: str
) -> None:
    endpoints = _endpoints(tmp_path, tracker_url, "postgresql")
    assert tracker_index.main(["--endpoints", str(endpoints)]) == 0  # no table before
    store = _store(tracker_url)
    try:
        assert _valid(store.engine) is True
        sender = _fill(store, senders=40, events=100)
        with store.engine.connect() as connection:
            connection.execute(sa.text("ANALYZE events"))
        plan = _plan(store.engine, _session_query_sql(store, sender))
        assert tracker_index.INDEX_NAME in plan, plan
        assert tracker_index.main(["--endpoints", str(endpoints)]) == 0  # idempotent
        assert tracker_index.ensure_session_index(store.engine) is False
    finally:
        store.engine.dispose()


def test_postgresql_an_interrupted_build_is_built_again(tracker_url: str) -> None:
    store = _store(tracker_url)
    try:
        assert tracker_index.ensure_session_index(store.engine) is True
        with store.engine.begin() as connection:  # what a build killed midway leaves
            connection.execute(sa.text(
                "UPDATE pg_index SET indisvalid = false "
                "WHERE indexrelid = CAST(:name AS regclass)"),
                {"name": tracker_index.INDEX_NAME})
        assert _valid(store.engine) is False
        assert tracker_index.ensure_session_index(store.engine) is True
        assert _valid(store.engine) is True
    finally:
        store.engine.dispose()


def test_postgresql_two_servers_starting_together_build_it_once(tracker_url: str) -> None:
    stores = [_store(tracker_url), _store(tracker_url)]
    results: list[bool] = []
    errors: list[BaseException] = []

    def build(store) -> None:
        try:
            results.append(tracker_index.ensure_session_index(store.engine))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=build, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert sorted(results) == [False, True]
        assert _valid(stores[0].engine) is True
    finally:
        for store in stores:
            store.engine.dispose()
