"""The Twilio channel on recorded raw form posts: signature verification on the public
URL, SMS / WhatsApp / MMS messages into an ``Inbound``, status callbacks with their
error codes, and the classification of the REST client's exceptions."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from bot.db import session_scope
from bot.models import OutboundMessage
from bot.outbound import Message, Recipient, send
from gateway.channels import Inbound
from gateway.channels.twilio import (
    StatusCallback,
    classify_twilio,
    delivery_status,
    parse_message,
    parse_status,
    record_status,
    verify,
)
from gateway.config import Settings
from tests.support.fakes.twilio_api import sign

ACCOUNT = "AC0123456789abcdef0123456789abcdef"
TOKEN = "twilio-auth-token"
SETTINGS = Settings(twilio_sid=ACCOUNT, twilio_token=TOKEN,
                    public_url="https://care.example.org")
WEBHOOK_URL = "https://care.example.org/webhooks/twilio/webhook"

SMS = {
    "ToCountry": "BE", "ToState": "", "SmsMessageSid": "SM1f0e8c5a1b2c3d4e5f60718293a4b5c6",
    "NumMedia": "0", "ToCity": "", "FromZip": "", "SmsSid": "SM1f0e8c5a1b2c3d4e5f60718293a4b5c6",
    "FromState": "", "SmsStatus": "received", "FromCity": "", "Body": "Bonjour, j'ai pris",
    "FromCountry": "BE", "To": "+3225550100", "ToZip": "", "NumSegments": "1",
    "MessageSid": "SM1f0e8c5a1b2c3d4e5f60718293a4b5c6", "AccountSid": ACCOUNT,
    "From": "+32470123456", "ApiVersion": "2010-04-01",
}
WHATSAPP = {
    "SmsMessageSid": "SM2a", "NumMedia": "0", "ProfileName": "Jan", "MessageType": "text",
    "SmsSid": "SM2a", "WaId": "32470654321", "SmsStatus": "received", "Body": "Hallo",
    "To": "whatsapp:+14155238886", "NumSegments": "1", "ReferralNumMedia": "0",
    "MessageSid": "SM2a", "AccountSid": ACCOUNT, "From": "whatsapp:+32470654321",
    "ApiVersion": "2010-04-01",
}
MMS_WITH_BODY = {
    **SMS, "MessageSid": "MM3b", "SmsMessageSid": "MM3b", "SmsSid": "MM3b", "NumMedia": "1",
    "MediaContentType0": "image/jpeg", "Body": "ma glycémie ce matin",
    "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/MM3b/Media/ME1",
}
MMS_WITHOUT_BODY = {**MMS_WITH_BODY, "MessageSid": "MM3c", "Body": ""}
WHATSAPP_VOICE = {
    **WHATSAPP, "MessageSid": "SM4d", "NumMedia": "1", "MessageType": "audio", "Body": "",
    "MediaContentType0": "audio/ogg",
    "MediaUrl0": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages/SM4d/Media/ME2",
}


def _status(sid: str, status: str, error_code: str | None = None) -> dict[str, str]:
    params = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status,
              "AccountSid": ACCOUNT, "To": "+32470123456", "From": "+3225550100",
              "ApiVersion": "2010-04-01"}
    if error_code is not None:
        params["ErrorCode"] = error_code
    return params


# --- verification ------------------------------------------------------------------------


def test_the_signature_covers_the_public_url_and_every_field() -> None:
    signature = sign(WEBHOOK_URL, SMS, TOKEN)
    assert verify(SETTINGS, "/webhooks/twilio/webhook", "", SMS, signature)
    # Behind a proxy the local URL is not the one Twilio signed.
    local = Settings(twilio_sid=ACCOUNT, twilio_token=TOKEN, public_url="http://127.0.0.1:8080")
    assert not verify(local, "/webhooks/twilio/webhook", "", SMS, signature)
    assert not verify(SETTINGS, "/webhooks/twilio/webhook", "", {**SMS, "Body": "STOP"},
                      signature)
    assert not verify(SETTINGS, "/webhooks/twilio/webhook", "", SMS, "")
    other_token = Settings(twilio_sid=ACCOUNT, twilio_token="other",
                           public_url="https://care.example.org")
    assert not verify(other_token, "/webhooks/twilio/webhook", "", SMS, signature)


def test_the_query_string_is_part_of_the_signed_url() -> None:
    signature = sign(WEBHOOK_URL + "?site=brussels", SMS, TOKEN)
    assert verify(SETTINGS, "/webhooks/twilio/webhook", "site=brussels", SMS, signature)
    assert not verify(SETTINGS, "/webhooks/twilio/webhook", "", SMS, signature)


# --- inbound messages --------------------------------------------------------------------


def test_an_sms() -> None:
    assert parse_message(SMS) == Inbound("sms", "SM1f0e8c5a1b2c3d4e5f60718293a4b5c6",
                                         "+32470123456", "text", "Bonjour, j'ai pris", None)


def test_a_whatsapp_message_loses_its_prefix() -> None:
    assert parse_message(WHATSAPP) == Inbound("whatsapp", "SM2a", "+32470654321", "text",
                                              "Hallo", None)


def test_media_with_words_is_text_and_media_alone_is_media() -> None:
    assert parse_message(MMS_WITH_BODY) == Inbound("sms", "MM3b", "+32470123456", "text",
                                                   "ma glycémie ce matin",
                                                   {"media_caption": True})
    assert parse_message(MMS_WITHOUT_BODY) == Inbound("sms", "MM3c", "+32470123456", "media",
                                                      "", None)
    voice = parse_message(WHATSAPP_VOICE)
    assert (voice.channel, voice.kind, voice.metadata) == ("whatsapp", "media", None)
    blank = parse_message({**MMS_WITH_BODY, "Body": "   "})
    assert blank.kind == "media"


def test_an_older_webhook_with_only_sms_sid() -> None:
    params = {key: value for key, value in SMS.items() if key != "MessageSid"}
    assert parse_message(params).provider_id == SMS["SmsSid"]


@pytest.mark.parametrize("missing", [("MessageSid", "SmsSid"), ("From",)])
def test_a_message_without_sid_or_sender_is_refused(missing: tuple[str, ...]) -> None:
    params = {key: value for key, value in SMS.items() if key not in missing}
    with pytest.raises(ValueError, match="missing MessageSid or From"):
        parse_message(params)


@pytest.mark.parametrize("fields", [
    {"From": "whatsapp:"}, {"From": "+" + "9" * 150}, {"From": "+3247\x00"},
    {"MessageSid": "S" * 150}, {"MessageSid": "SM\n1"},
], ids=["whatsapp-prefix-only", "long-sender", "nul-sender", "long-sid", "newline-sid"])
def test_a_sender_or_sid_that_cannot_be_stored_or_answered_is_refused(fields: dict) -> None:
    """Found by tests/e2e/test_hostile_input.py: "whatsapp:" alone became an empty sender,
    stored, then unanswerable (NoChannelError) and retried for ever, blocking its queue;
    a sender or sid over 100 characters was a 500 on PostgreSQL."""
    with pytest.raises(ValueError):
        parse_message({**SMS, **fields})


def test_text_is_made_storable_and_otherwise_kept() -> None:
    """NUL (PostgreSQL refuses it) is dropped; emoji, RTL marks, markup are the patient's."""
    text = "bon\x00jour 😀 \u202e <b>x</b>"
    assert parse_message({**SMS, "Body": text}).text == "bonjour 😀 \u202e <b>x</b>"


