"""The conversational core, over real HTTP against a Rasa server running the trained
model: the /model/parse contract, language handling in conversations, the safety net."""

from __future__ import annotations

import socket
import subprocess
import uuid

import httpx
import pytest

from bot.messages import render
from tests.support.processes import RasaServer
from tests.support.rasa_project import domain

RESPONSES = domain()["responses"]


def text(response: str, lang: str) -> str:
    for variant in RESPONSES[response]:
        is_dutch = bool(variant.get("condition"))
        if is_dutch == (lang == "nl"):
            return variant["text"]
    raise KeyError(response)


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("bonjour, j'ai oublié mes médicaments ce matin", "fr"),
        ("c quand mon prochain rdv", "fr"),
        ("'k heb m'n pillekes genomen", "nl"),
        ("wanneer komt de verpleegster", "nl"),
    ],
)
def test_parse_returns_the_language_of_the_message(
    rasa_server: RasaServer, message: str, language: str
) -> None:
    result = rasa_server.parse(message)
    assert result["language"] == language
    assert result["language_confident"] is True


@pytest.mark.parametrize("message", ["ok", "merci", "STOP", "👍"])
def test_parse_marks_messages_without_a_language(rasa_server: RasaServer, message: str) -> None:
    result = rasa_server.parse(message)
    assert result["language"] in ("fr", "nl")
    assert result["language_confident"] is False


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("jai mal a la poitrinne", "chest_pain"),
        ("je veux en finir", "suicidal"),
        ("ik kan nie meer ademe", "breathlessness"),
        ("mijn mond hangt scheef", "stroke"),
        ("suiker 45 ik tril", "hypoglycaemia"),
    ],
)
def test_parse_turns_every_red_flag_into_an_emergency(
    rasa_server: RasaServer, message: str, kind: str
) -> None:
    result = rasa_server.parse(message)
    assert result["intent"]["name"] == "emergency"
    assert result["intent_ranking"][0]["name"] == "emergency"
    assert result["red_flag"]["kind"] == kind


def test_http_api_requires_the_token(rasa_server: RasaServer) -> None:
    response = httpx.post(f"{rasa_server.url}/model/parse", json={"text": "bonjour"})
    assert response.status_code == 401
    wrong = httpx.post(
        f"{rasa_server.url}/model/parse", params={"token": "nope"}, json={"text": "x"}
    )
    assert wrong.status_code == 401


def _non_loopback_ipv4() -> str | None:
    try:
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    addresses = [a for a in out.stdout.split() if "." in a and not a.startswith("127.")]
    return addresses[0] if addresses else None


def test_rasa_listens_on_loopback_only(rasa_server: RasaServer) -> None:
    address = _non_loopback_ipv4()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    port = int(rasa_server.url.rsplit(":", 1)[1])
    with socket.socket() as s:
        s.settimeout(2)
        assert s.connect_ex((address, port)) != 0


def test_each_answer_follows_the_language_the_patient_writes_in(rasa_server: RasaServer) -> None:
    sender = new_sender()
    assert rasa_server.say(sender, "bonjour") == [text("utter_greet", "fr")]
    assert rasa_server.say(sender, "hoe werkt dit allemaal?") == [text("utter_help", "nl")]
    # No language of its own: the conversation stays in Dutch.
    assert rasa_server.say(sender, "merci") == [text("utter_you_are_welcome", "nl")]
    assert rasa_server.say(sender, "ok") == [text("utter_ok", "nl")]
    assert rasa_server.say(sender, "je voudrais parler à l'infirmière") == [
        text("utter_nurse_requested", "fr")
    ]
    assert rasa_server.tracker(sender)["slots"]["language"] == "fr"


def test_explicit_language_change_switches_and_sticks(rasa_server: RasaServer) -> None:
    sender = new_sender()
    rasa_server.say(sender, "bonjour")
    # Written in French, asks for Dutch.
    assert rasa_server.say(sender, "en néerlandais svp") == [
        text("utter_language_changed", "nl")
    ]
    assert rasa_server.say(sender, "ok") == [text("utter_ok", "nl")]
    assert rasa_server.say(sender, "in het Frans aub") == [text("utter_language_changed", "fr")]
    assert rasa_server.tracker(sender)["slots"]["language"] == "fr"


def test_a_fallback_turn_keeps_its_language_and_two_misses_offer_a_nurse(
    rasa_server: RasaServer,
) -> None:
    sender = new_sender()
    rasa_server.say(sender, "bonjour")
    assert rasa_server.say(sender, "wie heeft de match gewonnen gisteren") == [
        text("utter_ask_rephrase", "nl")
    ]
    assert rasa_server.tracker(sender)["slots"]["language"] == "nl"
    assert rasa_server.say(sender, "asdf") == [text("utter_offer_nurse", "nl")]
    assert rasa_server.say(sender, "ja") == [text("utter_nurse_requested", "nl")]


@pytest.mark.parametrize(
    ("message", "lang", "line"),
    [("je me sens oppressé, mal à la poitrine", "fr", "0800 32 123"),
     ("ik wil er een einde aan maken", "nl", "1813"),
     ("j'ai avalé 10 comprimés au lieu d'un", "fr", "070 245 245"),
     ("mijn dochter heeft pillen ingeslikt", "nl", "070 245 245")],
)
def test_emergency_answer_and_urgent_mark(
    rasa_server: RasaServer, message: str, lang: str, line: str
) -> None:
    """Straight to Rasa (as `bot chat` does, no gateway in front): Rasa's own net
    answers, in the message's language, with the poisoning line for a poisoning."""
    sender = new_sender()
    replies = rasa_server.say(sender, message)
    assert len(replies) == 1 and replies[0].startswith(render("emergency_112", lang))
    assert "112" in replies[0] and line in replies[0]
    assert rasa_server.tracker(sender)["slots"]["urgent"] is True


def test_rasa_stays_silent_on_a_message_the_gateway_already_answered(
    rasa_server: RasaServer,
) -> None:
    """One emergency answer per message: the gateway's metadata silences Rasa's
    answer, while the tracker still records the message and the urgent mark."""
    sender = new_sender()
    metadata = {"safety_net": {"answered": True, "kinds": ["chest_pain"], "language": "fr"}}
    assert rasa_server.say(sender, "j'ai mal à la poitrine", metadata=metadata) == []
    tracker = rasa_server.tracker(sender)
    assert tracker["slots"]["urgent"] is True
    assert tracker["latest_message"]["text"] == "j'ai mal à la poitrine"


def test_red_flag_wins_right_after_a_fallback(rasa_server: RasaServer) -> None:
    sender = new_sender()
    rasa_server.say(sender, "qsdfqsdf")
    replies = rasa_server.say(sender, "ik krijg geen lucht")
    assert len(replies) == 1 and replies[0].startswith(render("emergency_112", "nl"))


def test_channel_language_hint_decides_a_first_message_without_language(
    rasa_server: RasaServer,
) -> None:
    sender = new_sender()
    assert rasa_server.say(sender, "ok", metadata={"language": "nl"}) == [text("utter_ok", "nl")]
