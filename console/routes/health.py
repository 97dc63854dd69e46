"""``/health``: whether the console can serve, and the state of what it depends on."""

from __future__ import annotations

import logging

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.db import session_scope
from console.context import ConsoleApp

log = logging.getLogger("console")
RASA_TIMEOUT = 2.0  # seconds: a health check answers quickly, whatever Rasa does


def routes(app: ConsoleApp) -> list[Route]:
    async def health(request: Request) -> Response:
        database, rasa = await run_in_threadpool(check, app)
        ok = database and rasa
        # 200 while the console can serve pages (its database answers), Rasa or not:
        # without Rasa only transcripts and pause/resume wait. 503 without its database.
        return JSONResponse({"status": "ok" if ok else "degraded",
                             "database": "ok" if database else "unreachable",
                             "rasa": "ok" if rasa else "unreachable"},
                            status_code=200 if database else 503)

    return [Route("/health", health)]


def check(app: ConsoleApp) -> tuple[bool, bool]:
    """(database answers ``SELECT 1``, Rasa answers at its configured URL)."""
    try:
        with session_scope(app.settings.database_url) as s:
            s.execute(text("SELECT 1"))
        database = True
    except Exception as error:  # any reason at all: the answer is "unreachable"
        log.warning("health: database unreachable: %s", error)
        database = False
    try:
        rasa = bool(app.settings.rasa.reachable(timeout=RASA_TIMEOUT))
    except Exception as error:
        log.warning("health: Rasa check failed: %s", error)
        rasa = False
    return database, rasa
