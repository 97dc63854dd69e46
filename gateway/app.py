"""The gateway's web application: provider webhooks in, workers running beside them.

    POST /webhooks/telegram/webhook   Telegram Bot API updates (secret-token header)
    POST /webhooks/twilio/webhook     SMS and WhatsApp messages (X-Twilio-Signature)
    POST /webhooks/twilio/status      Twilio delivery status callbacks (signed too)
    GET  /health

A webhook is answered 2xx only once the message is stored; anything unverifiable gets
403 and nothing is stored; anything malformed gets 400. Both webhooks stay closed
(403) until their secret is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from twilio.request_validator import RequestValidator

from bot import emergency_classifier, outbound
from bot.db import session_scope
from bot.models import OutboundMessage
from bot.rasa_client import RasaClient
from gateway.config import Settings
from gateway.delivery import Delivery, delivery_status
from gateway.inbox import Inbox, accept
from gateway.transports import TWILIO_PERMANENT, TWILIO_STOP_CHANNEL

log = logging.getLogger("gateway")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_BODY = 256 * 1024


def telegram_inbound(data: dict[str, Any]) -> tuple[str, str, str, dict[str, Any]] | None:
    """(sender chat id, kind, text, metadata) of an update we handle, else None.

    Edited messages, channel posts, membership changes and the like are not patient
    messages: they are acknowledged and ignored. A body of the wrong shape (a message
    that is not an object, a number for a text, a chat id that is not an integer)
    raises ValueError: refused with 400 before anything is stored, so it can neither
    break the sender's queue nor leave an answer that cannot be sent."""
    for key in ("message", "callback_query"):
        if key in data and not isinstance(data[key], dict):
            raise ValueError(f"{key} is not an object")
    try:
        update = Update.de_json(data, None)
    except (AttributeError, TypeError, KeyError) as error:
        raise ValueError(f"not a Telegram update: {error}") from error
    if update.message is not None:
        message = update.message
        if not isinstance(message.chat.id, int) or isinstance(message.chat.id, bool):
            raise ValueError("chat.id is not an integer")
        for name in ("text", "caption"):
            if getattr(message, name) is not None and not isinstance(getattr(message, name), str):
                raise ValueError(f"message.{name} is not a string")
        metadata: dict[str, Any] = {}
        if message.from_user is not None and message.from_user.language_code:
            metadata["telegram_language_code"] = message.from_user.language_code
        if message.text:
            return str(message.chat.id), "text", message.text, metadata
        if message.caption:  # a photo or document with words: the words are the message
            metadata["media_caption"] = True
            return str(message.chat.id), "text", message.caption, metadata
        return str(message.chat.id), "media", "", metadata
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat.id if query.message is not None else query.from_user.id
        if not isinstance(chat, int) or not isinstance(query.data or "", str):
            raise ValueError("callback_query of the wrong shape")
        return str(chat), "callback", query.data or "", {"callback_id": query.id}
    return None


