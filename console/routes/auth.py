"""Sign-in, sign-out and the interface language."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot import accounts
from bot.db import session_scope
from bot.nlu.languages import LANGUAGES
from console.context import ConsoleApp, Ctx, read_form, redirect


def routes(app: ConsoleApp) -> list[Route]:
    async def login_form(request: Request) -> Response:
        return app.page(request, "login.html", None, next=request.query_params.get("next", ""))

    async def login(request: Request) -> Response:
        form = await read_form(request)
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        target = str(form.get("next", ""))
        if not target.startswith("/") or target.startswith("//"):
            target = "/queue"

        source = request.client.host if request.client else "unknown"

        # argon2 runs with no transaction open (bot/accounts.sign_in).
        token = await run_in_threadpool(lambda: accounts.sign_in(
            username, password, source=source, database_url=app.settings.database_url))
        if token is None:
            # A wrong password, an unknown or disabled account and a throttled address
            # get the same page: nothing tells whether the account exists.
            request.session.clear()
            return app.page(request, "login.html", None, 401, error="bad_login",
                            next=target, username=username)
        request.session.clear()  # a new session at each sign-in
        # The cookie carries only the random token; the account is in console_sessions.
        request.session["token"] = token
        return redirect(target)

    async def logout(request: Request) -> Response:
        token = request.session.get("token")

        def end() -> None:
            with session_scope(app.settings.database_url) as s:
                accounts.end_session(s, token)

        await run_in_threadpool(end)
        request.session.clear()
        return redirect("/login")

    return [
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/language", app.handler(set_language), methods=["POST"]),
    ]


def set_language(c: Ctx) -> Response:
    lang = c.field("lang")
    if lang in LANGUAGES:
        c.user.language = lang
    back = c.field("next")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/queue")
