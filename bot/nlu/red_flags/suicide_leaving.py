"""(round 10) Suicidal intent told as leaving: contact closed with a word of finality, "one
patient less", a note left by someone who then went off, every pill of a kind already
swallowed (see `suicide`).

From the classes of v11's suicidal misses (v11 was blind when it measured them), written
in other words than the set's. Each rule pairs two signals that together are rarely
anything but a farewell or an act, because each alone is everyday: "ne m'appelez plus"
is also how a patient stops a programme, "il a laissé un mot" how someone goes
shopping, "j'ai pris tous mes cachets" how one reports the morning round. Each has its
"unless" for those everyday readings.
"""

from __future__ import annotations

import re

from bot.nlu.red_flags.suicide_words import _PILLS_FR3, _Rules

_R = re.compile

# Contact closed: "ne cherchez pas à me joindre", "zoek mij niet", "ge moet mij geen
# berichten meer sturen".
_NO_CONTACT = (
    r"\bne (?:me )?(?:cherchez|cherche) (?:pas|plus) (?:a )?(?:m|me)\b"
    r"|\bn essayez (?:pas|plus) de (?:m|me) (?:appeler|joindre|contacter|retrouver|chercher)\b"
    r"|\bne m (?:appelez|ecrivez|envoyez) plus\b|\bplus besoin de m (?:ecrire|appeler)\b"
    r"|\bzoek (?:mij|me) (?:niet|nie)\b|\bprobeer (?:mij|me) (?:niet|nie) (?:meer )?(?:te )?"
    r"(?:bellen|bereiken|zoeken|vinden|contacteren)\b"
    r"|\b(?:moet|moogt|mag|hoeft|moeten|mogen|hoeven) (?:ge |je |u |jullie )?(?:mij|me) geen"
    r" (?:berichten|berichtjes|sms|mails|bericht) meer (?:te )?sturen\b"
    r"|\bstuur (?:mij|me) geen (?:berichten|berichtjes|sms|bericht) meer\b"
    r"|\bbel (?:mij|me) (?:niet|nie) meer\b"
)
# The finality that makes it a farewell rather than a patient leaving a programme.
_LEAVING_FINAL = (
    r"\b(?:adieu|adieux|vaarwel|afscheid|pour de vrai|pour de bon|pour toujours|voorgoed"
    r"|voor altijd|a jamais|dispositions|cette nuit|vannacht|ne serai plus|serai plus la"
    r"|er niet meer|plus de ce monde|pardon|vergeef|patiente? (?:de moins|en moins|minder)"
    r"|c est fini|het is gedaan|het is op|laatste|dernier|derniere)\b"
)
# Someone leaving the programme, the service or the doctor, moving, on holiday, cured.
_LEAVING_SERVICE = (
    r"\b(?:programme|programma|suivi|desinscri\w*|uitschrij\w*|afmeld\w*|abonnement"
    r"|autre (?:medecin|docteur|hopital)|ander\w* (?:dokter|arts|ziekenhuis|huisarts)"
    r"|demenage\w*|verhuis\w*|vacances|vakantie|voyage|reis|gueri|guerie|genezen|spam"
    r"|reclame|publicite|pub)\b"
)
# A note left behind: "il a laissé un mot", "ze heeft een briefje achtergelaten".
_NOTE_LEFT = (
    r"\b(?:laisse|laissee|ecrit|achtergelaten|geschreven|neergelegd|gelegd)"
    r" (?:\w+ ){0,4}(?:un mot|une lettre|un message|un petit mot|des lettres|briefje|brief"
    r"|afscheidsbrief|bericht)\b"
    r"|\b(?:un mot|une lettre|un petit mot|een briefje|een brief|een afscheidsbrief)"
    r" (?:\w+ ){0,4}(?:laisse|laissee|achtergelaten|neergelegd|gelegd)\b"
)
# Then gone, or gone towards water, tracks or a height, or with a means.
_GONE = (
    r"\b(?:parti|partie|disparu|disparue|vertrokken|weggegaan|weg|verdwenen|introuvable"
    r"|onvindbaar|ne repond (?:pas|plus)|neemt (?:niet|nie) (?:meer )?op)\b"
)
_DARK = (
    r"\b(?:ne m en voulez pas|ne m en veux pas|pardon|sorry|vergeef|adieu|vaarwel|je vous aime"
    r"|ik zie jullie graag|deprime|deprimee|depressie\w*|depressief|canal|kanaal|riviere"
    r"|rivier|pont|brug|mer|zee|voie ferree|spoor|corde|touw|fusil|geweer|medicaments"
    r"|medicijnen|pillen|cachets|comprimes|pilules)\b"
)
_ERRAND = (
    r"\b(?:courses|boulangerie|magasin|supermarche|winkel|bakker|boodschappen|travail|boulot"
    r"|werk|ecole|school|kine|rendez vous|afspraak|promener le chien|hond uitlaten"
    r"|frigo|koelkast)\b"
)
# Every pill of a kind: "toutes mes pilules pour la tension", "al mijn bloeddrukpillen".
_ALL_PILLS = (
    r"\b(?:tous|toutes|tout|al|alle) (?:les |mes |ses |mijn |mn |m n |zijn |haar |de )?"
    rf"(?:\w+ )?(?:\w*pillen|\w*pilletjes|\w*pillekes|\w*tabletten|\w*medicatie|medicijnen"
    rf"|\w*medicamenten|doosjes|{_PILLS_FR3})\b"
)
_SWALLOWED = (
    r"\b(?:in (?:mijn|mn|m n) maag|dans (?:mon|l) (?:ventre|estomac)|avale|avalee|avales"
    r"|avalees|pris|prises|geslikt|opgeslikt|ingeslikt|doorgeslikt|ingenomen|genomen)\b"
)
# A time just past, a symptom of now, a wish for rest or an apology.
_AFTER = (
    r"\b(?:il y a (?:\d+|une|un|deux|trois) ?(?:h|heures?|min|minutes?|quart d heure)"
    r"|\d+ ?(?:h|u|uur|min|minuten) geleden|een (?:uur|half uur|kwartier) geleden|tantot|zonet"
    r"|daarnet|flou|wazig|duizelig|vertige|vertiges|somnolent\w*|slaperig|suffe?|dors"
    r"|rust|en paix|tranquille|desole|desolee|sorry|pardon|vergeef|spijt|excuses|adieu|vaarwel"
    r"|dormir"
    r"|slapen|inslapen|niet meer wakker)\b"
)
# The daily round, a pill box, a dose forgotten: everyday talk of all one's pills.
_DAILY_ROUND = (
    r"\b(?:pilulier|pillendoos|pillendoosje|comme prescrit|comme d habitude|voorgeschreven"
    r"|zoals altijd|zoals gewoonlijk|du matin|du midi|du soir|de la journee|de la semaine"
    r"|van vandaag|van vanmorgen|van vanochtend|van vanavond|van deze week|ochtend\w*"
    r"|avond\w*|oublie|oubliee|vergeten|vergat|a jeun|nuchter|repas|maaltijd|bij het eten"
    r"|pendant le repas|ordonnance|voorschrift|renouvel\w*|apotheek|pharmacie)\b"
)

_LEAVING_RULES: _Rules = (
    ((_R(_NO_CONTACT), _R(_LEAVING_FINAL)), _R(_LEAVING_SERVICE)),
    # "vous aurez un patient de moins", "vanaf morgen hebt ge één patiënt minder"
    ((_R(r"\b(?:un|une|een|ene|1) patiente? (?:de moins|en moins|minder)\b"),),
     _R(_LEAVING_SERVICE + r"|\b(?:sortie|ontslag|naar huis|rentre|thuis|beter|mieux)\b")),
    ((_R(_NOTE_LEFT), _R(_GONE), _R(_DARK)), _R(_ERRAND)),
    ((_R(_ALL_PILLS), _R(r"\b(?:zitten|zit|sont|est) (?:al |deja )?(?:in (?:mijn|mn|m n)"
                         r" maag|dans (?:mon|l) (?:ventre|estomac))\b")), None),
    ((_R(_ALL_PILLS), _R(_SWALLOWED), _R(_AFTER)), _R(_DAILY_ROUND)),
)
