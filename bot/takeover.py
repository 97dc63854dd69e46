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

The order of every change (start, hand back, expiry), for the console and the reminders
process alike: first the database, in one short transaction that also records on the
row the Rasa event it owes (``rasa_pending``: "pause" or "resume"); then, once that has
committed, ``tell_rasa`` sends the owed events and clears them. Rasa being down never
loses the change or keeps a transaction open while it times out: the event stays owed
and every reminders tick (``expire_and_resume``) tries again. This module calls no
HTTP itself: the caller passes ``send_events(conversation_id, events)``
(``RasaClient.append_events``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, flags
from bot.db import session_scope
from bot.models import Flag, Takeover, utcnow

log = logging.getLogger("bot.takeover")
PAUSE_EVENT = {"event": "pause"}
RESUME_EVENT = {"event": "resume"}
PAUSE, RESUME = "pause", "resume"  # values of Takeover.rasa_pending
SendEvents = Callable[[str, list[dict[str, Any]]], None]


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
    # An older row still owing its resume is superseded: Rasa must end up paused.
    for older in session.scalars(select(Takeover).where(
            Takeover.conversation_id == conversation_id, Takeover.rasa_pending.is_not(None))):
        older.rasa_pending = None
    takeover = Takeover(conversation_id=conversation_id, patient_id=patient_id,
                        user_id=user_id, started_at=now, last_activity_at=now,
                        rasa_pending=PAUSE)
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
    """Give the conversation back to the bot (in the database; the resume is owed to
    Rasa until ``tell_rasa`` delivers it). ``reason`` "idle" also puts the
    conversation's acknowledged flags back in the queue as open."""
    if takeover.ended_at is not None:
        return
    takeover.ended_at, takeover.end_reason = now or utcnow(), reason
    takeover.rasa_pending = RESUME
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


def expire_idle(session: Session, *, now: dt.datetime | None = None,
                limit: dt.timedelta | None = None) -> list[Takeover]:
    """End the idle takeovers in the database (each then owes Rasa its resume)."""
    ended = []
    for takeover in idle(session, now=now, limit=limit):
        end(session, takeover, "idle", "system:takeover_idle", now=now)
        ended.append(takeover)
    return ended


@dataclass(frozen=True)
class Told:
    sent: int  # events Rasa took
    failed: int  # events still owed (Rasa down): retried by the next reminders tick


def tell_rasa(send_events: SendEvents, conversation_id: str | None = None, *,
              database_url: str | None = None) -> Told:
    """Send the pause/resume events takeover changes still owe Rasa (those of one
    conversation, or all), outside any transaction: read what is owed, close, call
    Rasa, then clear each delivered one in a short transaction of its own. Call it after
    the change committed. A failure is logged and left owed, never raised."""
    with session_scope(database_url) as s:
        query = select(Takeover.id, Takeover.conversation_id, Takeover.rasa_pending).where(
            Takeover.rasa_pending.is_not(None)).order_by(Takeover.id)
        if conversation_id is not None:
            query = query.where(Takeover.conversation_id == conversation_id)
        owed = s.execute(query).all()
    sent = failed = 0
    for takeover_id, conversation, event in owed:
        try:
            send_events(conversation, [PAUSE_EVENT if event == PAUSE else RESUME_EVENT])
        except Exception as error:  # Rasa unreachable or refusing: owed until next time
            log.warning("takeover %s: %s not confirmed by Rasa yet, retried later: %s",
                        takeover_id, event, error)
            failed += 1
            continue
        with session_scope(database_url) as s:
            _delivered(s, s.get_one(Takeover, takeover_id), event)
        sent += 1
    return Told(sent, failed)


def _delivered(session: Session, takeover: Takeover, event: str) -> None:
    """Rasa took ``event`` for this row. If the conversation changed meanwhile (a late
    pause after a hand back, a late resume after a new takeover), the opposite event is
    owed again, so Rasa's state always ends as the rows say."""
    held = current(session, takeover.conversation_id)
    if takeover.rasa_pending == event:
        takeover.rasa_pending = None
    if event == PAUSE and held is None:
        takeover.rasa_pending = RESUME
    elif event == RESUME and held is not None:
        held.rasa_pending = PAUSE


def expire_and_resume(send_events: SendEvents, *, database_url: str | None = None,
                      now: dt.datetime | None = None,
                      limit: dt.timedelta | None = None) -> list[int]:
    """The periodic job (the reminders tick): end idle takeovers in one transaction,
    then send every event still owed to Rasa (these resumes, and any pause or resume
    an earlier change could not deliver). Returns the ids of the ended takeovers."""
    with session_scope(database_url) as s:
        ended = [t.id for t in expire_idle(s, now=now, limit=limit)]
    tell_rasa(send_events, database_url=database_url)
    return ended


def _flags(session: Session, conversation_id: str, status: str) -> list[Flag]:
    return list(session.scalars(
        select(Flag).where(Flag.conversation_id == conversation_id, Flag.status == status)))
