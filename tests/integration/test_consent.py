"""Consent records (issue 18, item 4), on SQLite and PostgreSQL: what recognises a
withdrawal in a chat message, and that the history and the state the rest of the
system honours (chat accounts' consent and opt-out, caregivers' booleans, planned
caregiver messages) never disagree, whoever writes: enrollment, the care-plan import,
the console or the chat."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import consent, enrollment
from bot.careplan_file import apply_careplan, demo_careplans, parse_careplan
from bot.db import session_scope
from bot.models import (
    AuditEntry,
    Caregiver,
    ChannelIdentity,
    ConsentEvent,
    Patient,
    Reminder,
    utcnow,
)

WITHDRAWALS = [
    "je retire mon consentement", "Je retire mon consentement.", "JE RETIRE MON CONSENTEMENT !",
    "je retir mon consentemant", "Je souhaite retirer mon consentement",
    "je ne donne plus mon consentement", "retrait de mon consentement",
    "j'annule mon consentement",
    "ik trek mijn toestemming in", "Ik trek mijn toestemmming in", "IK TREK MIJN TOESTEMING IN",
    "ik wil mijn toestemming intrekken", "ik geef geen toestemming meer",
    "Ik trek m'n toestemming terug",
]
NOT_WITHDRAWALS = [
    "je donne mon consentement", "comment retirer mon consentement ?",
    "je ne retire pas mon consentement", "ik trek mijn toestemming niet in",
    "j'ai pris mes médicaments", "toestemming", "ik geef toestemming",
    "je retire de l'argent", "ik trek de deur dicht", "", "STOP",
    "je retire mon consentement " + "et puis encore bien des choses " * 3,
]


@pytest.mark.parametrize("text", WITHDRAWALS)
def test_withdrawals_are_recognised_in_both_languages(text: str) -> None:
    assert consent.is_withdrawal(text)


@pytest.mark.parametrize("text", NOT_WITHDRAWALS)
def test_questions_negations_and_other_messages_are_not_withdrawals(text: str) -> None:
    assert not consent.is_withdrawal(text)


def _demo(db_url: str) -> None:
    with session_scope(db_url) as s:
        for demo in demo_careplans():
            apply_careplan(s, parse_careplan(demo.read_text(encoding="utf-8"), demo.name),
                           actor="cli:test")


def _state(s, patient: Patient) -> dict:
    identities = s.scalars(select(ChannelIdentity).where(
        ChannelIdentity.patient_id == patient.id)).all()
    caregivers = s.scalars(select(Caregiver).where(Caregiver.patient_id == patient.id)).all()
    return {
        "consent_at": [i.consent_at is not None for i in identities],
        "opted_out": [i.opted_out_at is not None for i in identities],
        "alerts": [c.receives_missed_dose_alerts for c in caregivers],
        "copies": [c.receives_reminders for c in caregivers],
        "names": [c.may_see_medication_names for c in caregivers],
    }


def test_the_history_and_the_state_move_together(db_url: str) -> None:
    _demo(db_url)
    with session_scope(db_url) as s:
        patient = s.scalar(select(Patient).where(Patient.external_ref == "demo-fr"))
        caregiver = patient.caregivers[0]
        # The care-plan import recorded the caregiver's consents as the file says.
        events = consent.history(s, patient.id)
        assert {(e.scope, e.given, e.caregiver_id, e.channel) for e in events} == {
            (consent.CAREGIVER_ALERTS, caregiver.receives_missed_dose_alerts, caregiver.id,
             "careplan"),
            (consent.MEDICATION_NAMES, caregiver.may_see_medication_names, caregiver.id,
             "careplan")}
        code = enrollment.issue_code(s, patient, created_by="test")
        assert enrollment.link(s, "telegram", "4242", code).status == "linked"
        assert consent.current(s, patient.id)[consent.CHAT_SERVICE] is True
        link = consent.history(s, patient.id)[-1]
        assert (link.scope, link.given, link.actor, link.channel) == (
            consent.CHAT_SERVICE, True, "telegram:account", "telegram")
        s.add(Reminder(key="cg-alert-test", kind="caregiver_alert", patient_id=patient.id,
                       caregiver_id=caregiver.id, due_at=utcnow() + dt.timedelta(hours=1)))
        s.flush()

        consent.withdraw_all(s, patient, actor="telegram:patient", channel="telegram")
        assert _state(s, patient) == {"consent_at": [False], "opted_out": [True],
                                      "alerts": [False], "copies": [False], "names": [False]}
        assert consent.chat_withdrawn(s, patient.id)
        assert set(consent.current(s, patient.id).values()) == {False}
        alert = s.scalar(select(Reminder).where(Reminder.key == "cg-alert-test"))
        assert (alert.status, alert.reason) == ("cancelled", "consent_withdrawn")
        audited = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "consent_withdrawn")).all()
        assert len(audited) == 3 and {a.actor for a in audited} == {"telegram:patient"}

        consent.record(s, patient, consent.CHAT_SERVICE, True, actor="console:coord",
                       channel="console")
        consent.record(s, patient, consent.MEDICATION_NAMES, True, actor="console:coord",
                       channel="console", caregiver=caregiver)
        assert _state(s, patient) == {"consent_at": [True], "opted_out": [False],
                                      "alerts": [False], "copies": [False], "names": [True]}
        assert not consent.chat_withdrawn(s, patient.id)
        # The other patient: untouched.
        other = s.scalar(select(Patient).where(Patient.external_ref == "demo-nl"))
        assert not s.scalars(select(ConsentEvent).where(
            ConsentEvent.patient_id == other.id, ConsentEvent.channel != "careplan")).all()


def test_consent_given_again_keeps_an_earlier_stop(db_url: str) -> None:
    """A channel the patient had stopped (STOP) before withdrawing stays stopped when
    the consent is given again: only the withdrawal's opt-outs are undone."""
    _demo(db_url)
    with session_scope(db_url) as s:
        patient = s.scalar(select(Patient).where(Patient.external_ref == "demo-nl"))
        stopped = enrollment.link_by_phone(s, "sms", patient.phone)
        assert stopped is not None
        enrollment.set_opt_out(s, stopped, True, "sms:keyword")
        stopped.opted_out_at = utcnow() - dt.timedelta(days=3)
        code = enrollment.issue_code(s, patient, created_by="test")
        chat = enrollment.link(s, "telegram", "5151", code).identity
        assert chat is not None
        consent.withdraw_all(s, patient, actor="telegram:patient", channel="telegram")
        consent.record(s, patient, consent.CHAT_SERVICE, True, actor="console:c",
                       channel="console")
        assert chat.opted_out_at is None and stopped.opted_out_at is not None


