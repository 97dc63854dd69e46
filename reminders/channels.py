"""How a dose reminder reads on each channel, and how its answer words come back.

Telegram shows the "Pris ✅" / "Plus tard ⏰" buttons under the reminder; pressing one
sends its payload ("/medication_later") to the conversation, where Rasa runs the
action on the dose the reminder named (the ``pending_dose`` slot the reminder note
set). SMS has no buttons, and WhatsApp has them only through an approved Content
template, so on those channels the reminder says the two words to answer with, in
capitals ("Répondez PRIS ou PLUS TARD", "Antwoord GENOMEN of LATER"), and the gateway
turns those words, sent alone, into the same payloads (``answer_payload``): "plus tard"
by SMS snoozes the same dose as the Telegram button, without depending on the NLU
model's reading of two words.

The SMS text is short: one GSM-7 segment (160 characters) costs one SMS and arrives
whole. ``dose_text`` tries the medications with their dose ("Metformine (1 comprimé
500 mg)"), then by name only, and keeps the first that fits; a patient's name or a
medication outside GSM-7 ("Gaëtan", "Kardégic" is fine) can still make it longer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import adherence, doses, sms
from bot.messages import render
from bot.models import Reminder
from bot.nlu.language import normalise
from bot.outbound import QuickReply

DOSE_KINDS = ("medication", adherence.SNOOZE, adherence.FOLLOW_UP)
TAKEN, LATER, MISSED = "/medication_taken", "/medication_later", "/medication_missed"
# The words a reminder asks for, and the button payloads they stand for. The button
# titles come back as words too (WhatsApp sends the title as the body).
ANSWER_WORDS = {
    "pris": TAKEN, "genomen": TAKEN, "ok pris": TAKEN,
    "plus tard": LATER, "plustard": LATER, "later": LATER, "+ tard": LATER,
    "pas pris": MISSED, "niet genomen": MISSED,
}
PAYLOADS = frozenset(ANSWER_WORDS.values())
TEXT_CHANNELS = ("sms", "whatsapp")  # no buttons of their own: the words are the answer


def buttons(kind: str, lang: str) -> tuple[QuickReply, ...]:
    """The two buttons of a dose reminder: taken, and later (missed on a follow-up)."""
    follow_up = kind == adherence.FOLLOW_UP
    return (QuickReply(render("button_taken", lang), TAKEN),
            QuickReply(render("button_missed" if follow_up else "button_later", lang),
                       MISSED if follow_up else LATER))


def dose_text(kind: str, lang: str, channel: str, *, name: str, time: str,
              medications: Sequence[tuple[str, str]]) -> str:
    """The reminder of one time slot: ``medications`` is (name, dose text) of each
    dose still pending. On SMS and WhatsApp the short text with the answer words, in
    one GSM-7 segment when the names allow; on Telegram the text under the buttons."""
    full = ", ".join(sorted(f"{n} ({d})" for n, d in medications))
    if channel not in TEXT_CHANNELS:
        return render(f"reminder_{kind}", lang, name=name, time=time, medications=full)
    names = ", ".join(sorted({n for n, _ in medications}))
    candidates = [render(f"reminder_{kind}_sms", lang, name=name, time=time, medications=m)
                  for m in (full, names)]
    return next((text for text in candidates if sms.segments(text) == 1
                 and sms.is_gsm7(text)), min(candidates, key=sms.length_in_units))


def _word(text: str) -> str:
    """The answer as a keyword: lower case, no accents, no emoji or punctuation around."""
    plain = normalise(text)
    plain = "".join(ch for ch in plain if ch.isalnum() or ch in " +")
    return " ".join(plain.split())


def answer_payload(session: Session, patient_id: int, channel: str, text: str,
                   now: dt.datetime) -> str | None:
    """The button payload an SMS or WhatsApp answer stands for ("PLUS TARD" ->
    "/medication_later"), when it is one of the answer words alone and the patient
    was sent a dose reminder they can still answer (within the answer window); else
    None and the text goes to the conversation as written."""
    if channel not in TEXT_CHANNELS:
        return None
    payload = text.strip() if text.strip() in PAYLOADS else ANSWER_WORDS.get(_word(text))
    if payload is None:
        return None
    reminded = session.scalars(select(Reminder.id).where(
        Reminder.patient_id == patient_id, Reminder.caregiver_id.is_(None),
        Reminder.kind.in_(DOSE_KINDS), Reminder.status == "sent",
        Reminder.sent_at >= now - doses.ANSWER_WINDOW_AFTER).limit(1)).first()
    return payload if reminded is not None else None