# --- status callbacks --------------------------------------------------------------------


def test_status_callbacks_are_parsed_with_their_error_codes() -> None:
    assert parse_status(_status("SM9", "delivered")) == StatusCallback("SM9", "delivered")
    failed = parse_status(_status("SM9", "undelivered", "30003"))
    assert (failed.status, failed.error_code, failed.code) == ("undelivered", "30003", 30003)
    assert StatusCallback("SM9", "failed", "").code is None
    assert StatusCallback("SM9", "failed", "x1").code is None
    # Found by tests/e2e/test_hostile_input.py: "²".isdigit() is True, int("²") raises (a 500).
    for code in ("²", "١٢", "-1", " 1", "9" * 40):
        assert StatusCallback("SM9", "failed", code).code is None
    with pytest.raises(ValueError, match="missing MessageSid"):
        parse_status({"MessageStatus": "delivered"})


def test_twilio_statuses_map_onto_ours() -> None:
    assert {s: delivery_status(s) for s in (
        "queued", "sending", "sent", "delivered", "read", "undelivered", "failed", "accepted",
    )} == {"queued": "sent", "sending": "sent", "sent": "sent", "delivered": "delivered",
           "read": "read", "undelivered": "failed", "failed": "failed", "accepted": "sent"}


def _sent_row(db_url: str, sid: str) -> int:
    with session_scope(db_url) as s:
        row = send(s, Recipient(channel="sms", address="+32470123456"),
                   Message("Bonjour", f"test:{sid}"))
        row.provider_id, row.status, row.transport = sid, "sent", "twilio"
        return row.id


