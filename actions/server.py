"""The action server: rasa-sdk's app with our actions, on loopback, token-checked.

rasa-sdk's own launcher binds 0.0.0.0 and accepts any caller; the actions read and
write health data, so this one listens on ACTION_SERVER_HOST (127.0.0.1) and refuses
calls without ACTION_SERVER_TOKEN (Rasa sends it from endpoints.yml).
"""

from __future__ import annotations

import hmac
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import Request, response

from bot.db import migrate


def build_app(token: str | None = None):  # type: ignore[no-untyped-def]
    token = token if token is not None else os.environ.get("ACTION_SERVER_TOKEN", "")
    app = create_app("actions", cors_origins=[])

    @app.middleware("request")
    async def check_token(request: Request):  # type: ignore[no-untyped-def]
        if request.path == "/health":
            return None
        given = request.args.get("token", "")
        if not token or not hmac.compare_digest(given, token):
            return response.json({"error": "forbidden"}, status=403)
        return None

    return app


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
    migrate()  # the schema is current before the first action runs
    host = os.environ.get("ACTION_SERVER_HOST", "127.0.0.1")
    port = int(os.environ.get("ACTION_SERVER_PORT", "5055"))
    build_app().run(host=host, port=port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
