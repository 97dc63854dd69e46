"""The care-plan database: patients, their care team and caregivers, goals and
progress, medications and doses, appointments, flags, the audit trail, channel
identities and enrollment codes.

Timestamps are stored in UTC (timezone-aware); a patient's schedules are interpreted
in the patient's own timezone (bot/schedule.py). The schema is created and changed
only by Alembic migrations (migrations/).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
    event,
    inspect,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware datetimes only")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite drops the offset; we only ever store UTC
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class CareTeamMember(Base):
    """A professional: nurse, GP, pharmacist, specialist, social worker, ..."""

    __tablename__ = "care_team_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    team: Mapped[Team] = relationship()


class Patient(Base):
    __tablename__ = "patients"
    # The reminders planner's two questions (reminders/planner.py), each on an index:
    # whose plan changed since it was planned (a partial index: only those patients,
    # a handful at any time) and who was planned longest ago.
    __table_args__ = (
        Index("ix_patients_plan_changed", "id",
              postgresql_where=text("planned_version IS DISTINCT FROM plan_version"),
              sqlite_where=text("planned_version IS NOT plan_version")),
        Index("ix_patients_planned_at", "reminders_planned_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    external_ref: Mapped[str] = mapped_column(String(64), unique=True)  # e.g. "demo-fr"
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    # When the patient (by writing) or the console last chose the language; None: as
    # the care plan set it (bot/language_choice.py).
    language_set_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Brussels")
    phone: Mapped[str | None] = mapped_column(String(20))
    quiet_start: Mapped[dt.time | None] = mapped_column(Time)
    quiet_end: Mapped[dt.time | None] = mapped_column(Time)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    # Appointment reminders: the evening before (18:00) and this many hours before.
    appointment_reminder_day_before: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=true())
    appointment_reminder_hours_before: Mapped[int] = mapped_column(
        Integer, default=3, server_default="3")  # 0: none
    # Raised by every change the reminders depend on (the flush hook below); the
    # scheduler re-plans a patient whose version differs from the one it planned. A
    # counter, not a time: it does not depend on the clocks of the writers.
    plan_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    planned_version: Mapped[int | None] = mapped_column(Integer)
    # Alert thresholds for the readings the patient reports, from the care-plan file
    # (bot/readings.Thresholds.to_json); None: none set.
    reading_thresholds: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reminders_planned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team | None] = relationship()
    care_team: Mapped[list[CareAssignment]] = relationship(
        back_populates="patient", cascade="all, delete-orphan"
    )
    caregivers: Mapped[list[Caregiver]] = relationship(
        back_populates="patient", cascade="all, delete-orphan"
    )
    goals: Mapped[list[Goal]] = relationship(back_populates="patient", cascade="all, delete-orphan")
    medications: Mapped[list[Medication]] = relationship(
        back_populates="patient", cascade="all, delete-orphan"
    )
    appointments: Mapped[list[Appointment]] = relationship(
        back_populates="patient", cascade="all, delete-orphan"
    )
    identities: Mapped[list[ChannelIdentity]] = relationship(
        back_populates="patient", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CareAssignment(Base):
    """Which professional follows which patient, in which role."""

    __tablename__ = "care_assignments"
    __table_args__ = (UniqueConstraint("patient_id", "member_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("care_team_members.id"))
    patient: Mapped[Patient] = relationship(back_populates="care_team")
    member: Mapped[CareTeamMember] = relationship()


class Caregiver(Base):
    """A family caregiver (aidant proche / mantelzorger) and what they agreed to get."""

    __tablename__ = "caregivers"
    __table_args__ = (Index("ix_caregivers_patient", "patient_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    language_set_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)  # as Patient's
    relationship_to_patient: Mapped[str | None] = mapped_column(String(60))
    receives_reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    receives_missed_dose_alerts: Mapped[bool] = mapped_column(Boolean, default=True)
    # Caregiver SMS name no medication unless the patient agreed to it.
    may_see_medication_names: Mapped[bool] = mapped_column(Boolean, default=False)
    opted_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    patient: Mapped[Patient] = relationship(back_populates="caregivers")


class Goal(Base):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # see bot.careplan.GOAL_KINDS
    target_value: Mapped[float] = mapped_column(Float)
    target_unit: Mapped[str] = mapped_column(String(20))
    # at_least / at_most: a daily amount to reach or stay under.
    comparison: Mapped[str] = mapped_column(String(10), default="at_least")
    days_per_week: Mapped[int] = mapped_column(Integer, default=7)
    set_by: Mapped[str] = mapped_column(String(20), default="care_team")  # or "patient"
    status: Mapped[str] = mapped_column(String(20), default="active")  # achieved, paused
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    patient: Mapped[Patient] = relationship(back_populates="goals")
    progress: Mapped[list[ProgressEntry]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="ProgressEntry.recorded_at"
    )


class ProgressEntry(Base):
    __tablename__ = "progress_entries"
    __table_args__ = (Index("ix_progress_goal_time", "goal_id", "recorded_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(20), default="patient")
    goal: Mapped[Goal] = relationship(back_populates="progress")


class Reading(Base):
    """A measurement the patient reported (bot/readings.py): glucose in mg/dL, blood
    pressure in mmHg (systolic in ``value``), weight in kg, peak flow in L/min; ``alert``
    the reason it was outside the care plan's thresholds (low, high, gain)."""

    __tablename__ = "readings"
    __table_args__ = (Index("ix_readings_patient_kind_time", "patient_id", "kind", "recorded_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[float] = mapped_column(Float)
    diastolic: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    alert: Mapped[str | None] = mapped_column(String(10))


class Medication(Base):
    __tablename__ = "medications"
    __table_args__ = (Index("ix_medications_patient", "patient_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    dose_text: Mapped[str] = mapped_column(String(200))  # "1 comprimé de 500 mg"
    times: Mapped[list[str]] = mapped_column(JSON)  # ["08:00", "20:00"], patient's local time
    days_of_week: Mapped[list[int] | None] = mapped_column(JSON)  # 0=Monday; None: every day
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Refill reminders (bot/refills.py): units in a pack and units left, both optional.
    pack_size: Mapped[int | None] = mapped_column(Integer)
    stock: Mapped[int | None] = mapped_column(Integer)
    # The stock a refill reminder went out at; None once the stock goes up again.
    refill_warned_stock: Mapped[int | None] = mapped_column(Integer)
    patient: Mapped[Patient] = relationship(back_populates="medications")


class Dose(Base):
    """One planned intake; created when first needed, one row per medication and time."""

    __tablename__ = "doses"
    __table_args__ = (
        UniqueConstraint("medication_id", "scheduled_at"),
        Index("ix_doses_patient_time", "patient_id", "scheduled_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    medication_id: Mapped[int] = mapped_column(ForeignKey("medications.id", ondelete="CASCADE"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    scheduled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # pending, taken, missed, skipped; cancelled when the schedule no longer has it
    status: Mapped[str] = mapped_column(String(10), default="pending")
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    medication: Mapped[Medication] = relationship()


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (Index("ix_appointments_patient_time", "patient_id", "starts_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    with_whom: Mapped[str] = mapped_column(String(200))
    location: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    notes: Mapped[str | None] = mapped_column(Text)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    patient: Mapped[Patient] = relationship(back_populates="appointments")


class ChannelIdentity(Base):
    """A chat account linked to a patient. The conversation id is what Rasa sees: a
    random pseudonym, so no phone number or chat id reaches the tracker store."""

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "external_id"),
                      Index("ix_channel_identities_patient", "patient_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))  # telegram, whatsapp, sms, cli
    external_id: Mapped[str] = mapped_column(String(100))
    conversation_id: Mapped[str] = mapped_column(String(64), unique=True)
    consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    opted_out_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set when the provider says we can no longer reach this account (Telegram bot
    # blocked, repeated permanent failures); cleared when the patient writes again.
    stopped_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    permanent_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_inbound_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    patient: Mapped[Patient] = relationship(back_populates="identities")


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


class Flag(Base):
    """Something the care team must look at, raised by the conversation or a service."""

    __tablename__ = "flags"
    __table_args__ = (Index("ix_flags_status_created", "status", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # see bot.flags.KINDS
    severity: Mapped[str] = mapped_column(String(10))  # urgent, high, normal
    status: Mapped[str] = mapped_column(String(15), default="open")  # acknowledged, resolved
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_by: Mapped[str | None] = mapped_column(String(100))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolution_note: Mapped[str | None] = mapped_column(Text)


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


class ConsoleUser(Base):
    """A care-team account of the nurse console (console/): nurse, coordinator or admin.

    A nurse sees the patients whose care team includes the linked member; a coordinator
    every patient of the team; an admin everything, and manages the accounts."""

    __tablename__ = "console_users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(15), default="nurse")  # coordinator, admin
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("care_team_members.id"))
    language: Mapped[str] = mapped_column(String(2), default="fr")  # the console's language
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Unused since 0007 (sign-in throttling is per address: console_sign_in_failures).
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    team: Mapped[Team | None] = relationship()
    member: Mapped[CareTeamMember | None] = relationship()


class ConsoleSession(Base):
    """A signed-in console session, server side: the browser's cookie carries only the
    random token (signed), the table its SHA-256. Sign-out, a password change, disabling
    the account or an admin revokes it (``revoked_at``); it also ends after
    CONSOLE_SESSION_IDLE_MINUTES without a click or CONSOLE_SESSION_MAX_HOURS in all."""

    __tablename__ = "console_sessions"
    __table_args__ = (Index("ix_console_sessions_user", "user_id", "revoked_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str | None] = mapped_column(String(64))  # the client's address


class ConsoleSignInFailure(Base):
    """A failed console sign-in, per (typed username, source address): the throttling
    of bot/accounts.py counts these over a window; unknown usernames are kept too, so
    an unknown account answers exactly like an existing one."""

    __tablename__ = "console_sign_in_failures"
    __table_args__ = (Index("ix_console_sign_in_failures_source", "source", "at"),
                      Index("ix_console_sign_in_failures_account", "username", "source", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Takeover(Base):
    """A nurse holding a conversation: while it is held (ended_at empty) the gateway
    does not let the bot answer, and Rasa's tracker is paused (bot/takeover.py)."""

    __tablename__ = "takeovers"
    __table_args__ = (Index("ix_takeovers_conversation_ended", "conversation_id", "ended_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(64))
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("console_users.id"))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_activity_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(20))  # handed_back, idle
    # The Rasa event ("pause" or "resume") this change still owes the tracker: set in
    # the transaction that records the change, cleared once Rasa took it; retried by
    # every reminders tick while Rasa is down (bot/takeover.tell_rasa).
    rasa_pending: Mapped[str | None] = mapped_column(String(10))
    user: Mapped[ConsoleUser] = relationship()


class TeamRota(Base):
    """A team's on-call rota (bot/rota.py): the validated YAML document, kept as JSON so
    the pager reads it without re-parsing, and versioned so a change is visible and
    audited. One row per team; the latest import replaces it whole."""

    __tablename__ = "team_rotas"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), unique=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
    team: Mapped[Team] = relationship()


class Page(Base):
    """One page of a care-team member about a flag (bot/paging.py): an SMS with a code
    to reply with, then its acknowledgement, or why the next person was paged instead.
    ``round`` counts the flag's paging rounds (a re-opened emergency starts a new one);
    ``step`` is the place in the escalation: 0 the person on call, then the rota's
    escalation list (backup, ..., the coordinator last)."""

    __tablename__ = "pages"
    __table_args__ = (
        Index("ix_pages_flag", "flag_id", "round"),
        Index("ix_pages_pending", "acked_at", "outcome"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("care_team_members.id"))
    round: Mapped[int] = mapped_column(Integer, default=1)
    step: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str] = mapped_column(String(10), default="sms")  # sms, email
    code: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str | None] = mapped_column(String(30))  # why this person (nobody_on_call…)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    acked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    acked_via: Mapped[str | None] = mapped_column(String(10))  # sms, console
    acked_by: Mapped[str | None] = mapped_column(String(100))
    # no_answer (escalated past), failed (the SMS failed), stopped (someone else
    # acknowledged, or the flag was handled elsewhere)
    outcome: Mapped[str | None] = mapped_column(String(15))
    outbound_message_id: Mapped[int | None] = mapped_column(Integer)
    member: Mapped[CareTeamMember] = relationship()
    flag: Mapped[Flag] = relationship()


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


# --- change tracking for the reminders scheduler -------------------------------------

_PLAN_FIELDS = {
    "timezone", "quiet_start", "quiet_end",
    "appointment_reminder_day_before", "appointment_reminder_hours_before",
}


@event.listens_for(Session, "before_flush")
def _mark_plan_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Whoever edits a care plan (conversation, CLI, file import, console), the
    patient's reminders are re-planned: the edit itself raises ``plan_version`` (an SQL
    increment, so two concurrent edits both count), so no writer can forget to tell
    the scheduler."""
    patient_ids: set[int] = set()
    dirty = session.dirty  # built on every access: once, not once per object
    for obj in (*session.new, *dirty, *session.deleted):
        if isinstance(obj, Medication | Appointment | Caregiver):
            if obj in dirty and not session.is_modified(obj):
                continue
            with session.no_autoflush:
                patient_id = obj.patient_id or (obj.patient.id if obj.patient else None)
            if patient_id is not None:  # else a new patient: planned as such
                patient_ids.add(patient_id)
        elif isinstance(obj, Patient) and obj in dirty:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in _PLAN_FIELDS):
                patient_ids.add(obj.id)
    if not patient_ids:
        return
    with session.no_autoflush:
        for patient_id in patient_ids:
            patient = session.get(Patient, patient_id)
            if patient is not None and patient not in session.deleted:
                patient.plan_version = Patient.plan_version + 1


class FhirClient(Base):
    """An organisation (a GP practice, a hospital) that reads patients' Bundles from
    the console's `/fhir` endpoint (bot/fhir/tokens.py): its bearer token, stored as
    the SHA-256 of the random token only, and which patients it may read (those of
    ``team_id``, or every patient when None)."""

    __tablename__ = "fhir_clients"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation: Mapped[str] = mapped_column(String(200), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    team: Mapped[Team | None] = relationship()
