"""Caregivers who write back (issue 17, item 3), through the real gateway process: SMS
and WhatsApp from a caregiver's number via the signed Twilio webhook, the answers back
through the twilio client to the fake Twilio server. Rasa is a stand-in that answers
"reçu : <text>" to whatever reaches it, so a caregiver's message that went to Rasa (or
got the patients' sign-up text) shows at once."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot import accounts, enrollment, flags
from bot.db import session_scope
from bot.messages import JOIN_INSTRUCTIONS, render
from bot.models import (
    AuditEntry,
    Caregiver,
    ChannelIdentity,
    Dose,
    Flag,
    Medication,
    Reminder,
    utcnow,
)
from console.app import Settings, create_app
from tests.support.console_seed import PASSWORD, FakeRasa, sign_in
from tests.support.gateway_process import Running, echoing_gateway, wait_texts
from tests.support.patients import make_patient
from tests.support.processes import free_port
from tests.support.waiting import wait_for

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with echoing_gateway(tmp_path_factory.mktemp("caregivers")) as running:
        yield running


@dataclass
class Family:
    patient_id: int
    conversation_id: str
    caregiver_id: int
    phone: str


def _phone() -> str:
    return f"+3247{free_port():05d}{int(time.monotonic_ns() % 100):02d}"


def _family(gw: Running, lang: str, *, names: bool = False, alerts: bool = True,
            phone: str | None = None) -> Family:
    """A patient linked on Telegram (so a conversation) and one caregiver."""
    phone = phone or _phone()
    with session_scope(gw.database_url) as s:
        patient = make_patient(s, ref=f"cg-{uuid.uuid4().hex[:8]}", language=lang)
        identity = ChannelIdentity(patient_id=patient.id, channel="telegram",
                                   external_id=str(free_port() * 1000 + 7),
                                   conversation_id=f"c-{uuid.uuid4().hex[:12]}")
        caregiver = Caregiver(patient_id=patient.id, name="Paul Aidant", phone=phone,
                              language=lang, relationship_to_patient="fils",
                              receives_missed_dose_alerts=alerts,
                              may_see_medication_names=names)
        s.add_all([identity, caregiver])
        s.flush()
        return Family(patient.id, identity.conversation_id, caregiver.id, phone)


def _settled(gw: Running, phone: str, count: int, *, whatsapp: bool = False) -> list[str]:
    """Exactly ``count`` answers: waits for them, then a little longer for extras."""
    address = f"whatsapp:{phone}" if whatsapp else phone
    wait_texts(lambda: gw.twilio_texts(address), count)
    time.sleep(1.0)
    texts = gw.twilio_texts(address)
    assert len(texts) == count, texts
    return texts


def _never_the_patients_path(texts: list[str]) -> None:
    assert not any(t.startswith("reçu :") for t in texts), texts  # Rasa never saw it
    assert JOIN_INSTRUCTIONS not in texts


@pytest.mark.parametrize(("text", "lang"), [("mon père ne respire plus", "fr"),
                                            ("mijn vader reageert niet meer", "nl")])
def test_a_caregivers_red_flag_gets_112_and_flags_the_patient(gw: Running, text: str,
                                                               lang: str) -> None:
    family = _family(gw, lang)
    gw.sms(family.phone, text)
    texts = _settled(gw, family.phone, 1)  # the 112 answer, nothing after it
    assert texts[0].startswith(render("emergency_112", lang))
    assert render("emergency_team", lang) in texts[0]
    _never_the_patients_path(texts)
    with session_scope(gw.database_url) as s:
        flag = s.scalars(select(Flag).where(Flag.conversation_id == family.conversation_id,
                                            Flag.kind == flags.EMERGENCY)).one()
        assert flag.severity == "urgent" and flag.patient_id == family.patient_id
        assert text in flag.summary and family.phone in flag.summary
        assert not s.scalars(select(Flag).where(
            Flag.kind == flags.CAREGIVER_MESSAGE, Flag.patient_id == family.patient_id)).all()


def _sent_alert(gw: Running, family: Family, hours_ago: float = 1) -> int:
    """A missed-dose alert the scheduler sent to the caregiver, and the open
    missed-doses flag the nurses have."""
    with session_scope(gw.database_url) as s:
        medication = s.scalars(select(Medication).where(
            Medication.patient_id == family.patient_id)).first()
        at = utcnow() - dt.timedelta(hours=hours_ago + 1)
        dose = Dose(medication_id=medication.id, patient_id=family.patient_id,
                    scheduled_at=at.replace(second=0, microsecond=0), status="missed")
        s.add(dose)
        s.flush()
        alert = Reminder(key=f"meds:{family.patient_id}:{dose.id}:alert:{family.caregiver_id}",
                         kind="caregiver_alert", patient_id=family.patient_id,
                         caregiver_id=family.caregiver_id, dose_id=dose.id, due_at=at,
                         status="sent", sent_at=utcnow() - dt.timedelta(hours=hours_ago))
        s.add(alert)
        flags.raise_flag(s, flags.MISSED_DOSES, patient_id=family.patient_id,
                         conversation_id=family.conversation_id, summary="3 prises manquées")
        s.flush()
        return alert.id


def _patient_page(gw: Running, patient_id: int, lang: str) -> str:
    """The patient's page in the nurse console, read by an admin in ``lang``."""
    username = f"admin{uuid.uuid4().hex[:6]}"
    with session_scope(gw.database_url) as s:
        accounts.create_user(s, username, PASSWORD, "admin", language=lang)
    client = TestClient(create_app(Settings(secret_key="k", database_url=gw.database_url,
                                            rasa=FakeRasa())))
    assert sign_in(client, username).status_code == 303
    return client.get(f"/patients/{patient_id}").text


