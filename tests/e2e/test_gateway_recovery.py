"""Rows a killed gateway left ``sending``, settled by the next real gateway process
(gateway/recovery.py): a message Twilio already took is marked sent, not sent again;
one Twilio does not have is sent once; an earlier identical text to the same number
(its SID on another row) is not taken for it; a Telegram row is sent again and the
uncertain resend audited. On SQLite (recovery at start) and PostgreSQL (recovery of
addresses no live process holds)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select, update

from bot import outbound
from bot.db import session_scope
from bot.models import AuditEntry, OutboundMessage, utcnow
from bot.outbound import Message, Recipient
from gateway.recovery import UNCERTAIN
from tests.support.fakes.twilio_api import FakeTwilio
from tests.support.gateway_process import SMS_FROM, echoing_rasa, running_gateway
from tests.support.waiting import wait_for

TEXT = "Rappel : prenez 1 comprimé de metformine"


def _left_sending(url: str, channel: str, address: str, key: str, text: str = TEXT,
                  status: str = "sending", provider_id: str | None = None) -> int:
    """A row as a gateway killed mid-send leaves it (created 30 s ago)."""
    with session_scope(url) as s:
        row_id = outbound.send(s, Recipient(channel=channel, address=address),
                               Message(text, key)).id
        s.execute(update(OutboundMessage).where(OutboundMessage.id == row_id).values(
            status=status, provider_id=provider_id,
            transport="twilio" if provider_id else None,
            created_at=utcnow() - dt.timedelta(seconds=30)))
    return row_id


def _rows(url: str) -> dict[int, tuple[str, str | None]]:
    with session_scope(url) as s:
        return {r.id: (r.status, r.provider_id) for r in s.scalars(select(OutboundMessage))}


def test_rows_left_sending_are_sent_once_and_never_lost(db_url: str, tmp_path: Path) -> None:
    taken, missing, twin, chat = "+32470000011", "+32470000012", "+32470000013", "4242"
    with FakeTwilio() as twilio:
        client = twilio.client()
        # The killed gateway's last sends: Twilio took the first row's message ...
        sid_taken = client.messages.create(to=taken, from_=SMS_FROM, body=TEXT).sid
        # ... and an identical text to another number earlier, recorded as sent there.
        sid_earlier = client.messages.create(to=twin, from_=SMS_FROM, body=TEXT).sid
        row_taken = _left_sending(db_url, "sms", taken, "t:taken")
        row_missing = _left_sending(db_url, "sms", missing, "t:missing")
        _left_sending(db_url, "sms", twin, "t:earlier", status="sent", provider_id=sid_earlier)
        row_twin = _left_sending(db_url, "sms", twin, "t:twin")
        row_chat = _left_sending(db_url, "telegram", chat, "t:chat", text="Bonjour")
        with echoing_rasa() as rasa_url, \
                running_gateway(db_url, rasa_url, "t", tmp_path, twilio=twilio) as gateway:
            rows = wait_for(lambda: (r := _rows(db_url)) and all(
                r[i][0] in ("sent", "delivered") for i in
                (row_taken, row_missing, row_twin, row_chat)) and r, timeout=30)
            gateway.telegram.wait_for_messages(1)
            to = [m["to"] for m in twilio.messages]
            # Twilio already had it: marked sent with that SID, not sent a second time.
            assert rows[row_taken] == ("sent", sid_taken)
            assert to.count(taken) == 1
            # Twilio did not have it: sent, once.
            assert to.count(missing) == 1
            # The earlier identical text's SID belongs to its own row: this one is sent.
            assert to.count(twin) == 2
            assert rows[row_twin][1] not in (None, sid_earlier)
            assert gateway.telegram_texts(int(chat)) == ["Bonjour"]
    with session_scope(db_url) as s:
        audited = s.execute(select(AuditEntry.entity_id, AuditEntry.detail)
                            .where(AuditEntry.action == UNCERTAIN)).all()
    # Only the Telegram resend is uncertain: Twilio answered for the others.
    assert [(entity_id, detail["channel"]) for entity_id, detail in audited] == [
        (row_chat, "telegram")]
