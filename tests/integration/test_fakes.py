"""The fake Telegram and Twilio servers, driven by the real client libraries.

The gateway's tests rely on these fakes answering the way the providers do, so that
python-telegram-bot and twilio raise the exceptions the gateway must handle. These
tests pin that down with the libraries themselves, not with hand-made requests.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from tests.support.fakes.telegram_api import FakeTelegram
from tests.support.fakes.twilio_api import FakeTwilio, sign

TOKEN = "7000000001:AAFakeTokenForTestsOnly_0123456789ab"
PATIENT = 424242
OTHER_PATIENT = 515151


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    with FakeTelegram(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def tw() -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        yield fake


def run_with_bot(fake: FakeTelegram, scenario, token: str = TOKEN):
    """Run ``scenario(bot)`` with a real, initialised telegram.Bot on the fake."""

    async def main():
        bot = telegram.Bot(token, base_url=fake.base_url)
        await bot.initialize()
        try:
            return await scenario(bot)
        finally:
            await bot.shutdown()

    return asyncio.run(main())


def retry_after_seconds(error: RetryAfter) -> float:
    """PTB 22 gives an int, or a timedelta when PTB_TIMEDELTA is set (22.2+)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# -- Telegram ------------------------------------------------------------------


def test_base_url_is_what_ptb_appends_the_token_to(tg: FakeTelegram) -> None:
    assert tg.base_url == f"http://127.0.0.1:{tg.port}/bot"
    assert telegram.Bot(TOKEN, base_url=tg.base_url).base_url == f"{tg.base_url}{TOKEN}"


def test_initialize_and_send_message(tg: FakeTelegram) -> None:
    async def scenario(bot: telegram.Bot):
        first = await bot.send_message(chat_id=PATIENT, text="Prenez votre médicament")
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Oui", callback_data="yes")]])
        second = await bot.send_message(chat_id=PATIENT, text="Genomen?", reply_markup=keyboard)
        return bot.username, first, second

    username, first, second = run_with_bot(tg, scenario)

    assert username == "care_companion_test_bot"
    assert [name for name, _ in tg.calls] == ["getMe", "sendMessage", "sendMessage"]
    assert isinstance(first, telegram.Message)
    assert first.text == "Prenez votre médicament"
    assert first.chat.id == PATIENT
    assert first.chat.type == "private"
    assert first.from_user is not None and first.from_user.is_bot
    assert abs(first.date.timestamp() - time.time()) < 60
    assert second.message_id == first.message_id + 1
    assert second.reply_markup is not None
    assert second.reply_markup.inline_keyboard[0][0].callback_data == "yes"
    # PTB sends form fields with JSON values; the fake records them decoded.
    assert tg.sent_messages() == [
        {"chat_id": PATIENT, "text": "Prenez votre médicament", "message_id": 1},
        {
            "chat_id": PATIENT,
            "text": "Genomen?",
            "message_id": 2,
            "reply_markup": {"inline_keyboard": [[{"text": "Oui", "callback_data": "yes"}]]},
        },
    ]


def test_text_that_looks_like_json_stays_a_string(tg: FakeTelegram) -> None:
    async def scenario(bot: telegram.Bot):
        return await bot.send_message(chat_id=PATIENT, text="123")

    assert run_with_bot(tg, scenario).text == "123"
    assert tg.sent_messages()[0]["text"] == "123"


def test_blocked_chat_raises_forbidden_and_other_chats_still_work(tg: FakeTelegram) -> None:
    tg.block_chat(PATIENT)

    async def scenario(bot: telegram.Bot):
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(chat_id=PATIENT, text="Bonjour")
        await bot.send_message(chat_id=OTHER_PATIENT, text="Goedemorgen")

    run_with_bot(tg, scenario)
    assert [m["chat_id"] for m in tg.sent_messages()] == [OTHER_PATIENT]
    assert len(tg.calls_of("sendMessage")) == 2


