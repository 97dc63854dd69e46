"""The inbox worker's conversation with Rasa: a prepared message sent under its
pseudonymous conversation id (exactly once, by its inbound id), Rasa's answers queued
for delivery, and what happens when Rasa or the action server does not answer (the
patient told once per outage, the message kept and retried, a flag after 24 hours).

``RasaForwarding`` is mixed into ``gateway.inbox.Inbox``, which sets the attributes it
declares; the worker's other half (which message, when, by which process; the
guards) stays in gateway/inbox.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from bot import enrollment, flags, outbound, takeover
from bot.db import connection_scope, session_scope, unreachable
from bot.models import InboundMessage, utcnow
from bot.outbound import Message, QuickReply, Recipient
from bot.rasa_client import RasaClient
from gateway import unavailable
from gateway.comeback import ACTIONS_LOST, RASA_DOWN, Comeback
from gateway.config import Settings
from gateway.health import describe, settle

log = logging.getLogger("gateway.inbox")
RETRY_FOR = dt.timedelta(hours=24)
INBOUND_ID = "inbound_id"  # the metadata key that makes a forward exactly-once


@dataclass(frozen=True)
class Forward:
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


_PROCESSED = (update(InboundMessage).where(InboundMessage.id == bindparam("row_id"))
              .values(status="processed"))


class RasaForwarding:
    """The part of the inbox worker that talks to Rasa (mixed into gateway.inbox.Inbox)."""

    settings: Settings
    rasa: RasaClient
    database_url: str | None
    comeback: Comeback
    # Told each Rasa answer or outage (gateway/health.py): /health's last known state.
    observe: Callable[[str, BaseException | None], None] | None
    actions_health_url: str | None  # the action server's /health; None: not asked
    outbound_wakeup: asyncio.Event | None

    async def _forward(self, forward: Forward) -> bool:
        try:
            if forward.held:  # paused already by the console; again, in case Rasa missed it
                await asyncio.to_thread(self.rasa.append_events, forward.conversation_id,
                                        [takeover.PAUSE_EVENT])
            messages = await self._send_to_rasa(forward)
            if (not forward.held and not forward.emergency_text and self.actions_health_url
                    and not any(m.get("text") for m in messages)):
                if await asyncio.to_thread(self._actions_unreachable):
                    await self._keep(forward, f"{ACTIONS_LOST}: Rasa answered nothing",
                                     "action_server", certain=True)  # its /health failed
                    log.warning("message %s: Rasa answered nothing and the action server "
                                "is unreachable: sent to Rasa again when it is back",
                                forward.row_id)
                    return False
                if not forward.actions_lost:
                    # The action server is ok *now*; its action may have failed a moment
                    # ago (its database down, then back before we asked: bench/faults.py,
                    # a PostgreSQL crash under load). Sent once more before an empty
                    # answer is believed: its effects are keyed by the inbound id.
                    await self._keep(forward, f"{ACTIONS_LOST}: Rasa answered nothing, "
                                     "the action server is ok: sent once more", notice=False)
                    log.info("message %s: Rasa answered nothing: sent to Rasa once more",
                             forward.row_id)
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
            # A refused connection is proof enough that Rasa is down; anything else (a
            # time-out, a 5xx) is an outage only if its /status fails too.
            await self._keep(forward, f"{RASA_DOWN}: {error}", "rasa",
                             certain=isinstance(error, httpx.ConnectError))
            log.warning("Rasa unreachable for message %s (%s): will retry", forward.row_id, error)
            return False
        if self.observe is not None:
            self.observe("rasa", None)
        # Rasa's answers are only in memory until stored: stored once the database
        # answers, rather than the message going to Rasa a second time.
        await settle(self._finish, forward, messages,
                     what=f"message {forward.row_id}'s answers", logger=log)
        return True

    async def _keep(self, forward: Forward, error: str, waits_for: str | None = None,
                    certain: bool = False, notice: bool = True) -> None:
        """The message stays stored, to be sent to Rasa again: when ``waits_for`` (a
        dependency of gateway/comeback.py) answers again, else at once; the patient
        told once per outage (``notice``). The comeback is told first, and the two
        writes wait for the database: when the care database is what went down (the
        action failed for want of it), a write that raised left the row unmarked, and
        the comeback and the gateway's /health thought the action server down until
        its next 30-s probe (bench/faults.py: /health ok 26 s after a PostgreSQL
        crash)."""
        if waits_for is not None:
            self.comeback.failed(waits_for, certain=certain)
        if notice:
            await settle(self._tell_unavailable, forward,
                         what=f"message {forward.row_id}'s notice", logger=log)
        await settle(self._retry_later, forward.row_id, error, waits_for is None,
                     what=f"message {forward.row_id}'s retry", logger=log)

    async def _send_to_rasa(self, forward: Forward) -> list[dict[str, Any]]:
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
            try:
                await asyncio.to_thread(self._tell_unavailable, forward)
            except Exception as error:  # the database: Rasa's answer must not be dropped
                if not unreachable(error):
                    raise
                log.warning("message %s: no notice, database unreachable (%s)",
                            forward.row_id, describe(error))
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

    def _answers_already_given(self, forward: Forward) -> list[dict[str, Any]] | None:
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
        if not answers and not forward.held:
            # Taken, and not answered: its action failed (the action server or its
            # database was down). Sent again, as a message marked ACTIONS_LOST is; taken
            # for answered, it was never answered (bench/faults.py, PostgreSQL turn).
            log.info("message %s is in the conversation without an answer: sent to Rasa "
                     "again", forward.row_id)
            return None
        log.info("message %s was already in the conversation: not sent to Rasa again",
                 forward.row_id)
        return answers

    def _tell_unavailable(self, forward: Forward) -> None:
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

    def _retry_later(self, row_id: int, error: str, at_once: bool = False) -> None:
        with session_scope(self.database_url) as s:
            row = s.get_one(InboundMessage, row_id)
            row.attempts += 1
            if (row.error or "").startswith(ACTIONS_LOST) and not error.startswith(ACTIONS_LOST):
                error = f"{ACTIONS_LOST}, then: {error}"  # still to be sent to Rasa again
            row.error = error[:500]
            if utcnow() - row.received_at > RETRY_FOR:
                row.status = "failed"
                self._flag_unprocessed(s, row)
            else:
                wait = dt.timedelta(0) if at_once else min(
                    outbound.backoff(row.attempts),
                    dt.timedelta(seconds=self.settings.rasa_retry_max_seconds))
                row.next_attempt_at = utcnow() + wait

    @staticmethod
    def _flag_unprocessed(s: Session, row: InboundMessage,
                          why: str = f"after {RETRY_FOR}") -> None:
        """A message the assistant never processed goes to a human instead of vanishing."""
        identity = enrollment.identity_for_sender(s, row.channel, row.sender)
        flag = flags.raise_flag(
            s, flags.UNPROCESSED, patient_id=identity.patient_id if identity else None,
            conversation_id=identity.conversation_id if identity else None,
            summary=f"[{row.received_at:%Y-%m-%d %H:%M} UTC] {row.text}"[:1000],
            actor="gateway:inbox")
        log.error("message %s not processed (%s): flag %s", row.id, why, flag.id)

    def _finish(self, forward: Forward, messages: list[dict[str, Any]]) -> None:
        """Rasa's answers queued, the message marked processed and the conversation's
        outage over, in one transaction of plain statements (no ORM: issue 16)."""
        with connection_scope(self.database_url) as c:
            if forward.held and takeover.is_held(Session(bind=c), forward.conversation_id):
                messages = []  # a paused Rasa says nothing; never let the bot talk over a nurse
            outbound.queue_replies(
                c, Recipient(forward.patient_id, channel=forward.channel,
                             address=forward.sender),
                [Message(message["text"], f"in:{forward.row_id}:{i}", quick_replies=tuple(
                    QuickReply(b["title"], b["payload"]) for b in message.get("buttons") or []))
                 for i, message in enumerate(messages) if message.get("text")])
            # One UPDATE, not read again: the row is this worker's since _prepare.
            c.execute(_PROCESSED, {"row_id": forward.row_id})
            unavailable.answered(c, forward.conversation_id)  # the outage is over for it
