"""Tables of red-flag test cases, for pytest's parametrize."""

from __future__ import annotations


def kind_cases(cases: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(kind, text) pairs of a table of red-flag test cases, for pytest's parametrize."""
    return [(kind, text) for kind, texts in cases.items() for text in texts]
