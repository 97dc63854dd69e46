"""Development only (CONSOLE_DEV=1): chat as the demo patient, through the gateway."""

from __future__ import annotations

import time
import uuid

import httpx
from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from bot import accounts, audit, enrollment
from bot.db import session_scope
from bot.models import InboundMessage, Patient
from bot.nlu.languages import normalise
from console import data
from console.context import MAX_REPLY, ConsoleApp, Ctx, redirect

DEMO_REFS = {"fr": "demo-fr", "nl": "demo-nl"}


def routes(app: ConsoleApp) -> list[Route]:
    return [Route("/dev/chat", app.handler(dev_chat, dev_only=True), methods=["GET", "POST"])]


def dev_chat(c: Ctx) -> Response:
    """The demo patient's side, through the gateway like a Telegram message: the
    message is stored in the gateway's inbox, and the gateway's worker forwards it
    to Rasa (or keeps the bot quiet during a takeover)."""
    from gateway.inbox import accept

    settings = c.settings
    lang = normalise(c.field("lang") or c.request.query_params.get("lang"))
    patient = c.s.scalar(select(Patient).where(Patient.external_ref == DEMO_REFS[lang]))
    if patient is None:
        return c.page("devchat.html", as_lang=lang, lines=[], missing=True,
                      identity_id=None)
    if not accounts.may_see(c.s, c.user, patient.id):
        raise HTTPException(404)
    sender = f"console-dev-{lang}"
    identity = enrollment.identity_for_sender(c.s, "cli", sender)
    if identity is None:
        code = enrollment.issue_code(c.s, patient, created_by=c.actor)
        linked = enrollment.link(c.s, "cli", sender, code)
        if linked.identity is None:  # a fresh code for a free sender links (or a bug)
            raise RuntimeError(f"dev chat: {sender} not linked ({linked.status})")
        identity = linked.identity
    identity_id, conversation = identity.id, identity.conversation_id
    c.s.commit()  # the gateway's worker must be able to write while we wait
    if c.request.method == "POST":
        text = c.field("text")[:MAX_REPLY]
        if text:
            with session_scope(settings.database_url) as s:
                audit.record(s, c.actor, "dev_chat", "conversation",
                             patient_id=patient.id, entity_id=identity_id)
            message_id = f"dev-{uuid.uuid4().hex}"
            accept("cli", message_id, sender, "text", text, {"dev_chat": True},
                   settings.database_url)
            if not _wait_processed(c, message_id):
                c.flash("dev_chat_waiting")
        return redirect(f"/dev/chat?lang={lang}")
    try:
        lines = data.transcript(settings.rasa.tracker(conversation))
    except httpx.HTTPError:
        lines = []
        c.flash("rasa_down", "error")
    return c.page("devchat.html", as_lang=lang, lines=lines, missing=False,
                  identity_id=identity_id)


def _wait_processed(c: Ctx, message_id: str) -> bool:
    deadline = time.monotonic() + c.settings.dev_chat_wait
    while time.monotonic() < deadline:
        with session_scope(c.settings.database_url) as s:
            status = s.scalar(select(InboundMessage.status).where(
                InboundMessage.channel == "cli",
                InboundMessage.provider_message_id == message_id))
        if status and status != "received":
            return True
        time.sleep(0.2)
    return False