@pytest.mark.parametrize(("text", "lang", "whatsapp"), [("oui vu", "fr", False),
                                                        ("OK", "fr", True),
                                                        ("Gezien!", "nl", False)])
def test_ok_acknowledges_the_latest_alert_and_the_nurse_sees_it(
        gw: Running, text: str, lang: str, whatsapp: bool) -> None:
    family = _family(gw, lang)
    _sent_alert(gw, family, hours_ago=5)
    latest = _sent_alert(gw, family, hours_ago=1)
    gw.sms(family.phone, text, whatsapp=whatsapp)
    texts = _settled(gw, family.phone, 1, whatsapp=whatsapp)
    assert texts[0].startswith(render("caregiver_ack", lang, patient="Marie", time="X",
                                      day="Y").split(":")[0])
    _never_the_patients_path(texts)
    with session_scope(gw.database_url) as s:
        alerts = {r.id: r for r in s.scalars(select(Reminder).where(
            Reminder.caregiver_id == family.caregiver_id))}
        assert alerts[latest].acknowledged_at is not None  # the latest one, not the older
        assert [r.id for r in alerts.values() if r.acknowledged_at] == [latest]
        assert s.scalars(select(AuditEntry).where(
            AuditEntry.action == "acknowledge", AuditEntry.entity == "caregiver_alert",
            AuditEntry.entity_id == latest)).one().actor == f"caregiver:{family.caregiver_id}"
        flag = s.scalars(select(Flag).where(Flag.kind == flags.MISSED_DOSES,
                                            Flag.patient_id == family.patient_id)).one()
        assert "Paul Aidant" in flag.summary
    page = _patient_page(gw, family.patient_id, lang)
    seen = {"fr": "vue le", "nl": "gezien op"}[lang]
    assert re.search(rf'id="caregiver-{family.caregiver_id}">[^<]*{seen}', page), page


@pytest.mark.parametrize(("stop", "start", "lang"), [("ARRET", "START", "fr"),
                                                     ("stop", "Starten", "nl")])
def test_stop_ends_the_caregivers_alerts_and_start_resumes_them(
        gw: Running, stop: str, start: str, lang: str) -> None:
    family = _family(gw, lang)
    gw.sms(family.phone, stop)
    texts = _settled(gw, family.phone, 1)
    assert texts[0] == render("caregiver_stopped", lang, patients="Marie")
    with session_scope(gw.database_url) as s:
        assert s.get(Caregiver, family.caregiver_id).opted_out_at is not None
        assert s.scalars(select(AuditEntry).where(
            AuditEntry.action == "opt_out", AuditEntry.entity == "caregiver",
            AuditEntry.entity_id == family.caregiver_id)).one()
        assert not s.scalars(select(Flag).where(Flag.patient_id == family.patient_id)).all()
    gw.sms(family.phone, start)
    texts = _settled(gw, family.phone, 2)
    assert texts[1] == render("caregiver_started", lang, patients="Marie")
    with session_scope(gw.database_url) as s:
        assert s.get(Caregiver, family.caregiver_id).opted_out_at is None
    _never_the_patients_path(texts)


