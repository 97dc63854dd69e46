"""Care-team roles as codes (bot/care_roles.py): the care-plan reader stores a code for
a code, an older code or a known label in either language and keeps other text; every
label exists in French and Dutch; the migration converts stored roles; the export
writes the code back; the console shows the label in the nurse's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot import care_roles
from bot.careplan_file import CarePlanFileError, export_careplan, parse_careplan
from bot.careplan_file.apply import apply_careplan
from bot.db import alembic_config, dispose, session_scope
from tests.support.paths import ROOT

DEMO = ROOT / "bot" / "demo"


@pytest.mark.parametrize(("written", "code"), [
    ("general_practitioner", "general_practitioner"),
    ("gp", "general_practitioner"),
    ("Médecin généraliste", "general_practitioner"),
    ("medecin generaliste", "general_practitioner"),
    ("huisarts", "general_practitioner"),
    ("infirmière", "nurse"),
    ("verpleegkundige", "nurse"),
    ("Kinésithérapeute", "physiotherapist"),
    ("kinesitherapeut", "physiotherapist"),
    ("diëtist", "dietitian"),
    ("maatschappelijk werker", "social_worker"),
    ("assistante sociale", "social_worker"),
    ("éducateur en diabétologie", "diabetes_educator"),
    ("podoloog", "podiatrist"),
    ("  apotheker ", "pharmacist"),
    ("tabacologue", "tabacologue"),  # unknown: kept as written
])
def test_codes_from_what_a_plan_writes(written: str, code: str) -> None:
    assert care_roles.code_for(written) == code


def test_every_code_has_a_french_and_a_dutch_label_that_maps_back() -> None:
    for code, (fr, nl) in care_roles.LABELS.items():
        assert fr and nl and fr != code
        assert care_roles.code_for(fr) == code and care_roles.code_for(nl) == code
        assert care_roles.label(code, "fr") == fr and care_roles.label(code, "nl") == nl
    assert care_roles.label("general_practitioner", "nl") == "huisarts"
    assert care_roles.label("general_practitioner", "fr") == "médecin généraliste"
    assert care_roles.label("tabacologue", "nl") == "tabacologue"


def _plan_with_roles(*roles: str) -> str:
    text = (DEMO / "demo-fr.yml").read_text("utf-8")
    start = text.index("care_team:")
    end = text.index("\ncaregivers:")
    members = "".join(f"  - name: Person {i}\n    role: {role}\n"
                      for i, role in enumerate(roles))
    return text[:start] + "care_team:\n" + members + text[end:]


def test_the_reader_stores_codes_and_keeps_free_text(tmp_path: Path) -> None:
    plan = parse_careplan(_plan_with_roles("huisarts", "Pharmacien", "gp", "tabacologue"),
                          "plan.yml")
    assert [m.role for m in plan.care_team] == [
        "general_practitioner", "pharmacist", "general_practitioner", "tabacologue"]
    with pytest.raises(CarePlanFileError) as error:
        parse_careplan(_plan_with_roles("x" * 41), "plan.yml")
    assert "too long" in str(error.value.problems[0].message)
    url = f"sqlite:///{tmp_path / 'care.db'}"
    from bot.db import migrate
    migrate(url)
    with session_scope(url) as s:
        patient = apply_careplan(s, parse_careplan(
            _plan_with_roles("médecin généraliste", "tabacologue"), "plan.yml"), "test")
        exported = export_careplan(s, patient, "test")
    assert "role: general_practitioner" in exported and "role: tabacologue" in exported


def test_the_demo_plans_use_codes() -> None:
    for path in DEMO.glob("*.yml"):
        for line in path.read_text("utf-8").splitlines():
            if line.strip().startswith("role:"):
                assert line.split(":", 1)[1].strip() in care_roles.CODES, (path, line)


def test_the_migration_converts_stored_roles(tmp_path: Path) -> None:
    from alembic import command

    url = f"sqlite:///{tmp_path / 'care.db'}"
    command.upgrade(alembic_config(url), "0013")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO teams (id, name) VALUES (1, 'T')"))
        for i, role in enumerate(["gp", "huisarts", "Kinésithérapeute", "nurse",
                                  "tabacologue"]):
            connection.execute(text(
                "INSERT INTO care_team_members (team_id, name, role, language, active) "
                "VALUES (1, :name, :role, 'fr', 1)"), {"name": f"m{i}", "role": role})
    command.upgrade(alembic_config(url), "head")
    with engine.connect() as connection:
        roles = [r for (r,) in connection.execute(
            text("SELECT role FROM care_team_members ORDER BY id"))]
    engine.dispose()
    dispose(url)
    assert roles == ["general_practitioner", "general_practitioner", "physiotherapist",
                     "nurse", "tabacologue"]


def test_the_console_shows_the_role_in_the_nurses_language(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from console.app import Settings, create_app
    from tests.support.console_seed import FakeRasa, seed, sign_in

    seeded = seed(f"sqlite:///{tmp_path / 'console.db'}")
    app = create_app(Settings(secret_key="k", database_url=seeded.url, rasa=FakeRasa()))
    client = TestClient(app)
    assert sign_in(client, "coord_a").status_code == 303
    page = client.get(f"/patients/{seeded.patient_a1}").text
    assert "Dr Renard (médecin généraliste)" in page
    with session_scope(seeded.url) as s:
        from bot.models import ConsoleUser
        s.query(ConsoleUser).filter_by(username="coord_a").one().language = "nl"
    page = client.get(f"/patients/{seeded.patient_a1}").text
    assert "Dr Renard (huisarts)" in page and "(general_practitioner)" not in page
