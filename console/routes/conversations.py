"""A conversation: the transcript from Rasa's tracker, take over, reply, hand back."""

from __future__ import annotations

import logging
import uuid

import httpx
from sqlalchemy import select
from starlette.responses import Response
from starlette.routing import Route

from bot import flags, outbound, takeover
from bot.models import ChannelIdentity, ConsoleUser, Flag
from console import data
from console.context import MAX_REPLY, ConsoleApp, Ctx, int_param, redirect
from console.routes.patients import patient_context

log = logging.getLogger("console")


def routes(app: ConsoleApp) -> list[Route]:
    h = app.handler
    return [
        Route("/conversations/{identity_id}", h(conversation_page)),
        Route("/conversations/{identity_id}/takeover", h(take_over), methods=["POST"]),
        Route("/conversations/{identity_id}/reply", h(reply), methods=["POST"]),
        Route("/conversations/{identity_id}/handback", h(hand_back), methods=["POST"]),
    ]


def conversation_page(c: Ctx) -> Response:
    identity = c.identity(int_param(c.request.path_params["identity_id"]))
    patient = identity.patient
    conversation = identity.conversation_id
    open_flags = list(c.s.scalars(
        select(Flag).where(Flag.conversation_id == conversation)
        .order_by(Flag.status == flags.RESOLVED, Flag.created_at.desc()).limit(20)))
    held = takeover.current(c.s, conversation)
    if held is not None and held.user_id == c.user.id:
        takeover.touch(c.s, held)  # reading the conversation is not being idle
    c.took_flags(open_flags)
    c.audit("read", "conversation", patient_id=patient.id, entity_id=identity.id)
    context = patient_context(c, patient)
    context["paging"] = c.paging(open_flags)
    c.s.commit()  # no database lock held while Rasa answers
    error = None
    try:
        lines = data.transcript(c.settings.rasa.tracker(conversation))
    except httpx.HTTPError as exc:
        log.warning("tracker of identity %s unavailable: %s", identity.id, exc)
        lines, error = [], "rasa_down"
    nurse_ids = {line.nurse_id for line in lines if line.nurse_id}
    nurses = {u.id: u.username for u in c.s.scalars(
        select(ConsoleUser).where(ConsoleUser.id.in_(nurse_ids)))} if nurse_ids else {}
    return c.page("conversation.html", identity=identity, patient=patient, lines=lines,
                  nurses=nurses, flags=open_flags, held=held, transcript_error=error,
                  **context)


def _held_by_me(c: Ctx, identity: ChannelIdentity):
    held = takeover.current(c.s, identity.conversation_id)
    return held if held is not None and held.user_id == c.user.id else None


def take_over(c: Ctx) -> Response:
    identity = c.identity(int_param(c.request.path_params["identity_id"]))
    back = f"/conversations/{identity.id}"
    try:
        takeover.start(c.s, identity.conversation_id, identity.patient_id, c.user.id,
                       actor=c.actor)
    except takeover.TakeoverError:
        held = takeover.current(c.s, identity.conversation_id)
        c.flash("held_by_other", "error", name=held.user.username if held else "?")
        return redirect(back)
    c.s.commit()  # held from now on, whatever Rasa says; the gateway pauses it too
    _tell_rasa(c, identity.conversation_id)  # the pause, after the commit
    c.flash("held_by_you")
    return redirect(back)


def _tell_rasa(c: Ctx, conversation_id: str) -> bool:
    """Send what the conversation's takeover changes owe Rasa (bot/takeover.py), after
    the change committed; False if Rasa did not take it (logged; the reminders tick
    sends it again)."""
    told = takeover.tell_rasa(c.settings.rasa.append_events, conversation_id,
                              database_url=c.settings.database_url)
    return told.failed == 0


def reply(c: Ctx) -> Response:
    identity = c.identity(int_param(c.request.path_params["identity_id"]))
    back = f"/conversations/{identity.id}"
    held = _held_by_me(c, identity)
    text = c.field("text")
    if held is None:
        c.flash("need_takeover", "error")
        return redirect(back)
    if not text or len(text) > MAX_REPLY:
        c.flash("need_text", "error")
        return redirect(back)
    row = outbound.send(
        c.s, outbound.Recipient(identity.patient_id, channel=identity.channel,
                                address=identity.external_id),
        outbound.Message(text, f"console:{held.id}:{uuid.uuid4().hex}", priority=1))
    takeover.touch(c.s, held)
    c.audit("reply", "conversation", patient_id=identity.patient_id, entity_id=identity.id,
            detail={"outbound_id": row.id})
    user_id = c.user.id
    c.s.commit()
    _tell_rasa(c, identity.conversation_id)  # a pause still owed goes first
    try:
        c.settings.rasa.append_events(identity.conversation_id, [
            {"event": "bot", "text": text, "metadata": {"nurse": user_id}}])
    except httpx.HTTPError as exc:
        log.warning("reply %s not added to the transcript: %s", row.id, exc)
    c.flash("sent")
    return redirect(back + "#reply")


def hand_back(c: Ctx) -> Response:
    identity = c.identity(int_param(c.request.path_params["identity_id"]))
    back = f"/conversations/{identity.id}"
    held = takeover.current(c.s, identity.conversation_id)
    if held is None:
        return redirect(back)
    if held.user_id != c.user.id and c.user.role == "nurse":
        c.flash("held_by_other", "error", name=held.user.username)
        return redirect(back)
    # The database first: handed back from now on, whatever Rasa says; the resume
    # follows once that committed, and is retried by the reminders tick if Rasa is down.
    takeover.end(c.s, held, "handed_back", c.actor)
    c.s.commit()
    if _tell_rasa(c, identity.conversation_id):
        c.flash("done")
    else:
        c.flash("resume_pending", "error")
    return redirect(back)
