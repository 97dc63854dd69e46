"""Deterministic red-flag check that runs on every patient message.

The intent classifier is statistical and can miss "jai mal a la poitrinne"; this check
cannot be out-voted. It is deliberately over-inclusive: it ignores negation ("pas de
douleur à la poitrine" still matches) because a needless 112 reminder costs little and
a missed heart attack costs everything.

Patterns are sequences of word alternatives that must appear in order, each within a
few words of the previous one, on text that has been lower-cased and stripped of
accents. Words match with a small typo tolerance (a doubled or dropped letter, two
swapped letters; one substituted letter in long words), so the patterns stay
readable while real misspellings still match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.language import words

# Kinds, in the order they are reported when a message matches several.
SUICIDAL = "suicidal"
CHEST_PAIN = "chest_pain"
BREATHLESSNESS = "breathlessness"
STROKE = "stroke"
HYPOGLYCAEMIA = "hypoglycaemia"
COLLAPSE = "collapse"
BLEEDING = "bleeding"
EMERGENCY_CALL = "emergency_call"
KINDS = (
    SUICIDAL,
    CHEST_PAIN,
    BREATHLESSNESS,
    STROKE,
    HYPOGLYCAEMIA,
    COLLAPSE,
    BLEEDING,
    EMERGENCY_CALL,
)

# Breathlessness on exertion is a symptom to report, not a 112 emergency.
_EXERTION = "escalier*|trap*|monte*|montant|inspanning|effort*|marche*|wandel*|sport*|fiets*"

_LIMBS_NL = (
    "arm|been|hand|gezicht|linkerarm|rechterarm|linkerbeen|rechterbeen|linkerhand|rechterhand"
)

# "a|b ~ c*" : a word a or b, then within MAX_GAP words a word starting with c.
# "=word"    : that word exactly, no typo tolerance (crevé is not crever).
# "... ! x|y": no match if x or y appears anywhere in the message.
_PATTERNS: dict[str, tuple[str, ...]] = {
    SUICIDAL: (
        "suicid*",
        "zelfmoord*",
        "zelfdoding",
        "mourir|mourrir|=crever",
        "envie|veux|voudrais|vais|pense|prefere|besoin ~ disparaitre",
        "veux|veut|voudrais|envie|peux ~ plus ~ vivre",
        "mieux ~ sans ~ moi",
        "en ~ finir",
        "me ~ tuer|=pendre|foutre|flinguer|supprimer",
        "mettre ~ fin ~ jours|vie",
        "plus ~ envie ~ vivre",
        "marre ~ vivre|vie",
        "sert ~ rien ~ vivre",
        "wil|wou|zou|liever|denk ~ dood|sterven|doodgaan|verdwijnen",
        "einde|eind ~ maken|breien",
        "mezelf|mijzelf|mezelve ~ aandoen|ombrengen|kant|ophangen",
        "mij|me|mezelf|mijzelf|zichzelf ~ van ~ kant",
        "niet|nie ~ meer ~ leven",
        "wil|wou ~ er ~ niet|nie ~ meer ~ zijn",
        "beter ~ af ~ zonder",
        "weg ~ van ~ deze ~ wereld",
        "zie ~ niet|nie ~ meer ~ zitten",
        "leven ~ hoeft ~ niet|nie",
    ),
    CHEST_PAIN: (
        "douleur*|mal|serre*|oppress*|brul*|poids|pression|point|compress*|ecras*"
        " ~ poitrine|thorax|thoraci*|torse",
        "poitrine|torse ~ serre*|comprim*|brule*|ecrase*|oppress*|douleur*|mal|etau",
        "douleur* ~ thoraci*",
        "infarctus",
        "crise ~ cardiaque",
        "pijn|druk|knellend|knelt|beklemd*|steek*|steken|zwaar|gewicht|olifant ~ borst|borstkas",
        "borst|borstkas ~ pijn|druk|knelt|toegeknepen|beklemd*|steekt",
        "borstpijn",
        "hartaanval",
        "hartinfarct",
    ),
    BREATHLESSNESS: (
        "pas|plus|mal|difficile*|peine|arrive ~ respirer|respire|respirais",
        "respire|respirer ~ mal|plus|pas|difficilement|peine",
        "etouffe*",
        "jetouf*",
        "etouf",
        "levres|levre|lippen|lip ~ bleu*|blauw*",
        "suffoqu*",
        "manque|plus|pas ~ air|souffle",
        "souffle ~ court|coupe",
        f"essouffl* ! {_EXERTION}|velo",
        "essouffl*|kortademig*|benauwd*"
        " ~ repos|rust|nuit|couche|plat|parler|praten|slapen|liggen|nacht",
        "niet|nie|geen|moeilijk|slecht|amper|nauwelijks|nauwelijk ~ ademen|adem|asem|lucht",
        "adem|asem|lucht ~ tekort|kort",
        "ademnood",
        f"kortademig* ! {_EXERTION}",
        f"benauwd* ! {_EXERTION}|warm|heet",
        "stik|stikken|stikt|verstik*",
        "snak*|hap* ~ adem|lucht",
    ),
    STROKE: (
        "avc",
        "bouche|visage|figure|levre|oeil ~ travers|tombe|paralyse*|tordu*|tord",
        "paralys*",
        "sens|sent|sentir|sentais ~ plus|pas ~ bras|jambe|main|visage|cote",
        "lever|bouger|soulever ~ bras|jambe|main",
        "trouve*|trouver ~ mots",
        "bras|main ~ engourdi*|paralyse*|lache|tombe|repond",
        "arrive|peux|sais ~ plus|pas ~ parler",
        "parle ~ bizarre*|mal|difficile*|travers",
        "difficulte*|mal ~ parler",
        "beroerte",
        "cva",
        "herseninfarct",
        "hersenbloeding",
        "mond|gezicht|lip|oog ~ scheef|hangt|hangen|verlamd|trekt",
        "scheve ~ mond|gezicht",
        "verlamd*",
        f"voel|voelt ~ niet|nie|niks|geen ~ {_LIMBS_NL}",
        f"voel|voelt ~ {_LIMBS_NL} ~ niet|nie|niks",
        f"{_LIMBS_NL} ~ voel|voelt ~ niet|nie|niks",
        f"{_LIMBS_NL} ~ niet|nie ~ bewegen",
        f"{_LIMBS_NL} ~ slap|lam|verlamd|gevoelloos|krachteloos|valt",
        "kan|kon|kunt ~ niet|nie ~ praten|spreken",
        "praat|spreek|spraak ~ raar|moeilijk|vreemd|onduidelijk|dubbel|gestoord|weg",
    ),
    HYPOGLYCAEMIA: (
        "hypo|hypos|hypoglyc*|hypoo",
        "suikerdip*",
        "suiker|glycemie|glyc|sucre|bloedsuiker|glucose ~ bas|basse|laag|laagste|dip",
        "tremble|tremblote ~ transpir*|sueur*|sue",
        "transpire ~ tremble",
        "tril|tril*|beef* ~ zweet|zweten|zweet*",
        "zweet ~ tril*",
    ),
    COLLAPSE: (
        "evanoui*",
        "inconscient*",
        "perdu|perte ~ connaissance",
        "malaise",
        "confus|confuse|desoriente*|verward",
        "val|valt|vallen ~ flauw",
        "tombe* ~ pommes",
        "bewusteloos",
        "flauwgevallen",
        "flauw ~ gevallen|vallen|gevallen",
        "buiten ~ bewustzijn",
        "reageert|reageer|reageren ~ niet|nie",
        "repond ~ plus|pas",
        "ne ~ reveill* ~ pas|plus",
        "wordt|werd|word|krijg|krijgen|krijgt ~ niet|nie ~ wakker",
        "weggevallen",
        "weggezakt",
        "lig|ligt|lag|gevallen|gevallen ~ grond",
        "tombe*|allonge*|etendu* ~ terre|sol",
    ),
    BLEEDING: (
        "hemorragi*",
        "saigne ~ beaucoup|abondamment|arrete|fort",
        "sang ~ partout|beaucoup|coule|gicle|arrete|arret",
        "crache*|vomi*|tousse* ~ sang",
        "bloed ~ braaksel|overgeven|kotsen|ophoesten|hoesten|stoelgang",
        "braak*|overgeven|kots*|ophoest* ~ bloed",
        "neusbloeding|bloeding|bloedt ~ stopt|stop|ophouden|veel|hevig",
        "bloed* ~ veel|stopt|hevig|erg",
        "veel ~ bloed",
    ),
    EMERGENCY_CALL: (
        "ambulance",
        "ziekenwagen",
        "noodgeval",
        "urgence*",
        "urgent*",
        "dringend*",
        "spoed*",
        "appel*|bel|bellen|telephone*|call ~ 112",
        "secours",
        "aide*|venez|viens|venir ~ vite",
        "kom|komen|help ~ snel|rap|dringend",
        "sos",
    ),
}

MAX_GAP = 4

# Glucose readings: below 0.70 g/L or 70 mg/dL is a hypoglycaemia.
_GLUCOSE_READING = re.compile(
    r"\b(?:glyc\w*|sucre|suiker\w*|bloedsuiker|glucose|hgt)\b\D{0,20}?(\d+(?:[.,]\d+)?)"
)


@dataclass(frozen=True)
class RedFlag:
    kind: str
    matched: str  # the words that triggered it, for the care team's view


_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=8192)
def _collapse_doubles(word: str) -> str:
    return _DOUBLES.sub(r"\1", word)


def _one_edit_apart(a: str, b: str, *, substitutions: bool) -> bool:
    """True if a and b differ by one insertion/deletion, one adjacent swap, or (when
    allowed) one substituted letter."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i, j = diffs
            return a[i] == b[j] and a[j] == b[i]
        return substitutions and len(diffs) == 1
    if la > lb:
        a, b = b, a
    # b is one letter longer than a
    for i in range(len(b)):
        if b[:i] + b[i + 1 :] == a:
            return True
    return False


