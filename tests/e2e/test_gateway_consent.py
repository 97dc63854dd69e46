"""Withdrawing consent from the chat (issue 18, item 4), through the real gateway
process with the fake Telegram and Twilio servers and a stand-in Rasa that echoes
("reçu : <text>"), so that what reaches Rasa shows in the answers: the withdrawal is
recorded, confirmed in the patient's language, flagged for the care team, and from
then on nothing of the patient reaches Rasa or gets an answer, except the emergency
answer to a red flag, which the safety net gives before every rule."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import consent, flags, outbound
from bot.db import migrate, session_scope
from bot.messages import render
from bot.models import Caregiver, ChannelIdentity, Flag, InboundMessage, Patient
from tests.support.gateway_process import (
    Running,
    echoing_rasa,
    linked_patient,
    running_gateway,
    telegram_update,
    wait_texts,
)
from tests.support.processes import free_port
from tests.support.waiting import wait_for


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    workdir: Path = tmp_path_factory.mktemp("consent")
    database_url = f"sqlite:///{workdir / 'care.db'}"
    migrate(database_url)
    with echoing_rasa() as rasa, running_gateway(database_url, rasa, "token", workdir) as gw:
        yield gw


def _identity(gw: Running, address: str) -> tuple[int, str]:
    with session_scope(gw.database_url) as s:
        identity = s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.external_id == address)).one()
        return identity.patient_id, identity.conversation_id


def _status(gw: Running, channel: str, sender: str, text: str) -> tuple[str, str | None]:
    with session_scope(gw.database_url) as s:
        row = s.scalars(select(InboundMessage).where(
            InboundMessage.channel == channel, InboundMessage.sender == sender,
            InboundMessage.text == text)).one()
        return row.status, row.error


def test_a_telegram_patient_withdraws_consent_in_french(gateway: Running) -> None:
    chat = 900_000_000 + free_port()
    code = linked_patient(gateway.database_url, "fr")
    gateway.telegram_update(telegram_update(chat, f"/start {code}"))
    wait_texts(lambda: gateway.telegram_texts(chat), 1)
    gateway.telegram_update(telegram_update(chat, "bonjour"))
    assert wait_texts(lambda: gateway.telegram_texts(chat), 2)[1] == "reçu : bonjour"
    patient_id, conversation = _identity(gateway, str(chat))
    with session_scope(gateway.database_url) as s:
        s.add(Caregiver(patient_id=patient_id, name="Paul", phone="+32470999001",
                        receives_missed_dose_alerts=True, may_see_medication_names=True))

    gateway.telegram_update(telegram_update(chat, "Je RETIRE mon consentemant."))
    texts = wait_texts(lambda: gateway.telegram_texts(chat), 3)
    assert texts[2] == render("consent_withdrawn", "fr")
    with session_scope(gateway.database_url) as s:
        assert consent.chat_withdrawn(s, patient_id)
        assert set(consent.current(s, patient_id).values()) == {False}
        events = consent.history(s, patient_id)
        assert [(e.given, e.actor, e.channel) for e in events[-3:]] == [
            (False, "telegram:patient", "telegram")] * 3
        flag = s.scalars(select(Flag).where(Flag.patient_id == patient_id)).one()
        assert (flag.kind, flag.status, flag.conversation_id) == (
            flags.CONSENT_WITHDRAWN, "open", conversation)
        caregiver = s.scalars(select(Caregiver).where(Caregiver.patient_id == patient_id)).one()
        assert not caregiver.receives_missed_dose_alerts
        assert not caregiver.may_see_medication_names
        # No reminder or ordinary message can reach them; an urgent one still can.
        patient = s.get(Patient, patient_id)
        assert outbound.patient_routes(s, patient) == []
        assert outbound.patient_routes(s, patient, urgent=True)

    # Afterwards: nothing forwarded, nothing answered; the same phrase again is only
    # confirmed again, nothing is recorded twice.
    gateway.telegram_update(telegram_update(chat, "bonjour, vous êtes là ?"))
    gateway.telegram_update(telegram_update(chat, "je retire mon consentement"))
    wait_for(lambda: _status(gateway, "telegram", str(chat), "bonjour, vous êtes là ?")
             == ("ignored", "consent_withdrawn"))
    wait_for(lambda: _status(gateway, "telegram", str(chat), "je retire mon consentement")
             [0] == "processed")
    assert wait_texts(lambda: gateway.telegram_texts(chat), 4)[3] == render(
        "consent_withdrawn", "fr")
    # A red flag still gets the emergency answer at once, and an urgent flag.
    gateway.telegram_update(telegram_update(chat, "j'ai une douleur dans la poitrine"))
    texts = wait_texts(lambda: gateway.telegram_texts(chat), 5)
    assert "112" in texts[4] and texts[4] != render("consent_withdrawn", "fr")
    time.sleep(1.5)  # anything else would have been sent by now
    assert len(gateway.telegram_texts(chat)) == 5
    assert not any(t.startswith("reçu") for t in gateway.telegram_texts(chat)[2:])
    with session_scope(gateway.database_url) as s:
        kinds = {f.kind for f in s.scalars(select(Flag).where(Flag.patient_id == patient_id))}
        assert kinds == {flags.CONSENT_WITHDRAWN, flags.EMERGENCY}
        assert len(consent.history(s, patient_id)) == len(events)  # nothing recorded twice


def test_an_sms_patient_withdraws_consent_in_dutch_and_start_does_not_undo_it(
        gateway: Running) -> None:
    phone = f"+3248{free_port():07d}"[:12]
    code = linked_patient(gateway.database_url, "nl")
    gateway.sms(phone, code)
    wait_texts(lambda: gateway.twilio_texts(phone), 1)
    gateway.sms(phone, "ik trek mijn toestemmng in")
    texts = wait_texts(lambda: gateway.twilio_texts(phone), 2)
    assert texts[1] == render("consent_withdrawn", "nl")
    patient_id, _ = _identity(gateway, phone)
    gateway.sms(phone, "START")
    wait_for(lambda: _status(gateway, "sms", phone, "START") == (
        "ignored", "consent_withdrawn"))
    with session_scope(gateway.database_url) as s:
        assert consent.chat_withdrawn(s, patient_id)
        identity = s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.external_id == phone)).one()
        assert identity.opted_out_at is not None and identity.consent_at is None
    assert len(gateway.twilio_texts(phone)) == 2
