"""The safety net at the front door: a red-flag message gets the emergency answer and an
urgent flag before anything else happens to it.

Every channel adapter calls ``screen`` first, on the whole text, before enrollment
codes, flood, size and media rules, takeover holds, STOP keywords and the forward to
Rasa (the gateway in the same transaction that stores the message). It depends on
nothing but the care-plan database: a message must be answered with 112 when Rasa is
down, restarting or paused, or when the account is not linked yet. Rasa's own net
(``RedFlagDetector`` and ``action_emergency``) stays as the second line for paths that
skip the gateway, and stays silent for a message the gateway already answered (the
``safety_net`` metadata), so the patient gets one emergency answer per message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import caregiver_replies, enrollment, flags
from bot.inbound import START_WORDS, STOP_WORDS
from bot.messages import render
from bot.nlu import emergency_classifier, language, red_flags

# The kind of a red flag found by the statistical second opinion alone.
LIKELY_EMERGENCY = "likely_emergency"
# The key of the message metadata that tells Rasa the gateway already answered.
METADATA_KEY = "safety_net"
ACTOR = "gateway:safety_net"


def answer(lang: str, kinds: Iterable[str], *, linked: bool) -> str:
    """The emergency answer: 112 first, the Antipoison Centre for a poisoning, the
    suicide prevention line, and (to a linked patient) that the care team is alerted."""
    kinds = set(kinds)
    lines = [render("emergency_112", lang)]
    if red_flags.POISONING in kinds:
        lines.append(render("emergency_poisoning", lang))
    lines.append(render("emergency_suicide", lang))
    if linked:
        lines.append(render("emergency_team", lang))
    return "\n".join(lines)


def unlinked_key(channel: str, sender: str) -> str:
    """A pseudonymous conversation key for an account that is not linked yet, so its
    flags are kept apart from other unknown senders' without putting the number in
    the key (the summary carries it, for the call back)."""
    return "u-" + hashlib.sha256(f"{channel}:{sender}".encode()).hexdigest()[:24]


def red_flag_kinds(text: str) -> tuple[str, ...]:
    """What the door decides about a text: the red-flag rules' kinds, else
    LIKELY_EMERGENCY when the statistical second opinion alarms on a text the rules
    do not take back, that does not laugh ("help, m'n vent wil koken 🤣") and that
    does not frame itself as not now (a programme, "ce n'est pas arrivé", a denial of
    suicidal thoughts: `red_flags.framed_not_now`), else nothing."""
    kinds = tuple(flag.kind for flag in red_flags.check(text)) if text else ()
    if (not kinds and text and not _keyword(text)
            and (_call_for_help(text) or _second_opinion(text))
            and not red_flags.taken_back(text) and not red_flags.said_in_jest(text)
            and not red_flags.framed_not_now(text)):
        kinds = (LIKELY_EMERGENCY,)  # no rule knows its words; the statistics do
    return kinds


def _second_opinion(text: str) -> bool:
    """Whether the statistical second opinion alarms: the suicidal-intent regression
    always counts; the naive Bayes not on someone else's story that ended well, told in
    a past tense with nothing of now (`red_flags.someone_else_over`, round 7): it reads
    "tombé", "saigné", "gevallen" and not who and when."""
    if not text.strip():
        return False
    if emergency_classifier.suicide_model().score(text) > emergency_classifier.suicide_threshold():
        return True
    return (emergency_classifier.model().score(text) > emergency_classifier.threshold()
            and not red_flags.someone_else_over(text))


# A call for help and nothing else. Most people who write only "aide" or "hulp" to the
# assistant want to know what it can do (they are the `help` intent's own examples),
# but when in doubt, alarm: it costs them a 112 line and the care team a look (a
# possible-emergency flag, nobody paged at night); missing the one who cannot type
# more costs far more. Round 5's second opinion stopped reading these words as
# emergencies (it had by a hair), so they are named here.
_CALLS_FOR_HELP = frozenset({
    "aide", "aidez moi", "aide moi", "a l aide", "aidez nous", "svp aide", "aide svp",
    "hulp", "help", "help mij", "help me", "helpen", "hulp aub", "help aub", "help mij aub"})


def _call_for_help(text: str) -> bool:
    words = " ".join(language.words(text))
    return words in _CALLS_FOR_HELP


@dataclass(frozen=True)
class Screening:
    """What the safety net made of one message; ``kinds`` empty means no red flag."""

    kinds: tuple[str, ...] = ()
    language: str | None = None
    text: str | None = None  # the emergency answer to send, at urgent priority
    flag_id: int | None = None
    patient_id: int | None = None
    conversation_id: str | None = None

    @property
    def red_flag(self) -> bool:
        return bool(self.kinds)

    def metadata(self) -> dict[str, object]:
        """What goes with the message to Rasa (and stays on the stored message)."""
        return {"answered": True, "kinds": list(self.kinds), "language": self.language,
                "flag_id": self.flag_id}


def screen(session: Session, channel: str, sender: str, text: str,
           *, hint: str | None = None) -> Screening:
    """Check the whole text (the red-flag rules, then bot/nlu/emergency_classifier.py for
    what no rule knows); on a red flag, choose the answer's language (the message's
    own, else the patient's, else the channel's locale ``hint``) and raise the urgent
    flag, re-opened and back on top when a nurse had acknowledged or taken it."""
    kinds = red_flag_kinds(text)
    if not kinds:
        return Screening()
    identity = enrollment.identity_for_sender(session, channel, sender)
    # A caregiver's number (not a linked patient account: the patient path wins).
    caregivers = ([] if identity is not None
                  else caregiver_replies.caregivers_for(session, channel, sender))
    patient_language = identity.patient.language if identity is not None else None
    own = patient_language or (caregiver_replies.language_of(caregivers) if caregivers else None)
    lang = language.detect(text, own or hint).language
    label = "[" + ", ".join(kinds) + "] "
    # A rule's red flag is urgent; the second opinion alone answers 112 all the same
    # but raises a flag of high severity (see flags.POSSIBLE_EMERGENCY).
    kind = flags.POSSIBLE_EMERGENCY if kinds == (LIKELY_EMERGENCY,) else flags.EMERGENCY
    if caregivers:  # the patient they care for is in danger: the patient's conversation
        raised = caregiver_replies.emergency_flags(session, caregivers, channel, label, text,
                                                   kind, ACTOR)
        return Screening(kinds, lang, answer(lang, kinds, linked=True), raised[0].id,
                         raised[0].patient_id, raised[0].conversation_id)
    if identity is not None:
        patient_id, conversation_id = identity.patient_id, identity.conversation_id
        summary = (label + text)[:1000]
    else:
        patient_id, conversation_id = None, unlinked_key(channel, sender)
        summary = (label + text)[:940] + f" — {channel} {sender} (not linked)"
    flag = flags.raise_flag(session, kind, patient_id=patient_id,
                            conversation_id=conversation_id, summary=summary, actor=ACTOR,
                            reopen=True)
    return Screening(kinds, lang, answer(lang, kinds, linked=identity is not None), flag.id,
                     patient_id, conversation_id)


def _keyword(text: str) -> bool:
    """An SMS keyword alone ("ARRET", "STOP", "START"): what opting out and in looks
    like, never an emergency on the statistics' word ("arrêt" is also a cardiac
    arrest to the classifier); a red-flag rule still reads it."""
    word = language.normalise(text).strip(" .!").lower()
    return word in STOP_WORDS or word in START_WORDS


def from_metadata(metadata: dict[str, object] | None) -> bool:
    """Whether a message's metadata says the safety net already answered it."""
    entry = (metadata or {}).get(METADATA_KEY)
    return isinstance(entry, dict) and bool(entry.get("answered"))
