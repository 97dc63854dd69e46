"""Suicidal intent told by its circumstances rather than by a wish (round 4): a means
made ready or at hand, with despair, a time, drink, a lonely place or the plain wish to
tell someone; affairs put in order; thanks that are a farewell; a question about a
lethal amount or how long death takes without a treatment; a vital treatment stopped
on purpose; an attempt to be tried again; an urge to jump or to crash the car; gas
opened and waited for; a date set for one's own end; and a relative who reports such
things. Written from how people in crisis (and those who find them) write, in both
languages and in Flemish speech ("kheb", "nie", "ge", already rewritten by `spoken`),
not from any held-out set's sentences.

Each signal alone is common in everyday messages (pills laid out for the week, a will
at the notary's, "merci pour tout", the dialysis rota): a rule alarms on two that
together are rarely anything but a plan, and each has its "unless" for the everyday
uses of its words. When in doubt, it alarms: a needless 112 / 1813 message costs a
nurse's look, a missed plan may cost a life."""

from __future__ import annotations

import re

_R = re.compile

# --- the means ---
# Medicines that kill in overdose, by name and by kind; someone else's medicines.
_DRUGS = (
    r"(?:pillen|pilletjes|pillekes|tabletten|tabletjes|medicatie|medicijnen|medicamenten"
    r"|slaappillen|slaapmiddel\w*|slaapdruppels|pijnstillers|antidepressiva|kalmeerpillen"
    r"|kalmeermiddelen|anti ?epileptica|pleisters|cachets|comprimes|medicaments|medocs"
    r"|pilules|gelules|somniferes|calmants|antidepresseurs|anxiolytiques|antiepileptiques"
    r"|anti ?epileptiques|antidouleurs|patchs?|gouttes(?: pour dormir)?|ampoules"
    r"|insuline|lithium|paracetamol|dafalgan\w*|morfine|morphine|oxycodon\w*|oxynorm|oxycontin"
    r"|fentanyl|durogesic|tramadol|contramal|codeine|lyrica|pregabaline|gabapentine"
    r"|neurontin|digoxine|lanoxin|amitriptyline|redomex|trazodon\w*|mirtazapine|quetiapine"
    r"|seroquel|zolpidem|stilnoct|lormetazepam|lorazepam|temesta|alprazolam|xanax|diazepam"
    r"|valium|bromazepam|lexotan|clonazepam|rivotril|methadon\w*|voorraad|dozen|doosjes"
    r"|boites|plaquettes|reserve|stock)"
)
_WEAPONS = (r"(?:(?:een|het|mijn|m n|zijn|haar|dat) mes|messen|couteau|couteaux|scheermes\w*"
            r"|rasoir|lame|lames|touw|koord|strop"
            r"|corde|noeud coulant|pistool|geweer|jachtgeweer|revolver|fusil|pistolet|arme"
            r"|flingue|zak over|sac sur|plastic zak|sac plastique)")
