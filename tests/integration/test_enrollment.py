"""bot/enrollment.py on its own: the codes' shape, one use, expiry, the attempt limit,
linking by phone, and the pseudonymous conversation id."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import enrollment
from bot.db import session_scope
from bot.models import AuditEntry, ChannelIdentity, EnrollmentCode, utcnow
from tests.support.patients import make_patient


@pytest.mark.parametrize(("text", "code"), [
    ("abcd-efgh", "ABCDEFGH"), (" AB CD.EF_GH ", "ABCDEFGH"), ("k7m2-p9qr", "K7M2P9QR")])
def test_codes_are_read_whatever_the_case_and_separators(text: str, code: str) -> None:
    assert enrollment.normalise_code(text) == code
    assert enrollment.looks_like_code(text)


@pytest.mark.parametrize("text", [
    "bonjour", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFG0",  # 0 and O, 1 and I are never used
    "ABCD-EFGI", "ABCD-EFG1", ""])
def test_other_texts_are_not_codes(text: str) -> None:
    assert not enrollment.looks_like_code(text)


def test_an_issued_code_links_once_and_gives_a_pseudonym(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "console:1")
        assert enrollment.looks_like_code(code) and code[4] == "-"
        stored = s.scalars(select(EnrollmentCode)).one()
        assert enrollment.normalise_code(code) not in stored.code_hash  # a hash only
        assert enrollment.is_live_code(s, code.lower())
        result = enrollment.link(s, "telegram", "12345", code.lower())
        assert result.status == "linked" and result.identity is not None
        identity = result.identity
        assert identity.patient_id == patient.id and identity.consent_at is not None
        assert identity.conversation_id.startswith("c-")
        assert "12345" not in identity.conversation_id
        assert not enrollment.is_live_code(s, code)
        assert enrollment.identity_for_sender(s, "telegram", "12345") is identity
        assert enrollment.identity_for_conversation(s, identity.conversation_id) is identity
        assert enrollment.link(s, "telegram", "999", code).status == "used"
        assert enrollment.link(s, "telegram", "12345", code).status == "used"
        actions = set(s.scalars(select(AuditEntry.action)))
        assert {"issue", "link"} <= actions


def test_a_second_code_for_a_linked_account(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient, other = make_patient(s, "p1"), make_patient(s, "p2")
        enrollment.link(s, "sms", "+32470000001", enrollment.issue_code(s, patient, "t"))
        same = enrollment.link(s, "sms", "+32470000001", enrollment.issue_code(s, patient, "t"))
        taken = enrollment.link(s, "sms", "+32470000001", enrollment.issue_code(s, other, "t"))
        assert (same.status, taken.status) == ("already_linked", "taken")
        assert taken.identity is not None and taken.identity.patient_id == patient.id


def test_an_expired_code_and_an_unknown_channel(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "t", ttl=dt.timedelta(minutes=5))
        later = utcnow() + dt.timedelta(minutes=6)
        assert not enrollment.is_live_code(s, code, now=later)
        assert enrollment.link(s, "telegram", "1", code, now=later).status == "expired"
        with pytest.raises(ValueError, match="channel"):
            enrollment.link(s, "carrier-pigeon", "1", code)


def test_five_wrong_codes_an_hour_then_even_a_good_one_is_refused(db_url: str) -> None:
    now = utcnow()
    with session_scope(db_url) as s:
        code = enrollment.issue_code(s, make_patient(s), "t")
        for n in range(enrollment.MAX_FAILED_ATTEMPTS):
            assert enrollment.link(s, "whatsapp", "+1", f"WRONG{n:03d}", now=now).status == (
                "invalid")
        assert enrollment.link(s, "whatsapp", "+1", code, now=now).status == "rate_limited"
        assert enrollment.link(s, "whatsapp", "+2", code, now=now).status == "linked"
        later = now + enrollment.ATTEMPT_WINDOW + dt.timedelta(minutes=1)
        assert enrollment.link(s, "whatsapp", "+1", code, now=later).status == "used"


def test_link_by_phone_needs_exactly_one_patient_with_the_number(db_url: str) -> None:
    with session_scope(db_url) as s:
        make_patient(s, "p1", phone="+32470000010")
        make_patient(s, "p2", phone="+32470000011")
        make_patient(s, "p3", phone="+32470000011")
        identity = enrollment.link_by_phone(s, "sms", "+32470000010")
        assert identity is not None and identity.channel == "sms"
        assert enrollment.link_by_phone(s, "sms", "+32470000010") is identity
        assert enrollment.link_by_phone(s, "sms", "+32470000011") is None  # ambiguous
        assert enrollment.link_by_phone(s, "sms", "+32470000099") is None
        assert enrollment.link_by_phone(s, "telegram", "+32470000010") is None
        assert len(s.scalars(select(ChannelIdentity)).all()) == 1


def test_opt_out_is_once_per_source_message(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        code = enrollment.issue_code(s, patient, "t")
        identity = enrollment.link(s, "telegram", "77", code).identity
        assert identity is not None
        enrollment.set_opt_out(s, identity, True, "telegram:account", source_message="in:1")
        first = identity.opted_out_at
        assert first is not None
        enrollment.set_opt_out(s, identity, True, "telegram:account", source_message="in:1")
        assert identity.opted_out_at == first
        enrollment.set_opt_out(s, identity, False, "telegram:account", source_message="in:2")
        assert identity.opted_out_at is None
        assert list(s.scalars(select(AuditEntry.action).where(
            AuditEntry.entity == "channel_identity", AuditEntry.action.like("opt_%"))
            .order_by(AuditEntry.id))) == ["opt_out", "opt_in"]
