""""The assistant is briefly unavailable": once per outage and conversation.

A linked patient whose message Rasa cannot answer now (Rasa down, slow, or the action
server down) is told so once, and the message is kept and retried (gateway/forwarding.py).
Which conversations have been told is a table (``unavailable_notices``), not a
gateway's memory: a gateway restarted during the outage, or a second gateway process
handling the patient's next message, must not say it again. The row is written in the
transaction that queues the notice (both or neither) and deleted in the transaction
that stores Rasa's next answer to that conversation: the outage is over for it, and
the next one gets its own notice. The primary key settles two processes racing for
the same conversation (one of them inserts; the other finds it told).

A row left by an outage that ended without an answer to that conversation (its
messages failed after 24 hours) does not silence later outages for ever: after
FORGET_AFTER it counts as a new outage.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, bindparam, delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import enrollment, outbound
from bot.inbound import both
from bot.messages import render
from bot.models import UnavailableNotice, utcnow
from bot.outbound import Message, Recipient

FORGET_AFTER = dt.timedelta(hours=24)  # as long as an inbound message is retried


def first_in_outage(s: Session, conversation_id: str) -> bool:
    """Records that the conversation is told now; False if it was already told in this
    outage (by this process or another)."""
    now = utcnow()
    told = s.get(UnavailableNotice, conversation_id, with_for_update=True)
    if told is not None:
        if told.told_at > now - FORGET_AFTER:
            return False
        told.told_at = now
        return True
    try:
        with s.begin_nested():
            s.add(UnavailableNotice(conversation_id=conversation_id, told_at=now))
    except IntegrityError:  # another process told it an instant ago
        return False
    return True


def tell(s: Session, conversation_id: str, recipient: Recipient, row_id: int) -> bool:
    """Queues the notice (urgent: it must not wait behind reminders) in the patient's
    language, or both, unless the conversation was told already; True if queued."""
    if not first_in_outage(s, conversation_id):
        return False
    identity = enrollment.identity_for_conversation(s, conversation_id)
    lang = identity.patient.language if identity is not None else None
    outbound.send(s, recipient,
                  Message(render("assistant_unavailable", lang) if lang
                          else both("assistant_unavailable"),
                          f"in:{row_id}:unavailable", urgent=True))
    return True


_FORGET = delete(UnavailableNotice).where(
    UnavailableNotice.conversation_id == bindparam("conversation_id"))


def answered(s: Session | Connection, conversation_id: str) -> None:
    """Rasa answered the conversation: its outage is over."""
    s.execute(_FORGET, {"conversation_id": conversation_id})
