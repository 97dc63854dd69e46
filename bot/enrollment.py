"""Linking a chat account to a patient's record.

The care team issues a one-time code; the patient sends it from the account to link
(Telegram deep link /start CODE, or typed on WhatsApp/SMS). Codes are random,
stored only as hashes, expire, work once, and each account may only try a few
codes per hour, so guessing one is hopeless (32^8 codes, 5 tries an hour). Until an
account is linked it gets nothing but the explanation of how to join.

The conversation id given to Rasa is a random pseudonym chosen at linking time: the
tracker store never holds a phone number or a chat id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import audit, consent, effects
from bot.models import (
    ChannelIdentity,
    EnrollmentAttempt,
    EnrollmentCode,
    MessageEffect,
    Patient,
    utcnow,
)

CHANNELS = ("telegram", "whatsapp", "sms", "cli")
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud
CODE_LENGTH = 8
CODE_TTL = dt.timedelta(days=7)
MAX_FAILED_ATTEMPTS = 5
ATTEMPT_WINDOW = dt.timedelta(hours=1)

_CODE_SHAPE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


def normalise_code(text: str) -> str:
    return re.sub(r"[\s\-_.]", "", text).upper()


def looks_like_code(text: str) -> bool:
    """Whether a message from an unlinked account is an attempt at a code."""
    return bool(_CODE_SHAPE.match(normalise_code(text)))


def is_live_code(session: Session, text: str, now: dt.datetime | None = None) -> bool:
    """Whether ``text`` is a code issued, unused and not expired: a caregiver's number
    typing one is enrolling as a patient, not writing to the care team. Counts no try."""
    if not looks_like_code(text):
        return False
    return session.scalars(select(EnrollmentCode.id).where(
        EnrollmentCode.code_hash == _hash(text), EnrollmentCode.used_at.is_(None),
        EnrollmentCode.expires_at > (now or utcnow()))).first() is not None


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def issue_code(
    session: Session, patient: Patient, created_by: str, ttl: dt.timedelta = CODE_TTL
) -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    session.add(
        EnrollmentCode(patient_id=patient.id, code_hash=_hash(code), created_by=created_by,
                       expires_at=utcnow() + ttl)
    )
    audit.record(session, created_by, "issue", "enrollment_code", patient_id=patient.id)
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class LinkResult:
    status: str  # linked, already_linked, invalid, expired, used, rate_limited, taken
    identity: ChannelIdentity | None = None


def identity_for_sender(session: Session, channel: str, external_id: str) -> ChannelIdentity | None:
    return session.scalars(
        select(ChannelIdentity).where(
            ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id
        )
    ).first()


def identity_for_conversation(session: Session, conversation_id: str) -> ChannelIdentity | None:
    return session.scalars(
        select(ChannelIdentity).where(ChannelIdentity.conversation_id == conversation_id)
    ).first()


def _create_identity(
    session: Session, patient: Patient, channel: str, external_id: str, now: dt.datetime
) -> ChannelIdentity:
    identity = ChannelIdentity(
        patient_id=patient.id, channel=channel, external_id=external_id,
        conversation_id=f"c-{secrets.token_hex(12)}", consent_at=now,
    )
    session.add(identity)
    session.flush()
    audit.record(session, f"{channel}:account", "link", "channel_identity",
                 patient_id=patient.id, entity_id=identity.id, detail={"channel": channel})
    # Linking is the patient asking for the service: recorded as consent given.
    consent.record(session, patient, consent.CHAT_SERVICE, True, actor=f"{channel}:account",
                   channel=channel, at=now)
    return identity


def link(
    session: Session, channel: str, external_id: str, code: str, now: dt.datetime | None = None
) -> LinkResult:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    now = now or utcnow()
    existing = identity_for_sender(session, channel, external_id)
    failures = session.scalar(
        select(func.count()).select_from(EnrollmentAttempt).where(
            EnrollmentAttempt.channel == channel,
            EnrollmentAttempt.external_id == external_id,
            EnrollmentAttempt.success.is_(False),
            EnrollmentAttempt.at > now - ATTEMPT_WINDOW,
        )
    ) or 0
    if failures >= MAX_FAILED_ATTEMPTS:
        return LinkResult("rate_limited", existing)
    attempt = EnrollmentAttempt(channel=channel, external_id=external_id, at=now)
    session.add(attempt)
    record = session.scalars(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == _hash(code))
    ).first()
    if record is None:
        return LinkResult("invalid", existing)
    if record.used_at is not None:
        return LinkResult("used", existing)
    if record.expires_at <= now:
        return LinkResult("expired", existing)
    if existing is not None:
        attempt.success = True
        status = "already_linked" if existing.patient_id == record.patient_id else "taken"
        return LinkResult(status, existing)
    patient = session.get(Patient, record.patient_id)
    if patient is None:  # deleted since the code was issued
        return LinkResult("invalid", existing)
    record.used_at = now
    attempt.success = True
    return LinkResult("linked", _create_identity(session, patient, channel, external_id, now))


def link_by_phone(
    session: Session, channel: str, phone: str, now: dt.datetime | None = None
) -> ChannelIdentity | None:
    """For SMS/WhatsApp: link a number that is on file for exactly one patient."""
    if channel not in ("sms", "whatsapp"):
        return None
    existing = identity_for_sender(session, channel, phone)
    if existing is not None:
        return existing
    patients = session.scalars(select(Patient).where(Patient.phone == phone)).all()
    if len(patients) != 1:
        return None
    return _create_identity(session, patients[0], channel, phone, now or utcnow())


def set_opt_out(session: Session, identity: ChannelIdentity, opted_out: bool, actor: str,
                source_message: str | None = None) -> None:
    """``source_message`` (the chat message that asked): the same message again changes
    and audits nothing (bot/effects.py)."""
    action = "opt_out" if opted_out else "opt_in"

    def work(record: MessageEffect) -> None:
        identity.opted_out_at = utcnow() if opted_out else None
        audit.record(session, actor, action, "channel_identity",
                     patient_id=identity.patient_id, entity_id=identity.id)
        effects.note(record, "channel_identities", [identity.id])

    effects.once(session, source_message, action, work, lambda _: None,
                 patient_id=identity.patient_id)
