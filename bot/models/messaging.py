"""The messages in and out: accepted webhooks (the inbox), the outbound queue, the
reminders the scheduler will send, the "briefly unavailable" notices of an outage,
and what each inbound message changed once (``MessageEffect``, bot/effects.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, UTCDateTime, utcnow


class InboundMessage(Base):
    """A provider webhook we accepted: stored before the provider gets its 2xx, so
    nothing accepted is lost if Rasa or the gateway stops; unique per provider id, so
    a retried webhook is recognised."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        UniqueConstraint("channel", "provider_message_id"),
        Index("ix_inbound_status_next", "status", "next_attempt_at"),
        Index("ix_inbound_sender_time", "channel", "sender", "received_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    provider_message_id: Mapped[str] = mapped_column(String(100))
    sender: Mapped[str] = mapped_column(String(100))  # chat id or phone number
    kind: Mapped[str] = mapped_column(String(20), default="text")  # text, callback, media
    text: Mapped[str] = mapped_column(Text, default="")
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSON)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # received -> processed | ignored; failed after too many attempts
    status: Mapped[str] = mapped_column(String(15), default="received")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    error: Mapped[str | None] = mapped_column(Text)


class UnavailableNotice(Base):
    """A conversation told "the assistant is briefly unavailable" in the current outage
    of Rasa (or of the action server): kept in the database, not in a gateway's memory,
    so the notice goes out once per outage and conversation whatever the number of
    gateway processes and restarts. Deleted when Rasa answers the conversation again
    (gateway/unavailable.py)."""

    __tablename__ = "unavailable_notices"
    conversation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    told_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboundMessage(Base):
    """One message to a patient, caregiver or care-team member. Every sender (gateway
    replies, reminders, console) writes here; the gateway's delivery worker sends.
    The idempotency key makes a retried enqueue a no-op."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index("ix_outbound_status_next", "status", "next_attempt_at"),
        Index("ix_outbound_queue", "status", "priority", "next_attempt_at"),
        Index("ix_outbound_provider_id", "provider_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregivers.id", ondelete="CASCADE")
    )
    channel: Mapped[str] = mapped_column(String(20))  # telegram, whatsapp, sms
    address: Mapped[str] = mapped_column(String(100))  # chat id or E.164 number
    text: Mapped[str] = mapped_column(Text)
    quick_replies: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # Delivery order when a provider's rate is the bottleneck: 0 urgent, 1 replies in a
    # conversation, 2 bulk (reminders); within a priority, oldest due first.
    priority: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # queued -> sent -> delivered/read | outbox (no credentials) | failed
    status: Mapped[str] = mapped_column(String(15), default="queued")
    transport: Mapped[str | None] = mapped_column(String(20))  # what actually sent it
    provider_id: Mapped[str | None] = mapped_column(String(100))
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    segments: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    fallback_of: Mapped[int | None] = mapped_column(Integer)  # the failed message it replaces


class Reminder(Base):
    """One reminder the scheduler will send (or decided not to): the due-reminders table.

    The key names the reminder for good ("dose:12", "appointment:3:day_before"), so
    planning the same reminder twice, or running a send twice after a crash, finds the
    existing row instead of creating a second message."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_status_due", "status", "due_at"),
        Index("ix_reminders_dose", "dose_id"),
        # the planner reads a batch of patients' reminders (reminders/planner.py)
        Index("ix_reminders_patient_due", "patient_id", "due_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    # medication, snooze, follow_up, missed_check (no message), caregiver_reminder,
    # caregiver_alert, appointment
    kind: Mapped[str] = mapped_column(String(20))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    # Set for messages to a caregiver rather than to the patient.
    caregiver_id: Mapped[int | None] = mapped_column(
        ForeignKey("caregivers.id", ondelete="CASCADE"))
    dose_id: Mapped[int | None] = mapped_column(ForeignKey("doses.id", ondelete="CASCADE"))
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE")
    )
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # planned -> sent | skipped (too late, opted out, dose already answered) | cancelled
    status: Mapped[str] = mapped_column(String(15), default="planned")
    reason: Mapped[str | None] = mapped_column(String(60))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outbound_id: Mapped[int | None] = mapped_column(Integer)
    # When the reminder was added to the patient's Rasa conversations; a separate step,
    # retried until it succeeds, so a crash after sending cannot lose it.
    noted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A caregiver alert the caregiver answered "OK" / "gezien" to
    # (bot/caregiver_replies.py): shown to the nurses on the patient's page.
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class MessageEffect(Base):
    """What one inbound message changed, once (bot/effects.py): a progress entry, a dose
    answer, a snooze, a flag, a goal change. ``source_message`` names the message (the
    gateway's inbound id, or Rasa's message id for the channels without one); the
    unique (source_message, effect) is what makes a re-processed message change
    nothing twice, even when two processings of it run at the same time."""

    __tablename__ = "message_effects"
    __table_args__ = (UniqueConstraint("source_message", "effect"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_message: Mapped[str] = mapped_column(String(120))  # "inbound:42", "rasa:c-…:…"
    effect: Mapped[str] = mapped_column(String(40))  # progress, dose_answer, flag:symptom…
    patient_id: Mapped[int | None] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    entity: Mapped[str | None] = mapped_column(String(40))  # the table the rows are in
    entity_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # what the answer needs
    # Indexed for the purge after EFFECTS_KEEP_DAYS (bot/effects.py).
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
