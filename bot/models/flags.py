"""What the care team must look at and how it reaches a human: flags, a nurse taking
a conversation over, the team's on-call rota and the pages sent about a flag.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.access import ConsoleUser
from bot.models.base import Base, UTCDateTime, utcnow
from bot.models.care import CareTeamMember, Team


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
