"""Figures of speech that hold a red-flag word: "mourir de rire", "les impôts vont me
tuer", "j'étouffe dans ce bureau", "à tomber par terre", "de stuipen op het lijf"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.framing import current
from bot.nlu.red_flags.kinds import BREATHLESSNESS, CHEST_PAIN, COLLAPSE, SEIZURE, STROKE, SUICIDAL
from bot.nlu.red_flags.spoken import _is_word

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# --- idioms ----------------------------------------------------------------------------

_LAUGHTER = frozenset({"rire", "rigoler", "lachen", "lache"})
# Words that may stand between an idiom's red-flag word and its "de rire"/"van het lachen".
_BETWEEN = frozenset(
    "nog echt bijna haast gewoon zowat bijkans presque encore vraiment quasi litteralement"
    " letterlijk".split()
)
_HYPERBOLES = _LAUGHTER | frozenset(
    """
    faim soif chaud chaleur froid ennui envie impatience curiosite honger dorst warmte kou
    verveling plezier nieuwsgierigheid honte schaamte gene
    """.split()
)


# (round 6) "disparaître sous terre" (of shame), "'t is om zelfmoord te plegen / om uit
# het raam te springen, zo saai" (it is unbearable): ways of speaking, said of a thing.
# Not with a wish of one's own nor a plan: only the idiom's own words may match.
_SHAME_OR_UNBEARABLE = re.compile(
    r"\b(?:disparaitre|rentrer|me cacher) sous (?:terre|la table)\b"
    r"|\b(?:t is|tis|het is|da is|dat is|da was|dat was|t was|het was|c est|c etait)"
    r" (?:echt |gewoon |vraiment )?(?:om|a) (?:\w+ ){0,4}?(?:te (?:plegen|springen)"
    r"|se (?:flinguer|pendre|tirer une balle|jeter))\b"
)


# (round 8) More ways of speaking with a death word, none a wish: a hyperbole before
# "à crever / à mourir" ("une chaleur à crever", "ennuyeux à mourir", "warm om dood te
# vallen"); the fear of dying told as past ("je pensais que j'allais crever au
# marathon", "ik dacht dat ik ging sterven van de schrik"), which is no intent.
_HYPERBOLE_BEFORE = re.compile(
    r"\b(?:chaleur|chaud|froid|faim|soif|ennuyeux|ennuyeuse|ennuyant|ennuyante|beau|belle"
    r"|bete|chiant|chiante|triste|moche|long|longue|lent|lente|con|conne|drole|rire|bruit)"
    r" a (?:crever|mourir|en mourir|en crever)\b"
    r"|\b(?:warm|heet|koud|saai|lelijk|grappig|lang|traag|zot|plezant) om (?:bij )?(?:dood te"
    r" (?:gaan|vallen)|te sterven|te creperen|te kreperen)\b"
)
_THOUGHT_I_WOULD_DIE = re.compile(
    r"\b(?:j ai|jai) cru (?:mourir|crever|y rester|y passer)\b"
    r"|\b(?:je pensais|je croyais|j ai cru|jai cru|j ai pense|on croyait|on pensait"
    r"|j avais l impression"
    r"|ik dacht|k dacht|ik had het gevoel|we dachten)"
    r" (?:que |qu |dat )?(?:(?:j|je|on|ik|we) )?(?:allais|allait|ging|gingen|zou|zouden)"
    r" (?:\w+ ){0,2}?(?:crever|mourir|y passer|y rester|doodgaan|dood gaan|sterven|creperen"
    r"|kreperen|eraan gaan)\b"
)


def _inside(message: _Message, positions: list[int], regex: re.Pattern[str]) -> bool:
    """Whether every matched word lies inside one match of the regex."""
    places = [message.at[p] for p in positions]
    for match in regex.finditer(message.flat):
        start = message.flat[: match.start()].count(" ")
        end = start + match.group(0).count(" ")
        if all(start <= place <= end for place in places):
            return True
    return False


_HEAT = frozenset({"chaleur", "chaud", "warmte", "hitte", "fumee", "rook"})
# Subjects after which "X va me tuer" is a way of speaking, not a plan: not "je", nor
# "il/elle/ils/on", which may be a threat.
_KEEP_SUBJECTS = frozenset({"je", "j", "il", "elle", "ils", "elles", "on"})
_GOING_TO = frozenset({"va", "vont", "vas", "allez", "finira", "finiront", "finirez", "finis"})


def _someone_will_kill_me(message: _Message, positions: list[int]) -> bool:
    """"les impôts vont me tuer", "mon chef va me tuer si j'arrive en retard", "ça va
    me tuer": "me tuer" after "va/vont" whose subject is a thing or a person named by a
    noun. "je vais me tuer" and "il va me tuer" still alarm."""
    stream = message.stream
    first = message.at[positions[0]]
    if stream[first] != "me" or len(positions) != 2:
        return False
    j = first - 1
    if j < 1 or stream[j] not in _GOING_TO:
        return False
    return _is_word(stream[j - 1]) and stream[j - 1] not in _KEEP_SUBJECTS


def _figure_of_speech(message: _Message, kind: str, positions: list[int]) -> bool:
    """"mourir de rire", "crever de chaud", "ik wil dood van de verveling", "j'étouffe de
    rire": the last matched word is followed by "de"/"van" and a word of laughter (or,
    for the death words, hunger, heat, boredom...; for breathlessness, heat: "on étouffe
    de chaleur", "om te stikken van de warmte"). Also "X va me tuer" said of a thing or
    of someone named by a noun (`_someone_will_kill_me`), and "se tuer à la tâche";
    (round 8) "une chaleur à crever", "je pensais que j'allais crever" (no wish), and an
    annoyance that "va me donner une crise cardiaque" with nothing of now."""
    stream = message.stream
    if kind == SUICIDAL and _someone_will_kill_me(message, positions):
        return True
    if kind == SUICIDAL and _inside(message, positions, _SHAME_OR_UNBEARABLE):
        return True
    if kind == SUICIDAL and (_inside(message, positions, _HYPERBOLE_BEFORE)
                             or _inside(message, positions, _THOUGHT_I_WOULD_DIE)):
        return True
    if kind in (CHEST_PAIN, STROKE) and _inside(message, positions, _WILL_GIVE_ME):
        return not current(message.flat, _WILL_GIVE_ME)
    if _inside(message, positions, _SAID_OF_SOMEONE):
        return True
    if kind in (CHEST_PAIN, STROKE) and _almost(message, positions):
        return not current(message.flat)
    if kind == SUICIDAL and _ending_of_a_thing(message, positions):
        return True
    j = message.at[positions[-1]] + 1
    if kind == SUICIDAL and " ".join(stream[j : j + 3]) in ("a la tache", "au travail",
                                                           "au boulot"):
        return True
    # (round 10) an adverb or a pause may come between: "ik stik nog van het lachen",
    # "ik wil dood... van het lachen", "j'étouffe presque de rire"
    skipped = 0
    while (j < len(stream) and skipped < 3
           and (stream[j] in _BETWEEN or not _is_word(stream[j]))):
        j, skipped = j + 1, skipped + 1
    if j >= len(stream) or stream[j] not in ("de", "d", "du", "van"):
        return False
    j += 1
    while j < len(stream) and stream[j] in ("het", "de", "la", "le", "l"):
        j += 1
    if j >= len(stream):
        return False
    if kind == SUICIDAL:
        return stream[j] in _HYPERBOLES
    return stream[j] in _LAUGHTER or (kind == BREATHLESSNESS and stream[j] in _HEAT)


# (round 9) "Almost" a named attack: "ik kreeg er bijna een hartaanval van", "j'ai failli
# faire une crise cardiaque en voyant la facture": what almost happened did not.
_ALMOST = frozenset({"bijna", "haast", "failli", "presque", "quasi", "quasiment", "limite"})


def _almost(message: _Message, positions: list[int]) -> bool:
    first = message.at[positions[0]]
    return any(word in _ALMOST for word in message.stream[max(0, first - 4) : first])


# (round 9) An end put to a thing named right after: "ik ga er een einde aan maken... aan
# dat roken!", "je vais en finir avec ce régime". Not to one's life, one's suffering,
# everything, or to nothing named.
_DETERMINER_OF_A_THING = frozenset(
    "dat die dit deze de het ce cet cette ces les le la l mon ma mes mijn m n".split())
_ONESELF = frozenset("""
    leven vie jours moi mezelf mijzelf mij alles tout lijden souffrance souffrances pijn
    douleur douleurs existence bestaan ellende misere calvaire cauchemar enfer hel
    problemes probleme problemen soucis zorgen tracas ziekte ziektes maladie maladies monde
    wereld famille familie corps lichaam tete hoofd angoisses angst
    """.split())


def _ending_of_a_thing(message: _Message, positions: list[int]) -> bool:
    if not {"einde", "eind", "finir", "fin"} & {message.words[p] for p in positions}:
        return False
    words = [w for w in message.stream[message.at[positions[-1]] + 1 :] if _is_word(w)][:5]
    if words[:2] == ["aan", "aan"]:  # "ik maak er een einde aan, aan dat snoepen"
        words = words[1:]
    words = words[:4]
    if len(words) < 3 or words[0] not in ("aan", "avec", "met", "a"):
        return False
    rest = words[1:]
    while rest and rest[0] in _DETERMINER_OF_A_THING:
        rest = rest[1:]
    return len(rest) < len(words) - 1 and bool(rest) and rest[0] not in _ONESELF


# (round 8) Annoyance that "will give me a heart attack": "cette prise de tête va me
# donner une crise cardiaque", "ik krijg nog een hartaanval van die rekeningen"; a
# way of speaking about the future, unless something happens now.
_WILL_GIVE_ME = re.compile(
    r"\b(?:va|vont|allait|finira par|finiront par|vas|allez) me (?:donner|filer|faire faire"
    r"|flanquer|coller|faire) (?:une|un) (?:crise cardiaque|infarctus|attaque|avc"
    r"|arret cardiaque|crise)\b"
    r"|\b(?:bezorgt|bezorgen|geeft|geven|gaat|gaan) (?:me|mij) (?:nog )?(?:een )?(?:hartaanval"
    r"|hartinfarct|beroerte|hartstilstand|hartverzakking|infarct)\b"
    r"|\b(?:ik krijg|krijg ik|k krijg) (?:er )?(?:nog )?(?:een |ne |nen )?(?:hartaanval"
    r"|hartinfarct|beroerte|hartstilstand|hartverzakking|infarct) (?:van|door)\b"
    r"|\bbijna (?:een |ne |nen )?(?:hartaanval|hartinfarct|beroerte|hartstilstand|infarct)"
    r" (?:gekregen|gehad|gekregen toen)\b"
)
# (round 8) Someone who "stifles me with advice", who "makes my ears bleed" with talk.
_SAID_OF_SOMEONE = re.compile(
    r"\b(?:m|me) (?:etouffe|etouffent|etouffait) avec (?:ses|son|sa|leurs|leur|tes|ton|ta|vos)\b"
    r"|\b(?:fait|font|faisait) saigner (?:les|mes) oreilles\b"
    r"|\bmijn oren (?:doen |laten |deed )?bloeden\b"
)


# (round 2) Idioms that hold a red-flag word: stifling in a room ("j'étouffe dans ce
# bureau", "ik stik hier in dat kantoor"), a cake "à tomber par terre", "iemand de
# stuipen op het lijf jagen" (to frighten someone).
_ROOMS = frozenset(
    """
    bureau bureaux kantoor appartement appart maison huis kamer chambre kot auto voiture
    trein train bus tram metro klas klaslokaal classe zaal salle winkel magasin atelier
    cuisine keuken living salon vergadering reunion open space openspace
    """.split()
)
_ROOM_ENDINGS = ("zaal", "kamer", "kantoor", "lokaal", "winkel", "huis")
_DETERMINERS = frozenset(
    "ce cet cette mon ma le la l dat die deze dit het de mijn ons onze dans in hier ici"
    " zo echt precies".split()
)


def _idiom(message: _Message, kind: str, positions: list[int]) -> bool:
    stream = message.stream
    first, last = message.at[positions[0]], message.at[positions[-1]]
    if kind == BREATHLESSNESS and len(positions) == 1:
        j = last + 1
        while j < len(stream) and stream[j] in _DETERMINERS:
            j += 1
        if (j > last + 1 and j + 1 < len(stream) and stream[j] not in _ROOMS
                and not stream[j].endswith(_ROOM_ENDINGS)):
            j += 1  # one adjective: "in dat klein appartement"
        return j > last + 1 and j < len(stream) and (
            stream[j] in _ROOMS or stream[j].endswith(_ROOM_ENDINGS)) and any(
            word in ("dans", "in") for word in stream[last + 1 : j])
    if kind == SEIZURE:
        return " ".join(stream[last + 1 : last + 4]) in ("op het lijf", "op t lijf",
                                                        "op zijn lijf", "op haar lijf")
    if kind == COLLAPSE:
        return (stream[first] == "tomber" and first >= 2 and stream[first - 1] == "a"
                and stream[first - 2] not in ("pret", "prete", "point", "pres", "sur"))
    return False
