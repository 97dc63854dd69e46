"""Telegram: everything about the Bot API in one place.

    verify         the X-Telegram-Bot-Api-Secret-Token header against TELEGRAM_WEBHOOK_SECRET
    parse_webhook  a webhook body into an ``Inbound`` (None: a kind of update we ignore;
                   ValueError: a body of the wrong shape, refused with 400)
    TelegramTransport  sending (python-telegram-bot), answering button presses
    classify_telegram  PTB's exceptions as a ``bot.outbound.Failure``
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.models import OutboundMessage
from bot.outbound import Failure
from gateway.channels import Inbound, SendError
from gateway.config import Settings

log = logging.getLogger("gateway.outbound")
webhook_log = logging.getLogger("gateway")
WEBHOOK_PATH = "/webhooks/telegram/webhook"
VERIFY_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# --- receiving ---------------------------------------------------------------------------


def verify(settings: Settings, given: str) -> bool:
    """The secret token Telegram echoes in every webhook call. Closed (False) until
    TELEGRAM_WEBHOOK_SECRET is set; compared in constant time."""
    secret = settings.telegram_secret
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


def parse_webhook(body: bytes) -> Inbound | None:
    """A webhook body: JSON, then ``parse_update``. Every malformation is a ValueError.

    Parsing touches nothing but the body, so whatever it raises is the body's fault,
    not a server error: not only KeyError and TypeError but a date out of range
    (OverflowError), a null where an object belongs (AttributeError), nesting deeper
    than the parser's recursion (RecursionError) and whatever python-telegram-bot's
    de_json meets next. All are a 400, never a 500."""
    try:
        data = json.loads(body)
        inbound = parse_update(data)
    except ValueError:
        raise
    except Exception as error:
        raise ValueError(f"{type(error).__name__}: {error}"[:200]) from None
    if inbound is None:
        webhook_log.info("telegram update %s of an unhandled type ignored", data["update_id"])
    return inbound


def parse_update(data: Any) -> Inbound | None:
    """The message of an update we handle, else None.

    Edited messages, channel posts, membership changes and the like are not patient
    messages: they are acknowledged and ignored. A body of the wrong shape (no integer
    update_id, a message that is not an object, a number for a text, a chat id that is
    not an integer) raises ValueError: refused with 400 before anything is stored, so it
    can neither break the sender's queue nor leave an answer that cannot be sent."""
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise ValueError("not a Telegram update")
    for key in ("message", "callback_query"):
        if key in data and not isinstance(data[key], dict):
            raise ValueError(f"{key} is not an object")
    try:
        update = Update.de_json(data, None)
    except (AttributeError, TypeError, KeyError) as error:
        raise ValueError(f"not a Telegram update: {error}") from error
    update_id = str(data["update_id"])
    if update.message is not None:
        message = update.message
        if not isinstance(message.chat.id, int) or isinstance(message.chat.id, bool):
            raise ValueError("chat.id is not an integer")
        for name in ("text", "caption"):
            if getattr(message, name) is not None and not isinstance(getattr(message, name), str):
                raise ValueError(f"message.{name} is not a string")
        chat = str(message.chat.id)
        metadata: dict[str, Any] = {}
        if message.from_user is not None and message.from_user.language_code:
            metadata["telegram_language_code"] = message.from_user.language_code
        if message.text:
            return Inbound("telegram", update_id, chat, "text", message.text, metadata)
        if message.caption:  # a photo or document with words: the words are the message
            metadata["media_caption"] = True
            return Inbound("telegram", update_id, chat, "text", message.caption, metadata)
        return Inbound("telegram", update_id, chat, "media", "", metadata)
    if update.callback_query is not None:
        query = update.callback_query
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        if not isinstance(chat_id, int) or not isinstance(query.data or "", str):
            raise ValueError("callback_query of the wrong shape")
        return Inbound("telegram", update_id, str(chat_id), "callback", query.data or "",
                       {"callback_id": query.id})
    return None


def telegram_inbound(data: Any) -> tuple[str, str, str, dict[str, Any] | None] | None:
    """(sender chat id, kind, text, metadata) of ``parse_update``, without the update id."""
    inbound = parse_update(data)
    if inbound is None:
        return None
    return inbound.sender, inbound.kind, inbound.text, inbound.metadata


# --- sending -----------------------------------------------------------------------------


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

    async def probe(self) -> None:
        """For /health: getMe answers (raises otherwise)."""
        await self.bot.get_me()

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
    """Retry after 429 (its retry_after) and network trouble; a blocked bot or a chat
    that is gone stops the channel; any other 400 fails this message only."""
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