def _read(db_url: str, row_id: int) -> tuple[str, str | None, int]:
    with session_scope(db_url) as s:
        row = s.get(OutboundMessage, row_id)
        return row.status, row.error_code, row.attempts


def test_status_callbacks_update_the_outbound_row(db_url: str) -> None:
    delivered = _sent_row(db_url, "SMa")
    assert not record_status(parse_status(_status("SMa", "delivered")), db_url)
    assert not record_status(parse_status(_status("SMa", "failed", "30003")), db_url)
    assert _read(db_url, delivered) == ("delivered", None, 0)  # delivered is final
    unknown = _sent_row(db_url, "SMb")
    assert record_status(parse_status(_status("SMb", "undelivered", "30008")), db_url)
    assert _read(db_url, unknown) == ("failed", "twilio_30008", 0)  # not counted
    permanent = _sent_row(db_url, "SMc")
    assert record_status(parse_status(_status("SMc", "undelivered", "30003")), db_url)
    assert _read(db_url, permanent) == ("failed", "twilio_30003", 1)
    assert not record_status(StatusCallback("SM-nobody", "delivered"), db_url)
    odd = _sent_row(db_url, "SMd")
    assert record_status(parse_status(_status("SMd", "failed", "²")), db_url)
    assert _read(db_url, odd)[0] == "failed"


def test_a_status_callback_touches_only_what_twilio_sent(db_url: str) -> None:
    """A Telegram message's provider id is its message_id ("17"): a (signed) callback
    naming that sid must not mark it failed, nor stop the patient's Telegram channel."""
    with session_scope(db_url) as s:
        row = send(s, Recipient(channel="telegram", address="700"),
                   Message("Bonjour", "test:telegram-17"))
        row.provider_id, row.status, row.transport = "17", "sent", "telegram"
        row_id = row.id
    assert not record_status(parse_status(_status("17", "failed", "21610")), db_url)
    assert _read(db_url, row_id) == ("sent", None, 0)


# --- error classification ----------------------------------------------------------------

URI = f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"


@pytest.mark.parametrize(("status", "code", "expected"), [
    (400, 21211, ("twilio_21211", False, True, None)),  # invalid To number
    (400, 21610, ("twilio_21610", False, True, None)),  # the person sent STOP
    (400, 21614, ("twilio_21614", False, True, None)),  # not a mobile number
    (400, 63016, ("twilio_63016", False, False, None)),  # WhatsApp outside the window
    (400, 21602, ("twilio_21602", False, False, None)),  # another 4xx: no retry fixes it
    (404, None, ("twilio_404", False, False, None)),
    (429, 20429, ("twilio_20429", True, False, 5)),
    (429, None, ("twilio_429", True, False, 5)),
    (500, None, ("twilio_500", True, False, None)),
    (503, 20500, ("twilio_20500", True, False, None)),
    (302, 30008, ("twilio_30008", True, False, None)),  # neither 4xx nor 5xx: retried
])
def test_errors_of_the_twilio_client_are_classified(
        status: int, code: int | None, expected: tuple) -> None:
    failure = classify_twilio(TwilioRestException(status, URI, "refused", code=code,
                                                  method="POST"))
    assert (failure.code, failure.retryable, failure.stop_channel,
            failure.retry_after) == expected
    assert failure.detail == f"{status} {code}: refused"
