"""The messaging gateway end to end: real webhooks into the running gateway process,
through the running Rasa and action servers, out through the real python-telegram-bot
and twilio clients to fake providers on loopback. Nothing reaches the real providers."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select

from bot.db import session_scope
from bot.messages import render
from bot.models import (
    ChannelIdentity,
    Flag,
    Goal,
    InboundMessage,
    OutboundMessage,
    ProgressEntry,
    utcnow,
)
from tests.support.gateway_process import (
    PUBLIC_URL,
    SECRET,
    SMS_FROM,
    WHATSAPP_FROM,
    Running,
    running_gateway,
)
from tests.support.gateway_process import linked_patient as _linked_patient
from tests.support.gateway_process import telegram_update as _update
from tests.support.gateway_process import texts_to as _texts_to
from tests.support.processes import ActionServer, RasaServer, free_port
from tests.support.waiting import wait_for


@pytest.fixture(scope="module")
def gateway(rasa_server: RasaServer, action_server: ActionServer,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with running_gateway(action_server.database_url, rasa_server.url, rasa_server.token,
                         tmp_path_factory.mktemp("gateway"), GATEWAY_SENDER_LIMIT="8",
                         ACTION_SERVER_URL=action_server.url) as gw:
        yield gw


def _telegram_texts(gw: Running, chat_id: int, count: int) -> list[str]:
    return wait_for(lambda: (t := _texts_to(gw.telegram.sent_messages(), "chat_id",
                                             str(chat_id))) and len(t) >= count and t)


# --- Telegram ------------------------------------------------------------------------


def test_telegram_patient_links_with_deep_link_and_talks_in_french(gateway: Running) -> None:
    chat = 900_000 + free_port()
    code = _linked_patient(gateway.database_url, "fr")
    assert gateway.telegram_update(_update(chat, "bonjour")).status_code == 200
    assert _telegram_texts(gateway, chat, 1)[0].startswith("Bonjour ! Ce service est réservé")
    deep_link = _update(chat, f"/start {code.replace('-', '')}")
    assert gateway.telegram_update(deep_link).status_code == 200
    assert _telegram_texts(gateway, chat, 2)[1].startswith("Bienvenue Marie !")
    gateway.telegram_update(_update(chat, "c'est quoi mes objectifs ?"))
    assert _telegram_texts(gateway, chat, 3)[2].startswith("Vos objectifs cette semaine")
    with session_scope(gateway.database_url) as s:
        identity = s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.channel == "telegram", ChannelIdentity.external_id == str(chat))).one()
        assert str(chat) not in identity.conversation_id  # Rasa sees only the pseudonym


def test_telegram_dutch_conversation_and_quick_reply_button(gateway: Running) -> None:
    chat = 910_000 + free_port()
    code = _linked_patient(gateway.database_url, "nl")
    gateway.telegram_update(_update(chat, f"/start {code}", language_code="nl"))
    _telegram_texts(gateway, chat, 1)
    gateway.telegram_update(_update(chat, "wanneer is mijn volgende afspraak?"))
    assert _telegram_texts(gateway, chat, 2)[1].startswith("Ik zie geen geplande afspraak")
    # A pressed button arrives as a callback query; its payload is the message.
    callback = {"update_id": int(uuid.uuid4().int % 10**9), "callback_query": {
        "id": "cb-1", "chat_instance": "x", "data": "merci",
        "from": {"id": chat, "is_bot": False, "first_name": "P"},
        "message": {"message_id": 5, "date": int(time.time()),
                    "chat": {"id": chat, "type": "private"}}}}
    assert gateway.telegram_update(callback).status_code == 200
    assert _telegram_texts(gateway, chat, 3)[2] == "Graag gedaan! Ik ben er als u mij nodig hebt."
    wait_for(lambda: any(m == "answerCallbackQuery" for m, _ in gateway.telegram.calls))


def test_forged_and_replayed_telegram_updates(gateway: Running) -> None:
    chat = 920_000 + free_port()
    before = gateway.inbound_count()
    assert gateway.telegram_update(_update(chat, "bonjour"), secret="wrong").status_code == 403
    response = httpx.post(f"{gateway.url}/webhooks/telegram/webhook", json=_update(chat, "x"))
    assert response.status_code == 403
    assert gateway.inbound_count() == before  # nothing stored
    update = _update(chat, "bonjour")
    assert gateway.telegram_update(update).status_code == 200
    assert gateway.telegram_update(update).status_code == 200  # Telegram retried it
    _telegram_texts(gateway, chat, 1)
    time.sleep(1.0)
    assert len(_texts_to(gateway.telegram.sent_messages(), "chat_id", str(chat))) == 1


def test_bad_telegram_input_gets_clear_answers(gateway: Running) -> None:
    url = f"{gateway.url}/webhooks/telegram/webhook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert httpx.post(url, content=b"{not json", headers=headers).status_code == 400
    assert httpx.post(url, json={"message": {}}, headers=headers).status_code == 400
    chat = 930_000 + free_port()
    edited = {"update_id": 77_000_001, "edited_message": _update(chat, "x")["message"]}
    assert gateway.telegram_update(edited).status_code == 200
    sticker = _update(chat, None, sticker={"file_id": "f", "file_unique_id": "u", "width": 1,
                                           "height": 1, "is_animated": False,
                                           "is_video": False, "type": "regular"})
    assert gateway.telegram_update(sticker).status_code == 200
    reply = _telegram_texts(gateway, chat, 1)[0]
    assert reply.startswith(render("only_text", "fr")) and render("only_text", "nl") in reply
    gateway.telegram_update(_update(chat, "a" * 3000))
    assert _telegram_texts(gateway, chat, 2)[1].startswith(render("too_long", "fr"))


def test_telegram_bodies_of_the_wrong_shape_are_refused_before_storage(gateway: Running) -> None:
    """Wrong types answer 400 and store nothing: no 500, no poison row blocking the
    sender's queue, no answer addressed to a chat id Telegram cannot take."""
    chat = 935_000 + free_port()
    base = _update(chat, "bonjour")["message"]
    bodies = [
        {"update_id": 1, "message": "x"},
        {"update_id": 2, "message": {**base, "text": 5}},
        {"update_id": 3, "message": {**base, "text": {"a": 1}}},
        {"update_id": 4, "message": {**base, "chat": {"id": "abc", "type": "private"}}},
        {"update_id": 5, "message": {**base, "chat": [1]}},
        {"update_id": 6, "message": {**base, "caption": ["x"]}},
        {"update_id": 7, "callback_query": "x"},
    ]
    before = gateway.inbound_count()
    for body in bodies:
        assert gateway.telegram_update(body).status_code == 400, body
    assert gateway.inbound_count() == before
    gateway.telegram_update(_update(chat, "bonjour"))  # the sender's queue still works
    assert _telegram_texts(gateway, chat, 1)[0].startswith("Bonjour ! Ce service est réservé")


