"""Issue 12's table, path by path, through the real gateway process: webhooks from the
fake Telegram and Twilio servers, the 112 answer back through python-telegram-bot and
twilio, the urgent flag in the care-plan database. Every path runs twice: with Rasa
up (the real Rasa and action servers) and with Rasa stopped (the gateway pointed at a
port nobody listens on, on its own database)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import func, select

from bot import accounts, enrollment, flags, safety_net, takeover
from bot.db import session_scope
from bot.messages import JOIN_INSTRUCTIONS, render
from bot.models import ChannelIdentity, EnrollmentAttempt, Flag
from tests.support.gateway_process import (
    WHATSAPP_FROM,
    Running,
    linked_patient,
    running_gateway,
    telegram_update,
    wait_texts,
)
from tests.support.processes import ActionServer, RasaServer, free_port
from tests.support.waiting import wait_for

PHOTO = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]


@dataclass
class System:
    gateway: Running
    rasa_up: bool


@pytest.fixture(scope="module", params=["rasa_up", "rasa_stopped"])
def system(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[System]:
    workdir = tmp_path_factory.mktemp(request.param)
    if request.param == "rasa_up":
        rasa: RasaServer = request.getfixturevalue("rasa_server")
        actions: ActionServer = request.getfixturevalue("action_server")
        with running_gateway(actions.database_url, rasa.url, rasa.token, workdir) as gw:
            yield System(gw, True)
    else:
        nobody = f"http://127.0.0.1:{free_port()}"
        with running_gateway(f"sqlite:///{workdir / 'care.db'}", nobody, "t", workdir,
                             GATEWAY_RASA_NOTICE_SECONDS="2") as gw:
            yield System(gw, False)


def _chat() -> int:
    return 800_000_000 + free_port() * 1000 + int(time.monotonic_ns() % 1000)


def _link_telegram(gw: Running, chat: int, language: str) -> str:
    code = linked_patient(gw.database_url, language)
    gw.telegram_update(telegram_update(chat, f"/start {code}", language_code=language))
    wait_texts(lambda: gw.telegram_texts(chat), 1)
    with session_scope(gw.database_url) as s:
        return s.scalar(select(ChannelIdentity.conversation_id).where(
            ChannelIdentity.channel == "telegram", ChannelIdentity.external_id == str(chat)))


def _emergencies(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith("⚠️")]


def _one_emergency(read, lang: str, settle: float = 1.5) -> str:
    """Waits for the 112 answer, then a little longer: there must be exactly one."""
    wait_for(lambda: _emergencies(read()), timeout=30)
    time.sleep(settle)
    answers = _emergencies(read())
    assert len(answers) == 1, answers
    assert answers[0].startswith(render("emergency_112", lang)), answers[0]
    return answers[0]


def _flag(gw: Running, conversation_id: str) -> Flag:
    with session_scope(gw.database_url) as s:
        flag = s.scalars(select(Flag).where(Flag.conversation_id == conversation_id,
                                            Flag.kind == flags.EMERGENCY)).one()
        s.expunge(flag)
    assert flag.severity == "urgent"
    return flag


def test_linked_patient_gets_112_and_a_flag(system: System) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, "fr")
    gw.telegram_update(telegram_update(chat, "j'ai une douleur dans la poitrine"))
    answer = _one_emergency(lambda: gw.telegram_texts(chat), "fr")
    assert render("emergency_team", "fr") in answer
    assert "poitrine" in _flag(gw, conversation).summary
    if not system.rasa_up:  # told once that the assistant is away, message kept
        texts = wait_texts(lambda: gw.telegram_texts(chat), 3)
        assert texts.count(render("assistant_unavailable", "fr")) == 1


@pytest.mark.parametrize(("text", "lang"), [("geen adem", "nl"), ("URGENCES", "fr")])
def test_unlinked_account_short_urgent_text(system: System, text: str, lang: str) -> None:
    gw, chat = system.gateway, _chat()
    gw.telegram_update(telegram_update(chat, text, language_code="en"))
    answer = _one_emergency(lambda: gw.telegram_texts(chat), lang)
    assert render("emergency_team", lang) not in answer
    assert JOIN_INSTRUCTIONS in wait_texts(lambda: gw.telegram_texts(chat), 2)
    flag = _flag(gw, safety_net.unlinked_key("telegram", str(chat)))
    assert flag.patient_id is None and str(chat) in flag.summary
    with session_scope(gw.database_url) as s:  # not an enrollment try
        assert not s.scalar(select(func.count()).select_from(EnrollmentAttempt).where(
            EnrollmentAttempt.external_id == str(chat)))


def test_photo_caption_and_voice_note(system: System) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, "nl")
    gw.telegram_update(telegram_update(chat, None, photo=PHOTO,
                                       caption="ik voel mijn linkerarm niet meer"))
    _one_emergency(lambda: gw.telegram_texts(chat), "nl")
    assert "linkerarm" in _flag(gw, conversation).summary
    before = len(gw.telegram_texts(chat))
    gw.telegram_update(telegram_update(chat, None, voice={
        "file_id": "v", "file_unique_id": "w", "duration": 3}))
    texts = wait_for(lambda: render("only_text", "nl") in (t := gw.telegram_texts(chat))
                     and t, timeout=30)
    assert len(texts) >= before + 1 and "112" in render("only_text", "nl")


def test_mms_with_text_and_whatsapp(system: System) -> None:
    gw = system.gateway
    phone, wa = f"+3247{free_port():05d}11", f"+3249{free_port():05d}22"
    gw.sms(phone, "mon fils a avalé des comprimés", NumMedia="1",
           MediaUrl0="https://example.org/x.jpg", MediaContentType0="image/jpeg")
    answer = _one_emergency(lambda: gw.twilio_texts(phone), "fr")
    assert "070 245 245" in answer
    gw.sms(wa, "mijn vader is bewusteloos", whatsapp=True)
    _one_emergency(lambda: gw.twilio_texts(f"whatsapp:{wa}"), "nl")
    sent = next(m for m in gw.twilio.messages if m["to"] == f"whatsapp:{wa}")
    assert sent["from"] == f"whatsapp:{WHATSAPP_FROM}"
    _flag(gw, safety_net.unlinked_key("whatsapp", wa))


def test_a_long_message_is_read_whole(system: System) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, "fr")
    text = (("Bonjour, je vous raconte ma journée. " * 100)[:3900]
            + " et là je n'arrive plus à respirer")
    assert 2000 < len(text) <= 4096
    gw.telegram_update(telegram_update(chat, text))
    _one_emergency(lambda: gw.telegram_texts(chat), "fr")
    _flag(gw, conversation)
    assert render("too_long", "fr") not in gw.telegram_texts(chat)


def test_a_red_flag_inside_a_flood(system: System) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, "fr")
    for i in range(21):
        gw.telegram_update(telegram_update(chat, f"test {i}"))
    gw.telegram_update(telegram_update(chat, "je fais une hypo, je tremble"))
    _one_emergency(lambda: gw.telegram_texts(chat), "fr", settle=3)
    _flag(gw, conversation)
    too_many = wait_for(lambda: [t for t in gw.telegram_texts(chat)
                                 if t == render("too_many", "fr")], timeout=60)
    assert len(too_many) == 1


def test_a_new_emergency_during_a_takeover_reopens_the_flag(system: System) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, "fr")
    gw.telegram_update(telegram_update(chat, "j'ai mal à la poitrine"))
    _one_emergency(lambda: gw.telegram_texts(chat), "fr")
    first = _flag(gw, conversation)
    with session_scope(gw.database_url) as s:
        identity = enrollment.identity_for_conversation(s, conversation)
        nurse = accounts.create_user(s, f"nurse-{chat}", "a long passphrase", "admin")
        takeover.start(s, conversation, identity.patient_id, nurse.id)
    assert _flag(gw, conversation).status == flags.ACKNOWLEDGED
    gw.telegram_update(telegram_update(chat, "maintenant je n'arrive plus à respirer"))
    wait_for(lambda: len(_emergencies(gw.telegram_texts(chat))) == 2, timeout=30)
    again = wait_for(lambda: (f := _flag(gw, conversation)).status == flags.OPEN and f,
                     timeout=10)
    assert again.id == first.id and again.acknowledged_by is None
    assert again.summary.splitlines()[-1].endswith("maintenant je n'arrive plus à respirer")
    with session_scope(gw.database_url) as s:
        queue = flags.queue(s)
        acknowledged = [f.id for f in queue if f.status != flags.OPEN]
        position = [f.id for f in queue].index(again.id)
        assert all(position < [f.id for f in queue].index(a) for a in acknowledged)


@pytest.mark.parametrize(("text", "lang", "line"), [
    ("j'ai pris 10 comprimés au lieu d'un", "fr", "070 245 245"),
    ("mijn dochter heeft pillen ingeslikt", "nl", "070 245 245"),
    ("ik heb bloed opgehoest", "nl", "112"),
])
def test_poisoning_and_coughing_blood(system: System, text: str, lang: str, line: str) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, lang)
    gw.telegram_update(telegram_update(chat, text, language_code=lang))
    assert line in _one_emergency(lambda: gw.telegram_texts(chat), lang)
    _flag(gw, conversation)


@pytest.mark.parametrize(("text", "lang"), [
    ("je n'ai plus mal à la poitrine depuis hier", "fr"),
    ("geen pijn meer in mijn borst", "nl"),
])
def test_a_denied_symptom_is_no_alarm(system: System, text: str, lang: str) -> None:
    gw, chat = system.gateway, _chat()
    conversation = _link_telegram(gw, chat, lang)
    gw.telegram_update(telegram_update(chat, text, language_code=lang))
    if system.rasa_up:  # the assistant answers something else
        wait_texts(lambda: gw.telegram_texts(chat), 2)
    else:
        wait_for(lambda: render("assistant_unavailable", lang) in gw.telegram_texts(chat))
    time.sleep(1.0)
    assert not _emergencies(gw.telegram_texts(chat))
    with session_scope(gw.database_url) as s:
        assert not s.scalars(select(Flag).where(Flag.conversation_id == conversation,
                                                Flag.kind == flags.EMERGENCY)).first()


def test_the_gateway_serves_while_telegram_is_down(tmp_path) -> None:
    """Telegram unreachable at start-up: the gateway still starts, and an SMS red flag
    is still answered through Twilio."""
    nobody = f"http://127.0.0.1:{free_port()}"
    with running_gateway(f"sqlite:///{tmp_path / 'care.db'}", nobody, "t", tmp_path,
                         TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}") as gw:
        phone = f"+3247{free_port():05d}33"
        gw.sms(phone, "j'ai une douleur dans la poitrine")
        _one_emergency(lambda: gw.twilio_texts(phone), "fr")
        assert "Telegram unreachable at start-up" in gw.log.read_text()
        # ... and says so: /health degraded (200), Telegram down, Twilio ok.
        health = httpx.get(f"{gw.url}/health")
        assert health.status_code == 200 and health.json()["status"] == "degraded"
        dependencies = health.json()["dependencies"]
        assert dependencies["telegram"]["status"] == "down"
        assert dependencies["twilio"]["status"] == "ok"
