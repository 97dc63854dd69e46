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