def test_a_flood_from_one_sender_is_answered_once(gateway: Running) -> None:
    chat = 940_000 + free_port()
    for i in range(12):
        gateway.telegram_update(_update(chat, f"bonjour {i}"))
    texts = wait_for(lambda: (t := _texts_to(gateway.telegram.sent_messages(), "chat_id",
                                              str(chat))) and len(t) >= 9 and t)
    time.sleep(1.0)
    texts = _texts_to(gateway.telegram.sent_messages(), "chat_id", str(chat))
    assert sum(render("too_many", "fr") in t for t in texts) == 1
    assert len(texts) == 9  # 8 answered, then one "too many"


def test_blocked_bot_stops_the_channel_and_falls_back_to_sms(gateway: Running) -> None:
    chat = 950_000 + free_port()
    phone = f"+3247{free_port():07d}"[:12]
    code = _linked_patient(gateway.database_url, "fr", phone=phone)
    gateway.telegram_update(_update(chat, f"/start {code}"))
    _telegram_texts(gateway, chat, 1)
    gateway.telegram.block_chat(chat)
    gateway.telegram_update(_update(chat, "merci"))
    sms = wait_for(lambda: _texts_to(gateway.twilio.messages, "to", phone))
    assert sms == ["Avec plaisir ! Je reste là si vous avez besoin de moi."]
    with session_scope(gateway.database_url) as s:
        identity = s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.external_id == str(chat))).one()
        assert identity.stopped_at is not None
        failed = s.scalars(select(OutboundMessage).where(
            OutboundMessage.address == str(chat), OutboundMessage.status == "failed")).one()
        assert failed.error_code == "telegram_403"


