"""The patterns of the kinds that arise from within: suicidal thoughts, chest pain,
breathlessness, an allergic reaction, a stroke and a seizure (the pattern language is
described in `matching`; the rest of the kinds are in `patterns_accidents`)."""

from __future__ import annotations

from bot.nlu.red_flags.kinds import (
    ALLERGY,
    BREATHLESSNESS,
    CHEST_PAIN,
    SEIZURE,
    STROKE,
    SUICIDAL,
)
from bot.nlu.red_flags.vocabulary import (
    _CAR_TROUBLE,
    _COLD,
    _EXERTION,
    _INSULIN,
    _LEAVING,
    _LIMBS_NL,
    _RUNNING,
)

_ILLNESS_PATTERNS: dict[str, tuple[str, ...]] = {
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
        # (round 9) the main-clause order: "ik maak er een einde aan" (an end put to a
        # thing named after it is taken back: `idioms._ending_of_a_thing`)
        "=maak|=maakt|=maakte ~ einde|eind",
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
        # (round 11) a pain that spreads from the heart or chest to an arm, a shoulder or
        # the jaw, wherever in the message it is said: "mal au coeur ... ça irradie dans
        # l'épaule", "het straalt uit naar mijn kaak, op mijn borst"
        "coeur|poitrine|torse|thorax|borst|borstkas|hart & irradi*|uitstral*|straalt"
        " ! tennis|sport|muscle*|spier*|tendin*|pees|hernie|sciati*|kine",
        "irradi*|uitstral*|straalt & coeur|poitrine|torse|thorax|borst|borstkas|hart"
        " ! tennis|sport|muscle*|spier*|tendin*|pees|hernie|sciati*|kine",
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
        # (round 10) "un point au coeur", "des points dans le coeur": not "pincement",
        # which is also sorrow
        "point|points ~ =coeur",
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
        # (round 4) the nitrate spray by its Flemish name, the pressure still there after it
        "isocard|cedocard|nitro*|trinitrine|nitrolingual|nitroglycerine|nitrospray|sprayke"
        "|spraytje & nog|toujours|encore|steeds|blijft ~ druk|pijn|douleur*|pression|oppress*"
        " ! neus|nez|sinus*|keel|gorge|hoofd|tete|oor|oreille|astma|asthme|puffer",
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
        # (round 9) a skin reaction and feeling faint: the blood pressure falling, a
        # shock under way ("jeukt alles, rode vlekken overal en ik ga flauwvallen")
        "jeuk*|jeukt|vlekken|bulten|galbulten|netelroos|uitslag|urticaire|plaques|boutons"
        "|demange*|gratte & flauw*|duizel*|malaise|evanoui*|pommes",
        "flauw*|duizel*|malaise|evanoui* & jeuk*|jeukt|vlekken|bulten|galbulten|netelroos"
        "|uitslag|urticaire|plaques|boutons|demange*|gratte",
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
        # (round 11) speech that suddenly makes no sense, with its onset: "dit des
        # phrases qui n'ont aucun sens depuis une demi-heure", "praat sinds vanmiddag
        # wartaal" (a dementia of long standing says "toujours", "altijd")
        "phrases|mots|propos|zinnen|woorden|praat|parle|dit|zegt ~ sens|incoherent*"
        "|incomprehensib*|charabia|wartaal|onzin|onsamenhangend*|betekenis"
        " & depuis|sinds|soudain*|brusquement|coup|plots*|ineens|opeens|minutes|minuten"
        "|heure|uur|normale|normaal ! dement*|alzheimer*|toujours|altijd|souvent|vaak",
        "depuis|sinds|soudain*|brusquement|coup|plots*|ineens|opeens & phrases|mots|propos"
        "|zinnen|woorden|praat|parle|dit|zegt ~ sens|incoherent*|incomprehensib*|charabia"
        "|wartaal|onzin|onsamenhangend*|betekenis ! dement*|alzheimer*|toujours|altijd"
        "|souvent|vaak",
        "praat|zegt|spreekt|parle|dit ~ ineens|opeens|plots*|soudain*|brusquement ~ wartaal"
        "|onzin|incoherent*|charabia|onsamenhangend* ! dement*|alzheimer*|toujours|altijd",
        # (round 8) "du mal à parler", not "me faire du mal, ... besoin de parler"
        "difficulte* ~ parler",
        "mal + parler",
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
        # (round 9) the verb, not only the noun: "il sourit de travers", "hij lacht scheef"
        "sourit|souriait|=lacht|=lachte ~ travers|cote|=tordu|kant|scheef",
        # (round 9) a hand or arm that no longer works, said with "can": "kan zijn
        # linkerhand niet meer gebruiken", "ne peut plus se servir de sa main"
        f"kan|kon|kunt ~ {_LIMBS_NL} ~ niet|nie ~ gebruiken|bewegen|optillen|heffen|vasthouden"
        " ! gips|gebroken|breuk|mitella|platre|casse|cassee|fracture|attelle",
        "peut|peux|pouvait|arrive ~ plus ~ servir|utiliser|tenir ~ bras|main|jambe"
        " ! gips|gebroken|breuk|mitella|platre|casse|cassee|fracture|attelle",
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
        # (round 4) one arm, hand or leg weak, not after a fracture or training
        "linkerarm|rechterarm|linkerhand|rechterhand|linkerbeen|rechterbeen ~ zwak|zwakker"
        " ! breuk|gebroken|gips|revalidatie|kine*|operatie|fitness|sport|training|spier*|pees",
        "bras|main|jambe ~ droit|droite|gauche ~ faible|lourd|lourde|inerte"
        " ! fracture|platre|reeducation|kine*|operation|sport|muscle*|tendin*|entorse",
        # the worst headache of a life, all of a sudden
        "tete ~ plus + violent|violente|fort|forte|horrible|atroce ~ vie",
        "ergste|hevigste|zwaarste|vreselijkste ~ hoofdpijn ~ leven|ooit",
        "hoofdpijn ~ ergste|hevigste|zwaarste ~ leven|ooit",
        "coup + massue|poignard ~ tete|crane",
        "tete|crane ~ coup + massue|poignard",
        "knal|donderslag|dolksteek ~ hoofd|achterhoofd|kop",
        # (round 8) eyes turned to one side and held there (a stroke, or a fit: 112
        # either way); not looking both ways in traffic or an exercise
        "regarde|regard|yeux|oeil|kijkt|kijken|ogen|blik ~ que|seulement|toujours|fixe*"
        "|bloque*|alleen|enkel|blijft|blijven|gedraaid|tournes ~ droite|gauche|rechts|links"
        " ! traverser|oversteken|rue|straat|verkeer|voiture|auto|rijden|conduire|fiets|velo"
        "|miroir|spiegel|kine*|oefening*|exercice*|photo|foto",
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
        # (round 4) jerking for minutes, the rescue medicine that does not stop it, the third
        # fit of the day
        "schokt|schokken|schokte|convulse*|stuiptrek*|secoue ~ al|deja|depuis|sinds ~ minuten"
        "|minutes|min",
        "buccolam|midazolam|dormicum|stesolid|epistatus & stopt|stoppen|ophoudt|arrete|cesse"
        "|helpt|werkt|agit ~ niet|nie|pas|plus",
        "derde|vierde|vijfde|3e|4e|troisieme|quatrieme|cinquieme ~ aanval|crise|insult|toeval"
        " & vandaag|aujourd|vanmorgen|vanochtend|vanmiddag|matin|soir|uur|heures",
        "vandaag|aujourd|vanmorgen|vanochtend|vanmiddag & derde|vierde|vijfde|3e|4e|troisieme"
        "|quatrieme|cinquieme ~ aanval|crise|insult|toeval",
    ),
}
