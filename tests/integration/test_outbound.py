"""bot/outbound.py on its own: which route a patient or caregiver gets, the idempotency
of ``send``, and what a provider's refusal does to the row, the account and the queue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from bot import flags, outbound
from bot.db import connection_scope, session_scope
from bot.models import AuditEntry, Caregiver, ChannelIdentity, Flag, OutboundMessage, utcnow
from tests.support.patients import make_patient


def _identity(s, patient, channel: str, external_id: str, **fields) -> ChannelIdentity:
    identity = ChannelIdentity(patient_id=patient.id, channel=channel, external_id=external_id,
                               conversation_id=f"c-{channel}-{external_id}", **fields)
    s.add(identity)
    s.flush()
    return identity


def test_backoff_doubles_from_five_seconds_and_stops_at_fifteen_minutes() -> None:
    assert [outbound.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert outbound.backoff(8).total_seconds() == 640
    assert outbound.backoff(9) == dt.timedelta(minutes=15)
    assert outbound.backoff(30) == dt.timedelta(minutes=15)


def test_success_values_clear_the_previous_error() -> None:
    values = outbound.success_values("telegram", "42")
    assert values["status"] == "sent" and values["provider_id"] == "42"
    assert values["error_code"] is None and values["error_detail"] is None
    assert abs((values["sent_at"] - utcnow()).total_seconds()) < 5
    assert outbound.success_values("twilio", None, status="queued")["status"] == "queued"


def test_routes_prefer_the_messenger_written_from_last_then_sms(db_url: str) -> None:
    now = utcnow()
    with session_scope(db_url) as s:
        patient = make_patient(s, phone="+32470000001")
        _identity(s, patient, "whatsapp", "+32470000001",
                  last_inbound_at=now - dt.timedelta(days=2))
        _identity(s, patient, "telegram", "111", last_inbound_at=now - dt.timedelta(hours=1))
        _identity(s, patient, "cli", "me")  # never a route
        routes = outbound.patient_routes(s, patient)
        assert routes == [outbound.Route("telegram", "111"),
                          outbound.Route("whatsapp", "+32470000001"),
                          outbound.Route("sms", "+32470000001")]


def test_an_opt_out_stops_bulk_sms_but_not_urgent_messages(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s, phone="+32470000002")
        _identity(s, patient, "telegram", "222", opted_out_at=utcnow())
        assert outbound.patient_routes(s, patient) == []
        assert outbound.patient_routes(s, patient, urgent=True) == [
            outbound.Route("telegram", "222"), outbound.Route("sms", "+32470000002")]


def test_a_stopped_account_is_never_a_route(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        _identity(s, patient, "telegram", "333", stopped_at=utcnow())
        assert outbound.patient_routes(s, patient, urgent=True) == []
        with pytest.raises(outbound.NoChannelError):
            outbound.send(s, outbound.Recipient(patient_id=patient.id),
                          outbound.Message("x", "k-stopped", urgent=True))


def test_send_is_idempotent_and_urgent_goes_first(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s, phone="+32470000004")
        first = outbound.send(s, outbound.Recipient(patient_id=patient.id),
                              outbound.Message("Bonjour", "k-1", urgent=True, priority=2))
        again = outbound.send(s, outbound.Recipient(patient_id=patient.id),
                              outbound.Message("Autre texte", "k-1"))
        assert again.id == first.id and again.text == "Bonjour"
        assert (first.channel, first.address, first.priority) == ("sms", "+32470000004", 0)
        assert first.segments == 1  # an SMS counts its segments
        assert s.scalar(select(func.count()).select_from(OutboundMessage)) == 1


def test_a_reply_goes_where_the_message_came_from_and_keeps_its_buttons(db_url: str) -> None:
    with session_scope(db_url) as s:
        reply = outbound.send(
            s, outbound.Recipient(channel="telegram", address="999"),
            outbound.Message("Pris ?", "k-reply", quick_replies=(
                outbound.QuickReply("Pris ✅", "/medication_taken"),)))
        repeated = outbound.send(s, outbound.Recipient(channel="telegram", address="999"),
                                 outbound.Message("Pris ?", "k-reply"))
        assert repeated.id == reply.id
        assert (reply.channel, reply.address, reply.segments) == ("telegram", "999", None)
        assert reply.quick_replies == [{"title": "Pris ✅", "payload": "/medication_taken"}]


def test_queued_replies_are_the_rows_send_writes_and_a_repeated_key_is_skipped(
        db_url: str) -> None:
    """``queue_replies`` (the gateway's hot path, without the ORM) writes what ``send``
    writes for a reply, and a key queued before is skipped, not an error: the first
    text stays, the other rows of the same call are still written."""
    sms = outbound.Recipient(patient_id=None, channel="sms", address="+32470000009")
    with session_scope(db_url) as s:
        sent = outbound.send(s, sms, outbound.Message("Pris ?", "k-sent", quick_replies=(
            outbound.QuickReply("Pris ✅", "/medication_taken"),)))
        expected = {c: getattr(sent, c) for c in ("channel", "address", "text", "urgent",
                                                  "priority", "status", "quick_replies",
                                                  "segments", "attempts")}
    with connection_scope(db_url) as c:
        outbound.queue_replies(c, sms, [outbound.Message("Pris ?", "k-queued", quick_replies=(
            outbound.QuickReply("Pris ✅", "/medication_taken"),))])
        outbound.queue_replies(c, sms, [outbound.Message("Autre texte", "k-queued"),
                                        outbound.Message("Urgent", "k-new", urgent=True)])
    with session_scope(db_url) as s:
        rows = {r.idempotency_key: r for r in s.scalars(select(OutboundMessage))}
        queued = rows["k-queued"]
        assert {c: getattr(queued, c) for c in expected} == expected
        assert queued.next_attempt_at <= utcnow() and queued.created_at <= utcnow()
        assert (rows["k-new"].text, rows["k-new"].priority) == ("Urgent", 0)
        assert len(rows) == 3
    with pytest.raises(ValueError, match="replies"), connection_scope(db_url) as c:
        outbound.queue_replies(c, outbound.Recipient(patient_id=1), [
            outbound.Message("x", "k-x")])


def test_caregivers_get_sms_unless_opted_out_and_the_message_is_not_urgent(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        caregiver = Caregiver(patient_id=patient.id, name="Luc", phone="+32470000005",
                              opted_out_at=utcnow())
        s.add(caregiver)
        s.flush()
        with pytest.raises(outbound.NoChannelError, match="opted out"):
            outbound.send(s, outbound.Recipient(caregiver_id=caregiver.id),
                          outbound.Message("x", "k-cg"))
        row = outbound.send(s, outbound.Recipient(caregiver_id=caregiver.id),
                            outbound.Message("112", "k-cg-urgent", urgent=True))
        assert (row.channel, row.address, row.caregiver_id, row.patient_id) == (
            "sms", "+32470000005", caregiver.id, patient.id)
        with pytest.raises(outbound.NoChannelError):
            outbound.send(s, outbound.Recipient(caregiver_id=caregiver.id + 100),
                          outbound.Message("x", "k-nobody"))


def _queued(s, patient, channel: str = "telegram", address: str = "444") -> OutboundMessage:
    return outbound.send(s, outbound.Recipient(patient_id=patient.id, channel=channel,
                                               address=address),
                         outbound.Message("Votre rappel", f"k-{channel}-{address}"))


def test_a_retryable_failure_waits_at_least_what_the_provider_asked(db_url: str) -> None:
    with session_scope(db_url) as s:
        row = _queued(s, make_patient(s))
        before = utcnow()
        fallback = outbound.record_failure(s, row, "telegram", outbound.Failure(
            "429", "slow down", retryable=True, retry_after=120))
        assert fallback is None and row.attempts == 1 and row.status != "failed"
        wait = (row.next_attempt_at - before).total_seconds()
        assert 119 <= wait <= 125
        assert (row.error_code, row.error_detail, row.transport) == ("429", "slow down",
                                                                    "telegram")


def test_a_retryable_failure_fails_for_good_after_the_last_attempt(db_url: str) -> None:
    with session_scope(db_url) as s:
        row = _queued(s, make_patient(s))
        row.attempts = outbound.MAX_ATTEMPTS - 1
        assert outbound.record_failure(
            s, row, "telegram", outbound.Failure("500", "down", retryable=True)) is None
        assert row.status == "failed"
        assert s.scalar(select(func.count()).select_from(OutboundMessage)) == 1  # no SMS


def test_a_blocked_messenger_falls_back_to_sms_and_stops_the_account(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s, phone="+32470000006")
        identity = _identity(s, patient, "telegram", "555")
        row = _queued(s, patient, address="555")
        fallback = outbound.record_failure(s, row, "telegram", outbound.Failure(
            "403", "blocked", retryable=False, stop_channel=True))
        assert row.status == "failed" and identity.stopped_at is not None
        assert fallback is not None
        assert (fallback.channel, fallback.address, fallback.text, fallback.fallback_of) == (
            "sms", "+32470000006", "Votre rappel", row.id)
        assert fallback.idempotency_key == f"{row.idempotency_key}:sms"
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "stop")) == 1
        assert s.scalar(select(func.count()).select_from(Flag)) == 0  # SMS is left


def test_the_last_channel_stopping_raises_a_flag(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)  # no phone: nothing to fall back to
        identity = _identity(s, patient, "telegram", "666")
        for n in range(outbound.PERMANENT_FAILURES_TO_STOP):
            row = _queued(s, patient, address="666") if n == 0 else outbound.send(
                s, outbound.Recipient(patient_id=patient.id, channel="telegram",
                                      address="666"), outbound.Message("x", f"k-{n}"))
            assert identity.stopped_at is None
            assert outbound.record_failure(s, row, "telegram", outbound.Failure(
                "400", "chat not found", retryable=False)) is None
        assert identity.permanent_failures == outbound.PERMANENT_FAILURES_TO_STOP
        assert identity.stopped_at is not None
        flag = s.scalars(select(Flag)).one()
        assert (flag.kind, flag.patient_id, flag.conversation_id) == (
            flags.CHANNEL_STOPPED, patient.id, identity.conversation_id)
        assert "chat not found" in flag.summary
