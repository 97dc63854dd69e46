"""Run the nurse console: `python -m console` (uvicorn on CONSOLE_HOST:CONSOLE_PORT)."""

from __future__ import annotations

import logging
import os

import uvicorn

from bot.db import migrate_in_background
from console.app import create_app


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # A database down at start-up does not stop the console: /health and every page
    # answer 503 until it is back; the migration is retried meanwhile (bot/db.py).
    migrate_in_background()
    host = os.environ.get("CONSOLE_HOST", "127.0.0.1")
    port = int(os.environ.get("CONSOLE_PORT", "8090"))
    # Access logs carry only paths, and paths carry only ids.
    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=True,
                ws="none")


if __name__ == "__main__":
    main()
