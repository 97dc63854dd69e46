"""FHIR exchange (issue 18, item 5), on SQLite and PostgreSQL: both demo patients'
Bundles are valid for the library resource by resource, export -> import -> export is
the same JSON (into the same database and into an empty one), import errors are named
by Bundle path with nothing applied, the /fhir endpoint's tokens and refusals, and the
audit entries of all of it."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot import fhir
from bot.careplan_file import apply_careplan, demo_careplans, parse_careplan
from bot.db import migrate, session_scope
from bot.fhir import profiles, tokens
from bot.fhir.importer import BundleImportError
from bot.models import (
    AuditEntry,
    FhirClient,
    Flag,
    Goal,
    Medication,
    Patient,
    ProgressEntry,
)
from console.app import Settings, create_app

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
REFS = ("demo-fr", "demo-nl")


def _load(url: str, *, history: bool = True) -> None:
    with session_scope(url) as s:
        for demo in demo_careplans():
            apply_careplan(s, parse_careplan(demo.read_text(encoding="utf-8"), demo.name),
                           actor="test")
        if not history:
            return
        for ref in REFS:
            patient = s.scalar(select(Patient).where(Patient.external_ref == ref))
            goals = s.scalars(select(Goal).where(Goal.patient_id == patient.id)
                              .order_by(Goal.id)).all()
            for n, goal in enumerate(goals):
                s.add(ProgressEntry(goal_id=goal.id, value=goal.target_value - n,
                                    unit=goal.target_unit,
                                    recorded_at=NOW - dt.timedelta(hours=n + 1)))
            s.add_all([
                Flag(patient_id=patient.id, kind="symptom", severity="high", status="open",
                     summary=f"{ref}: gezwollen enkels", created_at=NOW),
                Flag(patient_id=patient.id, kind="fallback", severity="normal",
                     status="resolved", summary="resolved one", created_at=NOW)])


def _export(url: str, ref: str) -> str:
    with session_scope(url) as s:
        return fhir.export_bundle(s, ref, actor="cli:test", now=NOW).model_dump_json(indent=1)


def _import(url: str, text: str, source: str = "bundle.json") -> None:
    with session_scope(url) as s:
        fhir.import_bundle(s, text, actor="cli:test", source=source, now=NOW)


@pytest.mark.parametrize("ref", REFS)
def test_every_resource_is_valid_and_shaped_after_the_belgian_profiles(db_url: str,
                                                                      ref: str) -> None:
    _load(db_url)
    data = json.loads(_export(db_url, ref))
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    for kind in ("Patient", "Organization", "Practitioner", "PractitionerRole",
                 "RelatedPerson", "CareTeam", "CarePlan", "Goal", "MedicationStatement",
                 "Appointment", "Observation", "Flag"):
        assert kind in kinds, kind
    for entry in data["entry"]:
        resource = entry["resource"]
        # Each resource on its own through the library's model of its type.
        model = get_fhir_model_class(resource["resourceType"])
        assert model.model_validate(resource).id == resource["id"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        wanted = profiles.PROFILES.get(resource["resourceType"])
        assert resource.get("meta", {}).get("profile") == ([wanted] if wanted else None)
    patient = next(e["resource"] for e in data["entry"]
                   if e["resource"]["resourceType"] == "Patient")
    assert patient["identifier"] == [{"use": "usual", "system": profiles.PATIENT_REF,
                                      "value": ref}]
    # Only the open flag, not the resolved one.
    flag_texts = [e["resource"]["code"]["text"] for e in data["entry"]
                  if e["resource"]["resourceType"] == "Flag"]
    assert flag_texts == [f"{ref}: gezwollen enkels"]
    # The GP's role: the Belgian and SNOMED CT codings, then ours.
    roles = [e["resource"]["code"][0] for e in data["entry"]
             if e["resource"]["resourceType"] == "PractitionerRole"]
    gp = next(r for r in roles if any(c.get("code") == "general_practitioner"
                                      for c in r["coding"]))
    assert [c["system"] for c in gp["coding"]] == [profiles.HCPARTY, profiles.SNOMED,
                                                   profiles.CARE_ROLE]
    # The medication line: one dosage per time of day.
    meds = {e["resource"]["medicationCodeableConcept"]["text"]: e["resource"]
            for e in data["entry"] if e["resource"]["resourceType"] == "MedicationStatement"}
    name = "Metformine" if ref == "demo-fr" else "Entresto"
    assert [d["timing"]["repeat"]["timeOfDay"] for d in meds[name]["dosage"]] == [
        ["08:00:00"], ["20:00:00"]]


@pytest.mark.parametrize("ref", REFS)
def test_export_import_export_is_the_same_bundle(db_url: str, tmp_path: Any, ref: str) -> None:
    _load(db_url)
    first = _export(db_url, ref)
    _import(db_url, first)
    assert _export(db_url, ref) == first
    # Into an empty database: the same care plan, hence the same Bundle but for what
    # the care plan does not hold (readings and flags come from the patient's history).
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(empty)
    _import(empty, first)
    bare = {"Observation", "Flag"}
    def plan_part(text: str) -> list[dict[str, Any]]:
        entries = json.loads(text)["entry"]
        for e in entries:
            e["resource"].pop("outcomeReference", None)
        return [e for e in entries if e["resource"]["resourceType"] not in bare]
    assert plan_part(_export(empty, ref)) == plan_part(first)


def _problems(url: str, data: dict[str, Any]) -> list[str]:
    with pytest.raises(BundleImportError) as caught:
        _import(url, json.dumps(data))
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def _index(data: dict[str, Any], kind: str, n: int = 0) -> int:
    return [i for i, e in enumerate(data["entry"])
            if e["resource"]["resourceType"] == kind][n]


def _state(url: str) -> tuple[Any, ...]:
    with session_scope(url) as s:
        meds = s.execute(select(Medication.name, Medication.times, Medication.active,
                                Medication.dose_text).order_by(Medication.id)).all()
        goals = s.execute(select(Goal.kind, Goal.target_value).order_by(Goal.id)).all()
        imports = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "import"))
        return tuple(map(tuple, meds)), tuple(map(tuple, goals)), imports


def test_import_errors_are_named_by_bundle_path_and_nothing_is_applied(db_url: str) -> None:
    _load(db_url, history=False)
    good = json.loads(_export(db_url, "demo-nl"))
    before = _state(db_url)

    bad = copy.deepcopy(good)
    med = _index(bad, "MedicationStatement", 1)  # Entresto, two times a day
    bad["entry"][med]["resource"]["dosage"][0]["timing"] = {"repeat": {"frequency": 1}}
    bad["entry"][med]["resource"]["dosage"][1]["text"] = "2 tabletten"
    goal = _index(bad, "Goal", 1)  # weight, at most 82 kg
    bad["entry"][goal]["resource"]["target"][0]["detailRange"]["high"]["value"] = 820
    rp = _index(bad, "RelatedPerson")
    bad["entry"][rp]["resource"]["telecom"][0]["value"] = "+32 56 00 00 00"  # a landline
    problems = _problems(db_url, bad)
    assert f"Bundle.entry[{med}].resource.dosage[0].timing: needs a time of day " \
           "(timing.repeat.timeOfDay): reminders are sent at it" in problems
    assert any(p.startswith(f"Bundle.entry[{med}].resource.dosage[1].text: ")
               for p in problems), problems
    # These two come from the care-plan file's own validator, mapped back to the Bundle.
    assert any(p.startswith(f"Bundle.entry[{goal}].resource.target[0].detailRange.high"
                            ".value: 820 kg is outside the plausible range") for p in problems)
    assert any(p.startswith(f"Bundle.entry[{rp}].resource.telecom[0].value: ")
               and "landline" in p for p in problems), problems
    assert _state(db_url) == before

    # Structure, from the library: the path of the element, nothing applied.
    broken = copy.deepcopy(good)
    broken["entry"][med]["resource"]["dosage"][0]["timing"]["repeat"]["timeOfDay"] = ["8h"]
    problems = _problems(db_url, broken)
    assert problems[0].startswith(
        f"Bundle.entry[{med}].resource.dosage[0].timing.repeat.timeOfDay[0]: ")
    assert _state(db_url) == before

    # And the valid Bundle, changed where it should be, is applied.
    changed = copy.deepcopy(good)
    changed["entry"][med]["resource"]["dosage"].pop()
    _import(db_url, json.dumps(changed))
    with session_scope(db_url) as s:
        entresto = s.scalar(select(Medication).where(Medication.name == "Entresto"))
        assert entresto.times == ["08:00"]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "fhir_bundle",
                                                   AuditEntry.action == "import")).one()
        assert entry.actor == "cli:test" and entry.patient_id == entresto.patient_id
        assert entry.detail["medications"] == 5


def test_export_is_audited(db_url: str) -> None:
    _load(db_url)
    _export(db_url, "demo-fr")
    with session_scope(db_url) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "fhir_bundle")).one()
        patient = s.scalar(select(Patient).where(Patient.external_ref == "demo-fr"))
        assert (entry.actor, entry.action, entry.patient_id) == ("cli:test", "export",
                                                                 patient.id)
        assert entry.detail["resources"]["MedicationStatement"] == 2
        assert entry.detail["resources"]["Flag"] == 1


# --- the endpoint ---------------------------------------------------------------------


def _client(url: str) -> TestClient:
    return TestClient(create_app(Settings(secret_key="test-secret", database_url=url)))


def _fhir_audit(url: str) -> list[tuple[str, str, str | None]]:
    with session_scope(url) as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.entity == "fhir_bundle")
                         .order_by(AuditEntry.id)).all()
        return [(r.actor, r.action, (r.detail or {}).get("reason")) for r in rows]


def test_the_endpoint_needs_a_token_of_the_patients_team(db_url: str) -> None:
    _load(db_url)
    with session_scope(db_url) as s:
        namur = tokens.add(s, "Cabinet Renard", team="Réseau santé Namur (démo)",
                           actor="cli:admin")
        hub = tokens.add(s, "Regional hub", team=None, actor="cli:admin")
        old = tokens.add(s, "Old practice", team=None, actor="cli:admin")
        tokens.revoke(s, "Old practice", actor="cli:admin")
        stored = {c.token_hash for c in s.scalars(select(FhirClient))}
    assert namur not in stored and tokens.digest(namur) in stored  # hashed only
    web = _client(db_url)
    path = "/fhir/Patient/demo-fr/$everything"

    def get(url: str, token: str | None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return web.get(url, headers=headers)

    for token in (None, "fhir_wrong", old):
        response = get(path, token)
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/fhir+json")
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["resourceType"] == "OperationOutcome"
        assert response.json()["issue"][0]["code"] == "login"
    response = get("/fhir/Patient/demo-nl/$everything", namur)  # Kortrijk's patient
    assert response.status_code == 403 and response.json()["issue"][0]["code"] == "forbidden"
    assert "Jozef" not in response.text
    response = get("/fhir/Patient/nobody/$everything", namur)
    assert response.status_code == 404 and response.json()["issue"][0]["code"] == "not-found"

    response = get(path, namur)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert "set-cookie" not in response.headers  # no console session
    bundle = get_fhir_model_class("Bundle").model_validate(response.json())
    assert bundle.type == "searchset" and bundle.total == len(bundle.entry)
    assert bundle.entry[1].resource.identifier[0].value == "demo-fr"
    assert get("/fhir/Patient/demo-nl/$everything", hub).status_code == 200

    assert _fhir_audit(db_url) == [
        ("fhir:unauthenticated", "refused", "no valid token")] * 3 + [
        ("fhir:Cabinet Renard", "refused", "not a patient of this organisation"),
        ("fhir:Cabinet Renard", "refused", "unknown patient"),
        ("fhir:Cabinet Renard", "read", None),
        ("fhir:Regional hub", "read", None)]
    with session_scope(db_url) as s:
        used = s.scalar(select(FhirClient).where(FhirClient.organisation == "Cabinet Renard"))
        assert used.last_used_at is not None
        # Refusals about a real patient are tied to them (an erasure finds them).
        fr = s.scalar(select(Patient.id).where(Patient.external_ref == "demo-fr"))
        refused = s.scalars(select(AuditEntry.patient_id).where(
            AuditEntry.entity == "fhir_bundle", AuditEntry.actor == "fhir:unauthenticated"))
        assert list(refused) == [fr] * 3


def test_the_endpoint_is_read_only(db_url: str) -> None:
    _load(db_url, history=False)
    with session_scope(db_url) as s:
        token = tokens.add(s, "Hub", team=None, actor="cli:admin")
    response = _client(db_url).post("/fhir/Patient/demo-fr/$everything",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (403, 404, 405)
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "fhir_bundle")) == 0


def test_the_command_line(db_url: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    _load(db_url)
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    out = tmp_path / "demo-nl.json"
    assert main(["fhir", "export", "demo-nl", "--out", str(out), "--actor", "cli:gp"]) == 0
    assert json.loads(out.read_text())["resourceType"] == "Bundle"
    assert main(["fhir", "import", str(out), "--dry-run"]) == 0
    assert "nothing applied" in capsys.readouterr().out
    data = json.loads(out.read_text())
    med = _index(data, "MedicationStatement")
    data["entry"][med]["resource"]["status"] = "entered-in-error"
    out.write_text(json.dumps(data))
    before = _state(db_url)
    assert main(["fhir", "import", str(out)]) == 1
    assert f"demo-nl.json: Bundle.entry[{med}].resource.status: " in capsys.readouterr().err
    assert _state(db_url) == before

    assert main(["fhir", "token", "add", "Praktijk De Smet",
                 "--team", "Eerstelijnszone Kortrijk (demo)"]) == 0
    token = capsys.readouterr().out.splitlines()[-1]
    assert token.startswith(tokens.PREFIX)
    with session_scope(db_url) as s:
        client = tokens.authenticate(s, token)
        assert client is not None and client.organisation == "Praktijk De Smet"
    assert main(["fhir", "token", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Praktijk De Smet" in listed and token not in listed
    assert main(["fhir", "token", "revoke", "Praktijk De Smet"]) == 0
    with session_scope(db_url) as s:
        assert tokens.authenticate(s, token) is None


def test_the_round_trip_keeps_the_rarer_values(db_url: str, tmp_path: Any) -> None:
    """A free-text role, an achieved goal, a stopped medication, a cancelled
    appointment, no quiet hours: each comes back as it was."""
    demo = next(p for p in demo_careplans() if p.name == "demo-fr.yml")
    text = (demo.read_text(encoding="utf-8")
            .replace("role: pharmacist", "role: tabacologue")
            .replace("    days_per_week: 5\n", "    days_per_week: 5\n    status: achieved\n")
            .replace("    times: [\"08:00\"]\n", "    times: [\"08:00\"]\n    active: false\n")
            .replace("    notes: Prise de sang", "    cancelled: true\n    notes: Prise de sang")
            .replace('  quiet_hours: {start: "21:30", end: "07:30"}\n', ""))
    plan = parse_careplan(text, "rare.yml")
    assert plan.care_team[2].role == "tabacologue" and plan.goals[0].status == "achieved"
    assert [m.active for m in plan.medications] == [True, False]
    assert [a.cancelled for a in plan.appointments] == [False, True]
    assert plan.patient.quiet_hours is None
    with session_scope(db_url) as s:
        apply_careplan(s, plan, actor="test")
    first = _export(db_url, "demo-fr")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    migrate(empty)
    _import(empty, first)
    assert _export(empty, "demo-fr") == first
    assert fhir.bundle_to_plan(first) == plan
