"""Run the gateway (`python -m gateway`), or its Telegram helpers:

    python -m gateway                      serve webhooks, deliver outbound messages
    python -m gateway set-webhook          register GATEWAY_PUBLIC_URL with Telegram
    python -m gateway poll                 development without a public URL: poll Telegram
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading

import uvicorn

from bot.db import migrate_in_background, unreachable
from gateway.app import RETRY_AFTER, Gateway, NotReadyError
from gateway.channels.telegram import WEBHOOK_PATH, parse_update
from gateway.config import Settings
from gateway.health import describe
from gateway.wakeups import mark_gateway_connections


async def set_webhook(settings: Settings) -> None:
    from telegram import Bot

    if not (settings.telegram_token and settings.telegram_secret):
        sys.exit("TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET must be set")
    async with Bot(settings.telegram_token, base_url=f"{settings.telegram_api}/bot") as bot:
        await bot.set_webhook(url=settings.public_url + WEBHOOK_PATH,
                              secret_token=settings.telegram_secret,
                              allowed_updates=["message", "callback_query"])
        print(f"webhook set to {settings.public_url + WEBHOOK_PATH}")


async def poll(settings: Settings, schema_ready: threading.Event) -> None:
    """Fetch updates with getUpdates and feed them to the same inbox as the webhook.
    An update is acknowledged (the offset moves past it) only once it is stored."""
    from telegram import Bot

    log = logging.getLogger("gateway")
    gateway = Gateway(settings, schema_ready=schema_ready)
    async with gateway.lifespan(gateway.app()):
        async with Bot(settings.telegram_token, base_url=f"{settings.telegram_api}/bot") as bot:
            await bot.delete_webhook()
            offset = 0
            while True:
                for update in await bot.get_updates(offset=offset, timeout=20):
                    try:
                        inbound = parse_update(update.to_dict())
                        if inbound:
                            await gateway.accept(inbound)
                    except ValueError as error:  # as the webhook's 400: skipped, not fatal
                        log.warning("telegram update %s of the wrong shape skipped (%s)",
                                    update.update_id, error)
                    except Exception as error:
                        if not (isinstance(error, NotReadyError) or unreachable(error)):
                            raise
                        log.warning("telegram update %s not stored (%s): fetched again",
                                    update.update_id, describe(error))  # the webhook's 503
                        await asyncio.sleep(float(RETRY_AFTER))
                        break
                    offset = update.update_id + 1


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # logs every header
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = Settings()
    mark_gateway_connections()  # before the first database connection
    command = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if command == "set-webhook":
        asyncio.run(set_webhook(settings))
        return
    # A database down at start-up does not stop the gateway: /health says so, webhooks
    # answer 503 (the provider sends them again), the migration is retried meanwhile.
    schema_ready = migrate_in_background()
    if command == "poll":
        asyncio.run(poll(settings, schema_ready))
        return
    uvicorn.run(Gateway(settings, schema_ready=schema_ready).app(),
                host=settings.host, port=settings.port,
                log_level="warning", proxy_headers=True, ws="none")


if __name__ == "__main__":
    main()