def _doses_today(gw: Running, family: Family) -> None:
    """The plan has a dose two minutes ago (taken) and one in two minutes, both today in
    Brussels: within three minutes of local midnight one of them would fall on another
    day, so the test first waits until the day has room for both (at most six minutes,
    a few minutes a day)."""
    local = utcnow().astimezone(BRUSSELS)
    minutes = local.hour * 60 + local.minute
    if minutes < 3 or minutes > 24 * 60 - 4:
        time.sleep(((3 - minutes) % (24 * 60)) * 60 + 60 - local.second)
    now = utcnow().replace(second=0, microsecond=0)
    earlier, later = now - dt.timedelta(minutes=2), now + dt.timedelta(minutes=2)
    with session_scope(gw.database_url) as s:
        medication = s.scalars(select(Medication).where(
            Medication.patient_id == family.patient_id)).first()
        medication.times = [f"{t.astimezone(BRUSSELS):%H:%M}" for t in (earlier, later)]
        s.add(Dose(medication_id=medication.id, patient_id=family.patient_id,
                   scheduled_at=earlier, status="taken"))


@pytest.mark.parametrize(("text", "lang"), [("aujourd'hui ?", "fr"), ("Vandaag?", "nl")])
@pytest.mark.parametrize("names", [True, False])
def test_a_consenting_caregiver_gets_todays_doses(gw: Running, text: str, lang: str,
                                                  names: bool) -> None:
    family = _family(gw, lang, names=names)
    _doses_today(gw, family)
    gw.sms(family.phone, text)
    answer = _settled(gw, family.phone, 1)[0]
    assert answer.startswith(render("caregiver_status", lang, patient="Marie", taken=1,
                                    missed=0, due=0, later=1)), answer
    assert ("Metformine" in answer) is names  # names only if the care plan allows it
    with session_scope(gw.database_url) as s:
        assert s.scalars(select(AuditEntry).where(
            AuditEntry.actor == f"caregiver:{family.caregiver_id}",
            AuditEntry.action == "read", AuditEntry.entity == "doses")).one()


def test_a_caregiver_without_consent_gets_no_doses(gw: Running) -> None:
    family = _family(gw, "nl", alerts=False)
    gw.sms(family.phone, "vandaag ?")
    assert _settled(gw, family.phone, 1) == [
        render("caregiver_status_refused", "nl", patient="Marie")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Elle a bien mangé ce midi, je passe demain", "fr"),
    ("Hij heeft goed gegeten vanmiddag, ik kom morgen langs", "nl")])
def test_any_other_text_is_a_caregiver_message_flag(gw: Running, text: str, lang: str) -> None:
    family = _family(gw, lang)
    gw.sms(family.phone, text, whatsapp=lang == "nl")
    texts = _settled(gw, family.phone, 1, whatsapp=lang == "nl")
    assert texts == [render("caregiver_message_ack", lang, patients="Marie")]
    with session_scope(gw.database_url) as s:
        flag = s.scalars(select(Flag).where(Flag.kind == flags.CAREGIVER_MESSAGE,
                                            Flag.patient_id == family.patient_id)).one()
        assert flag.conversation_id == family.conversation_id and text in flag.summary
        assert "Paul Aidant" in flag.summary and flag.status == flags.OPEN


def test_a_caregiver_who_is_also_a_linked_patient_keeps_the_patient_path(gw: Running) -> None:
    phone = _phone()
    family = _family(gw, "fr", phone=phone)
    with session_scope(gw.database_url) as s:  # the same number, linked as a patient by SMS
        patient = make_patient(s, ref=f"both-{uuid.uuid4().hex[:8]}", language="fr")
        code = enrollment.issue_code(s, patient, created_by="test")
    gw.sms(phone, code)  # a live code from a caregiver's number enrolls
    wait_texts(lambda: gw.twilio_texts(phone), 1)
    gw.sms(phone, "OK")
    texts = wait_for(lambda: [t for t in gw.twilio_texts(phone) if t.startswith("reçu :")])
    assert texts == ["reçu : OK"]  # Rasa got it, as the patient's message
    with session_scope(gw.database_url) as s:
        assert s.scalars(select(ChannelIdentity).where(
            ChannelIdentity.channel == "sms", ChannelIdentity.external_id == phone)).one()
        assert s.get(Caregiver, family.caregiver_id).opted_out_at is None
