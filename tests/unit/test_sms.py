"""GSM 03.38 encoding, lengths, segment counts and splitting of SMS bodies."""

from __future__ import annotations

from itertools import pairwise

import pytest

from bot.sms import GSM_BASIC, GSM_EXTENSION, encoding, length_in_units, segments, split

GSM_TEXTS = [
    "Prenez votre médicament",
    "Bonjour Hélène, avez-vous marché 30 minutes aujourd'hui ?",
    "Ça va mieux ? Où en êtes-vous".replace("ê", "e"),
    "Vergeet uw medicatie niet, één tablet bij het ontbijt.",
    "Ärger, Öl, Übung, Straße, Señor Muñoz, Æble, Ørsted, Åse",
    "Prix: 5 € [rappel] {ok} ~ ^ | \\",
]
UCS2_TEXTS = [
    "Vous êtes",  # ê
    "C'est déjà l'heure du goûter",  # û
    "Prenez-le à jeun, ça marche mieux",  # lower-case ç
    "Une boîte, un cœur",  # î, œ
    "Bent u geïnformeerd?",  # ï
    "Ik ben tevreden 👍",  # emoji
    "C’est l’heure",  # typographic apostrophe
    "Naïef? Noël!",  # ï, ë
    "Tab\there",  # tabs are not GSM
]


@pytest.mark.parametrize("text", GSM_TEXTS)
def test_gsm_texts(text: str) -> None:
    assert encoding(text) == "GSM-7"


@pytest.mark.parametrize("text", UCS2_TEXTS)
def test_ucs2_texts(text: str) -> None:
    assert encoding(text) == "UCS-2"


def test_accented_letters_of_the_basic_table() -> None:
    for ch in "éèùìòÇàäöñüÄÖÑÜÉßÆæÅåØø":
        assert ch in GSM_BASIC, ch
        assert encoding(ch) == "GSM-7"
    for ch in "êâîôûëïçœ€😀":
        assert ch not in GSM_BASIC, ch
    for ch in "êâîôûëïçœ😀":
        assert encoding(ch) == "UCS-2", ch


def test_tables_have_the_standard_sizes() -> None:
    # 128 positions, one of which is the escape to the extension table.
    assert len(GSM_BASIC) == 127
    assert GSM_EXTENSION == frozenset("\f^{}\\[~]|€")
    assert not GSM_BASIC & GSM_EXTENSION


def test_empty_text() -> None:
    assert encoding("") == "GSM-7"
    assert length_in_units("") == 0
    assert segments("") == 0
    assert split("") == []


def test_gsm_units_count_extension_characters_twice() -> None:
    assert length_in_units("Prenez votre médicament") == 23
    assert length_in_units("5 €") == 4
    assert length_in_units("[]{}~^|\\") == 16
    assert length_in_units("€" * 80) == 160
    assert segments("€" * 80) == 1
    assert segments("€" * 81) == 2


def test_ucs2_units_are_utf16_code_units() -> None:
    assert length_in_units("Vous êtes") == 9
    assert length_in_units("👍") == 2
    assert length_in_units("Ik ben tevreden 👍") == 18
    # The euro sign is one unit once the message is UCS-2 anyway.
    assert length_in_units("5 € ê") == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("é" * 160, 1),
        ("a" * 159 + "€", 2),  # 161 units
        ("a" * 158 + "€", 1),  # 160 units
        ("ê" * 70, 1),
        ("ê" * 71, 2),
        ("ê" * 134, 2),
        ("ê" * 135, 3),
        ("😀" * 35, 1),  # 70 UTF-16 units
        ("😀" * 36, 2),
    ],
)
def test_segment_boundaries(text: str, expected: int) -> None:
    assert segments(text) == expected


def test_escapes_and_surrogate_pairs_do_not_straddle_segments() -> None:
    # 306 septets would be 2 x 153, but the € cannot start at the last septet.
    gsm = "a" * 152 + "€" + "a" * 152
    assert length_in_units(gsm) == 306
    assert segments(gsm) == 3
    # 134 UTF-16 units would be 2 x 67, but the emoji cannot straddle.
    ucs = "ê" * 66 + "😀" + "ê" * 66
    assert length_in_units(ucs) == 134
    assert segments(ucs) == 3


def test_short_text_is_not_split() -> None:
    assert split("Prenez votre médicament") == ["Prenez votre médicament"]
    assert split("a" * 160) == ["a" * 160]


FRENCH = (
    "Bonjour Marie, c'est l'heure de votre traitement du soir. Prenez deux comprimés "
    "avec un grand verre d'eau, puis notez votre tension dans le carnet. Si vous avez "
    "des vertiges, des palpitations ou une douleur dans la poitrine, appelez le 112. "
    "Votre infirmière passera demain à 10 h. Bonne soirée !"
)
DUTCH_UCS2 = (
    "Goedemiddag Jan, bent u geïnformeerd over de nieuwe dosis? Neem voortaan één "
    "tablet van 5 mg bij het ontbijt 👍 en meet uw bloeddruk twee keer per dag. Bel de "
    "huisarts bij duizeligheid of hartkloppingen, en bij pijn op de borst het 112."
)


@pytest.mark.parametrize(
    "text",
    [
        FRENCH,
        DUTCH_UCS2,
        FRENCH + " " + DUTCH_UCS2,
        "x" * 500,
        "€" * 200,
        "😀" * 100,
        "a" * 159 + "€" + "b" * 10,
        "mot " * 100,
        "   " + "y" * 300,
        "Voir https://example.org/" + "chemin/" * 40 + " pour les détails.",
        "👨‍👩‍👧" * 40,
        "e\u0301" * 120,
    ],
)
def test_split_parts_each_fit_one_segment_and_join_back(text: str) -> None:
    parts = split(text)
    assert "".join(parts) == text
    assert len(parts) >= 2
    assert all(parts)
    for part in parts:
        assert segments(part) == 1, (part, length_in_units(part))
        assert not part.isspace()


def test_split_cuts_between_words() -> None:
    parts = split(FRENCH)
    words = set(FRENCH.split())
    for part in parts:
        assert set(part.split()) <= words, part
    # Each cut leaves the space at the end of the earlier part or the start of the next.
    for left, right in pairwise(parts):
        assert left[-1] == " " or right[0] == " "


def test_split_fills_segments_greedily() -> None:
    parts = split("mot " * 100)
    # 40 words of 4 septets fit exactly in 160.
    assert parts[0] == "mot " * 40
    assert len(parts) == 3


def test_split_each_part_uses_its_own_encoding() -> None:
    # The UCS-2 character is only in the second half: the first part keeps 160 units.
    text = "a " * 100 + "ê" * 10
    parts = split(text)
    assert encoding(parts[0]) == "GSM-7"
    assert length_in_units(parts[0]) > 70


def test_split_never_cuts_an_escape_or_a_surrogate_pair() -> None:
    gsm = split("a" * 159 + "€" + "b")
    assert gsm == ["a" * 159, "€b"]
    emoji = split("ê" * 69 + "😀")
    assert emoji == ["ê" * 69, "😀"]


def test_split_keeps_combining_accents_and_emoji_sequences_whole() -> None:
    for part in split("e\u0301" * 120):
        assert part.startswith("e")
    for part in split("👨‍👩‍👧" * 40):
        assert part[0] == "👨" and part[-1] == "👧"


def test_split_cuts_long_words_when_it_must() -> None:
    parts = split("x" * 500)
    assert [len(p) for p in parts] == [160, 160, 160, 20]
