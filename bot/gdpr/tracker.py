"""Rasa's conversation events, read and deleted where Rasa keeps them.

Rasa's SQL tracker store (endpoints.yml, ``tracker_store: type: SQL``) writes one row
per event in its table ``events`` (id, sender_id, type_name, timestamp, intent_name,
action_name, data: the event as JSON), keyed by the conversation id. The services
environment never imports Rasa, so the table is read and changed here with SQLAlchemy
core, on the URL the Rasa server is given (``RASA_TRACKER_URL``). Any other tracker
store (in memory, Redis, Mongo, DynamoDB) is not reachable from here: callers say so
in what they produce instead of pretending the conversation is empty.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    func,
    inspect,
    select,
)

from bot.db import ROOT

EVENTS = Table(  # Rasa 3.6 SQLTrackerStore.SQLEvent
    "events", MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), index=True),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

_VARIABLE = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True)
class TrackerStore:
    """Where the conversation events are: ``url`` is None when they cannot be reached
    from here, and ``note`` says why."""

    kind: str
    url: str | None
    note: str = ""

    def describe(self) -> dict[str, Any]:
        return {"type": self.kind, "readable": self.url is not None, "note": self.note}


def sqlalchemy_url(url: str) -> str:
    """Rasa's URL (SQLAlchemy 1.4, psycopg2) as the services environment opens it
    (SQLAlchemy 2, psycopg 3)."""
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _substitute(value: Any, env: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return _VARIABLE.sub(lambda m: env.get(m.group(1), ""), value)
    if isinstance(value, dict):
        return {k: _substitute(v, env) for k, v in value.items()}
    return value


def configured(endpoints: str | Path | None = None,
               env: Mapping[str, str] | None = None) -> TrackerStore:
    """The tracker store the Rasa server is configured with: its endpoints file
    (RASA_ENDPOINTS, endpoints.yml by default) with ${VARIABLES} from the environment,
    as Rasa reads it."""
    env = os.environ if env is None else env
    path = Path(endpoints or env.get("RASA_ENDPOINTS") or "endpoints.yml")
    if not path.is_absolute():
        path = ROOT / path
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        return TrackerStore("unknown", None, f"cannot read {path.name}: {error.strerror}")
    store = _substitute(config.get("tracker_store") or {}, env)
    kind = str(store.get("type") or "InMemoryTrackerStore")
    if kind.lower() != "sql":
        return TrackerStore(kind, None, f"the tracker store is {kind}, not SQL: its "
                            "conversation events are not reachable from here")
    url = store.get("url") or store.get("host") or ""
    if "://" not in url:
        dialect = store.get("dialect") or "sqlite"
        if dialect == "sqlite":
            url = f"sqlite:///{store.get('db') or 'rasa.db'}"
        else:
            user = store.get("username") or ""
            auth = f"{user}:{store.get('password')}@" if store.get("password") else (
                f"{user}@" if user else "")
            port = f":{store['port']}" if store.get("port") else ""
            url = f"{dialect}://{auth}{url}{port}/{store.get('db') or 'rasa.db'}"
    return TrackerStore("SQL", sqlalchemy_url(url))


_engines: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = create_engine(url)
    return _engines[url]


def dispose(url: str) -> None:
    engine = _engines.pop(sqlalchemy_url(url), None)
    if engine is not None:
        engine.dispose()


def _has_events(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


def read_events(store: TrackerStore, conversation_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Every event of these conversations, oldest first, the JSON of each parsed."""
    ids = sorted(set(conversation_ids))
    if store.url is None or not ids:
        return []
    engine = _engine(store.url)
    if not _has_events(engine):  # Rasa has not written anything yet
        return []
    with engine.connect() as connection:
        rows = connection.execute(
            select(EVENTS).where(EVENTS.c.sender_id.in_(ids)).order_by(EVENTS.c.id)).all()
    events = []
    for row in rows:
        try:
            data = json.loads(row.data) if row.data else None
        except ValueError:
            data = row.data
        events.append({"conversation_id": row.sender_id, "type": row.type_name,
                       "timestamp": row.timestamp, "intent": row.intent_name,
                       "action": row.action_name, "event": data})
    return events


def count_events(store: TrackerStore, conversation_ids: Iterable[str]) -> int | None:
    """How many events these conversations have; None when they cannot be reached."""
    ids = sorted(set(conversation_ids))
    if store.url is None:
        return None
    if not ids:
        return 0
    engine = _engine(store.url)
    if not _has_events(engine):
        return 0
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(EVENTS)
                                 .where(EVENTS.c.sender_id.in_(ids))) or 0


def delete_events(store: TrackerStore, conversation_ids: Iterable[str]) -> int | None:
    """Delete every event of these conversations (committed at once: the tracker store
    is another database). None when they cannot be reached."""
    ids = sorted(set(conversation_ids))
    if store.url is None:
        return None
    if not ids:
        return 0
    engine = _engine(store.url)
    if not _has_events(engine):
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(ids))).rowcount


def count_before(store: TrackerStore, timestamp: float) -> int | None:
    """How many events (of any conversation) are older than ``timestamp``."""
    if store.url is None:
        return None
    engine = _engine(store.url)
    if not _has_events(engine):
        return 0
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(EVENTS)
                                 .where(EVENTS.c.timestamp < timestamp)) or 0


def delete_before(store: TrackerStore, timestamp: float, batch: int = 1000) -> int | None:
    """Delete every event older than ``timestamp``, ``batch`` at a time, each batch
    committed on its own (Rasa keeps writing meanwhile: no long lock on its table).
    None when the store cannot be reached from here."""
    if store.url is None:
        return None
    engine = _engine(store.url)
    if not _has_events(engine):
        return 0
    total = 0
    while True:
        with engine.begin() as connection:
            ids = list(connection.scalars(select(EVENTS.c.id).where(
                EVENTS.c.timestamp < timestamp).order_by(EVENTS.c.id).limit(batch)))
            if ids:
                connection.execute(delete(EVENTS).where(EVENTS.c.id.in_(ids)))
        total += len(ids)
        if len(ids) < batch:
            return total
