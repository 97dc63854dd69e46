"""Consent records (GDPR art. 6, 7 and 9(2)(a)): what a patient agreed to, when, by
whom and through which channel, and its withdrawal, honoured at once.

Three things are consented to separately:

- ``chat_service``: the assistant writes to the patient (answers, reminders, the care
  team's replies). Given when a chat account is linked (enrollment is the patient's
  request to use it), or recorded by the care team. Withdrawn: every chat account of
  the patient is opted out (``opted_out_at``) and loses its ``consent_at``, so no
  reminder and no ordinary message goes out; the gateway (gateway/guards.consent)
  forwards nothing of theirs to Rasa and answers nothing, except the confirmation of
  the withdrawal and, as for anyone, the emergency answer to a red flag (the safety
  net runs before every rule). It is given again through the care team (the console,
  or linking a new account with a code it issues), never by a chat message: a
  withdrawn service does not listen.
- ``caregiver_alerts``: caregivers get SMS about the patient's doses (missed-dose
  alerts, copies of reminders). Withdrawn: every caregiver's ``receives_reminders``
  and ``receives_missed_dose_alerts`` are cleared and the caregiver messages already
  planned are cancelled. Given again: ``receives_missed_dose_alerts`` for the named
  caregiver (or all); copies of reminders stay a care-plan choice.
- ``medication_names``: those SMS name the medications. Mirrors
  ``may_see_medication_names``.

The table ``consent_events`` is the history; the existing columns are the state
the reminders, the adherence rules and the outbound queue already honour.
``record`` changes both in the caller's transaction, so they never disagree; the
care-plan import records its caregiver changes here too (channel ``careplan``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import audit
from bot.models import Caregiver, ChannelIdentity, ConsentEvent, Patient, Reminder, utcnow
from bot.nlu.language import normalise

CHAT_SERVICE = "chat_service"
CAREGIVER_ALERTS = "caregiver_alerts"
MEDICATION_NAMES = "medication_names"
SCOPES = (CHAT_SERVICE, CAREGIVER_ALERTS, MEDICATION_NAMES)


def record(session: Session, patient: Patient, scope: str, given: bool, *, actor: str,
           channel: str, caregiver: Caregiver | None = None,
           at: dt.datetime | None = None) -> ConsentEvent:
    """Record one consent given or withdrawn and apply it to the state the rest of the
    system reads (see the module's docstring), audited. The caller commits."""
    if scope not in SCOPES:
        raise ValueError(f"unknown consent scope {scope!r}")
    at = at or utcnow()
    if scope == CHAT_SERVICE:
        _apply_chat_service(session, patient, given, at)
    else:
        _apply_caregivers(session, patient, scope, given, caregiver)
    event = ConsentEvent(patient_id=patient.id, scope=scope, given=given, at=at, actor=actor,
                         channel=channel, caregiver_id=caregiver.id if caregiver else None)
    session.add(event)
    session.flush()
    audit.record(session, actor, "consent_given" if given else "consent_withdrawn", "consent",
                 patient_id=patient.id, entity_id=event.id,
                 detail={"scope": scope, "channel": channel,
                         "caregiver_id": caregiver.id if caregiver else None})
    return event


def withdraw_all(session: Session, patient: Patient, *, actor: str,
                 channel: str) -> list[ConsentEvent]:
    """The patient withdraws their consent without saying to what: everything."""
    return [record(session, patient, scope, False, actor=actor, channel=channel)
            for scope in SCOPES]


def _apply_chat_service(session: Session, patient: Patient, given: bool,
                        at: dt.datetime) -> None:
    identities = session.scalars(select(ChannelIdentity).where(
        ChannelIdentity.patient_id == patient.id)).all()
    if not given:
        for identity in identities:
            identity.consent_at = None
            identity.opted_out_at = identity.opted_out_at or at
        return
    # Given again: undo the withdrawal's opt-outs, not a STOP sent on a channel before.
    withdrawn_at = session.scalar(
        select(ConsentEvent.at).where(ConsentEvent.patient_id == patient.id,
                                      ConsentEvent.scope == CHAT_SERVICE,
                                      ConsentEvent.given.is_(False))
        .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()).limit(1))
    for identity in identities:
        identity.consent_at = at
        if (identity.opted_out_at is not None and withdrawn_at is not None
                and identity.opted_out_at >= withdrawn_at):
            identity.opted_out_at = None


def _apply_caregivers(session: Session, patient: Patient, scope: str, given: bool,
                      only: Caregiver | None) -> None:
    caregivers: Sequence[Caregiver] = [only] if only is not None else session.scalars(
        select(Caregiver).where(Caregiver.patient_id == patient.id)).all()
    for caregiver in caregivers:
        if scope == MEDICATION_NAMES:
            caregiver.may_see_medication_names = given
        elif given:
            caregiver.receives_missed_dose_alerts = True
        else:
            caregiver.receives_missed_dose_alerts = caregiver.receives_reminders = False
    if scope == CAREGIVER_ALERTS and not given and caregivers:
        # Alerts armed before the withdrawal (waiting for the end of quiet hours) go too.
        session.execute(
            update(Reminder).where(
                Reminder.patient_id == patient.id, Reminder.status == "planned",
                Reminder.caregiver_id.in_([c.id for c in caregivers]))
            .values(status="cancelled", reason="consent_withdrawn"),
            execution_options={"synchronize_session": False})


