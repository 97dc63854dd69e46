"""How much an SMS body costs, and how to cut it into single-SMS parts.

An SMS carries 140 bytes. Texts written only with the GSM 03.38 default alphabet go
out as 7-bit "GSM-7" (160 characters); one character outside it switches the whole
message to UCS-2 (70 UTF-16 code units). Longer messages are sent as concatenated
segments, each losing room to the header that lets the phone glue them back together:
153 GSM-7 units or 67 UCS-2 units per segment. Every segment is billed.

That matters for a bilingual Belgian service more than one would think: French and
Dutch usually stay in GSM-7, since é è à ù ì ò ä ö ü ñ É Ç are in the default
alphabet, but a single ê â î ô û ë ï ç or œ ("Vous êtes", "geïnformeerd", "ça va"),
a typographic apostrophe or an emoji halves the room and can double the cost. The
reminder texts are therefore checked with this module.

The extension table (€ [ ] { } ~ ^ | \\ and form feed) is reached through an escape
character, so each of those counts two units. A segment boundary never falls between
the escape and its character, nor between the two halves of a UTF-16 surrogate pair
(emoji, which count two units in UCS-2), so the segment count below packs characters
whole rather than dividing the length by 153 or 67.

Smart substitution of typographic characters by providers (Twilio's "smart
encoding") is deliberately not assumed: it is an account setting, and the texts must
be costed as written.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

# GSM 03.38 default alphabet (3GPP TS 23.038, table 6.2.1), in code order; the
# escape position 0x1B is left out because it is not a character of its own.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
# Default extension table (table 6.2.1.1): each is sent as ESC + one septet.
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

SINGLE_SEGMENT = {"GSM-7": 160, "UCS-2": 70}
MULTI_SEGMENT = {"GSM-7": 153, "UCS-2": 67}


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM default alphabet or its extension."""
    return all(ch in GSM_BASIC or ch in GSM_EXTENSION for ch in text)


def encoding(text: str) -> Encoding:
    """The encoding a phone network will use for ``text``.

    One character outside GSM 03.38 is enough to send the whole message as UCS-2.
    """
    return "GSM-7" if is_gsm7(text) else "UCS-2"


def _unit_cost(ch: str, enc: Encoding) -> int:
    if enc == "GSM-7":
        return 2 if ch in GSM_EXTENSION else 1
    return 2 if ord(ch) > 0xFFFF else 1  # a surrogate pair in UTF-16


def length_in_units(text: str) -> int:
    """Length in the units of its encoding: septets for GSM-7, UTF-16 code units for UCS-2.

    In GSM-7 extension characters (€ [ ] { } ~ ^ | \\) take two septets; in UCS-2 a
    character beyond the Basic Multilingual Plane (most emoji) takes two code units.
    """
    enc = encoding(text)
    return sum(_unit_cost(ch, enc) for ch in text)


def segments(text: str) -> int:
    """How many SMS segments ``text`` is sent (and billed) as; 0 for an empty text.

    Up to 160 GSM-7 or 70 UCS-2 units fit one segment. Beyond that, segments hold
    153 or 67 units, and an escaped character or a surrogate pair that would straddle
    a boundary moves whole to the next segment, which can cost one more segment than
    a plain division predicts.
    """
    if not text:
        return 0
    enc = encoding(text)
    costs = [_unit_cost(ch, enc) for ch in text]
    if sum(costs) <= SINGLE_SEGMENT[enc]:
        return 1
    capacity = MULTI_SEGMENT[enc]
    count, used = 1, 0
    for cost in costs:
        if used + cost > capacity:
            count += 1
            used = 0
        used += cost
    return count


def _fits_one_segment(gsm_units: int, utf16_units: int, gsm: bool) -> bool:
    if gsm:
        return gsm_units <= SINGLE_SEGMENT["GSM-7"]
    return utf16_units <= SINGLE_SEGMENT["UCS-2"]


def _longest_fitting_prefix(text: str, start: int) -> int:
    """End index of the longest text[start:end] that is one standalone segment."""
    gsm_units = utf16_units = 0
    gsm = True
    end = start
    while end < len(text):
        ch = text[end]
        gsm_units += 2 if ch in GSM_EXTENSION else 1
        utf16_units += 2 if ord(ch) > 0xFFFF else 1
        gsm = gsm and (ch in GSM_BASIC or ch in GSM_EXTENSION)
        if not _fits_one_segment(gsm_units, utf16_units, gsm):
            break
        end += 1
    return end


def _joins_previous(ch: str) -> bool:
    """Characters that must stay with the one before: combining accents, emoji
    modifiers and selectors, and zero-width joiners."""
    return (
        unicodedata.combining(ch) != 0
        or ch in "\u200d\ufe0e\ufe0f"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # skin tones
    )


def _word_boundary(text: str, start: int, cut: int) -> bool:
    """A cut between two words, leaving a part that is not only whitespace."""
    return (text[cut - 1].isspace() or text[cut].isspace()) and not text[start:cut].isspace()


def split(text: str) -> list[str]:
    """Cut ``text`` into parts that are each a single SMS, on word boundaries if possible.

    This is for sending a long text as separate messages, each read on its own, which
    is why a cut between words matters (a concatenated SMS is glued back by the phone
    and needs no such care). Each part fits one standalone segment under its own
    encoding (160 GSM-7 or 70 UCS-2 units), so a part without any accent outside GSM
    still gets 160 units even when another part needs UCS-2.

    The cut goes at the last whitespace that keeps the part within one segment; the
    whitespace stays at the end of the earlier part, or starts the next one when the
    whole last word just fits. A word longer than a segment (a URL) is cut where the
    segment is full, but never inside an extension character's escape or a surrogate
    pair (characters are counted whole), and not before a combining accent or an
    emoji modifier when that can be avoided. ``"".join(split(text)) == text``;
    ``split("") == []``.
    """
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = _longest_fitting_prefix(text, start)
        if end < len(text):
            cut = end
            while cut > start and not _word_boundary(text, start, cut):
                cut -= 1
            if cut == start:  # no usable whitespace: hard cut, keeping clusters whole
                cut = end
                while cut - 1 > start and (_joins_previous(text[cut]) or text[cut - 1] == "\u200d"):
                    cut -= 1
            end = cut
        parts.append(text[start:end])
        start = end
    return parts
