"""Round 10 (issue 12): take-backs by construction, from the families of rules that
alarmed most often on the near-misses of v1-v11 (suicidal words 27, breathlessness 12,
then seizure, the emergency number and chest pain 9 each; seizure almost always a named
"crise d'épilepsie" in a question or a history). Each QUIET text (not a v1-v11 row) is
taken back; each ALARM counter-case says the same thing happens now and must still
alarm: when in doubt, alarm."""

from __future__ import annotations

import pytest

from bot import safety_net
from bot.nlu import red_flags

QUIET = [
    # what the writer should do if someone close has it (`questions._WHAT_TO_DO`)
    "je dois faire quoi si ma femme fait une hypo pendant la nuit ?",
    "wat doe ik als mijn man een hypo krijgt? hij is pas diabeet",
    # a belief checked (`questions._QUESTION_START`)
    "c'est vrai qu'on ne doit pas conduire après un AVC ?",
    "klopt het dat je na een hartaanval niet mag vliegen?",
    # none since (`past._OVER_NOW`), the last episode dated (`questions._LONG_AGO`)
    "mon fils a fait un AVC il y a trois ans, il n'en a plus refait depuis",
    "ma dernière crise d'épilepsie date de 2 ans, je peux faire du vélo ?",
    "de laatste aanval van epilepsie was in maart, mag ik fietsen?",
    "zijn laatste beroerte dateert van 3 jaar, mag hij autorijden?",
    # "plus" before a past participle is a denial (`negation._negates`)
    "j'ai plus eu de douleur dans la poitrine depuis la kiné",
    # an idiom with an adverb or a pause before "de rire" (`idioms._figure_of_speech`)
    "ik stik echt van het lachen met mijn buurman",
    "ik wil dood... van de verveling op deze wachtzaal",
    "j'étouffe presque de rire devant ce sketch",
]

ALARM = [
    "je dois faire quoi, ma femme fait une hypo, elle ne répond plus",
    "wat doe ik, mijn man heeft een hypo en hij reageert niet",
    "c'est vrai que c'est un AVC ? il a la bouche de travers depuis 10 minutes",
    "mon fils a fait un AVC il y a trois ans et il en refait un maintenant",
    "zijn laatste beroerte dateert van 3 jaar, nu hangt zijn mond weer scheef",
    "ma dernière crise date de 2 ans mais là il convulse depuis 5 minutes",
    "j'ai plus de douleur dans la poitrine qu'hier",
    "ik stik nog, help",
    "ik wil dood... van de pijn",
]


@pytest.mark.parametrize("text", QUIET)
def test_taken_back(text: str) -> None:
    assert red_flags.check(text) == []
    assert safety_net.red_flag_kinds(text) == ()


@pytest.mark.parametrize("text", ALARM)
def test_but_now_still_alarms(text: str) -> None:
    assert safety_net.red_flag_kinds(text) != ()
