"""The outbound side of messaging, as plain data: who gets a message on which channel,
and what to do when a provider refuses it.

Every sender (gateway replies, reminders, the console) calls ``send``: it picks the
channel and writes an ``OutboundMessage`` row. The gateway's delivery worker
(gateway/delivery.py, through gateway/channels/) is the only place that talks to
Telegram or Twilio. Keeping the queue in the database makes a send survive restarts,
and the idempotency key makes a retried ``send`` (a reminder job run twice) a no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import audit, consent, flags, sms
from bot.models import Caregiver, ChannelIdentity, OutboundMessage, Patient, utcnow

MESSENGERS = ("telegram", "whatsapp")
WHATSAPP_WINDOW = dt.timedelta(hours=24)
MAX_ATTEMPTS = 6
PERMANENT_FAILURES_TO_STOP = 3


class NoChannelError(Exception):
    """The recipient cannot be reached (opted out, stopped, no number on file)."""


@dataclass(frozen=True)
class QuickReply:
    """A button ("Pris ✅"): ``payload`` is what the conversation receives when pressed."""

    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    text: str
    idempotency_key: str
    urgent: bool = False  # urgent messages reach opted-out channels too
    quick_replies: tuple[QuickReply, ...] = field(default_factory=tuple)
    # 1: a reply someone is waiting for; 2: bulk (reminders), sent after replies when a
    # provider's rate is the bottleneck. Urgent messages always go first (0).
    priority: int = 1


@dataclass(frozen=True)
class Recipient:
    patient_id: int | None = None
    caregiver_id: int | None = None
    # A reply goes back where the message came from.
    channel: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Route:
    channel: str
    address: str


def patient_routes(
    session: Session, patient: Patient, *, urgent: bool = False, now: dt.datetime | None = None
) -> list[Route]:
    """Where a patient can be reached, best first: the messenger they wrote from most
    recently, the other linked accounts, then SMS to the number on file."""
    identities = session.scalars(
        select(ChannelIdentity).where(ChannelIdentity.patient_id == patient.id)
    ).all()
    usable = [
        i for i in identities
        if i.channel != "cli" and i.stopped_at is None and (urgent or i.opted_out_at is None)
    ]
    usable.sort(key=lambda i: (i.channel not in MESSENGERS,
                               -(i.last_inbound_at or i.created_at).timestamp()))
    routes = [Route(i.channel, i.external_id) for i in usable]
    # An opt-out anywhere also stops non-urgent SMS to the number on file, and so does
    # a withdrawn consent to the chat service: a patient known only by their number has
    # no account for the withdrawal to opt out (bot/consent.py), so it is asked here,
    # and only then (one query, for the SMS-only patients).
    opted_out = any(i.opted_out_at for i in identities)
    if patient.phone and not any(r.channel == "sms" for r in routes) and (
        urgent or not (opted_out or _chat_withdrawn(session, patient.id))
    ):
        routes.append(Route("sms", patient.phone))
    return routes


def _chat_withdrawn(session: Session, patient_id: int) -> bool:
    return bool(consent.chat_withdrawn_among(session, [patient_id]))


def send(session: Session, recipient: Recipient, message: Message) -> OutboundMessage:
    """Queue a message for delivery; returns the existing row for a repeated key.

    A reply (the recipient's channel and address given) is inserted without looking
    for its key first: it is almost always new, and a repeated key is caught by the
    unique index all the same (one query less per answer on the gateway's hot path).
    Anything else is looked up first, so a repeated key returns its row even when the
    recipient can no longer be routed."""
    if not (recipient.channel and recipient.address):
        existing = session.scalars(select(OutboundMessage).where(
            OutboundMessage.idempotency_key == message.idempotency_key)).first()
        if existing is not None:
            return existing
    route, patient_id, caregiver_id = _route_for(session, recipient, message)
    row = OutboundMessage(
        idempotency_key=message.idempotency_key, patient_id=patient_id,
        caregiver_id=caregiver_id, channel=route.channel, address=route.address,
        text=message.text, urgent=message.urgent,
        priority=0 if message.urgent else message.priority,
        quick_replies=[{"title": q.title, "payload": q.payload} for q in message.quick_replies]
        or None,
        segments=sms.segments(message.text) if route.channel == "sms" else None,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same key queued before, or concurrently
        return session.scalars(
            select(OutboundMessage)
            .where(OutboundMessage.idempotency_key == message.idempotency_key)
        ).one()
    return row


# A row whose idempotency key exists already is skipped, per dialect, built once
# (issue 16). SQLite: INSERT OR IGNORE, which SQLAlchemy caches compiled (it compiles
# ON CONFLICT anew at every execution: half a millisecond); OR IGNORE also skips a row
# breaking NOT NULL or CHECK, which these rows cannot (every column given, no CHECK).
_INSERT_NEW = {"sqlite": insert(OutboundMessage).prefix_with("OR IGNORE"),
               "postgresql": postgresql_insert(OutboundMessage).on_conflict_do_nothing()}


def queue_replies(connection: Connection, recipient: Recipient,
                  messages: Sequence[Message]) -> None:
    """``send`` for replies (the recipient's channel and address given), without the
    ORM: the rows inserted in one statement, a repeated idempotency key skipped by the
    database (ON CONFLICT DO NOTHING), as ``send`` skips it by its unique index. The
    gateway's hot path (issue 16): a reply's row is never read back there."""
    channel, address = recipient.channel, recipient.address
    if not (channel and address):
        raise ValueError("queue_replies is for replies: the recipient's channel and address")
    if not messages:
        return
    rows = [{
        "idempotency_key": m.idempotency_key, "patient_id": recipient.patient_id,
        "caregiver_id": recipient.caregiver_id, "channel": channel, "address": address,
        "text": m.text, "urgent": m.urgent, "priority": 0 if m.urgent else m.priority,
        "quick_replies": [{"title": q.title, "payload": q.payload} for q in m.quick_replies]
        or None,
        "segments": sms.segments(m.text) if channel == "sms" else None,
    } for m in messages]
    # One row (most answers): a plain execute, cheaper than the executemany machinery.
    connection.execute(_INSERT_NEW[connection.dialect.name], rows[0] if len(rows) == 1 else rows)


def _route_for(
    session: Session, recipient: Recipient, message: Message
) -> tuple[Route, int | None, int | None]:
    if recipient.channel and recipient.address:  # a reply: where the message came from
        return (Route(recipient.channel, recipient.address), recipient.patient_id,
                recipient.caregiver_id)
    if recipient.caregiver_id is not None:
        caregiver = session.get(Caregiver, recipient.caregiver_id)
        if caregiver is None:
            raise NoChannelError(f"no caregiver {recipient.caregiver_id}")
        if caregiver.opted_out_at is not None and not message.urgent:
            raise NoChannelError("caregiver opted out")
        return Route("sms", caregiver.phone), caregiver.patient_id, caregiver.id
    patient = session.get(Patient, recipient.patient_id) if recipient.patient_id else None
    if patient is None:
        raise NoChannelError("no recipient")
    routes = patient_routes(session, patient, urgent=message.urgent)
    if not routes:
        raise NoChannelError(f"patient {patient.id} has no reachable channel")
    return routes[0], patient.id, None


# --- what a failure means ------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """A provider's refusal, classified once so every transport is handled alike."""

    code: str
    detail: str
    retryable: bool
    retry_after: float | None = None
    stop_channel: bool = False  # the account cannot be reached any more


def backoff(attempt: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(5 * 2 ** (attempt - 1), 15 * 60))


def success_values(transport: str, provider_id: str | None,
                   status: str = "sent") -> dict[str, object]:
    """The columns of a row the provider took, for one UPDATE (the sender does not
    read the row again to mark it)."""
    return {"status": status, "transport": transport, "provider_id": provider_id,
            "sent_at": utcnow(), "error_code": None, "error_detail": None}


def record_failure(session: Session, row: OutboundMessage, transport: str,
                   failure: Failure) -> OutboundMessage | None:
    """Schedule a retry, or mark it failed; on a permanent failure of a messenger,
    queue the same text by SMS. Returns the fallback message if one was queued."""
    row.attempts += 1
    row.transport, row.error_code, row.error_detail = transport, failure.code, failure.detail
    if failure.retryable and row.attempts < MAX_ATTEMPTS:
        delay = backoff(row.attempts)
        if failure.retry_after is not None:
            delay = max(delay, dt.timedelta(seconds=failure.retry_after))
        row.next_attempt_at = utcnow() + delay
        return None
    row.status = "failed"
    if failure.retryable:
        return None
    _note_permanent_failure(session, row, failure)
    if row.channel in MESSENGERS and row.patient_id is not None:
        return _fallback_to_sms(session, row)
    return None


def _note_permanent_failure(session: Session, row: OutboundMessage, failure: Failure) -> None:
    identity = session.scalars(
        select(ChannelIdentity).where(ChannelIdentity.channel == row.channel,
                                      ChannelIdentity.external_id == row.address)
    ).first()
    if identity is None:
        return
    identity.permanent_failures += 1
    if failure.stop_channel or identity.permanent_failures >= PERMANENT_FAILURES_TO_STOP:
        identity.stopped_at = utcnow()
        audit.record(session, f"gateway:{row.channel}", "stop", "channel_identity",
                     patient_id=identity.patient_id, entity_id=identity.id,
                     detail={"code": failure.code})
        patient = session.get(Patient, identity.patient_id)
        if patient is not None and not patient_routes(session, patient, urgent=True):
            flags.raise_flag(
                session, flags.CHANNEL_STOPPED, patient_id=patient.id,
                conversation_id=identity.conversation_id,
                summary=f"{row.channel}: {failure.detail} — no other channel left",
                actor=f"gateway:{row.channel}",
            )


def _fallback_to_sms(session: Session, row: OutboundMessage) -> OutboundMessage | None:
    patient = session.get(Patient, row.patient_id)
    if patient is None:
        return None
    routes = [r for r in patient_routes(session, patient, urgent=row.urgent)
              if r.channel == "sms"]
    if not routes:
        return None
    fallback = OutboundMessage(
        idempotency_key=f"{row.idempotency_key}:sms", patient_id=row.patient_id,
        channel="sms", address=routes[0].address, text=row.text, urgent=row.urgent,
        priority=row.priority, segments=sms.segments(row.text), fallback_of=row.id,
    )
    session.add(fallback)
    return fallback
