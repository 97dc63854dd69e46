"""Twilio (SMS and WhatsApp): everything about it in one place.

    verify          X-Twilio-Signature over the URL as Twilio saw it (GATEWAY_PUBLIC_URL)
    parse_message   an incoming SMS / WhatsApp form post into an ``Inbound``
    parse_status    a delivery status callback into a ``StatusCallback``; record_status
                    applies it to the outbound row
    TwilioTransport sending through the REST API (WhatsApp templates outside 24 hours)
    classify_twilio the REST client's exceptions as a ``bot.outbound.Failure``
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass

from sqlalchemy import select
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from bot import escalation, outbound
from bot.db import session_scope
from bot.models import OutboundMessage
from bot.outbound import Failure
from gateway.channels import Inbound, SendError
from gateway.config import Settings

log = logging.getLogger("gateway.outbound")
webhook_log = logging.getLogger("gateway")
WEBHOOK_PATH = "/webhooks/twilio/webhook"
STATUS_PATH = "/webhooks/twilio/status"
SIGNATURE_HEADER = "X-Twilio-Signature"
PROBE_TIMEOUT = 5.0
# Replies go through the REST API, not TwiML: a webhook is answered with nothing to say.
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

# Twilio error codes that no retry will fix, and those meaning the number is gone.
TWILIO_PERMANENT = {21211, 21408, 21610, 21612, 21614, 63003, 63016, 30003, 30005, 30006}
TWILIO_STOP_CHANNEL = {21211, 21610, 21614, 30005, 30006}

# --- receiving ---------------------------------------------------------------------------


def verify(settings: Settings, path: str, query: str, params: dict[str, str],
           signature: str) -> bool:
    """Twilio signs the URL it called, as it saw it: the public URL, also behind a
    proxy, with the query string; and the form fields."""
    url = settings.public_url + path
    if query:
        url += "?" + query
    return RequestValidator(settings.twilio_token).validate(url, params, signature)


def parse_message(params: dict[str, str]) -> Inbound:
    """An incoming SMS or WhatsApp message ("whatsapp:" senders). A body with media is
    text (the words are the message, ``media_caption``); media alone is ``media``.
    ValueError when MessageSid (or SmsSid) or From is missing."""
    sid, sender = params.get("MessageSid") or params.get("SmsSid"), params.get("From", "")
    if not sid or not sender:
        raise ValueError("missing MessageSid or From")
    channel = "whatsapp" if sender.startswith("whatsapp:") else "sms"
    body = params.get("Body", "")
    media = int(params.get("NumMedia", "0") or 0)
    kind = "media" if media and not body.strip() else "text"
    metadata: dict[str, object] = {"media_caption": True} if media and kind == "text" else {}
    if params.get("ButtonPayload"):  # a quick-reply button pressed: Body is its title
        metadata["button_payload"] = params["ButtonPayload"]
    return Inbound(channel, sid, sender.removeprefix("whatsapp:"), kind, body, metadata or None)


@dataclass(frozen=True)
class StatusCallback:
    sid: str
    status: str  # Twilio's MessageStatus
    error_code: str | None = None

    @property
    def code(self) -> int | None:
        """Twilio's codes are ASCII digits, five of them; anything else is no code
        ("²".isdigit() is True but int("²") raises: a 500 before this)."""
        text = self.error_code or ""
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def parse_status(params: dict[str, str]) -> StatusCallback:
    """A delivery status callback. ValueError when MessageSid is missing."""
    sid = params.get("MessageSid")
    if not sid:
        raise ValueError("missing MessageSid")
    return StatusCallback(sid, params.get("MessageStatus", ""), params.get("ErrorCode"))


def delivery_status(provider_status: str) -> str:
    """Twilio's status callback values mapped onto ours."""
    return {"queued": "sent", "sending": "sent", "sent": "sent", "delivered": "delivered",
            "read": "read", "undelivered": "failed", "failed": "failed"}.get(
        provider_status, "sent")


def record_status(callback: StatusCallback, database_url: str | None = None) -> bool:
    """Applies a status callback to its outbound row; True when it recorded a failure
    (the delivery worker then has a fallback to send, maybe)."""
    with session_scope(database_url) as s:
        row = s.scalars(
            # Only what Twilio sent: a Telegram message_id could equal a hostile sid.
            select(OutboundMessage).where(OutboundMessage.provider_id == callback.sid,
                                          OutboundMessage.transport == "twilio")
        ).first()
        if row is None:
            webhook_log.info("status callback for unknown message %s", callback.sid)
            return False
        ours = delivery_status(callback.status)
        if row.status in ("delivered", "read") and ours in ("sent", "failed"):
            return False  # callbacks arrive out of order: delivered is final
        if ours != "failed":
            row.status = ours
            return False
        # Never sent again from a callback: Twilio took the message, and whether it
        # reached the phone is not known for sure; a second copy (a second 112
        # answer, a dose reminder twice) is worse. A permanent failure still stops
        # the channel and falls back to SMS (record_failure).
        code = callback.code
        failure = outbound.Failure(
            f"twilio_{code or callback.status}",
            f"status callback: {callback.status} {code or ''}".strip(),
            retryable=False, stop_channel=code in TWILIO_STOP_CHANNEL)
        if code is None or code in TWILIO_PERMANENT:
            outbound.record_failure(s, row, "twilio", failure)
        else:  # e.g. 30008 unknown error: recorded, not counted against the channel
            row.status = "failed"
            row.error_code, row.error_detail = failure.code, failure.detail
        escalation.flag_failed_sms(s, row)  # a care-team SMS not delivered: a flag
    return True


# --- sending -----------------------------------------------------------------------------


class TwilioTransport:
    name = "twilio"

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client = Client(settings.twilio_sid, settings.twilio_token)
        self.client.api.base_url = settings.twilio_api  # tests: the fake Twilio server
        self._probe_client: Client | None = None

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def probe(self) -> None:
        """For /health: the account answers (raises otherwise). A client of its own
        with a time-out, so a hanging API cannot hold a thread for ever."""
        if self._probe_client is None:
            self._probe_client = Client(self.settings.twilio_sid, self.settings.twilio_token,
                                        http_client=TwilioHttpClient(timeout=PROBE_TIMEOUT))
            self._probe_client.api.base_url = self.settings.twilio_api
        account = self._probe_client.api.v2010.accounts(self.settings.twilio_sid)
        await asyncio.to_thread(account.fetch)

    async def send(self, row: OutboundMessage, *, within_window: bool = True) -> tuple[str, str]:
        params: dict[str, str] = {"status_callback": f"{self.settings.public_url}{STATUS_PATH}"}
        if row.channel == "whatsapp":
            params["to"] = f"whatsapp:{row.address}"
            params["from_"] = f"whatsapp:{self.settings.twilio_whatsapp_from}"
            buttons = row.quick_replies or []
            if self.settings.whatsapp_reminder_content_sid and len(buttons) == 2:
                # A dose reminder with its two quick-reply buttons, in or out of the
                # 24-hour window (the template is approved): the ids are the payloads
                # Telegram's buttons send, so a press is the same answer.
                params["content_sid"] = self.settings.whatsapp_reminder_content_sid
                params["content_variables"] = json.dumps({
                    "1": row.text, "2": buttons[0]["title"], "3": buttons[0]["payload"],
                    "4": buttons[1]["title"], "5": buttons[1]["payload"]})
            elif within_window:
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
    """429 and 5xx are retried; a permanent code or another 4xx fails the message, and
    a number that is gone (TWILIO_STOP_CHANNEL) stops the channel."""
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
