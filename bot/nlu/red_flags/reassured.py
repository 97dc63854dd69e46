"""Round 8 (issue 12): three more ways a message says its red-flag words are no
emergency now, each from a kind of false alarm on v1-v9 (not a sentence), each giving
way to any word of now (`framing.current`): when in doubt, alarm.

- Someone whose job it is already judged it harmless (`professional_reassured`): "le
  centre antipoison a dit que ce n'était pas dangereux", "het Antigifcentrum zei dat
  het geen probleem was", "de kinderarts zegt dat die er vanzelf uitkomt". The writer
  asks what to watch, not for help; this is the one take-back a poisoning gets beside
  long ago, because the denial is not the writer's own guess. Not for suicidal thoughts.
- A carbon-monoxide detector bought or fitted (`detector_fitted`), with no alarm
  going off and no symptom: "on a acheté un détecteur de monoxyde, où le mettre ?",
  "ik heb een CO-melder gekocht voor de zekerheid".
- A head bumped with a small bump or none, and the person behaving normally since
  (`minor_bump`): "il s'est cogné la tête sur la table, petite bosse, il joue
  normalement", "tegen de kast gestoten, kleine buil, hij speelt gewoon verder". A
  bleed under the skull shows hours later, so it needs the normal behaviour, no
  anticoagulant and no symptom that is not denied ("pas vomi" is denied).
- Snoring compared to choking (`snoring_compared`): "il ronfle si fort qu'on dirait
  qu'il s'étouffe", "hij snurkt alsof hij stikt".
- A hypo treated and the sugar back in range after it (`hypo_treated`): "j'ai pris mes
  dextro et je suis remonté à 120", "opgelost met fruitsap en nu 135". The treatment
  stands for the past marker `past._over_and_done` needs; "again a hypo" ("alweer een
  hypo", "encore une hypo") is the episode being told, not a new one, once it is
  treated and back in range, and so is the night it came ("vannacht").
"""

from __future__ import annotations

import re

from bot.nlu.red_flags.framing import current
from bot.nlu.red_flags.past import _OVER_NOW

_PROFESSIONAL = (
    r"(?:centre antipoison|antipoison|antigifcentrum|antigif|medecin|docteur|doc|pediatre"
    r"|generaliste|pharmacien|pharmacienne|infirmiere|infirmier|urgentiste|cardiologue"
    r"|neurologue|huisarts|dokter|kinderarts|apotheker|apothekeres|verpleegster|verpleger"
    r"|verpleegkundige|spoedarts|cardioloog|neuroloog|specialist|specialiste)"
)
_SAID = (r"(?:a dit|dit|disait|a confirme|a rassure|m a dit|nous a dit|zei|zegt|heeft gezegd"
         r"|zeiden|bevestigde|heeft bevestigd|stelde gerust|zegde)")
_HARMLESS = (
    r"(?:pas (?:dangereux|dangereuse|grave|de danger|inquietant|toxique|besoin de venir)"
    r"|rien de grave|aucun danger|sans danger|inoffensif|inoffensive|normal|geen (?:probleem"
    r"|gevaar|kwaad|zorgen|reden tot ongerustheid)|niet (?:gevaarlijk|erg|ernstig|giftig)"
    r"|ongevaarlijk|onschuldig|vanzelf|normaal|niks aan de hand|niets aan de hand"
    r"|rien a faire|ne risque rien|geen risico)"
)
REASSURED = re.compile(
    rf"\b{_PROFESSIONAL}\b(?: \w+){{0,4}}? {_SAID}\b(?: \w+){{0,7}}? {_HARMLESS}\b"
)


def professional_reassured(flat: str) -> bool:
    """A professional said it was harmless, and nothing of now outside that phrase and
    the phrases that say it is over ("elle va bien", "hij is helemaal normaal")."""
    return bool(REASSURED.search(flat)) and not current(flat, REASSURED)


_DETECTOR = re.compile(r"\b(?:detecteur|detecteurs|detector|detectoren|\w*melder|\w*melders"
                       r"|co alarm|alarme co)\b")
