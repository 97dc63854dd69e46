"""The care-plan database: patients, their care team and caregivers, goals and
progress, medications and doses, appointments, flags, the audit trail, channel
identities and enrollment codes.

Timestamps are stored in UTC (timezone-aware); a patient's schedules are interpreted
in the patient's own timezone (bot/schedule.py). The schema is created and changed
only by Alembic migrations (migrations/).

One module per group of tables, re-exported here so ``from bot.models import
Patient`` (and the migrations' ``bot.models.UTCDateTime``) keep working:
``base`` (the declarative base, UTC timestamps), ``care`` (the patient, care team,
caregivers, goals, readings, medications, doses, appointments, chat accounts),
``records`` (consent, enrollment, audit), ``messaging`` (inbox, outbound queue,
reminders, message effects), ``access`` (console accounts and sessions, FHIR
clients), ``flags`` (flags, takeovers, rotas, pages) and ``plan_version`` (the flush
hook that tells the reminders scheduler about a care-plan change:
``track_plan_changes``, which bot.db calls on each session factory it builds;
importing this package registers nothing).
"""

from __future__ import annotations

from bot.models.access import ConsoleSession, ConsoleSignInFailure, ConsoleUser, FhirClient
from bot.models.base import Base, UTCDateTime, utcnow
from bot.models.care import (
    Appointment,
    CareAssignment,
    Caregiver,
    CareTeamMember,
    ChannelIdentity,
    Dose,
    Goal,
    Medication,
    Patient,
    ProgressEntry,
    Reading,
    Team,
)
from bot.models.flags import Flag, Page, Takeover, TeamRota
from bot.models.messaging import (
    InboundMessage,
    MessageEffect,
    OutboundMessage,
    Reminder,
    UnavailableNotice,
)
from bot.models.plan_version import track_plan_changes
from bot.models.records import AuditEntry, ConsentEvent, EnrollmentAttempt, EnrollmentCode

__all__ = [
    "Appointment",
    "AuditEntry",
    "Base",
    "CareAssignment",
    "CareTeamMember",
    "Caregiver",
    "ChannelIdentity",
    "ConsentEvent",
    "ConsoleSession",
    "ConsoleSignInFailure",
    "ConsoleUser",
    "Dose",
    "EnrollmentAttempt",
    "EnrollmentCode",
    "FhirClient",
    "Flag",
    "Goal",
    "InboundMessage",
    "Medication",
    "MessageEffect",
    "OutboundMessage",
    "Page",
    "Patient",
    "ProgressEntry",
    "Reading",
    "Reminder",
    "Takeover",
    "Team",
    "TeamRota",
    "UTCDateTime",
    "UnavailableNotice",
    "track_plan_changes",
    "utcnow",
]
