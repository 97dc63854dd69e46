"""The gateway's web application: provider webhooks in, workers running beside them.

    POST /webhooks/telegram/webhook   Telegram Bot API updates (secret-token header)
    POST /webhooks/twilio/webhook     SMS and WhatsApp messages (X-Twilio-Signature)
    POST /webhooks/twilio/status      Twilio delivery status callbacks (signed too)
    GET  /health                      each dependency's state (gateway/health.py)

A webhook is answered 2xx only once the message is stored; anything unverifiable gets
403 and nothing is stored; anything malformed gets 400. Both webhooks stay closed
(403) until their secret is configured. What is provider-specific (verification,
payloads, sending, errors) is in gateway/channels/; this module only routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import emergency_classifier
from bot.rasa_client import RasaClient
from gateway.channels import Inbound, telegram, twilio
from gateway.config import Settings
from gateway.delivery import Delivery
from gateway.health import Health, action_health_url, action_server_url, http_probe, rasa_probe
from gateway.inbox import Inbox, accept

log = logging.getLogger("gateway")
MAX_BODY = 256 * 1024


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
                 rasa: RasaClient | None = None):
        self.settings = settings or Settings()
        self.database_url = database_url
        self.delivery = Delivery(self.settings, database_url)
        callback = self.delivery.telegram.answer_callback if self.delivery.telegram else None
        self.inbox = Inbox(self.settings, rasa or RasaClient(), database_url, callback)
        self.inbox.outbound_wakeup = self.delivery.wakeup
        self.health = self._health()
        self.delivery.observe = self.health.observe
        self.inbox.observe = self.health.observe
        self.stop = asyncio.Event()

    def _health(self) -> Health:
        health = Health(self.database_url, self.settings.health_probe_seconds,
                        self.settings.health_backoff_max_seconds)
        health.add("rasa", rasa_probe(self.inbox.rasa))
        actions = action_server_url()
        self.inbox.actions_health_url = action_health_url(actions) if actions else None
        health.add("action_server", http_probe(action_health_url(actions)) if actions else None,
                   configured=bool(actions))
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
        tasks = [asyncio.create_task(self.inbox.run_forever(self.stop)),
                 asyncio.create_task(self.delivery.run_forever(self.stop)),
                 asyncio.create_task(self.health.run_forever(self.stop))]
        try:
            yield
        finally:
            self.stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.delivery.stop()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route(telegram.WEBHOOK_PATH, self.telegram_webhook, methods=["POST"]),
                Route(twilio.WEBHOOK_PATH, self.twilio_webhook, methods=["POST"]),
                Route(twilio.STATUS_PATH, self.twilio_status, methods=["POST"]),
                Route("/health", self.health_page, methods=["GET"]),
            ],
            lifespan=self.lifespan,
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
