"""The delivery worker: drains the outbound queue at the providers' allowed rates.

Rows are claimed by priority (urgent, then replies, then reminders), then in order of
their due time, marked ``sending``, sent (each address's messages in order, different
addresses side by side), then marked sent / retried later / failed.

One process on SQLite: a round claims a batch, and a row left ``sending`` by a crash is
put back in the queue at start (at most one duplicate, never a loss), unless Twilio
shows it took it (gateway/recovery.py).

Several processes on PostgreSQL (several gateways on one database): a round claims,
with ``SELECT … FOR UPDATE SKIP LOCKED``, only the first due row of each address, and
none of an address that has a row in flight, so an address's messages go out one
after the other, in order, whichever process sends them. While its row is in flight
the process holds the address's advisory lock (gateway/locks.py); a row left
``sending`` whose address nobody holds belongs to a process that died, and any process
puts it back in the queue (at start and every few seconds), never one still being sent.

Telegram allows about 30 messages a second overall and one a second per chat;
Twilio's rate depends on the sender type (TWILIO_RATE_PER_SECOND). With
GATEWAY_REDIS_URL the limits are booked in Redis and shared by every gateway process
(gateway/ratelimit.py); without it, or while Redis does not answer, in memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable

from sqlalchemy import Row, bindparam, func, select, tuple_, update

from bot import escalation, outbound
from bot.db import connection_scope, read_scope, session_scope
from bot.db import database_url as default_database_url
from bot.models import InboundMessage, OutboundMessage, utcnow
from gateway.channels import SendError
from gateway.channels.outbox import OutboxTransport
from gateway.channels.telegram import TelegramTransport
from gateway.channels.twilio import TwilioTransport
from gateway.config import Settings
from gateway.health import Outage, describe, settle
from gateway.locks import DELIVERY, ConversationLocks
from gateway.ratelimit import RateLimiter, RateLimits, scope_of
from gateway.recovery import Recovery
from gateway.wakeups import Poll

__all__ = ["Delivery", "RateLimiter"]

log = logging.getLogger("gateway.delivery")
RECOVER_EVERY = 5.0  # seconds between two looks for rows a stopped process left sending
# PostgreSQL claim: the queue is read this many rows at a time, at most this many times
# a round, to find the first row of enough addresses (a long backlog to one chat must
# not hide the other chats behind it).
CLAIM_PAGE, CLAIM_PAGES = 500, 20


# The hot path's statements, built once per process (issue 16: building a statement
# and its cache key costs more CPU than SQLite takes to run it).
# Every column, labelled with its attribute's name: a row makes an OutboundMessage.
_OUTBOUND_FIELDS = [getattr(OutboundMessage, prop.key).label(prop.key)
                    for prop in OutboundMessage.__mapper__.column_attrs]
_QUEUE = (OutboundMessage.priority, OutboundMessage.next_attempt_at, OutboundMessage.id)
_DUE = (select(*_OUTBOUND_FIELDS)
        .where(OutboundMessage.status == "queued",
               OutboundMessage.next_attempt_at <= bindparam("now"))
        .order_by(*_QUEUE).limit(bindparam("limit")))
# SQLite (one process): the due rows marked ``sending`` and returned in one statement.
_CLAIM = (update(OutboundMessage)
          .where(OutboundMessage.id.in_(_DUE.with_only_columns(OutboundMessage.id)))
          .values(status="sending").returning(*_OUTBOUND_FIELDS))
_MARK_SENDING = (update(OutboundMessage).where(OutboundMessage.id == bindparam("row_id"))
                 .values(status="sending"))
_MARK_SENT = update(OutboundMessage).where(OutboundMessage.id == bindparam("row_id"))


def _queue_order(row: Row) -> tuple:
    return (row.priority, row.next_attempt_at, row.id)


class Delivery:
    def __init__(self, settings: Settings, database_url: str | None = None,
                 concurrency: int = 8, batch: int = 50):
        self.settings = settings
        self.database_url = database_url
        self.outbox = OutboxTransport()
        self.telegram = TelegramTransport(settings) if settings.telegram_enabled else None
        self.twilio = TwilioTransport(settings) if settings.twilio_enabled else None
        self.limits = RateLimits(
            {"telegram": (settings.telegram_rate_per_second, settings.telegram_chat_interval),
             "twilio": (settings.twilio_rate_per_second, 0.0),
             "outbox": (0.0, 0.0)},
            settings.redis_url,
            scopes={"telegram": scope_of(settings.telegram_token),
                    "twilio": scope_of(settings.twilio_sid)})
        self.wakeup = asyncio.Event()
        self.concurrency = concurrency
        self.batch = batch
        # PostgreSQL: several processes may share the queue (None on SQLite: one process).
        self.locks = ConversationLocks.for_url(database_url or default_database_url(),
                                               DELIVERY)
        self._recovered_at = 0.0
        self.recovery = Recovery(database_url, self.twilio.client if self.twilio else None,
                                 self._templated)
        self._requeue_pending = False  # start() could not reach the database
        self.poll = Poll()  # the gateway makes it back off on PostgreSQL (gateway/wakeups.py)
        # Told each provider answer or outage (gateway/health.py): /health's last known state.
        self.observe: Callable[[str, str | None], None] | None = None

    def transport_for(self, channel: str):
        if channel == "telegram" and self.telegram:
            return self.telegram
        if channel in ("sms", "whatsapp") and self.twilio:
            return self.twilio
        return self.outbox

    async def start(self) -> None:
        """The transports, then the rows a stopped process left ``sending`` back in the
        queue; while the database does not answer that waits for the first round that
        reaches it (``run_once`` claims nothing before it)."""
        for transport in (self.telegram, self.twilio):
            if transport is not None:
                await transport.start()
        try:
            await asyncio.to_thread(self._requeue_interrupted)
        except Exception as error:
            log.warning("rows left sending not yet looked for (%s): on the first round "
                        "that reaches the database", describe(error))
            self._requeue_pending = True

    async def stop(self) -> None:
        for transport in (self.telegram, self.twilio):
            if transport is not None:
                await transport.stop()
        await self.limits.close()
        if self.locks is not None:
            await asyncio.to_thread(self.locks.close)

    def _requeue_interrupted(self) -> int:
        """Rows left ``sending`` by a process that stopped mid-send are settled
        (gateway/recovery.py: marked sent when Twilio shows it has them, else queued
        again, an uncertain resend audited): on SQLite (one process) all of them, at
        start; on PostgreSQL those whose address no live process holds (a row being
        sent right now is never touched)."""
        self._recovered_at = time.monotonic()
        if self.locks is None:
            return self.recovery.settle([])
        with read_scope(self.database_url) as s:
            addresses = s.execute(select(OutboundMessage.channel, OutboundMessage.address)
                                  .where(OutboundMessage.status == "sending").distinct()).all()
        requeued = 0
        for channel, address in addresses:
            if not self.locks.try_lock(channel, address):
                continue  # being sent by a live process (or by this one)
            try:
                count = self.recovery.settle([OutboundMessage.channel == channel,
                                              OutboundMessage.address == address])
            finally:
                self.locks.unlock(channel, address)
            if count:
                log.warning("%d message(s) to %s %s left sending by a stopped process: "
                            "queued again", count, channel, "…" + address[-3:])
                requeued += count
        return requeued

    def _claim(self, limit: int) -> list[OutboundMessage]:
        """Due rows marked ``sending``, returned detached with what was read: the row is
        this process's until it is settled, so it is not read a second time to send it."""
        if self.locks is not None:
            return self._claim_shared(limit)
        with connection_scope(self.database_url) as c:
            if c.dialect.update_returning:  # one statement: SQLite 3.35 and later
                # RETURNING's order is not the query's
                claimed = sorted(c.execute(_CLAIM, {"now": utcnow(), "limit": limit}),
                                 key=_queue_order)
            else:
                claimed = list(c.execute(_DUE, {"now": utcnow(), "limit": limit}))
                if claimed:
                    c.execute(_MARK_SENDING, [{"row_id": row.id} for row in claimed])
        # Detached rows (never added to a session): what the transports read.
        return [OutboundMessage(**row._mapping) for row in claimed]

    def _claim_shared(self, limit: int) -> list[OutboundMessage]:
        """PostgreSQL, several processes: the first due row of each address (priority,
        due time, id) and none of an address with a row in flight.

        The queue is read in its order, a page at a time along its index, without
        locks: an address's first row there is its first due row. Addresses with a row
        ``sending`` (read after the pages) are left out. Then those rows are locked
        with ``FOR UPDATE SKIP LOCKED``, still queued, and marked ``sending``. Another
        process's claim skips them while they are locked, and once committed sees them
        ``sending``: one row per address in flight, across every process. The address's
        advisory lock, taken before the row is marked and held until it is settled,
        keeps a second process off the address and tells the living from the dead."""
        now = utcnow()
        row = OutboundMessage
        order = (row.priority, row.next_attempt_at, row.id)
        heads: dict[tuple[str, str], int] = {}
        with read_scope(self.database_url) as s:
            after: tuple | None = None
            for _ in range(CLAIM_PAGES):
                query = (select(row.id, row.channel, row.address, *order[:2])
                         .where(row.status == "queued", row.next_attempt_at <= now)
                         .order_by(*order).limit(CLAIM_PAGE))
                if after is not None:
                    query = query.where(tuple_(*order) > tuple_(*after))
                page = s.execute(query).all()
                for row_id, channel, address, _, _ in page:
                    heads.setdefault((channel, address), row_id)
                if len(page) < CLAIM_PAGE or len(heads) >= 2 * limit:
                    break
                row_id, _, _, priority, due = page[-1]
                after = (priority, due, row_id)
            if not heads:
                return []
            in_flight = set(s.execute(select(row.channel, row.address)
                                      .where(row.status == "sending").distinct()).all())
        candidates = [row_id for key, row_id in heads.items() if key not in in_flight]
        locks = self.locks
        assert locks is not None  # noqa: S101 - only called on PostgreSQL
        claimed: list[OutboundMessage] = []
        held: set[tuple[str, str]] = set()
        try:
            with session_scope(self.database_url) as s:
                rows = s.scalars(
                    select(row)
                    .where(row.id.in_(candidates[:4 * limit]), row.status == "queued",
                           row.next_attempt_at <= now)
                    .order_by(*order)
                    .with_for_update(skip_locked=True)
                ).all()
                rows = rows[:limit]
                held = locks.try_lock_many([(r.channel, r.address) for r in rows])
                for r in rows:
                    if (r.channel, r.address) in held:
                        r.status = "sending"
                        claimed.append(r)
        except BaseException:
            for conversation in held:  # nothing was claimed after all
                locks.unlock(*conversation)
            raise
        return claimed

    async def run_once(self, limit: int | None = None) -> int:
        """Sends one claimed batch: each address's messages one after the other, in
        order; different addresses side by side (at most `concurrency` at a time)."""
        if self._requeue_pending or (self.locks is not None
                                     and time.monotonic() - self._recovered_at > RECOVER_EVERY):
            await asyncio.to_thread(self._requeue_interrupted)
            self._requeue_pending = False
        claimed = await asyncio.to_thread(self._claim, limit or self.batch)
        by_address: dict[tuple[str, str], list[OutboundMessage]] = {}
        for claimed_row in claimed:
            by_address.setdefault((claimed_row.channel, claimed_row.address),
                                  []).append(claimed_row)
        slots = asyncio.Semaphore(self.concurrency)

        async def send_in_order(key: tuple[str, str], rows: list[OutboundMessage]) -> None:
            try:
                async with slots:
                    for row in rows:
                        try:
                            await self._deliver(row)
                        except Exception as error:  # a bug or a broken row: never stuck
                            log.exception("message %s: unexpected error while sending", row.id)
                            await asyncio.to_thread(
                                self._failed, row.id, "gateway", outbound.Failure(
                                    "unexpected", f"{type(error).__name__}: {error}"[:500],
                                    retryable=True))
            finally:
                if self.locks is not None:  # settled (or left sending: then recovered)
                    await asyncio.to_thread(self.locks.unlock, *key)

        await asyncio.gather(*(send_in_order(key, rows) for key, rows in by_address.items()))
        return len(claimed)

    async def run_forever(self, stop: asyncio.Event) -> None:
        outage = Outage("delivery round", log)
        while not stop.is_set():
            # Cleared before the round, not after: a wake-up set while the round looks
            # (a 112 answer queued just then) must not be erased and wait the timeout.
            self.wakeup.clear()
            try:
                sent = await self.run_once()
                outage.succeeded()
                # 0.5 s; longer while idle when other processes' rows wake it (PostgreSQL)
                wait = self.poll.after(sent > 0)
            except Exception as error:  # the database is briefly unavailable, say
                wait = outage.failed(error)
                sent = 0
            # Round again at once only when more may be due: a full batch, or (shared
            # queue) an address whose next row could not be claimed beside its first.
            # Otherwise the next round waits for a wake-up (every row queued by this
            # process sets one) or the poll: one empty claim less per message sent.
            if sent < self.batch and (self.locks is None or not sent):
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=wait)
                except asyncio.TimeoutError:  # not the builtin on Python 3.10
                    pass

    def _templated(self, row: OutboundMessage) -> bool:
        """Whether the row may have gone as a WhatsApp template (TwilioTransport.send)."""
        return row.channel == "whatsapp" and bool(
            self.settings.whatsapp_template_sid
            or (self.settings.whatsapp_reminder_content_sid and len(row.quick_replies or []) == 2))

    def _within_window(self, address: str) -> bool:
        """WhatsApp's 24-hour window opens with the person's last message to us."""
        with read_scope(self.database_url) as s:
            last = s.scalar(select(func.max(InboundMessage.received_at)).where(
                InboundMessage.channel == "whatsapp", InboundMessage.sender == address))
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=dt.timezone.utc)
        return last is not None and utcnow() - last < outbound.WHATSAPP_WINDOW

    async def _deliver(self, row: OutboundMessage) -> None:
        row_id = row.id
        within_window = (await asyncio.to_thread(self._within_window, row.address)
                         if row.channel == "whatsapp" else True)
        transport = self.transport_for(row.channel)
        wait = await self.limits.reserve(transport.name, row.address)
        if wait:
            await asyncio.sleep(wait)
        try:
            provider_id, status = await transport.send(row, within_window=within_window)
        except SendError as error:
            self._observe(transport.name, error.failure)
            await settle(self._failed, row_id, transport.name, error.failure,
                         what=f"message {row_id}'s failure", logger=log)
            return
        self._observe(transport.name, None)
        # Sent: only this process knows it until it is written, so it is written once
        # the database answers (a row left `sending` is sent again at recovery).
        await settle(self._sent, row_id, transport.name, provider_id, status,
                     what=f"message {row_id} sent", logger=log)

    def _observe(self, transport: str, failure: outbound.Failure | None) -> None:
        """A refusal (blocked bot, invalid number, 429) is the provider answering; only a
        retryable failure without a retry-after (network, time-out, 5xx) means it is down."""
        if self.observe is None or transport == "outbox":
            return
        down = failure is not None and failure.retryable and failure.retry_after is None
        self.observe(transport, failure.detail if down and failure else None)

    def _sent(self, row_id: int, transport: str, provider_id: str, status: str) -> None:
        """One UPDATE, the row not read again: it is this process's, ``sending``, since
        its claim."""
        if status not in ("delivered", "read"):
            status = "outbox" if transport == "outbox" else "sent"
        with connection_scope(self.database_url) as c:
            c.execute(_MARK_SENT, {"row_id": row_id,
                                   **outbound.success_values(transport, provider_id, status)})

    def _failed(self, row_id: int, transport: str, failure: outbound.Failure) -> None:
        with session_scope(self.database_url) as s:
            row = s.get_one(OutboundMessage, row_id)  # claimed by this process
            if failure.retryable and row.attempts + 1 < outbound.MAX_ATTEMPTS:
                row.status = "queued"
            fallback = outbound.record_failure(s, row, transport, failure)
            escalation.flag_failed_sms(s, row)  # a care-team SMS not sent: a flag
            log.warning("message %s via %s: %s (%s)%s", row_id, transport, failure.code,
                        "retry" if row.status == "queued" else "failed",
                        f", falling back to SMS as {fallback.idempotency_key}" if fallback else "")

