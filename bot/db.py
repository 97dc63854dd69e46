"""Database access: one URL from the environment, sessions, and the schema migration.

CARE_DATABASE_URL names the care-plan database: SQLite under var/ by default,
PostgreSQL in production (postgresql+psycopg://user@host/db).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

if TYPE_CHECKING:  # imported when called: only migrations need Alembic
    from alembic.config import Config

from bot import models

ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("bot.db")
T = TypeVar("T")


def database_url() -> str:
    url = os.environ.get("CARE_DATABASE_URL")
    if url:
        return url
    var_dir = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var_dir / 'care.db'}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
            # Transactions are ours, not pysqlite's: its implicit BEGIN is skipped before
            # SAVEPOINT, which left a write lock held after "commit" and blocked every
            # other process on the file.
            connection.isolation_level = None
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # several processes share the file
            # WAL + NORMAL: a process crash loses nothing committed; only a power cut
            # may lose the last transactions. FULL would fsync every commit.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            # IMMEDIATE: take the write lock up front, so a transaction that reads then
            # writes waits its turn instead of failing with "database is locked". A
            # read-only transaction (read_scope) takes no lock: under WAL it reads a
            # snapshot beside any writer instead of queueing behind them.
            if connection.get_execution_options().get(READ_ONLY):
                connection.exec_driver_sql("BEGIN")
            else:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # Named, so the queues' notifications say who queued a row (gateway/wakeups.py).
    engine = create_engine(url, connect_args={
        "application_name": os.environ.get("CARE_DATABASE_APPLICATION", "care")})
    _ping_when_idle(engine)
    return engine


# A pooled PostgreSQL connection idle this long is checked (one ``SELECT 1``) before
# it is handed out; one used less than that ago is not.
PING_AFTER_IDLE = 1.0  # seconds


def _ping_when_idle(engine: Engine) -> None:
    """``pool_pre_ping`` for connections that sat idle, not for every checkout.

    Pre-pinging each checkout cost a round trip and 0.1 ms of CPU per transaction, eight
    per message on the gateway's hot path (issue 16), to catch what happens to an idle
    connection: the server restarted, a proxy or a firewall dropped it. A connection
    checked in a moment ago has had no time for that (a PostgreSQL restart takes longer
    than PING_AFTER_IDLE), and one that fails anyway is handled as before: the error
    counts as "database unreachable" (``unreachable``), the work is tried again, and
    SQLAlchemy replaces every pooled connection older than the failure."""
    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi: object, record: ConnectionPoolEntry) -> None:
        record.info["care_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi: Any, record: ConnectionPoolEntry, _proxy: object) -> None:
        since = record.info.get("care_idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE:
            return  # new (just connected), or used a moment ago
        try:
            engine.dialect.do_ping(dbapi)  # SQLAlchemy's own pre-ping (in autocommit)
        except Exception as error:  # gone: the pool connects afresh (up to 3 tries)
            raise DisconnectionError(str(error)) from error


READ_ONLY = "care_read_only"
_factories: dict[str, sessionmaker[Session]] = {}
_readers: dict[str, sessionmaker[Session]] = {}


def _factory(url: str) -> sessionmaker[Session]:
    """One engine (and connection pool) per database URL and process."""
    if url not in _factories:
        factory = sessionmaker(make_engine(url), expire_on_commit=False)
        models.track_plan_changes(factory)  # edits re-plan the patient's reminders
        _factories[url] = factory
    return _factories[url]


def _reader(url: str) -> sessionmaker[Session]:
    """Sessions on the same pool whose transactions only read."""
    if url not in _readers:
        engine = _factory(url).kw["bind"]
        reader = sessionmaker(engine.execution_options(**{READ_ONLY: True}),
                              expire_on_commit=False)
        event.listen(reader, "before_flush", _refuse_writes)
        _readers[url] = reader
    return _readers[url]


def _refuse_writes(session: Session, _context: object, _instances: object) -> None:
    raise RuntimeError("read_scope is for reading: use session_scope to write")


def dispose(url: str) -> None:
    """Close the pooled connections to a database (before dropping it, in tests)."""
    _readers.pop(url, None)
    factory = _factories.pop(url, None)
    if factory is not None:
        factory.kw["bind"].dispose()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction: committed if the block succeeds, rolled back otherwise."""
    session = _factory(url or database_url())()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope(url: str | None = None) -> Iterator[Session]:
    """A transaction that only reads (polls, lookups): on SQLite it takes no write
    lock, so it neither waits for nor holds back the writers. Writing in it fails."""
    session = _reader(url or database_url())()
    try:
        yield session
        session.flush()  # refused if anything was changed
    finally:
        session.rollback()
        session.close()


