"""Thin adapters from the outbound queue to the providers' client libraries.

Each transport sends one queued row and turns the provider's exceptions into a
``bot.outbound.Failure`` (retryable or not, stop the channel or not), so the delivery
worker treats Telegram and Twilio alike. Without credentials the outbox transport
takes everything: the row is marked ``outbox`` and a log line says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from bot.models import OutboundMessage
from bot.outbound import Failure
from gateway.config import Settings

log = logging.getLogger("gateway.outbound")

# Twilio error codes that no retry will fix, and those meaning the number is gone.
TWILIO_PERMANENT = {21211, 21408, 21610, 21612, 21614, 63003, 63016, 30003, 30005, 30006}
TWILIO_STOP_CHANNEL = {21211, 21610, 21614, 30005, 30006}


class SendError(Exception):
    def __init__(self, failure: Failure):
        super().__init__(failure.detail)
        self.failure = failure


class TelegramTransport:
    name = "telegram"

    def __init__(self, settings: Settings):
        self.bot = Bot(settings.telegram_token, base_url=f"{settings.telegram_api}/bot")

    async def start(self) -> None:
        """Never fails: a Telegram outage (or a token it rejects) at start-up must not
        take the gateway down, with SMS, WhatsApp and every webhook it serves. PTB sets
        up its HTTP clients before asking getMe, so sending still works once Telegram
        answers; until then each send fails as retryable and is tried again."""
        try:
            await self.bot.initialize()
        except TelegramError as error:
            log.error("Telegram unreachable at start-up (%s): messages to Telegram wait "
                      "and are retried", error)

    async def stop(self) -> None:
        await self.bot.shutdown()

    async def send(self, row: OutboundMessage, *, within_window: bool = True) -> tuple[str, str]:
        markup = None
        if row.quick_replies:
            markup = InlineKeyboardMarkup([[
                InlineKeyboardButton(q["title"], callback_data=q["payload"][:64])
                for q in row.quick_replies
            ]])
        try:
            chat_id = int(row.address)
        except ValueError as error:  # no retry will make it a chat id
            raise SendError(Failure("telegram_address", f"not a chat id: {row.address!r}",
                                    retryable=False)) from error
        try:
            message = await self.bot.send_message(chat_id=chat_id, text=row.text,
                                                  reply_markup=markup)
        except TelegramError as error:
            raise SendError(classify_telegram(error)) from error
        return str(message.message_id), "sent"

    async def answer_callback(self, callback_id: str) -> None:
        try:
            await self.bot.answer_callback_query(callback_id)
        except TelegramError as error:  # the spinner stops by itself after a while
            log.warning("answerCallbackQuery failed: %s", error)


def classify_telegram(error: TelegramError) -> Failure:
    text = str(error)
    if isinstance(error, RetryAfter):
        wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
        return Failure("telegram_429", text, retryable=True, retry_after=seconds)
    if isinstance(error, Forbidden):  # "bot was blocked by the user", user deactivated
        return Failure("telegram_403", text, retryable=False, stop_channel=True)
    if isinstance(error, BadRequest):
        gone = "chat not found" in text.lower() or "user not found" in text.lower()
        return Failure("telegram_400", text, retryable=False, stop_channel=gone)
    if isinstance(error, TimedOut | NetworkError):  # includes 5xx answers
        return Failure("telegram_network", text, retryable=True)
    return Failure("telegram_error", text, retryable=True)


class TwilioTransport:
    name = "twilio"

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client = Client(settings.twilio_sid, settings.twilio_token)
        self.client.api.base_url = settings.twilio_api  # tests: the fake Twilio server

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, row: OutboundMessage, *, within_window: bool = True) -> tuple[str, str]:
        params: dict[str, str] = {
            "status_callback": f"{self.settings.public_url}/webhooks/twilio/status",
        }
        if row.channel == "whatsapp":
            params["to"] = f"whatsapp:{row.address}"
            params["from_"] = f"whatsapp:{self.settings.twilio_whatsapp_from}"
            if within_window:
                params["body"] = row.text
            elif self.settings.whatsapp_template_sid:
                # Outside the 24-hour window WhatsApp only accepts approved templates.
                params["content_sid"] = self.settings.whatsapp_template_sid
                params["content_variables"] = json.dumps({"1": row.text})
            else:
                raise SendError(Failure("whatsapp_window", "outside the 24-hour window and no "
                                        "template configured", retryable=False))
        else:
            params.update(to=row.address, from_=self.settings.twilio_sms_from, body=row.text)
        try:
            message = await asyncio.to_thread(self.client.messages.create, **params)
        except TwilioRestException as error:
            raise SendError(classify_twilio(error)) from error
        except Exception as error:  # network trouble, timeouts
            raise SendError(Failure("twilio_network", str(error), retryable=True)) from error
        return message.sid, message.status or "queued"


def classify_twilio(error: TwilioRestException) -> Failure:
    code = int(error.code) if error.code else None
    detail = f"{error.status} {code}: {error.msg}"
    if error.status == 429 or code == 20429:
        return Failure(f"twilio_{code or 429}", detail, retryable=True, retry_after=5)
    if error.status >= 500:
        return Failure(f"twilio_{code or error.status}", detail, retryable=True)
    if code in TWILIO_PERMANENT or 400 <= error.status < 500:
        return Failure(f"twilio_{code or error.status}", detail, retryable=False,
                       stop_channel=code in TWILIO_STOP_CHANNEL)
    return Failure(f"twilio_{code}", detail, retryable=True)


class OutboxTransport:
    """No credentials for this channel: keep the message in the table, say so in the log.
    `bot outbox` shows the texts; the log carries no health data."""

    name = "outbox"

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, row: OutboundMessage, *, within_window: bool = True) -> tuple[str, str]:
        log.info("outbox: message %s for %s %s (patient %s, caregiver %s), %d characters",
                 row.id, row.channel, "…" + row.address[-3:], row.patient_id, row.caregiver_id,
                 len(row.text))
        return f"outbox-{row.id}", "outbox"
