"""Set-based writes shared by the planner and the dispatcher: multi-row INSERT ... ON
CONFLICT DO NOTHING on a unique key (PostgreSQL and SQLite both have it, through
SQLAlchemy's dialect inserts), chunked below both engines' bound-parameter limits,
and the partition filter of a scheduler process."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table, any_, bindparam, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.models import Base

ROWS_PER_INSERT = 5_000  # rows per INSERT
IDS_PER_IN = 5_000

T = TypeVar("T")


def table_of(model: type[Base]) -> Table:
    """A model's table, as the ``Table`` that Core statements and ``insert_new`` take
    (``Model.__table__`` is declared as any FromClause)."""
    return Base.metadata.tables[model.__tablename__]


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_new(session: Session, table: Table, rows: list[dict[str, Any]],
               key: Sequence[str], returning: Sequence[str] = ()) -> list[Any]:
    """Insert the rows whose unique ``key`` is not taken yet; the others are left as
    they are (the row another process, or an earlier run, wrote wins). Returns the
    ``returning`` columns of the rows inserted (none for the ones that were taken).

    PostgreSQL: one ``INSERT ... SELECT ... FROM json_populate_recordset(NULL::table,
    :rows) ON CONFLICT DO NOTHING`` per chunk, the rows as one JSON parameter (the
    database casts each field to its column's type), so a thousand rows are one bound
    value, not thousands of placeholders to compile and convert: a multi-row VALUES of
    500 rows cost more in SQLAlchemy's compiler and psycopg's query conversion than
    the database spent on it. SQLite: an executemany, batched by SQLAlchemy."""
    if not rows:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return _insert_json(session, table, rows, key, returning)
    statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=list(key))
    if not returning:
        session.execute(statement, rows)
        return []
    returning_statement = statement.returning(*(table.c[name] for name in returning))
    return list(session.execute(returning_statement, rows).all())


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _insert_json(session: Session, table: Table, rows: list[dict[str, Any]],
                 key: Sequence[str], returning: Sequence[str]) -> list[Any]:
    preparer = postgresql.dialect().identifier_preparer
    names = ", ".join(preparer.quote(name) for name in rows[0])
    # Only the table's own names go into the text; the rows are one bound JSON value.
    sql = (f"INSERT INTO {preparer.quote(table.name)} ({names}) "  # noqa: S608
           f"SELECT {names} FROM json_populate_recordset("
           f"NULL::{preparer.quote(table.name)}, CAST(:rows AS JSON)) "
           f"ON CONFLICT ({', '.join(preparer.quote(k) for k in key)}) DO NOTHING")
    if returning:
        sql += f" RETURNING {', '.join(preparer.quote(r) for r in returning)}"
    statement = text(sql)
    inserted: list[Any] = []
    for part in chunks(rows, ROWS_PER_INSERT):
        result = session.execute(statement, {"rows": json.dumps(list(part),
                                                                default=_json_value)})
        if returning:
            inserted += result.all()
    return inserted


def among(session: Session, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL ``column = ANY(:array)``, one bound array
    instead of a placeholder per value for the driver to rewrite."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


@dataclass(frozen=True)
class Partition:
    """This scheduler's share of the patients: those with ``patient_id % count == index``.

    Several scheduler processes on PostgreSQL each take one partition
    (REMINDERS_PARTITIONS, REMINDERS_PARTITION); the default is one partition, all
    patients."""

    count: int = 1
    index: int = 0

    def __post_init__(self) -> None:
        if self.count < 1 or not 0 <= self.index < self.count:
            raise ValueError(f"partition {self.index} of {self.count}")

    @classmethod
    def from_env(cls) -> Partition:
        return cls(int(os.environ.get("REMINDERS_PARTITIONS", "1")),
                   int(os.environ.get("REMINDERS_PARTITION", "0")))

    def where(self, patient_id: Any) -> ColumnElement[bool] | None:
        """The filter on a patient id column; None for a single partition."""
        if self.count == 1:
            return None
        return patient_id % self.count == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


ALL = Partition()
