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
