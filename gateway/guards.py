"""The inbox's rules, one guard each, applied in order to a stored message before it
may go to Rasa (``GUARDS``, run by gateway/inbox.Inbox._prepare).

A guard takes the message being prepared (``Incoming``) and returns True when it has
dealt with it: answered (or deliberately not), status set, nothing for Rasa. False
lets the next guard look; a guard may also note something for the forward (the
conversation it belongs to, a nurse's hold). The safety net is not a guard: it ran
when the message was stored (gateway/accept.accept), before all of these, and a red
flag here only changes what else is said. Every answer's idempotency key is
``in:<inbound id>:<key>``, so a message prepared twice is answered once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, select, update
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from bot import (
    caregiver_replies,
    consent,
    enrollment,
    flags,
    i18n,
    outbound,
    paging,
    refills,
    safety_net,
    takeover,
)
from bot.inbound import both, route
from bot.messages import render
from bot.models import (
    Caregiver,
    ChannelIdentity,
    ConsentEvent,
    Flag,
    InboundMessage,
    Patient,
    Takeover,
)
from bot.nlu.languages import normalise
from bot.outbound import Message, Recipient
from gateway.config import Settings
from gateway.language import language_choice_guard
from reminders import channels

log = logging.getLogger("gateway.inbox")


# ``Incoming.load``'s query, built once per process. The consent and takeover columns
# are consent.chat_withdrawn's and takeover.is_held's questions about the account.
_LOAD = (
    select(InboundMessage, ChannelIdentity,
           select(ConsentEvent.given)
           .where(ConsentEvent.patient_id == ChannelIdentity.patient_id,
                  ConsentEvent.scope == consent.CHAT_SERVICE)
           .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()).limit(1)
           .scalar_subquery(),
           exists().where(Takeover.conversation_id == ChannelIdentity.conversation_id,
                          Takeover.ended_at.is_(None)))
    .outerjoin(ChannelIdentity, and_(ChannelIdentity.channel == InboundMessage.channel,
                                     ChannelIdentity.external_id == InboundMessage.sender))
    .options(joinedload(ChannelIdentity.patient))
    .where(InboundMessage.id == bindparam("row_id")))

_TOUCH = (update(ChannelIdentity).where(ChannelIdentity.id == bindparam("identity_id"))
          .values(last_inbound_at=bindparam("at")))
# The sender's messages in the minute before this one (``flood``).
_RECENT = select(func.count()).select_from(InboundMessage).where(
    InboundMessage.channel == bindparam("channel"),
    InboundMessage.sender == bindparam("sender"),
    InboundMessage.received_at > bindparam("since"),
    InboundMessage.id <= bindparam("row_id"))


@dataclass
class Incoming:
    """A stored message being prepared, and what the guards share about it."""

    s: Session
    row: InboundMessage
    settings: Settings
    identity: ChannelIdentity | None  # the sender's linked account, if any, before routing
    lang: str | None  # the patient's (or caregiver's) language, None for an unknown sender
    patient_id: int | None
    red_flag: bool  # the safety net answered it with 112 when it was stored
    # The caregiver rows of an SMS/WhatsApp number with no linked patient account.
    caregivers: list[Caregiver]
    conversation_id: str | None = None  # set by ``routing``: the conversation for Rasa
    # set by ``reminder_answer``: what Rasa gets instead of the text (a button payload)
    rasa_text: str | None = None
    held: bool = False  # set by ``takeover_hold``
    # Read with the message (``load``) for a linked account's patient and conversation:
    # the chat service withdrawn, the conversation held by a nurse.
    chat_withdrawn: bool = False
    conversation_held: bool = False

    @classmethod
    def load(cls, s: Session, row_id: int, settings: Settings) -> Incoming:
        """The message and its sender's account; a message from a linked account marks
        it reachable again (last inbound time; a stopped channel is started again).

        One query (issue 16: the guards' reads merged): the message, the account and its
        patient (every guard after reads both), and what the consent and takeover guards
        ask of a linked account."""
        row, identity, latest_consent, held = s.execute(
            _LOAD, {"row_id": row_id}).first() or (None, None, None, None)
        if row is None:  # stored by the inbox before it is queued
            raise NoResultFound(f"no inbound message {row_id}")
        if identity is not None:
            if identity.stopped_at is not None:  # they wrote again: reachable
                identity.last_inbound_at = row.received_at
                identity.stopped_at, identity.permanent_failures = None, 0
            else:  # every message: one plain UPDATE, not the ORM's flush
                s.connection().execute(_TOUCH, {"identity_id": identity.id,
                                                "at": row.received_at})
                set_committed_value(identity, "last_inbound_at", row.received_at)
        caregivers = ([] if identity is not None
                      else caregiver_replies.caregivers_for(s, row.channel, row.sender))
        lang = (identity.patient.language if identity is not None
                else caregiver_replies.language_of(caregivers) if caregivers else None)
        return cls(s, row, settings, identity, lang=lang,
                   patient_id=identity.patient_id if identity is not None else None,
                   red_flag=safety_net.from_metadata(row.metadata_), caregivers=caregivers,
                   chat_withdrawn=latest_consent is False, conversation_held=bool(held))

    @property
    def metadata(self) -> dict[str, Any]:
        return self.row.metadata_ or {}

    def reply(self, key: str, text: str | None = None) -> None:
        """An urgent answer on the sender's channel: ``text``, or the message ``key``
        in the patient's language (both languages for an unknown sender)."""
        body = text or (render(key, self.lang) if self.lang else both(key))
        caregiver_id = self.caregivers[0].id if self.caregivers else None
        outbound.send(self.s, Recipient(self.patient_id, caregiver_id, channel=self.row.channel,
                                        address=self.row.sender),
                      Message(body, f"in:{self.row.id}:{key}", urgent=True))


def flood(m: Incoming) -> bool:
    """More than GATEWAY_SENDER_LIMIT messages from one sender within a minute: the
    rest are not forwarded (a stuck client or a script must not drown Rasa or the
    queue), and the sender is told once, at the first one over the limit."""
    row = m.row
    recent = m.s.connection().execute(_RECENT, {
        "channel": row.channel, "sender": row.sender,
        "since": row.received_at - dt.timedelta(minutes=1), "row_id": row.id}).scalar_one()
    limit = m.settings.sender_limit_per_minute
    if recent <= limit:
        return False
    row.status, row.error = "ignored", "rate_limited"
    log.warning("%s sender flood: message %s not forwarded", row.channel, row.id)
    if recent == limit + 1:
        m.reply("too_many")
    return True


def not_text(m: Incoming) -> bool:
    """A photo without caption, a voice note, a sticker, or blank text: the assistant
    reads only words, so the sender is asked to write instead."""
    row = m.row
    if row.kind != "media" and row.text.strip():
        return False
    row.status, row.error = "ignored", "not_text"
    log.info("%s message %s has no text", row.channel, row.id)
    m.reply("only_text")
    return True


def too_long(m: Incoming) -> bool:
    """Longer than GATEWAY_MAX_TEXT: not forwarded, the sender is asked to be shorter;
    except after a red flag, whose 112 answer (the safety net read the whole text)
    must not be followed by "too long"."""
    row = m.row
    if len(row.text) <= m.settings.max_text_length:
        return False
    row.status, row.error = "ignored", "too_long"
    log.info("%s message %s too long (%d)", row.channel, row.id, len(row.text))
    if not m.red_flag:
        m.reply("too_long")
    return True


def page_acknowledgement(m: Incoming) -> bool:
    """"OK 4821" by SMS from the phone of a care-team member paged with that code
    (bot/paging.py): the page is acknowledged, the escalation stops, and the member
    gets a short confirmation. Anything else (another number, another code) is not
    an acknowledgement and goes on as a normal message. Before routing: a code is
    never tried as an enrollment code."""
    s, row = m.s, m.row
    code = paging.parse_ack(row.text) if row.channel == "sms" else None
    page = paging.acknowledge_sms(s, row.sender, code, row.received_at) if code else None
    if page is None:
        return False
    # the page's foreign key, on delete cascade
    member, flag = page.member, s.get_one(Flag, page.flag_id)
    patient = s.get(Patient, flag.patient_id) if flag.patient_id else None
    lang = normalise(member.language)
    ref = patient.external_ref if patient else i18n.text("team.page_unlinked", lang)
    outbound.send(s, Recipient(channel="sms", address=row.sender),
                  Message(i18n.text("team.page_ack_sms", lang, name=member.name,
                                    flag=flag.id, ref=ref), f"in:{row.id}:page_ack", urgent=True))
    row.status = "processed"
    log.info("page %s of flag %s acknowledged by SMS", page.id, flag.id)
    return True


def consent_withdrawal(m: Incoming) -> bool:
    """A linked patient writes "je retire mon consentement" / "ik trek mijn toestemming
    in" (bot/consent.is_withdrawal: variants, accents, typos): every consent is
    withdrawn at once (reminders and caregiver alerts stop: bot/consent.py), the
    patient gets the confirmation in their language (urgent, so past their own
    opt-out) and the care team a flag. Afterwards the chat service is withdrawn:
    nothing of theirs reaches Rasa and nothing is answered (STOP/START included, so
    this comes first: not even "only text, please" or "too many messages"), but the
    phrase again is confirmed again; the safety net still answered a red flag when
    the message was stored. A withdrawal is recorded once: prepared twice, or written
    twice, the second time finds the service already withdrawn."""
    if m.identity is None or m.patient_id is None:
        return False
    s, row = m.s, m.row
    withdrawn = m.chat_withdrawn  # consent.chat_withdrawn, read with the message
    if consent.is_withdrawal(row.text):
        if not withdrawn:
            patient = m.identity.patient
            consent.withdraw_all(s, patient, actor=f"{row.channel}:patient",
                                 channel=row.channel)
            flags.raise_flag(s, flags.CONSENT_WITHDRAWN, patient_id=m.patient_id,
                             conversation_id=m.identity.conversation_id,
                             summary=row.text[:200], actor=f"{row.channel}:patient",
                             source_message=f"inbound:{row.id}")
            log.info("%s message %s: consent withdrawn", row.channel, row.id)
        m.reply("consent_withdrawn")
        row.status = "processed"
        return True
    if withdrawn:
        row.status, row.error = "ignored", "consent_withdrawn"
        return True
    return False


def caregiver(m: Incoming) -> bool:
    """A message from a caregiver's number (SMS/WhatsApp, no linked patient account on
    it: a linked patient keeps the patient's path) never reaches Rasa and never gets
    the patients' sign-up text: bot/caregiver_replies.py answers it (alert seen,
    STOP/START, today's doses, or a flag with the text for the nurses). Only an
    enrollment code that is live goes on to routing: the caregiver enrolls as a
    patient."""
    s, row = m.s, m.row
    if not m.caregivers or enrollment.is_live_code(s, row.text):
        return False
    outcome = caregiver_replies.handle(s, m.caregivers, row.channel, row.text,
                                       now=row.received_at, red_flag=m.red_flag,
                                       source_message=f"inbound:{row.id}")
    for i, text in enumerate(outcome.replies):
        m.reply(f"cg{i}", text)
    row.status = "processed"
    log.info("%s message %s from a caregiver: %s", row.channel, row.id, outcome.action)
    return True


def routing(m: Incoming) -> bool:
    """STOP/START keywords, enrollment codes and deep links, unlinked senders
    (bot/inbound.route): answered here. A linked patient's message goes on, with its
    conversation id. A red flag is never counted as an enrollment try."""
    s, row = m.s, m.row
    result = route(s, row.channel, row.sender, row.text, red_flag=m.red_flag,
                   identity=m.identity)
    if m.identity is None:  # linked just now by a code?
        linked = enrollment.identity_for_sender(s, row.channel, row.sender)
        if linked is not None:
            linked.last_inbound_at = row.received_at
    for i, text in enumerate(result.replies):
        m.reply(f"r{i}", text)
    if result.conversation_id is None:
        row.status = "processed"
        return True
    m.conversation_id = result.conversation_id
    return False


def refill_answer(m: Incoming) -> bool:
    """"renouvelé" / "nouvelle boîte" / "opgehaald" / "nieuwe doos" alone, from a linked
    patient within 5 days of a refill reminder (bot/refills.py): the pack size is added
    to the stock, audited, and the patient gets the new count in their language. Not
    Rasa's business (no intent for it); the same words with no open reminder, or in a
    message the safety net answered, go on as written."""
    if m.patient_id is None or m.red_flag or not refills.is_refill_answer(m.row.text):
        return False
    s, row = m.s, m.row
    done = refills.refill(s, m.patient_id, row.received_at, actor=f"{row.channel}:patient",
                          source_message=f"inbound:{row.id}")
    if not done:
        return False
    m.reply("refill", "\n".join(render("refill_confirmed", m.lang, medication=med.name,
                                        stock=med.stock) for med in done))
    row.status = "processed"
    log.info("%s message %s: refill of %d medication(s)", row.channel, row.id, len(done))
    return True


def reminder_answer(m: Incoming) -> bool:
    """"PRIS" / "PLUS TARD" / "GENOMEN" / "LATER" alone by SMS or WhatsApp (or a
    WhatsApp quick-reply button) after a dose reminder: Rasa gets the payload of the
    Telegram button ("/medication_later"), so the answer does exactly what the button
    does, on the dose the reminder named (reminders/channels.py)."""
    pressed = m.metadata.get("button_payload")
    m.rasa_text = channels.answer_payload(
        m.s, m.patient_id or 0, m.row.channel,
        pressed if isinstance(pressed, str) and pressed else m.row.text, m.row.received_at)
    return False


def takeover_hold(m: Incoming) -> bool:
    """A conversation a nurse has taken over (bot/takeover.py) still goes to Rasa, to
    be recorded, but held: Rasa is paused again and nothing it says is sent."""
    if m.identity is not None and m.conversation_id == m.identity.conversation_id:
        m.held = m.conversation_held  # takeover.is_held, read with the message
    else:
        m.held = takeover.is_held(m.s, m.conversation_id or "")
    return False


GUARDS: tuple[Callable[[Incoming], bool], ...] = (
    consent_withdrawal, flood, not_text, too_long, language_choice_guard,
    page_acknowledgement, caregiver, routing, refill_answer, reminder_answer, takeover_hold)
