"""`bot console-user` and the demo console accounts of `bot demo load`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from bot import accounts
from bot.db import session_scope
from bot.models import ConsoleUser


def _bot(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CARE_DATABASE_URL": url})


def test_console_user_add_list_disable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    assert _bot(url, "team", "add", "Namur").returncode == 0
    assert _bot(url, "member", "add", "--team", "Namur", "--name", "Sophie Lambert",
                "--role", "nurse").returncode == 0
    added = _bot(url, "console-user", "add", "sophie", "--role", "nurse", "--team", "Namur",
                 "--member", "Sophie Lambert", "--language", "nl", "--password-stdin",
                 stdin="a long passphrase\n")
    assert added.returncode == 0, added.stderr
    assert "console user 1: sophie (nurse)" in added.stdout
    with session_scope(url) as s:
        user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == "sophie"))
        assert user.language == "nl" and user.member.name == "Sophie Lambert"
        assert accounts.authenticate(s, "sophie", "a long passphrase").user is not None
    listed = _bot(url, "console-user", "list")
    assert "sophie" in listed.stdout and "active" in listed.stdout
    assert "a long passphrase" not in listed.stdout + added.stdout
    assert _bot(url, "console-user", "disable", "sophie").returncode == 0
    assert "disabled" in _bot(url, "console-user", "list").stdout
    with session_scope(url) as s:
        assert accounts.authenticate(s, "sophie", "a long passphrase").user is None


def test_console_user_add_refuses_bad_input(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    short = _bot(url, "console-user", "add", "xavier", "--role", "admin", "--password-stdin",
                 stdin="short\n")
    assert short.returncode == 1 and "at least 10" in short.stderr
    no_team = _bot(url, "console-user", "add", "nina", "--role", "nurse", "--team", "Nowhere",
                   "--password-stdin", stdin="a long passphrase\n")
    assert no_team.returncode == 1 and "no team named 'Nowhere'" in no_team.stderr
    assert _bot(url, "console-user", "disable", "ghost").returncode == 1


def test_demo_load_creates_the_demo_console_accounts_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    first = _bot(url, "demo", "load")
    assert first.returncode == 0, first.stderr
    assert "demo console account infirmiere (nurse) created" in first.stdout
    again = _bot(url, "demo", "load")
    assert again.returncode == 0 and "console account" not in again.stdout
    with session_scope(url) as s:
        nurse = accounts.authenticate(s, "infirmiere", "demo-infirmiere").user
        assert nurse is not None and nurse.member.name == "Sophie Lambert"
        visible = accounts.visible_patient_ids(s, nurse)
        dutch = accounts.authenticate(s, "verpleegkundige", "demo-verpleegkundige").user
        assert dutch.language == "nl"
        assert visible and visible.isdisjoint(accounts.visible_patient_ids(s, dutch))


def test_set_password_and_revoke_sessions_end_the_sessions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    assert _bot(url, "console-user", "add", "root", "--role", "admin", "--password-stdin",
                stdin="a long passphrase\n").returncode == 0
    hour = dt.timedelta(hours=1)

    def open_sessions() -> list[str]:
        with session_scope(url) as s:
            user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == "root"))
            return [accounts.start_session(s, user, source="cli-test") for _ in range(2)]

    def live(tokens: list[str]) -> list[bool]:
        with session_scope(url) as s:
            return [accounts.session_user(s, t, idle=hour, max_age=hour) is not None
                    for t in tokens]

    tokens = open_sessions()
    assert live(tokens) == [True, True]
    revoked = _bot(url, "console-user", "revoke-sessions", "root")
    assert revoked.returncode == 0 and "2 session(s) ended" in revoked.stdout
    assert live(tokens) == [False, False]
    tokens = open_sessions()
    changed = _bot(url, "console-user", "set-password", "root", "--password-stdin",
                   stdin="another passphrase\n")
    assert changed.returncode == 0, changed.stderr
    assert live(tokens) == [False, False]
    with session_scope(url) as s:
        assert accounts.authenticate(s, "root", "another passphrase").user is not None
    tokens = open_sessions()
    assert _bot(url, "console-user", "disable", "root").returncode == 0
    assert live(tokens) == [False, False]
    assert _bot(url, "console-user", "revoke-sessions", "ghost").returncode == 1


def test_demo_load_refuses_in_production(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    refused = subprocess.run([sys.executable, "-m", "bot.cli", "demo", "load"],
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "CARE_DATABASE_URL": url,
                                  "ENVIRONMENT": "production"})
    assert refused.returncode != 0
    assert "ENVIRONMENT=production" in refused.stderr and "public" in refused.stderr
    assert "console account" not in refused.stdout
    with session_scope(url) as s:
        assert s.scalar(select(ConsoleUser)) is None
