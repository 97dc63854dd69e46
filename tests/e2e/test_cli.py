"""The `bot` command line: care-team tooling on a real database, and chat against the
real Rasa and action servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot.db import session_scope
from bot.messages import JOIN_INSTRUCTIONS, render
from bot.models import AuditEntry, Caregiver, Flag, Patient
from tests.support.paths import ROOT
from tests.support.processes import ActionServer, RasaServer


def _bot(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )


def test_parse_prints_intent_language_and_red_flag(rasa_server: RasaServer) -> None:
    result = _bot("parse", "ik heb pijn op de borst", RASA_URL=rasa_server.url,
                  RASA_TOKEN=rasa_server.token)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["intent"]["name"] == "emergency"
    assert output["language"] == "nl"
    assert output["red_flag"]["kind"] == "chest_pain"


def test_chat_from_an_unlinked_account_joins_with_a_code(
    rasa_server: RasaServer, action_server: ActionServer
) -> None:
    env = {"RASA_URL": rasa_server.url, "RASA_TOKEN": rasa_server.token,
           "CARE_DATABASE_URL": action_server.database_url}
    assert _bot("demo", "load", **env).returncode == 0
    enrolled = _bot("enroll", "demo-fr", **env)
    assert enrolled.returncode == 0, enrolled.stderr
    code = enrolled.stdout.split("code: ")[1].split()[0]

    session = "c'est quoi mes objectifs\nAAAA-AAAA\n" + code + "\nc'est quoi mes objectifs\n/quit\n"
    result = _bot("chat", "--as", "cli-test-account", stdin=session, **env)
    assert result.returncode == 0, result.stderr
    replies = [r.replace("vous/u >", "").strip() for r in result.stdout.split("bot > ")[1:]]
    assert replies[0] == JOIN_INSTRUCTIONS  # nothing else before linking
    assert replies[1].startswith("Ce code n'est pas valable")
    assert "Deze code is niet geldig" in replies[1]
    assert replies[2].startswith("Bienvenue")
    assert replies[3].startswith("Vos objectifs cette semaine")


def test_demo_chat_talks_as_the_demo_patient(
    rasa_server: RasaServer, action_server: ActionServer
) -> None:
    env = {"RASA_URL": rasa_server.url, "RASA_TOKEN": rasa_server.token,
           "CARE_DATABASE_URL": action_server.database_url}
    assert _bot("demo", "load", **env).returncode == 0
    result = _bot("chat", "--demo", "nl", stdin="wanneer is mijn volgende afspraak\n/quit\n",
                  **env)
    assert result.returncode == 0, result.stderr
    assert "Uw volgende afspraken:" in result.stdout


def test_chat_answers_a_red_flag_once_and_flags_it(
    rasa_server: RasaServer, action_server: ActionServer
) -> None:
    """`bot chat` runs the safety net first, as the gateway does; Rasa, told so, stays
    silent: one emergency answer, with the Antipoison Centre for a poisoning."""
    env = {"RASA_URL": rasa_server.url, "RASA_TOKEN": rasa_server.token,
           "CARE_DATABASE_URL": action_server.database_url}
    assert _bot("demo", "load", **env).returncode == 0
    result = _bot("chat", "--demo", "fr", stdin="j'ai avalé 10 comprimés au lieu d'un\n/quit\n",
                  **env)
    assert result.returncode == 0, result.stderr
    replies = [r.replace("vous/u >", "").strip() for r in result.stdout.split("bot > ")[1:]]
    assert len(replies) == 1, replies
    assert replies[0].startswith(render("emergency_112", "fr")) and "070 245 245" in replies[0]
    with session_scope(action_server.database_url) as s:
        patient = s.scalar(select(Patient).where(Patient.external_ref == "demo-fr"))
        assert s.scalar(select(Flag).where(Flag.patient_id == patient.id,
                                           Flag.kind == "emergency",
                                           Flag.summary.contains("10 comprimés")))


def test_care_team_commands_and_line_numbered_import_errors(tmp_path: Path) -> None:
    env = {"CARE_DATABASE_URL": f"sqlite:///{tmp_path / 'care.db'}"}
    assert _bot("patient", "add", "--ref", "p9", "--first-name", "Jan", "--last-name", "Peeters",
                "--language", "nl", "--phone", "+32470999999", **env).returncode == 0
    duplicate = _bot("patient", "add", "--ref", "p9", "--first-name", "X", "--last-name", "Y",
                     **env)
    assert duplicate.returncode == 1 and "exists already" in duplicate.stderr
    bad_phone = _bot("caregiver", "add", "--patient", "p9", "--name", "Els", "--phone", "0470",
                     **env)
    assert bad_phone.returncode == 1 and "E.164" in bad_phone.stderr
    assert _bot("caregiver", "add", "--patient", "p9", "--name", "Els", "--phone",
                "+32470888888", "--language", "nl", **env).returncode == 0

    exported = _bot("careplan", "export", "p9", **env)
    assert exported.returncode == 0, exported.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(exported.stdout.replace("language: nl", "language: de", 1))
    result = _bot("careplan", "import", str(broken), **env)
    assert result.returncode == 1
    assert "broken.yml:" in result.stderr and "language" in result.stderr

    with session_scope(env["CARE_DATABASE_URL"]) as s:
        patient = s.scalars(select(Patient).where(Patient.external_ref == "p9")).one()
        assert patient.language == "nl"  # the bad file changed nothing
        assert [c.name for c in s.scalars(select(Caregiver))] == ["Els"]


DEMO = ROOT / "bot" / "demo"


def test_careplan_check_validates_without_touching_the_database(tmp_path: Path) -> None:
    db = tmp_path / "care.db"
    env = {"CARE_DATABASE_URL": f"sqlite:///{db}"}
    good = tmp_path / "good.yml"
    good.write_text((DEMO / "demo-fr.yml").read_text(encoding="utf-8"), encoding="utf-8")
    valid = _bot("careplan", "check", str(good), **env)
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout.strip() == f"{good}: ok"

    lines = good.read_text(encoding="utf-8").splitlines()
    line = lines.index("  language: fr") + 1  # the patient's language
    lines[line - 1] = "  language: de"
    bad = tmp_path / "bad.yml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    invalid = _bot("careplan", "check", str(good), str(bad), **env)
    assert invalid.returncode == 1
    assert f"{bad}:{line}: patient.language: 'de' is not one of: fr, nl" in invalid.stderr
    assert "ok" in invalid.stdout  # the good file is still reported
    assert not db.exists()  # validate only: no database created, nothing written


def test_careplan_import_is_all_or_nothing_and_export_is_audited(tmp_path: Path) -> None:
    env = {"CARE_DATABASE_URL": f"sqlite:///{tmp_path / 'care.db'}"}
    bad = tmp_path / "bad.yml"
    bad.write_text((DEMO / "demo-nl.yml").read_text(encoding="utf-8")
                   .replace("language: nl", "language: de", 1), encoding="utf-8")
    refused = _bot("careplan", "import", "--demo", str(bad), **env)
    assert refused.returncode == 1 and "bad.yml:" in refused.stderr
    with session_scope(env["CARE_DATABASE_URL"]) as s:
        assert s.scalars(select(Patient)).first() is None  # the valid demo plans neither

    imported = _bot("careplan", "import", "--demo", **env)
    assert imported.returncode == 0, imported.stderr
    assert "demo-fr" in imported.stdout and "demo-nl" in imported.stdout
    exported = _bot("careplan", "export", "demo-fr", "--actor", "cli:auditor", **env)
    assert exported.returncode == 0, exported.stderr
    assert "ref: demo-fr" in exported.stdout
    written = tmp_path / "plan.yml"
    assert _bot("careplan", "export", "demo-nl", "-o", str(written), **env).returncode == 0
    assert "ref: demo-nl" in written.read_text(encoding="utf-8")
    with session_scope(env["CARE_DATABASE_URL"]) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")
                            .order_by(AuditEntry.id)).all()
        patients = {p.id: p.external_ref for p in s.scalars(select(Patient))}
        default_actor = f"cli:{os.environ.get('USER', 'unknown')}"
        assert [(e.actor, e.entity, patients[e.patient_id]) for e in entries] == [
            ("cli:auditor", "careplan", "demo-fr"), (default_actor, "careplan", "demo-nl")]


def test_appointment_reminder_timing_is_set_per_patient(tmp_path: Path) -> None:
    env = {"CARE_DATABASE_URL": f"sqlite:///{tmp_path / 'care.db'}"}
    assert _bot("patient", "add", "--ref", "p7", "--first-name", "Anne", "--last-name", "Claes",
                **env).returncode == 0
    shown = _bot("patient", "appointment-reminders", "p7", **env)
    assert shown.stdout.strip() == "p7: evening before yes, 3 h before"
    changed = _bot("patient", "appointment-reminders", "p7", "--no-day-before",
                   "--hours-before", "2", **env)
    assert changed.stdout.strip() == "p7: evening before no, 2 h before", changed.stderr
    refused = _bot("patient", "appointment-reminders", "p7", "--hours-before", "99", **env)
    assert refused.returncode == 1 and "0 to 48" in refused.stderr
    with session_scope(env["CARE_DATABASE_URL"]) as s:
        patient = s.scalars(select(Patient).where(Patient.external_ref == "p7")).one()
        assert (patient.appointment_reminder_day_before,
                patient.appointment_reminder_hours_before) == (False, 2)
        assert patient.plan_version >= 1  # the scheduler re-plans this patient
    exported = _bot("careplan", "export", "p7", **env)
    assert "appointment_reminders: {day_before: false, hours_before: 2}" in exported.stdout


def test_clear_error_when_rasa_is_unreachable(tmp_path: Path) -> None:
    result = _bot("parse", "bonjour", RASA_URL="http://127.0.0.1:9")
    assert result.returncode == 2
    assert "cannot reach the Rasa server" in result.stderr
