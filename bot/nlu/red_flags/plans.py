"""Suicide plans told without the word ("pour les avaler tous", "om ze allemaal in te
nemen", pills put aside, a train and lying in front of it) and a cry for help shouted or
"112" on its own."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.nlu.red_flags.kinds import SUICIDAL, RedFlag

if TYPE_CHECKING:
    from bot.nlu.red_flags.message import _Message

# --- suicidal plans, shouted help ------------------------------------------------------

_SWALLOW_FR = r"(?:avaler|gober|ingurgiter|prendre)"
_AT_ONCE_FR = (r"(?:tous|toutes|d un (?:seul )?coup|en (?:une|1) (?:seule )?fois|en meme temps"
               r"|ensemble)")
_AT_ONCE_NL = r"(?:allemaal|alles|tegelijk|tegelijkertijd|ineens|in (?:een|1) keer)"
# Plans to swallow every pill, without the word suicide. The intent is in the words
# around the verb: "pour les avaler tous", "je vais tout avaler", "om ze allemaal in te
# nemen"; not "je dois les prendre tous les jours ?" nor "je les prends tous le matin".
_PLANS = (
    re.compile(
        rf"\b(?:pour|vais|veux|va|vas|voudrais|envie de|pense a|compte)"
        rf" (?:\w+ ){{0,2}}?(?:les|l) {_SWALLOW_FR} {_AT_ONCE_FR}\b"
        r"(?! (?:les|le|la|au|a|pendant|chaque|avec|comme|matin|soir|midi)\b)"
    ),
    re.compile(r"\b(?:vais|veux|va|vas|voudrais|envie de|pense a|pour)"
               r" (?:\w+ ){0,2}?tout (?:avaler|gober|ingurgiter)\b"),
    re.compile(
        rf"\bom (?:ze |die )?(?:\w+ )?{_AT_ONCE_NL}(?: \w+)?"
        r" (?:in te nemen|te nemen|te slikken|in te slikken|door te slikken|op te eten"
        r"|te pakken)\b"
        r"(?! (?:s|smorgens|savonds|bij|met|na|voor|elke|iedere|per|tijdens|om)\b)"
    ),
    re.compile(
        r"\b(?:ga|gaat|wil|wilt|zal|zou|gaan) (?:ze|die|alles|al mijn \w+|al m n \w+"
        rf"|mijn \w+) (?:\w+ )?{_AT_ONCE_NL} (?:innemen|nemen|slikken|inslikken|doorslikken"
        r"|opeten)\b"
    ),
)
_STOCKPILE = re.compile(
    r"\b(?:tout prepare|tout est pret|mis de cote|mise de cote|mises de cote|stocke\w*"
    r"|accumule\w*|rassemble\w*|economise\w*|amasse\w*|planque\w*|gespaard|opgespaard|cache|caches|cachees|verstopt"
    r"|weggestoken"
    r"|verzameld|opgepot|gehamsterd|aligne\w*|klaargelegd|klaargezet|uitgestald)\b"
)
# With pills put aside, the present tells the plan too: "ce soir je les prends toutes",
# "vanavond neem ik ze allemaal in".
_SWALLOW_INTENT = re.compile(
    r"\b(?:vais|veux|va|vas|voudrais|pour|envie de) (?:\w+ )?(?:les|l|tout)"
    r" (?:avaler|gober|ingurgiter|prendre)\b"
    r"|\b(?:ga|wil|om) (?:ze|die|alles) (?:\w+ ){0,2}(?:in te nemen|te nemen|te slikken"
    r"|te pakken"
    r"|innemen|slikken|inslikken|op te eten|opeten)\b"
    r"|\b(?:je|j) (?:les|l) (?:prends|avale|gobe|prendrai|avalerai) (?:tous|toutes|tout"
    r"|d un coup|en une fois)\b"
    r"|\b(?:neem|slik|pak) (?:ik )?(?:ze|die|alles) (?:allemaal|tegelijk|ineens|in een keer)\b"
    r"|\bik (?:neem|slik) (?:ze|die) (?:allemaal|tegelijk|ineens|in een keer)\b"
)
_RAILWAY = re.compile(r"\b(?:trains?|treinen|trein|trams?|metro|spoor|rails|voie ferree)\b")
_IN_FRONT = re.compile(
    r"\b(?:me|m|mij|zich|se|s) (?:\w+ )?(?:mettre|jeter|coucher|allonger|lancer|gooien"
    r"|leggen|werpen|smijten) (?:\w+ )?(?:devant|sous|voor|onder|op|sur)\b"
    r"|\b(?:devant|sous|voor|onder) (?:\w+ )?(?:me|mij|zich) (?:\w+ )?(?:mettre|jeter"
    r"|gooien|leggen|werpen)\b"
)


def _plan(message: _Message) -> RedFlag | None:
    """A suicide plan told without the word (see `_PLANS`), or in two halves: pills
    put aside ("mis de côté", "gespaard", "j'ai tout préparé") with the intent to
    swallow them ("je vais les avaler", "om ze in te nemen"); a train in the message
    and throwing oneself in front of something ("je vais me mettre devant")."""
    flat = message.flat
    for regex in _PLANS:
        match = regex.search(flat)
        if match:
            return RedFlag(SUICIDAL, match.group(0))
    for first, then in ((_STOCKPILE, _SWALLOW_INTENT), (_RAILWAY, _IN_FRONT)):
        if first.search(flat):
            match = then.search(flat)
            if match:
                return RedFlag(SUICIDAL, match.group(0))
    return None


# "HELP" shouted (the Dutch use the English word), "help!", "help help"; a lower-case
# bare "help" is the assistant's own help command.
_SHOUTED_HELP = re.compile(
    r"(?<![A-Za-z])HELP(?![A-Za-z])|(?i:\bhelp\s*!|\bhelp\W+help\b)|\b112\s*!"
    # a cry said twice: "aidez moi aidez moi", "hulp hulp", "help me help me"
    r"|(?i:\b(aidez[- ]moi|aide[- ]moi|aidez[- ]nous|help me|help mij|help|hulp|helpt mij)"
    r"\W+\1\b)"
)
# "112" on its own, or with "please", "quick": the assistant never asks for a number.
_BARE_112 = re.compile(
    r"^[ .!?]*(?:(?:le|de|het|svp|aub|vite|snel|nu|allo|alstublieft|please|urgent|dringend)"
    r" [ .!?]*)*112(?: [ .!?]*(?:svp|aub|vite|snel|nu|alstublieft|please|urgent|dringend)?)*"
    r"[ .!?]*$"
)
