"""The gateway's web application: provider webhooks in, workers running beside them.

    POST /webhooks/telegram/webhook   Telegram Bot API updates (secret-token header)
    POST /webhooks/twilio/webhook     SMS and WhatsApp messages (X-Twilio-Signature)
    POST /webhooks/twilio/status      Twilio delivery status callbacks (signed too)
    GET  /health                      each dependency's state (gateway/health.py)

A webhook is answered 2xx only once the message is stored; anything unverifiable gets
403 and nothing is stored; anything malformed gets 400; anything that cannot be stored
because the database does not answer (or has not been reached since start-up) gets
503, so the provider sends it again (Telegram retries a webhook until it gets a 2xx;
Twilio does not retry an SMS webhook by default but calls the number's Fallback URL:
docs/deploy.md). Both webhooks stay closed
(403) until their secret is configured. What is provider-specific (verification,
payloads, sending, errors) is in gateway/channels/; this module only routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable

from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.db import database_url as default_database_url
from bot.db import unreachable
from bot.nlu import emergency_classifier
from bot.rasa_client import RasaClient
from gateway.channels import Inbound, telegram, twilio
from gateway.comeback import ACTIONS_LOST, RASA_DOWN
from gateway.comeback import PROBE_TIMEOUT as COMEBACK_TIMEOUT
from gateway.config import Settings
from gateway.delivery import Delivery
from gateway.health import (
    Health,
    action_health_url,
    action_server_url,
    describe,
    http_probe,
    rasa_probe,
)
from gateway.inbox import Inbox, accept
from gateway.wakeups import Notifications, Poll

log = logging.getLogger("gateway")
MAX_BODY = 256 * 1024
RETRY_AFTER = "5"  # seconds, on a 503: the database is expected back soon


class NotReadyError(Exception):
    """The schema has not been brought up to date since start-up: nothing is stored."""


async def _database_down(request: Request, error: Exception) -> Response:
    """A webhook the database could not store: 503, so the provider sends it again.
    Any other error is a bug and stays a 500."""
    if not isinstance(error, NotReadyError) and not unreachable(error):
        raise error
    log.warning("%s: database unreachable, answered 503 (%s)", request.url.path,
                describe(error))
    return Response("database unavailable, try again", status_code=503,
                    headers={"Retry-After": RETRY_AFTER})


async def _limited_body(request: Request) -> bytes | None:
    """The request body, or None past MAX_BODY, read no further than that: an unsigned
    1 GB form post must not be held in memory to find out it is not Twilio's. Kept on
    the request, so ``request.form()`` parses what was read."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # what Request.body() does: request.form() reads from it
    return body


