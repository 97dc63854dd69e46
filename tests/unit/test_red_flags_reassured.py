"""Reassurance (``bot/nlu/red_flags/reassured.py``): a professional judged it harmless,
a CO detector bought, fitted or maintained, a hypo treated and back in range, a small
bump with normal behaviour, snoring compared to choking. Each taken-back text alarmed
at the door before round 8 or 9 (issue 12) and is not a held-out row; each counter-case
says the same thing happens now and must still alarm: when in doubt, alarm."""

from __future__ import annotations

import pytest

from bot.nlu.red_flags import reassured
from tests.support.red_flag_cases import ANY_KIND, NO_RULE, QUIET, assert_expected

CASES = [
    # a professional judged it harmless (round 8)
    ("mon fils a bu un peu de lessive, le pharmacien a dit que ce n'était pas grave, que "
     "dois-je surveiller ?", NO_RULE),
    ("ma mère a avalé deux comprimés de trop, l'antipoison nous a dit qu'il n'y avait aucun "
     "danger", NO_RULE),
    ("onze dochter heeft wat afwasmiddel gedronken, de huisarts zei dat het niet gevaarlijk is",
     NO_RULE),
    ("mijn zoon heeft een pil van oma geslikt, het antigifcentrum zegt dat het onschuldig is",
     NO_RULE),
    ("mon fils a bu de la lessive, le pharmacien a dit que ce n'était pas grave mais "
     "maintenant il vomit", ANY_KIND),
    ("de huisarts zei dat het niet gevaarlijk is, maar nu is ze suf en reageert ze niet",
     ANY_KIND),
    # a detector bought, fitted or maintained (round 8)
    ("je voudrais installer un détecteur de monoxyde dans la chambre, à quelle hauteur ?",
     NO_RULE),
    ("we hebben een koolmonoxidemelder gekocht, waar hang ik die best?", NO_RULE),
    ("welke batterij gaat er in een CO-melder en hoe vaak vervangen?", QUIET),
    ("on a installé un détecteur de monoxyde et il sonne, on a tous mal à la tête", ANY_KIND),
    ("de CO-melder die we gekocht hebben piept en iedereen is misselijk", ANY_KIND),
    # a hypo treated and back in range (round 8; in mmol/L; round 9,
    # `reassured.hypo_treated`)
    ("hypo à 55 au réveil, deux sucres et un jus, remontée à 110, ça va", NO_RULE),
    ("een hypo van 60 na het fietsen, druivensuiker gegeten en daarna 125, alles goed",
     NO_RULE),
    ("hypo van 3,4 na de wandeling, opgevangen met dextro, nu stabiel op 7, alles goed", QUIET),
    ("hier soir une hypo, j'ai bu du jus d'orange et c'était vite passé", NO_RULE),
    ("suiker was 58 voor het ontbijt, een boterham gegeten en nu 112", NO_RULE),
    ("hypo à 55, deux sucres, remontée à 110, mais maintenant je tremble encore", ANY_KIND),
    ("hypo van 3,4, opgevangen met dextro, nu stabiel op 7 maar ik ben nog steeds verward",
     ANY_KIND),
    ("hypo, j'ai bu du jus d'orange mais ça ne passe pas, je tremble encore", ANY_KIND),
    ("suiker 45, een boterham gegeten maar het is niet over", ANY_KIND),
    # a minor bump, behaving normally (round 8)
    ("ma fille s'est cognée la tête contre le lit, une petite bosse, elle joue normalement",
     QUIET),
    ("hij heeft zijn hoofd gestoten tegen de tafel, een kleine buil, hij speelt gewoon verder",
     QUIET),
    ("ma fille s'est cognée la tête, une petite bosse, elle ne joue plus et elle vomit",
     ANY_KIND),
    ("hij heeft zijn hoofd gestoten, een buil, hij speelt gewoon maar hij neemt sintrom",
     ANY_KIND),
    # snoring compared to choking (round 8)
    ("mon père ronfle tellement fort qu'on dirait qu'il étouffe, c'est gênant pour ma mère",
     QUIET),
    ("mijn vrouw snurkt alsof ze stikt, bestaat daar een spray voor?", QUIET),
    ("il ronfle, on dirait qu'il s'étouffe, et maintenant il ne respire plus", ANY_KIND),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reassured(text: str, expected: str) -> None:
    assert_expected(text, expected)


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


@pytest.mark.parametrize(("flat", "expected"), [
    ("il s est cogne la tete , petite bosse , il joue normalement", True),
    ("il s est cogne la tete , une bosse , il ne joue plus", False),
    ("hij heeft zich gestoten , een buil , hij speelt niet meer", False),
    ("je me suis cogne la tete , une bosse , je ne me sens pas bien", False),
    ("je me suis cogne la tete , une bosse , pas vomi , je me sens bien", True),
    ("je me suis cogne la tete , une bosse , j ai vomi , je me sens bien", False),
])
def test_minor_bump(flat: str, expected: bool) -> None:
    assert reassured.minor_bump(flat) is expected
