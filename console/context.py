"""The request plumbing every console page shares: ``ConsoleApp.handler`` turns a plain
function of a ``Ctx`` into a Starlette endpoint that runs it in a worker thread, inside
one database transaction, for a signed-in account of the right role (anyone else is sent
to the sign-in page, or answered 401 on the API, 404 for a role that may not see it)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from bot import accounts, audit, care_roles, flags, paging
from bot.db import session_scope, unreachable
from bot.models import ChannelIdentity, ConsoleUser, Flag, Patient
from bot.nlu.languages import normalise
from console.i18n import translator
from console.settings import Settings

log = logging.getLogger("console")
HERE = Path(__file__).resolve().parent
MAX_REPLY = 2000


@dataclass
class Ctx:
    request: Request
    s: Session
    user: ConsoleUser
    form: FormData | None
    app: ConsoleApp

    @property
    def settings(self) -> Settings:
        return self.app.settings

    @property
    def lang(self) -> str:
        return normalise(self.user.language)

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
        """Queue a message for the next page. The list is assigned anew, not appended
        to in place: Starlette saves the session cookie only when a key is assigned, so
        a second message before a page was shown used to be lost."""
        self.flash_text(self.t(key, **values), kind)

    def flash_text(self, text: str, kind: str = "info") -> None:
        waiting = list(self.request.session.get("flash", []))
        waiting.append({"kind": kind, "text": text})
        self.request.session["flash"] = waiting

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


async def read_form(request: Request) -> FormData:
    """The posted form with NUL removed from every value: PostgreSQL refuses NUL in
    text (a reply, a username looked up at sign-in), and no field means one."""
    form = await request.form()
    return FormData([(key, value.replace("\x00", "") if isinstance(value, str) else value)
                     for key, value in form.multi_items()])


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def int_param(value: str) -> int:
    """An id from the path or the query: anything but an integer answers 404."""
    try:
        return int(value)
    except ValueError:
        raise HTTPException(404) from None


def format_local(value: dt.datetime | None, zone: str = "Europe/Brussels") -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(zone)).strftime("%d/%m/%Y %H:%M") if value else ""


Handler = Callable[[Ctx], Response]


class ConsoleApp:
    """The settings, the templates, and the plumbing that runs a page (``handler``)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        if not self.settings.secret_key:
            log.warning("CONSOLE_SECRET_KEY is not set: sessions end when the console stops")
            self.settings.secret_key = secrets.token_hex(32)
        self.jinja = Environment(loader=FileSystemLoader(HERE / "templates"),
                                 autoescape=select_autoescape(["html"]), trim_blocks=True,
                                 lstrip_blocks=True)
        self.jinja.filters["local"] = format_local
        self.jinja.filters["role_label"] = care_roles.label  # {{ m.role|role_label(lang) }}

    def page(self, request: Request, template: str, user: ConsoleUser | None,
             status_code: int = 200, **context: Any) -> HTMLResponse:
        lang = normalise(user.language if user else request.session.get("lang"))
        csrf = request.scope.get("csrftoken")
        html = self.jinja.get_template(template).render(
            t=translator(lang), lang=lang, user=user, dev=self.settings.dev,
            csrftoken=csrf() if csrf else "", flashes=request.session.pop("flash", []),
            path=request.url.path, **context)
        return HTMLResponse(html, status_code=status_code)

    def handler(self, fn: Handler, roles: tuple[str, ...] | None = None,
                dev_only: bool = False, api: bool = False):
        async def endpoint(request: Request) -> Response:
            if dev_only and not self.settings.dev:
                raise HTTPException(404)
            form = await read_form(request) if request.method == "POST" else None
            return await run_in_threadpool(self._run, fn, request, form, roles, api)
        return endpoint

    def _run(self, fn: Handler, request: Request, form: FormData | None,
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

    async def database_down(self, request: Request, exc: Exception) -> Response:
        """A page the database could not serve (down, restarting, not reached since
        start-up): 503 and a page that says so, instead of a 500. Any other database
        error is a bug and stays a 500."""
        if not unreachable(exc):
            raise exc
        log.warning("%s: database unreachable (%s): 503", request.url.path,
                    f"{type(exc).__name__}"[:100])
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "database unavailable"}, status_code=503,
                                headers={"Retry-After": "5"})
        response = self.page(request, "error.html", None, 503,
                             message_key="database_unavailable")
        response.headers["Retry-After"] = "5"
        return response

    async def not_found(self, request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "not found"}, status_code=404)
        return self.page(request, "error.html", None, 404, message_key="not_found")
