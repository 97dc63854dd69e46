"""Flags for the care team: what the conversation (or a service) wants a human to see.

A flag goes open -> acknowledged -> resolved. While a flag of the same kind is still
open for a conversation, raising it again does not create a second one: a patient
repeating "I want the nurse" must not fill the queue, but it bumps nothing either
(the first one is already waiting). A new emergency is different: raised with
``reopen``, an acknowledged flag goes back to open with the new text, so it is on top
of the queue again even while a nurse holds the conversation.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, effects
from bot.models import Flag, MessageEffect, utcnow

log = logging.getLogger("bot.flags")

EMERGENCY = "emergency"
REQUEST_NURSE = "request_nurse"
SYMPTOM = "symptom"
LOW_MOOD = "low_mood"
MISSED_DOSES = "missed_doses"
FALLBACK = "fallback"
CHANNEL_STOPPED = "channel_stopped"
# A patient message the assistant could not process for a day (Rasa down): a human
# must read it, it must not vanish.
UNPROCESSED = "unprocessed"
# The safety net's statistical second opinion alarmed where no red-flag rule did: the
# patient got the 112 answer all the same; the care team looks soon, but nobody is
# woken for what is one time in five a joke or a history (bot/nlu/emergency_classifier.py).
POSSIBLE_EMERGENCY = "possible_emergency"
# The patient withdrew their consent from the chat (bot/consent.py): the assistant has
# gone quiet for them; the care team must know and decide how to follow them now.
CONSENT_WITHDRAWN = "consent_withdrawn"
# A family caregiver wrote something that is not an answer the service understands
# (bot/caregiver_replies.py): a nurse reads it; high, like a patient asking for one.
CAREGIVER_MESSAGE = "caregiver_message"
# An escalation or paging SMS to a care-team member failed (bot/escalation.py): the
# hand-over did not happen; someone must call them.
ESCALATION_FAILED = "escalation_failed"
# A reading outside the thresholds of the patient's care plan (bot/readings.py): high,
# or urgent for a reading the safety net calls an emergency (raised with `severity`).
READING_ALERT = "reading_alert"
KINDS = (EMERGENCY, REQUEST_NURSE, SYMPTOM, LOW_MOOD, MISSED_DOSES, FALLBACK, CHANNEL_STOPPED,
         UNPROCESSED, POSSIBLE_EMERGENCY, CONSENT_WITHDRAWN, CAREGIVER_MESSAGE,
         ESCALATION_FAILED, READING_ALERT)

SEVERITY = {
    EMERGENCY: "urgent",
    REQUEST_NURSE: "high",
    SYMPTOM: "high",
    LOW_MOOD: "high",
    MISSED_DOSES: "normal",
    FALLBACK: "normal",
    CHANNEL_STOPPED: "normal",
    UNPROCESSED: "high",
    POSSIBLE_EMERGENCY: "high",
    CONSENT_WITHDRAWN: "normal",
    CAREGIVER_MESSAGE: "high",
    ESCALATION_FAILED: "high",
    READING_ALERT: "high",
}
_SEVERITY_ORDER = {"urgent": 0, "high": 1, "normal": 2}

OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"


class FlagError(ValueError):
    pass


def raise_flag(
    session: Session,
    kind: str,
    *,
    patient_id: int | None,
    conversation_id: str | None,
    summary: str = "",
    actor: str = "system",
    reopen: bool = False,
    now: dt.datetime | None = None,
    source_message: str | None = None,
    severity: str | None = None,
) -> Flag:
    """Open a flag, or return the one of this kind already open for the conversation;
    with ``reopen``, an acknowledged one becomes open again (a new emergency). Either
    way the on-call person is paged if the team's rota says so (``now``: the clock,
    for tests). ``source_message`` (the inbound message that raised it): the same
    message again returns the flag it raised the first time and changes nothing, even
    if that flag was resolved in between (no second flag, summary line or page).
    ``severity`` overrides the kind's (a reading that is an emergency is urgent); on an
    open flag it can only raise it."""
    if kind not in KINDS:
        raise FlagError(f"unknown flag kind {kind!r}")

    def work(record: MessageEffect) -> Flag:
        flag = _raise(session, kind, patient_id, conversation_id, summary, actor, reopen, now,
                      severity)
        effects.note(record, "flags", [flag.id])
        return flag

    def replay(record: MessageEffect) -> Flag:
        return session.get_one(Flag, record.entity_ids[0])

    return effects.once(session, source_message, effects.flag(kind), work, replay,
                        patient_id=patient_id)


def _raise(session: Session, kind: str, patient_id: int | None, conversation_id: str | None,
           summary: str, actor: str, reopen: bool, now: dt.datetime | None,
           severity: str | None = None) -> Flag:
    existing = session.scalars(
        select(Flag).where(
            Flag.kind == kind,
            Flag.status != RESOLVED,
            Flag.patient_id == patient_id,
            Flag.conversation_id == conversation_id,
        )
    ).first()
    if existing is not None:
        if severity is not None and _SEVERITY_ORDER[severity] < _SEVERITY_ORDER[existing.severity]:
            existing.severity = severity  # raised, never lowered
        if summary and (reopen or summary not in existing.summary):
            existing.summary = f"{existing.summary}\n{summary}".strip()
        reopened = reopen and existing.status == ACKNOWLEDGED
        if reopened:
            existing.status, existing.acknowledged_by, existing.acknowledged_at = OPEN, None, None
            audit.record(session, actor, "reopen", "flag", patient_id=patient_id,
                         entity_id=existing.id, detail={"kind": kind})
        _page(session, existing, reopened, now)
        return existing
    flag = Flag(
        kind=kind,
        severity=severity or SEVERITY[kind],
        patient_id=patient_id,
        conversation_id=conversation_id,
        summary=summary,
        created_at=now or utcnow(),
    )
    session.add(flag)
    session.flush()
    audit.record(session, actor, "raise", "flag", patient_id=patient_id, entity_id=flag.id,
                 detail={"kind": kind})
    _page(session, flag, False, now)
    return flag


def _page(session: Session, flag: Flag, reopened: bool, now: dt.datetime | None) -> None:
    """Page the person on call (bot/paging.py) in this same transaction, so the page
    is queued with whatever raised the flag (the safety net's 112 answer). A failure
    to page is logged and rolled back to a savepoint: it must never cost the flag or
    the patient's answer. Imported here: paging builds on this module."""
    from bot import paging

    try:
        with session.begin_nested():
            paging.on_flag(session, flag, now, reopened=reopened)
    except Exception:
        log.exception("paging for flag %s failed", flag.id)


def acknowledge(session: Session, flag: Flag, by: str) -> Flag:
    if flag.status != OPEN:
        raise FlagError(f"flag {flag.id} is {flag.status}, not open")
    flag.status, flag.acknowledged_by, flag.acknowledged_at = ACKNOWLEDGED, by, utcnow()
    audit.record(session, by, "acknowledge", "flag", patient_id=flag.patient_id,
                 entity_id=flag.id)
    return flag


def resolve(session: Session, flag: Flag, by: str, note: str) -> Flag:
    if flag.status == RESOLVED:
        raise FlagError(f"flag {flag.id} is already resolved")
    if not note.strip():
        raise FlagError("a resolution note is required")
    now = utcnow()
    if flag.acknowledged_at is None:
        flag.acknowledged_by, flag.acknowledged_at = by, now
    flag.status, flag.resolved_by, flag.resolved_at, flag.resolution_note = RESOLVED, by, now, note
    audit.record(session, by, "resolve", "flag", patient_id=flag.patient_id, entity_id=flag.id)
    return flag


def queue(session: Session, patient_ids: list[int] | None = None) -> list[Flag]:
    """Open and acknowledged flags, urgent first; within a severity the ones nobody
    has acknowledged yet (a re-opened emergency included) before the others; then
    oldest first."""
    query = select(Flag).where(Flag.status != RESOLVED)
    if patient_ids is not None:
        query = query.where(Flag.patient_id.in_(patient_ids))
    flags = list(session.scalars(query))
    return sorted(flags, key=lambda f: (_SEVERITY_ORDER[f.severity], f.status != OPEN,
                                        f.created_at))


def waiting(flag: Flag, now: dt.datetime | None = None) -> dt.timedelta:
    return (now or utcnow()) - flag.created_at
