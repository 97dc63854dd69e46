"""Small helpers both directions share: stable ids, references, codings.

Ids are UUIDs derived from natural keys (the patient's reference, a goal's kind, a
medication's name...), not database ids, so exporting the same plan from two databases
(or after an import) gives the same Bundle: the round trip can be compared as JSON.
"""

from __future__ import annotations

import uuid

from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.meta import Meta
from fhir.resources.R4B.reference import Reference

from bot import care_roles
from bot.fhir import profiles

# uuid5 namespace of our resource ids (a random constant, fixed for good).
_NAMESPACE = uuid.UUID("6b0c3d4e-7a51-4f0e-9a4b-2f1c0d5e8a77")


def stable_id(resource_type: str, *parts: object) -> str:
    """The same natural key gives the same id, in any database."""
    key = "|".join([resource_type, *(str(p) for p in parts)])
    return str(uuid.uuid5(_NAMESPACE, key))


def full_url(resource_id: str) -> str:
    return f"urn:uuid:{resource_id}"


def reference(resource_id: str, display: str | None = None) -> Reference:
    return Reference(reference=full_url(resource_id), display=display)


def meta(resource_type: str) -> Meta | None:
    profile = profiles.PROFILES.get(resource_type)
    return Meta(profile=[profile]) if profile else None


def role_concept(role: str, language: str) -> CodeableConcept:
    """A care role as a CodeableConcept: the Belgian and SNOMED CT codings we are sure
    of, then ours (our code kept, so the role comes back exactly); a free-text role is
    text only."""
    if role not in care_roles.LABELS:
        return CodeableConcept(text=role)
    codings = [Coding(system=system, code=code, display=display)
               for system, code, display in profiles.ROLE_CODINGS.get(role, ())]
    codings.append(Coding(system=profiles.CARE_ROLE, code=role,
                          display=care_roles.label(role, language)))
    return CodeableConcept(coding=codings, text=care_roles.label(role, language))


def language_concept(language: str) -> CodeableConcept:
    return CodeableConcept(coding=[Coding(system=profiles.BCP47, code=language)])
