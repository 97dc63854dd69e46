"""Round 8 take-backs (issue 12), by class of false alarm on v1-v9, in other words than
the sets' and in both languages: a professional said it was harmless, a CO detector
fitted, a hypo treated and back in range, more "it is over" (a clause of its own, back
to an activity or home), a month back, a check-up asked from a family history, a crime
novel or a dream, "que faire si un jour", idioms with a death word or "va me donner une
crise cardiaque", "du mal à parler" read as adjacent words. Each has its "but now"
counter-case that must still alarm: when in doubt, alarm."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import red_flags
from bot.nlu.red_flags import reassured

# Each alarmed at the door before round 8.
TAKEN_BACK = [
    # a professional judged it harmless
    "mon fils a bu un peu de lessive, le pharmacien a dit que ce n'était pas grave, que "
    "dois-je surveiller ?",
    "ma mère a avalé deux comprimés de trop, l'antipoison nous a dit qu'il n'y avait aucun "
    "danger",
    "onze dochter heeft wat afwasmiddel gedronken, de huisarts zei dat het niet gevaarlijk is",
    "mijn zoon heeft een pil van oma geslikt, het antigifcentrum zegt dat het onschuldig is",
    # a detector bought or fitted
    "je voudrais installer un détecteur de monoxyde dans la chambre, à quelle hauteur ?",
    "we hebben een koolmonoxidemelder gekocht, waar hang ik die best?",
    # a hypo treated and back in range
    "hypo à 55 au réveil, deux sucres et un jus, remontée à 110, ça va",
    "een hypo van 60 na het fietsen, druivensuiker gegeten en daarna 125, alles goed",
    # more "it is over", a month back
    "hier soir j'ai eu une douleur dans la poitrine en portant les courses, ce matin plus "
    "rien",
    "vannacht werd ik wakker en was ik kortademig, het ging vanzelf over en nu is alles "
    "normaal",
    "ma tante a fait une overdose le mois dernier, aujourd'hui ça va beaucoup mieux",
    "twee jaar geleden had mijn neef een beroerte, hij is goed hersteld en zwemt weer",
    "j'ai eu des idées suicidaires il y a vingt ans, plus du tout maintenant, je voulais le "
    "signaler au psychologue",
    # a check-up asked from a family history; a general question, something forgotten
    "ma mère est décédée d'un AVC, est-ce que je dois faire un bilan ?",
    "mijn opa is gestorven aan een hartaanval, moet ik mij laten onderzoeken?",
    "welke signalen wijzen op een hersenbloeding? de neuroloog heeft het verteld maar ik ben "
    "het vergeten",
    "comment reconnaître un AVC ? le médecin me l'a expliqué mais j'ai oublié",
    # a crime novel, a dream, what to do if one day
    "je lis un polar où le majordome empoisonne toute la famille, c'est réaliste ?",
    "ik droomde dat ik geen lucht meer kreeg, raar hè",
    "que faire si un jour ma femme fait un malaise et perd connaissance ?",
    # idioms
    "un froid à crever dehors ce matin",
    "j'ai cru que j'allais mourir pendant la montée du Ventoux, mais je suis arrivé en haut",
    "ces factures vont me donner une crise cardiaque",
    "ik krijg nog een hartaanval van die belastingbrief",
    # "du mal" and "parler" far apart
    "je ne veux pas me faire du mal, je voudrais juste parler à quelqu'un",
]

STILL_ALARM = [
    "mon fils a bu de la lessive, le pharmacien a dit que ce n'était pas grave mais "
    "maintenant il vomit",
    "de huisarts zei dat het niet gevaarlijk is, maar nu is ze suf en reageert ze niet",
    "on a installé un détecteur de monoxyde et il sonne, on a tous mal à la tête",
    "de CO-melder die we gekocht hebben piept en iedereen is misselijk",
    "hypo à 55, deux sucres, remontée à 110, mais maintenant je tremble encore",
    "hier soir une douleur dans la poitrine, ce matin plus rien, mais là elle revient",
    "ma tante a fait une overdose le mois dernier et elle en refait une maintenant",
    "ik droomde dat ik stikte en nu krijg ik echt geen lucht",
    "que faire si un jour il fait un malaise ? il est par terre et ne répond plus",
    "ces factures vont me donner une crise cardiaque, j'ai mal dans la poitrine maintenant",
    "je pensais que j'allais mourir, et maintenant je veux mourir",
    "je ne veux pas me faire du mal mais j'ai préparé les cachets pour ce soir",
    "ik wil mezelf niets aandoen, maar het touw hangt al klaar",
    "j'ai du mal à parler depuis ce matin",
]


@pytest.mark.parametrize("text", TAKEN_BACK)
def test_round8_take_backs(text: str) -> None:
    assert red_flags.check(text) == []


@pytest.mark.parametrize("text", STILL_ALARM)
def test_but_now_still_alarms(text: str) -> None:
    assert safety_net.red_flag_kinds(text) != ()


@pytest.mark.parametrize(("flat", "expected"), [
    ("le pediatre a dit que ce n etait pas dangereux", True),
    ("le pediatre a dit que ce n etait pas dangereux mais il vomit encore", False),
    ("le pediatre a dit d appeler le 112", False),
    ("de dokter zei dat het geen probleem was", True),
])
def test_professional_reassured(flat: str, expected: bool) -> None:
    assert reassured.professional_reassured(flat) is expected


@pytest.mark.parametrize(("flat", "expected"), [
    ("hypo a 50 j ai pris du sucre et je suis remonte a 95", True),
    ("hypo a 50 j ai pris du sucre et je suis remonte a 60", False),  # still low
    ("alweer een hypo vannacht suiker gegeten nu 6,2", True),
    ("hypo a 50 j ai pris du sucre maintenant 130 mais je transpire encore", False),
])
def test_hypo_treated(flat: str, expected: bool) -> None:
    assert reassured.hypo_treated(flat) is expected
