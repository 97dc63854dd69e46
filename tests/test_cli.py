"""The `bot` command line against the real Rasa server."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import RasaServer


def _bot(rasa_server: RasaServer, *args: str, stdin: str = "", **env: str):
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=60,
        env={**os.environ, "RASA_URL": rasa_server.url, "RASA_TOKEN": rasa_server.token, **env},
    )


def test_parse_prints_intent_language_and_red_flag(rasa_server: RasaServer) -> None:
    result = _bot(rasa_server, "parse", "ik heb pijn op de borst")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["intent"]["name"] == "emergency"
    assert output["language"] == "nl"
    assert output["red_flag"]["kind"] == "chest_pain"


def test_chat_holds_a_conversation(rasa_server: RasaServer) -> None:
    result = _bot(rasa_server, "chat", stdin="bonjour\nhoe werkt dit?\n/quit\n")
    assert result.returncode == 0, result.stderr
    # The prompt has no newline (stdin is not echoed), so split on the bot's marker.
    replies = result.stdout.split("bot > ")[1:]
    assert replies[0].startswith("Bonjour")
    assert replies[1].startswith("Ik kan:")


def test_clear_error_when_rasa_is_unreachable(rasa_server: RasaServer) -> None:
    result = _bot(rasa_server, "parse", "bonjour", RASA_URL="http://127.0.0.1:9")
    assert result.returncode == 2
    assert "cannot reach the Rasa server" in result.stderr
