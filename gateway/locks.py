"""Conversation locks shared by several gateway processes on PostgreSQL.

A worker that handles one sender's inbound messages, or has a message to one address in
flight, holds a PostgreSQL session advisory lock named after (channel, address) on a
connection of its own, and lets it go when done. Another process that wants the same
conversation finds it taken and leaves it alone; a process that dies loses its
connection, and with it its locks, at once: no lease to expire, no clean-up to run.
That is also how an interrupted send is recognised: a row left ``sending`` whose
address nobody holds was being sent by a process that is gone (gateway/delivery.py).

SQLite has no such locks and no second process to share with: ``ConversationLocks``
is only built for PostgreSQL (``for_url`` returns None otherwise).
"""

from __future__ import annotations

import hashlib
import logging
import threading

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

log = logging.getLogger("gateway.locks")

# First half of the two-key advisory lock: whose lock it is (the second is the address).
INBOX = 0x0CA1E1  # a sender's inbound messages
DELIVERY = 0x0CA1E2  # an address's outbound messages


def conversation_key(channel: str, address: str) -> int:
    """A signed 32-bit number for (channel, address); two conversations that share one
    are only handled one after the other, never wrongly side by side."""
    digest = hashlib.blake2b(f"{channel}:{address}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


class ConversationLocks:
    """Advisory locks in one namespace, on one connection kept for the purpose (in
    autocommit: it never sits in a transaction). Thread-safe: the workers call it from
    asyncio.to_thread."""

    def __init__(self, database_url: str, namespace: int):
        self.engine = create_engine(database_url, poolclass=NullPool)
        self.namespace = namespace
        self._connection: Connection | None = None
        self._held: set[int] = set()
        self._mutex = threading.Lock()

    @classmethod
    def for_url(cls, database_url: str, namespace: int) -> ConversationLocks | None:
        return cls(database_url, namespace) if database_url.startswith("postgresql") else None

    def _conn(self) -> Connection:
        if self._connection is None or self._connection.closed:
            self._connection = self.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT")
        return self._connection

    def _run(self, sql: str, key: int) -> bool:
        try:
            return bool(self._conn().execute(text(sql), {"ns": self.namespace, "key": key})
                        .scalar())
        except Exception:
            self._lost()
            raise

    def _lost(self) -> None:
        """The connection is gone, and the locks it held with it: start afresh."""
        log.warning("lock connection lost: its conversation locks are released")
        self._held.clear()
        if self._connection is not None:
            try:
                self._connection.invalidate()
            except Exception:  # noqa: S110 - broken already
                pass
        self._connection = None

    def try_lock(self, channel: str, address: str) -> bool:
        """True if this process now holds the conversation; False if anyone (this
        process included) holds it already."""
        key = conversation_key(channel, address)
        with self._mutex:
            if key in self._held:  # advisory locks nest in one session: refuse here
                return False
            if self._run("SELECT pg_try_advisory_lock(:ns, :key)", key):
                self._held.add(key)
                return True
            return False

    def try_lock_many(self, conversations: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """``try_lock`` for many conversations in one round trip; returns those now held
        by this call."""
        keys: dict[int, tuple[str, str]] = {}
        for conversation in conversations:
            keys.setdefault(conversation_key(*conversation), conversation)
        with self._mutex:
            wanted = [key for key in keys if key not in self._held]
            if not wanted:
                return set()
            try:
                rows = self._conn().execute(
                    text("SELECT k, pg_try_advisory_lock(:ns, k) FROM unnest(:keys) AS k"),
                    {"ns": self.namespace, "keys": wanted}).all()
            except Exception:
                self._lost()
                raise
            taken = {key for key, ok in rows if ok}
            self._held |= taken
            return {keys[key] for key in taken}

    def unlock(self, channel: str, address: str) -> None:
        key = conversation_key(channel, address)
        with self._mutex:
            if key not in self._held:
                return
            self._held.discard(key)
            try:
                self._run("SELECT pg_advisory_unlock(:ns, :key)", key)
            except Exception:  # lost with its connection: released anyway
                log.exception("unlock failed")

    def close(self) -> None:
        with self._mutex:
            self._held.clear()
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            self.engine.dispose()
