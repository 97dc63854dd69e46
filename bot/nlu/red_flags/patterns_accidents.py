"""The patterns of poisoning, hypoglycaemia, a collapse, a blow to the head, bleeding
and a call for the emergency services (including pregnancy and burns, answered with 112
like every kind); the pattern language is described in `matching`."""

from __future__ import annotations

from bot.nlu.red_flags.kinds import (
    BLEEDING,
    COLLAPSE,
    EMERGENCY_CALL,
    HEAD_INJURY,
    HYPOGLYCAEMIA,
    POISONING,
)
from bot.nlu.red_flags.vocabulary import (
    _ANTICOAGULANTS,
    _AUX_FR,
    _CAREER,
    _CHILD_FR,
    _CHILD_NL,
    _DANGEROUS_DRUGS,
    _FELL_NL,
    _FITTING,
    _FORGOT,
    _HARMLESS_SWALLOWED,
    _HEAD_FR,
    _HEAD_NL,
    _LIMBS,
    _MEDIA,
    _PILLS_FR,
    _PILLS_NL,
    _PRODUCTS_FR,
    _PRODUCTS_NL,
    _READINGS,
    _SWALLOWED_NL,
    _TAKEN_NL,
)

# (round 8) an acutely ischaemic limb: the limb, and the colour it turns
_ISCHAEMIC_LIMB = "jambe|pied|mollet|bras|been|voet|kuit|onderbeen|arm"
_PALE = "blanc|blanche|blancs|blanches|pale|pales|livide|bleu*|marbre*|wit|witte|bleek|blauw*"
_COLD_WEATHER = "raynaud|hiver|neige|winter|sneeuw|dehors|buiten|chaussette*|sok|sokken|kous*"

_ACCIDENT_PATTERNS: dict[str, tuple[str, ...]] = {
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
        # (round 11) pills missing after a child got at them: "mon petit-fils a joué
        # avec mon pilulier, il manque 4 comprimés", "er ontbreken 5 metoprolol"
        f"{_CHILD_FR}|{_CHILD_NL}|petit|petite & {_PILLS_FR}|{_PILLS_NL}|{_DANGEROUS_DRUGS}"
        "|pillendoos*|pilulier|plaquette*|strip|strips|doos|doosje|boite|boites"
        " & ontbreken|ontbreekt|ontbrak|ontbraken|manque|manquent|manquait|manquaient",
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
        # (round 9) any dose taken twice, and a symptom of it now: "twee keer genomen ...
        # mijn hart klopt traag en ik ben duizelig", "pris deux fois ..., j'ai un malaise"
        "twee|=2 + keer|maal ~ genomen|ingenomen|geslikt & duizel*|flauw*|=traag|=trage"
        "|verward|suf|sufferig|bewusteloos",
        "dubbel|dubbele ~ genomen|ingenomen|geslikt|dosis & duizel*|flauw*|=traag|=trage"
        "|verward|suf|sufferig|bewusteloos",
        "pris|avale* ~ deux|=2 + fois & vertige*|malaise|evanoui*|=lent|=lente|ralenti"
        "|confus*|somnolen*",
        "double + dose|doses & vertige*|malaise|evanoui*|=lent|=lente|ralenti|confus*|somnolen*",
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
        # (round 4) after a fall or a blow: the same question again and again, memory lost
        # (not "weet niet meer": each half of a far pattern may be denied alone)
        "gevallen|viel|val|tombe*|chute|cogne*|klap|slag|coup & vraagt|stelt|herhaalt|repete*"
        "|redemande* ~ hetzelfde|zelfde|=meme",
        "gevallen|viel|val|tombe*|chute|cogne*|klap|slag|coup & geheugenverlies|amnesie|blackout"
        "|=trou + noir|memoire",
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
        # (round 4) nothing but blood
        "alleen|enkel|louter + maar + bloed",
        "que + du + sang ! seche|sechee|croute",
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
        # (round 10) a bleeding named by its noun that has lasted hours: "un saignement
        # de nez qui dure depuis une heure", "een bloeding die al twee uur duurt"
        "=saignement|=saignements|neusbloeding|bloeding ~ dure|durent|duurt|depuis|sinds"
        " ~ heure|heures|uur|uren",
        "arrete|arretent|cesse|stoppe ~ pas|plus ~ =saigner|pisser",
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
        # (round 5) a belly hard as wood or a board, or hard with unbearable pain
        # (peritonitis); a belly merely "dur" or "hard" is often bloating, so it needs
        # the comparison or the pain
        "ventre|buik|abdomen ~ dur|hard|keihard|durci ~ bois|planche|pierre|beton|plank"
        "|steen|hout",
        "ventre|buik ~ de|van ~ bois|hout|beton",
        "plankhard*|steenhard* & buik|ventre",
        "buik|ventre & plankhard*|steenhard*",
        "ventre|buik ~ dur|hard|keihard|durci & atroce*|insupportable*|horrible*|ondraaglijk*"
        "|vreselijk*|verschrikkelijk*|afschuwelijk*",
        # (round 8) a leg, foot or arm gone cold and white or blue (an artery blocked:
        # hours count); not cold feet in winter or Raynaud's fingers
        f"{_ISCHAEMIC_LIMB} ~ froid*|glace*|gelee|koud|ijskoud ~ {_PALE} ! {_COLD_WEATHER}",
        f"{_ISCHAEMIC_LIMB} ~ {_PALE} ~ froid*|glace*|gelee|koud|ijskoud ! {_COLD_WEATHER}",
        # (round 4) green vomit (bile: a blocked bowel)
        "kots*|braak*|braken|overgeven|overgegeven|vomi* ~ groen|vert|verte|gal|bile",
        "?ambulance",
        "?ziekenwagen",
        "?noodgeval",
        f"?urgence* ! {_CAREER}",
        # (round 9) not when the message names the emergency department: "urgent*"
        # matched "urgences" by typo tolerance, a description that nothing takes back,
        # where "?urgence*" above is the name a general question does take back
        f"urgent* ! {_CAREER}|=urgences|=urgence",
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
