"""French chat spellings expanded before the suicidal-intent rules read a message, and
the words those rules share (wanting, pills, taking, a time or finality, and the
everyday contexts that take a rule back: a trip, a party, cooking)."""

from __future__ import annotations

import re

# --- suicidal intent (round 3) ---------------------------------------------------------
#
# A dedicated family for suicidal intent told without the words the patterns above know,
# written from how people in crisis write (clinical phrasebooks of passive and active
# ideation, plans, preparatory acts and farewells), not from any held-out set. Each rule
# is a list of regular expressions on the message's flat token string that must all be
# found, and an optional one that must not ("unless"). See `_suicidal_intent`.

# French chat spellings, expanded before these rules read the message: "jveux", "jpp",
# "chuis", "jserai", "pu" (plus), "tlm". Not in the tokeniser: they only concern this
# family, and "g", "pu" or "tt" mean nothing to the other rules.
_SMS_FR = (
    (re.compile(r"\bjpp\b"), "je n en peux plus"),
    (re.compile(r"\bjpeux plus\b"), "je ne peux plus"),
    (re.compile(r"\b(?:chuis|chui|jsuis|jsui|jss)\b"), "je suis"),
    (re.compile(r"\bj(?=(?:veux|vais|vai|voudrais|pense|serai|serais|me|m|men|peux|sais|crois"
                r"|dois|prends|prend|les|la|le|ai|aimerais|compte|supporte|reveille|tue"
                r"|avale|vois)\b)"), "je "),
    # (round 10) "g pri tt les cachets pr le coeur ya 1h, jvois flou mnt"
    (re.compile(r"\bpri\b"), "pris"),
    (re.compile(r"\bpr\b"), "pour"),
    (re.compile(r"\bya\b"), "il y a"),
    (re.compile(r"\bmnt\b"), "maintenant"),
    (re.compile(r"\bdsl\b"), "desole"),
    (re.compile(r"\bg (?=(?:pris|avale|tout|decide|ecrit|prepare|achete|mis|plus|envie)\b)"),
     "j ai "),
    (re.compile(r"\b(?:pu|plu)\b"), "plus"),
    (re.compile(r"\btlm\b"), "tout le monde"),
    (re.compile(r"\btt\b"), "tout"),
    (re.compile(r"\bttes\b"), "toutes"),
    (re.compile(r"\bcsoir\b"), "ce soir"),
    (re.compile(r"\bnimeer\b"), "niet meer"),
)

_ME_FR = r"(?:je|j|moi)"
_WANT_FR = (r"(?:veux|voudrais|aimerais|souhaite|souhaiterais|prefererais|ai envie de"
            r"|ai juste envie de|reve de|prie pour|espere)")
_WANT_NL = r"(?:wil|wou|zou willen|zou liever|wil liever|hoop|verlang ernaar|droom ervan)"
_PILLS_FR3 = (r"(?:cachets?|comprimes?|medicaments?|medocs?|pilules?|gelules?|somniferes?"
              r"|calmants?|antidepresseurs?|anxiolytiques?|lithium|insuline|paracetamol"
              r"|dafalgans?|xanax|temesta|valium|morphine|oxycodone|tramadol|antidouleurs?"
              r"|boites?|plaquettes?)")
_PILLS_NL3 = (r"(?:pillen|pilletjes|pillekes|tabletten|medicatie|medicijnen|medicamenten"
              r"|slaappillen|pijnstillers|antidepressiva|kalmeermiddelen|doosjes|dozen"
              r"|strips|lithium|insuline|paracetamol|dafalgans?|xanax|temesta|valium"
              r"|morfine|tramadol)")
_TAKE3 = (r"(?:avale|avalee|avaler|gobe|gober|pris|prendre|prends|injecte|injectee|pique"
          r"|piquee|geslikt|slikken|ingeslikt|inslikken|genomen|innemen|nemen|gespoten"
          r"|spuiten|ingespoten|opgegeten|neem|slik|ingenomen|opgeslikt|doorgeslikt)")
# Words of a time that is near or of something final.
_FINAL = (
    r"\b(?:ce soir|cette nuit|tout a l heure|tantot|demain|aujourd hui|maintenant"
    r"|c est decide|j ai decide|ma decision|pour de bon|pour toujours|definitivement|a jamais"
    r"|en finir|la fin|adieu|adieux|pardon|lettres?|testament|vanavond|vannacht|morgen"
    r"|straks|vandaag|nu meteen|besloten|beslissing|voorgoed|voor altijd|definitief|einde"
    r"|afscheid|vaarwel|brief|brieven|sorry|vergeef|dood|sterven|mourir|plus la"
    r"|er niet meer|laatste|dernier|derniere)\b"
)
# Someone who is somewhere else, not gone for good: a trip, a move, the hospital.
_ABSENT = (
    r"\b(?:vacances?|conges?|voyage|deplacement|demenage\w*|etranger|hospitalise\w*|hopital"
    r"|clinique|retraite|pension|travail|boulot|bureau|reunion|rentre|rentrer|maison|chez"
    r"|vakantie|reis|verlof|verhuis\w*|buitenland|ziekenhuis|opname|opgenomen|kliniek"
    r"|werk|kantoor|vergadering|thuis|naar huis|weg voor|weekend|semaine|week|jusqu|tot"
    r"|partir en|op kamp|stage|cure|revalidatie|\d+ ?h|\d+ uur)\b"
)
_PARTY = (r"\b(?:anniversaire|fete|feest|verjaardag|souper|etentje|diner|invites|gasten"
          r"|vacances|vakantie|voyage|reis|demenagement|verhuis\w*|mariage|huwelijk|bapteme"
          r"|communie|examen|mutuelle|ziekenfonds|impots|belastingen?|operation|operatie"
          r"|ingreep|hospitalisation|opname|ziekenhuis|hopital|rendez vous|rdv|afspraak"
          r"|kerst|noel|pasen|paques|nieuwjaar|nouvel an|kaartje|carte)\b")
_COOKING = (r"\b(?:cuisin\w*|legumes?|oignons?|pain|tomates?|epluch\w*|bricol\w*|jardin\w*"
            r"|verre|conserve|rasant|rasage|papier|koken|kook|keuken|groenten?|ui|uien|brood"
            r"|scheren|geschoren|blik|blikje|glas|tuin|per ongeluk|perongeluk|sans faire expres"
            r"|par accident|ongelukje|doigt|vinger|duim|pouce)\b")

# A rule: regular expressions that must all be found, and one that must not (or None).
_Rules = tuple[tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None], ...]
