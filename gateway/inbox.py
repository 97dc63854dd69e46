"""Accepted messages, from storage to the conversation and back.

A webhook stores the message (``accept``) and, in the same transaction, runs the safety
net on its whole text (bot/safety_net.py): a red flag has its 112 answer queued at
urgent priority and its urgent flag raised before the provider gets its 2xx, whatever
happens next (flood, media, size, enrollment, takeover, Rasa down). Then it wakes this
worker. The worker takes each sender's stored messages in arrival order (different
senders side by side, GATEWAY_RASA_CONCURRENCY at a time), answers what needs no
conversation (the guards of gateway/guards.py: floods, media, oversized text, paging
acknowledgements, unlinked accounts, STOP/START; a nurse's hold), forwards
the rest to Rasa under the pseudonymous conversation id, and queues Rasa's answers for
delivery. If Rasa does not answer within GATEWAY_RASA_NOTICE_SECONDS the patient is
told once per outage that the assistant is briefly unavailable (gateway/unavailable.py:
recorded in the database, so once whatever the number of gateway processes and
restarts); the message stays stored and is retried (at most
GATEWAY_RASA_RETRY_MAX_SECONDS apart, and at once when Rasa answers again:
gateway/comeback.py) until Rasa is back: nothing accepted is lost, a sender's messages
keep their order, and a message
still unprocessed after 24 hours raises a flag instead of vanishing.

Several gateway processes on one PostgreSQL database share the inbox: a sender's
messages are handled by one process at a time, the one holding the sender's advisory
lock (gateway/locks.py), which reads the sender's waiting messages afresh once it has
it. So a sender's messages reach Rasa once and in order, whichever process received
them; a process that dies lets go of its senders at once, and another takes them up.
On SQLite (one process) the senders being handled are known in memory only.

Three modules: gateway/accept.py (``accept``, the door), this one (the worker: which
message, when, by which process, and the guards) and gateway/forwarding.py (the
conversation with Rasa, mixed into ``Inbox``). ``accept`` and the names callers used
are re-exported here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from bot import language_choice, outbound, safety_net
from bot.db import database_url as default_database_url
from bot.db import read_connection, read_scope, session_scope, unreachable
from bot.models import InboundMessage, utcnow
from bot.nlu.languages import normalise
from bot.rasa_client import RasaClient, redact
from gateway.accept import Accepted, accept
from gateway.comeback import ACTIONS_LOST, Comeback
from gateway.config import Settings
from gateway.forwarding import INBOUND_ID, RETRY_FOR, Forward, RasaForwarding
from gateway.guards import GUARDS, Incoming
from gateway.health import Outage, describe
from gateway.locks import INBOX, ConversationLocks
from gateway.wakeups import Poll

log = logging.getLogger("gateway.inbox")
ELSEWHERE_PAUSE = 0.25  # seconds before trying again a sender another process handles
UNEXPECTED_TRIES = 3  # an unexpected error: tried this often, then failed and flagged

__all__ = ["ELSEWHERE_PAUSE", "GUARDS", "INBOUND_ID", "RETRY_FOR", "UNEXPECTED_TRIES", "Accepted",
           "Inbox", "accept"]

# The statements of every round, built once per process (issue 16).
_WAITING = InboundMessage.status == "received"
_OLDER = aliased(InboundMessage)
# Due messages, oldest first, each with its sender's oldest waiting message.
_DUE = (select(InboundMessage.id, InboundMessage.channel, InboundMessage.sender,
               select(func.min(_OLDER.id))
               .where(_OLDER.status == "received", _OLDER.channel == InboundMessage.channel,
                      _OLDER.sender == InboundMessage.sender).scalar_subquery())
        .where(_WAITING, InboundMessage.next_attempt_at <= bindparam("now"))
        .order_by(InboundMessage.id).limit(bindparam("limit")))
_RETRIED_AT = (select(InboundMessage.channel, InboundMessage.sender,
                      InboundMessage.next_attempt_at)
               .where(InboundMessage.id.in_(bindparam("ids", expanding=True))))


class Inbox(RasaForwarding):
    def __init__(self, settings: Settings, rasa: RasaClient, database_url: str | None = None,
                 on_callback=None):
        self.settings = settings
        self.rasa = rasa
        self.database_url = database_url
        self.wakeup = asyncio.Event()
        self.on_callback = on_callback  # answers Telegram button presses
        # Set by the gateway (gateway/app.py); declared in gateway/forwarding.py.
        self.outbound_wakeup = None
        self.observe = None
        self.actions_health_url = None
        self._busy: set[tuple[str, str]] = set()  # (channel, sender) being handled
        # Senders a round found busy: their drain wakes the worker when it ends.
        self._skipped: set[tuple[str, str]] = set()
        self._read_full = False  # the last round read its limit: more may be due
        # PostgreSQL: senders are shared with the other gateway processes (None: SQLite).
        self.locks = ConversationLocks.for_url(database_url or default_database_url(), INBOX)
        self._elsewhere: dict[tuple[str, str], float] = {}  # handled by another process
        self._slots = asyncio.Semaphore(settings.rasa_concurrency)
        # Waiting messages released as soon as Rasa or the action server is back
        # (gateway/comeback.py; its probes are added by the gateway, none here).
        self.comeback = Comeback(database_url)
        self.comeback.wakeup = self.wakeup
        self.poll = Poll()  # the gateway makes it back off on PostgreSQL (gateway/wakeups.py)

    async def run_forever(self, stop: asyncio.Event) -> None:
        running: set[asyncio.Task[int]] = set()
        outage = Outage("inbox round", log)
        comeback = asyncio.create_task(self.comeback.run_forever(stop))
        while not stop.is_set():
            self.wakeup.clear()
            try:
                started = await self._dispatch(running)
                outage.succeeded()
                # 0.5 s; longer while idle when other processes' rows wake it (PostgreSQL)
                wait = self.poll.after(started > 0 or bool(running))
            except Exception as error:  # the database does not answer, most often
                wait = outage.failed(error)
                started = 0
            # At once again only after a full read (more may wait); else on a wake-up
            # (a message stored; a drain's end, for senders a round found busy).
            if not started or not self._read_full:
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=wait)
                except asyncio.TimeoutError:  # not the builtin on Python 3.10
                    pass
        await asyncio.gather(comeback, *running, return_exceptions=True)
        if self.locks is not None:
            await asyncio.to_thread(self.locks.close)

    async def run_once(self, limit: int = 100) -> int:
        """Handles the messages due now and returns how many were handled."""
        running: set[asyncio.Task[int]] = set()
        await self._dispatch(running, limit)
        return sum(await asyncio.gather(*running))

    def _due(self, limit: int) -> tuple[list[tuple[int, str, str]],
                                         dict[tuple[str, str], dt.datetime]]:
        """Due messages, oldest first, and for each of their senders whose oldest
        waiting message is not due (it waits for Rasa) when that one is tried again."""
        with read_connection(self.database_url) as c:  # polled twice a second: no lock
            found = c.execute(_DUE, {"now": utcnow(), "limit": limit}).all()
            rows = [(row_id, channel, sender) for row_id, channel, sender, _ in found]
            due_ids = {row[0] for row in rows}
            # Rare (Rasa down): a sender whose oldest waiting message is not due.
            waiting = {oldest for *_, oldest in found if oldest not in due_ids}
            blocked = {(channel, sender): at for channel, sender, at in c.execute(
                _RETRIED_AT, {"ids": list(waiting)})} if waiting else {}
            return rows, blocked

    async def _dispatch(self, running: set[asyncio.Task[int]], limit: int = 100) -> int:
        """Starts one task per sender with due messages (none for a sender already being
        handled): a sender's messages go to Rasa one after the other, in order, while
        different senders' conversations proceed side by side, at most
        GATEWAY_RASA_CONCURRENCY at a time. Returns how many tasks it started."""
        senders: dict[tuple[str, str], list[int]] = {}
        rows, blocked = await asyncio.to_thread(self._due, limit)
        self._read_full = len(rows) >= limit
        for row_id, channel, sender in rows:
            senders.setdefault((channel, sender), []).append(row_id)
        started = 0
        now = time.monotonic()
        for key in [k for k, until in self._elsewhere.items() if until <= now]:
            del self._elsewhere[key]
        for key, row_ids in senders.items():
            if key in self._busy:
                self._skipped.add(key)  # looked at again once its drain ends
                continue
            if self._elsewhere.get(key, 0.0) > now:
                continue
            self._busy.add(key)
            task = asyncio.create_task(self._drain(key, row_ids, blocked.get(key)))
            running.add(task)
            task.add_done_callback(running.discard)
            started += 1
        return started

    async def _drain(self, key: tuple[str, str], row_ids: list[int],
                     blocked_until: dt.datetime | None = None) -> int:
        """A sender's due messages in order. What needs no conversation (flood, media,
        size, unlinked, STOP) is answered at once; a message for Rasa waits, in order,
        behind an earlier one Rasa has not taken yet (``blocked_until``)."""
        handled = 0
        locked = False
        try:
            async with self._slots:
                if self.locks is not None:
                    if not await asyncio.to_thread(self.locks.try_lock, *key):
                        # Another process has this sender: it will see these messages.
                        self._elsewhere[key] = time.monotonic() + ELSEWHERE_PAUSE
                        return 0
                    locked = True
                    self._elsewhere.pop(key, None)
                    # What was read before the lock may be handled already: read again.
                    row_ids, blocked_until = await asyncio.to_thread(self._due_for, key)
                for row_id in row_ids:
                    try:
                        done, blocked_until = await self._handle(row_id, blocked_until)
                    except Exception as error:  # a bug or a broken row: never stuck
                        if unreachable(error):  # not the row's fault: all tried later
                            log.warning("message %s: database unreachable (%s), tried "
                                        "again later", row_id, describe(error))
                            break
                        log.exception("message %s: unexpected error while handling it", row_id)
                        blocked_until = await asyncio.to_thread(self._unexpected, row_id, error)
                        continue
                    handled += done
        finally:
            if locked and self.locks is not None:  # locked: only ever with locks
                await asyncio.to_thread(self.locks.unlock, *key)
            self._busy.discard(key)
            # Later messages may wait: a round found the sender busy, or (PostgreSQL)
            # another process stored some meanwhile.
            if locked or key in self._skipped:
                self._skipped.discard(key)
                self.wakeup.set()
        return handled

    def _due_for(self, key: tuple[str, str], limit: int = 100
                 ) -> tuple[list[int], dt.datetime | None]:
        """One sender's due messages, oldest first, and when its oldest waiting message
        is tried again if that one is not due (``_due`` for a single sender)."""
        channel, sender = key
        waiting = (InboundMessage.status == "received", InboundMessage.channel == channel,
                   InboundMessage.sender == sender)
        with read_scope(self.database_url) as s:
            ids = list(s.scalars(select(InboundMessage.id)
                                 .where(*waiting, InboundMessage.next_attempt_at <= utcnow())
                                 .order_by(InboundMessage.id).limit(limit)))
            if not ids:
                return [], None
            oldest_id, oldest_at = s.execute(
                select(InboundMessage.id, InboundMessage.next_attempt_at)
                .where(*waiting).order_by(InboundMessage.id).limit(1)).one()
            return ids, (None if oldest_id == ids[0] else oldest_at)

    async def _handle(self, row_id: int, blocked_until: dt.datetime | None
                      ) -> tuple[bool, dt.datetime | None]:
        """One message: (handled, when this sender's later messages may go on)."""
        forward, callback_id = await asyncio.to_thread(self._prepare, row_id)
        if forward is not None and blocked_until is not None:
            await asyncio.to_thread(self._hold, row_id, blocked_until)
            return False, blocked_until
        if forward is not None and not await self._forward(forward):
            # Rasa is down: this sender's later ones wait behind it
            return False, await asyncio.to_thread(self._next_attempt, row_id)
        if callback_id and self.on_callback is not None:
            await self.on_callback(callback_id)
        if self.outbound_wakeup is not None:
            self.outbound_wakeup.set()
        return True, blocked_until

    def _unexpected(self, row_id: int, error: Exception) -> dt.datetime | None:
        """An exception nobody expected (a bug, a row no rule fits): tried again after
        a backoff, at most UNEXPECTED_TRIES times, then failed with an `unprocessed`
        flag, so a human sees the message and the sender's later ones go on. Before
        this the row stayed `received` and was retried every half second for ever,
        blocking its sender's queue (a poison row). Returns until when the sender's
        later messages wait (None: they go on now)."""
        with session_scope(self.database_url) as s:
            row = s.get(InboundMessage, row_id)
            if row is None or row.status != "received":
                return None
            row.attempts += 1
            row.error = redact(f"{type(error).__name__}: {error}")[:500]
            if row.attempts < UNEXPECTED_TRIES:
                row.next_attempt_at = utcnow() + outbound.backoff(row.attempts)
                return row.next_attempt_at
            row.status = "failed"
            try:
                with s.begin_nested():
                    self._flag_unprocessed(s, row, f"{row.attempts} unexpected errors")
            except Exception:  # the row still fails: it must not block the queue
                log.exception("message %s: no unprocessed flag could be raised", row_id)
            return None

    def _hold(self, row_id: int, until: dt.datetime) -> None:
        with session_scope(self.database_url) as s:
            s.get_one(InboundMessage, row_id).next_attempt_at = until

    def _next_attempt(self, row_id: int) -> dt.datetime | None:
        """When a message Rasa did not take is tried again (None: it has failed for good)."""
        with session_scope(self.database_url) as s:
            row = s.get_one(InboundMessage, row_id)
            return row.next_attempt_at if row.status == "received" else None

    def _prepare(self, row_id: int) -> tuple[Forward | None, str | None]:
        """The guards (gateway/guards.py), in order: everything that needs no
        conversation; returns what must go to Rasa, and the Telegram callback to
        acknowledge (a pressed button), if any. A red flag was answered when the message
        was stored (``accept``): here it only changes what else is said (no "too long"
        to an emergency, no enrollment try)."""
        with session_scope(self.database_url) as s:
            m = Incoming.load(s, row_id, self.settings)
            callback_id = m.metadata.get("callback_id")
            for guard in GUARDS:
                if guard(m):
                    return None, callback_id
            row = m.row
            metadata = dict(m.metadata)
            metadata["language_hint"] = m.lang
            if m.identity is not None:  # the Rasa slot follows a chosen language
                metadata.update(language_choice.rasa_metadata(m.identity.patient))
            metadata["channel"] = row.channel
            metadata[INBOUND_ID] = row.id
            if m.rasa_text is not None:  # an answer word stands for a button's payload
                metadata["typed"] = row.text
            emergency_text = None
            lost = (row.error or "").startswith(ACTIONS_LOST)
            if m.red_flag:  # what the patient was told, for the transcript
                # a dict whenever red_flag is set (safety_net.from_metadata)
                screened = m.metadata.get(safety_net.METADATA_KEY) or {}
                emergency_text = safety_net.answer(
                    normalise(screened.get("language") or m.lang),
                    screened.get("kinds") or (), linked=True)
            return Forward(row.id, m.conversation_id or "", m.rasa_text or row.text, metadata,
                            m.patient_id or 0, row.channel, row.sender, m.held,
                            emergency_text, retried=row.attempts > 0 and not lost,
                            actions_lost=lost), callback_id
