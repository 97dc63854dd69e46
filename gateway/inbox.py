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
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot import enrollment, flags, language_choice, outbound, safety_net, takeover
from bot.db import database_url as default_database_url
from bot.db import read_scope, session_scope, unreachable
from bot.i18n import known, normalise
from bot.models import InboundMessage, utcnow
from bot.outbound import Message, QuickReply, Recipient
from bot.rasa_client import RasaClient, redact
from gateway import unavailable
from gateway.comeback import ACTIONS_LOST, RASA_DOWN, Comeback
from gateway.config import Settings
from gateway.guards import GUARDS, Incoming
from gateway.health import Outage, describe, settle
from gateway.locks import INBOX, ConversationLocks

log = logging.getLogger("gateway.inbox")
RETRY_FOR = dt.timedelta(hours=24)
ELSEWHERE_PAUSE = 0.25  # seconds before trying again a sender another process handles
UNEXPECTED_TRIES = 3  # an unexpected error: tried this often, then failed and flagged


class Accepted(NamedTuple):
    stored: bool  # False: this provider id was seen before (a retried webhook)
    red_flag: bool  # the safety net queued a 112 answer


def accept(
    channel: str, provider_message_id: str, sender: str, kind: str, text: str,
    metadata: dict[str, Any] | None, database_url: str | None = None,
) -> Accepted:
    """Store one accepted webhook and run the safety net on it, in one transaction. A
    retried webhook is neither stored nor answered twice."""
    try:
        with session_scope(database_url) as s:
            row = InboundMessage(channel=channel, provider_message_id=provider_message_id,
                                 sender=sender, kind=kind, text=text, metadata_=metadata)
            s.add(row)
            s.flush()  # a duplicate provider id stops here, before anything is answered
            screening = safety_net.screen(s, channel, sender, text,
                                          hint=_locale_language(metadata))
            if screening.red_flag:
                row.metadata_ = {**(metadata or {}),
                                 safety_net.METADATA_KEY: screening.metadata()}
                outbound.send(s, outbound.Recipient(screening.patient_id, channel=channel,
                                                    address=sender),
                              outbound.Message(screening.text or "",
                                               f"safety:{channel}:{provider_message_id}",
                                               urgent=True))
                log.warning("red flag (%s) in %s message %s: 112 answer queued, flag %s",
                            ",".join(screening.kinds), channel, row.id, screening.flag_id)
    except IntegrityError:
        log.info("duplicate %s message %s ignored", channel, provider_message_id)
        return Accepted(False, False)
    return Accepted(True, screening.red_flag)


def _locale_language(metadata: dict[str, Any] | None) -> str | None:
    """The language of the sender's app ("nl-BE" -> "nl"), for a text that has none."""
    code = str((metadata or {}).get("telegram_language_code") or "")[:2].lower()
    return known(code)


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
    emergency_text: str | None = None  # the safety net's answer, for the transcript
    retried: bool = False  # tried before: Rasa may have taken it already
    actions_lost: bool = False  # Rasa took it once while the action server was down


INBOUND_ID = "inbound_id"  # the metadata key that makes a forward exactly-once


