"""On-call rota files (bot/rota.py): line-numbered errors and nothing stored unless the
whole file is valid; who is on call across the Belgian clock changes; which flags
page; export then import gives the same rota; the `bot team rota` commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import rota
from bot.db import session_scope
from bot.models import AuditEntry, CareTeamMember, TeamRota
from tests.support.paging_team import ROTA, local, seed_team


def _rota(url: str) -> rota.Rota:
    with session_scope(url) as s:
        team_rota = rota.rota_for(s, s.scalar(select(TeamRota.team_id)))
    assert team_rota is not None
    return team_rota


def _names(url: str) -> dict[int, str]:
    with session_scope(url) as s:
        return {m.id: m.name for m in s.scalars(select(CareTeamMember))}


def _problems(url: str, text: str) -> list[str]:
    with session_scope(url) as s, pytest.raises(rota.RotaFileError) as caught:
        rota.load_rota(s, text, "rota.yml")
    return str(caught.value).splitlines()


def test_who_is_on_call_day_night_and_replacement(db_url: str) -> None:
    seed_team(db_url)
    team_rota, names = _rota(db_url), _names(db_url)

    def who(*when: int) -> str | None:
        member = rota.who_is_on_call(team_rota, local(*when))
        return names.get(member) if member else None

    assert who(2026, 11, 30, 14, 0) == "Lucie Jour"
    assert who(2026, 11, 30, 3, 0) == "Sophie Lambert"  # a night shift spans midnight
    assert who(2026, 11, 30, 20, 0) == "Sophie Lambert"
    assert who(2026, 11, 30, 7, 59) == "Sophie Lambert"
    assert who(2026, 11, 30, 8, 0) == "Lucie Jour"
    # The one-off replacement, Christmas Eve night, wins over the weekly pattern.
    assert who(2026, 12, 24, 19, 59) == "Lucie Jour"
    assert who(2026, 12, 24, 23, 0) == "Marc Backup"
    assert who(2026, 12, 25, 7, 59) == "Marc Backup"
    assert who(2026, 12, 25, 8, 0) == "Lucie Jour"


def test_who_is_on_call_across_the_belgian_clock_changes(db_url: str) -> None:
    import datetime as dt

    seed_team(db_url)
    team_rota, names = _rota(db_url), _names(db_url)

    def who_utc(*when: int) -> str:
        at = dt.datetime(*when, tzinfo=dt.timezone.utc)
        return names[rota.who_is_on_call(team_rota, at)]

    # 2026-03-29, clocks go forward at 02:00 CET: 08:00 local is 06:00 UTC that day.
    assert who_utc(2026, 3, 28, 6, 30) == "Sophie Lambert"  # 07:30 CET
    assert who_utc(2026, 3, 28, 7, 0) == "Lucie Jour"  # 08:00 CET
    assert who_utc(2026, 3, 29, 1, 30) == "Sophie Lambert"  # 03:30 CEST (02:30 never was)
    assert who_utc(2026, 3, 29, 5, 59) == "Sophie Lambert"  # 07:59 CEST
    assert who_utc(2026, 3, 29, 6, 0) == "Lucie Jour"  # 08:00 CEST
    # 2026-10-25, clocks go back at 03:00 CEST: 02:30 happens twice, both in the night.
    assert who_utc(2026, 10, 25, 0, 30) == "Sophie Lambert"  # 02:30 CEST
    assert who_utc(2026, 10, 25, 1, 30) == "Sophie Lambert"  # 02:30 CET
    assert who_utc(2026, 10, 25, 6, 59) == "Sophie Lambert"  # 07:59 CET
    assert who_utc(2026, 10, 25, 7, 0) == "Lucie Jour"  # 08:00 CET
    assert who_utc(2026, 10, 24, 6, 0) == "Lucie Jour"  # 08:00 CEST the day before


def test_which_flags_page(db_url: str) -> None:
    seed_team(db_url, ROTA.replace("escalation:", "page:\n  kinds:\n    low_mood: always\n"
                                   "escalation:"))
    team_rota = _rota(db_url)
    day, night = local(2026, 11, 30, 14, 0), local(2026, 11, 30, 3, 0)
    assert rota.pages(team_rota, "emergency", "urgent", night)
    assert rota.pages(team_rota, "request_nurse", "high", day)
    assert not rota.pages(team_rota, "request_nurse", "high", night)  # high: day hours only
    assert rota.pages(team_rota, "low_mood", "high", night)  # per-kind setting
    assert not rota.pages(team_rota, "missed_doses", "normal", day)


def test_nobody_on_call_outside_the_shifts(db_url: str) -> None:
    seed_team(db_url, ROTA.split("  - {days")[0] + "replacements: []\nescalation: [Claire Coord]\n")
    team_rota = _rota(db_url)
    assert rota.who_is_on_call(team_rota, local(2026, 11, 30, 3, 0)) is None
    assert rota.who_is_on_call(team_rota, local(2026, 11, 30, 9, 0)) is not None


def test_errors_have_lines_and_nothing_is_stored(db_url: str) -> None:
    seed_team(db_url, rota_text="")
    with session_scope(db_url) as s:
        s.scalars(select(CareTeamMember).where(CareTeamMember.name == "Marc Backup")
                  ).one().phone = None
    bad = (ROTA.replace('end: "20:00"', 'end: "25:00"', 1)
           .replace('start: "20:00"', 'start: "19:00"')
           .replace("Claire Coord", "Claire Inconnue")
           .replace("ack_timeout_minutes: 10", "ack_timeout_minutes: 10\nescalate_after: 5"))
    problems = _problems(db_url, bad)
    assert problems == ["rota.yml:5: escalate_after: unknown key; expected one of: version, "
                        "team, timezone, ack_timeout_minutes, day_hours, page, weekly, "
                        "replacements, escalation",
                        "rota.yml:9: weekly[0].end: '25:00' is not a time (HH:MM)"]
    # Once the structure is right, the shifts and the members are checked.
    overlapping = ROTA.replace('start: "20:00"', 'start: "19:00"').replace(
        "Claire Coord", "Claire Inconnue")
    assert _problems(db_url, overlapping) == [
        "rota.yml:10: weekly[1]: overlaps the shift at line 6"]
    unknown = ROTA.replace("Claire Coord", "Claire Inconnue")
    problems = _problems(db_url, unknown)
    assert problems[0] == ("rota.yml:13: replacements[0].member: Marc Backup has no phone "
                           "number: pages go by SMS")
    assert problems[1].startswith("rota.yml:15: escalation[0]: Marc Backup has no phone")
    assert problems[2].startswith("rota.yml:16: escalation[1]: 'Claire Inconnue' is not an "
                                  "active member of Namur (members: Claire Coord,")
    with session_scope(db_url) as s:
        assert s.scalar(select(TeamRota)) is None


@pytest.mark.parametrize(("replacement", "message"), [
    ('{start: "2026-03-29T02:30", end: "2026-03-29T08:00", member: Marc Backup}',
     "replacements[0].start: does not exist in Europe/Brussels"),
    ('{start: "2026-10-25T02:30", end: "2026-10-25T08:00", member: Marc Backup}',
     "replacements[0].start: happens twice in Europe/Brussels"),
    ('{start: "2026-12-25T08:00", end: "2026-12-24T08:00", member: Marc Backup}',
     "replacements[0].end: must be after start"),
])
def test_replacements_refuse_impossible_times(db_url: str, replacement: str,
                                              message: str) -> None:
    seed_team(db_url, rota_text="")
    text = ROTA.replace('{start: "2026-12-24T20:00", end: "2026-12-25T08:00", '
                        'member: Marc Backup}', replacement)
    assert message in _problems(db_url, text)[0]


def test_export_then_import_gives_the_same_rota(db_url: str) -> None:
    seed_team(db_url)
    with session_scope(db_url) as s:
        row = s.scalar(select(TeamRota))
        exported = rota.export_rota(s, row.team)
        team, doc = rota.load_rota(s, exported, "exported.yml")
        assert doc == row.document
        rota.apply_rota(s, team, doc, "test")
    with session_scope(db_url) as s:
        assert s.scalar(select(TeamRota.version)) == 2
        assert s.scalar(select(AuditEntry.detail).where(AuditEntry.entity == "rota")
                        .order_by(AuditEntry.id.desc()).limit(1))["version"] == 2


def _bot(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "CARE_DATABASE_URL": url})


def test_cli_import_export_round_trip(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    from bot.db import migrate

    migrate(url)
    seed_team(url, rota_text="")
    source = tmp_path / "rota.yml"
    source.write_text(ROTA.replace("Marc Backup\n  - Claire", "Marc Bakup\n  - Claire"),
                      encoding="utf-8")
    refused = _bot(url, "team", "rota", "import", str(source))
    assert refused.returncode == 1
    assert "rota.yml:15: escalation[0]: 'Marc Bakup' is not an active member" in refused.stderr
    source.write_text(ROTA, encoding="utf-8")
    imported = _bot(url, "team", "rota", "import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert "version 1" in imported.stdout
    exported = _bot(url, "team", "rota", "export", "Namur", "-o", str(tmp_path / "out.yml"))
    assert exported.returncode == 0, exported.stderr
    again = _bot(url, "team", "rota", "import", str(tmp_path / "out.yml"))
    assert again.returncode == 0 and "version 2" in again.stdout
    with session_scope(url) as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "rota")))
    assert actions == {"update", "export"}
    assert _bot(url, "team", "rota", "export", "Nowhere").returncode == 1
