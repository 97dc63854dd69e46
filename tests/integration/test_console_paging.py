"""The console's side of on-call paging (Starlette's TestClient, SQLite): the rota
editor for coordinators (line-numbered errors, audited, effective at once), the red
"nobody on call" banner, paging status in the queue and on the flag, and opening or
acknowledging a flag stopping the escalation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot import flags, paging
from bot.db import session_scope
from bot.models import AuditEntry, CareTeamMember, Flag, Page, TeamRota, utcnow
from console.app import Settings, create_app
from tests.support.console_seed import FakeRasa, Seed, post, seed, sign_in

ROTA = """\
version: 1
team: Namur
timezone: Europe/Brussels
weekly:
  - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "12:00", member: Sophie Lambert}
  - {days: [mon, tue, wed, thu, fri, sat, sun], start: "12:00", end: "00:00", member: Sophie Lambert}
replacements: []
escalation: [Dr Renard]
"""  # noqa: E501
EMPTY_WEEK = ROTA.split("weekly:")[0] + "weekly: []\nreplacements: []\nescalation: [Dr Renard]\n"


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[Seed, FakeRasa]]:
    yield seed(f"sqlite:///{tmp_path / 'care.db'}"), FakeRasa()


def _as(seeded: Seed, rasa: FakeRasa, username: str) -> TestClient:
    client = TestClient(create_app(Settings(secret_key="k", database_url=seeded.url, rasa=rasa)))
    assert sign_in(client, username).status_code == 303
    return client


def test_coordinator_edits_the_rota_with_line_numbered_errors(env) -> None:
    seeded, rasa = env
    coordinator = _as(seeded, rasa, "coord_a")
    page = coordinator.get("/rota")
    assert page.status_code == 200 and 'id="no-rota"' in page.text
    refused = post(coordinator, "/rota", rota=ROTA.replace("Dr Renard", "Dr Nobody"))
    assert refused.status_code == 422
    # In the coordinator's language (issue 14: errors as keys; the English was shown
    # as-is before, and `bot team rota import` still says "is not an active member").
    assert "ligne 8 — escalation[0] : « Dr Nobody » n&#39;est pas un membre actif" in refused.text
    with session_scope(seeded.url) as s:
        assert s.scalar(select(TeamRota)) is None
    saved = post(coordinator, "/rota", rota=ROTA)
    assert saved.status_code == 303
    page = coordinator.get("/rota")
    assert "Sophie Lambert" in page.text and 'id="on-call-now"' in page.text
    with session_scope(seeded.url) as s:
        actions = set(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "rota")))
    assert {"read", "update_refused", "update"} <= actions
    # Another team's rota cannot be written from here; nurses have no rota page.
    other = post(coordinator, "/rota", rota=ROTA.replace("team: Namur", "team: Kortrijk"))
    assert other.status_code == 422
    assert _as(seeded, rasa, "nurse_a").get("/rota").status_code == 404


def test_nobody_on_call_banner(env) -> None:
    seeded, rasa = env
    coordinator = _as(seeded, rasa, "coord_a")
    assert 'id="nobody-on-call"' not in coordinator.get("/queue").text  # no rota: no claim
    assert post(coordinator, "/rota", rota=EMPTY_WEEK).status_code == 303
    page = coordinator.get("/queue").text
    assert 'id="nobody-on-call"' in page and "Personne n&#39;est de garde" in page
    assert 'id="nobody-on-call"' not in _as(seeded, rasa, "nurse_b").get("/queue").text
    assert "en ce moment (Namur)" in _as(seeded, rasa, "admin").get("/queue").text
    assert post(coordinator, "/rota", rota=ROTA).status_code == 303
    assert 'id="nobody-on-call"' not in coordinator.get("/queue").text


def test_queue_and_flag_show_paging_and_opening_it_stops_the_escalation(env) -> None:
    seeded, rasa = env
    assert post(_as(seeded, rasa, "coord_a"), "/rota", rota=ROTA).status_code == 303
    with session_scope(seeded.url) as s:
        flag = s.get(Flag, seeded.flag_a1)
        flag.status = flags.ACKNOWLEDGED
        flags.raise_flag(s, flags.EMERGENCY, patient_id=flag.patient_id,
                         conversation_id=flag.conversation_id, summary="again", reopen=True)
    gp = _as(seeded, rasa, "coord_a")  # a coordinator without a member: reading is not taking
    rows = gp.get("/api/queue").json()["rows"]
    row = next(r for r in rows if r["id"] == seeded.flag_a1)
    assert row["paging"].startswith("SMS à Sophie Lambert") and "en attente" in row["paging"]
    gp.get(f"/flags/{seeded.flag_a1}")
    with session_scope(seeded.url) as s:
        assert s.scalar(select(Page.acked_at)) is None
    nurse = _as(seeded, rasa, "nurse_a")  # Sophie herself opens it
    page = nurse.get(f"/flags/{seeded.flag_a1}")
    assert f'id="paging-{seeded.flag_a1}"' in page.text and "pris en compte" in page.text
    with session_scope(seeded.url) as s:
        assert s.scalar(select(Page.acked_via)) == "console"
        assert paging.escalate_due(s, utcnow() + paging.dt.timedelta(hours=1)) == []


def test_acknowledging_in_the_console_stops_the_escalation(env) -> None:
    seeded, rasa = env
    coordinator = _as(seeded, rasa, "coord_a")
    assert post(coordinator, "/rota", rota=ROTA).status_code == 303
    with session_scope(seeded.url) as s:
        s.get(CareTeamMember, seeded.gp_a).language = "nl"
        flag = s.get(Flag, seeded.flag_a1)
        flag.status = flags.ACKNOWLEDGED
        flags.raise_flag(s, flags.EMERGENCY, patient_id=flag.patient_id,
                         conversation_id=flag.conversation_id, summary="again", reopen=True)
    assert post(coordinator, f"/flags/{seeded.flag_a1}/acknowledge").status_code == 303
    with session_scope(seeded.url) as s:
        page = s.scalar(select(Page))
        assert (page.acked_via, page.acked_by) == ("console", "coord_a")