def test_blocked_only_channel_raises_a_flag(gateway: Running) -> None:
    chat = 960_000 + free_port()
    code = _linked_patient(gateway.database_url, "nl")  # no phone on file
    gateway.telegram_update(_update(chat, f"/start {code}"))
    _telegram_texts(gateway, chat, 1)
    gateway.telegram.block_chat(chat)
    gateway.telegram_update(_update(chat, "merci"))
    with session_scope(gateway.database_url) as s:
        conversation = s.scalars(select(ChannelIdentity.conversation_id).where(
            ChannelIdentity.external_id == str(chat))).one()

    def flag() -> Flag | None:
        with session_scope(gateway.database_url) as s:
            return s.scalars(select(Flag).where(Flag.conversation_id == conversation,
                                                Flag.kind == "channel_stopped")).first()
    assert wait_for(flag).severity == "normal"


# --- Twilio: SMS and WhatsApp ---------------------------------------------------------------


def _sms(gateway: Running, sender: str, body: str, sid: str | None = None,
         path: str = "/webhooks/twilio/webhook", to: str = SMS_FROM) -> httpx.Response:
    params = gateway.twilio.inbound_params(sender, to, body, message_sid=sid)
    return gateway.twilio_post(path, params)


def _twilio_texts(gateway: Running, to: str, count: int) -> list[str]:
    return wait_for(lambda: (t := _texts_to(gateway.twilio.messages, "to", to))
                     and len(t) >= count and t)


def test_sms_patient_links_with_a_typed_code_and_talks_in_dutch(gateway: Running) -> None:
    phone = f"+3248{free_port():07d}"[:12]
    code = _linked_patient(gateway.database_url, "nl")
    response = _sms(gateway, phone, code.lower())
    assert response.status_code == 200 and "<Response>" in response.text
    assert _twilio_texts(gateway, phone, 1)[0].startswith("Welkom Marie!")
    _sms(gateway, phone, "welke medicatie moet ik vandaag nemen?")
    assert _twilio_texts(gateway, phone, 2)[1].startswith("Uw medicatie vandaag:")
    sent = [m for m in gateway.twilio.messages if m["to"] == phone][1]
    assert sent["from"] == SMS_FROM
    assert sent["status_callback"] == f"{PUBLIC_URL}/webhooks/twilio/status"


def test_whatsapp_patient_talks_in_french(gateway: Running) -> None:
    phone = f"+3249{free_port():07d}"[:12]
    code = _linked_patient(gateway.database_url, "fr")
    _sms(gateway, f"whatsapp:{phone}", code, to=f"whatsapp:{WHATSAPP_FROM}")
    _twilio_texts(gateway, f"whatsapp:{phone}", 1)
    _sms(gateway, f"whatsapp:{phone}", "j'ai oublié mes médicaments",
         to=f"whatsapp:{WHATSAPP_FROM}")
    texts = _twilio_texts(gateway, f"whatsapp:{phone}", 2)
    assert texts[1].startswith(("C'est noté", "Je n'ai pas de prise prévue"))
    sender = next(m["from"] for m in gateway.twilio.messages if m["to"] == f"whatsapp:{phone}")
    assert sender == f"whatsapp:{WHATSAPP_FROM}"


def test_forged_and_replayed_twilio_webhooks(gateway: Running) -> None:
    phone = f"+3247{free_port():07d}"[:12]
    before = gateway.inbound_count()
    params = gateway.twilio.inbound_params(phone, SMS_FROM, "bonjour")
    assert gateway.twilio_post("/webhooks/twilio/webhook", params,
                               signature="forged").status_code == 403
    # Signed for another URL (not as Twilio saw us): refused as well.
    wrong_url = gateway.twilio.sign("https://evil.example.org/webhooks/twilio/webhook", params)
    assert gateway.twilio_post("/webhooks/twilio/webhook", params,
                               signature=wrong_url).status_code == 403
    assert gateway.inbound_count() == before
    assert gateway.twilio_post("/webhooks/twilio/webhook", params).status_code == 200
    assert gateway.twilio_post("/webhooks/twilio/webhook", params).status_code == 200  # replay
    _twilio_texts(gateway, phone, 1)
    time.sleep(1.0)
    assert len(_texts_to(gateway.twilio.messages, "to", phone)) == 1


