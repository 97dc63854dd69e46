"""Replies from a family caregiver's phone (aidant proche / mantelzorger).

Caregivers get SMS from us (reminders, missed-dose alerts, appointments) and answer
them; before this module their answer went down the patients' path and they were sent
the patients' sign-up text. Now a message by SMS or WhatsApp from a number on file as
a caregiver (``Caregiver.phone``, E.164 like the sender) is answered here, never by
Rasa: a caregiver is not the patient, and their words must not become the patient's
dose answers or progress.

What a caregiver can say (any case, with or without accents or final punctuation):

* "OK", "oui vu", "gezien", "merci"...: the latest missed-dose alert sent to them is
  acknowledged (``Reminder.acknowledged_at``, audited, a line on the patient's open
  missed-doses flag); the nurses see it on the patient's page.
* "STOP" / "ARRET" / "STOPPEN": no more alerts, reminders or appointment SMS for any
  patient they care for (``Caregiver.opted_out_at``, audited), confirmed in their
  language; "START" / "DEMARRER" / "STARTEN" resumes them (the same notion as the
  patients' SMS keywords, bot/inbound.py).
* "aujourd'hui ?" / "vandaag?": today's doses of each patient whose plan lets them be
  told about doses (``receives_reminders`` or ``receives_missed_dose_alerts``): counts,
  with the medication names only where ``may_see_medication_names`` allows.
* anything else: a ``caregiver_message`` flag with the text on each of their patients'
  conversations, and a short acknowledgement.

Red flags are not this module's business: the safety net answered them with 112 and
raised the urgent flag on the patient's conversation when the message was stored
(bot/safety_net.py, ``emergency_flags`` below); here a red-flag text only stops the
"other text" path from adding a second flag and a second answer.

A number that is both a linked patient account (on this channel) and a caregiver takes
the patient's path: the gateway asks this module only for senders with no linked
account, so a patient who also cares for a spouse keeps talking to the assistant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, doses, flags, i18n
from bot.formatting import format_date, format_time
from bot.inbound import START_WORDS, STOP_WORDS
from bot.messages import render
from bot.models import Caregiver, ChannelIdentity, Dose, Flag, Patient, Reminder, utcnow
from bot.nlu import languages
from bot.nlu.language import normalise

CHANNELS = ("sms", "whatsapp")
ACTOR = "caregiver"
CAREGIVER = "aidant/mantelzorger"  # in flag summaries, read by nurses of either language
ALERT = "caregiver_alert"
# An "OK" acknowledges an alert sent within this time; an older one is history.
ACK_WINDOW = dt.timedelta(days=2)
ACK_WORDS = frozenset({
    "ok", "okay", "oke", "okido", "vu", "oui", "oui vu", "ok vu", "bien vu", "bien recu",
    "recu", "ok recu", "d'accord", "dac", "merci", "ok merci", "merci bien",
    "gezien", "ok gezien", "ja gezien", "ja", "gelezen", "ontvangen", "begrepen",
    "ok bedankt", "bedankt", "dank u", "dank je", "in orde", "👍",
})
TODAY_WORDS = frozenset({"aujourd'hui", "aujourdhui", "auj", "aujourd hui",
                         "et aujourd'hui", "vandaag", "en vandaag"})


def _word(text: str) -> str:
    """The message as a keyword: lower case, no accents, no final punctuation, the
    typographic apostrophe made straight, spaces collapsed."""
    plain = normalise(text).replace("’", "'").strip(" \t\r\n.!?¿¡,;:")
    return " ".join(plain.split())


def caregivers_for(session: Session, channel: str, sender: str) -> list[Caregiver]:
    """The caregiver rows (one per patient they care for) of an SMS/WhatsApp number."""
    if channel not in CHANNELS or not sender:
        return []
    return list(session.scalars(select(Caregiver).where(Caregiver.phone == sender)
                                .order_by(Caregiver.id)))


def language_of(caregivers: list[Caregiver]) -> str:
    return languages.normalise(caregivers[0].language if caregivers else None)


def conversation_of(session: Session, patient_id: int) -> str | None:
    """The patient's conversation a caregiver's flag belongs to: the account the
    patient wrote from last (as the missed-doses flag picks it); None without one."""
    return session.scalars(
        select(ChannelIdentity.conversation_id).where(ChannelIdentity.patient_id == patient_id)
        .order_by(ChannelIdentity.last_inbound_at.desc().nulls_last(), ChannelIdentity.id)
    ).first()


def _who(caregiver: Caregiver, channel: str) -> str:
    relation = f", {caregiver.relationship_to_patient}" if caregiver.relationship_to_patient else ""
    return f"{caregiver.name}{relation}, {channel} {caregiver.phone}"


def emergency_flags(session: Session, caregivers: list[Caregiver], channel: str, label: str,
                    text: str, kind: str, actor: str) -> list[Flag]:
    """The safety net's urgent flag for a caregiver's red-flag message: on each of
    their patients' conversations (the patient is the one in danger, most likely),
    re-opened and back on top when a nurse had acknowledged it."""
    raised = []
    for caregiver in caregivers:
        summary = f"{label}{text}"[:900] + f" — {CAREGIVER} {_who(caregiver, channel)}"
        raised.append(flags.raise_flag(
            session, kind, patient_id=caregiver.patient_id,
            conversation_id=conversation_of(session, caregiver.patient_id), summary=summary,
            actor=actor, reopen=True))
    return raised


@dataclass(frozen=True)
class Outcome:
    """What the caregiver's message did (``action``) and the answers to send them."""

    action: str  # acknowledged, nothing_to_acknowledge, stopped, started, status,
    # status_refused, message, emergency
    replies: tuple[str, ...] = ()


