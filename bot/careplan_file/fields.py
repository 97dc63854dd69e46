"""Typed reads of composed YAML nodes that keep their line numbers, collecting problems
instead of stopping at the first: the building blocks of the care-plan reader
(`reader.py`) and of the on-call rota reader (`bot/rota.py`), so both formats report
errors the same way, as `file:line: path: message`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from bot.careplan_file.spec import DEFAULT_TIMEZONE, PHONE_RE, Problem
from bot.i18n.reasons import Reason

_PHONE_SEPARATORS = re.compile(r"[\s./()\-]")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOCAL_DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DECIMAL_COMMA_RE = re.compile(r"^[+-]?\d+,\d+$")
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class _Field:
    """A value node with the path and line to report it by. `node` is None when the key
    is absent; `line` is then the line of the mapping that should have held it."""

    node: yaml.Node | None
    path: str
    line: int


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_null(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG)


class _Map:
    """The known keys of one YAML mapping."""

    def __init__(self, path: str, line: int, fields: dict[str, _Field]) -> None:
        self.path = path
        self.line = line
        self._fields = fields

    def __getitem__(self, key: str) -> _Field:
        return self._fields.get(key) or _Field(None, _join(self.path, key), self.line)


class _Reader:
    """Typed reads from composed YAML nodes, collecting problems instead of raising.

    Values are read from the node's source text, not from PyYAML's constructed value,
    because YAML 1.1 turns `20:00` into 1200 (base 60) and `+32470123456` into an int.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, line: int, path: str, key: str, **values: object) -> None:
        """Records ``errors.<key>`` (bot/i18n/errors.yml) with its values."""
        self.problems.append(Problem(line, path, Reason.of(key, **values)))

    # structure ----------------------------------------------------------------------

    def mapping(self, f: _Field, allowed: Sequence[str], required: bool = True) -> _Map | None:
        if _is_null(f.node):
            if required:
                self.problem(f.line, f.path, "file.required")
            return None
        node = f.node
        if not isinstance(node, yaml.MappingNode):
            self.problem(f.line, f.path, "file.not_mapping")
            return None
        fields: dict[str, _Field] = {}
        for key_node, value_node in node.value:
            key_line = _line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_line, f.path, "file.plain_keys")
                continue
            key = key_node.value
            path = _join(f.path, key)
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                if close:
                    self.problem(key_line, path, "file.unknown_key_close", close=close[0])
                else:
                    self.problem(key_line, path, "file.unknown_key", options=", ".join(allowed))
                continue
            if key in fields:
                self.problem(key_line, path, "file.duplicate_key", first_line=fields[key].line)
                continue
            # A scalar is reported on its own line (a `|` block may start below its key);
            # an empty value or a list or mapping under the key, on the key's line.
            value_line = _line(value_node) if not _is_null(value_node) and isinstance(
                value_node, yaml.ScalarNode) else key_line
            fields[key] = _Field(value_node, path, value_line)
        return _Map(f.path, f.line, fields)

    def sequence(self, f: _Field, required: str | None = None) -> list[_Field]:
        """Items of a list; an empty value (`goals:`) is an empty list. `required` is the
        error key for an absent key, None if it may be left out."""
        if f.node is None:
            if required:
                self.problem(f.line, f.path, required)
            return []
        if _is_null(f.node):
            return []
        if not isinstance(f.node, yaml.SequenceNode):
            self.problem(f.line, f.path, "file.not_list")
            return []
        return [_Field(item, f"{f.path}[{i}]", _line(item)) for i, item in enumerate(f.node.value)]

    # scalars ------------------------------------------------------------------------

    def raw(self, f: _Field, required: bool) -> str | None:
        """The stripped source text of a scalar, or None if absent, empty or invalid."""
        node = f.node
        if node is not None and not isinstance(node, yaml.ScalarNode):
            kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
            self.problem(f.line, f.path, f"file.not_single_{kind}")
            return None
        value = "" if node is None or _is_null(node) else str(node.value).strip()
        if not value:
            if required:
                self.problem(f.line, f.path, "file.required")
            return None
        return value

    def text(self, f: _Field, max_len: int | None, required: bool = False) -> str | None:
        value = self.raw(f, required)
        if value is not None and max_len is not None and len(value) > max_len:
            self.problem(f.line, f.path, "file.too_long", length=len(value), limit=max_len)
            return None
        return value

    def choice(self, f: _Field, options: Sequence[str], required: bool = False) -> str | None:
        value = self.raw(f, required)
        if value is None:
            return None
        for option in options:
            if value.lower() == option.lower():
                return option
        self.problem(f.line, f.path, "file.not_one_of", value=value, options=", ".join(options))
        return None

    def boolean(self, f: _Field, required: bool = False) -> bool | None:
        value = self.raw(f, required)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.problem(f.line, f.path, "file.not_boolean", value=value)
        return None

    def number(self, f: _Field, required: bool = False) -> float | None:
        value = self.raw(f, required)
        if value is None:
            return None
        if _NUMBER_RE.match(value):
            return float(value)
        if _DECIMAL_COMMA_RE.match(value):
            self.problem(f.line, f.path, "file.decimal_comma", value=value,
                         fixed=value.replace(",", "."))
        else:
            self.problem(f.line, f.path, "file.not_number", value=value)
        return None

    def integer(self, f: _Field, low: int, high: int) -> int | None:
        value = self.raw(f, False)
        if value is None:
            return None
        if not re.fullmatch(r"\d+", value) or not low <= int(value) <= high:
            self.problem(f.line, f.path, "file.not_whole_number", value=value, low=low, high=high)
            return None
        return int(value)

    def time(self, f: _Field, required: bool = False) -> str | None:
        """A local time as canonical "HH:MM"."""
        value = self.raw(f, required)
        if value is None:
            return None
        match = _TIME_RE.match(value)
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            self.problem(f.line, f.path, "file.not_time", value=value)
            return None
        return f"{int(match[1]):02d}:{match[2]}"

    def date(self, f: _Field) -> dt.date | None:
        value = self.raw(f, False)
        if value is None:
            return None
        try:
            if not _DATE_RE.match(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(f.line, f.path, "file.not_date", value=value)
            return None

    def local_datetime(self, f: _Field, required: bool = False) -> dt.datetime | None:
        value = self.raw(f, required)
        if value is None:
            return None
        match = _LOCAL_DATETIME_RE.match(value)
        try:
            if not match:
                raise ValueError(value)
            return dt.datetime.combine(
                dt.date.fromisoformat(match[1]), dt.time(int(match[2]), int(match[3]))
            )
        except ValueError:
            self.problem(f.line, f.path, "file.not_local_datetime", value=value)
            return None

    def phone(self, f: _Field, required: bool = False, mobile: bool = False) -> str | None:
        """An E.164 number. Spaces, dots, dashes and slashes are dropped ("+32 470 12 34
        56"). With `mobile`, a Belgian number must be a mobile one: text messages to a
        landline are lost without an error, and these numbers receive them."""
        value = self.raw(f, required)
        if value is None:
            return None
        number = _PHONE_SEPARATORS.sub("", value)
        if not PHONE_RE.match(number):
            self.problem(f.line, f.path, "file.not_phone", value=value)
            return None
        if mobile and number.startswith("+32"):
            if not number.startswith("+324"):
                self.problem(f.line, f.path, "file.landline", value=value)
                return None
            if len(number) != 12:
                self.problem(f.line, f.path, "file.not_mobile", value=value)
                return None
        return number

    def email(self, f: _Field) -> str | None:
        value = self.text(f, 200)
        if value is not None and not _EMAIL_RE.match(value):
            self.problem(f.line, f.path, "file.not_email", value=value)
            return None
        return value

    def timezone(self, f: _Field) -> str | None:
        value = self.raw(f, False)
        if value is None:
            return DEFAULT_TIMEZONE
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(f.line, f.path, "file.not_timezone", value=value)
            return None
        return value


def _to_utc(local: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime | None, str | None]:
    """Local wall-clock time to UTC, refusing times that do not exist (spring forward,
    "gap") or happen twice (fall back, "overlap"): guessing would move an appointment by
    an hour. The second value names the refusal (errors.yml: file.gap, file.overlap)."""
    first = local.replace(tzinfo=zone, fold=0).astimezone(dt.timezone.utc)
    second = local.replace(tzinfo=zone, fold=1).astimezone(dt.timezone.utc)
    if first == second:
        return first, None
    if first.astimezone(zone).replace(tzinfo=None) != local:
        return None, "gap"
    return None, "overlap"


def _malformed(error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        message = str(error.problem or "syntax error")
        if error.context:
            where = f" (line {error.context_mark.line + 1})" if error.context_mark else ""
            message = f"{error.context}{where}: {message}"
        return Problem(error.problem_mark.line + 1, "", Reason.of("file.malformed", detail=message))
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        detail = f"unacceptable character #x{error.character:04x}"
        return Problem(line, "", Reason.of("file.malformed", detail=detail))
    return Problem(1, "", Reason.of("file.malformed", detail=str(error)))