class Gateway:
    def __init__(self, settings: Settings | None = None, database_url: str | None = None,
                 rasa: RasaClient | None = None, schema_ready: threading.Event | None = None):
        self.settings = settings or Settings()
        self.database_url = database_url
        # Set once the schema is current (bot/db.py, migrate_in_background); None: it
        # is already. Until then nothing is stored and the workers wait.
        self.schema_ready = schema_ready
        self.delivery = Delivery(self.settings, database_url)
        callback = self.delivery.telegram.answer_callback if self.delivery.telegram else None
        self.inbox = Inbox(self.settings, rasa or RasaClient(), database_url, callback)
        self.inbox.outbound_wakeup = self.delivery.wakeup
        self.health = self._health()
        self.delivery.observe = self.health.observe
        self.inbox.observe = self.inbox.comeback.observe = self.health.observe
        self.stop = asyncio.Event()
        # PostgreSQL: rows other processes queue wake the workers (gateway/wakeups.py),
        # whose polls then back off while idle.
        self.notifications = Notifications.for_url(
            database_url or default_database_url(),
            {"care_inbound": self.inbox.wakeup, "care_outbound": self.delivery.wakeup})
        if self.notifications is not None:
            self.inbox.poll = Poll(self.notifications.listening)
            self.delivery.poll = Poll(self.notifications.listening)

    def _health(self) -> Health:
        health = Health(self.database_url, self.settings.health_probe_seconds,
                        self.settings.health_backoff_max_seconds,
                        schema_ready=self.schema_ready)
        health.add("rasa", rasa_probe(self.inbox.rasa))
        # Probed every half second while messages wait for it (gateway/comeback.py).
        comeback = self.inbox.comeback
        comeback.add("rasa", RASA_DOWN, rasa_probe(self.inbox.rasa, COMEBACK_TIMEOUT))
        actions = action_server_url()
        self.inbox.actions_health_url = action_health_url(actions) if actions else None
        health.add("action_server", http_probe(action_health_url(actions)) if actions else None,
                   configured=bool(actions))
        if actions:
            comeback.add("action_server", ACTIONS_LOST,
                         http_probe(action_health_url(actions), COMEBACK_TIMEOUT))
        for name, transport in (("telegram", self.delivery.telegram),
                                ("twilio", self.delivery.twilio)):
            health.add(name, transport.probe if transport is not None else None,
                       configured=transport is not None)
        return health

    # --- lifecycle ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        # Trained before the first webhook, so no red flag waits for it.
        await asyncio.to_thread(emergency_classifier.warm_up)
        await self.delivery.start()
        if self.notifications is not None:
            self.notifications.start()
        tasks = [asyncio.create_task(self._once_ready(self.inbox.run_forever)),
                 asyncio.create_task(self._once_ready(self.delivery.run_forever)),
                 asyncio.create_task(self.health.run_forever(self.stop))]
        try:
            yield
        finally:
            self.stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            if self.notifications is not None:
                await asyncio.to_thread(self.notifications.stop)
            await self.delivery.stop()

    def ready(self) -> bool:
        return self.schema_ready is None or self.schema_ready.is_set()

    async def _once_ready(self, worker: Callable[[asyncio.Event], Awaitable[None]]) -> None:
        """A worker started once the schema is current: before, every round would fail
        (no table yet on a new database, or the old schema of an older version)."""
        while not self.ready():
            try:
                await asyncio.wait_for(self.stop.wait(), timeout=0.2)
                return
            except asyncio.TimeoutError:  # not the builtin on Python 3.10
                pass
        await worker(self.stop)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(telegram.WEBHOOK_PATH, self.telegram_webhook, methods=["POST"]),
                Route(twilio.WEBHOOK_PATH, self.twilio_webhook, methods=["POST"]),
                Route(twilio.STATUS_PATH, self.twilio_status, methods=["POST"]),
                Route("/health", self.health_page, methods=["GET"]),
            ],
            lifespan=self.lifespan,
            exception_handlers={NotReadyError: _database_down, DBAPIError: _database_down},
        )

    async def health_page(self, request: Request) -> Response:
        """200 while webhooks can be stored ("degraded" when Rasa, the action server or
        a provider is down: messages wait and are retried); 503 only when the database
        does not answer."""
        status, body = await self.health.report("gateway")
        return JSONResponse(body, status_code=status)

    async def accept(self, inbound: Inbound) -> None:
        """Store (and screen) the message, then wake the workers: delivery at once when
        the safety net queued a 112 answer, so it never waits for the inbox."""
        if not self.ready():
            raise NotReadyError("the schema migration has not run since start-up")
        accepted = await asyncio.to_thread(
            accept, inbound.channel, inbound.provider_id, inbound.sender, inbound.kind,
            inbound.text, inbound.metadata, self.database_url)
        if accepted.red_flag:
            self.delivery.wakeup.set()
        if accepted.stored:
            self.inbox.wakeup.set()

    # --- Telegram ------------------------------------------------------------------------

    async def telegram_webhook(self, request: Request) -> Response:
        if not telegram.verify(self.settings, request.headers.get(telegram.VERIFY_HEADER, "")):
            log.warning("telegram webhook: wrong or missing secret token, refused")
            return Response("forbidden", status_code=403)
        body = await _limited_body(request)
        if body is None:
            return Response("too large", status_code=413)
        try:
            inbound = telegram.parse_webhook(body)
        except ValueError as error:
            log.warning("telegram webhook: malformed update refused (%s)", error)
            return Response("malformed update", status_code=400)
        if inbound is None:
            return Response("ignored")
        await self.accept(inbound)
        return Response("ok")

    # --- Twilio --------------------------------------------------------------------------

    async def _verified_form(self, request: Request) -> dict[str, str] | Response:
        if not self.settings.twilio_enabled:
            log.warning("twilio webhook called but Twilio is not configured: refused")
            return Response("forbidden", status_code=403)
        if await _limited_body(request) is None:  # read before the signature is known
            return Response("too large", status_code=413)
        try:
            form = await request.form()
        except Exception:
            return Response("malformed form", status_code=400)
        params = {key: str(value) for key, value in form.multi_items()}
        if not twilio.verify(self.settings, request.url.path, request.url.query, params,
                             request.headers.get(twilio.SIGNATURE_HEADER, "")):
            log.warning("twilio webhook: invalid signature for %s, refused", request.url.path)
            return Response("forbidden", status_code=403)
        return params

    async def twilio_webhook(self, request: Request) -> Response:
        params = await self._verified_form(request)
        if isinstance(params, Response):
            return params
        try:
            inbound = twilio.parse_message(params)
        except ValueError as error:
            log.warning("twilio webhook: malformed message refused (%s)", error)
            return Response(str(error), status_code=400)
        await self.accept(inbound)
        return Response(twilio.EMPTY_TWIML, media_type="text/xml")

    async def twilio_status(self, request: Request) -> Response:
        params = await self._verified_form(request)
        if isinstance(params, Response):
            return params
        try:
            callback = twilio.parse_status(params)
        except ValueError as error:
            return Response(str(error), status_code=400)
        if await asyncio.to_thread(twilio.record_status, callback, self.database_url):
            self.delivery.wakeup.set()
        return Response("ok")
