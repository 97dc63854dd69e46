"""Domain errors as a key and its values, said in the reader's language.

A validator (the care-plan and rota readers, accounts, the console's care-plan forms)
does not write a sentence: it names what is wrong (``errors.yml``: ``file.required``,
``careplan.implausible_target`` with ``target``, ``unit``, ...). The console says it in
the nurse's language (``Reason.text(lang)``); the command line, the logs and ``str()``
keep the English the code always wrote (the ``en`` of each key), so scripts and tests
that read them see no change.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n.catalogue import english, text


@dataclass(frozen=True)
class Reason:
    """What is wrong: ``errors.<key>`` and its values (a tuple, so it stays hashable)."""

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Reason:
        return cls(key, tuple(values.items()))

    def text(self, lang: object) -> str:
        """In French or Dutch, for the console."""
        return text(f"errors.{self.key}", lang, **dict(self.values))

    def english(self) -> str:
        """In English, for the command line and the logs."""
        return english(f"errors.{self.key}", **dict(self.values))

    def __str__(self) -> str:
        return self.english()


class ExplainedError(ValueError):
    """A refused operation with its ``Reason``: ``str()`` in English as before,
    ``text(lang)`` for the console."""

    def __init__(self, key: str, **values: object) -> None:
        self.reason = Reason.of(key, **values)
        super().__init__(self.reason.english())

    def text(self, lang: object) -> str:
        return self.reason.text(lang)
