"""Escalation to the right number (issue 17, item 5): escalation and paging SMS go to
mobiles only (bot/phones.py on libphonenumber's ranges), a landline is shown to the
nurse as a number to call (console text in French and Dutch), and an escalation SMS
the provider refuses raises a visible flag in the queue, through the real gateway and
the fake Twilio server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot import accounts, escalation, flags, i18n, paging, phones
from bot.db import session_scope
from bot.models import (
    AuditEntry,
    CareAssignment,
    CareTeamMember,
    ConsoleUser,
    Flag,
    OutboundMessage,
    Page,
    Patient,
    Team,
)
from console.app import Settings, create_app
from console.i18n import translator
from tests.support.console_seed import FakeRasa, Seed, post, seed, sign_in
from tests.support.gateway_process import Running, echoing_gateway
from tests.support.paging_team import PHONES, local, seed_team
from tests.support.waiting import wait_for

LANDLINE = "+3281000301"  # a practice in Namur, as in the demo care plan


@pytest.mark.parametrize(("number", "mobile"), [
    ("+32470123456", True), ("+32 478 00 02 01", True), ("+32456123456", True),
    ("0470 12 34 56", True),  # typed the Belgian way
    ("+3281000301", False), ("+3225550100", False), ("+3256000301", False),  # landlines
    ("+33612345678", True), ("+33142345678", False),  # France
    ("+31612345678", True), ("+31201234567", False),  # the Netherlands
    ("+4915112345678", True), ("+352621123456", True),  # Germany, Luxembourg
    ("", False), ("not a number", False), (None, False), ("+32470", False),
])
def test_only_mobile_numbers_take_an_sms(number: str | None, mobile: bool) -> None:
    assert phones.is_mobile(number) is mobile


def test_numbers_are_shown_as_dialled() -> None:
    assert phones.for_display("+3281000301") == "+32 81 00 03 01"
    assert phones.for_display("+32470123456") == "+32 470 12 34 56"
    assert phones.for_display("garbage") == "garbage"


# --- the console: escalating to a landline ---------------------------------------------


@pytest.fixture
def seeded(tmp_path: Path) -> Seed:
    return seed(f"sqlite:///{tmp_path / 'care.db'}")


def _console(url: str, username: str) -> TestClient:
    client = TestClient(create_app(Settings(secret_key="k", database_url=url,
                                            rasa=FakeRasa())))
    assert sign_in(client, username).status_code == 303
    return client


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_escalating_to_a_landline_says_call_this_number(seeded: Seed, lang: str) -> None:
    with session_scope(seeded.url) as s:
        s.get(CareTeamMember, seeded.gp_a).phone = LANDLINE
        s.get(ConsoleUser, seeded.users["nurse_a"]).language = lang
    client = _console(seeded.url, "nurse_a")
    answer = post(client, f"/flags/{seeded.flag_a1}/escalate", member_id=str(seeded.gp_a),
                  note="Douleur thoracique")
    assert answer.status_code == 303
    page = client.get(answer.headers["location"]).text
    expected = translator(lang)("call_number", name="Dr Renard", number="+32 81 00 03 01")
    assert expected.replace("'", "&#39;") in page
    assert "+32 81 00 03 01" in expected and ("Appelez" if lang == "fr" else "Bel") in expected
    with session_scope(seeded.url) as s:
        assert s.scalars(select(OutboundMessage)).all() == []  # no SMS to a landline
        assert s.get(Flag, seeded.flag_a1).status == flags.OPEN  # nothing handed over
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "escalate_call")).one()


def test_escalating_to_a_mobile_still_sends_the_sms(seeded: Seed) -> None:
    client = _console(seeded.url, "nurse_a")
    post(client, f"/flags/{seeded.flag_a1}/escalate", member_id=str(seeded.gp_a), note="x")
    with session_scope(seeded.url) as s:
        assert s.scalars(select(OutboundMessage.address)).one() == "+32470000301"


# --- paging: a landline on call ----------------------------------------------------------


def test_a_landline_on_call_is_not_paged_and_the_history_says_whom_to_call(db_url: str) -> None:
    team = seed_team(db_url)
    with session_scope(db_url) as s:  # Lucie, on call by day, left her practice's number
        s.get(CareTeamMember, team.members["Lucie Jour"]).phone = LANDLINE
        flag = flags.raise_flag(s, flags.EMERGENCY, patient_id=team.patient_id,
                                conversation_id=team.conversation_id, summary="[chest_pain]",
                                now=local(2026, 11, 30, 14, 0))
        flag_id = flag.id
    with session_scope(db_url) as s:
        pages = list(s.scalars(select(Page).where(Page.flag_id == flag_id).order_by(Page.id)))
        assert [(p.member.name, p.outcome) for p in pages] == [
            ("Lucie Jour", "failed"), ("Claire Coord", None)]  # the coordinator at once
        sent = [r.address for r in s.scalars(select(OutboundMessage))]
        assert sent == [PHONES["Claire Coord"]]
        history = {lang: paging.history(s, [flag_id], lang)[flag_id] for lang in ("fr", "nl")}
    assert i18n.text("team.page_call", "fr", phone="+32 81 00 03 01") in history["fr"]
    assert i18n.text("team.page_call", "nl", phone="+32 81 00 03 01") in history["nl"]


# --- a failed escalation SMS, through the gateway ----------------------------------------


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Running]:
    with echoing_gateway(tmp_path) as running:
        yield running


def _team_flag(url: str, phone: str) -> tuple[int, int]:
    with session_scope(url) as s:
        team = Team(name="Liège")
        s.add(team)
        s.flush()
        gp = CareTeamMember(team_id=team.id, name="Dr Mobile", role="gp", language="fr",
                            phone=phone)
        patient = Patient(external_ref="esc-1", first_name="Léon", last_name="T",
                          team_id=team.id)
        s.add_all([gp, patient])
        s.flush()
        s.add(CareAssignment(patient_id=patient.id, member_id=gp.id))
        flag = flags.raise_flag(s, flags.SYMPTOM, patient_id=patient.id,
                                conversation_id="c-esc-1", summary="vertiges")
        return flag.id, gp.id


def _failed_flag(url: str) -> Flag | None:
    with session_scope(url) as s:
        flag = s.scalars(select(Flag).where(Flag.kind == flags.ESCALATION_FAILED)).first()
        if flag is not None:
            s.expunge(flag)
        return flag


def test_a_failed_escalation_sms_raises_a_visible_flag(gateway: Running) -> None:
    phone = "+32470009901"
    flag_id, gp_id = _team_flag(gateway.database_url, phone)
    gateway.twilio.fail_next(400, 21614, "'To' number is not a valid mobile number", to=phone)
    with session_scope(gateway.database_url) as s:
        escalation.escalate(s, s.get_one(Flag, flag_id), gp_id, "rappeler svp",
                            actor="console:nurse", sender_name="nurse")
    failed = wait_for(lambda: _failed_flag(gateway.database_url), timeout=30)
    assert failed.severity == "high" and failed.status == flags.OPEN
    assert failed.conversation_id == "c-esc-1" and "21614" in failed.summary
    assert "Dr Mobile" in failed.summary and "+32 470 00 99 01" in failed.summary
    # A second escalation is taken by Twilio, then reported undelivered by its callback.
    with session_scope(gateway.database_url) as s:
        escalation.escalate(s, s.get_one(Flag, flag_id), gp_id, "encore",
                            actor="console:nurse", sender_name="nurse")
    sid = wait_for(lambda: [m["sid"] for m in gateway.twilio.messages if m["to"] == phone])[0]
    callback = gateway.twilio.status_callback_params(sid, "undelivered", 30008)
    assert gateway.twilio_post("/webhooks/twilio/status", callback).status_code == 200
    wait_for(lambda: "30008" in (_failed_flag(gateway.database_url) or failed).summary)
    # The nurse sees it in the queue, in either language.
    with session_scope(gateway.database_url) as s:
        for lang in ("fr", "nl"):
            accounts.create_user(s, f"admin_{lang}", "correct horse battery", "admin",
                                 language=lang)
    for lang in ("fr", "nl"):
        client = _console(gateway.database_url, f"admin_{lang}")
        queue = client.get("/queue").text
        label = translator(lang)("flag_escalation_failed")
        assert label.replace("'", "&#39;") in queue, queue
