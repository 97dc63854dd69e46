"""Round 7 take-backs (issue 12): a question about risk or heredity from a family
history, poisoning months or years back, and someone else's mild story that ended well
(for the naive Bayes), in French and Dutch, each with its "but now" counter-case that
must still alarm (when in doubt, alarm). Every take-back text alarmed before round 7."""

from __future__ import annotations

import pytest

from bot import emergency_classifier, red_flags, safety_net
from bot.red_flags import history

# (text, why it is no emergency): the rules name a condition and take it back
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
    assert red_flags.taken_back(text), "a pattern matched and was taken back"
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