class Gateway:
    def __init__(self, settings: Settings | None = None, database_url: str | None = None,
                 rasa: RasaClient | None = None):
        self.settings = settings or Settings()
        self.database_url = database_url
        self.delivery = Delivery(self.settings, database_url)
        callback = self.delivery.telegram.answer_callback if self.delivery.telegram else None
        self.inbox = Inbox(self.settings, rasa or RasaClient(), database_url, callback)
        self.inbox.outbound_wakeup = self.delivery.wakeup
        self.stop = asyncio.Event()

    # --- lifecycle ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        # Trained before the first webhook, so no red flag waits for it.
        await asyncio.to_thread(emergency_classifier.model)
        await self.delivery.start()
        tasks = [asyncio.create_task(self.inbox.run_forever(self.stop)),
                 asyncio.create_task(self.delivery.run_forever(self.stop))]
        try:
            yield
        finally:
            self.stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.delivery.stop()

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/webhooks/telegram/webhook", self.telegram_webhook, methods=["POST"]),
                Route("/webhooks/twilio/webhook", self.twilio_webhook, methods=["POST"]),
                Route("/webhooks/twilio/status", self.twilio_status, methods=["POST"]),
                Route("/health", self.health, methods=["GET"]),
            ],
            lifespan=self.lifespan,
        )

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "telegram": self.settings.telegram_enabled,
                             "twilio": self.settings.twilio_enabled})

    # --- Telegram ------------------------------------------------------------------------

    async def telegram_webhook(self, request: Request) -> Response:
        secret = self.settings.telegram_secret
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("telegram webhook: wrong or missing secret token, refused")
            return Response("forbidden", status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response("too large", status_code=413)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not a Telegram update")
            parsed = telegram_inbound(data)
        except (ValueError, KeyError, TypeError) as error:
            log.warning("telegram webhook: malformed update refused (%s)", error)
            return Response("malformed update", status_code=400)
        if parsed is None:
            log.info("telegram update %s of an unhandled type ignored", data["update_id"])
            return Response("ignored")
        sender, kind, text, metadata = parsed
        await self.accept("telegram", str(data["update_id"]), sender, kind, text, metadata)
        return Response("ok")

    async def accept(self, channel: str, provider_id: str, sender: str, kind: str, text: str,
                      metadata: dict[str, Any] | None) -> None:
        """Store (and screen) the message, then wake the workers: delivery at once when
        the safety net queued a 112 answer, so it never waits for the inbox."""
        accepted = await asyncio.to_thread(accept, channel, provider_id, sender, kind, text,
                                           metadata, self.database_url)
        if accepted.red_flag:
            self.delivery.wakeup.set()
        if accepted.stored:
            self.inbox.wakeup.set()

    # --- Twilio --------------------------------------------------------------------------

    async def _verified_form(self, request: Request) -> dict[str, str] | Response:
        if not self.settings.twilio_enabled:
            log.warning("twilio webhook called but Twilio is not configured: refused")
            return Response("forbidden", status_code=403)
        try:
            form = await request.form()
        except Exception:
            return Response("malformed form", status_code=400)
        params = {key: str(value) for key, value in form.multi_items()}
        # The URL as Twilio saw it: the public URL, also behind a proxy.
        url = self.settings.public_url + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        signature = request.headers.get("X-Twilio-Signature", "")
        if not RequestValidator(self.settings.twilio_token).validate(url, params, signature):
            log.warning("twilio webhook: invalid signature for %s, refused", request.url.path)
            return Response("forbidden", status_code=403)
        return params

    async def twilio_webhook(self, request: Request) -> Response:
        params = await self._verified_form(request)
        if isinstance(params, Response):
            return params
        sid, sender = params.get("MessageSid") or params.get("SmsSid"), params.get("From", "")
        if not sid or not sender:
            log.warning("twilio webhook: MessageSid or From missing")
            return Response("missing MessageSid or From", status_code=400)
        channel = "whatsapp" if sender.startswith("whatsapp:") else "sms"
        body = params.get("Body", "")
        media = int(params.get("NumMedia", "0") or 0)
        kind = "media" if media and not body.strip() else "text"
        await self.accept(channel, sid, sender.removeprefix("whatsapp:"), kind, body,
                           {"media_caption": True} if media and kind == "text" else None)
        # Replies go through the REST API, not TwiML: answer Twilio at once.
        return Response(EMPTY_TWIML, media_type="text/xml")

    async def twilio_status(self, request: Request) -> Response:
        params = await self._verified_form(request)
        if isinstance(params, Response):
            return params
        sid, status = params.get("MessageSid"), params.get("MessageStatus", "")
        if not sid:
            return Response("missing MessageSid", status_code=400)
        await asyncio.to_thread(self._update_status, sid, status, params.get("ErrorCode"))
        return Response("ok")

    def _update_status(self, sid: str, status: str, error_code: str | None) -> None:
        with session_scope(self.database_url) as s:
            row = s.scalars(
                select(OutboundMessage).where(OutboundMessage.provider_id == sid)
            ).first()
            if row is None:
                log.info("status callback for unknown message %s", sid)
                return
            ours = delivery_status(status)
            if row.status in ("delivered", "read") and ours in ("sent", "failed"):
                return  # callbacks arrive out of order: delivered is final
            if ours != "failed":
                row.status = ours
                return
            # Never sent again from a callback: Twilio took the message, and whether it
            # reached the phone is not known for sure; a second copy (a second 112
            # answer, a dose reminder twice) is worse. A permanent failure still stops
            # the channel and falls back to SMS (record_failure).
            code = int(error_code) if error_code and error_code.isdigit() else None
            failure = outbound.Failure(
                f"twilio_{code or status}", f"status callback: {status} {code or ''}".strip(),
                retryable=False, stop_channel=code in TWILIO_STOP_CHANNEL)
            if code is None or code in TWILIO_PERMANENT:
                outbound.record_failure(s, row, "twilio", failure)
            else:  # e.g. 30008 unknown error: recorded, not counted against the channel
                row.status = "failed"
                row.error_code, row.error_detail = failure.code, failure.detail
        self.delivery.wakeup.set()