def chat_withdrawn(session: Session, patient_id: int) -> bool:
    """The latest chat-service record of the patient is a withdrawal."""
    given = session.scalar(
        select(ConsentEvent.given).where(ConsentEvent.patient_id == patient_id,
                                         ConsentEvent.scope == CHAT_SERVICE)
        .order_by(ConsentEvent.at.desc(), ConsentEvent.id.desc()).limit(1))
    return given is False


def chat_withdrawn_among(session: Session, patient_ids: Sequence[int]) -> set[int]:
    """The patients among these whose latest chat-service record is a withdrawal, in
    one query (the reminders' batches ask it for hundreds of patients at once)."""
    latest: dict[int, bool] = {}
    for patient_id, given in session.execute(
            select(ConsentEvent.patient_id, ConsentEvent.given).where(
                ConsentEvent.patient_id.in_(list(patient_ids)),
                ConsentEvent.scope == CHAT_SERVICE)
            .order_by(ConsentEvent.at, ConsentEvent.id)):
        latest[patient_id] = given
    return {patient_id for patient_id, given in latest.items() if not given}


def history(session: Session, patient_id: int) -> list[ConsentEvent]:
    return list(session.scalars(select(ConsentEvent).where(
        ConsentEvent.patient_id == patient_id).order_by(ConsentEvent.at, ConsentEvent.id)))


def current(session: Session, patient_id: int) -> dict[str, bool | None]:
    """Per scope, the latest patient-wide record (None: nothing recorded)."""
    state: dict[str, bool | None] = dict.fromkeys(SCOPES)
    for event in history(session, patient_id):
        if event.caregiver_id is None:
            state[event.scope] = event.given
    return state


def caregiver_state(caregivers: Sequence[Caregiver]) -> dict[str, tuple[bool, bool]]:
    """Each caregiver's (alerts, medication names) consents, by phone number."""
    return {c.phone: (bool(c.receives_missed_dose_alerts), bool(c.may_see_medication_names))
            for c in caregivers}


def record_careplan(session: Session, patient: Patient,
                    before: dict[str, tuple[bool, bool]], *, actor: str) -> None:
    """The care-plan import (bot/careplan_file/apply.py) set caregivers' consents: a new
    caregiver, or a changed boolean, is recorded in the same history (channel
    ``careplan``); the booleans are already applied."""
    for caregiver in patient.caregivers:
        was = before.get(caregiver.phone)
        now = caregiver_state([caregiver])[caregiver.phone]
        for scope, old, new in zip((CAREGIVER_ALERTS, MEDICATION_NAMES),
                                   was or (None, None), now, strict=True):
            if old is None or old != new:
                session.add(ConsentEvent(patient_id=patient.id, caregiver_id=caregiver.id,
                                         scope=scope, given=new, actor=actor,
                                         channel="careplan"))


# --- recognising a withdrawal in a chat message ---------------------------------------
#
# "je retire mon consentement", "ik trek mijn toestemming in" and their close variants,
# in any case, with or without accents, with a typo or two; a question about it ("comment
# retirer mon consentement ?") or a negation ("je ne retire pas...") is not one.

_WORD = re.compile(r"[a-z]+")
_NOUNS = ("consentement", "toestemming", "consent")
_FR_VERBS = ("retire", "retirer", "retirons", "retrait", "annule", "annuler", "revoque",
             "revoquer", "reprends", "reprendre")
_NL_VERBS = ("intrekken", "trek", "trekken", "terugtrekken", "terugnemen", "neem",
             "herroep", "herroepen", "intrek")
_NEGATIONS = ("pas", "niet", "jamais", "nooit")
_NO_LONGER = (("plus",), ("geen", "meer"), ("niet", "meer"))
MAX_WORDS = 12


def _close(word: str, target: str) -> bool:
    """Equal, or one edit apart (two for words of ten letters or more)."""
    if word == target:
        return True
    allowed = 2 if len(target) >= 10 else 1 if len(target) >= 5 else 0
    if abs(len(word) - len(target)) > allowed or not allowed:
        return False
    previous = list(range(len(target) + 1))
    for i, a in enumerate(word, 1):
        row = [i]
        for j, b in enumerate(target, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = row
    return previous[-1] <= allowed


def _any(words: list[str], targets: Sequence[str]) -> bool:
    return any(_close(w, t) for w in words for t in targets)


def is_withdrawal(text: str) -> bool:
    """Whether a chat message withdraws the patient's consent."""
    plain = normalise(text).strip()
    if plain.endswith("?"):
        return False
    words = _WORD.findall(plain.replace("'", " "))
    if not words or len(words) > MAX_WORDS or not _any(words, _NOUNS):
        return False
    no_longer = any(all(w in words for w in group) for group in _NO_LONGER)
    if _any(words, _FR_VERBS) or _any(words, _NL_VERBS):
        return not any(w in _NEGATIONS for w in words)
    # "je ne donne plus mon consentement", "ik geef geen toestemming meer"
    return no_longer
