"""One module per provider, each holding everything about it (as in nyaruka courier's
one folder per channel): how its webhooks are verified, how an inbound payload becomes
an ``Inbound``, how a message is sent, and how its errors are classified.

    telegram.py   Bot API updates (secret-token header), python-telegram-bot sending
    twilio.py     SMS and WhatsApp form posts (X-Twilio-Signature), status callbacks,
                  twilio REST sending
    outbox.py     no credentials: the message stays in the table

gateway/app.py only routes requests to them; the rest of the gateway sees the
provider-neutral ``Inbound`` and ``SendError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.outbound import Failure

MAX_ID = 100  # inbound_messages.provider_message_id and .sender are VARCHAR(100)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, lone UTF-16 surrogates
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def storable(value: Any) -> Any:
    """``value`` with every string made storable in any database we run on: NUL
    (PostgreSQL refuses it in text and JSON) dropped, a lone surrogate (JSON's
    "\\ud800", which no UTF-8 encoder takes) replaced by U+FFFD; the rest, emoji, RTL
    marks and other controls included, is the patient's and kept."""
    if isinstance(value, str):
        return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)
    if isinstance(value, dict):
        return {storable(str(k)): storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value


def _identifier(name: str, value: str) -> None:
    if not value or len(value) > MAX_ID or _CONTROL.search(value) or _UNSTORABLE.search(value):
        raise ValueError(f"{name} empty, longer than {MAX_ID} or with control characters")


@dataclass(frozen=True)
class Inbound:
    """One message a provider delivered to us, before it is stored (gateway/accept.accept).

    Checked here, at the one door every channel goes through: an empty, oversized or
    control-laden provider id or sender is a ValueError (the webhook answers 400 and
    stores nothing: such a row could not be stored on PostgreSQL, or answered at
    all, and would block its sender's queue); text and metadata are made storable."""

    channel: str  # telegram | sms | whatsapp
    provider_id: str  # unique per provider: a retried webhook is stored once
    sender: str  # chat id, or phone number without the "whatsapp:" prefix
    kind: str  # text | media | callback
    text: str
    metadata: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        _identifier("provider id", self.provider_id)
        _identifier("sender", self.sender)
        object.__setattr__(self, "text", storable(self.text))
        if self.metadata is not None:
            object.__setattr__(self, "metadata", storable(self.metadata))


class SendError(Exception):
    """A provider refused or failed to take a message; ``failure`` says what to do."""

    def __init__(self, failure: Failure):
        super().__init__(failure.detail)
        self.failure = failure