def handle(session: Session, caregivers: list[Caregiver], channel: str, text: str, *,
           now: dt.datetime | None = None, red_flag: bool = False,
           source_message: str | None = None) -> Outcome:
    """Answer one message from a caregiver's number (``caregivers``: its rows, not
    empty). ``red_flag``: the safety net already answered it with 112 and flagged it.
    ``source_message`` keys the flag, so a message processed twice flags once."""
    now = now or utcnow()
    lang = language_of(caregivers)
    word = _word(text)
    if word in STOP_WORDS or word in START_WORDS:
        return _stop_or_start(session, caregivers, channel, word in STOP_WORDS, lang, now)
    if word in ACK_WORDS:
        return _acknowledge(session, caregivers, channel, lang, now)
    if word in TODAY_WORDS:
        return _today(session, caregivers, lang, now)
    if red_flag:  # answered with 112, flagged urgent on the patient's conversation
        return Outcome("emergency")
    for caregiver in caregivers:
        flags.raise_flag(session, flags.CAREGIVER_MESSAGE, patient_id=caregiver.patient_id,
                         conversation_id=conversation_of(session, caregiver.patient_id),
                         summary=f"[{_who(caregiver, channel)}] {text}"[:1000],
                         actor=f"{ACTOR}:{caregiver.id}", source_message=source_message)
    names = _names(session, caregivers, lang)
    return Outcome("message", (render("caregiver_message_ack", lang, patients=names),))


def _names(session: Session, caregivers: list[Caregiver], lang: str) -> str:
    firsts = [session.get_one(Patient, c.patient_id).first_name for c in caregivers]
    unique = list(dict.fromkeys(firsts))
    if len(unique) == 1:
        return unique[0]
    return f"{', '.join(unique[:-1])} {render('list_and', lang)} {unique[-1]}"


def _stop_or_start(session: Session, caregivers: list[Caregiver], channel: str, stopping: bool,
                   lang: str, now: dt.datetime) -> Outcome:
    for caregiver in caregivers:
        caregiver.opted_out_at = now if stopping else None
        audit.record(session, f"{ACTOR}:{caregiver.id}", "opt_out" if stopping else "opt_in",
                     "caregiver", patient_id=caregiver.patient_id, entity_id=caregiver.id,
                     detail={"via": channel})
    key = "caregiver_stopped" if stopping else "caregiver_started"
    return Outcome("stopped" if stopping else "started",
                   (render(key, lang, patients=_names(session, caregivers, lang)),))


def _acknowledge(session: Session, caregivers: list[Caregiver], channel: str, lang: str,
                 now: dt.datetime) -> Outcome:
    """The latest alert sent to this number (any of its caregiver rows), if recent."""
    alert = session.scalars(select(Reminder).where(
        Reminder.caregiver_id.in_([c.id for c in caregivers]), Reminder.kind == ALERT,
        Reminder.status == "sent", Reminder.sent_at >= now - ACK_WINDOW,
    ).order_by(Reminder.sent_at.desc(), Reminder.id.desc()).limit(1)).first()
    if alert is None:
        return Outcome("nothing_to_acknowledge", (render("caregiver_nothing_to_ack", lang),))
    caregiver = next(c for c in caregivers if c.id == alert.caregiver_id)
    patient = session.get_one(Patient, alert.patient_id)
    dose = session.get(Dose, alert.dose_id) if alert.dose_id else None
    local = (dose.scheduled_at if dose else alert.due_at).astimezone(ZoneInfo(patient.timezone))
    if alert.acknowledged_at is None:
        alert.acknowledged_at = now
        audit.record(session, f"{ACTOR}:{caregiver.id}", "acknowledge", "caregiver_alert",
                     patient_id=patient.id, entity_id=alert.id,
                     detail={"caregiver_id": caregiver.id, "via": channel})
        _note_on_flag(session, patient, caregiver, local, now)
    return Outcome("acknowledged", (render(
        "caregiver_ack", lang, patient=patient.first_name, time=format_time(local, lang),
        day=format_date(local.date(), lang)),))


