"""The language a patient or caregiver is written to, chosen by what they write.

``Patient.language`` and ``Caregiver.language`` are read by every process when it
sends something (the reminders' dispatch, caregiver alerts, the gateway's guards and
its "assistant unavailable" notice, the consent confirmation, the session start of a
Rasa conversation). Until this module only the care plan set them, so "in het
Nederlands aub" changed the Rasa slot and nothing else. The gateway, which sees every
inbound text before Rasa does, calls ``observe`` on each one; the stored language
changes when

* the message explicitly asks for the other language (``explicit_request``: a
  language name with a request around it, "in het Nederlands alstublieft", "en
  français svp", "vous pouvez m'écrire en néerlandais ?"; not "je ne parle pas
  néerlandais", not "mon fils parle néerlandais"); or
* the last ``RUN_LENGTH`` (3) texts the detector (bot/nlu/language.py) was confident about,
  since the language was last set, are all in the other language, this one included.
  Why three: the detector is confidently wrong on 3 of 2,119 confident training texts
  (nlu_data: "nederlands svp" is French, "oki doki" Dutch) and on none of 620 of the
  held-out set (bench/data/language_heldout.tsv), and one stray word ("allee", "amai"
  in a French text) must never move a patient's reminders to a language they do not
  read. Three confident texts in a row
  make a false switch need three errors in a row (about 1 in 10^7 at that rate);
  a patient who really changed language is switched by their third message, and Rasa
  answers each message in its own language meanwhile, so only what is sent outside
  the conversation (reminders, alerts) lags. Texts that carry no language ("ok",
  "merci", numbers, a button's payload) neither count nor break the run.

A change is audited (``language_changed``: who, channel, old -> new, why) in the
caller's transaction and stamps ``language_set_at``: the next run is counted from
there, so a patient who asked for French in Dutch words is not switched back by the
Dutch they wrote before. The console sets the language through ``set_language`` too
(the nurse as the actor).

The Rasa slot follows through ``rasa_metadata``: the gateway sends the stored language
and a token naming this choice with each message; the LanguagePolicy
(bot/nlu/rasa_components.py) applies a choice whose token it has not seen in the
conversation yet, before its own per-message detection, so a language set by the
console or by a run of messages is the one of the next answer too.

Reminders and alerts are not planned with a text: the dispatcher renders them at send
time in the stored language, so a reminder planned before the change goes out in the
new language. Only a message already rendered and queued for delivery (seconds, or a
provider outage) keeps the old one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot import audit
from bot.models import Caregiver, ChannelIdentity, InboundMessage, Patient, utcnow
from bot.nlu.language import (
    CHOICE_ID_KEY,
    CHOICE_KEY,
    LANGUAGES,
    Language,
    confident_language,
    normalise,
    other,
    requested_language,
)

RUN_LENGTH = 3  # see the module docstring
LOOKBACK = 20  # earlier messages read to find the run (ambiguous ones are skipped)
MAX_REQUEST_WORDS = 14  # a longer text is about something else
ACTION = "language_changed"

# What turns a language name into a request: politeness and wanting words and
# changing verbs near the name; the prepositions of "en français" / "in het
# Nederlands" only in a short text ("ik heb dat in het Frans gelezen" asks nothing);
# speaking and writing verbs only with "je/vous/ik/u..." ("mon fils parle
# néerlandais" asks for nothing).
_REQUEST_WORDS = frozenset(
    """
    svp stp sil plait aub alstublieft alsjeblieft graag liever prefere preferer prefer
    voudrais veux voulez wil wilt willen kan kunt kunde kunnen peut pouvez possible
    mettez mettre passer passez repasser retour terug naar changer change modifier
    modifie wisselen wissel schakel zet veranderen wijzigen continuer poursuivre
    recevoir mieux langue taal
    """.split()
)
_PREPOSITIONS = frozenset("en in au het t".split())
SHORT_REQUEST_WORDS = 5
_SPEAKING_WORDS = frozenset(
    "parle parlez parler ecrire ecrivez ecris spreek spreekt spreken schrijf schrijft "
    "schrijven lees lis lire".split())
_PERSONS = frozenset("je j vous tu ik u ge gij jij me moi mij".split())
_NEGATIONS = frozenset("pas ne niet nie geen jamais plus nooit".split())
_LANGUAGE_NAMES = re.compile(
    r"^(neerlandais|nederlands|neder|vlaams|flamand|nl|francais|frans|fransch|fr)$")
_CHANGE = re.compile(r"\b(changer|modifie[rz]?|autre|andere|veranderen|wijzigen|wisselen)\b")
_LANGUAGE_WORD = re.compile(r"\b(langue|taal)\b")
_TOKENS = re.compile(r"[a-z]+")


def explicit_request(text: str, current: str | None) -> Language | None:
    """The language ``text`` explicitly asks for, or None.

    A language is wanted when it is named (bot/nlu/language.requested_language's names)
    with a request around it and no negation just before it ("pas en néerlandais",
    "niet in het Frans"). When both are named, the one not negated and nearest a
    request wins ("je comprends pas le néerlandais, en français svp"). "changer de
    langue" / "andere taal" without a name asks for the other language than
    ``current``."""
    flat = normalise(text)
    tokens = _TOKENS.findall(flat)
    if not tokens or len(tokens) > MAX_REQUEST_WORDS:
        return None
    wanted: set[Language] = set()
    has_person = any(t in _PERSONS for t in tokens)
    for i, token in enumerate(tokens):
        if not _LANGUAGE_NAMES.match(token):
            continue
        named = requested_language(token)
        if named is None:
            continue
        before = tokens[max(0, i - 3):i]
        if any(t in _NEGATIONS for t in before):
            continue
        around = tokens[max(0, i - 6):i + 4]
        short = len(tokens) <= 3 or (len(tokens) <= SHORT_REQUEST_WORDS and i > 0
                                     and tokens[i - 1] in _PREPOSITIONS)
        if (short or any(t in _REQUEST_WORDS for t in around)
                or (has_person and any(t in _SPEAKING_WORDS for t in tokens))):
            wanted.add(named)
    if len(wanted) == 1:
        return wanted.pop()
    if not wanted and _CHANGE.search(flat) and _LANGUAGE_WORD.search(flat) and not any(
            t in _NEGATIONS for t in tokens):
        return other(current)
    return None


@dataclass(frozen=True)
class Change:
    old: str
    new: str
    reason: str  # request | run | console


def set_language(s: Session, person: Patient | Caregiver, new: str, *, actor: str,
                 channel: str, reason: str, inbound_id: int | None = None
                 ) -> Change | None:
    """Store ``new`` as the person's language, audited; None when it is already theirs
    (nothing written). The caller owns the transaction."""
    if new not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    old = person.language
    if old == new:
        return None
    person.language = new
    person.language_set_at = utcnow()
    patient_id = person.id if isinstance(person, Patient) else person.patient_id
    detail: dict[str, object] = {"from": old, "to": new, "reason": reason, "channel": channel}
    if inbound_id is not None:
        detail["inbound_id"] = inbound_id
    audit.record(s, actor, ACTION, "patient" if isinstance(person, Patient) else "caregiver",
                 patient_id=patient_id, entity_id=person.id, detail=detail)
    return Change(old, new, reason)


def _confident_run(s: Session, senders: list[tuple[str, str]], row: InboundMessage,
                   since: dt.datetime | None, target: Language) -> bool:
    """True when this message and the RUN_LENGTH - 1 confidently detected texts before
    it (from any of ``senders``, after ``since``) are all in ``target``."""
    if not senders:
        return False
    query = select(InboundMessage.text).where(
        or_(*(and_(InboundMessage.channel == c, InboundMessage.sender == e)
              for c, e in senders)),
        InboundMessage.id < row.id, InboundMessage.kind == "text")
    if since is not None:
        query = query.where(InboundMessage.received_at > since)
    needed = RUN_LENGTH - 1
    for text in s.scalars(query.order_by(InboundMessage.id.desc()).limit(LOOKBACK)):
        detection = _detected(text)
        if detection is None:
            continue
        if detection != target:
            return False
        needed -= 1
        if needed == 0:
            return True
    return False


def _detected(text: str) -> Language | None:
    """The language a text confidently carries; None for a command or button payload
    ("/medication_taken") or a text without language of its own."""
    if not text.strip() or text.lstrip().startswith("/"):
        return None
    return confident_language(text)


def _decide(s: Session, current: str, row: InboundMessage, since: dt.datetime | None,
            senders: Callable[[], list[tuple[str, str]]]) -> tuple[Language, str] | None:
    """``senders`` is asked only when the message is in the other language: most
    messages need no query beyond the one that stored them."""
    requested = explicit_request(row.text, current)
    if requested is not None:
        return (requested, "request") if requested != current else None
    if row.kind != "text":
        return None
    language = _detected(row.text)
    if language is None or language == current:
        return None
    if _confident_run(s, senders(), row, since, language):
        return language, "run"
    return None


def observe_patient(s: Session, patient: Patient, row: InboundMessage) -> Change | None:
    """A linked patient's inbound message: the stored language changes on an explicit
    request or at the end of a run (module docstring)."""
    def senders() -> list[tuple[str, str]]:
        return [(c, e) for c, e in s.execute(select(
            ChannelIdentity.channel, ChannelIdentity.external_id).where(
            ChannelIdentity.patient_id == patient.id))]

    decided = _decide(s, patient.language, row, patient.language_set_at, senders)
    if decided is None:
        return None
    return set_language(s, patient, decided[0], actor=f"{row.channel}:patient",
                        channel=row.channel, reason=decided[1], inbound_id=row.id)


def observe_caregiver(s: Session, row: InboundMessage) -> list[Change]:
    """A message from a caregiver's number (SMS or WhatsApp): the same rules for the
    caregiver, every row of that number (one person may care for two patients)."""
    if row.channel not in ("sms", "whatsapp"):
        return []
    changes = []
    for caregiver in s.scalars(select(Caregiver).where(Caregiver.phone == row.sender)
                               .order_by(Caregiver.id)):
        senders = [("sms", caregiver.phone), ("whatsapp", caregiver.phone)]
        decided = _decide(s, caregiver.language, row, caregiver.language_set_at,
                          lambda: senders)  # noqa: B023 - called before the next loop
        if decided is None:
            continue
        change = set_language(s, caregiver, decided[0], actor=f"{row.channel}:caregiver",
                              channel=row.channel, reason=decided[1], inbound_id=row.id)
        if change is not None:
            changes.append(change)
    return changes


def rasa_metadata(patient: Patient) -> dict[str, str]:
    """What the gateway sends Rasa with each message of ``patient`` so the language
    slot agrees with the stored language once it was chosen (by the patient's
    messages or the console): the language and a token naming that choice. Nothing
    for a language only the care plan ever set (the session start applies it)."""
    if patient.language not in LANGUAGES or patient.language_set_at is None:
        return {}
    return {CHOICE_KEY: patient.language,
            CHOICE_ID_KEY: f"{patient.language}@{patient.language_set_at.isoformat()}"}