_BOUGHT = re.compile(
    r"\b(?:achete|acheter|installe|installer|place|placer|mettre|met|fixe|fixer|gekocht"
    r"|kopen|geplaatst|plaatsen|installeren|geinstalleerd|hangen|ophangen|opgehangen"
    r"|voor de zekerheid|par securite|par precaution|batterij|batterijen|pile|piles|vervangen"
    r"|remplacer|changer|tester|testen|verifie|verifier|controleren|nakijken)\b"
)
# The alarm going off, or a symptom of carbon monoxide: then it may be the emergency.
_GOING_OFF = re.compile(
    r"\b(?:sonne|sonnait|bip\w*|retentit|alarme|piept|piepte|gaat af|ging af|afgegaan|loeit"
    r"|rood|rouge|mal (?:a la|de) tete|hoofdpijn|nausee\w*|misselijk\w*|vertige\w*|duizel\w*"
    r"|somnolent\w*|suf|slaperig|vomi\w*|overgeven|braken|malaise|flauw\w*|endormi\w*)\b"
)


def detector_fitted(flat: str) -> bool:
    """A detector bought or fitted, with no alarm going off, no symptom, nothing of now."""
    return (bool(_DETECTOR.search(flat)) and bool(_BOUGHT.search(flat))
            and not _GOING_OFF.search(flat) and not current(flat))


_TREATED = re.compile(
    r"\b(?:dextro\w*|sucre|sucres|sucre rapide|jus|coca|glucose|resucre\w*|bonbons?|miel"
    r"|druivensuiker\w*|suikerklontjes?|suiker gegeten|suiker genomen|fruitsap|sap|cola"
    r"|snoepjes?|honing|glucagon|gegeten|mange|boterham|tartine|biscuits?|koekjes?|siroop"
    r"|sirop|limonade)\b"
)
# Back in range after it: "remonté à 120", "nu 135", "maintenant 1,10", "nu 6,8".
_BACK_IN_RANGE = re.compile(
    r"\b(?:remonte|remontee|remonter|monte|montee|revenu|revenue|gestegen|omhoog|terug|weer"
    r"|nu|maintenant|mtn|ensuite|daarna|apres|na)\b(?: (?:a|aan|op|is|het|ze|hij|ik|je|j"
    r"|suis|ben|zit|est|il|elle|de|nouveau|a nouveau|al|weer|stabiel|stable)){0,3}"
    r" (?:[7-9]\d|1\d\d|2[0-4]\d|[4-9](?:[.,]\d)?|1[0-4][.,]\d|1[.,][0-4]\d?)\b"
    r"(?! (?:min\w*|uur|u|h|km|m|kg|mmhg|procent|ans|jaar|jours|dagen|fois|keer)\b)"
)
_AGAIN_A_HYPO = re.compile(r"\b(?:alweer|weer|encore|nog) (?:een|une) (?:petite |kleine )?hypo\b")
# The night or evening of a hypo already treated is when it was, not now.
_THE_NIGHT = re.compile(r"\b(?:cette nuit|ce soir|vannacht|vanavond)\b")


# (round 9) Or fine again in words, with no reading: "j'ai pris du sucre et ça allait",
# "siroop gegeven en het was rap over", "hij heeft gegeten en nu zit hij vrolijk te
# kaarten". Not "het is niet over": only a word of speed may stand between.
_FINE_AGAIN = re.compile(
    r"\b(?:(?:et |en |maintenant |mtn |nu )?(?:ca allait|ca va|c etait (?:vite |tout de suite )?"
    r"passe|(?:het|t|alles|dat) (?:was|is) (?:(?:al|rap|snel|vlug|direct|meteen) )?(?:over"
    r"|voorbij|gedaan)|(?:zit|is|was) (?:hij|ze|zij|ik) (?:weer |terug )?(?:vrolijk|goed gezind"
    r"|goed|weer normaal)|(?:il|elle) (?:va|allait) (?:tres |de nouveau )?bien))\b"
    r"(?! (?:pas|plus|niet|nie|mal|moins)\b)"
)


