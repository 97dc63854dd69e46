"""The delivery worker: drains the outbound queue at the providers' allowed rates.

Rows are claimed by priority (urgent, then replies, then reminders), then in order of
their due time (``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so several workers could share the queue; SQLite serialises writers), marked
``sending``, sent (each address's messages in order, different addresses side by side),
then marked sent / retried later / failed. A row left ``sending`` by
a crash is put back in the queue at start (at most one duplicate, never a loss).
Telegram allows about 30 messages a second overall and one a second per chat;
Twilio's rate depends on the sender type (TWILIO_RATE_PER_SECOND).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import func, select, update

from bot import outbound
from bot.db import read_scope, session_scope
from bot.models import InboundMessage, OutboundMessage, utcnow
from gateway.channels import SendError
from gateway.channels.outbox import OutboxTransport
from gateway.channels.telegram import TelegramTransport
from gateway.channels.twilio import TwilioTransport
from gateway.config import Settings

log = logging.getLogger("gateway.delivery")


class RateLimiter:
    """Token bucket for a transport, plus a minimum spacing per address."""

    def __init__(self, per_second: float, per_address_interval: float = 0.0):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.per_address_interval = per_address_interval
        self._next = 0.0
        self._next_for: dict[str, float] = defaultdict(float)

    def reserve(self, address: str) -> float:
        """Books the next allowed send time for this address and returns how long to
        wait for it: messages sent side by side share the limits without a race."""
        now = time.monotonic()
        at = max(now, self._next, self._next_for[address])
        self._next = at + self.interval
        self._next_for[address] = at + self.per_address_interval
        return at - now


class Delivery:
    def __init__(self, settings: Settings, database_url: str | None = None,
                 concurrency: int = 8):
        self.settings = settings
        self.database_url = database_url
        self.outbox = OutboxTransport()
        self.telegram = TelegramTransport(settings) if settings.telegram_enabled else None
        self.twilio = TwilioTransport(settings) if settings.twilio_enabled else None
        self.limits = {
            "telegram": RateLimiter(settings.telegram_rate_per_second,
                                    settings.telegram_chat_interval),
            "twilio": RateLimiter(settings.twilio_rate_per_second),
            "outbox": RateLimiter(0),
        }
        self.wakeup = asyncio.Event()
        self.concurrency = concurrency
        # Told each provider answer or outage (gateway/health.py): /health's last known state.
        self.observe: Callable[[str, str | None], None] | None = None

    def transport_for(self, channel: str):  # type: ignore[no-untyped-def]
        if channel == "telegram" and self.telegram:
            return self.telegram
        if channel in ("sms", "whatsapp") and self.twilio:
            return self.twilio
        return self.outbox

    async def start(self) -> None:
        for transport in (self.telegram, self.twilio):
            if transport is not None:
                await transport.start()
        await asyncio.to_thread(self._requeue_interrupted)

    async def stop(self) -> None:
        for transport in (self.telegram, self.twilio):
            if transport is not None:
                await transport.stop()

    def _requeue_interrupted(self) -> None:
        with session_scope(self.database_url) as s:
            s.execute(update(OutboundMessage).where(OutboundMessage.status == "sending")
                      .values(status="queued"))

    def _claim(self, limit: int) -> list[tuple[int, str, str]]:
        with session_scope(self.database_url) as s:
            rows = s.scalars(
                select(OutboundMessage)
                .where(OutboundMessage.status == "queued",
                       OutboundMessage.next_attempt_at <= utcnow())
                .order_by(OutboundMessage.priority, OutboundMessage.next_attempt_at,
                          OutboundMessage.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                row.status = "sending"
            return [(row.id, row.channel, row.address) for row in rows]

    async def run_once(self, limit: int = 50) -> int:
        """Sends one claimed batch: each address's messages one after the other, in
        order; different addresses side by side (at most `concurrency` at a time)."""
        claimed = await asyncio.to_thread(self._claim, limit)
        by_address: dict[tuple[str, str], list[int]] = {}
        for row_id, channel, address in claimed:
            by_address.setdefault((channel, address), []).append(row_id)
        slots = asyncio.Semaphore(self.concurrency)

        async def send_in_order(row_ids: list[int]) -> None:
            async with slots:
                for row_id in row_ids:
                    try:
                        await self._deliver(row_id)
                    except Exception as error:  # a bug or a broken row: never stuck
                        log.exception("message %s: unexpected error while sending", row_id)
                        await asyncio.to_thread(self._failed, row_id, "gateway", outbound.Failure(
                            "unexpected", f"{type(error).__name__}: {error}"[:500],
                            retryable=True))

        await asyncio.gather(*(send_in_order(ids) for ids in by_address.values()))
        return len(claimed)

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            # Cleared before the round, not after: a wake-up set while the round looks
            # (a 112 answer queued just then) must not be erased and wait the timeout.
            self.wakeup.clear()
            try:
                sent = await self.run_once()
            except Exception:  # the database is briefly unavailable, say
                log.exception("delivery round failed")
                sent = 0
            if not sent:
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=0.5)
                except asyncio.TimeoutError:  # not the builtin on Python 3.10
                    pass

    def _load(self, row_id: int) -> tuple[OutboundMessage, bool]:
        with read_scope(self.database_url) as s:
            row = s.get(OutboundMessage, row_id)
            within_window = True
            if row.channel == "whatsapp":
                # WhatsApp's 24-hour window opens with the person's last message to us.
                last = s.scalar(select(func.max(InboundMessage.received_at)).where(
                    InboundMessage.channel == "whatsapp", InboundMessage.sender == row.address))
                if last is not None and last.tzinfo is None:
                    last = last.replace(tzinfo=dt.timezone.utc)
                within_window = last is not None and utcnow() - last < outbound.WHATSAPP_WINDOW
            s.expunge(row)
            return row, within_window

    async def _deliver(self, row_id: int) -> None:
        row, within_window = await asyncio.to_thread(self._load, row_id)
        transport = self.transport_for(row.channel)
        limiter = self.limits[transport.name]
        wait = limiter.reserve(row.address)
        if wait:
            await asyncio.sleep(wait)
        try:
            provider_id, status = await transport.send(row, within_window=within_window)
        except SendError as error:
            self._observe(transport.name, error.failure)
            await asyncio.to_thread(self._failed, row_id, transport.name, error.failure)
            return
        self._observe(transport.name, None)
        await asyncio.to_thread(self._sent, row_id, transport.name, provider_id, status)

    def _observe(self, transport: str, failure: outbound.Failure | None) -> None:
        """A refusal (blocked bot, invalid number, 429) is the provider answering; only a
        retryable failure without a retry-after (network, time-out, 5xx) means it is down."""
        if self.observe is None or transport == "outbox":
            return
        down = failure is not None and failure.retryable and failure.retry_after is None
        self.observe(transport, failure.detail if down and failure else None)

    def _sent(self, row_id: int, transport: str, provider_id: str, status: str) -> None:
        with session_scope(self.database_url) as s:
            row = s.get(OutboundMessage, row_id)
            outbound.record_success(row, transport, provider_id,
                                    "outbox" if transport == "outbox" else "sent")
            if status in ("delivered", "read"):
                row.status = status

    def _failed(self, row_id: int, transport: str, failure: outbound.Failure) -> None:
        with session_scope(self.database_url) as s:
            row = s.get(OutboundMessage, row_id)
            if failure.retryable and row.attempts + 1 < outbound.MAX_ATTEMPTS:
                row.status = "queued"
            fallback = outbound.record_failure(s, row, transport, failure)
            log.warning("message %s via %s: %s (%s)%s", row_id, transport, failure.code,
                        "retry" if row.status == "queued" else "failed",
                        f", falling back to SMS as {fallback.idempotency_key}" if fallback else "")

