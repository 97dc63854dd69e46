"""Suicidal-intent rules about acts and words around the act: a decision, affairs put
in order, a last message, farewells for good, children entrusted, appointments cancelled
"je n'en aurai plus besoin", self-harm and it growing worse, thoughts of death, voices
that command, someone who says they will do it (see `suicide`)."""

from __future__ import annotations

import re

from bot.nlu.red_flags.suicide_words import _COOKING, _FINAL, _PARTY, _PILLS_NL3, _Rules

_R = re.compile
_ACT_RULES: _Rules = (
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
    # (round 9) "mij"/"me" rather than "mezelf", with a word of depth, intent or the body:
    # "k heb mij gesneden, diep deze keer. t was de bedoeling"
    ((_R(r"\b(?:ik heb|heb ik|k heb|heb|ik) (?:mij|me|m) (?:\w+ ){0,2}(?:gesneden|gekrast"
         r"|gekerfd|bewerkt|verwond|gebrand|opengesneden)\b"),
      _R(r"\b(?:diep|dieper|expres|opzettelijk|met opzet|bedoeling|gewild|polsen?|aders?"
         r"|armen?|onderarm\w*|dijen?|bovenbe\w*|buik|weer|opnieuw|deze keer|nog eens"
         r"|scheermes\w*|mesje)\b")),
     _R(_COOKING)),
    # (round 9) belongings given away, with a time or a word of the end: "ik heb al mijn
    # spullen weggegeven deze week. vanavond ...", "j'ai donné toutes mes affaires"
    ((_R(r"\b(?:al mijn|mijn|m n|mn) (?:\w+ )?(?:spullen|bezittingen|kleren|boeken"
         r"|juwelen|meubels|dingen|gerief) (?:\w+ ){0,3}(?:weggegeven|weggeschonken|verdeeld"
         r"|uitgedeeld)\b"
         r"|\b(?:donne|distribue|legue|offert) (?:\w+ ){0,2}(?:toutes |tous )?(?:mes|mon|ma)"
         r" (?:\w+ )?(?:affaires|biens|bijoux|vetements|livres|meubles|objets|choses)\b"),
      _R(_FINAL + r"|\b(?:cette semaine|deze week|besoin|nodig)\b")),
     _R(r"\b(?:verhuis\w*|demenage\w*|rusthuis|woonzorgcentrum|maison de repos|kringloop"
        r"|opruim\w*|rangement|range|seconde main|tweedehands|brocante|rommelmarkt|croix rouge"
        r"|rode kruis|oxfam|petit\w*|kleinkind\w*|erfenis|heritage|notaris|notaire|te klein"
        r"|trop petit\w*|vermagerd|maigri)\b")),
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
