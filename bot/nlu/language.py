"""French/Dutch language identification for short patient messages.

langdetect alone is unreliable on SMS-length text ("'k heb m'n pillekes genomen" has
few of the n-grams its profiles were built from), so its probabilities are combined
with a small lexicon of words that only one of the two languages uses. Only the
French and Dutch profiles are loaded, which restricts the candidates to fr/nl and
makes detection cheaper. The detector is seeded, so the same text always gets the
same answer.

A message made only of words both languages use ("ok", "merci", "STOP", "sorry") or
of numbers and emoji carries no language; the result then says so
(``confident=False``) and callers keep the conversation's language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

# Defined once in bot/nlu/languages.py; named here too because detection speaks in them.
from bot.nlu.languages import DEFAULT_LANGUAGE, LANGUAGES, Language

# Words used in both languages (Flemish speakers say "merci" and "salut"), loanwords,
# and single letters left over from elisions ("j'ai" -> "j", "ai"; "m'n" -> "m", "n").
NEUTRAL_WORDS = frozenset(
    """
    ok oke okay okey okido k ben ni onze stop start sorry sory merci mercii salut hello hey hi allo
    je de en me te dit hier t m n s e o x y h ah oh euh eh hmm ha haha hihi lol bye ciao
    pc gsm sms wifi app tv bic taxi test top super cool info email mail
    insuline metformine lasix asaflow bisoprolol ventolin kardegic
    min km kg cm mg ml dl mmol
    """.split()
)

FRENCH_WORDS = frozenset(
    """
    j l d c qu jai jsuis chui jss g ai as a avons avez ont suis es est sommes etes sont
    etait serai fais fait faire faites vais vas va allons allez vont peux peut pouvez
    dois doit devez veux veut voulez voudrais sais sait ne pas plus rien jamais toujours
    il elle ils elles on nous vous tu moi toi lui eux leur leurs
    le la les un une des du au aux ce cet cette ces ca cela ceci
    mon ma mes ton ta tes son sa ses notre votre vos
    qui que quoi quand comment pourquoi combien quel quelle quels quelles ou
    et avec pour dans sur sous chez mais donc car puis aussi tres trop peu bien mal bon
    bonne bonjour bonsoir bjr slt coucou revoir tantot demain aujourd hui matin soir
    midi nuit semaine jour jours heure heures oui ouais non nan nn si dac daccord
    pris prise prises oublie oubliee medicament medicaments medocs medoc cachet cachets
    comprime comprimes pilule pilules rdv rendez infirmiere infirmier docteur medecin
    svp sil vous plait mrc remercie marche pas objectif objectifs poids tension
    glycemie sucre respiration douleur mal tete fatigue malade envie moral seul seule
    arrete arreter arret francais neerlandais flamand langue parler parle parlez
    aide aider comprends comprend ecrire ecrivez prochain prochaine quelqu quelque chose
    sens sent dors dort pleure souvent vite venez viens tout toute tous tt pr hein
    ouais madame monsieur belle infiniment genial perte connaissance promenade balade
    inutile nul vide allemand anglais kesk koi pk pq pcq parce rien personne encore deja
    maintenant mtn apres avant depuis pendant beaucoup bcp voila alors ici peut etre
    avoir tjrs jsp mdr ds ns vs dc qd chaque autre meme sais savoir lundi mardi mercredi
    jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout
    septembre octobre novembre decembre mois an annee soir matinee journee heureux
    septante nonante huitante trente quarante cinquante soixante cent mille deux trois
    quatre cinq six sept huit neuf dix douze vingt minutes
    """.split()
)

DUTCH_WORDS = frozenset(
    """
    ik gij ge jij jou jouw u uw hij zij ze wij we jullie hen hun mij mijn mn mezelf
    het een is bent zijt zijn was waren heb hebt heeft hebben had moet moeten kan
    kunt kunnen wil wilt willen mag mogen zal zou ga gaat gaan doe doet doen
    niet nie niets niks geen wel ook nog al maar dus want of toch eens keer efkes ff
    wat wanneer hoe waarom hoeveel welke wie waar daar er
    den der dat da die deze van voor op in aan met naar uit bij over om tot
    zo nu dan heel veel echt goed goeie goede slecht beter
    ja jaja jawel nee neen nieje dag daag dank danku dankje dankjewel bedankt graag
    aub alstublieft alsjeblieft hallo hoi goeiemorgen goeiemiddag goeienavond
    goedemorgen goedemiddag goedenavond goedendag slaapwel tot ziens straks morgen
    vandaag gisteren vanmorgen vanavond vanochtend avond middag week
    genomen ingenomen vergeten pillen pilletjes pillekes medicatie medicijnen
    afspraak verpleegster verpleegkundige verpleger dokter huisarts thuisverpleging
    gewandeld wandelen wandeling stappen gewicht bloeddruk suiker ademhaling doel doelen
    pijn moe ziek hoofdpijn beetje allee amai manneke
    stoppen stuur berichten herinneringen nederlands vlaams frans taal spreken praten
    help helpen snap begrijp volgende iemand iets minuten uur
    dertig veertig vijftig zestig zeventig tachtig negentig honderd duizend twee drie
    vier vijf zes zeven acht negen tien elf twaalf twintig
    zeg zegt zeggen gezegd gedaan maken gemaakt vele keren zeker vast waarvoor dient
    nuchter maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vanmiddag
    eenheden gespoten puffers hoest loopneus weer weet weten denk denken voel voelt
    gevoel nodig hulp alles niemand altijd nooit soms vaak later eerst daarna sinds
    tijdens omdat als ons zij hem haar nen wa awel dees januari februari maart
    mei juni juli augustus oktober maand jaar
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case and strip accents, so "médicaments" and "medicaments" look alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