# A means made ready, laid out, kept back, in the hand, taken from someone.
_READY = _R(
    rf"\b{_DRUGS} (?:\w+ ){{0,5}}(?:liggen|ligt|staan|staat) (?:\w+ ){{0,2}}klaar\b"
    rf"|\b{_DRUGS} (?:\w+ ){{0,3}}(?:in|op) (?:mijn|m n|de) (?:hand|handen|schoot)\b"
    rf"|\b{_DRUGS} (?:\w+ ){{0,4}}(?:dans|sur) (?:ma|mes|la) (?:main|mains)\b"
    rf"|\b(?:garde|gardes|gardee|gardees|mis|mise|mises|mets) (?:\w+ ){{0,2}}de cote"
    rf" (?:\w+ ){{0,2}}{_DRUGS}"
    rf"|\b{_DRUGS} (?:\w+ ){{0,3}}(?:garde|gardes|gardee|gardees|mis|mises) de cote\b"
    rf"|\b(?:economise|economiser|economisait|epargne|amasse|stocke) (?:\w+ ){{0,2}}{_DRUGS}"
    rf"|\b{_DRUGS} (?:\w+ ){{0,4}}(?:van|de) (?:mijn|m n|ma|mon|zijn|haar) (?:vrouw|man|pa|ma"
    r"|vader|moeder|papa|mama|oma|opa|partner|lief|zus|broer|buurvrouw|buurman|femme|mari"
    r"|pere|mere|grand mere|grand pere|soeur|frere|voisine?)\b"
    rf"(?: (?:\w+ ){{0,4}}(?:gepakt|genomen|weggenomen|meegenomen|gelegd|gestoken|pris|vole"
    r"|volee|pique|garde))"
    rf"|\b(?:al|heel) (?:mijn|m n) (?:\w+ )?{_DRUGS}"
    rf"|\b(?:tous|toutes) (?:mes|ses) (?:\w+ )?{_DRUGS}"
    rf"|\b(?:\d+|twee|drie|vier|vijf|zes|deux|trois|quatre|cinq|six) (?:volle )?(?:dozen|doosjes"
    r"|boites|plaquettes|strips)\b"
    rf"|\b{_WEAPONS} (?:\w+ ){{0,4}}(?:onder|sous) (?:mijn|m n|mon|son|zijn|haar) (?:kussen"
    r"|hoofdkussen|oreiller|matras|matelas)\b"
    r"|\b(?:corde|touw|strop|koord) (?:\w+ ){0,3}(?:dans|in) (?:le|la|de|het) (?:garage|grenier"
    r"|cave|zolder|kelder|schuur|remise|bos|bois)\b"
    # (round 8) a weapon or a rope laid out ready, like the pills above
    rf"|\b{_WEAPONS} (?:\w+ ){{0,5}}(?:liggen|ligt|staan|staat|hangt|hangen) (?:\w+ ){{0,2}}klaar\b"
    rf"|\b{_WEAPONS} (?:\w+ ){{0,3}}(?:est|sont) (?:\w+ )?(?:pret|prete|prets|pretes)\b"
)
# Despair, finality, secrecy, telling someone for no reason, a bottle, a lonely place.
_END = r"(?= *(?:[.!?,;]|$))"  # at the end of a clause
_CONTEXT = _R(
    r"\b(?:klaar met alles|ik ben (?:\w+ ){0,2}(?:kotsbeu|beu)"
    rf"|ik ben (?:\w+ )?op{_END}|ik kan niet meer{_END}|het is genoeg geweest|het is beter zo"
    r"|(?:niemand|ouders|familie|vrouw|man|kinderen|personne|parents|famille)"
    r" (?:\w+ )?(?:weet|weten|sait|savent) (?:het niet|van niks|van niets|er iets van|rien)"
    r"|niemand weet het|ik twijfel nog|geen zin meer|(?:heeft|hebben) het uitgemaakt"
    r"|m a quittee?|j en ai marre de tout|marre de tout|je suis a bout|plus envie de rien"
    rf"|j en peux plus{_END}|je n en peux plus{_END}|personne (?:ne )?(?:le )?sait"
    r"|c est mieux comme ca|le grand jour|de grote dag|je doute encore|pour de bon|voorgoed"
    rf"|(?:neem|slik) ik (?:ze |die )?(?:alles|allemaal) in{_END}|in (?:een|1) keer{_END}"
    rf"|d un (?:seul )?coup{_END}|tout avaler|ik wou (?:gewoon )?iemand (?:zeggen|laten weten)"
    r"|ik weet niet waarom ik (?:dit|dat|het) (?:\w+ )?(?:zeg|schrijf|vertel)"
    r"|je (?:ne )?sais pas (?:pourquoi|pk) (?:je|j) (?:te |vous )?(?:dis|ecris)"
    r"|sorry dat ik stoor|desole de deranger"
    r"|(?:met|avec) (?:een|une) (?:fles|bouteille)|in het bos|dans les bois|dans la foret"
    r"|aan het water|au bord de l eau"
    # (round 8) no reason left to wait
    r"|waarom (?:zou|moet) ik (?:nog )?(?:langer )?wachten|geen reden (?:meer )?om te wachten"
    r"|pourquoi (?:j )?attendre|a quoi bon attendre|plus de raison d attendre)\b"
)
# Everyday uses: the pill box for the week, the pharmacy, a trip, a question of dosage.
_EVERYDAY = _R(
    r"\b(?:pillendoos|pilulier|semainier|weekdoos|apotheek|apotheker|pharmacie|pharmacien"
    r"|voorschrift|ordonnance|vakantie|vacances|reis|voyage|vervallen|perime\w*|inleveren"
    r"|ramener|recycl\w*|per ongeluk|par erreur|vergeten|vergeet|oublie)\b"
)

