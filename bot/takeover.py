"""A nurse taking over a conversation from the bot, as plain data.

While a conversation is held (a ``takeovers`` row without ``ended_at``):

- the gateway's inbox still passes the patient's messages to Rasa, which records them
  in the tracker but predicts nothing because the tracker is *paused* (the console
  appends Rasa's ``pause`` event on take-over and ``resume`` on hand back;
  ``action_session_start`` pauses a new session again while the row is held);
- the safety net at the gateway's door (bot/safety_net.py) answers a red-flag
  message with the emergency numbers and re-opens the urgent flag, as for any other
  message, so it never waits for the nurse;
- the nurse's replies go out through ``bot.outbound.send``.

The row is the truth: it survives restarts of every process. An idle takeover
(``CONSOLE_TAKEOVER_IDLE_MINUTES``, default 30, without a nurse action) is ended by
``expire_idle`` and its flags go back to the queue as open, so a forgotten takeover
never silences a patient.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, flags
from bot.models import Flag, Takeover, utcnow

log = logging.getLogger("bot.takeover")
PAUSE_EVENT = {"event": "pause"}
RESUME_EVENT = {"event": "resume"}


class TakeoverError(ValueError):
    pass


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=int(os.environ.get("CONSOLE_TAKEOVER_IDLE_MINUTES", "30")))


def current(session: Session, conversation_id: str) -> Takeover | None:
    """The takeover holding this conversation, if any."""
    return session.scalars(
        select(Takeover).where(Takeover.conversation_id == conversation_id,
                               Takeover.ended_at.is_(None))
        .order_by(Takeover.id.desc())
    ).first()


def is_held(session: Session, conversation_id: str) -> bool:
    return current(session, conversation_id) is not None


def start(session: Session, conversation_id: str, patient_id: int | None, user_id: int,
          *, actor: str | None = None, now: dt.datetime | None = None) -> Takeover:
    """Hold the conversation for this user; the flags of the conversation that are
    still open become acknowledged by them. Refused if someone else holds it."""
    now = now or utcnow()
    actor = actor or f"console:{user_id}"
    held = current(session, conversation_id)
    if held is not None:
        if held.user_id != user_id:
            raise TakeoverError(f"conversation held by user {held.user_id}")
        held.last_activity_at = now
        return held
    takeover = Takeover(conversation_id=conversation_id, patient_id=patient_id,
                        user_id=user_id, started_at=now, last_activity_at=now)
    session.add(takeover)
    for flag in _flags(session, conversation_id, flags.OPEN):
        flag.status, flag.acknowledged_by, flag.acknowledged_at = (
            flags.ACKNOWLEDGED, actor, now)
    session.flush()
    audit.record(session, actor, "takeover", "conversation",
                 patient_id=patient_id, entity_id=takeover.id)
    return takeover


def touch(session: Session, takeover: Takeover, *, now: dt.datetime | None = None) -> None:
    """A nurse action on the conversation: it is not idle."""
    takeover.last_activity_at = now or utcnow()


def end(session: Session, takeover: Takeover, reason: str, actor: str,
        *, now: dt.datetime | None = None) -> None:
    """Give the conversation back to the bot. ``reason`` "idle" also puts the
    conversation's acknowledged flags back in the queue as open."""
    if takeover.ended_at is not None:
        return
    takeover.ended_at, takeover.end_reason = now or utcnow(), reason
    if reason == "idle":
        for flag in _flags(session, takeover.conversation_id, flags.ACKNOWLEDGED):
            flag.status, flag.acknowledged_by, flag.acknowledged_at = flags.OPEN, None, None
    audit.record(session, actor, "hand_back" if reason != "idle" else "takeover_expired",
                 "conversation", patient_id=takeover.patient_id, entity_id=takeover.id)


def idle(session: Session, *, now: dt.datetime | None = None,
         limit: dt.timedelta | None = None) -> list[Takeover]:
    """Takeovers without a nurse action for longer than the limit."""
    cutoff = (now or utcnow()) - (limit if limit is not None else idle_limit())
    return list(session.scalars(
        select(Takeover).where(Takeover.ended_at.is_(None),
                               Takeover.last_activity_at < cutoff)
    ))


def expire_idle(session: Session, resume=None, *, now: dt.datetime | None = None,  # type: ignore[no-untyped-def]
                limit: dt.timedelta | None = None) -> list[Takeover]:
    """End the idle takeovers. ``resume(conversation_id)`` un-pauses the Rasa
    conversation first; a takeover whose resume fails (Rasa down) stays held and is
    tried again next time, so the bot is never left paused without a takeover."""
    ended = []
    for takeover in idle(session, now=now, limit=limit):
        if resume is not None:
            try:
                resume(takeover.conversation_id)
            except Exception as error:  # Rasa unreachable: keep it, try on the next call
                log.warning("takeover %s not resumed yet: %s", takeover.id, error)
                continue
        end(session, takeover, "idle", "system:takeover_idle", now=now)
        ended.append(takeover)
    return ended


def _flags(session: Session, conversation_id: str, status: str) -> list[Flag]:
    return list(session.scalars(
        select(Flag).where(Flag.conversation_id == conversation_id, Flag.status == status)))
