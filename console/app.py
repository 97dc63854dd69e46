"""The nurse console: server-rendered pages (Starlette + Jinja2) over the care-plan
database and, for transcripts, Rasa's HTTP API (server side only, with its token).

This module only assembles the application; see docs/architecture.md, "The nurse
console", for where each part lives:

- ``console/settings.py``: ``Settings`` (environment);
- ``console/context.py``: ``ConsoleApp`` (templates, ``handler``: every page runs in
  one transaction for a signed-in account of the right role) and ``Ctx``;
- ``console/security.py``: security headers and the CSRF check on every form;
- ``console/routes/``: the pages, one module per group; ``fhir.py`` is the one route
  that is not a page (a FHIR endpoint for GP systems, bearer tokens, no session).

Every page needs a signed-in account; every patient, flag or conversation id is checked
against what the account may see (bot/accounts.py) and answers 404 otherwise. Every
view and action is written to the audit trail.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from console import security
from console.context import HERE, ConsoleApp, redirect
from console.routes import (
    admin,
    auth,
    conversations,
    dev,
    fhir,
    flags,
    gdpr,
    health,
    patients,
    queue,
)
from console.settings import Settings

__all__ = ["ConsoleApp", "Settings", "create_app"]


def create_app(settings: Settings | None = None) -> ASGIApp:
    app = ConsoleApp(settings)
    settings = app.settings
    routes = [
        *health.routes(app),
        *fhir.routes(app),  # bearer tokens, not sessions: see its docstring
        Route("/", lambda request: redirect("/queue")),
        *auth.routes(app),
        *queue.routes(app),
        *flags.routes(app),
        *conversations.routes(app),
        *patients.routes(app),
        *gdpr.routes(app),
        *admin.routes(app),
        *dev.routes(app),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    starlette = Starlette(
        routes=routes,
        middleware=[Middleware(SessionMiddleware, secret_key=settings.secret_key,
                               session_cookie="console_session",
                               max_age=int(settings.session_max_hours * 3600),
                               same_site="lax", https_only=settings.secure_cookies)],
        exception_handlers={404: app.not_found, 405: app.not_found,
                            DBAPIError: app.database_down},
    )
    return security.protect(starlette, settings)
