"""Round 7 (issue 12): two more frames that tell a condition as nobody's emergency now,
and a story about someone else that is over, for the statistical second opinion.

- A question about risk, heredity or prevention asked from a family history
  (`family_history`): "mon père est mort d'une crise cardiaque, j'ai un risque ?",
  "ma mère a eu un AVC, c'est héréditaire ?", "mijn vader is vorig jaar gestorven aan
  een beroerte, heb ik nu zelf een hoger risico?", "vanaf welke leeftijd laat ik best
  mijn cholesterol checken?". The relative who died or had it is not the emergency;
  the writer asks about the future. Taken back for patterns that *name* a condition
  only (never suicidal thoughts, whose family history raises the writer's own risk;
  never a described symptom: "... et j'ai mal à la poitrine" alarms), and only when
  the rest of the message, once the risk phrase ("heb ik nu zelf een risico", "j'ai un
  risque maintenant") and the death are cut out, holds no word of now and no present
  of the writer's own ("je fais un AVC", "ik heb", not "j'ai peur", "je n'ai rien").
- Poisoning long ago: `takebacks._keeps` now lets a history months or years back
  (`questions._long_ago`: "l'an dernier il avait avalé de la javel", "vorig jaar een
  overdosis") take back a poisoning too, since what harms days later is over after
  months. The markers gained "vroeger", "dans les années 90", "in de jaren tachtig",
  and "over now" gained "de l'histoire ancienne", "nu zes jaar clean/nuchter".
- Someone else's mild story that is over (`someone_elses_story`): a third person, a
  past tense ("le voisin est tombé", "ons Marie is gevallen"), a phrase saying it ended
  well ("il rigole", "elle va très bien", "niks gebroken"), no word of now, no present
  of the writer's own and no wish of the writer's own. The gateway does not let the
  naive Bayes alarm alone on such a message (the suicidal-intent regression still
  may): it reads "tombé", "saigné", "gevallen", not who and when. No rule is taken
  back by it; a described emergency ("mais elle saigne encore") keeps its rule.

When in doubt, alarm: each frame gives way to any word of now (`framing.current`).
"""

from __future__ import annotations

import re

from bot.nlu.red_flags.framing import current
from bot.nlu.red_flags.past import _OVER_NOW

