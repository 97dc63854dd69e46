"""Sessions on the care-plan database: reads never queue behind a writer."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from bot.db import read_scope, session_scope
from bot.models import Patient
from tests.support.patients import make_patient


def test_a_read_does_not_wait_for_a_writer(db_url: str) -> None:
    """The inbox and delivery polls read twice a second; on SQLite a plain session
    begins IMMEDIATE and would wait (up to busy_timeout, 30 s) for any writer."""
    with session_scope(db_url) as s:
        make_patient(s)
    writing, done = threading.Event(), threading.Event()

    def writer() -> None:
        with session_scope(db_url) as s:
            s.execute(text("UPDATE patients SET first_name = 'Anne'"))
            writing.set()
            done.wait(10)  # holds the write lock meanwhile

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(10)
        started = time.monotonic()
        with read_scope(db_url) as s:
            names = s.scalars(select(Patient.first_name)).all()
        waited = time.monotonic() - started
    finally:
        done.set()
        thread.join()
    assert names == ["Marie"]  # the snapshot before the writer's commit
    assert waited < 5  # not queued behind the writer (it holds the lock for 10 s)
    with read_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Patient)) == 1


def test_writing_in_a_read_scope_is_refused(db_url: str) -> None:
    with pytest.raises(RuntimeError, match="read_scope is for reading"):
        with read_scope(db_url) as s:
            make_patient(s, ref="p-nope")
    with read_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(Patient)) == 0


def test_importing_the_models_registers_no_global_hook() -> None:
    """bot.models adds its plan-change listener to the sessions bot.db makes, not to
    SQLAlchemy's Session class at import (a fresh interpreter: here everything is
    already imported and bot.db has built factories)."""
    import subprocess
    import sys

    from tests.support.paths import ROOT

    probe = ("import bot.models.plan_version as m; from sqlalchemy import event; "
             "from sqlalchemy.orm import Session; "
             "print(event.contains(Session, 'before_flush', m._mark_plan_changes))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_every_session_factory_tracks_plan_changes_once(db_url: str) -> None:
    from sqlalchemy import event

    from bot import db, models
    from bot.models import plan_version

    with session_scope(db_url) as s:
        patient_id = make_patient(s).id
    factory = db._factory(db_url)
    assert event.contains(factory, "before_flush", plan_version._mark_plan_changes)
    models.track_plan_changes(factory)  # idempotent
    with session_scope(db_url) as s:
        patient = s.get(Patient, patient_id)
        assert patient is not None
        version = patient.plan_version
        patient.timezone = "Europe/Amsterdam"
    with session_scope(db_url) as s:
        assert s.get(Patient, patient_id).plan_version == version + 1  # raised once


def test_an_idle_postgresql_connection_that_died_is_replaced_before_use(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pooled connection idle for PING_AFTER_IDLE is checked before it is handed out
    (what pool_pre_ping did for every checkout): one the server dropped meanwhile (a
    restart, a proxy) is replaced, and the transaction does not fail."""
    import bot.db

    monkeypatch.setattr(bot.db, "PING_AFTER_IDLE", 0.2)
    with read_scope(pg_url) as s:
        first = s.scalar(text("SELECT pg_backend_pid()"))
    from sqlalchemy import create_engine

    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    admin.dispose()
    time.sleep(0.4)
    with read_scope(pg_url) as s:  # would fail with the dead connection
        assert s.scalar(text("SELECT 1")) == 1


def test_a_postgresql_connection_used_a_moment_ago_is_not_pinged(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ping round trip before each transaction (issue 16: eight a message
    on the gateway's hot path), only before one on a connection idle for a while."""
    import psycopg

    import bot.db

    executed: list[str] = []
    execute = psycopg.Cursor.execute

    def spy(self, query, *args, **kwargs):
        executed.append(str(query).strip().lower())
        return execute(self, query, *args, **kwargs)

    with read_scope(pg_url) as s:  # the pool's connection exists
        s.scalar(text("SELECT 2"))
    monkeypatch.setattr(psycopg.Cursor, "execute", spy)
    for _ in range(3):
        with read_scope(pg_url) as s:
            s.scalar(text("SELECT 2"))
    assert executed == ["select 2"] * 3  # nothing but the statements themselves
    monkeypatch.setattr(bot.db, "PING_AFTER_IDLE", 0.0)  # every checkout is "idle"
    with read_scope(pg_url) as s:
        s.scalar(text("SELECT 2"))
    assert len(executed) == 5  # the ping (SQLAlchemy's: an empty statement), then ours
    assert executed[-1] == "select 2"