def test_stop_and_start_keywords(gateway: Running) -> None:
    phone = f"+3246{free_port():07d}"[:12]
    code = _linked_patient(gateway.database_url, "nl")
    _sms(gateway, phone, code)
    _twilio_texts(gateway, phone, 1)
    _sms(gateway, phone, "stoppen")
    assert _twilio_texts(gateway, phone, 2)[1] == render("opted_out", "nl")
    with session_scope(gateway.database_url) as s:
        identity = s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.external_id == phone)).one()
        assert identity.opted_out_at is not None
    _sms(gateway, phone, "START")
    assert _twilio_texts(gateway, phone, 3)[2] == render("opted_in", "nl")


def test_status_callbacks_update_delivery(gateway: Running) -> None:
    phone = f"+3245{free_port():07d}"[:12]
    _sms(gateway, phone, "bonjour")  # unlinked: gets the way to join
    _twilio_texts(gateway, phone, 1)
    sid = next(m["sid"] for m in gateway.twilio.messages if m["to"] == phone)
    params = gateway.twilio.status_callback_params(sid, "delivered")
    forged = gateway.twilio_post("/webhooks/twilio/status", params, signature="nope")
    assert forged.status_code == 403
    assert gateway.twilio_post("/webhooks/twilio/status", params).status_code == 200
    with session_scope(gateway.database_url) as s:
        row = s.scalars(select(OutboundMessage).where(OutboundMessage.provider_id == sid)).one()
        assert row.status == "delivered"


def test_a_failed_status_callback_never_sends_the_message_again(gateway: Running) -> None:
    """Twilio took the message; a later "failed" (or one arriving after "delivered")
    must not make us send a second copy."""
    phone = f"+3246{free_port():07d}"[:12]
    _sms(gateway, phone, "bonjour")
    _twilio_texts(gateway, phone, 1)
    sid = next(m["sid"] for m in gateway.twilio.messages if m["to"] == phone)
    failed = gateway.twilio.status_callback_params(sid, "undelivered", error_code=30008)
    assert gateway.twilio_post("/webhooks/twilio/status", failed).status_code == 200
    time.sleep(1.5)  # a re-send would have reached the fake by now
    assert len(_texts_to(gateway.twilio.messages, "to", phone)) == 1
    with session_scope(gateway.database_url) as s:
        row = s.scalars(select(OutboundMessage).where(OutboundMessage.provider_id == sid)).one()
        assert (row.status, row.error_code) == ("failed", "twilio_30008")
        row.status = "delivered"
    late = gateway.twilio.status_callback_params(sid, "failed", error_code=30003)
    assert gateway.twilio_post("/webhooks/twilio/status", late).status_code == 200
    with session_scope(gateway.database_url) as s:
        row = s.scalars(select(OutboundMessage).where(OutboundMessage.provider_id == sid)).one()
        assert row.status == "delivered"


def test_provider_errors_are_retried_or_failed(gateway: Running) -> None:
    retry = f"+3244{free_port():07d}"[:12]
    gateway.twilio.fail_next(500, 20500, "Internal error", to=retry)
    _sms(gateway, retry, "bonjour")
    assert _twilio_texts(gateway, retry, 1)  # sent on the second attempt
    gone = f"+3243{free_port():07d}"[:12]
    gateway.twilio.fail_next(400, 21610, "Attempt to send to unsubscribed recipient", to=gone)
    _sms(gateway, gone, "bonjour")

    def failed() -> OutboundMessage | None:
        with session_scope(gateway.database_url) as s:
            return s.scalars(select(OutboundMessage).where(
                OutboundMessage.address == gone, OutboundMessage.status == "failed")).first()
    assert wait_for(failed).error_code == "twilio_21610"


def test_webhooks_stay_closed_without_credentials(tmp_path) -> None:
    from starlette.testclient import TestClient

    from bot.db import migrate
    from gateway.app import Gateway
    from gateway.config import Settings

    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    settings = Settings(telegram_token="", telegram_secret="", twilio_sid="", twilio_token="")
    with TestClient(Gateway(settings, url).app()) as client:
        assert client.post("/webhooks/telegram/webhook", json={"update_id": 1}).status_code == 403
        assert client.post("/webhooks/twilio/webhook", data={"From": "+32"}).status_code == 403
        dependencies = client.get("/health").json()["dependencies"]
        assert dependencies["telegram"] == dependencies["twilio"] == {"status": "not_configured"}