def test_a_care_plan_change_of_a_caregiver_consent_is_recorded(db_url: str) -> None:
    _demo(db_url)
    demo = next(p for p in demo_careplans() if "fr" in p.name)
    text = demo.read_text(encoding="utf-8")
    assert "may_see_medication_names: false" in text
    with session_scope(db_url) as s:
        apply_careplan(s, parse_careplan(text.replace("may_see_medication_names: false",
                                                      "may_see_medication_names: true"),
                                         demo.name), actor="console:coord")
        patient = s.scalar(select(Patient).where(Patient.external_ref == "demo-fr"))
        last = consent.history(s, patient.id)[-1]
        assert (last.scope, last.given, last.actor, last.channel) == (
            consent.MEDICATION_NAMES, True, "console:coord", "careplan")
        count = len(consent.history(s, patient.id))
        apply_careplan(s, parse_careplan(text.replace("may_see_medication_names: false",
                                                      "may_see_medication_names: true"),
                                         demo.name), actor="console:coord")
        assert len(consent.history(s, patient.id)) == count  # nothing changed, nothing added


def test_a_patient_known_only_by_their_number_gets_no_sms_after_withdrawing(
        db_url: str) -> None:
    """Withdrawing the chat service opts out the patient's chat accounts; a patient
    with no account, only a number on file, is honoured by the routes themselves: no
    reminder by SMS any more (one-by-one and batch alike), an urgent message still."""
    from bot import outbound
    from reminders.dispatch import _routes
    from tests.support.patients import make_patient

    with session_scope(db_url) as s:
        patient = make_patient(s, ref="sms-only", phone="+32470999001")
        other = make_patient(s, ref="sms-only-2", phone="+32470999002")
        s.flush()
        assert [r.channel for r in outbound.patient_routes(s, patient)] == ["sms"]
        consent.record(s, patient, consent.CHAT_SERVICE, False, actor="console:coord",
                       channel="console")
        assert outbound.patient_routes(s, patient) == []
        assert [r.channel for r in outbound.patient_routes(s, patient, urgent=True)] == ["sms"]
        withdrawn = consent.chat_withdrawn_among(s, [patient.id, other.id])
        assert withdrawn == {patient.id}
        assert _routes(patient, [], patient.id in withdrawn) == []
        assert [r.channel for r in _routes(other, [], other.id in withdrawn)] == ["sms"]
        # given again from the console: SMS again
        consent.record(s, patient, consent.CHAT_SERVICE, True, actor="console:coord",
                       channel="console")
        assert [r.channel for r in outbound.patient_routes(s, patient)] == ["sms"]
        assert consent.chat_withdrawn_among(s, [patient.id]) == set()
