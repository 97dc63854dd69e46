"""Amounts typed by patients: digits and French/Dutch number words."""

from __future__ import annotations

import pytest

from bot.nlu.numbers import parse_number

DIGITS = [
    ("30", 30),
    ("1,20", 1.2),
    ("84,3", 84.3),
    ("1.5", 1.5),
    ("84.3", 84.3),
    ("0,75", 0.75),
    (",5", 0.5),
    ("007", 7),
    # A point followed by exactly three digits groups thousands...
    ("6.000", 6000),
    ("10.000", 10000),
    ("1.250", 1250),
    ("1.000.000", 1000000),
    # ...unless the whole part is zero.
    ("0.500", 0.5),
    # A comma is always decimal, as in Belgium.
    ("6,000", 6.0),
    # Spaces, including the no-break spaces phones and Babel insert.
    ("6 000", 6000),
    ("6\u00a0000", 6000),
    ("6\u202f000", 6000),
    ("1 000 000", 1000000),
    ("2 000,5", 2000.5),
    # Both separators: the last one is the decimal one.
    ("1.234,5", 1234.5),
    ("1.000,50", 1000.5),
    ("1,234.5", 1234.5),
    # Units and surrounding words.
    ("30min", 30),
    ("84 KG", 84),
    ("1,5 l", 1.5),
    ("environ 30", 30),
    ("mijn gewicht is 84,3 kg", 84.3),
    ("ongeveer 1.5 uur", 1.5),
    ("30.", 30),
    ("50 cent", 50),
]

FRENCH = [
    ("un", 1),
    ("une", 1),
    ("zéro", 0),
    ("deux", 2),
    ("seize", 16),
    ("dix-sept", 17),
    ("vingt", 20),
    ("vingt et un", 21),
    ("vingt-et-un", 21),
    ("Vingt Et Un", 21),
    ("vingt-quatre", 24),
    ("trente", 30),
    ("quarante-deux", 42),
    ("cinquante", 50),
    ("soixante", 60),
    ("soixante et onze", 71),
    ("soixante-dix-sept", 77),
    # Belgian forms
    ("septante", 70),
    ("septante et un", 71),
    ("septante-huit", 78),
    ("septante huit", 78),
    ("huitante", 80),
    ("octante", 80),
    ("huitante-cinq", 85),
    ("nonante", 90),
    ("nonante-neuf", 99),
    # France's forms
    ("quatre-vingt", 80),
    ("quatre-vingts", 80),
    ("quatre vingt", 80),
    ("quatre-vingt-un", 81),
    ("quatre-vingt-dix", 90),
    ("quatre-vingt-onze", 91),
    ("quatre-vingt-dix-sept", 97),
    ("quatre vingt dix sept", 97),
    ("cent", 100),
    ("six cents", 600),
    ("sept cent", 700),
    ("trois cent vingt-cinq", 325),
    ("mille", 1000),
    ("mille cinq", 1005),
    ("deux mille cinq cents", 2500),
    ("mille neuf cent quatre-vingt-dix-neuf", 1999),
    ("cent mille", 100000),
    ("deux cent mille", 200000),
    # Halves
    ("demi", 0.5),
    ("une demi-heure", 0.5),
    ("un demi comprimé", 0.5),
    ("deux et demi", 2.5),
    ("une heure et demie", 1.5),
    ("j'ai bu un verre et demi", 1.5),
    ("1 et demi", 1.5),
    # Surrounding words
    ("j'ai marché trente minutes", 30),
    ("septante-huit kilos ce matin", 78),
    ("j'ai pris un comprimé", 1),
]

DUTCH = [
    ("een", 1),
    ("één", 1),
    ("ÉÉN", 1),
    ("nul", 0),
    ("twee", 2),
    ("achttien", 18),
    ("twintig", 20),
    ("eenentwintig", 21),
    ("tweeëntwintig", 22),
    ("tweeentwintig", 22),
    ("vijfentwintig", 25),
    ("vijf en twintig", 25),
    ("dertig", 30),
    ("achtenzeventig", 78),
    ("drieëntachtig kilo", 83),
    ("achtentachtig", 88),
    ("negenennegentig", 99),
    ("honderd", 100),
    ("honderd en twee", 102),
    ("zeshonderd", 600),
    ("twaalfhonderd", 1200),
    ("duizend", 1000),
    ("tweeduizend", 2000),
    ("duizend vijfhonderd", 1500),
    ("tweeduizendvijfhonderd", 2500),
    ("honderdduizend", 100000),
    # Halves
    ("half", 0.5),
    ("een half", 0.5),
    ("een half uur", 0.5),
    ("een halfuur", 0.5),
    ("een halve liter", 0.5),
    ("anderhalf", 1.5),
    ("anderhalf uur", 1.5),
    ("anderhalve kilo", 1.5),
    ("tweeënhalf", 2.5),
    ("twee en een half", 2.5),
    ("een en een half", 1.5),
    ("2 uur en een half", 2.5),
    # Surrounding words
    ("ongeveer dertig", 30),
    ("'k heb dertig minuten gewandeld", 30),
    ("achtenzeventig kilo deze morgen", 78),
    ("een wandeling van 30 minuten", 30),
]

NOT_A_NUMBER = [
    "",
    "oui",
    "bonjour",
    "geen idee",
    # Ratios, dates, ranges, clock times
    "13/8",
    "13 / 8",
    "tension 13/8",
    "½",
    "3/3",
    "3-4",
    "3.3.2026",
    "14h30",
    "14u30",
    "14:30",
    # Names with digits
    "B12",
    # Malformed digit groups
    "1,2,3",
    # Two different numbers: ambiguous
    "2 ou 3",
    "un ou deux",
    "een of twee keer",
    "entre un et deux",
    "84 kg, hier 85",
    "een half uur gewandeld en 2 km",
    "half acht",
    # Quantities that are not numbers
    "un peu",
    "een paar",
    "een beetje",
    # Dutch words that happen to be made of number words
    "vieren",
    "honderden",
    "tienen",
]


@pytest.mark.parametrize(("text", "expected"), DIGITS)
def test_digits(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_french_words(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)
    assert parse_number(text, lang="fr") == pytest.approx(expected)


@pytest.mark.parametrize(("text", "expected"), DUTCH)
def test_dutch_words(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)
    assert parse_number(text, lang="nl") == pytest.approx(expected)


@pytest.mark.parametrize("text", NOT_A_NUMBER)
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_returns_a_float() -> None:
    assert isinstance(parse_number("trente"), float)
    assert isinstance(parse_number("30"), float)


def test_article_is_ignored_next_to_a_real_number() -> None:
    assert parse_number("un verre de 25 cl") == 25
    assert parse_number("een glas van 25 cl") == 25


def test_same_number_twice_is_not_ambiguous() -> None:
    assert parse_number("trente (30)") == 30


def test_language_restricts_number_words() -> None:
    # Dutch "onze" means "our"; French "onze" is eleven.
    assert parse_number("onze", lang="fr") == 11
    assert parse_number("onze wandeling duurde 30 minuten", lang="nl") == 30
    assert parse_number("onze dokter", lang="nl") is None
    # Each language only knows its own words.
    assert parse_number("septante", lang="nl") is None
    assert parse_number("zeventig", lang="fr") is None


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError):
        parse_number("30", lang="en")
