"""Suicidal-intent rules about a means: pills all at once, a rope, a gun, a blade, a
jump, a railway, a car's exhaust, drowning, each with a time or finality and an
"unless" for its everyday uses (see `suicide`)."""

from __future__ import annotations

import re

from bot.nlu.red_flags.suicide_words import _COOKING, _FINAL, _PILLS_FR3, _PILLS_NL3, _TAKE3, _Rules

_R = re.compile
_MEANS_RULES: _Rules = (
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
    # (round 9) all of one's pills taken, said with "allemaal" / "tout" after them: "heb
    # mn antidepressiva allemaal ingenomen", "mes somnifères, je les ai tous avalés"
    ((_R(rf"\b{_PILLS_NL3} (?:\w+ ){{0,2}}allemaal (?:\w+ ){{0,2}}(?:ingenomen|genomen"
         r"|geslikt|ingeslikt|opgeslikt|doorgeslikt|opgegeten)\b"
         rf"|\b{_PILLS_FR3} (?:[,;]? ?\w+ ){{0,3}}(?:les|l) ai (?:tous|toutes|tout) (?:avale|avalee"
         r"|avales|avalees|pris|prises|gobe|gobes)\b"),),
     _R(r"\b(?:pillendoos|weekdoos|apotheek|apotheker|baxter|medicatierol|pilulier|semainier"
        r"|pharmacie|pharmacien|vergeten|oublie|oubliee|elke dag|chaque jour|tous les jours"
        r"|s morgens|smorgens|ce matin comme|zoals elke)\b")),
    # (round 9) pills put aside for later, the stockpile of a plan: "de pillen die ik al
    # maanden opzij leg", "les comprimés que je mets de côté depuis des semaines"
    ((_R(rf"\b{_PILLS_NL3} (?:\w+ ){{0,5}}(?:opzij (?:gelegd|gezet|leg|gehouden|houd|hou)"
         r"|opzijgelegd|apart (?:gelegd|gehouden|gezet)|achtergehouden|gehamsterd)\b"
         rf"|\b{_PILLS_FR3} (?:\w+ ){{0,5}}(?:mets de cote|mis de cote|mises de cote"
         r"|garde de cote|gardes de cote|gardees de cote|accumule\w*|economise\w*"
         r"|stocke\w*)\b"
         rf"|\b(?:accumule|stocke|economise|mis de cote|garde de cote) (?:\w+ ){{0,3}}"
         rf"{_PILLS_FR3}\b"),),
     _R(r"\b(?:pharmacie|pharmacien|apotheek|apotheker|rapporter|terugbrengen|binnenbrengen"
        r"|vakantie|vacances|voyage|reis|rupture|tekort|penurie)\b")),
    # (round 9) emptied boxes with a word of farewell, told by the writer or someone
    # close: "une photo de boîtes vides de médicaments avec écrit pardon"
    ((_R(r"\b(?:boites?|plaquettes?|flacons?|tubes?|doosjes?|dozen|strips?|verpakkingen"
         r"|blisters?|potjes?) (?:\w+ ){0,3}(?:vides?|leeg|leeggemaakt|opgebruikt)\b"
         r"|\b(?:vides?|lege) (?:\w+ ){0,2}(?:boites|plaquettes|flacons|tubes|doosjes|dozen"
         r"|strips|verpakkingen|blisters|potjes)\b"),
      _R(rf"\b(?:{_PILLS_FR3}|{_PILLS_NL3}|medicaments?|medicijnen|pillen)\b"),
      _R(r"\b(?:pardon|adieu|sorry|vergeef|vergeving|afscheid|vaarwel|lettre|brief|en finir"
         r"|mourir|dood|sterven|plus la|er niet meer|laatste|dernier|derniere|je vous aime"
         r"|ik zie jullie graag|pour toujours|voor altijd|voorgoed|pour de bon)\b")),
     _R(r"\b(?:pharmacie|pharmacien|apotheek|apotheker|recycl\w*|rapporter|terugbrengen"
        r"|containerpark|parc a conteneurs|poubelle|vuilbak|vuilnis|afval|tri|sorteren)\b")),
    # (round 9) air injected into a vein: "une piqûre d'air dans la veine", "lucht in
    # mijn ader gespoten"; not a bubble in a drip or a pen, asked about
    ((_R(r"\b(?:air|lucht|luchtbel|luchtbellen|bulle d air|bulles d air) (?:\w+ ){0,3}"
         r"(?:dans|in) (?:\w+ ){0,2}(?:veine|veines|ader|aders|bloedbaan)\b"),
      _R(r"\b(?:me suis|me fait|me faire|m injecter|m injecte|me piquer|je vais|ca marche"
         r"|marche|mourir|en finir|mezelf|mijzelf|mij|me|ik ga|werkt|dood)\b")),
     _R(r"\b(?:perfusion|infuus|baxter|catheter|katheter|pompe|pomp|seringue d insuline"
        r"|insulinespuit|stylo|insulinepen)\b")),
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
         r"|ophangen)\b"
         # (round 9) the separable verb split by "te": "geprobeerd mij op te hangen"
         r"|\b(?:me|mezelf|mij|zich|mijzelf) (?:\w+ )?(?:op te hangen|te verhangen)\b"),), None),
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
         r"|vaart) (?:\w+ )?(?:gooien|werpen|laten vallen|springen)"
         # (round 9) the separable verb split by "te": "naar de zee om erin te lopen",
         # "om in het kanaal te springen"
         r"|(?:kanaal|water|rivier|schelde|maas|zee|vaart|meer) (?:\w+ ){0,3}(?:om )?"
         r"(?:erin|er in) te (?:lopen|springen|gaan|stappen)"
         r"|om in (?:het|de) (?:kanaal|water|rivier|schelde|maas|zee|vaart|meer) te"
         r" (?:lopen|springen|verdwijnen|verdrinken)"
         r"|(?:entrer|marcher|avancer|aller) dans (?:la|le|l) (?:mer|canal|meuse|escaut|riviere"
         r"|lac|eau) (?:\w+ ){0,3}(?:sans revenir|jusqu au bout|pour de bon|pour en finir"
         r"|pour ne plus|et ne plus|et disparaitre))\b"),),
     _R(r"\b(?:noyer dans (?:le|la|les|mes|mon|ma) (?:travail|boulot|paperasse|dossiers|papiers"
        r"|emails|mails|chagrin|alcool)|zwem\w*|nage|nager|piscine|zwembad|plage|strand"
        r"|baignade|duik\w*|plonge\w*|kajak|peche|vissen)\b")),
)
del _R
