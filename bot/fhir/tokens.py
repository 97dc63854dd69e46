"""Bearer tokens of the organisations that read Bundles from `GET /fhir/Patient/{ref}/
$everything` (console/routes/fhir.py).

A token is 32 random bytes, shown once when made (`bot fhir token add ORG`) and
stored as its SHA-256 only: a copy of the database gives nobody a working token, and
a token this long needs no slow hash (nothing to guess from a dictionary). One token
per organisation; adding it again replaces the old one (rotation), `revoke` ends it.
An organisation is limited to the patients of one care team (`--team`), or reads every
patient (`--all`), for a regional hub that serves all of them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit
from bot.models import FhirClient, Patient, Team, utcnow

PREFIX = "fhir_"


class TokenError(ValueError):
    pass


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add(session: Session, organisation: str, *, team: str | None, actor: str) -> str:
    """A new token for `organisation` (replacing its old one); returns it, once."""
    organisation = organisation.strip()
    if not organisation:
        raise TokenError("the organisation needs a name")
    team_row = None
    if team is not None:
        team_row = session.scalar(select(Team).where(Team.name == team))
        if team_row is None:
            raise TokenError(f"no team named {team!r}")
    token = PREFIX + secrets.token_urlsafe(32)
    client = session.scalar(select(FhirClient).where(FhirClient.organisation == organisation))
    if client is None:
        client = FhirClient(organisation=organisation, token_hash=digest(token),
                            created_by=actor)
        session.add(client)
    client.token_hash = digest(token)
    client.team = team_row
    client.created_at = utcnow()
    client.created_by = actor
    client.revoked_at = None
    session.flush()
    audit.record(session, actor, "create", "fhir_token", entity_id=client.id,
                 detail={"organisation": organisation, "team": team})
    return token


def revoke(session: Session, organisation: str, *, actor: str) -> None:
    client = session.scalar(select(FhirClient).where(FhirClient.organisation == organisation))
    if client is None or client.revoked_at is not None:
        raise TokenError(f"no active token for {organisation!r}")
    client.revoked_at = utcnow()
    audit.record(session, actor, "revoke", "fhir_token", entity_id=client.id,
                 detail={"organisation": organisation})


@dataclass(frozen=True)
class Client:
    organisation: str
    team_id: int | None  # None: every patient

    @property
    def actor(self) -> str:
        return f"fhir:{self.organisation}"

    def may_read(self, patient: Patient) -> bool:
        return self.team_id is None or patient.team_id == self.team_id


def authenticate(session: Session, token: str | None) -> Client | None:
    """The organisation a bearer token belongs to, or None (absent, unknown, revoked)."""
    if not token:
        return None
    client = session.scalar(select(FhirClient).where(FhirClient.token_hash == digest(token)))
    if client is None or client.revoked_at is not None:
        return None
    client.last_used_at = utcnow()
    return Client(client.organisation, client.team_id)


def listing(session: Session) -> list[FhirClient]:
    return list(session.scalars(select(FhirClient).order_by(FhirClient.organisation)))
