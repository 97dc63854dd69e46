"""Care-plan files (bot/careplan_file/): the demo plans, round trips, history kept on
re-import, exact error lines, all-or-nothing imports and local-time conversion.

Each test that touches the database gets its own SQLite file, created by the real
Alembic migration, and goes through bot.db.session_scope as the services do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from bot.careplan_file import (
    CarePlanFileError,
    apply_careplan,
    export_careplan,
    import_careplan,
    parse_careplan,
)
from bot.db import session_scope
from bot.models import (
    Appointment,
    AuditEntry,
    Base,
    Caregiver,
    CareTeamMember,
    Dose,
    Goal,
    Medication,
    Patient,
    ProgressEntry,
)
from tests.support.paths import ROOT

DEMO = ROOT / "bot" / "demo"
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # before every demo appointment


@pytest.fixture
def url(db_url: str) -> str:
    """SQLite, and PostgreSQL where available (tests/conftest.py)."""
    return db_url


def demo_text(name: str) -> str:
    return (DEMO / name).read_text(encoding="utf-8")


def load(url: str, text: str, source: str = "careplan.yml") -> int:
    with session_scope(url) as session:
        return import_careplan(session, text, "test:nurse", source, now=NOW).id


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit trail, which grows with each import."""
    with session_scope(url) as session:
        return {
            table.name: [tuple(row) for row in session.execute(
                select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
            if table.name != "audit_entries"
        }


def last_audit(url: str) -> AuditEntry:
    with session_scope(url) as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def patient_by_ref(session, ref: str) -> Patient:
    return session.scalar(select(Patient).where(Patient.external_ref == ref))


# --------------------------------------------------------------------------- demo plans


@pytest.mark.parametrize("name", ["demo-fr.yml", "demo-nl.yml"])
def test_demo_files_parse_and_import(url: str, name: str) -> None:
    plan = parse_careplan(demo_text(name), name)
    load(url, demo_text(name), name)
    with session_scope(url) as session:
        patient = patient_by_ref(session, plan.patient.ref)
        assert patient.language == plan.patient.language
        assert patient.timezone == "Europe/Brussels"
        assert len(patient.care_team) == len(plan.care_team) >= 3
        assert len(patient.caregivers) == len(plan.caregivers) >= 1
        assert {g.kind for g in patient.goals} == {g.kind for g in plan.goals}
        assert all(m.active for m in patient.medications)
        assert len(patient.appointments) == 2
        assert all(a.starts_at > NOW for a in patient.appointments)
    audit = last_audit(url)
    assert (audit.action, audit.entity, audit.actor) == ("import", "careplan", "test:nurse")
    assert audit.detail["patient"] == "created"


def test_french_demo_plan_content(url: str) -> None:
    load(url, demo_text("demo-fr.yml"))
    with session_scope(url) as session:
        patient = patient_by_ref(session, "demo-fr")
        goals = {g.kind: g for g in patient.goals}
        walking, glucose = goals["walking"], goals["glucose"]
        assert (walking.target_value, walking.target_unit, walking.days_per_week) == (30, "min", 5)
        assert (glucose.target_value, glucose.target_unit, glucose.comparison) == (
            1.3, "g/L", "at_most")
        meds = {m.name: m for m in patient.medications}
        assert meds["Metformine"].times == ["08:00", "20:00"]
        assert meds["Amlodipine"].times == ["08:00"]
        (daughter,) = patient.caregivers
        assert daughter.phone == "+32470000102"  # spaces of the file dropped
        assert daughter.receives_missed_dose_alerts is True
        assert daughter.may_see_medication_names is False
        assert {a.member.role for a in patient.care_team} == {
            "nurse", "general_practitioner", "pharmacist"}
        assert patient.quiet_start == dt.time(21, 30) and patient.quiet_end == dt.time(7, 30)


# --------------------------------------------------------------------------- round trip

EDGE_PLAN = """\
version: 1
patient:
  ref: edge-1
  first_name: Noor
  last_name: El Amrani
  language: nl
  timezone: Europe/Brussels
  appointment_reminders: {day_before: no, hours_before: 0}
care_team: []
caregivers:
  - name: Samir El Amrani
    phone: "+33 6 12 34 56 78"
    language: fr
    receives_reminders: yes
    receives_missed_dose_alerts: no
    may_see_medication_names: false
goals:
  - kind: glucose
    target: 126.5
    unit: mg/dl
    comparison: at_most
    status: paused
    end: 2027-06-30
medications:
  - name: Prednisolon
    dose: 1 tablet van 32 mg
    times: ["20:00", "8:00"]
    days: [fri, mon, tue, wed, thu, sat, sun]
  - name: Insuline
    dose: |
      10 eenheden
      onder de huid
    times: ["07:45"]
    days: [sat, mon]
    active: false
appointments:
  - with: Oogarts
    location: UZ Gent
    at: 2027-02-02 08:00
    cancelled: true
  - with: Diabetesverpleegkundige
    at: 2027-07-01T14:30
    notes: |
      Glucosemeter meebrengen.
      Nuchter komen.
"""


@pytest.mark.parametrize("names", [("demo-fr.yml", "demo-nl.yml"), ("edge",)])
def test_export_parse_import_round_trips_without_changes(url: str, names: tuple[str, ...]) -> None:
    texts = [EDGE_PLAN if n == "edge" else demo_text(n) for n in names]
    for text in texts:
        load(url, text)
    before = snapshot(url)
    refs = [parse_careplan(text).patient.ref for text in texts]
    for ref, text in zip(refs, texts, strict=True):
        with session_scope(url) as session:
            exported = export_careplan(session, patient_by_ref(session, ref))
        assert exported.startswith("# ")
        # Same plan as the original file (defaults, spaces in phones, time order aside).
        assert parse_careplan(exported) == parse_careplan(text)
        load(url, exported, "exported.yml")
        detail = last_audit(url).detail
        assert detail["patient"] == "unchanged"
        for section in ("care_team", "caregivers", "goals", "medications", "appointments"):
            assert set(detail[section]) <= {"unchanged"}, (section, detail[section])
        with session_scope(url) as session:
            assert export_careplan(session, patient_by_ref(session, ref)) == exported
    assert snapshot(url) == before


def test_export_writes_local_times_and_normalised_values(url: str) -> None:
    load(url, EDGE_PLAN)
    with session_scope(url) as session:
        exported = export_careplan(session, patient_by_ref(session, "edge-1"))
    assert 'times: ["08:00", "20:00"]' in exported
    assert "days:" not in exported.split("Prednisolon")[1].split("Insuline")[0]  # every day
    assert "days: [mon, sat]" in exported
    assert 'phone: "+33612345678"' in exported
    assert "at: 2027-07-01T14:30" in exported
    assert "unit: mg/dL" in exported and "target: 126.5" in exported
    assert "appointment_reminders: {day_before: false, hours_before: 0}" in exported


def test_appointment_reminder_timing_is_per_patient_and_defaults_when_left_out(url: str) -> None:
    load(url, BASE)
    with session_scope(url) as session:
        patient = patient_by_ref(session, "p-1")
        assert (patient.appointment_reminder_day_before,
                patient.appointment_reminder_hours_before) == (True, 3)
        version = patient.plan_version
    # Only the hours are written: the evening-before reminder keeps its default.
    load(url, BASE.replace('  phone: "+32470123456"\n',
                           '  phone: "+32470123456"\n  appointment_reminders:\n'
                           '    hours_before: 1\n'))
    with session_scope(url) as session:
        patient = patient_by_ref(session, "p-1")
        assert (patient.appointment_reminder_day_before,
                patient.appointment_reminder_hours_before) == (True, 1)
        assert patient.plan_version > version  # the scheduler re-plans this patient
    assert last_audit(url).detail["patient"] == "updated"


# --------------------------------------------------------------------------- re-import


def test_reimport_keeps_history_and_retires_what_left_the_file(url: str) -> None:
    original = demo_text("demo-fr.yml")
    patient_id = load(url, original)
    with session_scope(url) as session:
        patient = session.get(Patient, patient_id)
        goals = {g.kind: g for g in patient.goals}
        walking_id, glucose_id = goals["walking"].id, goals["glucose"].id
        for minutes in (25, 35):
            goals["walking"].progress.append(ProgressEntry(value=minutes, unit="min"))
        goals["glucose"].progress.append(ProgressEntry(value=1.42, unit="g/L"))
        amlodipine = next(m for m in patient.medications if m.name == "Amlodipine")
        amlodipine_id = amlodipine.id
        session.add_all([
            Dose(medication=amlodipine, patient_id=patient_id, status="taken",
                 scheduled_at=dt.datetime(2026, 11, 23, 7, 0, tzinfo=UTC)),
            Dose(medication=amlodipine, patient_id=patient_id, status="pending",
                 scheduled_at=dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)),
        ])

    glucose_goal = original.index("  - kind: glucose")
    edited = (original[:glucose_goal] + original[original.index("  - kind: blood_pressure"):])
    edited = (edited
              .replace("    target: 30\n", "    target: 40\n")  # walking
              .replace("  - name: Amlodipine\n    dose: 1 comprimé de 5 mg\n"
                       '    times: ["08:00"]\n', "")
              .replace("at: 2026-12-03T14:30", "at: 2026-12-04T09:00")  # GP moved
              .replace("  - name: Anne Collignon\n    role: pharmacist\n"
                       '    phone: "+32 81 00 03 02"\n    language: fr\n', ""))
    caregivers_start = edited.index("caregivers:")
    edited = (edited[:caregivers_start] + "caregivers: []\n\n"
              + edited[edited.index("goals:"):])
    assert edited.count("kind:") == 2 and "Amlodipine" not in edited
    load(url, edited)

    with session_scope(url) as session:
        patient = session.get(Patient, patient_id)
        walking = session.get(Goal, walking_id)
        assert walking.target_value == 40 and walking.status == "active"
        assert [p.value for p in walking.progress] == [25, 35]
        glucose = session.get(Goal, glucose_id)
        assert glucose.status == "paused" and [p.value for p in glucose.progress] == [1.42]
        assert session.get(Medication, amlodipine_id).active is False
        doses = session.scalars(select(Dose).where(Dose.medication_id == amlodipine_id)).all()
        assert [d.status for d in doses] == ["taken"]  # the pending future dose is withdrawn
        appointments = {a.starts_at: a for a in patient.appointments}
        assert appointments[dt.datetime(2026, 12, 3, 13, 30, tzinfo=UTC)].cancelled is True
        assert appointments[dt.datetime(2026, 12, 4, 8, 0, tzinfo=UTC)].cancelled is False
        assert patient.caregivers == [] and session.scalars(select(Caregiver)).all() == []
        assert {a.member.name for a in patient.care_team} == {
            "Sophie Lambert", "Dr Philippe Renard"}
        # The pharmacist left this patient's plan, not the team.
        assert session.scalar(select(CareTeamMember).where(CareTeamMember.name == "Anne Collignon"))
    detail = last_audit(url).detail
    assert detail["goals"] == {"updated": 1, "unchanged": 1, "paused": 1}
    assert detail["medications"] == {"unchanged": 1, "deactivated": 1, "doses_withdrawn": 1}
    assert detail["appointments"] == {"created": 1, "unchanged": 1, "cancelled": 1}
    assert detail["caregivers"] == {"deleted": 1}
    assert detail["care_team"] == {"unchanged": 2, "unassigned": 1}

    load(url, original)  # back to the first plan: same rows again, history intact
    with session_scope(url) as session:
        assert session.get(Goal, glucose_id).status == "active"
        assert session.get(Medication, amlodipine_id).active is True
        assert len(session.get(Goal, walking_id).progress) == 2


# --------------------------------------------------------------------------- errors

BASE = """\
version: 1
patient:
  ref: p-1
  first_name: Léa
  last_name: Peeters
  language: fr
  phone: "+32470123456"
care_team: []
caregivers:
  - name: Tom Peeters
    phone: "+32470654321"
    language: nl
    receives_reminders: true
    receives_missed_dose_alerts: true
    may_see_medication_names: false
goals: []
medications:
  - name: Metformine
    dose: 1 comprimé de 500 mg
    times: ["08:00", "20:00"]
appointments: []
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(CarePlanFileError) as caught:
        parse_careplan(text, "careplan.yml")
    return str(caught.value).splitlines()


def test_base_plan_is_valid() -> None:
    assert parse_careplan(BASE).patient.ref == "p-1"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('"20:00"', '"25:00"',
     "careplan.yml:20: medications[0].times[1]: '25:00' is not a time (HH:MM)"),
    ("  phone: \"+32470123456\"", "  phnoe: \"+32470123456\"",
     "careplan.yml:7: patient.phnoe: unknown key; did you mean 'phone'?"),
    ('"+32470654321"', '"0470 65 43 21"',
     "careplan.yml:11: caregivers[0].phone: '0470 65 43 21' is not an E.164 phone number "
     "(+32 4xx xx xx xx for a Belgian mobile)"),
    ("  language: fr\n", "  language: en\n",
     "careplan.yml:6: patient.language: 'en' is not one of: fr, nl"),
    ("  ref: p-1\n", "",
     "careplan.yml:2: patient.ref: is required"),
    ("  first_name: Léa\n", "  first_name: Léa: x\n",
     "careplan.yml:4: malformed YAML: mapping values are not allowed here"),
    ('"+32470654321"', '"+3221234567"',
     "careplan.yml:11: caregivers[0].phone: '+3221234567' is a Belgian landline; "
     "text messages need a mobile number (+32 4…)"),
    ("appointments: []\n", "",
     "careplan.yml:1: appointments: is required (write `[]` if there are none)"),
    ("    may_see_medication_names: false\n", "",
     "careplan.yml:10: caregivers[0].may_see_medication_names: is required"),
    ("goals: []\n", "goals:\n  - kind: glucose\n    target: 130\n    unit: g/L\n",
     "careplan.yml:18: goals[0].target: 130 g/L is outside the plausible range 0.4–4 g/L"),
    ("goals: []\n", "goals:\n  - kind: glucose\n    target: 1,30\n",
     "careplan.yml:18: goals[0].target: '1,30' is not a number "
     "(write decimals with a point: 1.30)"),
    ("  phone: \"+32470123456\"\n",
     "  phone: \"+32470123456\"\n  appointment_reminders: {hours_before: 72}\n",
     "careplan.yml:8: patient.appointment_reminders.hours_before: '72' is not a whole number "
     "from 0 to 48"),
    ("  phone: \"+32470123456\"\n",
     "  phone: \"+32470123456\"\n  appointment_reminders: {day_befor: false}\n",
     "careplan.yml:8: patient.appointment_reminders.day_befor: unknown key; "
     "did you mean 'day_before'?"),
    ("appointments: []\n", "appointments:\n  - with: GP\n    at: 2027-03-28T02:30\n",
     "careplan.yml:23: appointments[0].at: '2027-03-28T02:30' does not exist in "
     "Europe/Brussels (the clocks go forward that night)"),
])
def test_error_messages_carry_the_line(old: str, new: str, expected: str) -> None:
    assert old in BASE
    assert errors_of(BASE.replace(old, new, 1)) == [expected]


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = (BASE.replace('"20:00"', '"25:00"')
            .replace("  language: fr\n", "  language: en\n")
            .replace("    language: nl\n", "    language: nl\n    receives_alerts: true\n")
            .replace("medications:\n", "medications:\n  - name: metformine\n    dose: x\n"
                                       "    times: [\"09:00\"]\n"))
    assert errors_of(text) == [
        "careplan.yml:6: patient.language: 'en' is not one of: fr, nl",
        "careplan.yml:13: caregivers[0].receives_alerts: unknown key; "
        "did you mean 'receives_reminders'?",
        "careplan.yml:22: medications[1].name: 'Metformine' is already in medications[0] "
        "(medications are matched by name)",
        "careplan.yml:24: medications[1].times[1]: '25:00' is not a time (HH:MM)",
    ]


def test_empty_and_non_mapping_files() -> None:
    assert errors_of("") == ["careplan.yml:1: the file is empty"]
    assert errors_of("- a\n- b\n") == ["careplan.yml:1: must be a mapping of `key: value` lines"]


# --------------------------------------------------------------------------- all or nothing


def test_a_bad_file_changes_nothing(url: str) -> None:
    text = demo_text("demo-fr.yml")
    load(url, text)
    before = snapshot(url)
    audits = len(snapshot_audit(url))
    # Valid changes first, one error at the very end: none of it may be written.
    bad = (text.replace("first_name: Marcel", "first_name: Marc")
           .replace("    target: 30\n", "    target: 45\n")
           .replace("at: 2027-01-14T10:15", "at: 2027-01-14T10h15"))
    with pytest.raises(CarePlanFileError, match=r"appointments\[1\]\.at"):
        load(url, bad)
    assert snapshot(url) == before
    assert len(snapshot_audit(url)) == audits


def test_import_is_part_of_the_callers_transaction(url: str) -> None:
    load(url, demo_text("demo-nl.yml"))
    before = snapshot(url)
    plan = parse_careplan(demo_text("demo-nl.yml").replace("target: 6000", "target: 7000"))
    with pytest.raises(RuntimeError), session_scope(url) as session:
        apply_careplan(session, plan, "test:nurse", now=NOW)
        raise RuntimeError("something later in the same transaction failed")
    assert snapshot(url) == before


def snapshot_audit(url: str) -> list[int]:
    with session_scope(url) as session:
        return list(session.scalars(select(AuditEntry.id)))


# --------------------------------------------------------------------------- time zones


def test_local_appointment_times_are_stored_in_utc(url: str) -> None:
    text = BASE.replace("appointments: []\n", (
        "appointments:\n"
        "  - with: Dr Renard\n    at: 2026-12-03T14:30\n"
        "  - with: Dr Renard\n    at: 2027-07-01T14:30\n"))
    patient_id = load(url, text)
    with session_scope(url) as session:
        stored = session.scalars(select(Appointment.starts_at).where(
            Appointment.patient_id == patient_id).order_by(Appointment.starts_at)).all()
        exported = export_careplan(session, session.get(Patient, patient_id))
    assert stored == [
        dt.datetime(2026, 12, 3, 13, 30, tzinfo=UTC),  # winter: UTC+1
        dt.datetime(2027, 7, 1, 12, 30, tzinfo=UTC),  # summer: UTC+2
    ]
    assert "at: 2026-12-03T14:30" in exported and "at: 2027-07-01T14:30" in exported


def test_appointments_follow_the_patients_timezone(url: str) -> None:
    text = BASE.replace("  phone:", "  timezone: America/Montreal\n  phone:", 1).replace(
        "appointments: []\n", "appointments:\n  - with: Dr Tremblay\n    at: 2026-12-03T14:30\n")
    plan = parse_careplan(text)
    assert plan.appointments[0].starts_at == dt.datetime(2026, 12, 3, 19, 30, tzinfo=UTC)
    assert errors_of(text.replace("America/Montreal", "Europe/Bruxelles")) == [
        "careplan.yml:7: patient.timezone: 'Europe/Bruxelles' is not an IANA timezone "
        "(e.g. Europe/Brussels)"]
