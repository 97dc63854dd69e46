"""Channel parity for dose reminders (issue 17, item 2): on SMS and WhatsApp the
reminder says both answer words and fits one GSM-7 SMS with realistic medication
names; "PLUS TARD" / "LATER" by SMS reaches the conversation as the Telegram button's
payload; WhatsApp uses quick-reply buttons through a Content template when one is
configured. The end-to-end parts run the scheduler's dispatch against the real gateway
process and the fake Twilio server; Rasa is a stand-in that echoes what it got."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from twilio.base.exceptions import TwilioRestException

from bot import sms
from bot.db import session_scope
from bot.models import ChannelIdentity, Medication, OutboundMessage, Patient, utcnow
from reminders import channels
from reminders.dispatch import dispatch_due
from reminders.planner import plan
from tests.support.gateway_process import Running, echoing_gateway
from tests.support.patients import make_patient
from tests.support.processes import free_port
from tests.support.waiting import wait_for

BRUSSELS = ZoneInfo("Europe/Brussels")
CONTENT_SID = "HX" + "ab" * 16

# Slots as Belgian chronic patients have them (names and doses as on the box).
SLOTS = [
    [("Metformine", "1 comprimé 850 mg")],
    [("Bisoprolol", "2,5 mg"), ("Asaflow", "80 mg")],
    [("Atorvastatine", "40 mg"), ("Pantomed", "20 mg"), ("Lisinopril", "10 mg")],
    [("Furosemide", "40 mg"), ("Spironolactone", "25 mg"), ("Bisoprolol", "5 mg"),
     ("Metformine", "1 comprimé 1000 mg")],
]
WORDS = {"fr": "Répondez PRIS ou PLUS TARD", "nl": "Antwoord GENOMEN of LATER"}


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("slot", SLOTS, ids=lambda s: f"{len(s)}meds")
@pytest.mark.parametrize("name", ["Marie", "Marie-Thérèse", "Geert"])
def test_sms_reminders_say_both_words_in_one_gsm7_segment(lang: str, slot, name: str) -> None:
    time = "8h" if lang == "fr" else "8.00 uur"
    for channel in ("sms", "whatsapp"):
        text = channels.dose_text("medication", lang, channel, name=name, time=time,
                                  medications=slot)
        assert text.endswith(WORDS[lang]), text
        assert sms.is_gsm7(text) and len(text) <= 160 and sms.segments(text) == 1, text
        assert all(medication in text for medication, _ in slot)
    if len(slot) <= 2:  # short slots keep the dose too
        assert all(f"{m} ({d})" in text for m, d in slot)
    snooze = channels.dose_text("snooze", lang, "sms", name=name, time=time, medications=slot)
    assert snooze.endswith(WORDS[lang]) and sms.segments(snooze) == 1
    follow = channels.dose_text("follow_up", lang, "sms", name=name, time=time,
                                medications=slot)
    assert follow.endswith({"fr": "PRIS ou PAS PRIS", "nl": "GENOMEN of NIET GENOMEN"}[lang])
    assert sms.segments(follow) == 1
    # Telegram keeps its longer text: the buttons say how to answer.
    telegram = channels.dose_text("medication", lang, "telegram", name=name, time=time,
                                  medications=slot)
    assert WORDS[lang] not in telegram


def test_a_name_outside_gsm7_still_gets_the_words() -> None:
    text = channels.dose_text("medication", "fr", "sms", name="Gaëtan", time="8h",
                              medications=SLOTS[3])
    assert text.endswith(WORDS["fr"]) and not sms.is_gsm7(text)  # ë: as short as it goes
    assert "(40 mg)" not in text


# --- through the gateway -----------------------------------------------------------


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with echoing_gateway(tmp_path_factory.mktemp("parity")) as running:
        yield running


@pytest.fixture(scope="module")
def gw_buttons(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with echoing_gateway(tmp_path_factory.mktemp("parity-buttons"),
                         TWILIO_WHATSAPP_REMINDER_CONTENT_SID=CONTENT_SID) as running:
        yield running


def _phone() -> str:
    return f"+3247{free_port():05d}{uuid.uuid4().int % 100:02d}"


def _reminded(gw: Running, lang: str, channel: str) -> str:
    """A patient on ``channel`` whose dose is due now, reminded by the scheduler's
    dispatch (the gateway delivers it); returns the patient's number. On WhatsApp the
    patient wrote first, so the 24-hour window is open."""
    phone, now = _phone(), utcnow().replace(second=0, microsecond=0)
    with session_scope(gw.database_url) as s:
        patient = make_patient(s, ref=f"par-{uuid.uuid4().hex[:8]}", language=lang,
                               phone=phone)
        s.scalars(select(Medication).where(Medication.patient_id == patient.id)).one().times = [
            f"{now.astimezone(BRUSSELS):%H:%M}"]
        s.add(ChannelIdentity(patient_id=patient.id, channel=channel, external_id=phone,
                              conversation_id=f"c-{uuid.uuid4().hex[:12]}"))
        patient_id = patient.id
    if channel == "whatsapp":
        gw.sms(phone, "bonjour", whatsapp=True)
        wait_for(lambda: gw.twilio_texts(f"whatsapp:{phone}") == ["reçu : bonjour"])
    with session_scope(gw.database_url) as s:
        plan(s, s.get_one(Patient, patient_id), now)
        assert [r.kind for r in dispatch_due(s, now)] == ["medication"]
    return phone


def _sent(gw: Running, address: str) -> dict:
    """The reminder sent to ``address`` (not the stand-in Rasa's echo)."""
    return wait_for(lambda: next((m for m in gw.twilio.messages if m["to"] == address
                                  and not (m["body"] or "").startswith("reçu :")), None))


@pytest.mark.parametrize(("lang", "answer"), [("fr", "plus tard"), ("nl", "LATER"),
                                              ("fr", "Pris")])
def test_an_sms_answer_word_is_the_telegram_buttons_payload(gw: Running, lang: str,
                                                            answer: str) -> None:
    phone = _reminded(gw, lang, "sms")
    reminder = _sent(gw, phone)["body"]
    assert reminder.endswith(WORDS[lang]) and sms.segments(reminder) == 1
    gw.sms(phone, answer)
    payload = channels.ANSWER_WORDS[answer.lower()]
    echoed = wait_for(lambda: [t for t in gw.twilio_texts(phone) if t.startswith("reçu :")])
    assert echoed == [f"reçu : {payload}"]  # Rasa got what the Telegram button sends


def test_without_a_reminder_later_goes_as_typed(gw: Running) -> None:
    phone = _phone()
    with session_scope(gw.database_url) as s:
        patient = make_patient(s, ref=f"par-{uuid.uuid4().hex[:8]}", phone=phone)
        s.add(ChannelIdentity(patient_id=patient.id, channel="sms", external_id=phone,
                              conversation_id=f"c-{uuid.uuid4().hex[:12]}"))
    gw.sms(phone, "later")
    assert wait_for(lambda: [t for t in gw.twilio_texts(phone)
                             if t.startswith("reçu :")]) == ["reçu : later"]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_whatsapp_without_a_template_says_the_words(gw: Running, lang: str) -> None:
    phone = _reminded(gw, lang, "whatsapp")
    sent = _sent(gw, f"whatsapp:{phone}")
    assert sent["content_sid"] is None and sent["body"].endswith(WORDS[lang])


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_whatsapp_reminders_use_the_quick_reply_template(gw_buttons: Running,
                                                         lang: str) -> None:
    phone = _reminded(gw_buttons, lang, "whatsapp")
    sent = _sent(gw_buttons, f"whatsapp:{phone}")
    assert sent["content_sid"] == CONTENT_SID and sent["body"] == ""
    variables = sent["variables"]
    assert variables == json.loads(sent["content_variables"])
    assert variables["1"].endswith(WORDS[lang]) and "Metformine" in variables["1"]
    taken, later = {"fr": ("Pris ✅", "Plus tard ⏰"), "nl": ("Genomen ✅", "Later ⏰")}[lang]
    assert (variables["2"], variables["3"]) == (taken, channels.TAKEN)
    assert (variables["4"], variables["5"]) == (later, channels.LATER)
    with session_scope(gw_buttons.database_url) as s:
        assert s.scalars(select(OutboundMessage.status).where(
            OutboundMessage.address == phone,
            OutboundMessage.idempotency_key.like("reminder:%"))).one() in ("sent", "delivered")
    # The patient presses "Plus tard ⏰": WhatsApp sends its title and its id.
    gw_buttons.sms(phone, later, whatsapp=True, ButtonPayload=channels.LATER,
                   ButtonText=later)
    echoed = wait_for(lambda: (t := [t for t in gw_buttons.twilio_texts(f"whatsapp:{phone}")
                                     if t and t.startswith("reçu :")]) and len(t) == 2 and t)
    assert echoed == ["reçu : bonjour", f"reçu : {channels.LATER}"]


def test_the_fake_twilio_refuses_a_malformed_template(gw_buttons: Running) -> None:
    client = gw_buttons.twilio.client()
    for sid, variables, code in (("HX123", "{}", 21655), (CONTENT_SID, "[1, 2]", 21656),
                                 (CONTENT_SID, "not json", 21656)):
        with pytest.raises(TwilioRestException) as error:
            client.messages.create(to="whatsapp:+32470000000", from_="whatsapp:+14155238886",
                                   content_sid=sid, content_variables=variables)
        assert error.value.code == code
