"""Suicidal intent as a family of its own (round 3): rules of regular expressions on the
message's flat text, all of which must be found, with an optional one that must not
(`suicide_wishes`, `suicide_means`, `suicide_acts`, `suicide_leaving`), and the one take-back of any
suicidal match: a message that clearly is not anyone's intent now."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import SUICIDAL, RedFlag
from bot.nlu.red_flags.suicide_acts import _ACT_RULES
from bot.nlu.red_flags.suicide_farewell import _FAREWELL_RULES
from bot.nlu.red_flags.suicide_leaving import _LEAVING_RULES
from bot.nlu.red_flags.suicide_means import _MEANS_RULES
from bot.nlu.red_flags.suicide_signals import _suicide_signal
from bot.nlu.red_flags.suicide_wishes import _WISH_RULES
from bot.nlu.red_flags.suicide_words import _SMS_FR

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# In the order they are tried; the first that matches names the words reported.
_SUICIDE_RULES = (_WISH_RULES + _MEANS_RULES + _ACT_RULES + _LEAVING_RULES
                  + _FAREWELL_RULES)

# What makes a suicidal word not the writer's (or anyone's) current intent: fiction and
# the news, a course, a question about the line itself, a history years back and over.
_FIRST_PERSON_INTENT = re.compile(
    r"\b(?:je|j) (?:\w+ )?(?:veux|voudrais|ai envie|pense a|pense au|compte|reconnais"
    r"|me retrouve|ai les memes|ai aussi)\b"
    # (round 8) not a wish to talk or to know: "je voudrais juste parler à quelqu'un"
    r"(?! (?:\w+ )?(?:parler|savoir|demander|poser|discuter|un rendez vous|prendre rendez"
    r"|changer de|comprendre|consulter|un avis|un conseil|partager|raconter))"
    r"|\bje vais (?:\w+ )?(?:me|m|le faire|en finir|mourir|sauter|faire pareil|faire comme)\b"
    r"|\bik (?:\w+ )?(?:wil|wou|zou willen|denk aan|denk erover|heb zin|herken|heb dezelfde"
    r"|heb ook)\b(?! (?:\w+ ){0,3}(?:weten|vragen|vertellen|praten|delen|spreken))"
    r"|\bik ga (?:\w+ )?(?:me|mezelf|het doen|er|dood|springen)\b"
    r"|\b(?:mezelf|mijzelf|moi aussi|ik ook|comme (?:lui|elle)|net als (?:hij|zij|haar|hem))\b"
    r"|\bme (?:tuer|suicider|pendre|jeter|noyer)\b|\b(?:donne|donnait|geeft|gaf) (?:\w+ )?"
    r"(?:envie|zin|idees|ideeen)\b"
)
_NOT_CURRENT = re.compile(
    # fiction, the news
    r"\b(?:serie|series|film|films|livre|roman|episode|personnage|netflix|documentaire|docu"
    r"|emission|reportage|acteur|actrice|chanson|jeu video|reeks|boek|aflevering|personage"
    r"|toneel|theatre|podcast|dans le journal|au journal|journal televise|in de krant"
    r"|uit de krant|nieuws|actualite|artikel|article|hoofdpersonage"
    r"|heros|held)\b"
    # a course, a talk, a thesis
    r"|\b(?:formation|cours|cursus|opleiding|secourisme|ehbo|premiers secours|eerste hulp"
    r"|conference|lezing|webinar|brochure|campagne|sensibilisation|benevole|vrijwilliger"
    r"|memoire|thesis|these|travail de fin|eindwerk|presentation|presentatie|spreekbeurt"
    r"|gatekeeper)\b"
)
_SERVICE_QUESTION = re.compile(
    r"\b(?:gratuit|gratuite|gratis|payant|prix|kost|kosten|coute|horaires?|heures d ouverture"
    r"|openingsuren|ouvert|ouverte|open|anonyme|anoniem|24 ?h|24 sur 24|24 7|dag en nacht"
    r"|rembourse|terugbetaald|qui repond|wie antwoordt)\b"
)
_YEARS_AGO = re.compile(
    r"\b(?:il y a|y a|ya) (?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze"
    r"|vingt|quelques|plusieurs|des|bien des) (?:ans?|annees?)\b(?! (?:que|qu)\b)"
    r"|\b(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|vijftien|twintig|paar|enkele"
    r"|vele) (?:jaar|jaren) geleden\b|\bjaren geleden\b"
    r"|\bquand (?:j etais|il etait|elle etait|j avais) (?:jeune|petite?|enfant|ado|adolescente?"
    r"|etudiante?|\d+ ans)\b|\b(?:dans|a) ma jeunesse\b|\ben (?:19|20)\d\d\b"
    # (round 8) a year back, "vroeger", a decade
    r"|\bl (?:annee|an) (?:passee?|derniere?)\b|\b(?:vorig|verleden) jaar\b"
    r"|\bvroeger\b(?! dan\b)|\b(?:dans|durant|pendant) les annees \w+\b"
    r"|\bin de jaren \w+\b"
    r"|\bals (?:tiener|puber|student|studente|jongere|kind)\b|\btoen ik (?:jong|tiener|puber"
    r"|student|kind|\d+) (?:was|jaar was)\b|\bin (?:mijn|m n) (?:jeugd|tienerjaren)\b"
    r"|\bin (?:19|20)\d\d\b|\bautrefois\b|\bvroeger\b|\bdans le passe\b|\bin het verleden\b"
)
_RESOLVED = re.compile(
    r"\b(?:je vais bien|ca va bien|ca va mieux|tout va bien|je vais mieux|c est derriere moi"
    r"|j en suis sortie?|je m en suis sortie?|plus jamais eu|plus d idees noires|stabilisee?"
    r"|gueri|guerie|het gaat (?:nu |al lang |ondertussen )?goed|gaat (?:het )?(?:nu )?goed met"
    r" mij"
    # (round 8) "ça va beaucoup mieux", "nu gaat het veel beter", "il va bien"
    r"|ca va (?:beaucoup |bien |nettement )?mieux|je vais (?:beaucoup |bien |nettement |tellement )"
    r"mieux|(?:nu )?gaat het (?:nu )?(?:veel |een stuk"
    r" |stukken )?beter|(?:il|elle|hij|ze|zij) (?:va|gaat|stelt het) (?:nu |maintenant )?"
    r"(?:bien|mieux|goed|beter)"
    r"|ik ben er bovenop|ligt achter mij|achter de rug|sindsdien goed|geen (?:zwarte"
    r"|donkere) gedachten meer|ik ben er (?:uit|doorheen) gekomen|ik ben genezen"
    # (round 8) a clause of its own: ", plus du tout maintenant", ", nu helemaal niet
    # meer" (not "je n'en peux plus maintenant", "ik kan nu niet meer")
    r"|(?<=[,.;!] )(?:mais |et |maar |en )?(?:plus (?:du tout )?(?:maintenant|mtn|depuis)"
    r"|nu (?:helemaal )?niet meer|sindsdien (?:helemaal )?niet meer)(?= *(?:[.!?,;]|$)))\b"
)
_RECURRING = re.compile(
    r"\b(?:encore|de nouveau|a nouveau|recommence\w*|reviennent|revient|reviens|ces derniers"
    r"|ces jours|depuis quelques|ce soir|cette nuit|maintenant (?:je|j)|weer|opnieuw|nog steeds"
    r"|nog altijd|laatste (?:tijd|dagen|weken)|sinds kort|deze (?:dagen|week)|vanavond"
    r"|vannacht|terug (?:zin|gedachten|aan))\b"
)


# (round 9) Someone else's act long ago, told by a relative: "ma tante s'est suicidée
# quand j'étais petite", "mijn schoonmoeder heeft vroeger een zelfmoordpoging gedaan".
# The act is over and not the writer's; what is asked is how to talk about it or its
# heredity. Not when that person says or wants something now (`_THEIR_INTENT_NOW`).
_RELATIVE = re.compile(
    r"\b(?:mon|ma|mes|son|sa|notre|nos|mijn|m n|zijn|haar|onze|ons|de|la|le) (?:\w+ )?"
    r"(?:pere|mere|frere|soeur|fils|fille|oncle|tante|cousin|cousine|grand pere|grand mere"
    r"|ami|amie|voisin|voisine|mari|femme|compagnon|compagne|collegue|vader|moeder|broer|zus"
    r"|zoon|dochter|oom|nonkel|neef|nicht|schoonmoeder|schoonvader|schoonzus|schoonbroer"
    r"|grootvader|grootmoeder|opa|oma|vriend|vriendin|buurman|buurvrouw|collega|man|vrouw"
    r"|partner|papa|maman|pa|ma)\b"
)
_THEIR_ACT = re.compile(
    r"\b(?:tentatives? de suicide|s est suicide\w*|s etait suicide\w*|suicide\w* (?:en|il y a)"
    r"|zelfmoordpoging\w*|zelfmoord (?:gepleegd|pleegde|gedaan)|pleegde (?:\w+ )?zelfmoord"
    r"|heeft (?:\w+ ){0,3}zelfmoord (?:gepleegd|gedaan)|poging (?:tot zelfmoord|gedaan))\b"
)
_LONG_AGO = re.compile(
    r"\bil y a (?:bien |tres |si )?longtemps\b|\b(?:heel )?lang geleden\b|\bjaren terug\b"
    r"|\b(?:\d+|een|twee|drie|vier|vijf|tien) jaar terug\b"
)
_THEIR_INTENT_NOW = re.compile(
    r"\b(?:il|elle|hij|ze|zij) (?:\w+ )?(?:veut|voudrait|va|parle|menace|dit qu|recommence"
    r"|wil|wou|gaat|praat|dreigt|zegt|begint)\b"
)
# (round 9) A screening question reported: "mon médecin m'a demandé si j'avais des
# idées suicidaires", "de verpleegster vroeg of ik ooit aan zelfmoord dacht"; not when
# the answer was yes.
_ASKED_IF = re.compile(
    r"\b(?:m a demande|m ont demande|me demande|me demandent|m avait demande|vroeg|vroegen"
    r"|vraagt|vragen|heeft (?:mij |me )?gevraagd|hebben (?:mij |me )?gevraagd) (?:\w+ ){0,2}?"
    r"(?:si|of) "
)
_SAID_YES = re.compile(
    r"\b(?:j ai (?:dit|repondu) oui|ik (?:heb )?ja (?:gezegd|geantwoord)|ik zei ja|j ai avoue"
    r"|en fait oui|eigenlijk wel|eerlijk gezegd wel|soms wel|parfois oui|un peu)\b"
)


def _sms_expanded(flat: str) -> str:
    for regex, written in _SMS_FR:
        flat = regex.sub(written, flat)
    return flat


def _suicidal_intent(message: _Message) -> RedFlag | None:
    """Suicidal intent in the words people in crisis use (see `_SUICIDE_RULES`): a
    wish to die or not to exist, a burden, a means made ready or taken with a time or
    finality, farewells and cancelled appointments, self-harm, voices that command, and
    someone else who says they will do it; then the circumstances that tell a plan
    (`suicide_signals`)."""
    flat = _sms_expanded(message.flat)
    for needed, unless in _SUICIDE_RULES:
        matches = []
        for regex in needed:
            match = regex.search(flat)
            if not match:
                break
            matches.append(match.group(0))
        else:
            if unless is None or not unless.search(flat):
                return RedFlag(SUICIDAL, " … ".join(matches))
    signal = _suicide_signal(flat)
    return RedFlag(SUICIDAL, signal) if signal else None


def _not_current_intent(message: _Message) -> bool:
    """True when the message clearly is not about anyone's intent now: a series, the
    news, a course or a thesis, a question about the line's price or hours, a history
    years back said to be over, (round 9) a screening question reported and not
    answered yes, or someone else's act long ago; each only with no wish of the
    writer's own ("je veux", "ik wil", "moi aussi") and nothing that says it is back."""
    flat = _sms_expanded(message.flat)
    if _FIRST_PERSON_INTENT.search(flat):
        return False
    if _NOT_CURRENT.search(flat):
        return True
    if "?" in message.stream and _SERVICE_QUESTION.search(flat):
        return True
    if _RECURRING.search(flat):
        return False
    if _ASKED_IF.search(flat) and not _SAID_YES.search(flat):
        return True
    if (_RELATIVE.search(flat) and _THEIR_ACT.search(flat)
            and (_YEARS_AGO.search(flat) or _LONG_AGO.search(flat))
            and not _THEIR_INTENT_NOW.search(flat)):
        return True
    return bool(_YEARS_AGO.search(flat)) and bool(_RESOLVED.search(flat))