# Someone died of it: "mort d'un infarctus", "j'ai perdu mon père d'un AVC", "gestorven
# aan een hartaanval", "overleed aan".
DIED_OF = re.compile(
    r"\b(?:(?:mort|morte|morts|mortes|decede|decedee|decedes|emporte|emportee)"
    r"(?: \w+){0,3}? (?:d un|d une|de|du|des suites d un|des suites d une|des suites de)"
    r"|(?:(?:j ai|on a|nous avons|il a|elle a) )?perdu (?:mon|ma|mes|son|sa|ses|notre|nos)"
    r" \w+(?: \w+)?? (?:d un|d une|de|du)"
    r"|(?:gestorven|overleden|omgekomen|bezweken|stierf|stierven|overleed)"
    r"(?: \w+){0,3}? aan)\b"
)
# Asked about risk, heredity, prevention or screening, with the "nu"/"maintenant" and
# "j'ai"/"heb ik" that belong to the question itself.
RISK = re.compile(
    r"\b(?:(?:j ai|ai je|est ce que j ai|on a|ai|ik heb|heb ik|k heb|hebben wij|hebben we"
    r"|hebben mijn kinderen|ont mes enfants|mes enfants ont|mijn kinderen hebben) )?"
    r"(?:(?:nu|maintenant|mtn|zelf|ook|moi aussi|aussi|donc|dan|alors|pas) )*"
    r"(?:(?:un|une|een|le|du|de|des|plus de|meer) )?"
    r"(?:(?:hoger|hogere|groter|grotere|verhoogd|verhoogde|plus grand|gros|grand|meer) )?"
    r"(?:risque|risques|risico|risicos)\b"
    r"(?: (?:accru|plus eleve|eleve|aussi|ook|maintenant|mtn|nu))*"
    r"|\b(?:hereditaire|genetique|genetiquement|familial|familiale|erfelijk|erfelijke"
    r"|genetisch|genetische)\b|\b(?:dans la|de) famille\b|\bin de familie\b"
    r"|\b(?:prevenir|prevention|depistage|depister|voorkomen|preventie|opsporen)\b"
    r"|\b(?:a partir de|vanaf) (?:quel age|welke leeftijd)\b"
    r"|\b(?:faire|laisser|laten|laat) (?:\w+ ){0,4}?(?:controler|verifier|tester|depister"
    r"|checken|controleren|testen|nakijken)\b"
    r"|\bcomment (?:on )?(?:le |la |les |l )?reconnait\w*\b|\bhoe (?:herken|herkent|herkennen)\b"
    # (round 8) a check-up: "est-ce que je dois faire un bilan cardiaque ?"
    r"|\b(?:faire|passer) (?:un |une )?(?:bilan|check up|checkup|examen|controle)\b"
    r"|\b(?:laten|moet ik) (?:\w+ ){0,3}?(?:onderzoeken|nakijken|een check up|een controle"
    r"|een onderzoek)\b"
    # (round 9) asked whether to take care or worry: "est-ce que je dois faire plus
    # attention ?", "moet ik mij zorgen maken?", "moet ik oppassen?"
    r"|\b(?:faire (?:plus |plus d |particulierement )?attention|m inquieter|me faire du souci"
    r"|(?:mij|me) zorgen (?:maken|moeten maken)|moet ik (?:\w+ )?(?:oppassen|opletten)"
    r"|voorzichtiger zijn)\b"
)
# Had it (a relative): "ma mère a eu un AVC", "mijn vader heeft een infarct gehad".
THIRD_PAST = re.compile(
    r"\b(?:a eu|a fait|avait eu|avait fait|ont eu|ont fait|avaient eu|gehad|gekregen|kreeg"
    r"|kregen|hadden|heeft gehad)\b"
)
# Not a symptom although first person: "j'ai peur", "je n'ai rien", "ik ben bang".
_NO_SYMPTOM = re.compile(
    r"\b(?:j ai (?:peur|rien)|je n ai rien|j ai pas de symptome\w*|ik ben (?:bang|ongerust)"
    r"|ik heb (?:niks|niets|geen klachten|schrik))\b"
)
# The writer's own present: "j'ai", "je fais", "ik heb", "ik voel", not after "si"/"als".
_OWN_PRESENT = re.compile(
    r"(?<!\bsi )(?<!\bs )(?<!quand )(?<!\bals )(?<!\bof )(?<!wanneer )"
    r"\b(?:j ai|je suis|je me sens|je sens|je fais|ik heb|heb ik|k heb|ik ben|ben ik|k ben"
    r"|ik voel|voel ik|ik krijg|krijg ik|ik doe)\b"
)


def family_history(flat: str) -> bool:
    """A question about risk, heredity or prevention, from a relative who died of the
    condition or had it, and nothing of now nor of the writer's own present."""
    if not RISK.search(flat) or not (DIED_OF.search(flat) or THIRD_PAST.search(flat)):
        return False
    if current(flat, RISK, DIED_OF):
        return False
    rest = flat
    for regex in (RISK, DIED_OF, _NO_SYMPTOM):
        rest = regex.sub(" | ", rest)
    return not _OWN_PRESENT.search(rest)


# Someone else, in a past tense: "le voisin est tombé", "ma mère avait saigné", "ons
# Marie is gevallen", "mijn zus heeft ... omgestoten", "hij is gestoken".
_THIRD_PERSON_PAST = re.compile(
    r"\b(?:il|elle|on|mon|ma|mes|son|sa|ses|notre|nos|le|la|hij|ze|zij|mijn|mijne|m n|ons"
    r"|onze|de|zijn|haar|z n)(?: \w+){0,3}? (?:s |se |l |lui )?"
    r"(?:est|sont|a|ont|avait|avaient|etait|etaient|is|zijn|heeft|hebben|had|hadden|was"
    r"|waren)(?: \w+){0,6}? (?:[a-z]{2,}(?:e|ee|es|i|ie|is|u|ue|t)|ge[a-z]{3,}(?:d|t|en))\b"
)


def someone_elses_story(flat: str, wish: re.Pattern[str]) -> bool:
    """Someone else's story told in the past and said to be over, with no word of now,
    no present and no wish (`wish`) of the writer's own."""
    if not _THIRD_PERSON_PAST.search(flat) or not _OVER_NOW.search(flat):
        return False
    if current(flat) or wish.search(flat):
        return False
    return not _OWN_PRESENT.search(_NO_SYMPTOM.sub(" | ", flat))
