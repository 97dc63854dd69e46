"""The texts of bot/i18n/*.yml, read once, and the one lookup every caller uses.

A key is the file's name and the path inside it: ``patient.not_linked``,
``patient.goal.walking``, ``console.queue``, ``errors.careplan.required``. A leaf is a
mapping of exactly ``fr`` and ``nl`` (errors also ``en``, for the command line and the
logs); anything else is a group of keys. The files are
checked when first read (a leaf missing a language, or a language with different
placeholders, stops the process at its first text rather than sending half a message
later), and tests/unit/test_i18n.py checks them again without starting anything.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.nlu.languages import LANGUAGES, Language, normalise

HERE = Path(__file__).resolve().parent
Entry = dict[Language, str]
# Errors also carry the English the command line and the logs show (errors.yml); no
# patient or nurse reads it, so it is no third language of the service.
ENGLISH = "en"
_ENGLISH: dict[str, str] = {}


class CatalogueError(ValueError):
    """A data file that is not a valid catalogue (named with the key at fault)."""


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a text needs."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _flatten(prefix: str, node: Any, into: dict[str, Entry]) -> None:
    if not isinstance(node, dict) or not node:
        raise CatalogueError(f"{prefix}: expected a mapping of keys, or of fr and nl")
    if set(node) & set(LANGUAGES):
        if set(node) - {ENGLISH} != set(LANGUAGES) or not all(
                isinstance(v, str) for v in node.values()):
            raise CatalogueError(f"{prefix}: needs exactly fr and nl (and maybe en), as text")
        if len({frozenset(placeholders(v)) for v in node.values()}) != 1:
            raise CatalogueError(f"{prefix}: the languages have different placeholders")
        into[prefix] = {"fr": node["fr"], "nl": node["nl"]}
        if ENGLISH in node:
            _ENGLISH[prefix] = node[ENGLISH]
        return
    for name, child in node.items():
        if not isinstance(name, str):  # YAML 1.1 reads a bare yes, no, on, off as booleans
            raise CatalogueError(f"{prefix}.{name}: quote this key")
        _flatten(f"{prefix}.{name}", child, into)


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """Every text of every data file, by key (read once per process)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, Entry] = {}
    for path in sorted(HERE.glob("*.yml")):
        _flatten(path.stem, yaml.load(path.read_text("utf-8"), Loader=loader), found)  # noqa: S506
    return found


def english(key: str, **values: object) -> str:
    """The English of an error (``errors.yml``), for the command line and the logs."""
    entries()
    template = _ENGLISH[key]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in entries()


def text(key: str, lang: object, **values: object) -> str:
    """The text of ``key`` in ``lang`` (unknown means French, see ``normalise``), its
    placeholders filled from ``values``. An unknown key raises KeyError: a text that
    does not exist is a bug to find in the tests, not a blank message to a patient."""
    template = entries()[key][normalise(lang)]
    return template.format(**values) if values else template


def word(group: str, key: str, lang: object) -> str:
    """A word from a group of names (``patient.goal``, ``team.page_kind``), or ``key``
    itself when the group has none for it: a label never stops a page or an SMS."""
    full = f"{group}.{key}"
    return text(full, lang) if full in entries() else key


def table(prefix: str) -> dict[str, Entry]:
    """The entries of one group, by their last name: ``table("patient.goal")`` gives
    ``{"walking": {"fr": "marche", "nl": "wandelen"}, ...}``."""
    start = prefix + "."
    return {key[len(start):]: entry for key, entry in entries().items()
            if key.startswith(start) and "." not in key[len(start):]}
