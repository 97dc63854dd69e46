"""The `bot` command-line tool (services environment).

    bot chat [--conversation ID]   talk to the assistant as a patient would
    bot parse TEXT                 show what the NLU understands (intent, language, red flag)
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid

import httpx

from bot.rasa_client import RasaClient


def _chat(client: RasaClient, conversation_id: str) -> int:
    print(f"Conversation {conversation_id}. Écrivez en français of in het Nederlands; /quit.")
    while True:
        try:
            text = input("vous/u > ").strip()
        except EOFError:
            return 0
        if text in ("/quit", "/exit"):
            return 0
        if not text:
            continue
        for message in client.send(conversation_id, text):
            if "text" in message:
                print(f"bot > {message['text']}")


def _parse(client: RasaClient, text: str) -> int:
    result = client.parse(text)
    summary = {
        "intent": result["intent"],
        "language": result.get("language"),
        "language_confident": result.get("language_confident"),
        "red_flag": result.get("red_flag"),
        "entities": [
            {k: e[k] for k in ("entity", "value", "start", "end")} for e in result["entities"]
        ],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bot", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    chat = commands.add_parser("chat", help="talk to the assistant")
    chat.add_argument("--conversation", default=f"cli-{uuid.uuid4().hex[:8]}")
    parse = commands.add_parser("parse", help="show the NLU result for a message")
    parse.add_argument("text")
    args = parser.parse_args(argv)

    client = RasaClient()
    try:
        if args.command == "chat":
            return _chat(client, args.conversation)
        return _parse(client, args.text)
    except httpx.HTTPError as error:
        print(
            f"error: cannot reach the Rasa server at {client.url} ({error}).\n"
            "Is `scripts/run` running? RASA_URL and RASA_TOKEN must match it.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