def hypo_treated(flat: str) -> bool:
    """A hypo treated with sugar and the reading back in range after it (or, round 9,
    said to be fine again), with nothing of now left once those and "again a hypo" are
    cut out."""
    if not _TREATED.search(flat) or not (_BACK_IN_RANGE.search(flat)
                                         or _FINE_AGAIN.search(flat)):
        return False
    rest = _AGAIN_A_HYPO.sub(" | ", flat)
    return not current(rest, _BACK_IN_RANGE, _FINE_AGAIN, _TREATED, _OVER_NOW, _THE_NIGHT)


_BUMPED = re.compile(
    r"\b(?:cogne|cognee|cogner|tape|tapee|heurte|heurtee|gestoten|gebotst|botste|stootte"
    r"|stoot|gebonkt)\b"
)
_SMALL_BUMP = re.compile(
    r"\b(?:petite bosse|une bosse|pas de bosse|juste une bosse|kleine buil|een buil|een bult"
    r"|kleine bult|geen buil|geen bult)\b"
)
_NOT_A_NEGATION = r"(?:(?!(?:ne|n|pas|plus|niet|nie|geen|meer|jamais|nooit)\b)\w+ )?"
_NO_NEGATION_AFTER = r"(?! (?:\w+ )?(?:plus|pas|niet|nie|meer|geen|jamais|nooit)\b)"
_BEHAVING_NORMALLY = re.compile(
    rf"\b(?:il|elle) {_NOT_A_NEGATION}(?:joue|jouait|rigole|mange|a mange|a bien mange"
    rf"|a joue){_NO_NEGATION_AFTER}"
    rf"|\b(?:hij|ze|zij) {_NOT_A_NEGATION}(?:speelt|speelde|lacht|eet|heeft gegeten|at)"
    rf"{_NO_NEGATION_AFTER}"
    rf"|\b(?:joue|speelt|praat|parle) {_NOT_A_NEGATION}(?:normalement|normaal|gewoon)\b"
    rf"|\b(?:je me sens|je vais|ik voel me|het gaat) {_NOT_A_NEGATION}(?:bien|top|goed|prima)\b"
    r"|\bpas de mal de tete\b|\bgeen hoofdpijn\b"
)
# Signs that it is more than a bump, unless denied ("pas vomi", "niet overgegeven").
_DENIED_SIGN = re.compile(
    r"\b(?:pas|sans|ni|niet|nie|geen|jamais) (?:\w+ )?(?:vomi|perdu connaissance|evanoui\w*"
    r"|overgegeven|gebraakt|bewusteloos|flauwgevallen|suf|somnolent\w*)\b"
)
_WORSE_SIGN = re.compile(
    r"\b(?:vomi\w*|perdu connaissance|evanoui\w*|overgegeven|overgeven|gebraakt|braken"
    r"|bewusteloos|flauwgevallen|suf|sufferig|somnolent\w*|confus\w*|verward|slaperig"
    r"|endormi\w*|sintrom|marcoumar|xarelto|eliquis|pradaxa|lixiana|anticoag\w*"
    r"|bloedverdun\w*|convuls\w*|stuip\w*|saigne\w*|bloedt|bloed|sang)\b"
)


def minor_bump(flat: str) -> bool:
    """A head bumped, a small bump or none, behaving normally, no symptom left once
    denials are cut out, no anticoagulant, nothing of now."""
    if not (_BUMPED.search(flat) and _SMALL_BUMP.search(flat)
            and _BEHAVING_NORMALLY.search(flat)):
        return False
    return not _WORSE_SIGN.search(_DENIED_SIGN.sub(" | ", flat)) and not current(flat)


_SNORING = re.compile(r"\b(?:ronfle\w*|ronflement\w*|snurk\w*|gesnurk)\b")
_AS_IF = re.compile(r"\b(?:on dirait|comme s il|comme si|alsof|lijkt (?:het )?(?:of|alsof))\b")


def snoring_compared(flat: str) -> bool:
    """Snoring compared to choking, with nothing of now."""
    return bool(_SNORING.search(flat) and _AS_IF.search(flat)) and not current(flat)
