"""A flag: its page, acknowledge, escalate to a care-team member, resolve."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from bot import enrollment, flags, outbound, paging
from bot.messages import render as render_message
from bot.models import CareAssignment, CareTeamMember, Flag, Patient
from console.context import ConsoleApp, Ctx, int_param, redirect
from console.i18n import LANGUAGES, translator


def routes(app: ConsoleApp) -> list[Route]:
    h = app.handler
    return [
        Route("/flags/{flag_id}", h(flag_page)),
        Route("/flags/{flag_id}/acknowledge", h(acknowledge), methods=["POST"]),
        Route("/flags/{flag_id}/escalate", h(escalate), methods=["POST"]),
        Route("/flags/{flag_id}/resolve", h(resolve), methods=["POST"]),
    ]


def flag_page(c: Ctx) -> Response:
    flag = c.flag(int_param(c.request.path_params["flag_id"]))
    identity = (enrollment.identity_for_conversation(c.s, flag.conversation_id)
                if flag.conversation_id else None)
    c.took_flags([flag])
    if identity is not None:
        return redirect(f"/conversations/{identity.id}#flag-{flag.id}")
    if flag.patient_id is not None:
        return redirect(f"/patients/{flag.patient_id}#flag-{flag.id}")
    c.audit("read", "flag", entity_id=flag.id)
    return c.page("flag.html", flag=flag, paging=c.paging([flag]))


def after_flag(c: Ctx, flag: Flag) -> Response:
    identity = (enrollment.identity_for_conversation(c.s, flag.conversation_id)
                if flag.conversation_id else None)
    if identity is not None:
        return redirect(f"/conversations/{identity.id}#flag-{flag.id}")
    if flag.patient_id is not None:
        return redirect(f"/patients/{flag.patient_id}")
    return redirect(f"/flags/{flag.id}")


def acknowledge(c: Ctx) -> Response:
    flag = c.flag(int_param(c.request.path_params["flag_id"]))
    try:
        paging.acknowledge_console(c.s, flag, c.user)
        flags.acknowledge(c.s, flag, c.actor)
        c.flash("done")
    except flags.FlagError:
        c.flash("done")  # already acknowledged or resolved: nothing to do
    return after_flag(c, flag)


def escalate(c: Ctx) -> Response:
    flag = c.flag(int_param(c.request.path_params["flag_id"]))
    note = c.field("note")
    if not note:
        c.flash("need_note", "error")
        return after_flag(c, flag)
    member_id = c.field("member_id")
    member = c.s.get(CareTeamMember, int_param(member_id)) if member_id.isdigit() else None
    assigned = member is not None and flag.patient_id is not None and c.s.scalar(
        select(CareAssignment.id).where(CareAssignment.patient_id == flag.patient_id,
                                        CareAssignment.member_id == member.id))
    if not assigned:
        raise HTTPException(404)
    if not member.phone:
        c.flash("no_phone", "error")
        return after_flag(c, flag)
    patient = c.s.get(Patient, flag.patient_id)
    lang = member.language if member.language in LANGUAGES else "fr"
    text = render_message("escalation_sms", lang, nurse=c.user.username,
                          ref=patient.external_ref, kind=translator(lang)(f"flag_{flag.kind}"),
                          note=note[:300])
    row = outbound.send(c.s, outbound.Recipient(channel="sms", address=member.phone),
                        outbound.Message(text, f"escalate:{flag.id}:{uuid.uuid4().hex}",
                                         priority=1))
    if flag.status == flags.OPEN:
        flags.acknowledge(c.s, flag, c.actor)
    flag.summary = f"{flag.summary}\n[→ {member.name}] {note}".strip()
    c.audit("escalate", "flag", patient_id=flag.patient_id, entity_id=flag.id,
            detail={"member_id": member.id, "outbound_id": row.id})
    c.flash("sent")
    return after_flag(c, flag)


def resolve(c: Ctx) -> Response:
    flag = c.flag(int_param(c.request.path_params["flag_id"]))
    note = c.field("note")
    if not note:
        c.flash("need_note", "error")
        return after_flag(c, flag)
    try:
        flags.resolve(c.s, flag, c.actor, note)
        c.flash("done")
    except flags.FlagError:
        c.flash("done")
    return after_flag(c, flag)
