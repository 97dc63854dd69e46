"""The past: an episode placed in the past and said to be over now, with nothing new
since, for the kinds whose danger does not outlive the symptoms."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import (
    ALLERGY,
    BLEEDING,
    BREATHLESSNESS,
    CHEST_PAIN,
    COLLAPSE,
    EMERGENCY_CALL,
    HYPOGLYCAEMIA,
    SEIZURE,
)

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# --- the past --------------------------------------------------------------------------

# Kinds where an episode that is over is no longer an emergency. Not suicidal thoughts
# (yesterday's still matter today), stroke (a transient one is a warning of the next),
# poisoning (paracetamol harms days later) or a blow to the head (a bleed under the
# skull, especially on anticoagulants, shows hours later).
_PAST_KINDS = frozenset(
    {CHEST_PAIN, BREATHLESSNESS, ALLERGY, SEIZURE, HYPOGLYCAEMIA, COLLAPSE, BLEEDING,
     EMERGENCY_CALL}
)
_NUMBER_WORD = (
    r"(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|dix|quelques|plusieurs|een|twee|drie"
    r"|vier|vijf|zes|zeven|acht|tien|paar|enkele)"
)
# Time adverbials that place an episode in the past; not after "depuis"/"sinds"
# ("j'ai mal depuis hier" is still going on).
_PAST_TIME = re.compile(
    r"(?<!depuis )(?<!sinds )(?<!sedert )(?<!jusqu )"
    r"\b(?:hier|avant hier|gisteren|gister|gisterenavond|gisteravond|gistermorgen|eergisteren"
    r"|eergister|ce matin|cette nuit|l autre jour|la derniere fois|vanmorgen|vanochtend"
    r"|(?<!a )tantot"
    r"|vannacht|geleden|vorige \w+|vorig \w+|verleden \w+|afgelopen \w+|laatste keer"
    r"|(?:semaine|mois|annee|fois|nuit|weekend|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche) (?:passee?|derniere?)"
    rf"|(?:il y a|y a|ya) {_NUMBER_WORD} (?:jours?|semaines?|mois|heures?|h|ans?))\b"
)
_PAST_TENSE = re.compile(
    r"\b(?:eu|avais|avait|etais|etait|ete|avions|had|hadden|gehad|was|waren)\b"
    r"|\b(?:a|ont) fait\b"  # "mon mari a fait une hypo" (not "j'ai fait": it may be now)
    # (round 8) nearly, which did not happen; "ça a saigné", a perfect of "ça"
    r"|\b(?:ai|avait|avais|a|ont) failli\b|\b(?:ca|cela) a [a-z]+e\b"
)
# "It is over now", in the words patients use. Matched on the flat token string.
_OVER_NOW = re.compile(
    r"\b(?:(?:maintenant|mtn|la|now|aujourd hui|desormais) )?(?:ca|sa|cela|c) va"
    r"(?: (?:bien|mieux|beaucoup mieux|deja mieux|nettement mieux|de nouveau|a nouveau))?"
    r"(?: (?:maintenant|mtn))?"
    r"(?! (?:pas|pa|plus|mal|aller|passer|pire|empirer|durer|recommencer|arriver|vraiment"
    r"|un peu|un petit peu|se|s|me|m|t|il|elle)\b| \?)"
    r"|\b(?:(?:maintenant|mtn) )?(?:je|j) (?:vais|me sens|suis)"
    r" (?:(?:beaucoup|deja|de nouveau|a nouveau) )?(?:bien|mieux|ok|en forme)"
    r"(?: (?:maintenant|mtn))?\b"
    r"|\btout va bien\b|\btout est (?:rentre dans l ordre|ok|normal)\b"
    r"|\b(?:plus|rien) (?:maintenant|mtn|depuis)(?= *(?:[.!?;,:\n)]|$))"
    r"|\b(?:c|ca|cela) (?:est|s est) (?:passe|passee|fini|finie|termine|terminee|calme"
    r"|calmee|arrete|arretee|resolu|stabilise)\b"
    r"|\b(?:est|sont) (?:passee?s?|partie?s?|disparue?s?)\b"
    r"(?! (?:dans|vers|jusqu|au|aux|a|en|sur)\b)"
    r"|\b(?:(?:nu|maar nu|en nu) )?(?:gaat|gaan|ging) (?:het|t|alles)"
    r" (?:(?:nu|al|weer|terug|ondertussen|intussen) )*(?:goed|beter|ok|oke|prima)\b"
    r"|\b(?:het|t|alles) gaat (?:(?:nu|al|weer|terug|ondertussen|intussen|veel|een stuk"
    r"|stukken|echt|heel|wel|stilaan|stillekes|geleidelijk|langzaam) )*"
    r"(?:goed|beter|ok|oke|prima)\b"
    r"|\b(?:(?:nu|ik) )?voel (?:ik )?(?:me|mij) (?:(?:nu|al|weer|terug|ondertussen) )*"
    r"(?:goed|beter|ok|prima)\b"
    r"|\b(?:nu|nou) (?:niet|nie) meer(?= *(?:[.!?;,:\n)]|$))"
    # (round 2) "na 10 min was het over", "depuis plus rien", "sindsdien nooit meer iets"
    r"|\b(?:was|is) (?:het|t|alles) (?:(?:al|weer|terug) )*(?:over|voorbij|gedaan|weg)\b"
    r"|\bdepuis (?:plus rien|rien|jamais rien|plus jamais)\b"
    # (round 10) none since: "elle n'en a plus refait depuis", "sans crise depuis",
    # "al een jaar niks meer", "geen aanvallen meer sinds de nieuwe medicatie"
    r"|\b(?:n )?en (?:a|ai|avait|avais) (?:plus|pas|jamais) (?:re)?(?:fait|eu)\b"
    r"|\bsans (?:crise|crises|attaque|attaques|malaise|malaises|hypo|hypos) depuis\b"
    r"|\bal (?:een|\d+|twee|drie|enkele) (?:jaar|jaren|maanden|maand) (?:niks|niets|geen"
    r" \w+) meer\b|\bgeen (?:aanval|aanvallen|crisis|hypo|hypos) meer (?:gehad )?sinds\b"
    r"|\bsindsdien (?:niets|niks|nooit|geen) (?:meer )?(?:iets|gehad|last)?\b"
    # back to walking, swimming, sport: "maintenant je remarche", "nu doet ze aquagym"
    r"|\b(?:maintenant|mtn|nu) (?:(?!(?:niet|nie|pas|plus|meer|geen|ne|n|kan|kon|peut"
    r"|arrive|moeilijk|mal)\b)\w+ ){0,5}?(?:remarche\w*|wandel\w*|aquagym|gym|zwem\w*|nage"
    r"|natation|fiets\w*|velo|yoga|danse|dansen|sport\w*|petanque|zonder stok|sans canne"
    # (round 9) or to rehabilitation, a treatment that follows the event: "maintenant je
    # fais de la revalidation", "nu ben ik aan het revalideren", "j'ai un stent maintenant"
    r"|revalid\w*|reeducation|kine|kinesitherapie|desensibilis\w*|stent)\b"
    r"|\b(?:j ai|ik heb|il a|hij heeft) (?:un |een )?stent (?:maintenant|mtn|nu)\b"
    r"|\b(?:het|t|alles|dat|de pijn|pijn|die|suiker|bloeding|hypo) is"
    r" (?:(?:nu|al|weer|terug|helemaal|volledig|compleet|totaal) )*(?:over|voorbij|weg"
    r"|gedaan|in orde|ok|oke|goed|normaal|gestopt|opgelost)\b"
    r"|\balles (?:is )?(?:(?:nu|weer|terug) )*(?:ok|oke|goed|in orde|normaal)\b"
    r"|\bnu (?:is )?(?:alles )?(?:ok|oke|goed|beter|normaal|in orde)\b"
    # (round 8) "ce matin plus rien", "plus aucune gêne", "ging direct over", "geen last
    # meer"; back to an activity or home; recovered
    r"|\b(?:ce matin|aujourd hui|maintenant|mtn|vanmorgen|vandaag|nu) (?:plus rien|niks meer"
    r"|niets meer)\b"
    r"|\bplus aucune? (?:gene|douleur|symptome|symptomes|souci|probleme)\b"
    r"|\b(?:nergens|geen) (?:last|klachten|pijn) meer\b"
    r"|\b(?:is|zijn) (?:(?:nu|al|weer|terug) )*(?:helemaal|volledig|compleet|totaal)"
    r" (?:over|voorbij|weg|verdwenen)\b"
    r"|\bging (?:het|t) (?:(?:direct|meteen|snel|vlug|vanzelf|vanzelf weer) )?over\b"
    r"|\b(?:fietst|wandelt|zwemt|werkt|sport|rijdt|roule|marche|nage|travaille|conduit)"
    r" (?:(?:nu|maintenant) )?(?:weer|terug|de nouveau|a nouveau)\b"
    r"|\b(?:nu )?(?:kan|kon) (?:ik|hij|ze|zij) (?:nu )?(?:weer|terug) (?:\w+ ){0,4}?"
    r"(?:stappen|wandelen|fietsen|lopen|zwemmen|werken|sporten)\b"
    r"|\b(?:maintenant )?je (?:peux|pouvais) (?:de nouveau|a nouveau|enfin) (?:\w+ ){0,3}?"
    r"(?:marcher|nager|travailler|rouler|faire du sport)\b"
    r"|\b(?:goed|volledig|helemaal) hersteld\b|\bbien (?:remis|remise|recupere|recuperee)\b"
    r"|\b(?:is|zijn|est|sont) (?:(?:al|alweer|weer|terug|deja|de retour) )+(?:thuis"
    r"|a la maison)\b|\b(?:en )?stelt het (?:(?:weer|terug) )?(?:goed|prima)\b"
    # "c'était réglé", "direct opgelost"
    r"|\b(?:c|ca|cela) (?:etait|est|a ete) (?:(?:vite|tout de suite|directement|rapidement"
    r"|bien) )?(?:regle|reglee|resolu|resolue|passe|passee|fini|finie)\b"
    r"|(?<!niet )(?<!nie )\b(?:(?:direct|meteen|onmiddellijk|snel|vlug|rap) )?"
    r"(?:opgelost|bijgetrokken)\b"
    # someone else who is fine: "elle va bien", "hij voelt zich beter"
    r"|\b(?:(?:aujourd hui|vandaag|nu|maintenant|mtn) )?(?:il|elle|hij|ze|zij)"
    r" (?:va|gaat|se porte|voelt zich|stelt het)"
    r" (?:(?:nu|weer|terug|maintenant|mtn|de nouveau|a nouveau) )?(?:(?:tres|super|heel|zeer"
    r"|vraiment) )?(?:bien|mieux|ok|goed|beter|prima)\b(?: (?:maintenant|mtn|nu))?"
    # a normal sugar again: "il est à 1,20 maintenant", "ze zit terug op 110"
    r"|\b(?:est|suis|zit|is|ben|staat|sta|etait|etais|was|zat) (?:(?:maintenant|mtn|nu|terug|weer"
    r"|de nouveau|a nouveau) )?(?:a|aan|op) (?:[12][.,]\d+|[89]\d|1\d\d)\b"
    r"(?! (?:mmol|mmhg)\b)(?: (?:maintenant|mtn|nu))?"
    r"|\b(?:nu|maintenant|mtn) (?:(?:is|est|zit|ben|suis) (?:(?:het|hij|ze|ik|il|elle|je) )?)?"
    r"(?:(?:weer|terug|de nouveau|a nouveau) )?(?:op |a |aan )?"
    r"(?:[12][.,]\d+|[89]\d|1\d\d)\b(?! (?:mmol|mmhg)\b)"
    # healed, no after-effects: "alles genezen", "aucune séquelle"
    r"|\b(?:alles|het|t|c est|tout est|ca est) (?:(?:al|nu|weer|bien|completement) )?(?:genezen"
    r"|geheeld|gueri|guerie|cicatrise|cicatrisee)\b|\b(?:aucune|sans|pas de) sequelles?\b"
    r"|\b(?:geen|zonder) (?:restletsels?|gevolgen|blijvende schade)\b"
    # (round 6) someone else's story that ended well: "il rigole", "hij lacht ermee",
    # "rien de cassé", "niemand heeft ervan gedronken", "revenue à elle"
    r"|\b(?:il|elle|hij|ze|zij) (?:rigole|rit|lacht|joue|speelt|rejoue)"
    r"(?! (?:plus|pas|niet|nie|meer)\b)(?: (?:ermee|er mee|normalement|gewoon|weer|deja))?\b"
    r"|\b(?:rien|niks|niets) (?:de )?(?:casse|gebroken)\b"
    r"|\b(?:personne|niemand) (?:n a|heeft) (?:rien|er|iets|niets)? ?(?:\w+ )?(?:avale|bu|respire"
    r"|gedronken|binnengekregen|ingeslikt|ingeademd)\b"
    r"|\b(?:vandaag|nu|intussen|ondertussen) (?:gaat|stelt) (?:hij|ze|zij) (?:het )?"
    r"(?:(?:weer|terug) )?(?:goed|beter|prima)\b"
    r"|\brevenue? a (?:elle|lui|soi)\b|\b(?:is|was) (?:weer |terug )?bijgekomen\b"
    # (round 7) "c'est de l'histoire ancienne", "ik ben nu zes jaar clean / nuchter"
    r"|\b(?:c est|c etait|ca) (?:de l )?histoire ancienne\b"
    r"|\b(?:(?:nu|maintenant) )?(?:ben|is|suis|est)(?: (?:ik|hij|ze|zij|il|elle))?"
    r" (?:(?:nu|al|maintenant|depuis) )*(?:\d+|een|twee|drie|vier|vijf"
    r"|zes|zeven|acht|negen|tien|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
    r" (?:jaar|maand|maanden|ans?|mois) (?:clean|nuchter|sobre|abstinente?|droog)\b"
    # (round 7) a normal sugar in mmol/L again: "nu stabiel op 6", "nu om 8u zit ik op 7,1"
    r"|\bnu (?:(?:stabiel|terug|weer|om \w+) )*(?:(?:zit|ben|is|staat|sta) (?:(?:ik|hij|ze|zij"
    r"|het) )?(?:(?:terug|weer) )?)?op [5-9](?:[.,]\d)?\b"
    r"(?! (?:min\w*|uur|u|km|m|meter|dagen|jaar|cm|kg|mg|mmhg|procent)\b)"
    r"|\brepris (?:ses esprits|connaissance)\b|\ballait (?:deja )?mieux\b"
    # walking or talking normally again: "je remarche normalement", "ik stap nu weer normaal"
    r"|\b(?:remarche|marche|marchait|parle|reparle|loopt|stapt|stap|wandelt|praat|spreekt)"
    r" (?:(?:maintenant|mtn|nu|weer|terug|de nouveau|a nouveau) )*(?:normalement|normaal)\b"
    r"(?: (?:maintenant|mtn|nu))?"
)
# Something is happening now, or again.
_RENEWAL = re.compile(
    r"\b(?:maintenant|mtn|encore|recommence\w*|re commence\w*|de nouveau|a nouveau|toujours"
    r"|en ce moment|actuellement|refai\w*|refait|une autre|nouvelle|weer|opnieuw|terug"
    r"|alweer|nog steeds|nog altijd|nog een|nog eens|nu|momenteel|op dit moment"
    r"|herbegint|begint|revient|reviennent|reprend|reprennent|terugkomt|komt terug"
    r"|komt weer)\b"
)


def _said_to_be_over(flat: str) -> bool:
    """The message says it is over now, and nothing in it says it is happening (again)."""
    if not _OVER_NOW.search(flat):
        return False
    return not _RENEWAL.search(_OVER_NOW.sub(" | ", flat))


def _clauses_in_the_past(message: _Message) -> frozenset[int]:
    """Clauses that hold a past marker, and the clause after a short fronted time phrase
    ("hier soir, j'ai fait une hypo")."""

    def clauses(regex: re.Pattern[str]) -> set[int]:
        return {message.clause[message.flat[: m.start()].count(" ")]
                for m in regex.finditer(message.flat)}

    lengths: dict[int, int] = {}
    for number in message.clause:
        lengths[number] = lengths.get(number, 0) + 1
    timed = clauses(_PAST_TIME)
    fronted = {number + 1 for number in timed if lengths[number] <= 5}
    return frozenset(timed | fronted | clauses(_PAST_TENSE))


def _over_and_done(message: _Message, positions: list[int]) -> bool:
    """True when the match is an episode placed in the past that the message says is
    over ("vorige week had ik een hypo, nu gaat het goed", "hier j'étais essoufflé
    mais plus maintenant").

    Three things must hold: a past marker ("hier", "la semaine passée", "il y a 3
    jours", "vorige week", "2 dagen geleden", a past tense such as "j'avais", "had",
    "gehad") in the clause of the match; a phrase that says it is over now ("ça va",
    "c'est passé", "plus maintenant", "nu gaat het goed", "nu niet meer", "het is
    over"); and no word of a present or renewed episode anywhere else in the message
    ("maintenant", "encore", "recommence", "nu", "weer", "opnieuw", "nog steeds"), so
    that "la semaine passée une hypo et maintenant encore une" still alarms. A clause
    with no past marker ("..., mais j'ai mal à la poitrine") alarms as usual.
    """
    if not message.settled:
        return False
    place = message.at[positions[0]]
    return message.clause[place] in message.past_clauses
