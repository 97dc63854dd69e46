"""A nurse's takeover, end to end through the real gateway, Rasa and action servers:
the bot keeps quiet, the safety net does not, a new Rasa session stays paused, and the
bot answers again after the hand back."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from bot import accounts, safety_net, takeover
from bot.db import session_scope
from bot.models import ConsoleUser, Flag, InboundMessage, Takeover
from bot.rasa_client import RasaClient
from tests.support.console_gateway import Gateway, running_gateway
from tests.support.patients import make_patient
from tests.support.processes import ActionServer, RasaServer, free_port
from tests.support.waiting import wait_for


@pytest.fixture(scope="module")
def gateway(rasa_server: RasaServer, action_server: ActionServer,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    with running_gateway(rasa_server, action_server,
                         tmp_path_factory.mktemp("console-gateway")) as running:
        yield running


def _processed(url: str, chat: int, count: int) -> bool:
    with session_scope(url) as s:
        rows = s.scalars(select(InboundMessage.status).where(
            InboundMessage.channel == "telegram", InboundMessage.sender == str(chat))).all()
        return len(rows) >= count and all(status != "received" for status in rows)


def _user_texts(tracker: dict) -> list[str]:
    return [e.get("text") for e in tracker["events"] if e.get("event") == "user"]


def test_takeover_silences_the_bot_but_not_the_safety_net(
        gateway: Gateway, rasa_server: RasaServer) -> None:
    chat = 970_000 + free_port()
    ref = f"to-{chat}"
    with session_scope(gateway.database_url) as s:
        make_patient(s, ref=ref, language="fr")
        user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == "takeover-admin"))
        if user is None:
            user = accounts.create_user(s, "takeover-admin", "a long passphrase", "admin")
        user_id = user.id
    conversation = gateway.link(chat, ref)
    rasa = RasaClient(rasa_server.url, rasa_server.token)
    gateway.send(chat, "merci")
    assert gateway.wait_texts(chat, 2)[1].startswith("Avec plaisir")

    # The nurse takes over (what the console's take-over button does).
    with session_scope(gateway.database_url) as s:
        held = takeover.start(s, conversation, None, user_id)
        held_id = held.id
    rasa.append_events(conversation, [takeover.PAUSE_EVENT])
    gateway.send(chat, "merci beaucoup")
    wait_for(lambda: _processed(gateway.database_url, chat, 3))
    time.sleep(1.0)
    assert len(gateway.texts(chat)) == 2  # the bot said nothing
    tracker = rasa.tracker(conversation)
    assert tracker["paused"] is True
    assert _user_texts(tracker)[-1] == "merci beaucoup"  # but the transcript has it

    # A red flag still gets 112 at once, and an urgent flag.
    gateway.send(chat, "j'ai une douleur dans la poitrine")
    assert gateway.wait_texts(chat, 3)[2] == safety_net.answer("fr", ["chest_pain"], linked=True)
    with session_scope(gateway.database_url) as s:
        flag = s.scalars(select(Flag).where(Flag.conversation_id == conversation,
                                            Flag.kind == "emergency")).one()
        assert flag.severity == "urgent" and "poitrine" in flag.summary
    # The transcript shows what the patient was told (added right after their message).
    assert wait_for(lambda: [e for e in rasa.tracker(conversation)["events"]
                             if e.get("event") == "bot"
                             and (e.get("metadata") or {}).get("safety_net")])
    wait_for(lambda: _processed(gateway.database_url, chat, 4))

    # A new Rasa session (after an hour of silence) would un-pause: ours pauses again.
    response = httpx.post(f"{rasa_server.url}/conversations/{conversation}/execute",
                          params={"token": rasa_server.token},
                          json={"name": "action_session_start"}, timeout=30)
    assert response.status_code == 200, response.text
    assert rasa.tracker(conversation)["paused"] is True
    gateway.send(chat, "vous êtes là ?")
    wait_for(lambda: _processed(gateway.database_url, chat, 5))
    time.sleep(1.0)
    assert len(gateway.texts(chat)) == 3

    # Hand back: the bot answers again.
    rasa.append_events(conversation, [takeover.RESUME_EVENT])
    with session_scope(gateway.database_url) as s:
        takeover.end(s, s.get(Takeover, held_id), "handed_back", "test")
    gateway.send(chat, "merci")
    assert gateway.wait_texts(chat, 4)[3].startswith("Avec plaisir")
    assert rasa.tracker(conversation)["paused"] is False
