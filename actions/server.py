"""The action server: rasa-sdk's app with our actions, on loopback, token-checked.

rasa-sdk's own launcher binds 0.0.0.0 and accepts any caller; the actions read and
write health data, so this one listens on ACTION_SERVER_HOST (127.0.0.1) and refuses
calls without ACTION_SERVER_TOKEN (Rasa sends it from endpoints.yml).

GET /health (no token) reports the one dependency, the care-plan database, checked
live: 200 {"status": "ok"} when it answers, 503 {"status": "degraded"} when it does not.
The server starts and serves even when the database is unreachable at start-up: the
schema migration is retried in the background (1 s, 2 s ... up to
DATABASE_RETRY_MAX_SECONDS apart, each try logged: bot/db.py) instead of the process
exiting.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import Request, response
from sqlalchemy import text

from bot.db import migrate_in_background, read_scope

CHECK_TIMEOUT = 5.0


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _select_one() -> None:
    with read_scope() as s:
        s.execute(text("SELECT 1"))


async def health_report() -> tuple[int, dict]:
    """(HTTP status, body) of /health: the database, checked now."""
    try:
        await asyncio.wait_for(asyncio.to_thread(_select_one), timeout=CHECK_TIMEOUT)
    except Exception as error:  # unreachable, refused, timed out: all "down"
        database = {"status": "down", "error": f"{type(error).__name__}: {error}"[:300],
                    "checked_at": _now()}
        return 503, {"status": "degraded", "process": "action_server",
                     "dependencies": {"database": database}}
    return 200, {"status": "ok", "process": "action_server",
                 "dependencies": {"database": {"status": "ok", "checked_at": _now()}}}


def build_app(token: str | None = None):
    token = token if token is not None else os.environ.get("ACTION_SERVER_TOKEN", "")
    app = create_app("actions", cors_origins=[])

    @app.middleware("request")
    async def check_token(request: Request):
        if request.path == "/health":  # ours, instead of rasa-sdk's constant "ok"
            status, body = await health_report()
            return response.json(body, status=status)
        given = request.args.get("token", "")
        if not token or not hmac.compare_digest(given, token):
            return response.json({"error": "forbidden"}, status=403)
        return None

    return app


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    migrate_in_background()  # the schema is current before the first action runs
    host = os.environ.get("ACTION_SERVER_HOST", "127.0.0.1")
    port = int(os.environ.get("ACTION_SERVER_PORT", "5055"))
    build_app().run(host=host, port=port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
