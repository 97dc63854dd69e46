"""The nurse console: server-rendered pages (Starlette + Jinja2) over the care-plan
database and, for transcripts, Rasa's HTTP API (server side only, with its token).

Every page needs a signed-in account; every patient, flag or conversation id is checked
against what the account may see (bot/accounts.py) and answers 404 otherwise. Every
form carries a CSRF token (asgi-csrf, double submit); every view and action is written
to the audit trail. See docs/architecture.md, "The nurse console".
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from asgi_csrf import asgi_csrf
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import desc, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import accounts, audit, enrollment, flags, outbound, paging, rota, takeover
from bot.careplan_file import (
    CarePlanFileError,
    apply_careplan,
    export_careplan,
    parse_careplan,
    shared_member_changes,
)
from bot.db import session_scope
from bot.messages import render as render_message
from bot.models import (
    Appointment,
    AuditEntry,
    CareAssignment,
    CareTeamMember,
    ChannelIdentity,
    ConsoleUser,
    Flag,
    Goal,
    InboundMessage,
    Medication,
    Patient,
    Team,
    utcnow,
)
from bot.rasa_client import RasaClient
from console import careplan_forms, data
from console.i18n import LANGUAGES, UI, translator

log = logging.getLogger("console")
HERE = Path(__file__).resolve().parent
DEMO_REFS = {"fr": "demo-fr", "nl": "demo-nl"}
MAX_REPLY = 2000


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


@dataclass
class Settings:
    secret_key: str = field(default_factory=lambda: os.environ.get("CONSOLE_SECRET_KEY", ""))
    dev: bool = field(default_factory=lambda: _flag("CONSOLE_DEV"))
    production: bool = field(
        default_factory=lambda: os.environ.get("ENVIRONMENT", "").strip() == "production")
    secure_cookies: bool = field(default_factory=lambda: _flag("CONSOLE_SECURE_COOKIES")
                                 or os.environ.get("ENVIRONMENT", "").strip() == "production")
    session_idle_minutes: float = field(
        default_factory=lambda: float(os.environ.get("CONSOLE_SESSION_IDLE_MINUTES", "30")))
    session_max_hours: float = field(
        default_factory=lambda: float(os.environ.get("CONSOLE_SESSION_MAX_HOURS", "12")))
    database_url: str | None = None
    rasa: RasaClient = field(default_factory=RasaClient)
    dev_chat_wait: float = 8.0  # seconds the dev chat waits for the gateway's answer


SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
     b"object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
# Production only: the console is reached over HTTPS there (a TLS proxy in front).
HSTS = (b"strict-transport-security", b"max-age=31536000")


class SecurityHeaders:
    """The same headers on every response, error pages and CSRF refusals included;
    HSTS as well in production."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS + ([HSTS] if hsts else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in self.headers if name not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _EveryPath:
    """asgi-csrf skips POSTs that carry no cookie unless the path is listed: list all."""

    def __contains__(self, path: object) -> bool:
        return True


# --- request context -------------------------------------------------------------------


