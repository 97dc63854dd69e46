"""The patient and their care: the care team, caregivers, goals and progress, readings,
medications and doses, appointments, and the chat accounts linked to the patient.

One module because ``Patient``'s relationships name all of these: kept together, the
tables a care plan is made of need no import of one another's module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, utcnow


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
