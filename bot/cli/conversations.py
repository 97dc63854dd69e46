"""`bot flags|outbox|chat|parse`: what a developer or the care team looks at in a running
system: open flags, the local outbox, a conversation as a patient has it, and what
the NLU understood of a text.
"""

from __future__ import annotations

import argparse
import json
import uuid

from sqlalchemy import select

from bot import enrollment, flags
from bot.cli.common import ACTOR, DEMO_REFS, Subcommands, find_patient
from bot.db import session_scope
from bot.models import OutboundMessage
from bot.nlu.languages import LANGUAGES
from bot.rasa_client import RasaClient


def cmd_flags(args: argparse.Namespace) -> int:
    with session_scope() as s:
        for flag in flags.queue(s):
            waited = int(flags.waiting(flag).total_seconds() // 60)
            print(f"#{flag.id} {flag.severity:<6} {flag.kind:<14} patient={flag.patient_id} "
                  f"conversation={flag.conversation_id} waiting={waited} min  {flag.summary}")
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    with session_scope() as s:
        rows = s.scalars(select(OutboundMessage).where(OutboundMessage.status == "outbox")
                         .order_by(OutboundMessage.id.desc()).limit(args.limit)).all()
        for row in reversed(rows):
            who = f"patient {row.patient_id}" if row.caregiver_id is None else (
                f"caregiver {row.caregiver_id}")
            print(f"#{row.id} {row.created_at:%Y-%m-%d %H:%M} {row.channel} {row.address} "
                  f"({who}):\n{row.text}\n")
    return 0


def _demo_identity(lang: str) -> str:
    """Link a CLI account to the demo patient, as the patient would with a code."""
    with session_scope() as s:
        external_id = f"demo-{lang}"
        identity = enrollment.identity_for_sender(s, "cli", external_id)
        if identity is None:
            code = enrollment.issue_code(s, find_patient(s, DEMO_REFS[lang]), created_by=ACTOR)
            enrollment.link(s, "cli", external_id, code)
    return external_id


def cmd_chat(args: argparse.Namespace) -> int:
    from bot import safety_net
    from bot.inbound import route

    client = RasaClient()
    external_id = _demo_identity(args.demo) if args.demo else args.as_
    print("Écrivez en français of in het Nederlands; /quit pour quitter / om te stoppen.")
    while True:
        try:
            text = input("vous/u > ").strip()
        except EOFError:
            return 0
        if text in ("/quit", "/exit"):
            return 0
        if not text:
            continue
        with session_scope() as s:  # the safety net first, as at the gateway's door
            screening = safety_net.screen(s, "cli", external_id, text)
            routing = route(s, "cli", external_id, text, red_flag=screening.red_flag)
        if screening.text:
            print(f"bot > {screening.text}")
        for reply in routing.replies:
            print(f"bot > {reply}")
        if routing.conversation_id is None:
            continue
        metadata: dict[str, object] = {}
        if routing.patient_language:
            metadata["language_hint"] = routing.patient_language
        if screening.red_flag:
            metadata[safety_net.METADATA_KEY] = screening.metadata()
        for message in client.send(routing.conversation_id, text, metadata or None):
            if "text" in message:
                print(f"bot > {message['text']}")


def cmd_parse(args: argparse.Namespace) -> int:
    result = RasaClient().parse(args.text)
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


def register(sub: Subcommands) -> None:
    """Add `flags`, `outbox` and `chat` to the `bot` tool's subcommands."""
    sub.add_parser("flags", help="open flags, urgent first").set_defaults(func=cmd_flags)
    outbox = sub.add_parser("outbox", help="messages kept in the local outbox")
    outbox.add_argument("--limit", type=int, default=20)
    outbox.set_defaults(func=cmd_outbox)

    chat = sub.add_parser("chat", help="talk to the assistant")
    who = chat.add_mutually_exclusive_group()
    who.add_argument("--as", dest="as_", default=f"local-{uuid.uuid4().hex[:6]}",
                     help="the chat account to write from (unlinked until a code is sent)")
    who.add_argument("--demo", choices=LANGUAGES, help="write as the demo patient")
    chat.set_defaults(func=cmd_chat)


def register_parse(sub: Subcommands) -> None:
    """Add `parse`, last in the list of subcommands as it always was."""
    parse = sub.add_parser("parse", help="show the NLU result for a message")
    parse.add_argument("text")
    parse.set_defaults(func=cmd_parse)
