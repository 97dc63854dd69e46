"""The audit trail: every read or change of a patient's health data is recorded with
who did it, so the care team and the data-protection officer can answer "who saw
what" (GDPR art. 30/32)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.models import AuditEntry


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    *,
    patient_id: int | None = None,
    entity_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor,
        action=action,
        entity=entity,
        patient_id=patient_id,
        entity_id=entity_id,
        detail=detail,
    )
    session.add(entry)
    return entry
