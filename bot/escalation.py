"""Escalating a flag to a member of the patient's care team (the console's "Escalader"):
an SMS to that member in their language, the flag acknowledged if still open and the
note appended to its summary, and an audit entry, in the caller's transaction.

Plain Python over the care-plan database: the console calls it; any other process may.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, flags, outbound
from bot.messages import PAGE_KINDS, render
from bot.models import CareAssignment, CareTeamMember, Flag, OutboundMessage, Patient

LANGUAGES = ("fr", "nl")
MAX_NOTE = 300  # characters of the note in the SMS


class EscalationError(ValueError):
    pass


class NotInCareTeamError(EscalationError):
    """The member does not exist or is not in this patient's care team."""


class NoPhoneError(EscalationError):
    """The member has no phone number to send the SMS to."""


def care_team_member(session: Session, flag: Flag, member_id: int | None) -> CareTeamMember:
    """The member, if assigned to the flag's patient; else NotInCareTeamError."""
    member = session.get(CareTeamMember, member_id) if member_id is not None else None
    assigned = member is not None and flag.patient_id is not None and session.scalar(
        select(CareAssignment.id).where(CareAssignment.patient_id == flag.patient_id,
                                        CareAssignment.member_id == member.id))
    if member is None or not assigned:
        raise NotInCareTeamError(f"member {member_id} is not in the patient's care team")
    return member


def _default_kind_label(kind: str, lang: str) -> str:
    return PAGE_KINDS.get(kind, {"fr": kind, "nl": kind})[lang]


def escalate(session: Session, flag: Flag, member_id: int | None, note: str, *,
             actor: str, sender_name: str,
             kind_label: Callable[[str, str], str] | None = None) -> OutboundMessage:
    """Ask ``member_id`` (of the patient's care team) to take the flag over: their SMS
    (priority 1, after urgent ones), the flag acknowledged by ``actor`` if still open,
    ``[→ member] note`` appended to its summary, the audit entry. ``kind_label(kind,
    lang)`` names the flag's kind in the SMS. Raises NotInCareTeamError or NoPhoneError, with
    nothing changed."""
    member = care_team_member(session, flag, member_id)
    if not member.phone:
        raise NoPhoneError(f"member {member.id} has no phone number")
    patient = session.get_one(Patient, flag.patient_id)  # care_team_member checked it is set
    lang = member.language if member.language in LANGUAGES else "fr"
    label = (kind_label or _default_kind_label)(flag.kind, lang)
    text = render("escalation_sms", lang, nurse=sender_name, ref=patient.external_ref,
                  kind=label, note=note[:MAX_NOTE])
    row = outbound.send(session, outbound.Recipient(channel="sms", address=member.phone),
                        outbound.Message(text, f"escalate:{flag.id}:{uuid.uuid4().hex}",
                                         priority=1))
    if flag.status == flags.OPEN:
        flags.acknowledge(session, flag, actor)
    flag.summary = f"{flag.summary}\n[→ {member.name}] {note}".strip()
    audit.record(session, actor, "escalate", "flag", patient_id=flag.patient_id,
                 entity_id=flag.id, detail={"member_id": member.id, "outbound_id": row.id})
    return row
