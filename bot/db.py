"""Database access: one URL from the environment, sessions, and the schema migration.

CARE_DATABASE_URL names the care-plan database: SQLite under var/ by default,
PostgreSQL in production (postgresql+psycopg://user@host/db).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

ROOT = Path(__file__).resolve().parents[1]


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
        def _sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
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
        def _begin(connection) -> None:  # type: ignore[no-untyped-def]
            # IMMEDIATE: take the write lock up front, so a transaction that reads then
            # writes waits its turn instead of failing with "database is locked". A
            # read-only transaction (read_scope) takes no lock: under WAL it reads a
            # snapshot beside any writer instead of queueing behind them.
            if connection.get_execution_options().get(READ_ONLY):
                connection.exec_driver_sql("BEGIN")
            else:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


READ_ONLY = "care_read_only"
_factories: dict[str, sessionmaker[Session]] = {}
_readers: dict[str, sessionmaker[Session]] = {}


def _factory(url: str) -> sessionmaker[Session]:
    """One engine (and connection pool) per database URL and process."""
    if url not in _factories:
        _factories[url] = sessionmaker(make_engine(url), expire_on_commit=False)
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


def migrate(url: str | None = None) -> None:
    """Bring the schema to the latest Alembic revision (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(url), "head")


def alembic_config(url: str | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = url or database_url()
    return config