def _note_on_flag(session: Session, patient: Patient, caregiver: Caregiver,
                  dose_time: dt.datetime, now: dt.datetime) -> None:
    """The patient's open missed-doses flag, if any, says the caregiver saw the alert
    (the nurse deciding whether to call learns that the family is on it)."""
    flag = session.scalars(select(Flag).where(
        Flag.patient_id == patient.id, Flag.kind == flags.MISSED_DOSES,
        Flag.status != flags.RESOLVED)).first()
    if flag is None:
        return
    seen = now.astimezone(ZoneInfo(patient.timezone))
    lang = languages.normalise(patient.language)
    line = i18n.text("team.caregiver_ack_note", lang, caregiver=caregiver.name,
                     time=format_time(dose_time, lang), day=format_date(dose_time.date(), lang),
                     seen=f"{format_date(seen.date(), lang)} {format_time(seen, lang)}")
    flag.summary = f"{flag.summary}\n{line}".strip()


def _today(session: Session, caregivers: list[Caregiver], lang: str,
           now: dt.datetime) -> Outcome:
    """Today's doses of each patient whose plan shares doses with this caregiver."""
    replies = []
    for caregiver in caregivers:
        patient = session.get_one(Patient, caregiver.patient_id)
        if not (caregiver.receives_reminders or caregiver.receives_missed_dose_alerts):
            replies.append(render("caregiver_status_refused", lang, patient=patient.first_name))
            continue
        today = [d for d in doses.todays_doses(session, patient, now)
                 if d.status != doses.CANCELLED]
        audit.record(session, f"{ACTOR}:{caregiver.id}", "read", "doses",
                     patient_id=patient.id, detail={"caregiver_id": caregiver.id,
                                                    "doses": len(today)})
        replies.append(status_text(patient, today, lang, now,
                                   named=caregiver.may_see_medication_names))
    return Outcome("status", tuple(replies))


def _state(dose: Dose, now: dt.datetime) -> str:
    """taken, missed, due (asked, no answer yet) or later (not due yet)."""
    if dose.status in (doses.TAKEN, doses.MISSED):
        return dose.status
    if dose.status == doses.SKIPPED:
        return doses.MISSED
    return "due" if dose.scheduled_at <= now else "later"


def status_text(patient: Patient, today: list[Dose], lang: str, now: dt.datetime, *,
                named: bool) -> str:
    """"Marcel aujourd'hui : 1 pris, 0 pas pris, 1 en attente, 1 a venir", and with
    ``named`` one line per dose with its time and medication."""
    if not today:
        return render("caregiver_status_none", lang, patient=patient.first_name)
    counts = {"taken": 0, "missed": 0, "due": 0, "later": 0}
    for dose in today:
        counts[_state(dose, now)] += 1
    head = render("caregiver_status", lang, patient=patient.first_name, **counts)
    if not named:
        return head
    zone = ZoneInfo(patient.timezone)
    lines = [f"- {format_time(d.scheduled_at.astimezone(zone), lang)} {d.medication.name}: "
             + render(f"caregiver_state_{_state(d, now)}", lang)
             for d in sorted(today, key=lambda d: (d.scheduled_at, d.id))]
    return "\n".join([head, *lines])


def latest_alerts(session: Session, patient_id: int) -> dict[int, Reminder]:
    """Each caregiver's latest alert sent about this patient (the console shows whether
    they saw it)."""
    latest: dict[int, Reminder] = {}
    for alert in session.scalars(select(Reminder).where(
            Reminder.patient_id == patient_id, Reminder.kind == ALERT,
            Reminder.status == "sent", Reminder.caregiver_id.is_not(None))
            .order_by(Reminder.sent_at, Reminder.id)):
        latest[alert.caregiver_id or 0] = alert
    return latest