# PTB 22 warns when RetryAfter.retry_after is read as an int (it becomes a timedelta).
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
def test_programmed_429_raises_retry_after_once(tg: FakeTelegram) -> None:
    tg.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)

    async def scenario(bot: telegram.Bot):
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(chat_id=PATIENT, text="Bonjour")
        await bot.send_message(chat_id=PATIENT, text="Bonjour")
        return caught.value

    error = run_with_bot(tg, scenario)
    assert retry_after_seconds(error) == 3
    assert [m["text"] for m in tg.sent_messages()] == ["Bonjour"]


def test_programmed_failures_map_to_ptb_errors_in_order(tg: FakeTelegram) -> None:
    tg.fail_next("sendMessage", 500, "Internal Server Error", times=2)
    tg.fail_next("sendMessage", 400, "Bad Request: chat not found")
    tg.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")

    async def scenario(bot: telegram.Bot):
        for _ in range(2):
            with pytest.raises(NetworkError, match="Internal Server Error"):
                await bot.send_message(chat_id=PATIENT, text="x")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(chat_id=PATIENT, text="x")
        with pytest.raises(Forbidden):
            await bot.send_message(chat_id=PATIENT, text="x")
        return await bot.send_message(chat_id=PATIENT, text="enfin")

    assert run_with_bot(tg, scenario).message_id == 1
    assert len(tg.calls_of("sendMessage")) == 5


def test_wrong_token_is_unauthorized(tg: FakeTelegram) -> None:
    async def main():
        bot = telegram.Bot("123:wrong", base_url=tg.base_url)
        with pytest.raises(InvalidToken, match="rejected"):
            await bot.initialize()

    asyncio.run(main())
    raw = httpx.post(f"{tg.base_url}123:wrong/getMe")
    assert raw.status_code == 401
    assert raw.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


def test_unknown_method_is_not_found(tg: FakeTelegram) -> None:
    async def scenario(bot: telegram.Bot):
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": PATIENT})

    run_with_bot(tg, scenario)
    raw = httpx.post(f"{tg.base_url}{TOKEN}/sendTelepathy")
    assert raw.status_code == 404
    assert raw.json() == {
        "ok": False,
        "error_code": 404,
        "description": "Not Found: method not found",
    }


def test_json_bodies_and_realistic_send_errors(tg: FakeTelegram) -> None:
    url = f"{tg.base_url}{TOKEN}"
    ok = httpx.post(f"{url}/sendMessage", json={"chat_id": PATIENT, "text": "Hallo"})
    assert ok.status_code == 200
    assert ok.json()["result"]["text"] == "Hallo"
    empty = httpx.post(f"{url}/sendMessage", json={"chat_id": PATIENT, "text": ""})
    assert (empty.status_code, empty.json()["description"]) == (
        400,
        "Bad Request: message text is empty",
    )
    too_long = httpx.post(f"{url}/sendMessage", json={"chat_id": PATIENT, "text": "a" * 4097})
    assert too_long.json()["description"] == "Bad Request: message is too long"
    unknown = httpx.post(f"{url}/sendMessage", data={"chat_id": "@nobody", "text": "x"})
    assert unknown.json()["description"] == "Bad Request: chat not found"
    assert len(tg.sent_messages()) == 1