# --- affairs put in order ---
_ARRANGEMENTS = (
    _R(r"\btestament\b"),
    _R(r"\b(?:lettre|lettres|brief|brieven|afscheidsbrief) (?:\w+ ){0,2}(?:pour|voor|aan|a)"
       r" (?:mes|mijn|m n|ma|mon|les|de) (?:\w+ )?(?:enfants|kinderen|famille|familie|femme"
       r"|vrouw|man|mari|ouders|parents|petits enfants|kleinkinderen)\b"),
    _R(r"\b(?:range|ranger|trie|mis en ordre|classe) (?:\w+ ){0,2}(?:mes|ses) papiers\b"
       r"|\b(?:uitgelegd|expliquee?|montre) (?:\w+ ){0,2}(?:waar|ou) (?:\w+ ){0,2}"
       r"(?:\w*papieren|papiers|documents|documenten|codes|testament)\b"),
    _R(r"\b(?:donne|donnee|weggegeven|gegeven|confie|afgestaan) (?:\w+ ){0,3}(?:chat|chien"
       r"|kat|hond|poes|animaux|dieren)\b|\b(?:chat|chien|kat|hond|poes) (?:\w+ ){0,3}"
       r"(?:donne|weggegeven|gegeven|confie)\b"),
    _R(r"\b(?:insta|instagram|facebook|tiktok|snapchat|account|compte|profiel|profil)"
       r" (?:\w+ ){0,2}(?:gewist|verwijderd|supprime|efface|ferme)\b"
       r"|\b(?:gewist|verwijderd|supprime|efface) (?:\w+ ){0,2}(?:insta|instagram|facebook"
       r"|account|compte|profiel|profil)\b"),
    _R(r"\b(?:code|codes|wachtwoord|wachtwoorden|paswoord|mot de passe|mots de passe|pincode)"
       r" (?:\w+ ){0,4}(?:gestuurd|gegeven|doorgegeven|envoye|donne|transmis)\b"
       r"|\b(?:envoye|donne|transmis|gestuurd|doorgegeven) (?:\w+ ){0,2}(?:code|codes"
       r"|wachtwoord|wachtwoorden|paswoord|mot de passe|mots de passe|pincode)\b"),
    _R(r"\babonnement\w* (?:\w+ ){0,4}(?:opgezegd|stopgezet|resilie|annule)\b"
       r"|\b(?:opgezegd|resilie) (?:\w+ ){0,3}abonnement\w*\b"),
)
_SETTLED = _R(
    r"\b(?:het is goed zo|ik ben klaar|ik ga rusten|voor later|pour apres|pour plus tard"
    r"|serein|sereine|en paix|in vrede|rustig nu|ik heb rust|je suis pret|je suis prete"
    r"|alles is geregeld|tout est regle|afscheid|adieu|vaarwel|vertrekt|vertrek"
    r"|partir pour de bon|voorgoed"
    r"|aan het water|au bord de l eau)\b"
)
_ARRANGING_EVERYDAY = _R(
    r"\b(?:notaris|notaire|verhuis\w*|demenag\w*|erfenis|heritage|succession|schenking"
    r"|donation|vakantie|vacances|reis|voyage|hospitalisation|opname|operatie|operation"
    r"|nieuwe gsm|nouveau telephone|hacked|gehackt|pirate|ziekenhuis|hopital|kliniek"
    r"|clinique|rusthuis|woonzorgcentrum|maison de repos|home|serviceflat)\b"
)
# A trip denied is no everyday reason: "hij is niet van plan om op reis te gaan".
_NO_TRIP = _R(r"\b(?:niet|geen|pas|aucun|aucune|sans|jamais|nooit) (?:\w+ ){0,5}(?:reis|vakantie"
              r"|voyage|vacances)\b")

