"""(round 11) Suicidal intent told as a message that names itself a farewell or an act
said in the present: "ceci est un au revoir", "tegen dat ge dit leest ben ik weg", "je
me pends demain" (see `suicide`).

From the classes of v12's suicidal misses (v12 was blind when it measured them), written
to generalise over wordings rather than copy them. A farewell that calls itself one
("ceci est un adieu", "dit is mijn afscheid") and a message meant to be read after the
writer is gone ("quand vous lirez ceci", "als je dit leest") are constructions, not
vocabulary: each is paired with a second signal (affairs, a pet or a child entrusted,
an apology, being gone) because alone each is also how someone signs off a programme
or leaves a note for the shopping; those readings are the "unless". A suicidal verb in
the first-person present ("je me pends", "ik hang me op") is how French and Dutch say
a near future; "je me tue" is left to the patterns and their idioms ("je me tue au
travail"), "je me noie", "je me jette dans" are left out ("je me noie dans la
paperasse", "je me jette dans le travail").
"""

from __future__ import annotations

import re

from bot.nlu.red_flags.suicide_leaving import _ERRAND, _LEAVING_SERVICE
from bot.nlu.red_flags.suicide_words import _Rules

_R = re.compile

# The message names itself a farewell: "ceci est un au revoir", "dit is een afscheid".
_SELF_NAMED_FAREWELL = (
    r"\b(?:ceci est|c est|voici|ce message est) (?:mon |un |une |le |mes )?(?:dernier )?"
    r"(?:au revoir|adieu|adieux|message d adieu|lettre d adieu|dernier message)\b"
    r"|\bdit is (?:een |mijn |het )?(?:laatste )?(?:afscheid|vaarwel|afscheidsbericht"
    r"|afscheidsbrief|laatste bericht)\b"
)
# Meant to be read once the writer is gone: "quand vous lirez ceci", "tegen dat ge dit
# leest", "als jullie dit lezen".
_READ_AFTER = (
    r"\b(?:quand|lorsque|au moment ou|si) (?:vous|tu) (?:lirez|liras|lisez|lis|aurez lu"
    r"|auras lu) (?:ceci|ce message|ca|cela|ces mots|cette lettre)\b"
    r"|\b(?:tegen dat|tegen de tijd dat|wanneer|als|zodra) (?:ge|je|jij|gij|u|jullie)"
    r" dit (?:leest|lezen|gelezen hebt|gelezen heeft|gelezen hebben)\b"
)
# What a farewell settles or says: papers, a pet or a child entrusted, an apology, love.
_SETTLED = (
    r"\b(?:papiers|papieren|testament|codes|sleutels|cles|chat|chien|kat|hond|enfants"
    r"|kinderen|chez la voisine|bij de buren|bij de buurvrouw|pardon|sorry|vergeef|spijt"
    r"|desole|desolee|je vous aime|je t aime|ik hou van|ik zie (?:jullie|u|je) graag"
    r"|prenez soin|zorg goed|pour de bon|voorgoed|pour toujours|voor altijd)\b"
)
# Being gone when it is read: "ben ik weg", "je ne serai plus là".
_GONE_THEN = (
    r"\b(?:ben ik|zal ik|ik ben|ik zal) (?:al |er )?(?:\w+ )?(?:weg|dood|er niet meer"
    r"|niet meer)\b|\b(?:je serai|je ne serai|serai) (?:deja )?(?:plus la|parti|partie"
    r"|mort|morte|loin|plus de ce monde)\b|\bje (?:serai|suis) deja (?:parti|partie|loin)\b"
)
# A suicidal verb in the first-person present, which says a near future.
_PRESENT_ACT = (
    r"\bje me (?:pends|suicide|flingue|jette (?:sous|du haut|par|devant)|tire une balle"
    r"|taillade|ouvre les veines)\b"
    r"|\bik (?:hang|verhang) (?:me|mij|mezelf)\b(?: \w+){0,3} op\b"
    r"|\bik (?:pleeg|breng) (?:\w+ ){0,3}(?:zelfmoord|mezelf om)\b"
    r"|\bik spring (?:\w+ ){0,3}(?:voor|onder|van) (?:de |het |een )?(?:trein|brug|flat|dak"
    r"|toren|metro|tram)\b"
)
# The idioms and the everyday readings of the same words.
_PRESENT_ACT_NOT = (
    r"\bje me jette (?:par terre|sur (?:le|mon) lit)\b"
    r"|\bje me suicide (?:au|a la|avec le) (?:sucre|chocolat|cafe|travail)\b"
    r"|\bhang (?:me|mij) (?:\w+ ){0,3}(?:jas|kleren|was|gordijn\w*)\b"
)

_FAREWELL_RULES: _Rules = (
    ((_R(_SELF_NAMED_FAREWELL), _R(_SETTLED)), _R(_LEAVING_SERVICE + "|" + _ERRAND)),
    ((_R(_READ_AFTER), _R(_GONE_THEN + "|" + _SETTLED)), _R(_LEAVING_SERVICE + "|" + _ERRAND)),
    ((_R(_PRESENT_ACT),), _R(_PRESENT_ACT_NOT)),
)