def test_get_updates_honours_offset_and_caps_long_poll(tg: FakeTelegram) -> None:
    first = tg.queue_text(PATIENT, "J'ai pris mon médicament")
    second = tg.queue_update(
        {
            "message": {
                "message_id": 99,
                "from": {"id": OTHER_PATIENT, "is_bot": False, "first_name": "Jan"},
                "chat": {"id": OTHER_PATIENT, "type": "private", "first_name": "Jan"},
                "date": int(time.time()),
                "text": "Ik heb mijn medicatie genomen",
            }
        }
    )
    assert second == first + 1

    async def scenario(bot: telegram.Bot):
        batch = await bot.get_updates(timeout=5)
        again = await bot.get_updates(offset=batch[0].update_id + 1, timeout=5)
        started = time.monotonic()
        empty = await bot.get_updates(offset=second + 1, timeout=30)
        return batch, again, empty, time.monotonic() - started

    batch, again, empty, waited = run_with_bot(tg, scenario)
    assert [u.message.text for u in batch] == [
        "J'ai pris mon médicament",
        "Ik heb mijn medicatie genomen",
    ]
    assert batch[0].effective_user.language_code == "fr"
    assert [u.update_id for u in again] == [second]
    assert empty == ()
    assert 0.8 < waited < 5
    assert tg.calls_of("getUpdates")[-1]["timeout"] == 30


def test_long_poll_returns_as_soon_as_an_update_arrives(tg: FakeTelegram) -> None:
    threading.Timer(0.2, tg.queue_text, args=(PATIENT, "bonjour")).start()

    async def scenario(bot: telegram.Bot):
        started = time.monotonic()
        updates = await bot.get_updates(timeout=10)
        return updates, time.monotonic() - started

    updates, waited = run_with_bot(tg, scenario)
    assert [u.message.text for u in updates] == ["bonjour"]
    assert waited < 0.9


def test_webhook_lifecycle_and_conflict_with_polling(tg: FakeTelegram) -> None:
    tg.queue_text(PATIENT, "pending")

    async def scenario(bot: telegram.Bot):
        secret, bad_secret = "s3cr-et_", "no spaces"
        assert await bot.set_webhook("https://gateway.example/telegram", secret_token=secret)
        info = await bot.get_webhook_info()
        with pytest.raises(Conflict):
            await bot.get_updates()
        with pytest.raises(BadRequest, match=r"(?i)secret token contains unallowed characters"):
            await bot.set_webhook("https://gateway.example/telegram", secret_token=bad_secret)
        assert await bot.delete_webhook(drop_pending_updates=True)
        return info, await bot.get_webhook_info(), await bot.get_updates()

    info, after, updates = run_with_bot(tg, scenario)
    assert info.url == "https://gateway.example/telegram"
    assert info.pending_update_count == 1
    assert after.url == ""
    assert updates == ()
    assert tg.webhook == {}


def test_callback_query_answer_and_edit_markup(tg: FakeTelegram) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Pris", callback_data="taken")]])

    async def scenario(bot: telegram.Bot):
        sent = await bot.send_message(
            chat_id=PATIENT, text="Médicament pris ?", reply_markup=keyboard
        )
        tg.queue_callback(PATIENT, "taken")
        (update,) = await bot.get_updates()
        query = update.callback_query
        assert await bot.answer_callback_query(query.id, text="Merci")
        edited = await bot.edit_message_reply_markup(
            chat_id=PATIENT, message_id=query.message.message_id, reply_markup=None
        )
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await bot.edit_message_reply_markup(chat_id=PATIENT, message_id=sent.message_id)
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await bot.edit_message_reply_markup(chat_id=PATIENT, message_id=999)
        return sent, query, edited

    sent, query, edited = run_with_bot(tg, scenario)
    assert query.data == "taken"
    assert query.message.message_id == sent.message_id
    assert edited.message_id == sent.message_id
    assert edited.reply_markup is None
    assert edited.edit_date is not None
    assert tg.calls_of("answerCallbackQuery")[0]["text"] == "Merci"


def test_wait_for_messages_sees_sends_from_another_thread(tg: FakeTelegram) -> None:
    def send_later() -> None:
        time.sleep(0.2)
        run_with_bot(tg, lambda bot: bot.send_message(chat_id=PATIENT, text="plus tard"))

    thread = threading.Thread(target=send_later)
    thread.start()
    messages = tg.wait_for_messages(1, timeout=10)
    thread.join()
    assert messages[0]["text"] == "plus tard"
    with pytest.raises(TimeoutError):
        tg.wait_for_messages(2, timeout=0.2)


