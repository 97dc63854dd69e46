"""Erasure of a patient (GDPR art. 17), in two steps: ``plan`` counts what would go
and gives the phrase to type; ``erase`` does it.

What becomes of each category:

- care-database rows of the patient (identity, channels, care team assignments,
  caregivers, goals and progress, medications and doses, appointments, flags and their
  pages, takeovers, reminders, enrollment codes and attempts, message effects, consent
  records): deleted.
  Deleting the channel identities unlinks the chat accounts: a message from one of
  them afterwards gets the "how to join" answer, like any unknown account;
- inbound and outbound queue rows: kept (they are the gateway's delivery record), but
  their text becomes ``ERASED_TEXT``, their sender or address a random value (never a
  hash of the number, which anyone holding the number could recompute), and their
  metadata, buttons, provider ids and errors are dropped; a message still waiting is
  set aside (inbound ``ignored``, outbound ``failed`` with ``error_code`` "erased") so
  nobody sends or forwards the marker;
- Rasa's conversation events of the patient's conversation ids: deleted from the
  tracker store. This is done first and committed on its own (it is another database):
  the conversation ids are found through the care database, so if anything fails
  afterwards, running the erasure again still finds them and finishes;
- audit entries about the patient: kept (who read or changed the record stays
  answerable), but their ``detail`` becomes ``{"erased": <random token>}`` and their
  ``patient_id`` is cleared: an internal id that no longer leads to anyone could lead
  to someone else later (SQLite reuses the highest id of a deleted row), and the
  token still groups them. One audit stub records the erasure with the same token:
  who, when, the categories and their counts, no patient id, nothing identifying.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot import audit
from bot.gdpr import tracker
from bot.gdpr.scope import Scope, find_patient, scope_of
from bot.models import (
    Appointment,
    CareAssignment,
    Caregiver,
    ChannelIdentity,
    ConsentEvent,
    Dose,
    EnrollmentAttempt,
    EnrollmentCode,
    Flag,
    Goal,
    Medication,
    MessageEffect,
    Page,
    ProgressEntry,
    Reading,
    Reminder,
    Takeover,
)

ERASED_TEXT = "[erased]"
PENDING_OUTBOUND = ("queued", "sending")


class ConfirmationError(ValueError):
    pass


def confirmation_phrase(ref: str) -> str:
    return f"ERASE {ref}"


def _count(session: Session, query: Any) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _goal_ids(session: Session, patient_id: int) -> list[int]:
    return list(session.scalars(select(Goal.id).where(Goal.patient_id == patient_id)))


def _flag_ids(session: Session, scope: Scope) -> list[int]:
    return list(session.scalars(scope.flags().with_only_columns(Flag.id)))


def plan(session: Session, ref: str, *,
         store: tracker.TrackerStore | None = None) -> dict[str, int | None]:
    """What the erasure would remove or pseudonymise, per category (None: the
    conversation events cannot be reached, see bot.gdpr.tracker)."""
    store = store or tracker.configured()
    patient = find_patient(session, ref)
    scope = scope_of(session, patient)
    pid = patient.id
    goal_ids = _goal_ids(session, pid)
    flag_ids = _flag_ids(session, scope)
    return {
        "patient": 1,
        "channels": _count(session, select(ChannelIdentity).where(
            ChannelIdentity.patient_id == pid)),
        "care_team_assignments": _count(session, select(CareAssignment).where(
            CareAssignment.patient_id == pid)),
        "caregivers": len(scope.caregiver_ids),
        "goals": len(goal_ids),
        "progress": _count(session, select(ProgressEntry).where(
            ProgressEntry.goal_id.in_(goal_ids))),
        "readings": _count(session, select(Reading).where(Reading.patient_id == pid)),
        "medications": _count(session, select(Medication).where(Medication.patient_id == pid)),
        "doses": _count(session, select(Dose).where(Dose.patient_id == pid)),
        "appointments": _count(session, select(Appointment).where(
            Appointment.patient_id == pid)),
        "flags": len(flag_ids),
        "pages": _count(session, select(Page).where(Page.flag_id.in_(flag_ids))),
        "takeovers": _count(session, scope.takeovers()),
        "reminders": _count(session, select(Reminder).where(Reminder.patient_id == pid)),
        "enrollment_codes": _count(session, select(EnrollmentCode).where(
            EnrollmentCode.patient_id == pid)),
        "enrollment_attempts": _count(session, scope.enrollment_attempts()),
        "message_effects": _count(session, select(MessageEffect).where(
            MessageEffect.patient_id == pid)),
        "consent_events": _count(session, select(ConsentEvent).where(
            ConsentEvent.patient_id == pid)),
        "messages_in": _count(session, scope.inbound()),
        "messages_out": len(scope.outbound_rows(session)),
        "conversation_events": tracker.count_events(store, scope.conversation_ids),
        "audit_entries": _count(session, scope.audit()),
    }


def _random_address() -> str:
    return f"erased:{secrets.token_hex(8)}"


def erase(session: Session, ref: str, confirm: str, *, actor: str,
          store: tracker.TrackerStore | None = None) -> dict[str, int | None]:
    """Erase the patient if ``confirm`` is the phrase of ``confirmation_phrase``;
    returns the counts per category (as ``plan``). The caller commits."""
    if confirm != confirmation_phrase(ref):
        raise ConfirmationError(f"the confirmation phrase is {confirmation_phrase(ref)!r}")
    store = store or tracker.configured()
    counts = plan(session, ref, store=store)
    patient = find_patient(session, ref)
    scope = scope_of(session, patient)
    pid = patient.id

    counts["conversation_events"] = tracker.delete_events(store, scope.conversation_ids)

    for row in session.scalars(scope.inbound()):
        row.text = ERASED_TEXT
        row.sender = _random_address()
        row.metadata_ = None
        row.error = None
        if row.status == "received":
            row.status = "ignored"
    for out in scope.outbound_rows(session):
        out.text = ERASED_TEXT
        out.address = _random_address()
        out.quick_replies = None
        out.provider_id = None
        out.error_detail = None
        out.patient_id = None  # kept when the patient row goes
        out.caregiver_id = None
        if out.status in PENDING_OUTBOUND:
            out.status, out.error_code = "failed", "erased"
    token = secrets.token_hex(8)
    for entry in session.scalars(scope.audit()):
        entry.detail, entry.patient_id = {"erased": token}, None
    session.flush()

    flag_ids = _flag_ids(session, scope)
    goal_ids = _goal_ids(session, pid)
    # Children first, so the same statements work with or without ON DELETE CASCADE.
    for statement in (
        delete(Reminder).where(Reminder.patient_id == pid),
        delete(MessageEffect).where(MessageEffect.patient_id == pid),
        delete(ConsentEvent).where(ConsentEvent.patient_id == pid),
        delete(Page).where(Page.flag_id.in_(flag_ids)),
        delete(Flag).where(Flag.id.in_(flag_ids)),
        delete(Takeover).where(Takeover.id.in_(
            scope.takeovers().with_only_columns(Takeover.id).order_by(None))),
        delete(EnrollmentAttempt).where(EnrollmentAttempt.id.in_(
            scope.enrollment_attempts().with_only_columns(EnrollmentAttempt.id)
            .order_by(None))),
        delete(EnrollmentCode).where(EnrollmentCode.patient_id == pid),
        delete(ChannelIdentity).where(ChannelIdentity.patient_id == pid),
        delete(Dose).where(Dose.patient_id == pid),
        delete(ProgressEntry).where(ProgressEntry.goal_id.in_(goal_ids)),
        delete(Goal).where(Goal.patient_id == pid),
        delete(Reading).where(Reading.patient_id == pid),
        delete(Medication).where(Medication.patient_id == pid),
        delete(Appointment).where(Appointment.patient_id == pid),
        delete(Caregiver).where(Caregiver.patient_id == pid),
        delete(CareAssignment).where(CareAssignment.patient_id == pid),
    ):
        session.execute(statement, execution_options={"synchronize_session": False})
    session.expunge(patient)
    session.execute(delete(type(patient)).where(type(patient).id == pid))
    session.expunge_all()
    audit.record(session, actor, "erase", "patient",
                 detail={"categories": counts, "erased": token})
    session.flush()
    return counts

