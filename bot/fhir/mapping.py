"""Small helpers of both directions: stable ids, references and codings to write, and
the reads of codings, names, telecoms and extensions the importer makes.

Ids are UUIDs derived from natural keys (the patient's reference, a goal's kind, a
medication's name...), not database ids, so exporting the same plan from two databases
(or after an import) gives the same Bundle: the round trip can be compared as JSON.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

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


# --- reading ----------------------------------------------------------------------


def language_of(concept: CodeableConcept | None) -> str | None:
    for coding in (concept.coding or []) if concept else []:
        if coding.code:
            return coding.code.split("-")[0].lower()
    return None


def code_of(concept: CodeableConcept | None, system: str) -> str | None:
    for coding in (concept.coding or []) if concept else []:
        if coding.system == system and coding.code:
            return str(coding.code)
    return None


def role_of(concepts: list[CodeableConcept]) -> str | None:
    """Ours if present; else a standard code naming one of our roles; else the text."""
    for concept in concepts:
        if (ours := code_of(concept, profiles.CARE_ROLE)) is not None:
            return ours
    for concept in concepts:
        for coding in concept.coding or []:
            role = profiles.ROLE_FROM_STANDARD.get((coding.system or "", coding.code or ""))
            if role:
                return role
    for concept in concepts:
        text = concept.text or next((c.display for c in concept.coding or [] if c.display),
                                    None)
        if text:
            return str(text)
    return None


def telecom_of(points: list[Any] | None, system: str) -> tuple[int, str] | None:
    for k, point in enumerate(points or []):
        if point.system == system and point.value:
            return k, str(point.value)
    return None


def extension_of(resource: Any, url: str) -> tuple[int, Any] | None:
    for k, ext in enumerate(resource.extension or []):
        if ext.url == url:
            return k, ext
    return None


def sub_extension(ext: Any, url: str) -> Any:
    return next((e for e in ext.extension or [] if e.url == url), None)


def hhmm_of(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def date_of(value: Any) -> str | None:
    """A date (a dateTime element keeps its day)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if value is not None else None


def name_of(names: list[Any] | None) -> str | None:
    for name in names or []:
        if name.text:
            return str(name.text)
        parts = [*(name.prefix or []), *(name.given or []), *([name.family] if name.family else [])]
        if parts:
            return " ".join(parts)
    return None