@dataclass(frozen=True)
class Detection:
    """The language of one message.

    ``confident`` is False when the text itself does not tell the two languages
    apart; ``language`` is then only a guess (the caller's hint or the default) and a
    conversation should keep the language it already has.
    """

    language: Language
    confident: bool
    score_fr: float  # P(fr) after combining both signals, in [0, 1]
    source: Literal["text", "hint", "default"]


@lru_cache(maxsize=1)
def _factory():  # type: ignore[no-untyped-def]
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    profiles = resources.files("langdetect") / "profiles"
    factory.load_json_profile([(profiles / code).read_text("utf-8") for code in LANGUAGES])
    factory.set_seed(0)
    return factory


def _langdetect_p_fr(text: str) -> float | None:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        probabilities = {p.lang: p.prob for p in detector.get_probabilities()}
    except LangDetectException:  # no letters at all
        return None
    total = probabilities.get("fr", 0.0) + probabilities.get("nl", 0.0)
    return None if total == 0 else probabilities.get("fr", 0.0) / total


# Spellings only one of the two languages uses, for words outside the lexicons:
# Dutch ij, uu, aa, oo, sch, ee inside a word, ge-...-d/t/en participles, -ke/-tje
# diminutives, k, w and z inside a word; French accents, eau/eux, qu, -tion, -ez,
# oi, and ou not followed by d/t/w (Dutch koud, fout, vrouw).
_DUTCH_SPELLING = re.compile(
    r"ij|uu|aa|oo|sch|ee(?!$)|^ge\w{3,}(?:d|t|en)$|\w{3,}(?:tje|tjes|ke|kes)$|k|w|z(?!$)"
)
_FRENCH_SPELLING = re.compile(r"eau|eux|qu|tion|ez$|ais$|ait$|(?<![oh])oi|ou(?![dtw])")
_FRENCH_ACCENTS = re.compile(r"[èêàçùûôîâœë]|(?<!h)é(?!én)")

# Log-odds weights: a lexicon word counts twice a spelling clue. langdetect's own
# verdict is capped so that a few distinctive words can overrule it, and weighs
# more as the message gets longer (its n-gram statistics need text).
_LEXICON_WEIGHT = 2.0
_SPELLING_WEIGHT = 1.0
_LANGDETECT_CAP = 4.0
_CONFIDENT_LOG_ODDS = 1.5


def _token_vote(raw: str, flat: str) -> float:
    """Positive for French, negative for Dutch, 0 when the word says nothing."""
    if flat in FRENCH_WORDS:
        return _LEXICON_WEIGHT
    if flat in DUTCH_WORDS:
        return -_LEXICON_WEIGHT
    if flat in NEUTRAL_WORDS or flat.isdigit() or len(flat) < 3:
        return 0.0
    french = bool(_FRENCH_ACCENTS.search(raw) or _FRENCH_SPELLING.search(flat))
    dutch = bool(_DUTCH_SPELLING.search(flat))
    return _SPELLING_WEIGHT * (french - dutch)


_RAW_WORD = re.compile(r"\w+")
_DUTCH_K = re.compile(r"(?:^|\s)['’]k\b")


def _word_clues(text: str) -> tuple[float, bool, int]:
    """The word lists' and spellings' log-odds (positive: French), whether any word
    voted, and how many words are informative."""
    raw_tokens = [t for t in _RAW_WORD.findall(text.lower()) if not t.isdigit()]
    votes = [_token_vote(raw, normalise(raw)) for raw in raw_tokens]
    informative = sum(
        1 for raw in raw_tokens if normalise(raw) not in NEUTRAL_WORDS and len(raw) > 1
    )
    if _DUTCH_K.search(text.lower()):  # "'k heb" ('k = ik)
        votes.append(-_LEXICON_WEIGHT)
    return sum(votes), any(votes), informative


