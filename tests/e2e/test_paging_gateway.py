"""On-call paging end to end: the real gateway process (Rasa stopped: paging must not
need it) delivering to the fake Twilio server, the scheduler's escalation step driven
with explicit clock values, acknowledgements by a signed Twilio webhook and in the
console, and a rota change through `bot team rota import`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot import accounts, flags, i18n, paging, rota
from bot.db import migrate, session_scope
from bot.models import ChannelIdentity, Flag, Page, Patient
from console.app import Settings, create_app
from tests.support.console_seed import PASSWORD, FakeRasa, sign_in
from tests.support.gateway_process import Running, running_gateway, wait_texts
from tests.support.paging_team import PHONES, ROTA, PagedTeam, local, seed_team
from tests.support.processes import free_port
from tests.support.waiting import wait_for

PATIENT_PHONE = "+32470555001"
MIN = dt.timedelta(minutes=1)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, PagedTeam]]:
    workdir = tmp_path_factory.mktemp("paging")
    url = f"sqlite:///{workdir / 'care.db'}"
    migrate(url)
    team = seed_team(url, channel="sms", external_id=PATIENT_PHONE)
    nobody = f"http://127.0.0.1:{free_port()}"
    with running_gateway(url, nobody, "t", workdir, GATEWAY_RASA_NOTICE_SECONDS="2",
                         CONSOLE_PUBLIC_URL="https://console.example.org") as gateway:
        yield gateway, team


def _pages(url: str, flag_id: int) -> list[Page]:
    with session_scope(url) as s:
        pages = list(s.scalars(select(Page).where(Page.flag_id == flag_id).order_by(Page.id)))
        for page in pages:
            s.expunge(page)
        return pages


def _escalate(url: str, now: dt.datetime) -> int:
    with session_scope(url) as s:
        return len(paging.escalate_due(s, now))


def _emergency(url: str, conversation: str) -> int:
    with session_scope(url) as s:
        return s.scalar(select(Flag.id).where(Flag.conversation_id == conversation,
                                              Flag.kind == flags.EMERGENCY,
                                              Flag.status != flags.RESOLVED))


def _resolve(url: str, flag_id: int) -> None:
    with session_scope(url) as s:
        flags.resolve(s, s.get(Flag, flag_id), "test", "done")


def _new_conversation(url: str, tag: str) -> str:
    with session_scope(url) as s:
        patient = s.scalar(select(Patient))
        s.add(ChannelIdentity(patient_id=patient.id, channel="cli", external_id=tag,
                              conversation_id=f"c-{tag}"))
    return f"c-{tag}"


def test_red_flag_webhook_pages_whoever_is_on_call_and_escalates(system) -> None:
    gw, team = system
    gw.sms(PATIENT_PHONE, "j'ai une douleur dans la poitrine")
    flag_id = wait_for(lambda: _emergency(gw.database_url, team.conversation_id))
    first = wait_for(lambda: _pages(gw.database_url, flag_id))[0]
    with session_scope(gw.database_url) as s:
        expected = s.get(Page, first.id).member.phone
        team_rota = rota.rota_for(s, team.team_id)
        assert rota.who_is_on_call(team_rota, first.sent_at) == first.member_id
    page_sms = wait_texts(lambda: gw.twilio_texts(expected), 1)[0]
    assert f"OK {first.code}" in page_sms
    assert f"https://console.example.org/flags/{flag_id}" in page_sms
    assert "demo-fr" in page_sms and "poitrine" not in page_sms
    wait_for(lambda: any("112" in t for t in gw.twilio_texts(PATIENT_PHONE)))  # the answer

    # No answer: the next on the list at the timeout (the scheduler's step, with a clock).
    assert _escalate(gw.database_url, first.sent_at + 9 * MIN) == 0
    assert _escalate(gw.database_url, first.sent_at + 10 * MIN) == 1
    second = _pages(gw.database_url, flag_id)[-1]
    with session_scope(gw.database_url) as s:
        second_phone = s.get(Page, second.id).member.phone
    assert f"OK {second.code}" in wait_texts(lambda: gw.twilio_texts(second_phone), 1)[-1]

    # "OK <code>" from another number is an ordinary message; from the paged one it
    # stops everything, and the nurse is told.
    gw.sms("+32470999888", f"OK {second.code}")
    wrong = "0000" if second.code != "0000" else "1111"
    gw.sms(second_phone, f"ok {wrong}")
    wait_for(lambda: any("inscrire" in t for t in gw.twilio_texts("+32470999888")))
    assert _pages(gw.database_url, flag_id)[-1].acked_at is None
    gw.sms(second_phone, f" ok {second.code[:2]} {second.code[2:]} ")
    confirmation = wait_for(lambda: [t for t in gw.twilio_texts(second_phone)
                                     if t.startswith(("Merci", "Bedankt"))])
    assert str(flag_id) in confirmation[0]
    acked = _pages(gw.database_url, flag_id)[-1]
    assert (acked.acked_via, acked.outcome) == ("sms", None)
    assert _escalate(gw.database_url, first.sent_at + 60 * MIN) == 0
    with session_scope(gw.database_url) as s:
        assert s.get(Flag, flag_id).status == flags.ACKNOWLEDGED
    _resolve(gw.database_url, flag_id)


def test_a_flag_at_3am_pages_the_night_nurse_then_backup_then_coordinator(system) -> None:
    gw, team = system
    night = local(2026, 11, 30, 3, 0)
    conversation = _new_conversation(gw.database_url, "night1")
    # Sophie may already have a page from an earlier test (whoever is on call at the
    # real time of day was paged for it): wait for a new one.
    before_sophie = len(gw.twilio_texts(PHONES["Sophie Lambert"]))
    with session_scope(gw.database_url) as s:
        flag_id = flags.raise_flag(s, flags.EMERGENCY, patient_id=team.patient_id,
                                   conversation_id=conversation, summary="[chest_pain]",
                                   reopen=True, now=night).id
    sophie = wait_texts(lambda: gw.twilio_texts(PHONES["Sophie Lambert"]),
                        before_sophie + 1)[-1]
    assert sophie.startswith("Urgent : patient réf. demo-fr, urgence, 03:00. Répondez OK ")
    before_marc = len(gw.twilio_texts(PHONES["Marc Backup"]))
    before_claire = len(gw.twilio_texts(PHONES["Claire Coord"]))
    assert _escalate(gw.database_url, night + 10 * MIN) == 1
    assert "03:00" in wait_texts(lambda: gw.twilio_texts(PHONES["Marc Backup"]),
                                 before_marc + 1)[-1]
    assert _escalate(gw.database_url, night + 20 * MIN) == 1
    claire = wait_texts(lambda: gw.twilio_texts(PHONES["Claire Coord"]),
                        before_claire + 1)[-1]
    assert claire.startswith("Dringend: patient ref. demo-fr, noodgeval, 03:00.")
    assert [(p.step, p.outcome) for p in _pages(gw.database_url, flag_id)] == [
        (0, "no_answer"), (1, "no_answer"), (2, None)]
    _resolve(gw.database_url, flag_id)


def test_a_console_ack_stops_the_escalation(system) -> None:
    gw, team = system
    night = local(2026, 12, 1, 2, 0)
    conversation = _new_conversation(gw.database_url, "night2")
    with session_scope(gw.database_url) as s:
        flag_id = flags.raise_flag(s, flags.EMERGENCY, patient_id=team.patient_id,
                                   conversation_id=conversation, summary="[stroke]",
                                   now=night).id
        accounts.create_user(s, "sophie", PASSWORD, "nurse", team="Namur",
                             member="Sophie Lambert")
    client = TestClient(create_app(Settings(secret_key="k", database_url=gw.database_url,
                                            rasa=FakeRasa())))
    assert sign_in(client, "sophie").status_code == 303
    queue = client.get("/api/queue").json()
    row = next(r for r in queue["rows"] if r["id"] == flag_id)
    assert row["paging"].startswith("SMS à Sophie Lambert 02:00, en attente de réponse")
    page = client.get(f"/flags/{flag_id}")  # opening it answers the page
    assert page.status_code == 200
    assert "pris en compte" in page.text and "(console)" in page.text
    assert _escalate(gw.database_url, night + 30 * MIN) == 0
    assert [(p.acked_via, p.acked_by) for p in _pages(gw.database_url, flag_id)] == [
        ("console", "sophie")]
    _resolve(gw.database_url, flag_id)


def test_a_rota_change_takes_effect_at_once(system, tmp_path: Path) -> None:
    gw, team = system
    night = local(2026, 12, 2, 3, 0)
    source = tmp_path / "rota.yml"
    source.write_text(ROTA.replace("member: Sophie Lambert", "member: Marc Backup")
                      .replace("  - Marc Backup\n", "  - Sophie Lambert\n"), encoding="utf-8")
    imported = subprocess.run([sys.executable, "-m", "bot.cli", "team", "rota", "import",
                               str(source)], capture_output=True, text=True, timeout=120,
                              env={**os.environ, "CARE_DATABASE_URL": gw.database_url})
    assert imported.returncode == 0, imported.stderr
    before = len(gw.twilio_texts(PHONES["Marc Backup"]))
    conversation = _new_conversation(gw.database_url, "night3")
    with session_scope(gw.database_url) as s:
        flag_id = flags.raise_flag(s, flags.EMERGENCY, patient_id=team.patient_id,
                                   conversation_id=conversation, summary="[stroke]",
                                   now=night).id
    text = wait_texts(lambda: gw.twilio_texts(PHONES["Marc Backup"]), before + 1)[-1]
    assert text.startswith(i18n.text("team.page_sms", "fr", level="Urgent", ref="demo-fr",
                                  kind="urgence", time="03:00", code="", url="")[:50])
    assert [(p.member_id, p.step) for p in _pages(gw.database_url, flag_id)] == [
        (team.members["Marc Backup"], 0)]  # the new night nurse, no restart needed
