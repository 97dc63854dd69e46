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

from dataclasses import dataclass
from typing import Any

from bot.outbound import Failure


@dataclass(frozen=True)
class Inbound:
    """One message a provider delivered to us, before it is stored (gateway/inbox.accept)."""

    channel: str  # telegram | sms | whatsapp
    provider_id: str  # unique per provider: a retried webhook is stored once
    sender: str  # chat id, or phone number without the "whatsapp:" prefix
    kind: str  # text | media | callback
    text: str
    metadata: dict[str, Any] | None = None


class SendError(Exception):
    """A provider refused or failed to take a message; ``failure`` says what to do."""

    def __init__(self, failure: Failure):
        super().__init__(failure.detail)
        self.failure = failure
