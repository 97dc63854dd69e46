"""bot/escalation.py on its own: only the patient's care team, only a mobile gets the
SMS (in the member's language), what an escalation changes, and the flag raised once
when an escalation or paging SMS fails for good."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot import escalation, flags
from bot.db import session_scope
from bot.models import (
    AuditEntry,
    CareAssignment,
    CareTeamMember,
    Flag,
    OutboundMessage,
    Team,
)
from tests.support.patients import make_patient

MOBILE_NL, LANDLINE = "+32470000301", "+3281000301"


def _seed(s, phone: str | None = MOBILE_NL, language: str = "nl"):
    patient = make_patient(s, "ref-42")
    team = Team(name="Kortrijk")
    s.add(team)
    s.flush()
    member = CareTeamMember(team_id=team.id, name="Dr Peeters", role="general_practitioner",
                            language=language, phone=phone)
    outsider = CareTeamMember(team_id=team.id, name="Dr Ander", role="general_practitioner",
                              phone="+32470000399")
    s.add_all([member, outsider])
    s.flush()
    s.add(CareAssignment(patient_id=patient.id, member_id=member.id))
    flag = flags.raise_flag(s, flags.SYMPTOM, patient_id=patient.id, conversation_id="c-42",
                            summary="vertige")
    s.flush()
    return flag, member, outsider


def test_the_sms_goes_in_the_members_language_and_the_flag_is_taken_over(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag, member, _ = _seed(s)
        row = escalation.escalate(s, flag, member.id, "à voir aujourd'hui " + "x" * 400,
                                  actor="console:1", sender_name="Sophie")
        assert (row.channel, row.address, row.priority) == ("sms", MOBILE_NL, 1)
        assert row.text.startswith("Zorgmaatje/Compagnon de soins: Sophie vraagt u")
        assert "patiënt ref-42" in row.text and "(melding: " in row.text
        assert "x" * (escalation.MAX_NOTE - len("à voir aujourd'hui ")) in row.text
        assert "x" * 400 not in row.text  # the note is cut in the SMS
        assert (flag.status, flag.acknowledged_by) == (flags.ACKNOWLEDGED, "console:1")
        assert flag.summary.startswith("vertige\n[→ Dr Peeters] à voir aujourd'hui")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "escalate")).one()
        assert entry.detail == {"member_id": member.id, "outbound_id": row.id}


def test_a_custom_label_names_the_kind(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag, member, _ = _seed(s, language="fr")
        row = escalation.escalate(s, flag, member.id, "n", actor="console:1", sender_name="S",
                                  kind_label=lambda kind, lang: f"<{kind}:{lang}>")
        assert "(signalement : <symptom:fr>)" in row.text


def test_someone_outside_the_care_team_or_nobody_is_refused(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag, _, outsider = _seed(s)
        for member_id in (outsider.id, None, 10_000):
            with pytest.raises(escalation.NotInCareTeamError):
                escalation.escalate(s, flag, member_id, "n", actor="a", sender_name="S")
        assert flag.status == flags.OPEN
        assert s.scalar(select(func.count()).select_from(OutboundMessage)) == 0


def test_no_phone_and_a_landline_change_nothing_but_the_audit(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag, member, _ = _seed(s, phone=None)
        with pytest.raises(escalation.NoPhoneError):
            escalation.escalate(s, flag, member.id, "n", actor="a", sender_name="S")
        member.phone = LANDLINE
        with pytest.raises(escalation.NotMobileError) as refused:
            escalation.escalate(s, flag, member.id, "n", actor="a", sender_name="S")
        assert refused.value.number == "+32 81 00 03 01"
        assert refused.value.member is member
        assert flag.status == flags.OPEN and flag.summary == "vertige"
        assert s.scalar(select(func.count()).select_from(OutboundMessage)) == 0
        assert list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("escalate%")))) == ["escalate_call"]


def test_a_failed_escalation_sms_raises_one_flag_with_whom_to_call(db_url: str) -> None:
    with session_scope(db_url) as s:
        flag, member, _ = _seed(s)
        row = escalation.escalate(s, flag, member.id, "n", actor="a", sender_name="S")
        assert escalation.flag_failed_sms(s, row) is None  # not failed yet
        row.status, row.error_code, row.error_detail = "failed", "30003", "unreachable"
        failed = escalation.flag_failed_sms(s, row)
        assert failed is not None and failed.kind == flags.ESCALATION_FAILED
        assert (failed.patient_id, failed.conversation_id) == (flag.patient_id, "c-42")
        assert failed.summary == f"#{flag.id} → Dr Peeters ☎ +32 470 00 03 01: 30003 unreachable"
        assert escalation.flag_failed_sms(s, row).id == failed.id
        assert s.scalar(select(func.count()).select_from(Flag).where(
            Flag.kind == flags.ESCALATION_FAILED)) == 1


@pytest.mark.parametrize("key", ["reminder:1", "escalate:abc:1", "page:x", "page:99999"])
def test_other_failed_messages_raise_nothing(db_url: str, key: str) -> None:
    with session_scope(db_url) as s:
        row = OutboundMessage(idempotency_key=key, channel="sms", address=MOBILE_NL,
                              text="t", status="failed")
        s.add(row)
        s.flush()
        assert escalation.flag_failed_sms(s, row) is None