# -- Twilio --------------------------------------------------------------------


def test_client_pointed_at_fake_creates_a_message(tw: FakeTwilio) -> None:
    client = Client(tw.account_sid, tw.auth_token)
    client.api.base_url = tw.base_url

    message = client.messages.create(
        to="+32470123456",
        from_="+32460200000",
        body="Prenez votre médicament",
        status_callback="https://gateway.example/twilio/status",
    )

    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert message.account_sid == tw.account_sid
    assert message.status == "queued"
    assert message.to == "+32470123456"
    assert message.from_ == "+32460200000"
    assert message.num_segments == "1"
    assert message.error_code is None
    assert message.date_created is not None
    (recorded,) = tw.messages
    assert recorded["sid"] == message.sid
    assert recorded["body"] == "Prenez votre médicament"
    assert recorded["status_callback"] == "https://gateway.example/twilio/status"
    assert recorded["params"]["From"] == "+32460200000"
    assert client.messages(message.sid).fetch().body == "Prenez votre médicament"


def test_segments_are_reported_roughly(tw: FakeTwilio) -> None:
    client = tw.client()
    gsm = client.messages.create(to="+32470123456", from_="+32460200000", body="a" * 161)
    ucs = client.messages.create(to="+32470123456", from_="+32460200000", body="Vous êtes " * 8)
    wa = client.messages.create(
        to="whatsapp:+32470123456", from_="whatsapp:+32460200000", body="ê" * 500
    )
    assert (gsm.num_segments, ucs.num_segments, wa.num_segments) == ("2", "2", "1")


def test_content_template_fields_are_recorded(tw: FakeTwilio) -> None:
    tw.client().messages.create(
        to="whatsapp:+32470123456",
        from_="whatsapp:+32460200000",
        content_sid="HX" + "0" * 32,
        content_variables='{"1": "Marie"}',
    )
    (recorded,) = tw.messages
    assert recorded["content_sid"] == "HX" + "0" * 32
    assert recorded["content_variables"] == '{"1": "Marie"}'
    assert recorded["body"] == ""


def test_wrong_credentials_are_rejected(tw: FakeTwilio) -> None:
    client = Client(tw.account_sid, "not-the-token")
    client.api.base_url = tw.base_url
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(to="+32470123456", from_="+32460200000", body="x")
    assert (caught.value.status, caught.value.code) == (401, 20003)
    assert tw.messages == []
    assert tw.requests[0]["status"] == 401


def test_programmed_unsubscribed_error(tw: FakeTwilio) -> None:
    tw.fail_next(400, 21610, "Attempt to send to unsubscribed recipient")
    client = tw.client()
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(to="+32470123456", from_="+32460200000", body="Bonjour")
    assert caught.value.code == 21610
    assert caught.value.status == 400
    assert "unsubscribed recipient" in caught.value.msg
    assert tw.messages == []
    client.messages.create(to="+32470123456", from_="+32460200000", body="Bonjour")
    assert len(tw.messages) == 1


def test_failures_for_one_recipient_and_rate_limits(tw: FakeTwilio) -> None:
    tw.fail_next(400, 21610, "Attempt to send to unsubscribed recipient", to="+32470000001")
    tw.fail_next(429, 20429, "Too Many Requests", times=2)
    client = tw.client()

    with pytest.raises(TwilioRestException) as first:
        client.messages.create(to="+32470000002", from_="+32460200000", body="a")
    with pytest.raises(TwilioRestException) as second:
        client.messages.create(to="+32470000001", from_="+32460200000", body="b")
    with pytest.raises(TwilioRestException) as third:
        client.messages.create(to="+32470000002", from_="+32460200000", body="c")
    client.messages.create(to="+32470000001", from_="+32460200000", body="d")

    assert (first.value.status, first.value.code) == (429, 20429)
    assert (second.value.status, second.value.code) == (400, 21610)
    assert (third.value.status, third.value.code) == (429, 20429)
    assert [m["body"] for m in tw.messages] == ["d"]


