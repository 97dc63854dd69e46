"""Who may read the care database from outside: the nurse console's accounts, their
sessions and failed sign-ins, and the organisations reading FHIR Bundles.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.models.base import Base, UTCDateTime, utcnow
from bot.models.care import CareTeamMember, Team


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
