"""Messages waiting for Rasa or the action server go again as soon as it is back.

A message Rasa did not take (down, restarting) is retried with a backoff of up to
GATEWAY_RASA_RETRY_MAX_SECONDS (gateway/forwarding.py): by itself that let the first answer
after a Rasa restart come up to that long after Rasa was ready (bench/faults.py: 6.0 s
after an action-server restart of 1.0 s, 10 s after Rasa was ready on PostgreSQL).
So while messages wait for one of them, the inbox asks it cheaply whether it is back
(Rasa's ``GET /status`` with its token, which answers only once the model is loaded;
the action server's ``GET /health``) every PROBE_EVERY seconds, and when it answers,
releases the waiting messages at once: their ``next_attempt_at`` becomes now, in one
UPDATE on the shared database, so every gateway process's waiting messages go, each
sender's still in order (the inbox takes a sender's messages oldest first, and holds
a later one behind an earlier one that waits).

Which messages wait for whom is in their ``error``: those Rasa did not take start
with RASA_DOWN, those Rasa took while the action server was down with ACTIONS_LOST;
the ones held behind them have none. A message retried for another reason (an
unexpected error, with its own backoff and try count) is left alone.

Each gateway process watches a dependency only after seeing it fail, or at its start
(messages from before a restart may be waiting): nothing is probed while everything
answers. Messages are released only when the dependency comes *back*: after a probe
that failed (or a refused connection, which is proof enough). A failure the probe does
not confirm (Rasa answering /status but failing one message with a 500, say) is not an
outage: that message keeps its backoff, so a message Rasa always fails on is not sent
again twice a second.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from sqlalchemy import CursorResult, or_, update

from bot.db import session_scope
from bot.models import InboundMessage, utcnow

log = logging.getLogger("gateway.comeback")
PROBE_EVERY = 0.5  # seconds between two probes of a dependency messages wait for
PROBE_TIMEOUT = 2.0
RASA_DOWN = "Rasa unreachable"  # the start of `error` of a message Rasa did not take
# The start of ``InboundMessage.error`` for a message Rasa took while the action server
# was down: Rasa logs the failed custom action and answers nothing, so the message is
# sent to Rasa again when the action server is back instead of being looked up.
ACTIONS_LOST = "action server unreachable"

Probe = Callable[[], Awaitable[None]]


class Comeback:
    """The dependencies messages wait for, their probes, and the release."""

    def __init__(self, database_url: str | None = None) -> None:
        self.database_url = database_url
        self.probes: dict[str, tuple[str, Probe]] = {}  # name: (error prefix, probe)
        # Watched: "down" (seen down: release when it answers) or "suspect" (a failure
        # the probe must confirm first).
        self.watched: dict[str, str] = {}
        self.wakeup: asyncio.Event | None = None  # the inbox's, set after a release
        # Told when a probe answers (gateway/health.py): /health's last known state.
        self.observe: Callable[[str, BaseException | None], None] | None = None

    def add(self, name: str, prefix: str, probe: Probe) -> None:
        self.probes[name] = (prefix, probe)
        self.watched[name] = "down"  # at start: messages from before a restart may wait

    def failed(self, name: str, certain: bool = False) -> None:
        """A message now waits for ``name``; ``certain``: it is down (a refused
        connection, a failed /health), no probe needed to believe it."""
        if name in self.probes and (certain or self.watched.get(name) != "down"):
            self.watched[name] = "down" if certain else "suspect"

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            for name in sorted(self.watched):
                await self._check(name)
            try:
                await asyncio.wait_for(stop.wait(), timeout=PROBE_EVERY)
            except asyncio.TimeoutError:  # not the builtin on Python 3.10
                pass

    async def _check(self, name: str) -> None:
        prefix, probe = self.probes[name]
        try:
            await asyncio.wait_for(probe(), timeout=PROBE_TIMEOUT)
        except Exception:  # down (still, or now for sure): the next probe will tell
            self.watched[name] = "down"
            return
        if self.watched.get(name) == "down":
            try:
                released = await asyncio.to_thread(self.release, prefix)
            except Exception as error:  # the database: tried again at the next probe
                log.warning("messages waiting for %s not released yet (%s)", name,
                            type(error).__name__)
                return
            if released:
                log.info("%s answers again: %d waiting message(s) released", name,
                         released)
                if self.wakeup is not None:
                    self.wakeup.set()
            if self.observe is not None:
                self.observe(name, None)
        self.watched.pop(name, None)

    def release(self, prefix: str) -> int:
        """The messages waiting for the dependency whose errors start with ``prefix``,
        and those held behind them, are due now."""
        now = utcnow()
        row = InboundMessage
        with session_scope(self.database_url) as s:
            result = s.execute(
                update(row)
                .where(row.status == "received", row.next_attempt_at > now,
                       or_(row.error.startswith(prefix, autoescape=True),
                           row.error.is_(None)))
                .values(next_attempt_at=now)
                .execution_options(synchronize_session=False))
            return cast(CursorResult[Any], result).rowcount
