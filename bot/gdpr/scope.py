"""Which rows are one patient's: shared by the export and the erasure, so that what
is erased is exactly what the export showed.

Most tables name the patient (``patient_id``). The message queues and a few others
do not, or not always, and are found through what does:

- inbound messages: the sender is a chat id or phone number, so the messages from
  the patient's chat accounts (channel, external id) and from the patient's and
  caregivers' phone numbers by SMS or WhatsApp;
- outbound messages: those to the patient or a caregiver (``patient_id``,
  ``caregiver_id``), to any of those addresses, the on-call pages about the
  patient's flags, and the SMS to care-team members that name the patient (they
  name the patient by reference only: bot/messages.py);
- conversations: the conversation ids of the chat accounts, and those of the
  patient's flags and takeovers (a flag outlives an unlinked account);
- flags: the patient's, those of their conversations, and the safety net's flags
  raised before an account was linked, keyed by a hash of channel and sender
  (bot/safety_net.unlinked_key) for each of the patient's accounts and numbers;
- enrollment attempts: those of the patient's chat accounts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.models import (
    AuditEntry,
    Caregiver,
    ChannelIdentity,
    EnrollmentAttempt,
    Flag,
    InboundMessage,
    OutboundMessage,
    Page,
    Patient,
    Takeover,
)
from bot.safety_net import unlinked_key

PHONE_CHANNELS = ("sms", "whatsapp")


class UnknownPatientError(LookupError):
    pass


def find_patient(session: Session, ref: str) -> Patient:
    patient = session.scalar(select(Patient).where(Patient.external_ref == ref))
    if patient is None:
        raise UnknownPatientError(f"no patient with reference {ref!r}")
    return patient


@dataclass
class Scope:
    patient: Patient
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (channel, external id)
    phones: list[str] = field(default_factory=list)  # the patient's and caregivers'
    caregiver_ids: list[int] = field(default_factory=list)
    conversation_ids: list[str] = field(default_factory=list)
    page_outbound_ids: list[int] = field(default_factory=list)
    # bot/safety_net.unlinked_key of each account and number: flags from before linking
    unlinked_keys: list[str] = field(default_factory=list)

    def _senders(self, channel_col: InstrumentedAttribute[str],
                 address_col: InstrumentedAttribute[str]) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = []
        if self.accounts:
            clauses.append(tuple_(channel_col, address_col).in_(self.accounts))
        if self.phones:
            clauses.append(and_(channel_col.in_(PHONE_CHANNELS), address_col.in_(self.phones)))
        return clauses

    def inbound(self) -> Select[tuple[InboundMessage]]:
        clauses = self._senders(InboundMessage.channel, InboundMessage.sender)
        return (select(InboundMessage).where(or_(false(), *clauses))
                .order_by(InboundMessage.received_at, InboundMessage.id))

    def outbound(self) -> Select[tuple[OutboundMessage]]:
        clauses = [OutboundMessage.patient_id == self.patient.id,
                   *self._senders(OutboundMessage.channel, OutboundMessage.address)]
        if self.caregiver_ids:
            clauses.append(OutboundMessage.caregiver_id.in_(self.caregiver_ids))
        if self.page_outbound_ids:
            clauses.append(OutboundMessage.id.in_(self.page_outbound_ids))
        # SMS to care-team members (pages, escalations, acknowledgements) carry no
        # patient id but name the patient's reference; the regular expression below
        # keeps "demo-fr" from matching "demo-fr2".
        clauses.append(and_(OutboundMessage.patient_id.is_(None),
                            OutboundMessage.caregiver_id.is_(None),
                            OutboundMessage.text.contains(self.patient.external_ref)))
        return (select(OutboundMessage).where(or_(*clauses))
                .order_by(OutboundMessage.created_at, OutboundMessage.id))

    def outbound_rows(self, session: Session) -> list[OutboundMessage]:
        ref = re.compile(rf"(?<![\w-]){re.escape(self.patient.external_ref)}(?![\w-])")
        return [row for row in session.scalars(self.outbound())
                if row.patient_id is not None or row.caregiver_id is not None
                or row.id in self.page_outbound_ids
                or (row.channel, row.address) in self.accounts
                or (row.channel in PHONE_CHANNELS and row.address in self.phones)
                or ref.search(row.text or "")]

    def flags(self) -> Select[tuple[Flag]]:
        clauses = [Flag.patient_id == self.patient.id]
        if self.conversation_ids:
            clauses.append(Flag.conversation_id.in_(self.conversation_ids))
        if self.unlinked_keys:
            clauses.append(and_(Flag.patient_id.is_(None),
                                Flag.conversation_id.in_(self.unlinked_keys)))
        return select(Flag).where(or_(*clauses)).order_by(Flag.created_at, Flag.id)

    def takeovers(self) -> Select[tuple[Takeover]]:
        clauses = [Takeover.patient_id == self.patient.id]
        if self.conversation_ids:
            clauses.append(Takeover.conversation_id.in_(self.conversation_ids))
        return select(Takeover).where(or_(*clauses)).order_by(Takeover.started_at)

    def enrollment_attempts(self) -> Select[tuple[EnrollmentAttempt]]:
        if not self.accounts:
            return select(EnrollmentAttempt).where(false())
        return (select(EnrollmentAttempt)
                .where(tuple_(EnrollmentAttempt.channel, EnrollmentAttempt.external_id)
                       .in_(self.accounts)).order_by(EnrollmentAttempt.at))

    def audit(self) -> Select[tuple[AuditEntry]]:
        return (select(AuditEntry).where(AuditEntry.patient_id == self.patient.id)
                .order_by(AuditEntry.at, AuditEntry.id))


def scope_of(session: Session, patient: Patient) -> Scope:
    identities = session.scalars(select(ChannelIdentity)
                                 .where(ChannelIdentity.patient_id == patient.id)).all()
    caregivers = session.scalars(select(Caregiver)
                                 .where(Caregiver.patient_id == patient.id)).all()
    scope = Scope(patient)
    scope.accounts = sorted({(i.channel, i.external_id) for i in identities})
    scope.phones = sorted({p for p in [patient.phone, *(c.phone for c in caregivers)] if p})
    scope.caregiver_ids = sorted(c.id for c in caregivers)
    conversations = {i.conversation_id for i in identities}
    conversations |= set(session.scalars(select(Flag.conversation_id).where(
        Flag.patient_id == patient.id, Flag.conversation_id.is_not(None))))
    conversations |= set(session.scalars(select(Takeover.conversation_id).where(
        Takeover.patient_id == patient.id)))
    scope.conversation_ids = sorted(conversations)
    senders = {*scope.accounts, *((channel, phone) for phone in scope.phones
                                  for channel in PHONE_CHANNELS)}
    scope.unlinked_keys = sorted(unlinked_key(channel, sender) for channel, sender in senders)
    flag_ids = session.scalars(scope.flags().with_only_columns(Flag.id)).all()
    if flag_ids:
        scope.page_outbound_ids = sorted(session.scalars(
            select(Page.outbound_message_id).where(Page.flag_id.in_(flag_ids),
                                                   Page.outbound_message_id.is_not(None))))
    return scope