@contextmanager
def connection_scope(url: str | None = None) -> Iterator[Connection]:
    """``session_scope`` without the ORM: a Core connection in a transaction, committed
    if the block succeeds. For the gateway's hot path (issue 16), whose statements read
    or write columns, not objects: a session's bookkeeping (identity map, flush, the
    ORM's statement handling) costs more CPU than the statement itself there."""
    with _factory(url or database_url()).kw["bind"].begin() as connection:
        yield connection


def session_on(connection: Connection, url: str | None = None) -> Session:
    """A session of ``url``'s factory (its hooks included) working in ``connection``'s
    transaction: for the rare ORM work inside a ``connection_scope``. Flush it before the
    block ends; the connection commits."""
    return _factory(url or database_url())(bind=connection)


@contextmanager
def read_connection(url: str | None = None) -> Iterator[Connection]:
    """``read_scope`` without the ORM: a transaction that only reads (no write lock on
    SQLite), always rolled back."""
    with _reader(url or database_url()).kw["bind"].connect() as connection:
        with connection.begin() as transaction:
            try:
                yield connection
            finally:
                transaction.rollback()


def migrate(url: str | None = None) -> None:
    """Bring the schema to the latest Alembic revision (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url or database_url()
    return config


# --- a database that does not answer at start-up ------------------------------------


def unreachable(error: BaseException) -> bool:
    """The database did not answer (refused, gone, restarting, locked for too long),
    as opposed to refusing what was asked (a constraint, a wrong value: a bug or a bad
    row). Work that fails for the first reason is tried again later unchanged; a
    webhook that cannot be stored for it answers 503, so the provider sends it again."""
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)



def retry_max_seconds() -> float:
    """DATABASE_RETRY_MAX_SECONDS (10): the longest wait between two tries to reach a
    database that did not answer. Short, because a try against a server that is down
    costs a refused connection, and the process serves nothing that needs the database
    until it succeeds."""
    return float(os.environ.get("DATABASE_RETRY_MAX_SECONDS", "10"))


def until_done(attempt: Callable[[], T], what: str, max_wait: float | None = None) -> T:
    """``attempt()`` until it returns, waiting 1 s, 2 s, 4 s ... up to ``max_wait``
    (DATABASE_RETRY_MAX_SECONDS) between tries, each failure logged with its next
    try: a process whose database is down at start-up waits for it instead of exiting
    (under scripts/supervise an exit would be a crash loop, and it would take the
    process's other work down with it). SystemExit and KeyboardInterrupt still end it."""
    wait, limit = 1.0, retry_max_seconds() if max_wait is None else max_wait
    while True:
        try:
            return attempt()
        except Exception as error:  # unreachable, refused, not yet created: all "not yet"
            log.warning("care-plan database unreachable for %s (%s): next try in %.0f s",
                        what, f"{type(error).__name__}: {error}"[:300], wait)
        time.sleep(wait)
        wait = min(limit, wait * 2)


def migrate_in_background(url: str | None = None) -> threading.Event:
    """The schema brought up to date now if the database answers; otherwise in a
    background thread (``until_done``) while the process starts and serves what it
    can. Returns an event set once the schema is current: until then a process must
    not store anything (its /health says so, its webhooks answer 503)."""
    ready = threading.Event()
    try:
        migrate(url)
        ready.set()
        return ready
    except Exception as error:
        log.error("care-plan database unreachable at start-up (%s): serving anyway, "
                  "/health answers 503, schema migration retried in the background",
                  f"{type(error).__name__}: {error}"[:300])

    def retry() -> None:
        until_done(lambda: migrate(url), "the schema migration")
        log.info("care-plan database reachable again: schema up to date")
        ready.set()

    threading.Thread(target=retry, name="migrate-retry", daemon=True).start()
    return ready