class Inbox:
    def __init__(self, settings: Settings, rasa: RasaClient, database_url: str | None = None,
                 on_callback=None):
        self.settings = settings
        self.rasa = rasa
        self.database_url = database_url
        self.wakeup = asyncio.Event()
        self.on_callback = on_callback  # answers Telegram button presses
        self.outbound_wakeup: asyncio.Event | None = None
        # Told each Rasa answer or outage (gateway/health.py): /health's last known state.
        self.observe: Callable[[str, BaseException | None], None] | None = None
        # The action server's /health (gateway/health.py), asked when Rasa answers
        # nothing; None: not configured, nothing asked.
        self.actions_health_url: str | None = None
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

    async def run_forever(self, stop: asyncio.Event) -> None:
        running: set[asyncio.Task[int]] = set()
        outage = Outage("inbox round", log)
        comeback = asyncio.create_task(self.comeback.run_forever(stop))
        while not stop.is_set():
            self.wakeup.clear()
            wait = 0.5
            try:
                started = await self._dispatch(running)
                outage.succeeded()
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
        with read_scope(self.database_url) as s:  # polled twice a second: no lock
            rows = [tuple(row) for row in s.execute(
                select(InboundMessage.id, InboundMessage.channel, InboundMessage.sender)
                .where(InboundMessage.status == "received",
                       InboundMessage.next_attempt_at <= utcnow())
                .order_by(InboundMessage.id).limit(limit)
            )]
            if not rows:
                return [], {}
            due_ids = {row[0] for row in rows}
            oldest = s.execute(
                select(InboundMessage.id, InboundMessage.channel, InboundMessage.sender,
                       InboundMessage.next_attempt_at)
                .where(InboundMessage.status == "received",
                       InboundMessage.sender.in_({row[2] for row in rows}),
                       InboundMessage.id.in_(
                           select(func.min(InboundMessage.id))
                           .where(InboundMessage.status == "received")
                           .group_by(InboundMessage.channel, InboundMessage.sender))))
            blocked = {(channel, sender): at for row_id, channel, sender, at in oldest
                       if row_id not in due_ids}
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
            if locked:
                await asyncio.to_thread(self.locks.unlock, *key)  # type: ignore[union-attr]
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
            s.get(InboundMessage, row_id).next_attempt_at = until

    def _next_attempt(self, row_id: int) -> dt.datetime | None:
        """When a message Rasa did not take is tried again (None: it has failed for good)."""
        with session_scope(self.database_url) as s:
            row = s.get(InboundMessage, row_id)
            return row.next_attempt_at if row.status == "received" else None

    def _prepare(self, row_id: int) -> tuple[_Forward | None, str | None]:
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
                screened = m.metadata.get(safety_net.METADATA_KEY)
                emergency_text = safety_net.answer(
                    normalise(screened.get("language") or m.lang),
                    screened.get("kinds") or (), linked=True)
            return _Forward(row.id, m.conversation_id or "", m.rasa_text or row.text, metadata,
                            m.patient_id or 0, row.channel, row.sender, m.held,
                            emergency_text, retried=row.attempts > 0 and not lost,
                            actions_lost=lost), callback_id

    async def _forward(self, forward: _Forward) -> bool:
        try:
            if forward.held:  # paused already by the console; again, in case Rasa missed it
                await asyncio.to_thread(self.rasa.append_events, forward.conversation_id,
                                        [takeover.PAUSE_EVENT])
            messages = await self._send_to_rasa(forward)
            if (not forward.held and not forward.emergency_text
                    and not any(m.get("text") for m in messages)
                    and await asyncio.to_thread(self._actions_unreachable)):
                await asyncio.to_thread(self._tell_unavailable, forward)
                await asyncio.to_thread(self._retry_later, forward.row_id,
                                        f"{ACTIONS_LOST}: Rasa answered nothing")
                self.comeback.failed("action_server", certain=True)  # its /health failed
                log.warning("message %s: Rasa answered nothing and the action server is "
                            "unreachable: sent to Rasa again when it is back", forward.row_id)
                return False
            if forward.actions_lost and self.observe is not None:
                # answered now, after going unanswered for want of the action server
                self.observe("action_server", None)
            if forward.emergency_text:  # the transcript shows what the patient was told
                await asyncio.to_thread(self.rasa.append_events, forward.conversation_id, [
                    {"event": "bot", "text": forward.emergency_text,
                     "metadata": {"safety_net": True}}])
        except httpx.HTTPError as error:
            if self.observe is not None:
                self.observe("rasa", error)
            await asyncio.to_thread(self._tell_unavailable, forward)
            await asyncio.to_thread(self._retry_later, forward.row_id, f"{RASA_DOWN}: {error}")
            # A refused connection is proof enough that Rasa is down; anything else (a
            # time-out, a 5xx) is an outage only if its /status fails too.
            self.comeback.failed("rasa", certain=isinstance(error, httpx.ConnectError))
            log.warning("Rasa unreachable for message %s (%s): will retry", forward.row_id, error)
            return False
        if self.observe is not None:
            self.observe("rasa", None)
        # Rasa's answers are only in memory until stored: stored once the database
        # answers, rather than the message going to Rasa a second time.
        await settle(self._finish, forward, messages,
                     what=f"message {forward.row_id}'s answers", logger=log)
        return True

    async def _send_to_rasa(self, forward: _Forward) -> list[dict[str, Any]]:
        """The message through Rasa's REST channel. If Rasa has not answered within
        GATEWAY_RASA_NOTICE_SECONDS (starting, overloaded, hanging), the patient is
        told it is briefly unavailable while the call goes on."""
        if forward.retried:
            taken = await asyncio.to_thread(self._answers_already_given, forward)
            if taken is not None:
                return taken
        call = asyncio.ensure_future(asyncio.to_thread(
            self.rasa.send, forward.conversation_id, forward.text, forward.metadata))
        done, _ = await asyncio.wait({call}, timeout=self.settings.rasa_notice_seconds)
        if not done:
            await asyncio.to_thread(self._tell_unavailable, forward)
        return await call

    def _actions_unreachable(self) -> bool:
        """Asked only when Rasa answered nothing to a message that needs an answer: was
        it because the action server is down? Rasa 3.6 logs a custom action that could
        not be called, drops its events and answers nothing, so the message would be
        lost (no answer, no dose or progress recorded: seen by bench/faults.py). Its
        effects are keyed by the inbound id (bot/effects.py), so sending it again
        later changes nothing twice."""
        if not self.actions_health_url:
            return False
        try:
            response = httpx.get(self.actions_health_url, timeout=2.0)
        except httpx.HTTPError as error:
            if self.observe is not None:
                self.observe("action_server", error)
            return True
        if response.status_code >= 500:  # up, but its database is not: actions fail
            if self.observe is not None:
                self.observe("action_server", RuntimeError(f"HTTP {response.status_code}"))
            return True
        return False

    def _answers_already_given(self, forward: _Forward) -> list[dict[str, Any]] | None:
        """Exactly once: a message tried before (Rasa answered, but the answer was lost
        to a time-out or a crash before it was stored) may be in the conversation
        already. Then its effects (progress, doses, flags) happened once and must not
        happen again: the bot's answers that followed it are taken from the tracker
        instead of sending it a second time. None: Rasa never got it."""
        events = self.rasa.tracker(forward.conversation_id).get("events") or []
        at = next((i for i, event in enumerate(events) if event.get("event") == "user"
                   and (event.get("metadata") or {}).get(INBOUND_ID) == forward.row_id),
                  None)
        if at is None:
            return None
        answers = []
        for event in events[at + 1:]:
            if event.get("event") == "user":
                break
            if event.get("event") == "bot" and not (event.get("metadata") or {}).get(
                    "safety_net"):
                answers.append({"text": event.get("text"),
                                "buttons": (event.get("data") or {}).get("buttons")})
        log.info("message %s was already in the conversation: not sent to Rasa again",
                 forward.row_id)
        return answers

    def _tell_unavailable(self, forward: _Forward) -> None:
        """Once per outage and conversation, whatever the number of gateway processes
        and restarts (gateway/unavailable.py); never while a nurse holds it (the nurse
        answers, not the assistant)."""
        if forward.held:
            return
        with session_scope(self.database_url) as s:
            told = unavailable.tell(s, forward.conversation_id, Recipient(
                forward.patient_id or None, channel=forward.channel, address=forward.sender),
                forward.row_id)
        if told and self.outbound_wakeup is not None:
            self.outbound_wakeup.set()

    def _retry_later(self, row_id: int, error: str) -> None:
        with session_scope(self.database_url) as s:
            row = s.get(InboundMessage, row_id)
            row.attempts += 1
            if (row.error or "").startswith(ACTIONS_LOST) and not error.startswith(ACTIONS_LOST):
                error = f"{ACTIONS_LOST}, then: {error}"  # still to be sent to Rasa again
            row.error = error[:500]
            if utcnow() - row.received_at > RETRY_FOR:
                row.status = "failed"
                self._flag_unprocessed(s, row)
            else:
                wait = min(outbound.backoff(row.attempts),
                           dt.timedelta(seconds=self.settings.rasa_retry_max_seconds))
                row.next_attempt_at = utcnow() + wait

    @staticmethod
    def _flag_unprocessed(s, row: InboundMessage,
                          why: str = f"after {RETRY_FOR}") -> None:
        """A message the assistant never processed goes to a human instead of vanishing."""
        identity = enrollment.identity_for_sender(s, row.channel, row.sender)
        flag = flags.raise_flag(
            s, flags.UNPROCESSED, patient_id=identity.patient_id if identity else None,
            conversation_id=identity.conversation_id if identity else None,
            summary=f"[{row.received_at:%Y-%m-%d %H:%M} UTC] {row.text}"[:1000],
            actor="gateway:inbox")
        log.error("message %s not processed (%s): flag %s", row.id, why, flag.id)

    def _finish(self, forward: _Forward, messages: list[dict[str, Any]]) -> None:
        with session_scope(self.database_url) as s:
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
                outbound.send(s, recipient, Message(text, f"in:{forward.row_id}:{i}",
                                                    quick_replies=buttons))
            # One UPDATE, not read again: the row is this worker's since _prepare.
            s.execute(update(InboundMessage).where(InboundMessage.id == forward.row_id)
                      .values(status="processed"))
            unavailable.answered(s, forward.conversation_id)  # the outage is over for it
