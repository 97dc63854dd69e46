"""Language that sticks, through the real processes: the gateway (fake Telegram and
Twilio), Rasa with the trained model, the action server and the reminders scheduler.
A French patient asks for Dutch and the next reminder the scheduler sends is Dutch; a
run of French texts moves a Dutch patient to French, one stray text does not; a
language set as the console does is the one of the assistant's next answer; a
caregiver's request by SMS changes what the caregiver is sent."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import enrollment, language_choice
from bot.db import session_scope
from bot.messages import render
from bot.models import AuditEntry, Caregiver, Dose, Medication, OutboundMessage, Patient, Reminder
from tests.support.gateway_process import (
    Running,
    running_gateway,
    wait_texts,
)
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.processes import ActionServer, RasaServer, free_port
from tests.support.waiting import wait_for


@pytest.fixture(scope="module")
def gateway(rasa_server: RasaServer, action_server: ActionServer,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with running_gateway(action_server.database_url, rasa_server.url, rasa_server.token,
                         tmp_path_factory.mktemp("gateway-lang"),
                         ACTION_SERVER_URL=action_server.url) as gw:
        yield gw


def _linked(gw: Running, lang: str, *, due_in: dt.timedelta | None = None
            ) -> tuple[int, int]:
    """A patient linked on Telegram (deep link); returns (chat id, patient id)."""
    chat = 950_000 + free_port()
    with session_scope(gw.database_url) as s:
        patient = make_patient(s, ref=f"lp-{uuid.uuid4().hex[:6]}", language=lang)
        code = enrollment.issue_code(s, patient, "t")
        patient_id = patient.id
    gw.telegram_link(chat, code, lang)
    return chat, patient_id


def _say(gw: Running, chat: int, text: str) -> str:
    return gw.telegram_say(chat, text)


def _language(gw: Running, patient_id: int) -> str:
    with session_scope(gw.database_url) as s:
        return s.get(Patient, patient_id).language


def test_a_french_patient_asks_for_dutch_and_the_next_reminder_is_dutch(
        gateway: Running, rasa_server: RasaServer, tmp_path: Path) -> None:
    chat, patient_id = _linked(gateway, "fr")
    assert _say(gateway, chat, "in het Nederlands alstublieft") == (
        "Goed, ik ga verder in het Nederlands.")
    assert _language(gateway, patient_id) == "nl"
    # An ambiguous "merci" stays Dutch: the slot and the stored language agree.
    assert _say(gateway, chat, "merci") == "Graag gedaan! Ik ben er als u mij nodig hebt."
    with session_scope(gateway.database_url) as s:
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "language_changed",
            AuditEntry.patient_id == patient_id)).one()
        assert (entry.actor, entry.detail["from"], entry.detail["to"],
                entry.detail["reason"]) == ("telegram:patient", "fr", "nl", "request")
        # A dose due in a minute; the scheduler renders its reminder when it sends it.
        patient = s.get(Patient, patient_id)
        due = dt.datetime.now(ZoneInfo(patient.timezone)) + dt.timedelta(minutes=1)
        medication = Medication(patient_id=patient_id, name="Kardegic", dose_text="75 mg",
                                times=[due.strftime("%H:%M")])
        s.add(medication)
        s.flush()
        medication_id = medication.id
    env = {**os.environ, "CARE_DATABASE_URL": gateway.database_url,
           "REMINDERS_TICK_SECONDS": "1", "RASA_URL": rasa_server.url,
           "RASA_TOKEN": rasa_server.token}
    with (tmp_path / "reminders.log").open("w") as log:
        scheduler = subprocess.Popen([sys.executable, "-m", "reminders"], cwd=ROOT, env=env,
                                     stdout=log, stderr=subprocess.STDOUT)
    try:
        def sent() -> str | None:
            with session_scope(gateway.database_url) as s:
                reminder = s.scalars(select(Reminder).join(Dose, Reminder.dose_id == Dose.id)
                                     .where(Dose.medication_id == medication_id,
                                            Reminder.status == "sent")).first()
                if reminder is None:
                    return None
                return s.scalars(select(OutboundMessage.text).where(
                    OutboundMessage.idempotency_key == f"reminder:{reminder.key}")).one()
        text = wait_for(sent, timeout=150)
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=20)
    assert text.startswith("Dag Marie, het is tijd voor uw medicatie van")
    assert "Kardegic" in text
    # Delivered by the gateway to the patient's Telegram chat, with Dutch buttons.
    wait_for(lambda: text in gateway.telegram_texts(chat), timeout=30)
    markup = [m.get("reply_markup") for m in gateway.telegram.sent_messages()
              if m.get("text") == text]
    assert render("button_taken", "nl") in str(markup)


def test_a_run_of_french_texts_switches_a_dutch_patient_and_a_stray_one_does_not(
        gateway: Running) -> None:
    chat, patient_id = _linked(gateway, "nl")
    _say(gateway, chat, "je vais bien")  # one stray French text: answered in French...
    assert _language(gateway, patient_id) == "nl"  # ...but the stored language stays
    _say(gateway, chat, "ik heb mijn pillen genomen")  # breaks the run
    assert _language(gateway, patient_id) == "nl"
    _say(gateway, chat, "c'est quoi mes objectifs")
    _say(gateway, chat, "j'ai marché 20 minutes aujourd'hui")
    assert _language(gateway, patient_id) == "nl"
    _say(gateway, chat, "quand est mon prochain rendez-vous")
    assert _language(gateway, patient_id) == "fr"  # the third in a row
    assert _say(gateway, chat, "merci") == "Avec plaisir ! Je reste là si vous avez besoin de moi."


def test_a_language_set_in_the_console_is_the_next_answers(gateway: Running) -> None:
    chat, patient_id = _linked(gateway, "fr")
    assert _say(gateway, chat, "merci") == "Avec plaisir ! Je reste là si vous avez besoin de moi."
    with session_scope(gateway.database_url) as s:  # what POST /patients/{id}/language does
        language_choice.set_language(s, s.get(Patient, patient_id), "nl",
                                     actor="console:nurse", channel="console",
                                     reason="console")
    assert _say(gateway, chat, "merci") == "Graag gedaan! Ik ben er als u mij nodig hebt."
    # Applied once: a French text is answered in French again, as before...
    assert _say(gateway, chat, "c'est quoi mes objectifs").startswith("Vos objectifs")
    # ...and does not change the stored choice.
    assert _language(gateway, patient_id) == "nl"


def test_a_caregiver_asks_for_dutch_by_sms(gateway: Running) -> None:
    phone = f"+3247{uuid.uuid4().int % 10**7:07d}"
    with session_scope(gateway.database_url) as s:
        patient = make_patient(s, ref=f"lc-{uuid.uuid4().hex[:6]}", language="fr")
        s.add(Caregiver(patient_id=patient.id, name="Jan Peeters", phone=phone,
                        language="fr"))
    gateway.sms(phone, "in het Nederlands aub")
    wait_texts(lambda: gateway.twilio_texts(phone), 1)  # whatever answers it today

    def caregiver_language() -> str | None:
        with session_scope(gateway.database_url) as s:
            language = s.scalars(select(Caregiver.language).where(
                Caregiver.phone == phone)).one()
            return language if language == "nl" else None
    assert wait_for(caregiver_language) == "nl"
