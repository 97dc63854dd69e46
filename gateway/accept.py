"""The gateway's door: a webhook's message stored and screened by the safety net in one
transaction (``accept``), before the provider gets its 2xx.

A red flag has its 112 answer queued at urgent priority and its urgent flag raised
here, whatever happens next (flood, media, size, enrollment, takeover, Rasa down); the
inbox worker (gateway/inbox.py) does the rest. Its own module because the webhooks
(gateway/app.py) and the console's test chat (console/routes/dev.py) call it without
the worker.
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError

from bot import outbound, safety_net
from bot.db import connection_scope, session_on
from bot.models import InboundMessage
from bot.nlu.languages import known

log = logging.getLogger("gateway.inbox")


_STORE = insert(InboundMessage)
_NOTE_SCREENING = update(InboundMessage).where(InboundMessage.id == bindparam("row_id"))


class Accepted(NamedTuple):
    stored: bool  # False: this provider id was seen before (a retried webhook)
    red_flag: bool  # the safety net queued a 112 answer


def accept(
    channel: str, provider_message_id: str, sender: str, kind: str, text: str,
    metadata: dict[str, Any] | None, database_url: str | None = None,
) -> Accepted:
    """Store one accepted webhook and run the safety net on it, in one transaction. A
    retried webhook is neither stored nor answered twice."""
    try:
        with connection_scope(database_url) as c:
            # A duplicate provider id stops here, before anything is answered.
            stored = c.execute(_STORE, {
                "channel": channel, "provider_message_id": provider_message_id,
                "sender": sender, "kind": kind, "text": text, "metadata": metadata,
            }).inserted_primary_key
            row_id = stored[0] if stored is not None else None
            # The ORM only for a red flag (the flag, the answer): ``screen`` reads the
            # text first and touches the session after a red flag only.
            s = session_on(c, database_url)
            screening = safety_net.screen(s, channel, sender, text,
                                          hint=_locale_language(metadata))
            if screening.red_flag:
                c.execute(_NOTE_SCREENING, {"row_id": row_id, "metadata": {
                    **(metadata or {}), safety_net.METADATA_KEY: screening.metadata()}})
                outbound.send(s, outbound.Recipient(screening.patient_id, channel=channel,
                                                    address=sender),
                              outbound.Message(screening.text or "",
                                               f"safety:{channel}:{provider_message_id}",
                                               urgent=True))
                s.flush()
                log.warning("red flag (%s) in %s message %s: 112 answer queued, flag %s",
                            ",".join(screening.kinds), channel, row_id, screening.flag_id)
    except IntegrityError:
        log.info("duplicate %s message %s ignored", channel, provider_message_id)
        return Accepted(False, False)
    return Accepted(True, screening.red_flag)


def _locale_language(metadata: dict[str, Any] | None) -> str | None:
    """The language of the sender's app ("nl-BE" -> "nl"), for a text that has none."""
    code = str((metadata or {}).get("telegram_language_code") or "")[:2].lower()
    return known(code)
