"""Accepted messages, from storage to the conversation and back.

A webhook only stores the message (``accept``) and wakes this worker; the provider has
its 2xx as soon as the row is committed. The worker takes each sender's stored messages
in arrival order (different senders side by side, GATEWAY_RASA_CONCURRENCY at a time),
answers what needs no conversation (floods, media, oversized text, unlinked
accounts, STOP/START), forwards the rest to Rasa under the pseudonymous conversation
id, and queues Rasa's answers for delivery. If Rasa is unreachable the message stays
stored and is retried with backoff: nothing accepted is lost, and a sender's messages
keep their order.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot import enrollment, outbound, takeover
from bot.db import session_scope
from bot.inbound import EMERGENCY, both, route
from bot.messages import render
from bot.models import InboundMessage, utcnow
from bot.outbound import Message, QuickReply, Recipient
from bot.rasa_client import RasaClient
from gateway.config import Settings

log = logging.getLogger("gateway.inbox")
RETRY_FOR = dt.timedelta(hours=24)


def accept(
    channel: str, provider_message_id: str, sender: str, kind: str, text: str,
    metadata: dict[str, Any] | None, database_url: str | None = None,
) -> bool:
    """Store one accepted webhook; False if this provider id was seen before."""
    try:
        with session_scope(database_url) as s:
            s.add(InboundMessage(channel=channel, provider_message_id=provider_message_id,
                                 sender=sender, kind=kind, text=text, metadata_=metadata))
    except IntegrityError:
        log.info("duplicate %s message %s ignored", channel, provider_message_id)
        return False
    return True


@dataclass(frozen=True)
class _Forward:
    row_id: int
    conversation_id: str
    text: str
    metadata: dict[str, Any]
    patient_id: int
    channel: str
    sender: str
    # Held by a nurse (bot/takeover.py): Rasa records the message but must not answer.
    held: bool = False
    emergency_text: str | None = None  # the safety net's answer sent during a takeover


class Inbox:
    def __init__(self, settings: Settings, rasa: RasaClient, database_url: str | None = None,
                 on_callback=None):  # type: ignore[no-untyped-def]
        self.settings = settings
        self.rasa = rasa
        self.database_url = database_url
        self.wakeup = asyncio.Event()
        self.on_callback = on_callback  # answers Telegram button presses
        self.outbound_wakeup: asyncio.Event | None = None
        self._busy: set[tuple[str, str]] = set()  # (channel, sender) being handled
        self._slots = asyncio.Semaphore(settings.rasa_concurrency)

    async def run_forever(self, stop: asyncio.Event) -> None:
        running: set[asyncio.Task[int]] = set()
        while not stop.is_set():
            self.wakeup.clear()
            try:
                started = await self._dispatch(running)
            except Exception:
                log.exception("inbox round failed")
                started = 0
            if not started:
                try:
                    await asyncio.wait_for(self.wakeup.wait(), timeout=0.5)
                except asyncio.TimeoutError:  # not the builtin on Python 3.10
                    pass
        await asyncio.gather(*running, return_exceptions=True)

    async def run_once(self, limit: int = 100) -> int:
        """Handles the messages due now and returns how many were handled."""
        running: set[asyncio.Task[int]] = set()
        await self._dispatch(running, limit)
        return sum(await asyncio.gather(*running))

    def _due(self, limit: int) -> list[tuple[int, str, str]]:
        with session_scope(self.database_url) as s:
            return [tuple(row) for row in s.execute(
                select(InboundMessage.id, InboundMessage.channel, InboundMessage.sender)
                .where(InboundMessage.status == "received",
                       InboundMessage.next_attempt_at <= utcnow())
                .order_by(InboundMessage.id).limit(limit)
            )]

    async def _dispatch(self, running: set[asyncio.Task[int]], limit: int = 100) -> int:
        """Starts one task per sender with due messages (none for a sender already being
        handled): a sender's messages go to Rasa one after the other, in order, while
        different senders' conversations proceed side by side, at most
        GATEWAY_RASA_CONCURRENCY at a time. Returns how many tasks it started."""
        senders: dict[tuple[str, str], list[int]] = {}
        for row_id, channel, sender in await asyncio.to_thread(self._due, limit):
            senders.setdefault((channel, sender), []).append(row_id)
        started = 0
        for key, row_ids in senders.items():
            if key in self._busy:
                continue
            self._busy.add(key)
            task = asyncio.create_task(self._drain(key, row_ids))
            running.add(task)
            task.add_done_callback(running.discard)
            started += 1
        return started

    async def _drain(self, key: tuple[str, str], row_ids: list[int]) -> int:
        handled = 0
        try:
            async with self._slots:
                for row_id in row_ids:
                    forward, callback_id = await asyncio.to_thread(self._prepare, row_id)
                    if forward is not None and not await self._forward(forward):
                        break  # Rasa is down: keep this sender's order, try again later
                    if callback_id and self.on_callback is not None:
                        await self.on_callback(callback_id)
                    handled += 1
                    if self.outbound_wakeup is not None:
                        self.outbound_wakeup.set()
        finally:
            self._busy.discard(key)
            self.wakeup.set()  # this sender's later messages may be waiting
        return handled

    def _prepare(self, row_id: int) -> tuple[_Forward | None, str | None]:
        """Everything that needs no conversation; returns what must go to Rasa, and the
        Telegram callback to acknowledge (a pressed button), if any."""
        with session_scope(self.database_url) as s:
            row = s.get(InboundMessage, row_id)
            callback_id = (row.metadata_ or {}).get("callback_id")
            identity = enrollment.identity_for_sender(s, row.channel, row.sender)
            if identity is not None:
                identity.last_inbound_at = row.received_at
                if identity.stopped_at is not None:  # they wrote again: reachable
                    identity.stopped_at, identity.permanent_failures = None, 0
            lang = identity.patient.language if identity is not None else None
            patient_id = identity.patient_id if identity is not None else None

            def reply(key: str, text: str | None = None) -> None:
                body = text or (render(key, lang) if lang else both(key))
                outbound.send(s, Recipient(patient_id, channel=row.channel, address=row.sender),
                              Message(body, f"in:{row.id}:{key}", urgent=True))

            window_start = row.received_at - dt.timedelta(minutes=1)
            recent = s.scalar(
                select(func.count()).select_from(InboundMessage).where(
                    InboundMessage.channel == row.channel, InboundMessage.sender == row.sender,
                    InboundMessage.received_at > window_start,
                    InboundMessage.id <= row.id)
            )
            limit = self.settings.sender_limit_per_minute
            if recent > limit:
                row.status, row.error = "ignored", "rate_limited"
                log.warning("%s sender flood: message %s not forwarded", row.channel, row.id)
                if recent == limit + 1:
                    reply("too_many")
                return None, callback_id
            if row.kind == "media" or not row.text.strip():
                row.status, row.error = "ignored", "not_text"
                log.info("%s message %s has no text", row.channel, row.id)
                reply("only_text")
                return None, callback_id
            if len(row.text) > self.settings.max_text_length:
                row.status, row.error = "ignored", "too_long"
                log.info("%s message %s too long (%d)", row.channel, row.id, len(row.text))
                reply("too_long")
                return None, callback_id
            routing = route(s, row.channel, row.sender, row.text)
            if identity is None:  # linked just now by a code?
                linked = enrollment.identity_for_sender(s, row.channel, row.sender)
                if linked is not None:
                    linked.last_inbound_at = row.received_at
            for i, text in enumerate(routing.replies):
                reply(f"r{i}", text)
            if routing.conversation_id is None:
                row.status = "processed"
                return None, callback_id
            metadata = dict(row.metadata_ or {})
            metadata["language_hint"] = lang
            metadata["channel"] = row.channel
            held = takeover.is_held(s, routing.conversation_id)
            emergency_text = None
            if held:  # a nurse has the conversation; the safety net still answers
                safety = takeover.on_patient_message(s, routing.conversation_id, patient_id,
                                                     row.text, lang)
                if safety.emergency_language is not None:
                    emergency_text = EMERGENCY[safety.emergency_language]
                    reply("emergency", emergency_text)
                    log.info("red flag during a takeover: message %s answered, flag %s",
                             row.id, safety.flag.id if safety.flag else None)
            return _Forward(row.id, routing.conversation_id, row.text, metadata,
                            patient_id or 0, row.channel, row.sender, held,
                            emergency_text), callback_id

    async def _forward(self, forward: _Forward) -> bool:
        try:
            if forward.held:  # paused already by the console; again, in case Rasa missed it
                await asyncio.to_thread(self.rasa.append_events, forward.conversation_id,
                                        [takeover.PAUSE_EVENT])
            messages = await asyncio.to_thread(self.rasa.send, forward.conversation_id,
                                               forward.text, forward.metadata)
            if forward.emergency_text:  # the transcript shows what the patient was told
                await asyncio.to_thread(self.rasa.append_events, forward.conversation_id, [
                    {"event": "bot", "text": forward.emergency_text,
                     "metadata": {"safety_net": True}}])
        except httpx.HTTPError as error:
            await asyncio.to_thread(self._retry_later, forward.row_id, str(error))
            log.warning("Rasa unreachable for message %s (%s): will retry", forward.row_id, error)
            return False
        await asyncio.to_thread(self._finish, forward, messages)
        return True

    def _retry_later(self, row_id: int, error: str) -> None:
        with session_scope(self.database_url) as s:
            row = s.get(InboundMessage, row_id)
            row.attempts += 1
            row.error = error[:500]
            if utcnow() - row.received_at > RETRY_FOR:
                row.status = "failed"
            else:
                row.next_attempt_at = utcnow() + outbound.backoff(row.attempts)

    def _finish(self, forward: _Forward, messages: list[dict[str, Any]]) -> None:
        with session_scope(self.database_url) as s:
            row = s.get(InboundMessage, forward.row_id)
            recipient = Recipient(forward.patient_id, channel=forward.channel,
                                  address=forward.sender)
            if forward.held and takeover.is_held(s, forward.conversation_id):
                messages = []  # a paused Rasa says nothing; never let the bot talk over a nurse
            for i, message in enumerate(messages):
                text = message.get("text")
                if not text:
                    continue
                buttons = tuple(QuickReply(b["title"], b["payload"])
                                for b in message.get("buttons") or [])
                outbound.send(s, recipient, Message(text, f"in:{row.id}:{i}",
                                                    quick_replies=buttons))
            row.status = "processed"