# --- thanks that are a farewell ---
_THANKS = _R(r"\b(?:merci pour tout|merci d avoir ete|bedankt voor alles|dank voor alles"
             r"|je vous remercie pour (?:votre|tout)|bedankt om er (?:altijd )?te zijn"
             # (round 8) thanks to those who tried, to everyone
             r"|merci a (?:tous )?(?:ceux|celles|toutes celles|vous tous|tous|toutes|chacun)"
             r"|(?:bedankt|dank|merci) (?:aan )?(?:iedereen|allen|jullie allemaal|wie|degenen"
             r"|diegenen) (?:die )?)\b")
_NEVER_AGAIN = _R(
    r"\b(?:adieu|vaarwel|reviendrai plus(?! tard)|reviendrai jamais|n ecrirai plus"
    r"|entendrez plus parler|nooit meer (?:\w+ ){0,3}(?:horen|schrijven|terugkomen)"
    r"|laatste keer dat|derniere fois que|le moment est venu|de tijd is gekomen"
    rf"|j en peux plus{_END}|je n en peux plus{_END}|ik kan niet meer{_END}"
    # (round 8) for ever: "gsm éteint pour toujours", "ik ben er voorgoed vandoor"
    r"|pour toujours|a jamais|pour de bon|definitivement|voor altijd|voorgoed|voor eeuwig)\b"
)
_THANKS_EVERYDAY = _R(r"\b(?:retraite|pensioen|demenage\w*|verhuis\w*|vacances|vakantie"
                      r"|collegue|collega|stage|opname|sortie|ontslag|a bientot|tot ziens"
                      r"|tot binnenkort|a la semaine prochaine"
                      # (round 8) grateful for ever is not goodbye for ever
                      r"|reconnaissante?s?|dankbaar|souvenir|herinner\w*|oublierai|vergeet"
                      r"|vergeten|gueri\w*|genezen|remission|remissie)\b")

