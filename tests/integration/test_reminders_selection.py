"""The reminders planner chooses its patients on indexes, on SQLite and PostgreSQL.

"Changed since planned, or planned over an hour ago" was one OR that no index served:
each batch of 1,000 scanned and sorted the whole patients table (about 0.2 s a batch
at 100,000 patients, README "Reminders at scale"). Now it is two queries, the changed
patients on a partial index and the stalest on (reminders_planned_at, id); this test
reads the plan of each statement the planner sends to choose patients."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event

from bot.db import _factory, session_scope
from bot.models import Medication, Patient
from reminders.planner import plan_changed
from tests.support.patients import make_patient

BRUSSELS = ZoneInfo("Europe/Brussels")
T0 = dt.datetime(2026, 11, 24, 6, 0, tzinfo=BRUSSELS)


def _selections(url: str, at: dt.datetime) -> tuple[int, list[tuple[str, Any]]]:
    """plan_changed's count, and the statements it sent to choose its patients."""
    engine = _factory(url).kw["bind"]
    seen: list[tuple[str, Any]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().startswith("SELECT") and "patients.quiet_start" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(url) as s:
            planned = plan_changed(s, at)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return planned, seen


def _plan(url: str, statement: str, parameters: Any) -> str:
    engine = _factory(url).kw["bind"]
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            # However small the table, a plan that can use an index must.
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            rows = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
            return "\n".join(row[0] for row in rows)
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        return "\n".join(str(row[-1]) for row in rows)


def test_the_planner_chooses_its_patients_on_indexes(db_url: str) -> None:
    with session_scope(db_url) as s:
        ids = [make_patient(s, ref=f"sel-{i}").id for i in range(6)]
    assert _selections(db_url, T0)[0] == 6  # never planned: all "changed"
    with session_scope(db_url) as s:  # one plan changes; the others go stale
        s.add(Medication(patient_id=ids[2], name="Asaflow", dose_text="80 mg",
                         times=["12:00"]))
    with session_scope(db_url) as s:
        assert s.get(Patient, ids[2]).plan_version != s.get(Patient, ids[2]).planned_version

    planned, statements = _selections(db_url, T0 + dt.timedelta(hours=2))
    assert planned == 6  # the changed one, then the five stale ones
    for statement, parameters in statements:
        plan = _plan(db_url, statement, parameters)
        # No whole-table scan (PostgreSQL's words, then SQLite's).
        assert "Seq Scan" not in plan and "SCAN patients\n" not in plan + "\n", plan
        assert "ix_patients_plan_changed" in plan or "ix_patients_planned_at" in plan, plan
    assert len(statements) == 2  # the changed patients, then the stalest
