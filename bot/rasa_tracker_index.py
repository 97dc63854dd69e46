"""An index on Rasa's ``events`` table for the tracker store's session lookup.

Rasa 3.6's ``SQLTrackerStore`` finds a conversation's current session on every turn,
twice (loading the tracker, then counting the stored events before saving it), with

    SELECT max(timestamp) FROM events
     WHERE sender_id = :sender AND type_name = 'session_started'

as a subquery of ``SELECT … WHERE sender_id = :sender AND (timestamp >= that OR that
IS NULL) ORDER BY id``. Its only index is on ``sender_id``, so the ``max`` reads every
event the conversation ever had: 4 ms a query at 10,000 events against 0.1 ms for a
short conversation (bench/growth.py, README "Latency and throughput"). The index
``(sender_id, type_name, timestamp)`` answers it from the index alone, whatever the
history.

Rasa creates its table itself and we do not edit Rasa, so this is our own set-up step:
``scripts/serve-rasa`` runs ``python -m bot.rasa_tracker_index`` in the core
environment before it starts the server. It builds Rasa's own ``SQLTrackerStore`` from
the same endpoints file (``RASA_ENDPOINTS``): Rasa's constructor creates the table on a
first start (and waits for a database that is not up yet, as the server would), so the
index never waits for a table that does not exist yet, and is made with the URL, the
schema and the engine options Rasa will use. It is idempotent (run at every start);
a tracker store that is not SQL is left alone; a failure is logged and the server
starts anyway (the index only saves time).

On PostgreSQL the index is built ``CONCURRENTLY``, so a large table already serving
other Rasa servers (the scale-out profile, docs/deploy.md) keeps taking writes, under
an advisory lock so that servers starting together build it once; an invalid index
left by an interrupted build is dropped and built again.

Besides bot/nlu/rasa_components.py this is the only module importing Rasa, inside
``main`` only: ``ensure_session_index`` needs nothing but an SQLAlchemy engine (1.4 in
the core environment, 2.0 in the services one, e.g. for bench/growth.py).
"""

from __future__ import annotations

import argparse
import logging
import os
import time
import warnings
from typing import Any

import sqlalchemy as sa

logger = logging.getLogger(__name__)

INDEX_NAME = "ix_events_session_lookup"
COLUMNS = ("sender_id", "type_name", "timestamp")
# pg_advisory_lock key of the build ("rasa" in ASCII): one builder at a time.
_ADVISORY_LOCK = 0x72617361


def _create_statement(engine: Any, *, concurrently: bool = False) -> sa.TextClause:
    quote = engine.dialect.identifier_preparer.quote
    columns = ", ".join(quote(column) for column in COLUMNS)
    how = "CONCURRENTLY " if concurrently else ""
    return sa.text(f"CREATE INDEX {how}{INDEX_NAME} ON events ({columns})")


def has_session_index(engine: Any) -> bool:
    """Whether the events table carries the index (by name)."""
    return any(index["name"] == INDEX_NAME
               for index in sa.inspect(engine).get_indexes("events"))


def ensure_session_index(engine: Any) -> bool:
    """Creates the index on the existing ``events`` table unless it is there;
    True when this call built it."""
    if engine.dialect.name == "postgresql":
        return _ensure_postgresql(engine)
    if has_session_index(engine):
        return False
    try:
        with engine.begin() as connection:
            connection.execute(_create_statement(engine))
    except sa.exc.DatabaseError:
        if has_session_index(engine):  # another process made it in between
            return False
        raise
    return True


_PG_VALID = sa.text(
    "SELECT i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid "
    "WHERE c.relname = :name AND c.relkind = 'i' AND pg_table_is_visible(c.oid)")


def _ensure_postgresql(engine: Any) -> bool:
    with engine.connect() as plain:
        # CONCURRENTLY cannot run in a transaction block; the lock is the session's.
        connection = plain.execution_options(isolation_level="AUTOCOMMIT")
        # Polled, not waited for: a build CONCURRENTLY waits for every open
        # transaction to end, a session blocked in pg_advisory_lock included (deadlock).
        take = sa.text("SELECT pg_try_advisory_lock(:key)")
        while not connection.execute(take, {"key": _ADVISORY_LOCK}).scalar():
            time.sleep(0.2)
        try:
            valid = connection.execute(_PG_VALID, {"name": INDEX_NAME}).scalar()
            if valid:
                return False
            if valid is not None:  # left invalid by a build that was interrupted
                logger.warning("tracker store: index %s is invalid (an interrupted "
                               "build); building it again", INDEX_NAME)
                connection.execute(sa.text(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX_NAME}"))
            connection.execute(_create_statement(engine, concurrently=True))
            return True
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                               {"key": _ADVISORY_LOCK})


def main(argv: list[str] | None = None) -> int:
    """Builds Rasa's SQL tracker store from the endpoints file, as the server will,
    and makes sure of the index. Exits 0 unless the endpoints file is unreadable."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoints", default=os.environ.get("RASA_ENDPOINTS",
                                                              "endpoints.yml"))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # Rasa's imports'
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import read_endpoint_config

    if not os.path.exists(args.endpoints):
        logger.error("tracker store: %s not found", args.endpoints)
        return 2
    config = read_endpoint_config(args.endpoints, "tracker_store")
    if config is None or str(config.type or "").lower() != "sql":
        logger.info("tracker store: not SQL, no index to make")
        return 0
    began = time.monotonic()
    # Rasa's own constructor: its URL rules, engine options, create_all, waiting.
    store = SQLTrackerStore(domain=Domain.empty(), host=config.url, **config.kwargs)
    try:
        created = ensure_session_index(store.engine)
    except sa.exc.SQLAlchemyError as error:
        logger.warning("tracker store: index %s not made (%s: %s); Rasa starts "
                       "without it", INDEX_NAME, type(error).__name__, error)
        return 0
    finally:
        store.engine.dispose()
    logger.info("tracker store: index %s %s (%.1f s)", INDEX_NAME,
                "created" if created else "present", time.monotonic() - began)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
