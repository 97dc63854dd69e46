"""Whether the message takes a pattern's occurrence back (`_keeps`, which calls
negation, the past, idioms, general questions and history long ago), and the
take-backs of their own: laughter, a question about the service, a visit to the
emergency department, a plain denial of breathlessness."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags import reassured
from bot.nlu.red_flags.idioms import _figure_of_speech, _idiom
from bot.nlu.red_flags.kinds import (
    BREATHLESSNESS,
    EMERGENCY_CALL,
    HEAD_INJURY,
    HYPOGLYCAEMIA,
    KINDS,
    POISONING,
    SUICIDAL,
)
from bot.nlu.red_flags.negation import _NEGATABLE, _negated
from bot.nlu.red_flags.past import _PAST_KINDS, _over_and_done
from bot.nlu.red_flags.questions import (
    _HAPPENING,
    _HISTORY_KINDS,
    _NOW,
    _general_question,
    _long_ago,
)

if TYPE_CHECKING:
    from bot.nlu.red_flags.matching import _Pattern
    from bot.nlu.red_flags.message import _Message

# A blow to the head is not honoured in the past (a bleed shows hours later), unless a
# scan since was normal and the message says it is over.
_SCAN_NORMAL = re.compile(
    r"\b(?:scanner|scan|ct|ct scan|irm|mri|radio|ecg|ekg|hartfilmpje|echo|bloedonderzoek"
    r"|bloedafname|prise de sang|troponine)\b(?: \w+){0,3}? (?:normal|normale|normaal|ok"
    r"|oke|goed|rien|niks|niets|en ordre|in orde|geruststellend|rassurant)\b"
)


def _keeps(message: _Message, pattern: _Pattern, positions: list[int]) -> bool:
    """False when the message itself takes this occurrence back."""
    kind = pattern.kind
    if kind in _NEGATABLE and (
            any(_negated(message, [p]) for p in positions) if pattern.far
            else _negated(message, positions)):
        return False
    if kind == BREATHLESSNESS and _breathing_denied(message, positions):
        return False
    if kind in _PAST_KINDS and _over_and_done(message, positions):
        return False
    if _idiom(message, kind, positions):
        return False
    if kind == HEAD_INJURY and _SCAN_NORMAL.search(message.flat) and _over_and_done(
            message, positions):
        return False  # "cogné la tête la semaine passée, scanner normal, il va bien"
    if pattern.naming and kind != SUICIDAL:
        if _general_question(message, kind) or _about_the_service(message):
            return False
        if kind in _HISTORY_KINDS and _long_ago(message, positions):
            return False
        if message.family_history:  # "mon père est mort d'un AVC, j'ai un risque ?"
            return False
        if kind == EMERGENCY_CALL and _been_to_the_er(message, positions):
            return False
    if kind == POISONING and _long_ago(message, positions):
        return False  # (round 7) "l'an dernier il avait avalé de la javel", months back
    if (kind in _HISTORY_KINDS and not pattern.naming and _long_ago(message, positions)
            and not _happening_elsewhere(message, positions)):
        # (round 11) a symptom described, not named, placed months or years back with
        # nothing new: "j'ai perdu connaissance une fois il y a 15 ans, je dois le
        # déclarer ?"; the named condition had this take-back since round 3, the
        # described one is the same construction, but a described symptom is more often
        # followed by one of now in other words ("..., et là je me sens partir")
        return False
    if kind != SUICIDAL and _framed_not_now(message, pattern):
        return False
    if kind != SUICIDAL and reassured.professional_reassured(message.flat):
        return False  # (round 8) "le centre antipoison a dit que ce n'était pas dangereux"
    if kind == POISONING and reassured.detector_fitted(message.flat):
        return False  # (round 8) "on a acheté un détecteur de monoxyde, où le mettre ?"
    if kind == HEAD_INJURY and reassured.minor_bump(message.flat):
        return False  # (round 8) "petite bosse, il joue normalement"
    if kind == BREATHLESSNESS and reassured.snoring_compared(message.flat):
        return False  # (round 8) "il ronfle si fort qu'on dirait qu'il s'étouffe"
    if kind == HYPOGLYCAEMIA and reassured.hypo_treated(message.flat):
        return False  # (round 8) "j'ai pris mes dextro et je suis remonté à 120"
    if message.in_jest and kind in _JEST_KINDS and (pattern.naming or kind == EMERGENCY_CALL):
        return False
    return not _figure_of_speech(message, kind, positions)


def _happening_elsewhere(message: _Message, positions: list[int]) -> bool:
    """(round 11) Outside the clause of the match, something the writer or someone
    feels or does now ("je me sens", "ik heb", "il est"): a described symptom of long
    ago is then the comparison for a new one, not a history."""
    own = message.clause[message.at[positions[0]]]
    rest = " ".join(token for place, token in enumerate(message.stream)
                    if message.clause[place] != own)
    return bool(_HAPPENING.search(rest))


def _framed_not_now(message: _Message, pattern: _Pattern) -> bool:
    """(round 6) The message frames the words as not happening now (`framing`): "pas
    maintenant", "is nog nooit gebeurd", a programme, the news or a book, "juste pour
    savoir" or "si jamais" for a named condition; the first two (and, round 9, "si
    jamais" in a question) for a described symptom only with nobody's present in the
    message ("j'ai", "il a", not inside an "if" clause)."""
    if pattern.naming:
        return message.not_happening or message.seen_or_read or message.just_asking
    # (round 9) a hypothetical question, "si jamais ... ?", "wat als ... ?", takes back a
    # described symptom too when nobody has anything now outside its condition; not an
    # amount of pills asked about ("est-ce qu'on meurt si on prend 40 Xanax ?" asks
    # whether a means works)
    asked = message.just_asking and "?" in message.stream and pattern.kind != POISONING
    return ((message.not_happening or message.seen_or_read or asked)
            and not message.present_tense)


# --- jokes, questions about the service, a visit to the emergency department ---------

# Laughter: "va me donner une crise cardiaque 😂", "'k krijg er een beroerte van lol".
# Not 😅, the nervous smile of someone who is not sure.
_IN_JEST = re.compile(
    "[\U0001F602\U0001F923\U0001F606\U0001F639]"
    r"|(?i:\b(?:mdr|ptdr|lol|lool|haha\w*|hihi\w*|hahaha\w*|xd)\b)"
)
# Kinds whose *named* condition, with laughter, is a way of speaking; "au secours" and
# "help" with laughter too. Not suicidal thoughts nor a hypo, which people report lightly.
_JEST_KINDS = frozenset(set(KINDS) - {SUICIDAL, HYPOGLYCAEMIA})


def said_in_jest(text: str) -> bool:
    """True when the message laughs ("😂", "mdr", "haha"): the gateway's statistical
    second opinion does not alarm on such a message when no rule does."""
    return bool(_IN_JEST.search(text))


# A question about the service or a first-aid course, not about now: "is 112 bellen
# gratis met een gsm?", "le chatbot peut-il appeler une ambulance ?", "hoe lang duurt het
# gemiddeld voor een ziekenwagen er is?", "... ? ik volg een cursus EHBO".
_SERVICE_WORDS = re.compile(
    r"\b(?:gratis|gratuit|gratuite|payant|payante|kost|kosten|coute|coutent|prix|prijs|tarif"
    r"|rembourse\w*|terugbetaal\w*|chatbot|bot|robot|assistant|application|app|cursus"
    r"|formation|cours|opleiding|secourisme|ehbo|gemiddeld|en moyenne|combien de temps"
    r"|hoe lang|hoelang"
    # (round 8) a number to write down: "le numéro ... pour le noter sur le frigo"
    r"|frigo|koelkast|noter|coller|opschrijven|ophangen|en belgique|in belgie"
    r"|la meme chose|hetzelfde)\b"
)


def _about_the_service(message: _Message) -> bool:
    """A question ("?") with a word of price, the chatbot, a course or an average, and
    no word of now or of urgency (see `_is_general_question`)."""
    return ("?" in message.stream and bool(_SERVICE_WORDS.search(message.flat))
            and not _NOW.search(message.flat))


# "naar spoed geweest", "points de suture aux urgences": a place that was visited.
_WENT = re.compile(
    r"\b(?:geweest|gegaan|ete|alle|allee|alles|passe|passee|passes|sorti|sortie|ontslagen"
    r"|rentre|rentree|terug thuis|weer thuis|revenu|revenue|gehecht|hechtingen|suture|points)\b"
)
_TO_THE = frozenset({"aux", "naar", "op", "de", "van", "la", "a", "l", "au"})


def _been_to_the_er(message: _Message, positions: list[int]) -> bool:
    """The emergency department named as a place ("aux urgences", "naar de spoed") in a
    message that says someone went or came back, with no word of now or urgency."""
    place = message.at[positions[0]]
    return (place > 0 and message.stream[place - 1] in _TO_THE and len(positions) == 1
            and bool(_WENT.search(message.flat)) and not _NOW.search(message.flat))


# --- denials of breathlessness ---------------------------------------------------------

_DIFFICULTY = r"(?:difficultes?|problemes?|mal|peine|gene|soucis?|troubles?)"
_BREATHING = r"(?:respirer|respiratoires?|respiration|la respiration|souffle)"
_DENIED_BREATHING = re.compile(
    # "je n'ai pas de difficulté à respirer", "aucun problème pour respirer"
    rf"\b(?:pas|jamais|aucune?|sans) (?:(?:eu|de|d|du|des) )*{_DIFFICULTY}"
    rf"(?: (?:a|pour|de|du|au))? {_BREATHING}\b"
    rf"|\bn \w+ plus (?:(?:eu|de|d|du|des) )*{_DIFFICULTY}(?: (?:a|pour|de|du|au))? {_BREATHING}\b"
    # "je ne suis pas essoufflé" ("plus" only with "ne": "je suis plus essoufflé" is more)
    r"|\b(?:suis|sens|etais|est|es|sommes) (?:pas|jamais) (?:du tout )?"
    r"(?:essouffle|essoufflee|oppresse|oppressee)\b"
    r"|\b(?:ne|n) (?:\w+ )?(?:suis|sens|etais|est|es) (?:plus|pas|jamais) (?:du tout )?"
    r"(?:essouffle|essoufflee|oppresse|oppressee)\b"
    r"|\b(?:pas|aucun|sans|jamais) (?:(?:d|de) )?essoufflement\b"
    # "ik ben niet kortademig", "geen moeite met ademen"
    r"|\b(?:niet|nie|nooit|geen) (?:(?:meer|echt|zo|erg) )?(?:kortademig\w*|benauwd\w*"
    r"|buiten adem|ademnood|ademhalingsproblemen|ademhalingsmoeilijkheden)\b"
    r"|\bgeen (?:\w+ )?(?:moeite|problemen|probleem|last|moeilijkheden) (?:met|bij|van)"
    r" (?:(?:het|mijn|m n) )?(?:ademen|ademhalen|adem|asem|ademhaling|kortademigheid"
    r"|benauwdheid)\b"
)


def _breathing_denied(message: _Message, positions: list[int]) -> bool:
    """True when every matched word lies inside a plain denial of breathlessness: "non
    je n'ai pas de difficulté à respirer", "je ne suis pas essoufflé", "nee ik ben niet
    kortademig", "geen moeite met ademen".

    Breathlessness is otherwise never negated, because patients describe it with
    negations ("je respire plus", "ik krijg geen lucht", "pas d'air"). These denials
    name a *difficulty* (difficulté, problème, mal, gêne, moeite) or the adjective
    itself (essoufflé, kortademig, benauwd) after the negation, which a breathless
    patient does not write; "plus" counts only with "ne", since "j'ai plus de
    difficultés à respirer" means more. Another clause ("..., mais j'étouffe") still
    alarms.
    """
    places = [message.at[p] for p in positions]
    if any(all(start <= place <= end for place in places)
           for start, end in message.breathing_denials):
        return True
    # "pas de fièvre, je respire bien": the breathing word itself is said to be fine
    last = places[-1]
    return any(start <= last <= end for start, end in message.breathing_fine)


# Breathing said to be fine, in so many words; "je ne respire pas bien" is not.
_BREATHING_FINE = re.compile(
    r"\b(?:respire|respirons|respirait) (?:(?:tres|tout a fait|de nouveau|a nouveau) )?"
    r"(?:bien|normalement|nickel|parfaitement|correctement|sans (?:probleme|souci)"
    r"|comme d habitude|comme d hab|comme toujours)\b"
    # (round 7) a blocked nose: "je sais pas respirer par le nez", "niet door mijn neus"
    r"|\b(?:respirer|respire) par le nez\b|\b(?:ademen|adem) door (?:mijn|de|m n) neus\b"
    r"|\b(?:adem|ademhaling|asem) (?:gaat|is) (?:(?:nu|weer|terug) )?(?:goed|prima|normaal)\b"
    r"|\b(?:ademt|adem) (?:(?:nu|weer|terug) )?(?:goed|prima|normaal)\b"
)
