"""The queue of flags: the page and the JSON its script refreshes every 5 s."""

from __future__ import annotations

from typing import Any

from sqlalchemy import desc, select
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import enrollment, flags, takeover
from bot.models import InboundMessage, Patient, utcnow
from console.context import ConsoleApp, Ctx


def routes(app: ConsoleApp) -> list[Route]:
    return [
        Route("/queue", app.handler(queue_page)),
        Route("/api/queue", app.handler(queue_api, api=True)),
    ]


def queue_rows(c: Ctx) -> list[dict[str, Any]]:
    """The visible flags as the queue shows them. Reading changes nothing: idle
    takeovers are ended by the reminders process (bot/takeover.expire_and_resume)."""
    visible = c.visible()
    rows = []
    now = utcnow()
    queued = flags.queue(c.s, None if visible is None else sorted(visible))
    paged = c.paging(queued)
    for flag in queued:
        patient = c.s.get(Patient, flag.patient_id) if flag.patient_id else None
        identity = (enrollment.identity_for_conversation(c.s, flag.conversation_id)
                    if flag.conversation_id else None)
        held = takeover.current(c.s, flag.conversation_id) if flag.conversation_id else None
        last = None
        if identity is not None:
            last = c.s.scalar(
                select(InboundMessage.text)
                .where(InboundMessage.channel == identity.channel,
                       InboundMessage.sender == identity.external_id,
                       InboundMessage.kind != "media")
                .order_by(desc(InboundMessage.id)).limit(1))
        if not last:
            last = ((flag.summary or "").strip().splitlines()[-1:] or [""])[0]
        minutes = int((now - flag.created_at).total_seconds() // 60)
        rows.append({
            "id": flag.id, "url": f"/flags/{flag.id}",
            "kind": flag.kind, "kind_label": c.t(f"flag_{flag.kind}"),
            "severity": flag.severity, "severity_label": c.t(flag.severity),
            "status": flag.status, "status_label": c.t(flag.status),
            "patient": patient.display_name if patient else "—",
            "language": patient.language if patient else "",
            "last_message": (last or "")[:160],
            "waiting_minutes": minutes,
            "waiting": f"{minutes} {c.t('minutes')}",
            "held_by": held.user.username if held else None,
            "paging": paged.get(flag.id, ""),
            "status_text": c.t(flag.status) + (
                f" — {c.t('held_by')} {held.user.username}" if held else ""),
        })
    return rows


def queue_page(c: Ctx) -> Response:
    rows = queue_rows(c)
    c.audit("read", "queue", detail={"flags": len(rows)})
    return c.page("queue.html", rows=rows, count=len(rows))


def queue_api(c: Ctx) -> Response:
    rows = queue_rows(c)
    title = f"({len(rows)}) {c.t('queue')}" if rows else c.t("queue")
    return JSONResponse({"count": len(rows), "title": title, "rows": rows,
                         "empty": c.t("empty_queue")})
