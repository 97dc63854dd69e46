"""bot/audit.py: an entry holds who did what to which record, in the caller's
transaction (nothing is written if it rolls back)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import audit
from bot.db import session_scope
from bot.models import AuditEntry
from tests.support.patients import make_patient


def test_an_entry_records_actor_action_entity_and_detail(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        entry = audit.record(s, "console:3", "view", "patient", patient_id=patient.id,
                             entity_id=patient.id, detail={"page": "careplan", "n": 2})
        bare = audit.record(s, "system", "purge", "retention")
    with session_scope(db_url) as s:
        stored = s.get_one(AuditEntry, entry.id)
        assert (stored.actor, stored.action, stored.entity) == ("console:3", "view", "patient")
        assert (stored.patient_id, stored.entity_id) == (patient.id, patient.id)
        assert stored.detail == {"page": "careplan", "n": 2}
        assert stored.at is not None
        other = s.get_one(AuditEntry, bare.id)
        assert (other.patient_id, other.entity_id, other.detail) == (None, None, None)


def test_an_entry_shares_the_callers_transaction(db_url: str) -> None:
    with pytest.raises(RuntimeError), session_scope(db_url) as s:
        audit.record(s, "console:3", "erase", "patient", patient_id=None)
        s.flush()
        raise RuntimeError("the change failed")
    with session_scope(db_url) as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).all() == []