def test_server_error_and_validation_errors(tw: FakeTwilio) -> None:
    tw.fail_next(500, 20500, "Internal Server Error")
    client = tw.client()
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+32470123456", from_="+32460200000", body="x")
    assert error.value.status == 500
    with pytest.raises(TwilioRestException) as mixed:
        client.messages.create(to="whatsapp:+32470123456", from_="+32460200000", body="x")
    assert mixed.value.code == 21910
    with pytest.raises(TwilioRestException) as too_long:
        client.messages.create(to="+32470123456", from_="+32460200000", body="x" * 1601)
    assert too_long.value.code == 21617


def test_signature_helper_matches_twilio_validation(tw: FakeTwilio) -> None:
    url = "https://gateway.example/twilio/sms?channel=sms"
    params = tw.inbound_params("+32470123456", "+32460200000", "Bonjour, j'ai mal à la tête")
    signature = sign(url, params, tw.auth_token)

    validator = RequestValidator(tw.auth_token)
    assert validator.validate(url, params, signature)
    assert tw.sign(url, params) == signature
    assert not validator.validate(url, {**params, "Body": "tampered"}, signature)
    assert not RequestValidator("other-token").validate(url, params, signature)


def test_inbound_params_for_sms_and_whatsapp(tw: FakeTwilio) -> None:
    sms = tw.inbound_params("+32470123456", "+32460200000", "Bonjour")
    assert sms["MessageSid"].startswith("SM") and sms["SmsSid"] == sms["MessageSid"]
    assert sms["AccountSid"] == tw.account_sid
    assert (sms["From"], sms["To"], sms["Body"]) == ("+32470123456", "+32460200000", "Bonjour")
    assert (sms["NumMedia"], sms["NumSegments"]) == ("0", "1")
    assert "WaId" not in sms

    wa = tw.inbound_params(
        "whatsapp:+32470123456", "whatsapp:+32460200000", "Hallo", message_sid="SM" + "1" * 32
    )
    assert wa["MessageSid"] == "SM" + "1" * 32
    assert wa["WaId"] == "32470123456"
    assert wa["ProfileName"] == "Patient"
    assert wa["From"] == "whatsapp:+32470123456"


def test_status_callback_params_follow_the_message(tw: FakeTwilio) -> None:
    client = tw.client()
    message = client.messages.create(to="+32470123456", from_="+32460200000", body="x")

    delivered = tw.status_callback_params(message.sid, "delivered")
    assert delivered["MessageSid"] == message.sid
    assert delivered["MessageStatus"] == "delivered"
    assert (delivered["To"], delivered["From"]) == ("+32470123456", "+32460200000")
    assert delivered["AccountSid"] == tw.account_sid
    assert "ErrorCode" not in delivered
    assert client.messages(message.sid).fetch().status == "delivered"

    failed = tw.status_callback_params(message.sid, "undelivered", error_code=30003)
    assert failed["ErrorCode"] == "30003"
    assert client.messages(message.sid).fetch().error_code == 30003


def test_fake_telegram_enforces_rate_limits_when_asked() -> None:
    """The benchmark's fake answers 429 beyond Telegram's limits, as Telegram does."""
    import json as _json
    import urllib.error
    import urllib.request

    with FakeTelegram("1:x", rate_limit=(2, 1.0)) as fake:
        def send(chat: int) -> int:
            request = urllib.request.Request(
                f"{fake.base_url}1:x/sendMessage",
                data=_json.dumps({"chat_id": chat, "text": "x"}).encode(),
                headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        assert [send(1), send(2), send(3)] == [200, 200, 429]  # 2 a second overall
        assert fake.rate_limited == 1 and len(fake.sent_times()) == 2
    with FakeTelegram("1:x", rate_limit=(30, 1.0)) as fake:
        assert [send(7), send(7)] == [200, 429]  # one a second per chat
