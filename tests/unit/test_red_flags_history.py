"""Round 7 take-backs (issue 12): a question about risk or heredity from a family
history, poisoning months or years back, an episode said to be over in more words
(Flemish "goe", a normal sugar in mmol/L, "tantôt"), breathing said to be fine or only
a blocked nose, and someone else's mild story that ended well (for the naive Bayes),
in French and Dutch, each with its "but now" counter-case that must still alarm (when
in doubt, alarm). Every take-back text alarmed at the door before round 7."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import emergency_classifier, red_flags
from bot.nlu.red_flags import history
from tests.support.red_flag_cases import ANY_KIND, NO_RULE, assert_expected

# (text, why it is no emergency): each alarmed at the door before round 7
RULES_TAKE_BACK = [
    ("mon père est mort d'une crise cardiaque à 55 ans, est-ce que j'ai un risque ?",
     "family history"),
    ("ma mère a eu un AVC il y a longtemps, c'est héréditaire ?", "family history"),
    ("ma tante est décédée d'un AVC, à partir de quel âge faut-il se faire dépister ?",
     "family history"),
    ("mijn moeder is gestorven aan een hartaanval, is dat erfelijk?", "family history"),
    ("mijn broer heeft een beroerte gehad, heb ik nu ook een hoger risico?",
     "family history"),
    ("il y a deux ans mon mari avait avalé de la javel par erreur, comment ranger les "
     "produits ?", "poisoning long ago"),
    ("ma voisine a avalé de la javel l'an passé, c'est de l'histoire ancienne",
     "poisoning long ago"),
    ("twee jaar geleden nam mijn zoon een overdosis, hij is nu drie jaar clean",
     "poisoning long ago"),
    ("vroeger heeft mijn oom een overdosis genomen, nu is hij vijf jaar clean",
     "poisoning long ago"),
    # an episode over: a Flemish "goe", a normal sugar in mmol/L, "tantôt"
    ("gisteren een hypo van 3,0 gehad, dextro genomen en nu alles goe", "over"),
    ("vannacht een hypo gehad, suiker gegeten en nu zit ik op 6,8", "over"),
    ("glycémie à 58 tantôt, un jus d'orange, maintenant 105 et ça va", "over"),
    # breathing said to be fine, or only a blocked nose
    ("je tousse un peu, pas de fièvre, je respire nickel", "breathing fine"),
    ("petit rhume, je ne sais pas respirer par le nez", "blocked nose"),
    ("verkouden, ik kan niet ademen door mijn neus", "blocked nose"),
]

# The same frames, with something happening now: they must alarm.
STILL_ALARM = [
    "mon père est mort d'une crise cardiaque à 55 ans, est-ce que j'ai un risque ? j'ai une "
    "douleur dans la poitrine maintenant",
    "ma mère a eu un AVC, c'est héréditaire ? elle a la bouche de travers maintenant",
    "ma mère a eu un AVC, c'est héréditaire ? je fais un AVC je crois",
    "mijn moeder is gestorven aan een hartaanval, is dat erfelijk? ik heb nu pijn op de borst",
    "mijn broer heeft een beroerte gehad, heb ik nu ook een hoger risico? mijn mond hangt "
    "scheef",
    "il y a deux ans mon mari avait avalé de la javel par erreur, et maintenant il a encore "
    "bu de la javel",
    "twee jaar geleden nam mijn zoon een overdosis, vandaag heeft hij er weer een genomen",
    "ma sœur est tombée à vélo, elle rigole mais maintenant elle vomit",
    "mijn broer is van de trap gevallen, hij lacht ermee maar nu is hij suf",
    "gisteren een hypo van 3,0 gehad, dextro genomen en nu alles goe, maar nu weer een hypo",
    "vannacht een hypo gehad, suiker gegeten en nu zit ik op 6,8 maar ik zie weer wazig",
    "glycémie à 58 tantôt, un jus d'orange, maintenant 105 mais je transpire encore",
    "je tousse un peu, pas de fièvre, je respire nickel mais maintenant j'étouffe",
    "petit rhume, je ne sais pas respirer par le nez et maintenant je ne sais plus respirer "
    "du tout",
    "verkouden, ik kan niet ademen door mijn neus en nu krijg ik helemaal geen lucht meer",
]

# Someone else's mild story that ended well: the naive Bayes alarms on it, the door not.
SOMEONE_ELSE_OVER = [
    "ma sœur est tombée à vélo, rien de cassé, elle rigole",
    "mon fils a avalé une pièce hier, il va bien",
    "ma grand-mère a saigné du nez ce midi, c'est arrêté, elle va très bien",
    "mijn broer is van de trap gevallen, niks gebroken, hij lacht ermee",
]


@pytest.mark.parametrize(("text", "why"), RULES_TAKE_BACK)
def test_a_named_condition_in_such_a_frame_is_taken_back(text: str, why: str) -> None:
    assert red_flags.check(text) == [], why
    assert safety_net.red_flag_kinds(text) == ()


@pytest.mark.parametrize("text", STILL_ALARM)
def test_but_now_still_alarms(text: str) -> None:
    assert safety_net.red_flag_kinds(text) != ()


@pytest.mark.parametrize("text", SOMEONE_ELSE_OVER)
def test_the_naive_bayes_does_not_alarm_alone_on_someone_elses_story(text: str) -> None:
    assert emergency_classifier.model().score(text) > emergency_classifier.threshold()
    assert red_flags.someone_else_over(text)
    assert safety_net.red_flag_kinds(text) == ()


@pytest.mark.parametrize("text", [
    "ma sœur est tombée à vélo, elle rigole mais maintenant elle vomit",
    "mijn broer is van de trap gevallen, hij lacht ermee maar nu is hij suf",
    "ma sœur est tombée, elle va bien, mais j'ai mal à la poitrine",
    "mijn vader is gevallen, het gaat goed met hem, maar ik wil er niet meer zijn",
    "mijn vader is gevallen en ligt op de grond",  # nothing says it ended well
])
def test_someone_elses_story_needs_it_over_and_nothing_of_now(text: str) -> None:
    assert not red_flags.someone_else_over(text)


@pytest.mark.parametrize(("flat", "expected"), [
    ("mon pere est mort d un infarctus j ai un risque", True),
    ("mon pere est mort d un infarctus j ai un risque maintenant", True),  # the question's
    ("mon pere est mort d un infarctus j ai un risque j ai mal maintenant", False),
    ("mijn vader heeft een beroerte gehad is dat erfelijk", True),
    ("mijn vader heeft een beroerte gehad is dat erfelijk ik voel mijn arm niet", False),
    ("mon pere a eu un avc", False),  # no question of risk
])
def test_family_history(flat: str, expected: bool) -> None:
    assert history.family_history(flat) is expected


# Rounds 8 and 9 (issue 12): a check-up or a worry asked from a family history
# (`history.RISK`); each taken-back text alarmed at the door before and is not a
# held-out row.
FAMILY_RISK = [
    ("ma mère est décédée d'un AVC, est-ce que je dois faire un bilan ?", NO_RULE),
    ("mijn opa is gestorven aan een hartaanval, moet ik mij laten onderzoeken?", NO_RULE),
    ("ma mère est décédée d'un AVC à 70 ans, est-ce que je dois m'inquiéter ?", NO_RULE),
    ("mijn oom is overleden aan een hartaanval, moet ik oppassen?", NO_RULE),
    ("ma mère est décédée d'un AVC, est-ce que je dois m'inquiéter ? j'ai le bras engourdi",
     ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), FAMILY_RISK)
def test_a_family_risk_asked_is_taken_back_but_now_still_alarms(
        text: str, expected: str) -> None:
    assert_expected(text, expected)