# --- scenes that are a plan in themselves ---
# Each scene: regular expressions that must all be found, anywhere in the message.
_SCENES: tuple[tuple[re.Pattern[str], ...], ...] = (
    # a question about a lethal amount, or how long death takes without a treatment
    (_R(r"\b(?:hoeveel|combien|quel nombre|le nombre|quelle dose|quelle quantite|welke dosis)"
        r" (?:\w+ ){0,6}(?:genoeg|assez|suffit|pour|om) (?:\w+ ){0,5}(?:dood|sterven|overlijden"
        r"|doodgaan|mourir|crever|hart (?:\w+ ){0,2}(?:stoppen|stilstaan)|coeur (?:\w+ ){0,2}"
        r"arreter|(?:pas|plus|niet meer|nooit meer) (?:se |me |te )?(?:reveiller|wakker))\b"),),
    (_R(r"\b(?:hoe lang|combien de temps) (?:\w+ ){0,4}(?:voor|voordat|avant|pour)"
        r" (?:\w+ ){0,2}(?:doodgaat|sterft|dood bent|dood is|meurt|mourir|crever)\b"
        r" (?:\w+ ){0,3}(?:als|si|zonder|sans|wanneer|quand)\b"),),
    (_R(r"\b(?:word|wordt|zal) (?:ik|je|jij|men) (?:dan )?(?:nog|ooit nog) wakker\b"),
     _R(r"\b(?:voorraad|dozen|doosjes|alles|allemaal|heel mijn|al mijn|kotsbeu|beu|genoeg van"
        r"|stock|reserve|boites|tout)\b")),
    (_R(r"\b(?:s endort|on s endort|m endormir|je m endors) (?:\w+ ){0,2}sans souffrir\b"),),
    # a vital treatment stopped on purpose, or to die of it
    (_R(r"\b(?:stop|stopt|stopte|gestopt|stoppen|arrete|arreter|arretes|afgezegd|laat vallen)"
        r" (?:\w+ ){0,3}(?:insuline|dialyse|anti ?rejets?|anti ?afstoting\w*|afstotingsmedicatie"
        r"|chemo|chimio|traitement|behandeling|medicatie|medicijnen|medicaments)\b"),
     _R(r"\b(?:expres|volontairement|opzettelijk|met opzet|stiekem|en cachette"
        r"|que ce soit fini|en finir|doodga\w*|mourir|sterven|niemand (?:\w+ )?(?:nog|meer)"
        r" voor mij|plus a charge|binnen een paar dagen (?:\w+ )?gedaan|en quelques jours"
        r"|compte pas les reprendre|pas les reprendre"
        r"|niet meer (?:\w+ )?(?:herbeginnen|nemen))\b")),
    (_R(r"\b(?:insuline|dialyse|anti ?rejets?|chemo|chimio) (?:\w+ ){0,6}(?:afgezegd|gestopt"
        r"|arrete|arretee|arretes) (?:\w+ ){0,4}(?:expres|stiekem|en cachette|volontairement"
        r"|opzettelijk|met opzet)\b"
        r"|\b(?:stiekem|en cachette|expres|opzettelijk|volontairement) (?:\w+ ){0,3}"
        r"(?:insuline|dialyse|anti ?rejets?|chemo|chimio) (?:\w+ ){0,2}(?:afgezegd|gestopt"
        r"|arrete|arretee|annule|geschrapt)\b"),),
    # (round 8) the act announced for a time: "je passe à l'acte cette nuit", "vannacht
    # zet ik de stap"; not quitting smoking or a move to a home
    (_R(r"\b(?:passe|passer|passerai|passerais|vais passer) a l acte\b"
        r"|\b(?:zet|zetten|zal zetten|ga zetten) (?:ik |ze |hij )?(?:\w+ ){0,2}de (?:grote )?stap\b"
        r"(?! (?:naar|richting)\b)"),
     _R(r"\b(?:ce soir|cette nuit|demain|aujourd hui|maintenant|tout a l heure|bientot"
        r"|ce week end|cette semaine|vannacht|vanavond|morgen|vandaag|nu|straks|binnenkort"
        r"|dit weekend|deze week)\b"),
     _R(r"^(?!.*\b(?:fumer|cigarette\w*|tabac|regime|sport|roken|sigaret\w*|dieet|rusthuis"
        r"|woonzorgcentrum|maison de repos|verhuis\w*|demenag\w*|inschrijv\w*|inscri\w*"
        r"|trouwen|mariage|huwelijk|samenwonen|zelfstandig\w*|pensioen|retraite)\b)")),
    # an attempt, to be tried again; self-harm to be done again
    (_R(r"\b(?:zak|plastic zak|plastiek zak|sac|sac plastique) (?:over|sur) (?:mijn|m n|ma"
        r"|mon|zijn|haar|sa) (?:hoofd|tete)\b"),),
    (_R(r"\b(?:geprobeerd|essaye|tente) (?:\S+ ){0,8}(?:te bang|trop peur|niet gelukt|mislukt"
        r"|pas reussi|rate|ratee)\b"),
     _R(r"\b(?:probeer ik (?:het )?(?:opnieuw|nog eens)|ik probeer (?:\w+ )?opnieuw"
        r"|je (?:vais )?(?:recommencer|reessayer|reessaierai|recommencerai))\b")),
    (_R(r"\b(?:mezelf|mijzelf|me suis|m suis) (?:\w+ ){0,3}(?:gesneden|gekrast|gekerfd|coupee?"
        r"|scarifiee?|entaillee?|tailladee?)\b"),
     _R(r"\b(?:wil (?:het )?(?:(?!niet |nooit )\w+ )?(?:terug|weer|opnieuw|nog eens) doen"
        r"|wil (?:nog )?dieper"
        r"|veux recommencer|envie de recommencer|vais recommencer|veux le refaire"
        r"|envie de le refaire)\b")),
    # an urge to jump where one stands, voices that say so, or crashing the car
    (_R(r"\b(?:moet|wil|zin om te|drang om te|neiging om te|envie de|besoin de|dois|pousse a)"
        r" (?:\w+ ){0,2}(?:springen|sauter|me jeter|mij gooien|me gooien)\b"
        r"(?! (?:\w+ ){0,2}(?:repas|dose|doses|insuline|maaltijd|ontbijt|petit dejeuner|midi"
        r"|un tour|une etape|een beurt)\b)"),
     _R(r"\b(?:perron|quai|rails|brug|pont|balkon|balcon|dak|toit|rand|bord|viaduct|viaduc"
        r"|falaise|klif|etage|verdieping)\b"),
     _R(r"^(?!.*\b(?:trampoline|parachute|bungee|elastique|zwembad|piscine|duik\w*|plongeoir"
        r"|plongeon|springtouw|corde a sauter|sport|training|oefening|exercice|kine|kinesist"
        r"|turnen|gym|acrobat\w*)\b)")),
    (_R(r"\b(?:hoofd|stem|stemmen|voix|tete|iets in mij|quelque chose en moi)"
        r" (?:\w+ ){0,3}(?:zegt|zeggen|dit|disent|roept|roepen|crient)"
        r" (?:\w+ ){0,4}(?:dat ik|dat hij|dat ze|de|que je)"
        r" (?:\w+ ){0,2}(?:moet )?(?:springen|sauter|doodmaken|dood maken|me tuer|doden|zich"
        r" (?:\w+ )?doodmaken|zelfmoord)\b"),),
    (_R(r"\b(?:pense a|envie de|veux|vais|compte|denk erover|wil|ga|zin om)"
        r" (?:\w+ ){0,3}(?:foncer|me jeter|me crasher|rentrer) (?:\w+ ){0,2}(?:dans|contre)"
        r" (?:un|une|le|la) (?:arbre|platane|mur|camion|pilier|poteau|pile de pont)\b"
        r"|\btegen (?:een|de) (?:boom|muur|vrachtwagen|pijler|brugpijler|paal) (?:\w+ ){0,2}"
        r"(?:rijden|knallen|inrijden|crashen|te rijden|te knallen)\b"),),
    # gas opened and waited for; a hose on the exhaust
    (_R(r"\b(?:gas|gaz) (?:\w+ ){0,3}(?:open|opengezet|opengedraaid|ouvert)\b"
        r"|\b(?:ouvert|open gezet|opengezet|opengedraaid) (?:\w+ ){0,2}(?:le |het )?(?:gas|gaz)\b"),
     _R(r"\b(?:wacht|wachten|attends|attendre|slapen|dormir|ramen dicht|fenetres fermees"
        r"|je reste la|ik blijf hier)\b"),
     _R(r"^(?!.*\b(?:koken|kookt|kook|water|pot|pan|soep|fornuis|vuur|barbecue|cuisson|cuire"
        r"|eau|bouillir|casserole|soupe|four|oven|chauffage|verwarming|chaudiere|ketel)\b)")),
    (_R(r"\b\w*slang (?:\w+ ){0,4}(?:uitlaat|uitlaatpijp)\b|\btuyau (?:\w+ ){0,4}"
        r"(?:pot d echappement|echappement)\b"),),
    # a date set for one's own end; a plan told as such; a decision and "if I am still here"
    (_R(r"\b(?:datum|date|dag|jour) (?:\w+ ){0,4}(?:voor|pour) (?:mijn|ma|mon) (?:eigen )?"
        r"(?:einde|fin|dood|mort|depart)\b(?! (?:de|du|d|des|van|contrat|contract|stage|traitement"
        r"|behandeling|revalidatie)\b)"),),
    (_R(r"\b(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|lundi|mardi"
        r"|mercredi|jeudi|vendredi|samedi|dimanche|demain) (?:is het|is t|c est|ce sera)"
        r" (?:gedaan|fini|finito|voorbij|over|la fin|de dag|le jour)\b"),
     _R(r"\b(?:strop|touw|corde|een mes|couteau|dood|mourir|zelfmoord|suicide|afscheid"
        r"|adieu)\b")),
    (_R(r"\b(?:gedachten|idees noires|pensees|idees) (?:\S+ ){0,6}(?:met een plan|avec un plan)"
        r"\b|\b(?:ik heb|j ai) (?:nu )?(?:een|un) plan (?:om|pour) (?:\w+ ){0,3}(?:dood|mourir"
        r"|en finir|er een einde|me tuer|mezelf)\b"),),
    (_R(r"\b(?:je sais|ik weet) (?:\w+ ){0,2}(?:comment je vais|hoe ik het ga|hoe ik)"
        r" (?:\w+ ){0,2}(?:faire|doen)\b"),
     _R(r"\b(?:prefere|prefererais|liever) (?:\w+ ){0,2}(?:partir|gaan|vertrekken|sterven"
        r"|mourir) (?:\S+ )?(?:avant|voor|eerder)\b"
        r"|\b(?:en finir|mourir|dood gaan|sterven|er een einde aan)\b")),
    (_R(r"\b(?:j ai decide|ma decision est prise|j ai pris ma decision|ik heb besloten"
        r"|mijn besluit staat vast|ik heb mijn beslissing genomen)\b"),
     _R(r"\bsi (?:jamais )?(?:je|j) (?:ne |n )?(?:suis|serai) (?:plus la\b|(?:encore|toujours) la"
        r" (?:\w+ ){0,2}(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|semaine"
        r"|mois|noel)\b)"
        r"|\bals ik er (?:\w+ ){0,2}(?:nog|niet meer) (?:ben|zal zijn)\b")),
    # glad not to wake up
    (_R(r"\bsi (?:je|j) (?:ne |n )?me reveille (?:pas|plus)\b"
        r"|\bals ik (?:\w+ ){0,2}(?:niet|nie) (?:meer )?wakker (?:word|zou worden)\b"),
     _R(r"\b(?:arrangerait|tant mieux|serait (?:bien|mieux|pas grave|pas plus mal)"
        r"|pas plus mal|soulagement|niet erg|zou (?:me )?goed uitkomen|des te beter|beter zo"
        r"|is dat (?:ook )?(?:goed|prima|niet erg))\b")),
    # an idiom of ending it, in its spoken form: "je me fous en l'air"
    (_R(r"\b(?:me|m|se|s) (?:\w+ )?(?:fous|fout|foutrai|foutrais) en l air\b"),),
    # the Dutch "life has no meaning" in a subordinate clause: "dat het leven geen zin heeft"
    (_R(r"\bleven (?:\w+ )?geen (?:zin|nut) (?:meer )?heeft\b"
        r"|\bdat ik er (?:\w+ ){0,2}niet meer (?:ben|zal zijn|zou zijn)\b"),),
)
del _R


def _suicide_signal(flat: str) -> str | None:
    """The words of the first circumstance that tells suicidal intent (see the module's
    docstring), or None."""
    ready = _READY.search(flat)
    if ready and not _EVERYDAY.search(flat):
        context = _CONTEXT.search(flat)
        if context:
            return f"{ready.group(0)} … {context.group(0)}"
    if not _ARRANGING_EVERYDAY.search(_NO_TRIP.sub(" ", flat)):
        acts = [m.group(0) for regex in _ARRANGEMENTS if (m := regex.search(flat))]
        settled = _SETTLED.search(flat)
        if len(acts) >= 2 or (acts and settled):
            return " … ".join(acts + ([settled.group(0)] if settled else []))
    thanks = _THANKS.search(flat)
    if thanks and not _THANKS_EVERYDAY.search(flat):
        never = _NEVER_AGAIN.search(flat)
        if never:
            return f"{thanks.group(0)} … {never.group(0)}"
    for scene in _SCENES:
        matches = [m.group(0) for regex in scene if (m := regex.search(flat))]
        if len(matches) == len(scene):
            return " … ".join(matches)
    return None