def test_oversized_webhook_bodies_are_refused_unread(tmp_path) -> None:
    """413 past 256 KB, before the form is parsed or the signature checked. A Twilio
    post used to be read whole before its signature was known (Starlette's form parser
    refused only past 1 MB, with a 400), and a signed one up to that stored whole."""
    from starlette.testclient import TestClient

    from bot.db import migrate
    from gateway.app import Gateway
    from gateway.config import Settings

    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    settings = Settings(telegram_token="", telegram_secret=SECRET, twilio_sid="AC1",
                        twilio_token="t", public_url=PUBLIC_URL)
    huge = {"MessageSid": "SM1", "From": "+32470000001", "Body": "a" * 1_100_000}
    with TestClient(Gateway(settings, url).app()) as client:
        assert client.post("/webhooks/twilio/webhook", data=huge).status_code == 413
        assert client.post("/webhooks/twilio/status", data=huge).status_code == 413
        body = _update(1, "a" * 300_000)
        assert client.post("/webhooks/telegram/webhook", json=body, headers={
            "X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code == 413
        small = client.post("/webhooks/twilio/webhook", data={"From": "+3247"},
                            headers={"X-Twilio-Signature": "forged"})
        assert small.status_code == 403  # below the limit the form is read as before
    with session_scope(url) as s:
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 0


def test_health_is_ok_when_every_dependency_is_up(gateway: Running) -> None:
    """Rasa, the action server (as endpoints.yml names it), Telegram and Twilio all
    answer: "ok", each with the time of its last success."""
    def health() -> dict | None:
        body = httpx.get(f"{gateway.url}/health").json()
        return body if body["status"] == "ok" else None
    body = wait_for(health)
    assert set(body["dependencies"]) == {"database", "rasa", "action_server", "telegram",
                                         "twilio"}
    for name in ("rasa", "action_server", "telegram", "twilio"):
        assert body["dependencies"][name]["status"] == "ok"
        assert body["dependencies"][name]["last_success"]


def test_a_message_rasa_took_before_a_lost_answer_is_not_processed_twice(
    gateway: Running, rasa_server: RasaServer
) -> None:
    """Exactly once: Rasa took the message (its progress recorded) but the answer was
    lost (a time-out, a crash) and the message is tried again. The gateway finds it
    in the conversation by its inbound id, sends Rasa nothing, and the patient gets
    the answer that was given, from the tracker."""
    chat = 938_000 + free_port()
    code = _linked_patient(gateway.database_url, "fr")
    gateway.telegram_update(_update(chat, f"/start {code}"))
    _telegram_texts(gateway, chat, 1)
    with session_scope(gateway.database_url) as s:
        identity = s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.channel == "telegram", ChannelIdentity.external_id == str(chat))).one()
        conversation, patient_id = identity.conversation_id, identity.patient_id
        row = InboundMessage(channel="telegram", provider_message_id=f"lost-{chat}",
                             sender=str(chat), text="j'ai marché 30 minutes aujourd'hui",
                             attempts=1, next_attempt_at=utcnow() + dt.timedelta(hours=1))
        s.add(row)
        s.flush()
        row_id = row.id
    # The first attempt: Rasa took it and answered; the answer never got stored.
    answers = rasa_server.say(conversation, "j'ai marché 30 minutes aujourd'hui",
                              metadata={"inbound_id": row_id, "channel": "telegram"})
    assert answers and _progress_count(gateway.database_url, patient_id) == 1
    with session_scope(gateway.database_url) as s:
        s.get(InboundMessage, row_id).next_attempt_at = utcnow()  # the retry is due
    texts = _telegram_texts(gateway, chat, 2)
    assert texts[1] == answers[0]
    wait_for(lambda: _status(gateway.database_url, row_id) == "processed")
    assert _progress_count(gateway.database_url, patient_id) == 1  # not twice
    users = [e for e in rasa_server.tracker(conversation)["events"]
             if e.get("event") == "user" and (e.get("metadata") or {}).get("inbound_id") == row_id]
    assert len(users) == 1


def _progress_count(database_url: str, patient_id: int) -> int:
    with session_scope(database_url) as s:
        return s.scalar(select(func.count()).select_from(ProgressEntry).join(Goal).where(
            Goal.patient_id == patient_id))


def _status(database_url: str, row_id: int) -> str:
    with session_scope(database_url) as s:
        return s.get(InboundMessage, row_id).status
