"""No credentials for a channel: the message stays in the outbound table."""

from __future__ import annotations

import logging

from bot.models import OutboundMessage

log = logging.getLogger("gateway.outbound")


class OutboxTransport:
    """Keep the message in the table, say so in the log. `bot outbox` shows the texts;
    the log carries no health data."""

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