def _word_matches(token: str, term: str) -> bool:
    if term.startswith("="):
        return token == term[1:]
    if term.endswith("*"):
        stem = term[:-1]
        if token.startswith(stem):
            return True
        if len(stem) < 5:
            return False
        # The word's start may hold the stem with one letter dropped, added or swapped.
        n = len(stem)
        return any(
            _one_edit_apart(token[:length], stem, substitutions=length == n and n >= 7)
            for length in (n - 1, n, n + 1)
            if length <= len(token)
        )
    if token == term:
        return True
    if len(term) < 5:
        return False
    if _collapse_doubles(token) == _collapse_doubles(term):
        return True
    return _one_edit_apart(token, term, substitutions=len(term) >= 7)


@dataclass(frozen=True)
class _Pattern:
    kind: str
    steps: tuple[tuple[str, ...], ...]
    unless: tuple[str, ...]  # words that, anywhere in the message, cancel the match


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Pattern, ...]:
    compiled = []
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            body, _, unless = pattern.partition("!")
            steps = tuple(tuple(step.strip().split("|")) for step in body.split("~"))
            exclusions = tuple(unless.strip().split("|")) if unless.strip() else ()
            compiled.append(_Pattern(kind, steps, exclusions))
    return tuple(compiled)


class _Matcher:
    """_word_matches for one message, each (token, term) pair computed once: the
    patterns share many terms, and the fuzzy comparison is the cost of a check."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], bool] = {}

    def __call__(self, token: str, term: str) -> bool:
        key = (token, term)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = _word_matches(token, term)
        return known


def _match(tokens: list[str], steps: tuple[tuple[str, ...], ...],
           matches: Callable[[str, str], bool] = _word_matches) -> list[str] | None:
    """Find the steps in order, each at most MAX_GAP words after the previous one."""

    def search(step_index: int, start: int, limit: int) -> list[str] | None:
        if step_index == len(steps):
            return []
        for position in range(start, min(limit, len(tokens))):
            if any(matches(tokens[position], term) for term in steps[step_index]):
                rest = search(step_index + 1, position + 1, position + 2 + MAX_GAP)
                if rest is not None:
                    return [tokens[position], *rest]
        return None

    return search(0, 0, len(tokens))


def _glucose_flag(flat_text: str) -> RedFlag | None:
    for match in _GLUCOSE_READING.finditer(flat_text):
        value = float(match.group(1).replace(",", "."))
        if value < 0.7 or 10 <= value < 70:
            return RedFlag(HYPOGLYCAEMIA, match.group(0))
    return None


def check(text: str) -> list[RedFlag]:
    """All red flags in a message, most serious kind first; empty if none."""
    # Letters left over from elisions (m'n, 'k, j'ai) are not words between terms.
    tokens = [t for t in words(text) if len(t) > 1 or t.isdigit()]
    found: dict[str, RedFlag] = {}
    matches = _Matcher()
    for pattern in _compiled():
        if pattern.kind in found:
            continue
        matched = _match(tokens, pattern.steps, matches)
        if matched is None:
            continue
        if any(matches(t, term) for t in tokens for term in pattern.unless):
            continue
        found[pattern.kind] = RedFlag(pattern.kind, " ".join(matched))
    if HYPOGLYCAEMIA not in found:
        flag = _glucose_flag(" ".join(tokens_with_decimals(text)))
        if flag:
            found[HYPOGLYCAEMIA] = flag
    return [found[kind] for kind in KINDS if kind in found]


def tokens_with_decimals(text: str) -> Iterable[str]:
    """Words as for matching, but keeping decimal commas/points in numbers ("0,45")."""
    from bot.language import normalise

    return re.findall(r"\d+(?:[.,]\d+)?|[a-z0-9]+", normalise(text))


def first(text: str) -> RedFlag | None:
    flags = check(text)
    return flags[0] if flags else None
