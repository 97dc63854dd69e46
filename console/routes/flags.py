"""A flag: its page, acknowledge, escalate to a care-team member, resolve."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from bot import enrollment, escalation, flags, paging
from bot.models import Flag
from console.context import ConsoleApp, Ctx, int_param, redirect
from console.i18n import translator


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
    try:
        escalation.escalate(
            c.s, flag, int_param(member_id) if member_id.isdigit() else None, note,
            actor=c.actor, sender_name=c.user.username,
            kind_label=lambda kind, lang: translator(lang)(f"flag_{kind}"))
    except escalation.NotInCareTeamError:
        raise HTTPException(404) from None
    except escalation.NoPhoneError:
        c.flash("no_phone", "error")
        return after_flag(c, flag)
    except escalation.NotMobileError as landline:  # no SMS to a landline: call it
        c.flash("call_number", "error", name=landline.member.name, number=landline.number)
        return after_flag(c, flag)
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
