"""Set-based writes shared by the planner and the dispatcher: multi-row INSERT ... ON
CONFLICT DO NOTHING on a unique key (PostgreSQL and SQLite both have it, through
SQLAlchemy's dialect inserts), chunked below both engines' bound-parameter limits,
and the partition filter of a scheduler process."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

ROWS_PER_INSERT = 500  # x columns stays far below 32,766 (SQLite) and 65,535 (PostgreSQL)
IDS_PER_IN = 5_000

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def insert_new(session: Session, table: Table, rows: list[dict[str, Any]],
               key: Sequence[str], returning: Sequence[str] = ()) -> list[Any]:
    """Insert the rows whose unique ``key`` is not taken yet; the others are left as
    they are (the row another process, or an earlier run, wrote wins). Returns the
    ``returning`` columns of the rows inserted (none for the ones that were taken)."""
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    inserted: list[Any] = []
    for part in chunks(rows, ROWS_PER_INSERT):
        statement = insert(table).values(list(part)).on_conflict_do_nothing(
            index_elements=list(key))
        if returning:
            statement = statement.returning(*(table.c[name] for name in returning))
            inserted += session.execute(statement).all()
        else:
            session.execute(statement)
    return inserted


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