def confident_language(text: str) -> Language | None:
    """``detect(text).language`` when the detection is confident, else None; without
    langdetect when the words alone decide. langdetect adds at most
    ``_LANGDETECT_CAP`` to the log-odds either way, so past that margin it can change
    neither the language nor the confidence: the same answer for a fraction of the
    CPU (the gateway asks it of every patient message, bot/language_choice.py)."""
    log_odds, voted, _ = _word_clues(text)
    if voted and abs(log_odds) >= _LANGDETECT_CAP + _CONFIDENT_LOG_ODDS:
        return "fr" if log_odds > 0 else "nl"
    detection = detect(text)
    return detection.language if detection.confident else None


def detect(text: str, hint: str | None = None) -> Detection:
    """Detect whether ``text`` is French or Dutch.

    ``hint`` (the conversation's language, or the channel's user locale) only decides
    messages that carry no language of their own.
    """
    log_odds, lexical_or_spelling, informative = _word_clues(text)
    if informative >= 2:
        p_fr = _langdetect_p_fr(text)
        if p_fr is not None:
            p = min(max(p_fr, 1e-6), 1 - 1e-6)
            ld = max(-_LANGDETECT_CAP, min(_LANGDETECT_CAP, math.log(p / (1 - p))))
            log_odds += ld * min(informative, 4) / 4

    # Clamped: a long text of one language sums to log-odds past exp()'s range (a
    # 3,700-character Dutch message overflowed and took the safety net down with it).
    score_fr = 1 / (1 + math.exp(-max(-50.0, min(50.0, log_odds))))
    if abs(log_odds) >= _CONFIDENT_LOG_ODDS and (lexical_or_spelling or informative >= 3):
        return Detection("fr" if log_odds > 0 else "nl", True, score_fr, "text")
    if hint in LANGUAGES:
        return Detection(hint, False, score_fr, "hint")
    if log_odds:
        return Detection("fr" if log_odds > 0 else "nl", False, score_fr, "text")
    return Detection(DEFAULT_LANGUAGE, False, score_fr, "default")


_REQUEST_NL = re.compile(r"\b(neerlandais|nederlands|neder|vlaams|flamand|nl)\b")
_REQUEST_FR = re.compile(r"\b(francais|frans|fransch|fr)\b")


def requested_language(text: str) -> Language | None:
    """The language a ``change_language`` message names, if it names exactly one."""
    flat = normalise(text)
    nl = bool(_REQUEST_NL.search(flat))
    fr = bool(_REQUEST_FR.search(flat))
    if nl == fr:
        return None
    return "nl" if nl else "fr"


def other(language: str | None) -> Language:
    return "fr" if language == "nl" else "nl"


# The metadata keys with which the gateway tells Rasa the language stored for the
# patient once it was chosen (bot/language_choice.py), and a token naming that choice.
CHOICE_KEY = "language_choice"
CHOICE_ID_KEY = "language_choice_id"


def new_choice(metadata: object, earlier: Iterable[object]) -> Language | None:
    """The stored language a message's ``metadata`` carries when no ``earlier``
    message's metadata (the conversation's, as Rasa kept it) carried the same choice:
    a choice made since (by the patient's messages, or by a nurse in the console)
    is applied once, then the conversation goes on as before."""
    if not isinstance(metadata, dict):
        return None
    chosen, token = metadata.get(CHOICE_KEY), metadata.get(CHOICE_ID_KEY)
    if chosen not in LANGUAGES or not token:
        return None
    if any(isinstance(m, dict) and m.get(CHOICE_ID_KEY) == token for m in earlier):
        return None
    return chosen


def conversation_language(
    current: str | None,
    detection: Detection,
    *,
    intent: str | None = None,
    requested: str | None = None,
    chosen: str | None = None,
) -> Language:
    """The language a conversation continues in after a user message.

    An explicit request wins ("en néerlandais svp" switches to Dutch although it is
    written in French). Then a language newly stored for the patient (``chosen``,
    see ``new_choice``): the gateway changed it on this very message, or the console
    since the last one. A request that names no language ("andere taal") switches to
    the other one. Otherwise a message that carries its own language sets it and an
    ambiguous one keeps the current language.
    """
    if intent == "change_language" and requested in LANGUAGES:
        return requested
    if chosen in LANGUAGES:
        return chosen
    if intent == "change_language":
        return other(current or detection.language)
    if detection.confident or current not in LANGUAGES:
        return detection.language
    return current