@dataclass
class Ctx:
    request: Request
    s: Session
    user: ConsoleUser
    form: FormData | None
    app: ConsoleApp

    @property
    def lang(self) -> str:
        return self.user.language if self.user.language in LANGUAGES else "fr"

    @property
    def t(self) -> Callable[..., str]:
        return translator(self.lang)

    @property
    def actor(self) -> str:
        return f"console:{self.user.username}"

    def field(self, name: str) -> str:
        value = self.form.get(name) if self.form is not None else None
        return value.strip() if isinstance(value, str) else ""

    def flash(self, key: str, kind: str = "info", **values: object) -> None:
        self.request.session.setdefault("flash", []).append(
            {"kind": kind, "text": self.t(key, **values)})

    def audit(self, action: str, entity: str, *, patient_id: int | None = None,
              entity_id: int | None = None, detail: dict[str, Any] | None = None) -> None:
        audit.record(self.s, self.actor, action, entity, patient_id=patient_id,
                     entity_id=entity_id, detail=detail)

    def visible(self) -> set[int] | None:
        return accounts.visible_patient_ids(self.s, self.user)

    def patient(self, patient_id: int) -> Patient:
        patient = self.s.get(Patient, patient_id)
        if patient is None or not accounts.may_see(self.s, self.user, patient.id):
            raise HTTPException(404)
        return patient

    def flag(self, flag_id: int) -> Flag:
        flag = self.s.get(Flag, flag_id)
        if flag is None or not accounts.may_see(self.s, self.user, flag.patient_id):
            raise HTTPException(404)
        return flag

    def identity(self, identity_id: int) -> ChannelIdentity:
        identity = self.s.get(ChannelIdentity, identity_id)
        if identity is None or not accounts.may_see(self.s, self.user, identity.patient_id):
            raise HTTPException(404)
        return identity

    def page(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        # The red "nobody on call" banner: the user's team, or every team for an admin.
        teams = None if self.user.role == "admin" else (
            [self.user.team_id] if self.user.team_id is not None else [])
        context.setdefault("nobody_on_call", paging.nobody_on_call(self.s, teams))
        return self.app.page(self.request, template, self.user, status_code, **context)

    def took_flags(self, flag_list: list[Flag]) -> None:
        """A care-team member opened these flags: their on-call pages are answered
        (bot/paging.py), nobody else is woken."""
        if self.user.member_id is None:
            return
        for flag in flag_list:
            if flag.status == flags.OPEN:
                paging.acknowledge_console(self.s, flag, self.user)

    def paging(self, flag_list: list[Flag]) -> dict[int, str]:
        return paging.history(self.s, [f.id for f in flag_list], self.lang)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise HTTPException(404) from None


class ConsoleApp:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        if not self.settings.secret_key:
            log.warning("CONSOLE_SECRET_KEY is not set: sessions end when the console stops")
            self.settings.secret_key = secrets.token_hex(32)
        self.jinja = Environment(loader=FileSystemLoader(HERE / "templates"),
                                 autoescape=select_autoescape(["html"]), trim_blocks=True,
                                 lstrip_blocks=True)
        self.jinja.globals["UI"] = UI
        self.jinja.filters["local"] = format_local

    # --- plumbing ----------------------------------------------------------------------

    def page(self, request: Request, template: str, user: ConsoleUser | None,
             status_code: int = 200, **context: Any) -> HTMLResponse:
        lang = (user.language if user else request.session.get("lang")) or "fr"
        lang = lang if lang in LANGUAGES else "fr"
        csrf = request.scope.get("csrftoken")
        html = self.jinja.get_template(template).render(
            t=translator(lang), lang=lang, user=user, dev=self.settings.dev,
            csrftoken=csrf() if csrf else "", flashes=request.session.pop("flash", []),
            path=request.url.path, **context)
        return HTMLResponse(html, status_code=status_code)

    def handler(self, fn: Callable[[Ctx], Response], roles: tuple[str, ...] | None = None,
                dev_only: bool = False, api: bool = False):  # type: ignore[no-untyped-def]
        async def endpoint(request: Request) -> Response:
            if dev_only and not self.settings.dev:
                raise HTTPException(404)
            form = await request.form() if request.method == "POST" else None
            return await run_in_threadpool(self._run, fn, request, form, roles, api)
        return endpoint

    def _run(self, fn: Callable[[Ctx], Response], request: Request, form: FormData | None,
             roles: tuple[str, ...] | None, api: bool) -> Response:
        with session_scope(self.settings.database_url) as s:
            # The queue's background refresh (the API) is not the nurse's activity: it
            # does not push the idle time-out back.
            user = accounts.session_user(
                s, request.session.get("token"), touch=not api,
                idle=dt.timedelta(minutes=self.settings.session_idle_minutes),
                max_age=dt.timedelta(hours=self.settings.session_max_hours))
            if user is None:
                request.session.clear()
                if api:
                    return JSONResponse({"error": "sign in"}, status_code=401)
                target = request.url.path if request.method == "GET" else "/queue"
                return redirect(f"/login?next={quote(target)}")
            if roles is not None and user.role not in roles:
                raise HTTPException(404)
            return fn(Ctx(request, s, user, form, self))

    # --- the application -----------------------------------------------------------------

    def build(self) -> ASGIApp:
        h = self.handler
        staff = ("coordinator", "admin")
        routes = [
            Route("/health", lambda request: JSONResponse({"status": "ok"})),
            Route("/login", self.login_form, methods=["GET"]),
            Route("/login", self.login, methods=["POST"]),
            Route("/logout", self.logout, methods=["POST"]),
            Route("/language", h(self.set_language), methods=["POST"]),
            Route("/", lambda request: redirect("/queue")),
            Route("/queue", h(self.queue_page)),
            Route("/api/queue", h(self.queue_api, api=True)),
            Route("/flags/{flag_id}", h(self.flag_page)),
            Route("/flags/{flag_id}/acknowledge", h(self.acknowledge), methods=["POST"]),
            Route("/flags/{flag_id}/escalate", h(self.escalate), methods=["POST"]),
            Route("/flags/{flag_id}/resolve", h(self.resolve), methods=["POST"]),
            Route("/conversations/{identity_id}", h(self.conversation_page)),
            Route("/conversations/{identity_id}/takeover", h(self.take_over), methods=["POST"]),
            Route("/conversations/{identity_id}/reply", h(self.reply), methods=["POST"]),
            Route("/conversations/{identity_id}/handback", h(self.hand_back), methods=["POST"]),
            Route("/patients", h(self.patients_page)),
            Route("/patients/{patient_id}", h(self.patient_page)),
            Route("/patients/{patient_id}/careplan", h(self.careplan_page),
                  methods=["GET", "POST"]),
            Route("/patients/{patient_id}/careplan/change", h(self.careplan_change),
                  methods=["POST"]),
            Route("/audit", h(self.audit_page, roles=staff)),
            Route("/rota", h(self.rota_page, roles=staff), methods=["GET", "POST"]),
            Route("/users", h(self.users_page, roles=("admin",)), methods=["GET", "POST"]),
            Route("/users/{user_id}/disable", h(self.disable_user, roles=("admin",)),
                  methods=["POST"]),
            Route("/users/{user_id}/revoke-sessions", h(self.revoke_sessions, roles=("admin",)),
                  methods=["POST"]),
            Route("/dev/chat", h(self.dev_chat, dev_only=True), methods=["GET", "POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]
        secure = self.settings.secure_cookies
        app = Starlette(
            routes=routes,
            middleware=[Middleware(SessionMiddleware, secret_key=self.settings.secret_key,
                                   session_cookie="console_session",
                                   max_age=int(self.settings.session_max_hours * 3600),
                                   same_site="lax", https_only=secure)],
            exception_handlers={404: self.not_found, 405: self.not_found},
        )
        protected = asgi_csrf(app, signing_secret=self.settings.secret_key,
                              cookie_secure=secure, cookie_samesite="Lax",
                              always_protect=_EveryPath())
        return SecurityHeaders(protected, hsts=self.settings.production)

    async def not_found(self, request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "not found"}, status_code=404)
        return self.page(request, "error.html", None, 404, message_key="not_found")

    # --- sign-in -------------------------------------------------------------------------

    async def login_form(self, request: Request) -> Response:
        return self.page(request, "login.html", None, next=request.query_params.get("next", ""))

    async def login(self, request: Request) -> Response:
        form = await request.form()
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        target = str(form.get("next", ""))
        if not target.startswith("/") or target.startswith("//"):
            target = "/queue"

        source = request.client.host if request.client else "unknown"

        def check() -> str | None:
            with session_scope(self.settings.database_url) as s:
                result = accounts.authenticate(s, username, password, source=source)
                if result.user is None:
                    return None
                return accounts.start_session(s, result.user, source=source)

        token = await run_in_threadpool(check)
        if token is None:
            # A wrong password, an unknown or disabled account and a throttled address
            # get the same page: nothing tells whether the account exists.
            request.session.clear()
            return self.page(request, "login.html", None, 401, error="bad_login",
                             next=target, username=username)
        request.session.clear()  # a new session at each sign-in
        # The cookie carries only the random token; the account is in console_sessions.
        request.session["token"] = token
        return redirect(target)

    async def logout(self, request: Request) -> Response:
        token = request.session.get("token")

        def end() -> None:
            with session_scope(self.settings.database_url) as s:
                accounts.end_session(s, token)

        await run_in_threadpool(end)
        request.session.clear()
        return redirect("/login")

    def set_language(self, c: Ctx) -> Response:
        lang = c.field("lang")
        if lang in LANGUAGES:
            c.user.language = lang
        back = c.field("next")
        return redirect(back if back.startswith("/") and not back.startswith("//") else "/queue")

    # --- queue ---------------------------------------------------------------------------

    def _queue_rows(self, c: Ctx) -> list[dict[str, Any]]:
        self._expire_idle(c)
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
                last = (flag.summary or "").strip().splitlines()[-1:] or [""]
                last = last[0]
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

    def _expire_idle(self, c: Ctx) -> None:
        """Idle takeovers go back to the queue; the reminders scheduler does the same
        every tick, this makes it visible at once to whoever looks at the queue."""
        if not takeover.idle(c.s):
            return
        rasa = self.settings.rasa
        takeover.expire_idle(c.s, resume=lambda conv: rasa.append_events(
            conv, [takeover.RESUME_EVENT]))

    def queue_page(self, c: Ctx) -> Response:
        rows = self._queue_rows(c)
        c.audit("read", "queue", detail={"flags": len(rows)})
        return c.page("queue.html", rows=rows, count=len(rows))

    def queue_api(self, c: Ctx) -> Response:
        rows = self._queue_rows(c)
        title = f"({len(rows)}) {c.t('queue')}" if rows else c.t("queue")
        return JSONResponse({"count": len(rows), "title": title, "rows": rows,
                             "empty": c.t("empty_queue")})

    # --- conversations -------------------------------------------------------------------

    def flag_page(self, c: Ctx) -> Response:
        flag = c.flag(_int(c.request.path_params["flag_id"]))
        identity = (enrollment.identity_for_conversation(c.s, flag.conversation_id)
                    if flag.conversation_id else None)
        c.took_flags([flag])
        if identity is not None:
            return redirect(f"/conversations/{identity.id}#flag-{flag.id}")
        if flag.patient_id is not None:
            return redirect(f"/patients/{flag.patient_id}#flag-{flag.id}")
        c.audit("read", "flag", entity_id=flag.id)
        return c.page("flag.html", flag=flag, paging=c.paging([flag]))

    def conversation_page(self, c: Ctx) -> Response:
        identity = c.identity(_int(c.request.path_params["identity_id"]))
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
        context = self._patient_context(c, patient)
        context["paging"] = c.paging(open_flags)
        c.s.commit()  # no database lock held while Rasa answers
        error = None
        try:
            lines = data.transcript(self.settings.rasa.tracker(conversation))
        except httpx.HTTPError as exc:
            log.warning("tracker of identity %s unavailable: %s", identity.id, exc)
            lines, error = [], "rasa_down"
        nurse_ids = {line.nurse_id for line in lines if line.nurse_id}
        nurses = {u.id: u.username for u in c.s.scalars(
            select(ConsoleUser).where(ConsoleUser.id.in_(nurse_ids)))} if nurse_ids else {}
        return c.page("conversation.html", identity=identity, patient=patient, lines=lines,
                      nurses=nurses, flags=open_flags, held=held, transcript_error=error,
                      **context)

    def _patient_context(self, c: Ctx, patient: Patient) -> dict[str, Any]:
        now = utcnow()
        series = data.adherence_series(c.s, patient, now=now)
        taken = sum(d.taken for d in series)
        planned = sum(d.planned for d in series)
        pending = sum(d.pending for d in series)
        summary = c.t("adherence_summary", taken=taken, planned=planned,
                      percent=round(100 * taken / planned) if planned else 0)
        if pending:
            summary += " · " + c.t("adherence_pending", count=pending)
        planned += pending  # a chart as soon as a dose is due
        team = list(c.s.scalars(
            select(CareTeamMember).join(CareAssignment, CareAssignment.member_id ==
                                        CareTeamMember.id)
            .where(CareAssignment.patient_id == patient.id).order_by(CareTeamMember.name)))
        return {
            "goals": list(c.s.scalars(select(Goal).where(
                Goal.patient_id == patient.id, Goal.status == "active").order_by(Goal.id))),
            "medications": list(c.s.scalars(select(Medication).where(
                Medication.patient_id == patient.id, Medication.active.is_(True))
                .order_by(Medication.id))),
            "appointments": list(c.s.scalars(select(Appointment).where(
                Appointment.patient_id == patient.id, Appointment.cancelled.is_(False),
                Appointment.starts_at >= now).order_by(Appointment.starts_at).limit(5))),
            "care_team": team,
            "chart": data.adherence_svg(series, summary, c.t("pending")) if planned else None,
            "adherence_summary": summary if planned else c.t("no_doses"),
            "zone": patient.timezone,
        }

    def _held_by_me(self, c: Ctx, identity: ChannelIdentity):  # type: ignore[no-untyped-def]
        held = takeover.current(c.s, identity.conversation_id)
        return held if held is not None and held.user_id == c.user.id else None

    def take_over(self, c: Ctx) -> Response:
        identity = c.identity(_int(c.request.path_params["identity_id"]))
        back = f"/conversations/{identity.id}"
        try:
            takeover.start(c.s, identity.conversation_id, identity.patient_id, c.user.id,
                           actor=c.actor)
        except takeover.TakeoverError:
            held = takeover.current(c.s, identity.conversation_id)
            c.flash("held_by_other", "error", name=held.user.username if held else "?")
            return redirect(back)
        c.s.commit()  # held from now on, whatever Rasa says; the gateway pauses it too
        try:
            self.settings.rasa.append_events(identity.conversation_id, [takeover.PAUSE_EVENT])
        except httpx.HTTPError as exc:
            log.warning("pause of identity %s not confirmed by Rasa: %s", identity.id, exc)
        c.flash("held_by_you")
        return redirect(back)

    def reply(self, c: Ctx) -> Response:
        identity = c.identity(_int(c.request.path_params["identity_id"]))
        back = f"/conversations/{identity.id}"
        held = self._held_by_me(c, identity)
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
        try:
            self.settings.rasa.append_events(identity.conversation_id, [
                {"event": "bot", "text": text, "metadata": {"nurse": user_id}}])
        except httpx.HTTPError as exc:
            log.warning("reply %s not added to the transcript: %s", row.id, exc)
        c.flash("sent")
        return redirect(back + "#reply")

    def hand_back(self, c: Ctx) -> Response:
        identity = c.identity(_int(c.request.path_params["identity_id"]))
        back = f"/conversations/{identity.id}"
        held = takeover.current(c.s, identity.conversation_id)
        if held is None:
            return redirect(back)
        if held.user_id != c.user.id and c.user.role == "nurse":
            c.flash("held_by_other", "error", name=held.user.username)
            return redirect(back)
        try:  # un-pause first: a takeover ends only once the bot can answer again
            self.settings.rasa.append_events(identity.conversation_id, [takeover.RESUME_EVENT])
        except httpx.HTTPError as exc:
            log.warning("resume of identity %s failed: %s", identity.id, exc)
            c.flash("rasa_error", "error")
            return redirect(back)
        takeover.end(c.s, held, "handed_back", c.actor)
        c.flash("done")
        return redirect(back)

    # --- flags ---------------------------------------------------------------------------

    def _after_flag(self, c: Ctx, flag: Flag) -> Response:
        identity = (enrollment.identity_for_conversation(c.s, flag.conversation_id)
                    if flag.conversation_id else None)
        if identity is not None:
            return redirect(f"/conversations/{identity.id}#flag-{flag.id}")
        if flag.patient_id is not None:
            return redirect(f"/patients/{flag.patient_id}")
        return redirect(f"/flags/{flag.id}")

    def acknowledge(self, c: Ctx) -> Response:
        flag = c.flag(_int(c.request.path_params["flag_id"]))
        try:
            paging.acknowledge_console(c.s, flag, c.user)
            flags.acknowledge(c.s, flag, c.actor)
            c.flash("done")
        except flags.FlagError:
            c.flash("done")  # already acknowledged or resolved: nothing to do
        return self._after_flag(c, flag)

    def escalate(self, c: Ctx) -> Response:
        flag = c.flag(_int(c.request.path_params["flag_id"]))
        note = c.field("note")
        if not note:
            c.flash("need_note", "error")
            return self._after_flag(c, flag)
        member_id = c.field("member_id")
        member = c.s.get(CareTeamMember, _int(member_id)) if member_id.isdigit() else None
        assigned = member is not None and flag.patient_id is not None and c.s.scalar(
            select(CareAssignment.id).where(CareAssignment.patient_id == flag.patient_id,
                                            CareAssignment.member_id == member.id))
        if not assigned:
            raise HTTPException(404)
        if not member.phone:
            c.flash("no_phone", "error")
            return self._after_flag(c, flag)
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
        return self._after_flag(c, flag)

    def resolve(self, c: Ctx) -> Response:
        flag = c.flag(_int(c.request.path_params["flag_id"]))
        note = c.field("note")
        if not note:
            c.flash("need_note", "error")
            return self._after_flag(c, flag)
        try:
            flags.resolve(c.s, flag, c.actor, note)
            c.flash("done")
        except flags.FlagError:
            c.flash("done")
        return self._after_flag(c, flag)

    # --- patients and care plans -----------------------------------------------------------

    def patients_page(self, c: Ctx) -> Response:
        visible = c.visible()
        query = select(Patient).order_by(Patient.last_name, Patient.first_name)
        if visible is not None:
            query = query.where(Patient.id.in_(visible))
        patients = list(c.s.scalars(query))
        c.audit("read", "patient_list", detail={"patients": len(patients)})
        return c.page("patients.html", patients=patients)

    def patient_page(self, c: Ctx) -> Response:
        patient = c.patient(_int(c.request.path_params["patient_id"]))
        identities = list(c.s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.patient_id == patient.id).order_by(ChannelIdentity.id)))
        patient_flags = list(c.s.scalars(select(Flag).where(
            Flag.patient_id == patient.id).order_by(Flag.created_at.desc()).limit(20)))
        c.audit("read", "patient", patient_id=patient.id, entity_id=patient.id)
        return c.page("patient.html", patient=patient, identities=identities,
                      flags=patient_flags, paging=c.paging(patient_flags),
                      **self._patient_context(c, patient))

    def careplan_page(self, c: Ctx) -> Response:
        patient = c.patient(_int(c.request.path_params["patient_id"]))
        if c.request.method == "POST":
            text = str(c.form.get("careplan", "")) if c.form is not None else ""
            return self._save_careplan(c, patient, text, with_lines=True)
        # Audited by export_careplan itself, as an export of the plan by this account.
        return self._careplan_editor(c, patient, export_careplan(c.s, patient, c.actor), [])

    def _careplan_editor(self, c: Ctx, patient: Patient, text: str, problems: list[str],
                         status_code: int = 200) -> Response:
        try:
            plan = careplan_forms.load(text)
        except ValueError:
            plan = {}
        return c.page("careplan.html", status_code, patient=patient, text=text,
                      problems=problems, plan=plan, goal_kinds=careplan_forms.GOAL_KINDS)

    def _save_careplan(self, c: Ctx, patient: Patient, text: str,
                       with_lines: bool) -> Response:
        """Validate the whole plan with bot/careplan_file and apply it, or show every
        problem (with line numbers for the YAML editor, paths for the forms)."""
        problems: list[str] = []
        try:
            plan = parse_careplan(text, "careplan.yml")
        except CarePlanFileError as error:
            problems = [(f"{c.t('line')} {p.line} — " if with_lines else "")
                        + (f"{p.path} : " if p.path else "") + p.message
                        for p in error.problems]
        else:
            team = patient.team.name if patient.team else None
            shared = shared_member_changes(c.s, plan) if c.user.role == "nurse" else []
            if plan.patient.ref != patient.external_ref or plan.patient.team != team:
                problems = [c.t("careplan_wrong_patient")]
            elif shared:  # shared by the team's other patients: a coordinator's change
                problems = [c.t("careplan_shared_member", name=name) for name in shared]
            else:
                apply_careplan(c.s, plan, actor=c.actor)
                c.flash("saved")
                return redirect(f"/patients/{patient.id}")
        c.audit("update_refused", "careplan", patient_id=patient.id,
                entity_id=patient.id, detail={"problems": len(problems)})
        return self._careplan_editor(c, patient, text, problems, 422)

    def careplan_change(self, c: Ctx) -> Response:
        """The simple forms (add or stop a medication, add or cancel an appointment, set
        a goal): one change to the current plan, validated and applied like the file."""
        patient = c.patient(_int(c.request.path_params["patient_id"]))
        current = export_careplan(c.s, patient, c.actor)
        fields = {key: c.field(key) for key in careplan_forms.FIELDS}
        try:
            text = careplan_forms.change(current, c.field("op"), fields)
        except careplan_forms.FormError as error:
            return self._careplan_editor(c, patient, current, [str(error)], 422)
        return self._save_careplan(c, patient, text, with_lines=False)

    # --- on-call rota -----------------------------------------------------------------------

    def rota_page(self, c: Ctx) -> Response:
        """The team's on-call rota as its YAML file (docs/rota-format.md), validated by
        bot/rota.py like the CLI's import: line-numbered errors, nothing stored unless
        all is valid; the next page and escalation follow it at once. A coordinator
        edits their team's, an admin any team's (?team=ID)."""
        teams = list(c.s.scalars(select(Team).order_by(Team.name)))
        if c.user.role == "admin":
            wanted = c.request.query_params.get("team") or c.field("team_id")
            team = next((t for t in teams if str(t.id) == wanted), teams[0] if teams else None)
        else:
            team = c.s.get(Team, c.user.team_id) if c.user.team_id else None
        if team is None:
            raise HTTPException(404)
        problems: list[str] = []
        status_code = 200
        if c.request.method == "POST":
            text = str(c.form.get("rota", "")) if c.form is not None else ""
            try:
                loaded, doc = rota.load_rota(c.s, text, "rota.yml")
                if loaded.id != team.id:
                    problems = [c.t("rota_wrong_team", team=team.name)]
            except rota.RotaFileError as error:
                problems = [f"{c.t('line')} {p.line} — " + (f"{p.path} : " if p.path else "")
                            + p.message for p in error.problems]
            if not problems:
                rota.apply_rota(c.s, team, doc, c.actor)
                c.flash("rota_saved")
                return redirect(f"/rota?team={team.id}")
            c.audit("update_refused", "rota", entity_id=team.id,
                    detail={"problems": len(problems)})
            status_code = 422
        else:
            text = rota.export_rota(c.s, team) or ROTA_TEMPLATE.format(team=team.name)
            c.audit("read", "rota", entity_id=team.id)
        team_rota = rota.rota_for(c.s, team.id)
        on_call = rota.who_is_on_call(team_rota, utcnow()) if team_rota else None
        member = c.s.get(CareTeamMember, on_call) if on_call else None
        return c.page("rota.html", status_code, team=team, teams=teams, text=text,
                      problems=problems, on_call=member, has_rota=team_rota is not None)

    # --- audit and accounts -------------------------------------------------------------------

    def audit_page(self, c: Ctx) -> Response:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)
        visible = c.visible()
        patient_param = c.request.query_params.get("patient")
        if patient_param:
            query = query.where(AuditEntry.patient_id == c.patient(_int(patient_param)).id)
        elif visible is not None:
            team_actors = [f"console:{u}" for u in c.s.scalars(
                select(ConsoleUser.username).where(ConsoleUser.team_id == c.user.team_id))]
            query = query.where(AuditEntry.patient_id.in_(visible)
                                | AuditEntry.actor.in_(team_actors))
        entries = list(c.s.scalars(query))
        c.audit("read", "audit", patient_id=int(patient_param) if patient_param else None)
        return c.page("audit.html", entries=entries)

    def users_page(self, c: Ctx) -> Response:
        if c.request.method == "POST":
            team = c.s.get(Team, int(c.field("team_id"))) if c.field("team_id").isdigit() else None
            try:
                accounts.create_user(c.s, c.field("username"), c.field("password"),
                                     c.field("role"), team=team.name if team else None,
                                     member=c.field("member") or None,
                                     language=c.field("language") or "fr", actor=c.actor)
                c.flash("done")
            except accounts.AccountError as error:
                c.request.session.setdefault("flash", []).append(
                    {"kind": "error", "text": str(error)})
            return redirect("/users")
        users = list(c.s.scalars(select(ConsoleUser).order_by(ConsoleUser.username)))
        teams = list(c.s.scalars(select(Team).order_by(Team.name)))
        c.audit("read", "console_users")
        return c.page("users.html", users=users, teams=teams, roles=accounts.ROLES)

    def disable_user(self, c: Ctx) -> Response:
        target = c.s.get(ConsoleUser, _int(c.request.path_params["user_id"]))
        if target is None:
            raise HTTPException(404)
        if target.id != c.user.id:
            accounts.disable_user(c.s, target, actor=c.actor)
            c.flash("done")
        return redirect("/users")

    def revoke_sessions(self, c: Ctx) -> Response:
        """Sign this account out everywhere (a lost or shared device)."""
        target = c.s.get(ConsoleUser, _int(c.request.path_params["user_id"]))
        if target is None:
            raise HTTPException(404)
        accounts.revoke_sessions(c.s, target, actor=c.actor, reason="admin")
        if target.id != c.user.id:
            c.flash("done")
        return redirect("/users")

    # --- development: chat as the demo patient ----------------------------------------------

    def dev_chat(self, c: Ctx) -> Response:
        """The demo patient's side, through the gateway like a Telegram message: the
        message is stored in the gateway's inbox, and the gateway's worker forwards it
        to Rasa (or keeps the bot quiet during a takeover)."""
        from gateway.inbox import accept

        lang = c.field("lang") or c.request.query_params.get("lang", "fr")
        lang = lang if lang in LANGUAGES else "fr"
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
            identity = enrollment.link(c.s, "cli", sender, code).identity
        identity_id, conversation = identity.id, identity.conversation_id
        c.s.commit()  # the gateway's worker must be able to write while we wait
        if c.request.method == "POST":
            text = c.field("text")[:MAX_REPLY]
            if text:
                with session_scope(self.settings.database_url) as s:
                    audit.record(s, c.actor, "dev_chat", "conversation",
                                 patient_id=patient.id, entity_id=identity_id)
                message_id = f"dev-{uuid.uuid4().hex}"
                accept("cli", message_id, sender, "text", text, {"dev_chat": True},
                       self.settings.database_url)
                if not self._wait_processed(message_id):
                    c.flash("dev_chat_waiting")
            return redirect(f"/dev/chat?lang={lang}")
        try:
            lines = data.transcript(self.settings.rasa.tracker(conversation))
        except httpx.HTTPError:
            lines = []
            c.flash("rasa_down", "error")
        return c.page("devchat.html", as_lang=lang, lines=lines, missing=False,
                      identity_id=identity_id)

    def _wait_processed(self, message_id: str) -> bool:
        deadline = time.monotonic() + self.settings.dev_chat_wait
        while time.monotonic() < deadline:
            with session_scope(self.settings.database_url) as s:
                status = s.scalar(select(InboundMessage.status).where(
                    InboundMessage.channel == "cli",
                    InboundMessage.provider_message_id == message_id))
            if status and status != "received":
                return True
            time.sleep(0.2)
        return False


ROTA_TEMPLATE = """\
# On-call rota (docs/rota-format.md): replace the names with your team's members.
version: 1
team: "{team}"
timezone: Europe/Brussels
ack_timeout_minutes: 10
weekly:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    start: "08:00"
    end: "20:00"
    member: "Day nurse"
  - days: [mon, tue, wed, thu, fri, sat, sun]
    start: "20:00"
    end: "08:00"
    member: "Night nurse"
replacements: []
escalation:
  - "Backup"
  - "Coordinator"
"""


def create_app(settings: Settings | None = None) -> ASGIApp:
    return ConsoleApp(settings).build()


def format_local(value: dt.datetime | None, zone: str = "Europe/Brussels") -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M") if value else ""
