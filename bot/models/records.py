"""What is kept as proof: consent given or withdrawn, enrollment codes and the codes
typed to guess them, and the audit trail of every access to health data. None of
them is part of a care plan; none has a relationship to follow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime, utcnow


class ConsentEvent(Base):
    """One consent given or withdrawn (bot/consent.py): the history a care organisation
    must be able to show (GDPR art. 7(1)). ``scope`` is what it covers: the chat
    service, caregiver alerts, caregivers seeing medication names; ``caregiver_id``
    names one caregiver, None every caregiver of the patient. The current state lives
    where the code honours it (channel_identities.consent_at/opted_out_at, the
    caregivers' booleans); bot/consent.record changes both together."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_events_patient_at", "patient_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    caregiver_id: Mapped[int | None] = mapped_column(Integer)  # kept if the caregiver goes
    scope: Mapped[str] = mapped_column(String(30))  # chat_service, caregiver_alerts, ...
    given: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # "telegram:patient", "console:anne"
    channel: Mapped[str] = mapped_column(String(20))  # telegram, sms, console, careplan, ...


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class EnrollmentAttempt(Base):
    """Every code typed by an unlinked account, to rate-limit guessing."""

    __tablename__ = "enrollment_attempts"
    __table_args__ = (Index("ix_enrollment_attempts_sender", "channel", "external_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Who read or changed what, for every access to health data."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_patient_at", "patient_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))  # "patient:12", "cli:nurse", ...
    action: Mapped[str] = mapped_column(String(40))  # read, create, update, ...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
