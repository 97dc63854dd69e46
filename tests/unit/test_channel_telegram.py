"""The Telegram channel on recorded raw payloads: webhook verification, updates of
every kind we meet (handled, ignored, malformed) into an ``Inbound``, and the
classification of python-telegram-bot's exceptions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from gateway.channels import Inbound
from gateway.channels.telegram import classify_telegram, parse_update, parse_webhook, verify
from gateway.config import Settings

SETTINGS = Settings(telegram_token="123:abc", telegram_secret="s3cret")
USER = {"id": 700, "is_bot": False, "first_name": "Marie", "language_code": "fr"}
CHAT = {"id": 700, "first_name": "Marie", "type": "private"}


def _message(**fields: object) -> dict:
    return {"message_id": 41, "from": USER, "chat": CHAT, "date": 1718000000, **fields}


TEXT = {"update_id": 815000001, "message": _message(text="bonjour")}
PHOTO_WITH_CAPTION = {"update_id": 815000002, "message": _message(
    photo=[{"file_id": "AgACAgQAAxkBAAIB", "file_unique_id": "AQADs7", "file_size": 1203,
            "width": 90, "height": 67},
           {"file_id": "AgACAgQAAxkBAAIC", "file_unique_id": "AQADs8", "file_size": 40566,
            "width": 800, "height": 600}],
    caption="ma cheville a gonflé depuis hier")}
DOCUMENT_WITH_CAPTION = {"update_id": 815000003, "message": _message(
    document={"file_name": "analyse.pdf", "mime_type": "application/pdf",
              "file_id": "BQACAgQAAxkBAAID", "file_unique_id": "AgADt9", "file_size": 51234},
    caption="mes résultats")}
VOICE = {"update_id": 815000004, "message": _message(
    voice={"duration": 4, "mime_type": "audio/ogg", "file_id": "AwACAgQAAxkBAAIE",
           "file_unique_id": "AgADu0", "file_size": 13210})}
STICKER = {"update_id": 815000005, "message": _message(
    sticker={"width": 512, "height": 512, "emoji": "👍", "set_name": "HotCherry",
             "is_animated": True, "is_video": False, "type": "regular",
             "file_id": "CAACAgIAAxkBAAIF", "file_unique_id": "AgADv1", "file_size": 7834})}
CALLBACK = {"update_id": 815000006, "callback_query": {
    "id": "4382bfdwdsb323b2d9", "from": USER, "chat_instance": "-7394752347612",
    "data": "dose_taken:12",
    "message": {"message_id": 40, "from": {"id": 123, "is_bot": True, "first_name": "Care"},
                "chat": CHAT, "date": 1717999000, "text": "Il est l'heure de votre dose"}}}
INLINE_CALLBACK = {"update_id": 815000007, "callback_query": {
    "id": "99", "from": USER, "chat_instance": "-1", "inline_message_id": "AAAA",
    "data": "merci"}}
EDITED = {"update_id": 815000008, "edited_message": {
    **_message(text="bonjour (corrigé)"), "edit_date": 1718000100}}
CHANNEL_POST = {"update_id": 815000009, "channel_post": {
    "message_id": 3, "chat": {"id": -1001234, "title": "News", "type": "channel"},
    "date": 1718000000, "text": "annonce"}}
MEMBER_LEFT = {"update_id": 815000010, "my_chat_member": {
    "chat": CHAT, "from": USER, "date": 1718000000,
    "old_chat_member": {"user": {"id": 123, "is_bot": True, "first_name": "Care"},
                        "status": "member"},
    "new_chat_member": {"user": {"id": 123, "is_bot": True, "first_name": "Care"},
                        "status": "kicked", "until_date": 0}}}


# --- verification ------------------------------------------------------------------------


def test_the_secret_token_must_match_and_be_configured() -> None:
    assert verify(SETTINGS, "s3cret")
    assert not verify(SETTINGS, "S3CRET")
    assert not verify(SETTINGS, "")
    assert not verify(Settings(telegram_token="123:abc", telegram_secret=""), "")


# --- updates we handle -------------------------------------------------------------------


def test_a_text_message() -> None:
    assert parse_update(TEXT) == Inbound("telegram", "815000001", "700", "text", "bonjour",
                                         {"telegram_language_code": "fr"})


def test_a_text_without_a_language_code_has_empty_metadata() -> None:
    update = {"update_id": 1, "message": _message(
        text="hallo", **{"from": {"id": 700, "is_bot": False, "first_name": "Jan"}})}
    assert parse_update(update) == Inbound("telegram", "1", "700", "text", "hallo", {})


def test_a_caption_is_the_message_of_a_photo_or_a_document() -> None:
    assert parse_update(PHOTO_WITH_CAPTION) == Inbound(
        "telegram", "815000002", "700", "text", "ma cheville a gonflé depuis hier",
        {"telegram_language_code": "fr", "media_caption": True})
    assert parse_update(DOCUMENT_WITH_CAPTION).text == "mes résultats"


@pytest.mark.parametrize("update", [VOICE, STICKER], ids=["voice", "sticker"])
def test_media_without_words(update: dict) -> None:
    inbound = parse_update(update)
    assert (inbound.kind, inbound.text, inbound.sender) == ("media", "", "700")


def test_a_pressed_button_is_a_callback_with_its_payload() -> None:
    assert parse_update(CALLBACK) == Inbound("telegram", "815000006", "700", "callback",
                                             "dose_taken:12",
                                             {"callback_id": "4382bfdwdsb323b2d9"})
    # A button on an inline message has no message: the presser's id is the chat.
    assert parse_update(INLINE_CALLBACK).sender == "700"


def test_the_webhook_body_is_parsed_as_json() -> None:
    assert parse_webhook(json.dumps(TEXT).encode()) == parse_update(TEXT)


# --- updates we acknowledge and ignore ---------------------------------------------------


@pytest.mark.parametrize("update", [EDITED, CHANNEL_POST, MEMBER_LEFT],
                         ids=["edited", "channel_post", "my_chat_member"])
def test_updates_that_are_not_patient_messages_are_ignored(update: dict) -> None:
    assert parse_update(update) is None
    assert parse_webhook(json.dumps(update).encode()) is None


# --- malformed bodies: refused with 400 before anything is stored ------------------------


@pytest.mark.parametrize("body", [
    b"{not json",
    b"\xff\xfe",
    b"[]",
    b'"update"',
    json.dumps({"message": _message(text="x")}).encode(),  # no update_id
    json.dumps({"update_id": "5", "message": _message(text="x")}).encode(),
    json.dumps({"update_id": 5, "message": "bonjour"}).encode(),
    json.dumps({"update_id": 5, "message": {}}).encode(),
    json.dumps({"update_id": 5, "message": _message(text=42)}).encode(),
    json.dumps({"update_id": 5, "message": _message(text="x", chat={
        "id": "700", "type": "private"})}).encode(),
    json.dumps({"update_id": 5, "message": _message(text="x", chat={
        "id": True, "type": "private"})}).encode(),
    json.dumps({"update_id": 5, "message": _message(caption=["a"])}).encode(),
    json.dumps({"update_id": 5, "callback_query": "merci"}).encode(),
    json.dumps({"update_id": 5, "callback_query": {**CALLBACK["callback_query"],
                                                   "data": 12}}).encode(),
    # Found by tests/e2e/test_hostile_input.py: each of these was a 500.
    json.dumps({"update_id": 5, "message": _message(text="x", date=10**30)}).encode(),
    json.dumps({"update_id": 5, "message": _message(text="x", chat=None)}).encode(),
    json.dumps({"update_id": 5, "callback_query": {**CALLBACK["callback_query"],
                                                   "message": {"chat": None}}}).encode(),
    b"[" * 10_000 + b"]" * 10_000,
    b'{"update_id": 5, "message": ' + b'{"reply_to_message": ' * 900 + b"{}" + b"}" * 901,
], ids=["not-json", "not-utf8", "list", "string", "no-update_id", "string-update_id",
        "message-string", "message-empty", "text-number", "chat-id-string", "chat-id-bool",
        "caption-list", "callback-string", "callback-data-number", "date-overflow",
        "chat-null", "callback-chat-null", "nested-10000", "reply-nested-900"])
def test_malformed_bodies_raise_value_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_webhook(body)


def test_text_and_metadata_are_made_storable() -> None:
    """A lone surrogate (JSON "\\ud800": no UTF-8 encoder takes it, a 500 at storage)
    becomes U+FFFD; NUL (PostgreSQL refuses it) is dropped; the rest is kept."""
    body = json.dumps({"update_id": 5, "message": _message(
        text="a\ud800b\x00c 😀", **{"from": {**USER, "language_code": "n\x00l\udfff"}})})
    inbound = parse_webhook(body.encode())
    assert inbound.text == "a\ufffdbc 😀"
    assert inbound.metadata == {"telegram_language_code": "nl\ufffd"}


def test_a_chat_id_too_long_to_store_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_webhook(json.dumps({"update_id": 5, "message": _message(
            text="x", chat={"id": 10**200, "type": "private"})}).encode())


# --- error classification ----------------------------------------------------------------


def test_errors_of_python_telegram_bot_are_classified() -> None:
    limited = classify_telegram(RetryAfter(3))
    assert (limited.code, limited.retryable, limited.retry_after) == ("telegram_429", True, 3.0)
    later = classify_telegram(RetryAfter(dt.timedelta(seconds=7)))
    assert later.retry_after == 7.0
    blocked = classify_telegram(Forbidden("Forbidden: bot was blocked by the user"))
    assert (blocked.code, blocked.retryable, blocked.stop_channel) == ("telegram_403", False,
                                                                        True)
    gone = classify_telegram(BadRequest("Bad Request: chat not found"))
    assert (gone.code, gone.retryable, gone.stop_channel) == ("telegram_400", False, True)
    too_long = classify_telegram(BadRequest("Bad Request: message is too long"))
    assert (too_long.retryable, too_long.stop_channel) == (False, False)
    for error in (TimedOut(), NetworkError("Bad Gateway")):
        failure = classify_telegram(error)
        assert (failure.code, failure.retryable, failure.stop_channel) == (
            "telegram_network", True, False)
    other = classify_telegram(TelegramError("something else"))
    assert (other.code, other.retryable) == ("telegram_error", True)
