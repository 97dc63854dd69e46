"""Tables of red-flag test cases, for pytest's parametrize, and what each expects.

A table of ``(text, expected)`` rows is checked by ``assert_expected``: ``expected`` is
the kind of red flag the rules must raise (and the door, ``safety_net``, must answer),
``ANY_KIND`` when any red flag will do, ``QUIET`` when neither the rules nor the door
may alarm, and ``NO_RULE`` when no rule may fire but the door's second opinion (the
classifier) may still ask: when in doubt, alarm."""

from __future__ import annotations

from bot import safety_net
from bot.nlu import red_flags

ANY_KIND = "<any kind>"
QUIET = "<quiet>"
NO_RULE = "<no rule>"


def kind_cases(cases: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(kind, text) pairs of a table of red-flag test cases, for pytest's parametrize."""
    return [(kind, text) for kind, texts in cases.items() for text in texts]


def assert_expected(text: str, expected: str) -> None:
    """The rules and the door answer ``text`` as ``expected`` says (see the module)."""
    kinds = [flag.kind for flag in red_flags.check(text)]
    door = safety_net.red_flag_kinds(text)
    if expected in (QUIET, NO_RULE):
        assert kinds == [], kinds
        if expected == QUIET:
            assert door == (), door
        return
    assert kinds if expected == ANY_KIND else expected in kinds, kinds
    assert door != ()
