"""Routing of messages from chat accounts: linked or not, codes, red flags."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import enrollment
from bot.db import session_scope
from bot.inbound import route
from bot.messages import JOIN_INSTRUCTIONS
from bot.models import EnrollmentAttempt
from tests.support.patients import make_patient


def test_unlinked_account_gets_only_the_way_to_join(db_url: str) -> None:
    with session_scope(db_url) as s:
        make_patient(s)
        routing = route(s, "whatsapp", "+32470000010", "c'est quoi mes objectifs")
        assert routing.conversation_id is None
        assert routing.replies == (JOIN_INSTRUCTIONS,)


def test_a_red_flag_is_never_taken_for_an_enrollment_code(db_url: str) -> None:
    """"URGENCES" has the shape of a code; answered by the safety net, it is not
    tried as one and costs none of the account's five tries."""
    with session_scope(db_url) as s:
        assert enrollment.looks_like_code("URGENCES")
        routing = route(s, "sms", "+32470000011", "URGENCES", red_flag=True)
        assert routing.replies == (JOIN_INSTRUCTIONS,)
        assert s.scalar(select(func.count()).select_from(EnrollmentAttempt)) == 0
        wrong = route(s, "sms", "+32470000011", "URGENCES")  # without the flag: a try
        assert wrong.replies[0].startswith("Ce code n'est pas valable")
        assert s.scalar(select(func.count()).select_from(EnrollmentAttempt)) == 1


def test_deep_link_and_typed_code_link_the_account(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s, language="nl")
        code = enrollment.issue_code(s, patient, created_by="t")
        routing = route(s, "telegram", "777", f"/start {code.replace('-', '')}")
        assert routing.conversation_id is None
        assert routing.replies[0].startswith("Welkom Marie!")
        follow = route(s, "telegram", "777", "wat zijn mijn doelen")
        assert follow.conversation_id is not None and follow.patient_language == "nl"
        other = make_patient(s, ref="p2")
        typed = route(s, "sms", "+32470000012", enrollment.issue_code(s, other, "t").lower())
        assert typed.replies[0].startswith("Bienvenue Marie")


def test_wrong_code_is_answered_in_both_languages(db_url: str) -> None:
    with session_scope(db_url) as s:
        reply = route(s, "sms", "+32470000013", "ZZZZ-ZZZZ").replies[0]
        assert reply.startswith("Ce code n'est pas valable")
        assert "Deze code is niet geldig" in reply
