"""On-call paging (bot/paging.py) with a controllable clock, on SQLite and PostgreSQL: who
is paged for which flag, the SMS (urgent, in the member's language, GSM-7, no health
data), escalation to the backup then the coordinator, acknowledgements by SMS and in
the console, a failed SMS or nobody on call going to the coordinator at once, a rota
change taking effect for the next page, and the history the console shows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import flags, paging, rota, sms
from bot.db import session_scope
from bot.models import AuditEntry, ConsoleUser, Flag, OutboundMessage, Page
from tests.support.paging_team import PHONES, ROTA, PagedTeam, local, seed_team

NIGHT = local(2026, 11, 30, 3, 0)
DAY = local(2026, 11, 30, 14, 2)
MIN = dt.timedelta(minutes=1)


def _raise(url: str, team: PagedTeam | None, now: dt.datetime, kind: str = flags.EMERGENCY,
           reopen: bool = False) -> int:
    with session_scope(url) as s:
        flag = flags.raise_flag(s, kind, patient_id=team.patient_id if team else None,
                                conversation_id=team.conversation_id if team else "u-x",
                                summary="[chest_pain] j'ai mal", reopen=reopen, now=now)
        return flag.id


def _pages(url: str, flag_id: int) -> list[tuple[str, int, str | None, str | None]]:
    """(phone paged, step, outcome, acked_via) of each page of the flag, in order."""
    with session_scope(url) as s:
        return [(p.member.phone, p.step, p.outcome, p.acked_via) for p in s.scalars(
            select(Page).where(Page.flag_id == flag_id).order_by(Page.id))]


def _sms(url: str, page_index: int = -1) -> OutboundMessage:
    with session_scope(url) as s:
        page = list(s.scalars(select(Page).order_by(Page.id)))[page_index]
        row = s.get(OutboundMessage, page.outbound_message_id)
        s.expunge(row)
        return row


def _escalate(url: str, now: dt.datetime) -> int:
    with session_scope(url) as s:
        return len(paging.escalate_due(s, now))


def _code(url: str, flag_id: int) -> str:
    with session_scope(url) as s:
        return s.scalars(select(Page.code).where(Page.flag_id == flag_id)
                         .order_by(Page.id.desc())).first()


@pytest.fixture
def team(db_url: str) -> PagedTeam:
    return seed_team(db_url)


def test_a_red_flag_at_night_pages_the_night_nurse_by_urgent_sms(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    assert _pages(db_url, flag_id) == [(PHONES["Sophie Lambert"], 0, None, None)]
    row = _sms(db_url)
    code = _code(db_url, flag_id)
    assert (row.channel, row.address, row.urgent, row.priority) == (
        "sms", PHONES["Sophie Lambert"], True, 0)
    assert row.idempotency_key.startswith("page:")
    assert row.text == (f"Urgent : patient réf. demo-fr, urgence, 03:00. Répondez OK {code} "
                        f"ou ouvrez http://127.0.0.1:8090/flags/{flag_id}")
    assert "poitrine" not in row.text and "mal" not in row.text  # no health data
    assert sms.encoding(row.text) == "GSM-7" and sms.segments(row.text) == 1
    with session_scope(db_url) as s:
        assert s.scalar(select(AuditEntry.action).where(
            AuditEntry.entity == "flag", AuditEntry.entity_id == flag_id,
            AuditEntry.action == "page"))


def test_no_answer_goes_to_the_backup_then_the_coordinator(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    assert _escalate(db_url, NIGHT + 9 * MIN) == 0
    assert _escalate(db_url, NIGHT + 10 * MIN) == 1
    assert _pages(db_url, flag_id) == [(PHONES["Sophie Lambert"], 0, "no_answer", None),
                                       (PHONES["Marc Backup"], 1, None, None)]
    assert _escalate(db_url, NIGHT + 20 * MIN) == 1
    coordinator = _sms(db_url)
    assert coordinator.address == PHONES["Claire Coord"]
    assert coordinator.text.startswith("Dringend: patient ref. demo-fr, noodgeval, 03:00. "
                                       "Antwoord OK ")  # her language, the flag's time
    assert _escalate(db_url, NIGHT + 30 * MIN) == 0  # the list is exhausted
    assert _pages(db_url, flag_id)[-1][2] == "no_answer"
    with session_scope(db_url) as s:
        actions = list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity_id == flag_id, AuditEntry.actor == paging.ACTOR)
            .order_by(AuditEntry.id)))
    assert actions == ["page", "page_no_answer", "page", "page_no_answer", "page",
                       "page_no_answer", "page_exhausted"]


@pytest.mark.parametrize("reply", ["OK {code}", "ok {code}", " Ok  {spaced} ", "OK{code}."])
def test_parse_ack_tolerates_case_and_spaces(reply: str) -> None:
    assert paging.parse_ack(reply.format(code="4821", spaced="48 21")) == "4821"


@pytest.mark.parametrize("reply", ["OK", "OK 482", "OK 48211", "okay 4821", "pas OK 4821"])
def test_parse_ack_refuses_anything_else(reply: str) -> None:
    assert paging.parse_ack(reply) is None


def test_sms_ack_from_the_paged_number_stops_the_escalation(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    code = _code(db_url, flag_id)
    wrong = "0000" if code != "0000" else "1111"
    with session_scope(db_url) as s:
        assert paging.acknowledge_sms(s, PHONES["Marc Backup"], code, NIGHT + MIN) is None
        assert paging.acknowledge_sms(s, "+32470999999", code, NIGHT + MIN) is None
        assert paging.acknowledge_sms(s, PHONES["Sophie Lambert"], wrong, NIGHT + MIN) is None
    assert _escalate(db_url, NIGHT + 10 * MIN) == 1  # nothing of that stopped it
    marc_code = _code(db_url, flag_id)
    with session_scope(db_url) as s:
        page = paging.acknowledge_sms(s, PHONES["Marc Backup"], marc_code, NIGHT + 11 * MIN)
        assert page is not None and page.acked_by == "Marc Backup"
        flag = s.get(Flag, flag_id)
        assert (flag.status, flag.acknowledged_by) == ("acknowledged", "page:Marc Backup")
    assert _escalate(db_url, NIGHT + 60 * MIN) == 0
    assert _pages(db_url, flag_id)[-1] == (PHONES["Marc Backup"], 1, None, "sms")
    with session_scope(db_url) as s:
        assert paging.history(s, [flag_id], "fr")[flag_id] == (
            "SMS à Sophie Lambert 03:00, pas de réponse ; "
            "SMS à Marc Backup 03:10, pris en compte 03:11 (sms)")
        assert paging.history(s, [flag_id], "nl")[flag_id].startswith(
            "sms aan Sophie Lambert 03:00, geen antwoord; sms aan Marc Backup 03:10, "
            "bevestigd 03:11 (sms)")


def test_a_late_ok_from_the_first_nurse_still_stops_it(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    code = _code(db_url, flag_id)
    _escalate(db_url, NIGHT + 10 * MIN)
    with session_scope(db_url) as s:
        assert paging.acknowledge_sms(s, PHONES["Sophie Lambert"], code, NIGHT + 12 * MIN)
    assert _pages(db_url, flag_id) == [(PHONES["Sophie Lambert"], 0, None, "sms"),
                                       (PHONES["Marc Backup"], 1, "stopped", None)]
    assert _escalate(db_url, NIGHT + 40 * MIN) == 0


def test_console_ack_stops_the_escalation(db_url: str, team) -> None:
    from bot import accounts

    flag_id = _raise(db_url, team, NIGHT)
    with session_scope(db_url) as s:
        user = accounts.create_user(s, "sophie", "correct horse battery", "nurse",
                                    team="Namur", member="Sophie Lambert")
        page = paging.acknowledge_console(s, s.get(Flag, flag_id), user, NIGHT + 2 * MIN)
        assert page is not None and (page.acked_via, page.acked_by) == ("console", "sophie")
        assert paging.acknowledge_console(s, s.get(Flag, flag_id), user, NIGHT) is None
        assert s.scalar(select(ConsoleUser.id)) == user.id
    assert _escalate(db_url, NIGHT + 30 * MIN) == 0


def test_a_flag_handled_elsewhere_stops_paging(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    with session_scope(db_url) as s:
        flags.resolve(s, s.get(Flag, flag_id), "cli:test", "called back")
    assert _escalate(db_url, NIGHT + 10 * MIN) == 0
    assert _pages(db_url, flag_id)[0][2] == "stopped"


def test_failed_sms_goes_to_the_coordinator_at_once(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    with session_scope(db_url) as s:
        s.get(OutboundMessage, _sms(db_url).id).status = "failed"
    assert _escalate(db_url, NIGHT + MIN) == 1
    assert _pages(db_url, flag_id) == [(PHONES["Sophie Lambert"], 0, "failed", None),
                                       (PHONES["Claire Coord"], 2, None, None)]
    # The coordinator does not answer either: the backup is the one left.
    assert _escalate(db_url, NIGHT + 11 * MIN) == 1
    assert _pages(db_url, flag_id)[-1][:2] == (PHONES["Marc Backup"], 1)


def test_nobody_on_call_pages_the_coordinator_at_once(db_url: str) -> None:
    team = seed_team(db_url, ROTA.split("  - {days")[0]
                     + "replacements: []\nescalation: [Marc Backup, Claire Coord]\n")
    flag_id = _raise(db_url, team, NIGHT)
    assert _pages(db_url, flag_id) == [(PHONES["Claire Coord"], 2, None, None)]
    with session_scope(db_url) as s:
        assert paging.history(s, [flag_id], "fr")[flag_id].startswith(
            "personne de garde → SMS à Claire Coord 03:00")
        assert paging.nobody_on_call(s, None, NIGHT) == ["Namur"]
        assert paging.nobody_on_call(s, None, DAY) == []


def test_high_flags_page_only_during_the_day(db_url: str, team) -> None:
    night_flag = _raise(db_url, team, NIGHT, kind=flags.REQUEST_NURSE)
    assert _pages(db_url, night_flag) == []
    with session_scope(db_url) as s:
        s.get(Flag, night_flag).status = flags.RESOLVED
    day_flag = _raise(db_url, team, DAY, kind=flags.REQUEST_NURSE)
    assert _pages(db_url, day_flag) == [(PHONES["Lucie Jour"], 0, None, None)]
    assert _sms(db_url).text.startswith(
        "Prioriteit: patient ref. demo-fr, vraagt verpleegkundige, 14:02. Antwoord OK ")
    assert _pages(db_url, _raise(db_url, team, DAY, kind=flags.MISSED_DOSES)) == []


def test_one_page_per_flag_and_a_new_round_when_an_emergency_reopens(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    assert _raise(db_url, team, NIGHT + MIN) == flag_id  # still open: no second page
    assert len(_pages(db_url, flag_id)) == 1
    with session_scope(db_url) as s:
        paging.acknowledge_sms(s, PHONES["Sophie Lambert"], _code(db_url, flag_id),
                               NIGHT + 2 * MIN)
    assert _raise(db_url, team, NIGHT + 30 * MIN, reopen=True) == flag_id
    pages = _pages(db_url, flag_id)
    assert pages[-1] == (PHONES["Sophie Lambert"], 0, None, None) and len(pages) == 2
    with session_scope(db_url) as s:
        assert [p.round for p in s.scalars(select(Page).order_by(Page.id))] == [1, 2]


def test_a_rota_change_takes_effect_at_once(db_url: str, team) -> None:
    flag_id = _raise(db_url, team, NIGHT)
    swapped = ROTA.replace("member: Sophie Lambert", "member: Marc Backup").replace(
        "  - Marc Backup\n  - Claire Coord", "  - Sophie Lambert\n  - Claire Coord")
    with session_scope(db_url) as s:
        team_row, doc = rota.load_rota(s, swapped, "rota.yml")
        rota.apply_rota(s, team_row, doc, "test")
    _escalate(db_url, NIGHT + 10 * MIN)  # the new escalation list: Sophie was paged
    assert _pages(db_url, flag_id)[-1][:2] == (PHONES["Claire Coord"], 2)
    other = _raise(db_url, team, NIGHT + 11 * MIN, kind=flags.SYMPTOM)
    assert _pages(db_url, other) == []  # high at night: not paged
    with session_scope(db_url) as s:
        s.get(Flag, flag_id).status = flags.RESOLVED
    assert _pages(db_url, _raise(db_url, team, NIGHT + 12 * MIN, kind=flags.UNPROCESSED)) == []
    fresh = _raise(db_url, team, NIGHT + 13 * MIN, reopen=True)
    assert _pages(db_url, fresh)[0][:2] == (PHONES["Marc Backup"], 0)


def test_unlinked_accounts_page_the_fallback_team(db_url: str, team,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    flag_id = _raise(db_url, None, NIGHT)
    assert _pages(db_url, flag_id)[0][0] == PHONES["Sophie Lambert"]
    assert "compte non lié" in _sms(db_url).text
    monkeypatch.setenv("PAGING_UNLINKED_TEAM", "Nowhere")
    with session_scope(db_url) as s:
        s.get(Flag, flag_id).status = flags.RESOLVED
    assert _pages(db_url, _raise(db_url, None, NIGHT)) == []


def test_a_member_who_lost_their_phone_is_skipped(db_url: str, team) -> None:
    from bot.models import CareTeamMember

    with session_scope(db_url) as s:
        s.get(CareTeamMember, team.members["Sophie Lambert"]).phone = None
    flag_id = _raise(db_url, team, NIGHT)
    assert [(p[1], p[2]) for p in _pages(db_url, flag_id)] == [(0, "failed"), (2, None)]


def test_a_paging_failure_never_costs_the_flag(db_url: str, team,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("paging is broken")

    monkeypatch.setattr(paging, "on_flag", broken)
    flag_id = _raise(db_url, team, NIGHT)
    with session_scope(db_url) as s:
        assert s.get(Flag, flag_id).status == flags.OPEN


def test_the_scheduler_tick_escalates(db_url: str, team,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from reminders.__main__ import escalate_pages

    flag_id = _raise(db_url, team, NIGHT)
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    assert escalate_pages(NIGHT + 5 * MIN) == 0
    assert escalate_pages(NIGHT + 10 * MIN) == 1
    assert _pages(db_url, flag_id)[-1][:2] == (PHONES["Marc Backup"], 1)


def test_a_page_still_times_out_when_the_rota_is_gone(db_url: str, team) -> None:
    from bot.models import TeamRota

    flag_id = _raise(db_url, team, NIGHT)
    with session_scope(db_url) as s:
        s.delete(s.scalar(select(TeamRota)))
    assert _escalate(db_url, NIGHT + 10 * MIN) == 0
    assert _pages(db_url, flag_id)[0][2] == "no_answer"
