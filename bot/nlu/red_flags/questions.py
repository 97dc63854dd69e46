"""General questions about a condition or the service ("c'est quoi une hypo ?", "wat
doe je als iemand een beroerte krijgt?") and a history months or years back ("il y a 3
ans j'ai eu un AVC"), which take back only patterns that name a condition."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import EMERGENCY_CALL, KINDS, POISONING, SUICIDAL
from bot.nlu.red_flags.past import _OVER_NOW

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# --- general questions -----------------------------------------------------------------

_GREETING = (
    r"(?:(?:bonjour|bonsoir|salut|coucou|hello|madame|monsieur|docteur|dag|hallo|hoi|dokter"
    r"|zuster|excusez moi|pardon|euh|ok|oke|svp|une question|een vraag|petite question"
    r"|vraagje|[.!?;:,()\n]) )*"
)
_QUESTION_START = re.compile(
    rf"^{_GREETING}(?:qu est ce|qu est ce que|qu est ce qu|c est quoi|cest quoi|c quoi|quoi"
    r"|quand|comment|quel|quelle|quels|quelles|pourquoi|combien|que faire|que dois|que doit"
    r"|est ce que|est ce qu|dois je|faut il|a quoi|wat|wanneer|hoe|welk|welke|waarom|hoeveel"
    r"|wie|waar|moet ik|mag ik|je voudrais savoir|j aimerais savoir|je me demande"
    r"|ik wil weten|ik zou willen weten|ik vroeg me af|ik vraag me af"
    # (round 8) chat spellings and "can you explain": "c koi", "kunt ge uitleggen"
    r"|c koi|c est koi|koi|(?:kunt|kan|kun) (?:u|ge|je|jij) (?:\w+ )?uitleggen"
    # (round 10) a belief checked: "c'est vrai qu'il faut ... pendant une crise ?"
    r"|c est vrai que|c est vrai qu|est il vrai que|est ce vrai que|klopt het dat"
    r"|is het waar dat|klopt het dat"
    r"|(?:pouvez vous|peux tu|tu peux|vous pouvez) (?:m |me |nous )?expliquer)\b"
)
# (round 8) The difference between two conditions: a definition asked, whatever the
# writer has ("... ? je viens d'apprendre que j'ai le diabète", "ik heb soms
# paniekaanvallen"), unless something happens now.
_DIFFERENCE = re.compile(
    r"\b(?:la |une )?(?:difference|diff|nuance) (?:entre|between)\b|\bhet verschil tussen\b"
    r"|\bquelle difference\b|\bwat is het verschil\b"
)
# (round 9) How a device or treatment is used, asked anywhere in the message: "ik heb
# een EpiPen voorgeschreven gekregen, hoe gebruik ik die?", "comment on l'utilise ?"; like
# a difference, a question about the thing, not a report, unless something happens now.
_HOW_TO_USE = re.compile(
    r"\b(?:hoe (?:gebruik|zet|prik) (?:ik|je|ge|men|u)|hoe werkt (?:die|dat|het|zo n|zoiets)"
    r"|comment (?:on )?(?:l |les |s en |la |le )?(?:utilise\w*|sert|servir)"
    r"|comment (?:ca|il|elle) (?:marche|fonctionne)|mode d emploi|handleiding"
    r"|gebruiksaanwijzing)\b"
)
_WHEN_QUESTION_START = re.compile(
    rf"^{_GREETING}(?:qu est ce|c est quoi|cest quoi|c quoi|quand|quel est|quelle est|a quoi"
    r"|est ce que je dois|dois je|faut il|wat is|wat zijn|wat doet|wanneer|welk|welke"
    r"|moet ik|mag ik)\b"
)
# "si ... un jour", "als ... ooit": something that has not happened.
_HYPOTHETICAL = re.compile(
    r"\bsi\b.*\bun jour\b|\bals\b.*\booit\b|\bstel dat\b|\bmocht\b.*\booit\b|\bau cas ou\b"
)
# (round 2) What anyone should do if someone has it: "que faire si un diabétique fait
# une hypo", "wat doe je als iemand een hypo krijgt"; general unless the writer tells a
# symptom of their own (`_OWN_SYMPTOM`).
_WHAT_TO_DO = re.compile(
    r"\b(?:que faire|qu est ce qu on fait|qu est ce que l on fait|que fait on|comment on fait"
    r"|comment reagir|wat doe je|wat doe jij|wat moet je doen|wat doet men|hoe reageer je"
    r"|hoe help je"
    # (round 10) asked by the writer about someone close: "il faut que je fasse quoi si
    # mon mari refait une crise ?", "wat moet ik doen als mijn vrouw ooit ..."
    r"|il faut que je fasse quoi|je dois faire quoi|je fais quoi|que dois je faire"
    r"|qu est ce que je dois faire|qu est ce que je fais|wat moet ik doen|wat doe ik)"
    r" (?:si|s|quand|lorsque|als|wanneer|bij)"
    r" (?:un|une|quelqu un|qqn|iemand|een|men|on|(?:mon|ma|mes|mijn|m n|mn|onze|ons) \w+)\b"
)
# With such a question, a symptom of the writer's own still alarms.
_OWN_SYMPTOM = re.compile(
    r"\b(?:j ai|je me sens|je sens|je tremble|je transpire|je vois|je fais|ik heb|heb ik"
    r"|k heb|ik voel|voel ik|ik krijg|krijg ik|ik zie|ik doe)\b"
)
# Something happening now, to the writer or someone with them.
_NOW = re.compile(
    r"\b(?:maintenant|mtn|en ce moment|actuellement|tout de suite|vite|urgent|nu|nou"
    r"|momenteel|op dit moment|direct|dringend|snel|rap|aujourd hui|vandaag|ce soir"
    r"|vanavond|cette nuit|vannacht|depuis|sinds|help|aidez|secours)\b"
)
_HAPPENING = re.compile(
    r"\b(?:j ai|je fais|je suis|je me sens|je sens|j en fais|je crois|je pense|je tremble"
    r"|je transpire|je vois|j arrive|ik heb|heb ik|ik ben|ben ik|k heb|k ben|ik voel"
    r"|voel ik|ik krijg|krijg ik|ik doe|doe ik|ik zie|il fait|elle fait|il a|elle a|il est"
    r"|elle est|hij heeft|ze heeft|zij heeft|hij doet|ze doet|hij is|ze is|zij is|of ik"
    r"|si je|si j|of hij|of ze)\b"
)
_JUST_ASKING = re.compile(
    r"\b(?:j ai une (?:petite )?question|ik heb een vraag(?:je)?|k heb een vraag(?:je)?"
    # (round 8) forgetting what one was told: "maar ik ben het vergeten"
    r"|ik ben (?:het |dat )?vergeten|ik weet (?:het |dat )?niet meer|j ai oublie"
    r"|je (?:l ai|ne sais plus|sais plus)"
    # (round 9) what one has from time to time is background, not now: "ik heb soms
    # migraine", "j'ai parfois des palpitations"
    r"|(?:j ai|ik heb|k heb|heb ik|il a|elle a|hij heeft|ze heeft) (?:parfois|de temps en temps"
    r"|soms|af en toe|nu en dan|zo nu en dan)"
    # (round 9) a device prescribed, how to use it: "ik heb een EpiPen voorgeschreven
    # gekregen, hoe gebruik ik die?", "on m'a prescrit un stylo, comment l'utiliser ?"
    r"|ik heb (?:\w+ ){0,3}voorgeschreven gekregen|on m a prescrit|j ai recu (?:\w+ ){0,3}"
    r"prescription)\b"
)


def _general_question(message: _Message, kind: str) -> bool:
    if kind == EMERGENCY_CALL:
        return message.general_question_when
    return message.general_question


def _is_general_question(flat: str, start: re.Pattern[str]) -> bool:
    """True when the message is a general question about a condition or the service:
    "qu'est-ce qu'une hypo ?", "c'est quoi les signes d'un AVC ?", "quand est-ce que je
    dois appeler le 112 ?", "wat moet ik doen als mijn man ooit een hypo heeft?".

    It applies only to patterns that *name* a condition or service ("?" in
    `_PATTERNS`), never to a described symptom ("comment faire, je n'arrive plus à
    respirer ?") nor to suicidal thoughts. A question word must open a sentence, or the
    question must be hypothetical ("si ... un jour", "als ... ooit"); a "?" alone does
    not do ("hypo?" may be "I think I'm having one"). And nothing may say it is
    happening: no word of the present or of urgency ("maintenant", "nu", "depuis",
    "vite"), and, unless hypothetical, no first- or third-person present ("j'ai", "ik
    heb", "il fait", "si je", "of ik"). In doubt, it alarms. For the emergency
    number and the ambulance, only "when"/"what is" questions count: "comment appeler
    le 112 ?" may be asked in the emergency itself.
    """
    if ((_DIFFERENCE.search(flat) or _HOW_TO_USE.search(flat)) and "?" in flat
            and not _NOW.search(flat)):
        return True
    hypothetical = bool(_HYPOTHETICAL.search(flat))
    if not hypothetical and _WHAT_TO_DO.search(flat) and not _NOW.search(flat):
        return not _OWN_SYMPTOM.search(flat)
    sentences = re.split(r" [.!?;:\n] ", f" {flat} ")
    if not hypothetical and not any(start.match(s.strip()) for s in sentences):
        return False
    if _NOW.search(flat):
        return False
    return hypothetical or not _HAPPENING.search(_JUST_ASKING.sub(" ", flat))


# --- history long ago ------------------------------------------------------------------

# Kinds whose naming in a history long ago ("il y a 3 ans j'ai eu un AVC") is not an
# emergency. Not suicidal thoughts or poisoning.
_HISTORY_KINDS = frozenset(set(KINDS) - {SUICIDAL, POISONING})
_YEAR = r"(?:19|20)\d\d"
_LONG_AGO = re.compile(
    r"\b(?:il y a|y a|ya) (?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"
    r"|quelques|plusieurs|des) (?:ans?|annees?|mois)\b(?! (?:que|qu)\b)"
    r"|\b(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|paar|enkele|jaren"
    r"|maanden) (?:jaar|jaren|maand|maanden) geleden\b"
    r"|\bjaren geleden\b|\bl annee (?:passee|derniere)\b|\bl an (?:passe|dernier)\b"
    r"|\bvorig jaar\b|\bverleden jaar\b"
    # (round 8) a month back: "vorige maand", "le mois dernier"
    r"|\b(?:vorige|verleden|afgelopen) maand\b|\ble mois (?:passe|dernier)\b"
    r"|\bdans le passe\b|\bin het verleden\b|\bautrefois\b"
    r"|\b(?:en|in|date de|datant de|remonte a|dateert van|van|de|uit|sinds|depuis)"
    rf" (?P<year>{_YEAR})\b"
    # "remonte à plus de deux ans", "twee jaar terug", "quand j'étais jeune", "vorige winter"
    r"|\b(?:remonte|remontent|date|datent) a (?:plus de |au moins |bien )?(?:\d+|un|une|deux|trois"
    r"|quatre|cinq|six|sept|huit|neuf|dix|quelques|plusieurs|des) (?:ans?|annees?|mois)\b"
    r"|\b(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|paar|enkele|jaren|maanden)"
    r" (?:jaar|jaren|maand|maanden) terug\b"
    r"|\bquand (?:j etais|il etait|elle etait|j avais) (?:jeune|petite?|enfant|gamine?|ado"
    r"|adolescente?|etudiante?|\d+ ans)\b|\bdans (?:ma|sa) jeunesse\b"
    r"|\bals (?:jonge gast|jonge gasten|kind|jongen|meisje|tiener|puber|student|jonge vent)\b"
    r"|\btoen (?:ik|hij|ze|zij) (?:jong|klein|kind|tiener|student) was\b|\bin (?:mijn|m n|zijn"
    r"|haar) jeugd\b"
    r"|\b(?:vorige|verleden|afgelopen) (?:winter|zomer|herfst|lente)\b"
    # (round 2) rehabilitation "since the stroke": the event is behind, not happening
    r"|\b(?:depuis|sinds|sedert) (?:l|le|la|mon|ma|son|sa|de|het|mijn|zijn|haar|m n|z n)"
    r" (?:avc|attaque|infarctus|beroerte|hartinfarct|hartaanval|herseninfarct)\b"
    r"|\bl (?:hiver|ete|automne) (?:passe|dernier)\b|\ble printemps (?:passe|dernier)\b"
    # (round 7) "vroeger" (not "vroeger dan", earlier than), a decade: "dans les années
    # nonante", "in de jaren 80"
    r"|\bvroeger\b(?! (?:dan|op de dag|vandaag|vanmorgen|vanochtend|deze)\b)"
    r"|\b(?:dans|durant|pendant) les annees (?:\d0|[a-z]+(?:ante|ent))\b"
    r"|\bin de jaren (?:\d0|[a-z]+(?:tig|ig))\b"
    # (round 10) the last episode dated months or years back: "ma dernière crise date
    # d'il y a 2 ans", "la dernière était en mars", "de laatste was vorig jaar"
    r"|\b(?:derniere|dernier|laatste) (?:\w+ ){0,3}(?:date|datait|remonte|etait|was|dateert)"
    r" (?:d |de |en |a |in |van |al )?(?:il y a |ongeveer |plus de |meer dan )?"
    r"(?:(?:\d+|un|une|deux|trois|een|twee|drie) (?:ans?|annees?|mois|jaar|maanden)"
    r"|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
    r"|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|l an dernier|vorig jaar)\b"
)
# Something new, now or again; not "toujours"/"nog altijd" (still doing the physio).
_NEW_EPISODE = re.compile(
    r"\b(?:maintenant|mtn|en ce moment|actuellement|recommence\w*|de nouveau|a nouveau"
    r"|refai\w*|refait|encore|une autre|nouvelle|nouveau|weer|opnieuw|alweer|nog een"
    r"|nog eens|nu|momenteel|op dit moment|herbegint|begint|vandaag|aujourd hui|ce matin"
    r"|vanmorgen|vanochtend|vannacht|cette nuit|hier|gisteren)\b"
    # (round 10) a duration in minutes or hours is now, and the old event compared to
    # now says it is back: "depuis 20 min, j'ai fait un infarctus en 2019, c'est pareil"
    r"|\b(?:depuis|sinds|al) (?:\d+|une|un|een|twee|deux|trois|drie|half|een half|un quart"
    r"|een kwartier) ?(?:min|mins|minutes?|minuten|h|heures?|u|uur|kwartier|d heure)\b"
    r"|\b(?:exactement |precisement |tout a fait |juste )?(?:pareil|la meme chose|le meme"
    r"|la meme) (?:que|qu|comme)?\b|\bcomme (?:la derniere fois|en \d{4}|a l epoque|ce jour la)"
    r"|\b(?:net |precies |exact )?(?:hetzelfde|zelfde gevoel|dezelfde pijn|zoals toen|net als toen"
    r"|zoals de vorige keer|als de vorige keer)\b"
)


def _long_ago(message: _Message, positions: list[int]) -> bool:
    """True when a named condition is placed months or years back and nothing new is
    said: "il y a 3 ans j'ai eu un AVC, je fais toujours ma kiné", "drie jaar geleden een
    beroerte", "ma dernière crise d'épilepsie date de 2019".

    Only for patterns that name a condition ("?"), never suicidal thoughts or
    poisoning; only when the marker (il y a N ans/mois, N jaar geleden, vorig jaar, en
    2019 before this year; not "depuis 2019" nor "il y a 3 ans que", which still go on)
    is in the clause of the match or a short clause just before it; and only when no
    word of a new or recent episode appears outside a phrase saying it is over
    ("maintenant", "encore", "nu", "weer", "hier", "depuis"). A described symptom
    ("et maintenant ma bouche est de travers") alarms as usual.
    """
    return message.clause[message.at[positions[0]]] in message.long_ago_clauses


def _clauses_long_ago(message: _Message) -> frozenset[int]:
    """Clauses holding a marker of long ago (and the clause after a short one), or none
    at all when the message tells of something new."""
    flat = message.flat
    if _NEW_EPISODE.search(_OVER_NOW.sub(" | ", flat)):
        return frozenset()
    this_year = date.today().year
    lengths: dict[int, int] = {}
    for number in message.clause:
        lengths[number] = lengths.get(number, 0) + 1
    marked: set[int] = set()
    for match in _LONG_AGO.finditer(flat):
        year = match.group("year")
        if year and (int(year) >= this_year or match.group(0).split()[0] in ("sinds", "depuis")):
            continue
        number = message.clause[flat[: match.start()].count(" ")]
        marked.add(number)
        if lengths[number] <= 6:  # a short time phrase belongs to its neighbours
            marked.update((number - 1, number + 1))
    if marked:  # "vorige winter gevallen en had toen een hersenschudding": "toen" points back
        for match in _BACK_THEN.finditer(flat):
            number = message.clause[flat[: match.start()].count(" ")]
            if number > min(marked):
                marked.add(number)
    return frozenset(marked)


_BACK_THEN = re.compile(r"\b(?:toen|destijds|in die tijd|a l epoque|a cette epoque)\b")
