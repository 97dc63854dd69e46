"""Rows a stopped process left ``sending``: already sent, or not?

A process killed between the provider's answer and the UPDATE that marks the row
sent leaves it ``sending``; the recovery (gateway/delivery.py, at start and on
PostgreSQL every few seconds) used to put every such row back in the queue, so a
message the provider had taken went out a second time. Never losing one matters more
than never doubling one, so a row is only marked sent on proof:

- Twilio (SMS, WhatsApp): its REST API lists the messages sent to a number
  (``GET /Accounts/{sid}/Messages.json?To=…``, newest first). A message there with
  the row's exact body, created no earlier than the row (Twilio's dates are to the
  second) and whose SID no other outbound row holds, is this row's: the row is marked
  sent with that SID instead of being sent again. A process that died sent at most
  one message per address in flight (gateway/delivery.py), and SIDs already recorded
  are left out, so an earlier identical text to the same number is never taken for
  it; none there: the row was not sent, and is queued again. When Twilio cannot be
  asked (down, time-out), or the row may have gone as a WhatsApp template (Twilio's
  body is then the rendered template, not comparable) and none matches, nothing is
  proven: the row is queued again and the resend recorded as uncertain.
- Telegram: the Bot API has no way to list what a bot sent, nor an idempotency key on
  ``sendMessage``: whether the message reached the chat cannot be known. The row is
  queued again (at most one duplicate, never a loss) and the resend is recorded as
  uncertain: an audit entry ``resend_uncertain`` on ``outbound_messages`` (the row's
  id, its patient) that the console's audit page shows.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bot import audit, outbound
from bot.db import read_scope, session_scope
from bot.models import OutboundMessage

log = logging.getLogger("gateway.delivery")
LOOKUP_LIMIT = 50  # the newest messages to a number looked at (one page)
UNCERTAIN = "resend_uncertain"


@dataclass(frozen=True)
class Left:
    """What is needed of a row left ``sending``."""

    id: int
    channel: str
    address: str
    text: str
    created_at: dt.datetime
    patient_id: int | None
    templated: bool  # may have gone as a WhatsApp template: Twilio's body is not its text


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def twilio_sent(client: Any, row: Left, known: set[str]) -> str | None:
    """The SID of the Twilio message that is ``row``, if Twilio has one; None when it
    has none. Raises when Twilio cannot be asked (the caller then cannot tell)."""
    to = f"whatsapp:{row.address}" if row.channel == "whatsapp" else row.address
    since = _aware(row.created_at).replace(microsecond=0)
    candidates = [m for m in client.messages.list(to=to, limit=LOOKUP_LIMIT)
                  if m.sid not in known and m.body == row.text
                  and m.date_created is not None and _aware(m.date_created) >= since]
    # Newest first from Twilio: the oldest candidate is the first send of this row.
    return min(candidates, key=lambda m: _aware(m.date_created)).sid if candidates else None


class Recovery:
    """Settles the rows left ``sending`` (optionally of one address): marked sent on
    Twilio's proof, else queued again, uncertain resends audited."""

    def __init__(self, database_url: str | None, twilio_client: Any | None,
                 templated: Any = None) -> None:
        self.database_url = database_url
        self.twilio = twilio_client
        # row -> True when it would go (went) as a WhatsApp template
        self.templated = templated or (lambda row: False)

    def _left(self, where: list[Any]) -> list[Left]:
        row = OutboundMessage
        with read_scope(self.database_url) as s:
            rows = s.scalars(select(row).where(row.status == "sending", *where)
                             .order_by(row.id)).all()
            return [Left(r.id, r.channel, r.address, r.text, r.created_at, r.patient_id,
                         self.templated(r)) for r in rows]

    def _known_sids(self, addresses: set[str]) -> set[str]:
        row = OutboundMessage
        with read_scope(self.database_url) as s:
            return set(s.scalars(select(row.provider_id).where(
                row.transport == "twilio", row.address.in_(addresses),
                row.provider_id.is_not(None))))

    def settle(self, where: list[Any]) -> int:
        """Returns how many rows went back in the queue."""
        left = self._left(where)
        if not left:
            return 0
        proven: dict[int, str] = {}
        uncertain: dict[int, str] = {}
        twilio_rows = [r for r in left if r.channel in ("sms", "whatsapp")]
        known = self._known_sids({r.address for r in twilio_rows}) if twilio_rows else set()
        for row in left:
            if row.channel not in ("sms", "whatsapp") or self.twilio is None:
                if row.channel == "telegram":
                    uncertain[row.id] = "Telegram cannot tell whether it was delivered"
                continue
            try:
                sid = twilio_sent(self.twilio, row, known)
            except Exception as error:  # Twilio cannot be asked: resend, uncertain
                uncertain[row.id] = f"Twilio not asked: {type(error).__name__}"
                continue
            if sid is not None:
                proven[row.id] = sid
                known.add(sid)
            elif row.templated:
                uncertain[row.id] = "may have gone as a WhatsApp template: not comparable"
        with session_scope(self.database_url) as s:
            return sum(self._settle_one(s, row, proven, uncertain) for row in left)

    @staticmethod
    def _settle_one(s: Session, row: Left, proven: dict[int, str],
                    uncertain: dict[int, str]) -> int:
        still = (OutboundMessage.id == row.id, OutboundMessage.status == "sending")
        if row.id in proven:
            s.execute(update(OutboundMessage).where(*still).values(
                **outbound.success_values("twilio", proven[row.id], "sent")))
            log.warning("message %s left sending by a stopped process: Twilio has it "
                        "(%s), marked sent, not sent again", row.id, proven[row.id])
            return 0
        count = cast(CursorResult, s.execute(update(OutboundMessage).where(*still)
                                             .values(status="queued"))).rowcount
        if count and row.id in uncertain:
            audit.record(s, "gateway", UNCERTAIN, "outbound_messages",
                         patient_id=row.patient_id, entity_id=row.id,
                         detail={"channel": row.channel, "reason": uncertain[row.id]})
        return int(count or 0)
