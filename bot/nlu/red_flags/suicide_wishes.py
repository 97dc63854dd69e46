"""Suicidal-intent rules without a means: a wish to die, not to exist or not to wake
up, no reason to live, a burden, others better off (see `suicide` for how rules are
read)."""

from __future__ import annotations

import re

from bot.nlu.red_flags.suicide_words import _ABSENT, _ME_FR, _WANT_FR, _WANT_NL, _Rules

_R = re.compile
_WISH_RULES: _Rules = (
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
)
del _R
