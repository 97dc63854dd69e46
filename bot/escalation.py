"""Escalating a flag to a member of the patient's care team (the console's "Escalader"):
an SMS to that member in their language, the flag acknowledged if still open and the
note appended to its summary, and an audit entry, in the caller's transaction.

Only a mobile number gets the SMS (bot/phones.py): a landline (the demo GPs' practices)
raises NotMobileError with the number, and the console tells the nurse to call it. An
escalation or paging SMS the provider refuses later raises an ``escalation_failed``
flag in the queue (``flag_failed_sms``, called by the gateway when it records the
failure), so a failed hand-over is never mistaken for a sent one.

Plain Python over the care-plan database: the console calls it; any other process may.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, flags, i18n, outbound, phones
from bot.models import CareAssignment, CareTeamMember, Flag, OutboundMessage, Page, Patient
from bot.nlu.languages import normalise

MAX_NOTE = 300  # characters of the note in the SMS


class EscalationError(ValueError):
    pass


class NotInCareTeamError(EscalationError):
    """The member does not exist or is not in this patient's care team."""


class NoPhoneError(EscalationError):
    """The member has no phone number to send the SMS to."""


class NotMobileError(EscalationError):
    """The member's number is not a mobile (a practice's landline): call it instead."""

    def __init__(self, member: CareTeamMember):
        super().__init__(f"member {member.id}'s number is not a mobile")
        self.member = member
        self.number = phones.for_display(member.phone)


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
    return i18n.word("team.page_kind", kind, lang)


def escalate(session: Session, flag: Flag, member_id: int | None, note: str, *,
             actor: str, sender_name: str,
             kind_label: Callable[[str, str], str] | None = None) -> OutboundMessage:
    """Ask ``member_id`` (of the patient's care team) to take the flag over: their SMS
    (priority 1, after urgent ones), the flag acknowledged by ``actor`` if still open,
    ``[→ member] note`` appended to its summary, the audit entry. ``kind_label(kind,
    lang)`` names the flag's kind in the SMS. Raises NotInCareTeamError, NoPhoneError or
    NotMobileError (a landline: the number to call), with nothing changed but the audit
    entry of the refused SMS."""
    member = care_team_member(session, flag, member_id)
    if not member.phone:
        raise NoPhoneError(f"member {member.id} has no phone number")
    if not phones.is_mobile(member.phone):
        audit.record(session, actor, "escalate_call", "flag", patient_id=flag.patient_id,
                     entity_id=flag.id, detail={"member_id": member.id, "why": "not_mobile"})
        raise NotMobileError(member)
    patient = session.get_one(Patient, flag.patient_id)  # care_team_member checked it is set
    lang = normalise(member.language)
    label = (kind_label or _default_kind_label)(flag.kind, lang)
    text = i18n.text("team.escalation_sms", lang, nurse=sender_name, ref=patient.external_ref,
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


def flag_failed_sms(session: Session, row: OutboundMessage) -> Flag | None:
    """An escalation ("escalate:<flag>:…") or paging ("page:<page>") SMS has failed for
    good: an ``escalation_failed`` flag on the same patient and conversation, with who
    was not reached, their number to call and the provider's error; once per message.
    Any other message: None."""
    if row.status != "failed":
        return None
    key = row.idempotency_key
    flag: Flag | None = None
    if key.startswith("escalate:"):
        flag_id = key.split(":")[1]
        flag = session.get(Flag, int(flag_id)) if flag_id.isdigit() else None
    elif key.startswith("page:") and key[5:].isdigit():
        page = session.get(Page, int(key[5:]))
        flag = session.get(Flag, page.flag_id) if page is not None else None
    if flag is None:
        return None
    member = session.scalars(select(CareTeamMember).where(
        CareTeamMember.phone == row.address)).first()
    who = member.name if member is not None else ""
    summary = (f"#{flag.id} → {who} ☎ {phones.for_display(row.address)}: "
               f"{row.error_code or ''} {row.error_detail or ''}").strip()[:1000]
    return flags.raise_flag(session, flags.ESCALATION_FAILED, patient_id=flag.patient_id,
                            conversation_id=flag.conversation_id, summary=summary,
                            actor="gateway:delivery", source_message=f"outbound:{row.id}")
