"""Word lists that several kinds' patterns share (pills, products, children, the
head, falls, readings, forgotten doses, leaving...), and the count terms that the
pill-count check and the word index both need. Pattern syntax: see `matching`."""

from __future__ import annotations

# Breathlessness on exertion is a symptom to report, not a 112 emergency.
_EXERTION = (
    "escalier*|trap*|monte*|montant|inspanning|effort*|marche*|wandel*|sport*|fiets*|etage*"
    "|verdieping*"
)

_LIMBS_NL = (
    "arm|been|hand|=gezicht|linkerarm|rechterarm|linkerbeen|rechterbeen|linkerhand|rechterhand"
)

# Drugs whose overdose (or double dose) is dangerous at once: insulin and the
# sulfonylureas (hypoglycaemia), anticoagulants (bleeding), opioids (breathing), and
# (round 9) the narrow-margin drugs of the heart and of mood, digoxin, flecainide,
# amiodarone and lithium (a slow or irregular heart, confusion).
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
    "|digox*|lanoxin*|lanitop|digitalin*|flecain*|tambocor|amiodaron*|cordaron*|lithium"
    "|camcolit|priadel|maniprex"
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

# The terms of a count of pills (see `doses._pill_count_flag`), indexed with the patterns'.
# (round 8) Medicines often named alone in a count ("20 lithium genomen"), with a narrow
# margin or deadly in overdose: a count of them is read like a count of pills.
_NAMED_ALONE = (
    "lithium|camcolit|priadel|maniprex|digoxine|lanoxin|amitriptyline|redomex|nortriptyline"
    "|nortrilen|clomipramine|anafranil|quetiapine|seroquel|olanzapine|zyprexa|trazodon*"
    "|mirtazapine|remergon|zolpidem|stilnoct|lorazepam|alprazolam|diazepam|bromazepam"
    "|lexotan|clonazepam|rivotril|lormetazepam|metformine|metformin|glucophage|bisoprolol"
    "|propranolol|inderal|amlodipine|verapamil|lasix|furosemide"
)
_PILL_TERMS = frozenset(
    f"{_PILLS_FR}|{_PILLS_NL}|{_DANGEROUS_DRUGS}|{_NAMED_ALONE}|comprime|comprimes|hartpillen"
    .split("|")
)
_DANGEROUS_TERMS = frozenset(_DANGEROUS_DRUGS.split("|")) - frozenset(_INSULIN.split("|"))
_TAKE_TERMS = frozenset(
    "pris|avale*|=avalee|gobe*|ingurgit*|=mange|=mangee|=bu|genomen|ingenomen|geslikt"
    "|ingeslikt|opgegeten|gegeten|geslokt|doorgeslikt|binnengespeeld|gepakt".split("|")
)
_AT_ONCE_TERMS = frozenset(
    "coup|ineens|tegelijk|tegelijkertijd|ensemble|=fois|keer|ongeluk|erreur|megarde".split("|")
)
# Ten tablets of paracetamol (500 mg or 1 g) are more than a day's maximum of 4 g.
_PARACETAMOL_TERMS = frozenset({"paracetamol", "dafalgan", "panadol", "perdolan",
                                "paracetamols", "dafalgans"})
