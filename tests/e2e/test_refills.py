"""Refill reminders (issue 17, item 8): pack size and stock in the care-plan file,
validated, exported and round-tripped; the stock counted down exactly once per dose
taken; one refill reminder per stock level, in the patient's language and to the
caregivers who receive reminders, from the scheduler with a controllable clock and
from the real process; the pharmacist's SMS; "renouvelé" / "opgehaald" through the
real gateway with the fake Twilio and Telegram servers."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import doses, refills
from bot.careplan_file import (
    CarePlanFileError,
    export_careplan,
    import_careplan,
    parse_careplan,
)
from bot.db import migrate, session_scope
from bot.models import (
    AuditEntry,
    CareAssignment,
    Caregiver,
    CareTeamMember,
    ChannelIdentity,
    Medication,
    OutboundMessage,
    Patient,
    Reminder,
    Team,
    utcnow,
)
from reminders.dispatch import dispatch_due
from reminders.planner import plan
from reminders.refills import queue_due
from tests.support.gateway_process import Running, echoing_gateway, telegram_update
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.processes import free_port
from tests.support.waiting import wait_for

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone.utc)

PLAN = """\
version: 1
patient:
  ref: refill-1
  first_name: Léa
  last_name: Peeters
  language: fr
  phone: "+32470123456"
care_team: []
caregivers: []
goals: []
medications:
  - name: Metformine
    dose: 1 comprimé de 500 mg
    times: ["08:00", "20:00"]
    pack_size: 60
    stock: 12
  - name: Kardegic
    dose: 75 mg
    times: ["08:00"]
appointments: []
"""


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BRUSSELS)


# --------------------------------------------------------------------------- the file


def test_pack_size_and_stock_are_read_and_optional() -> None:
    plan_ = parse_careplan(PLAN)
    metformine, kardegic = plan_.medications
    assert (metformine.pack_size, metformine.stock) == (60, 12)
    assert (kardegic.pack_size, kardegic.stock) == (None, None)


@pytest.mark.parametrize("value", ["-1", "1.5", "beaucoup", "10001"])
def test_a_bad_stock_is_an_error_with_its_line(value: str) -> None:
    with pytest.raises(CarePlanFileError) as caught:
        parse_careplan(PLAN.replace("stock: 12", f"stock: {value}"), "careplan.yml")
    assert str(caught.value).splitlines() == [
        f"careplan.yml:16: medications[0].stock: '{value}' is not a whole number "
        "from 0 to 10000"]


def test_an_unknown_medication_key_still_suggests_the_new_ones() -> None:
    with pytest.raises(CarePlanFileError) as caught:
        parse_careplan(PLAN.replace("pack_size: 60", "pack_sise: 60"), "careplan.yml")
    assert "did you mean 'pack_size'?" in str(caught.value)


def test_export_round_trips_and_writes_the_counted_stock(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient_id = import_careplan(s, PLAN, "test:nurse", "careplan.yml", now=NOW).id
    with session_scope(db_url) as s:
        exported = export_careplan(s, s.get_one(Patient, patient_id))
    assert "pack_size: 60" in exported and "stock: 12" in exported
    assert exported.count("stock:") == 1  # Kardegic is not counted
    assert parse_careplan(exported) == parse_careplan(PLAN)
    with session_scope(db_url) as s:
        import_careplan(s, exported, "test:nurse", "exported.yml", now=NOW)
        detail = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first().detail
        assert set(detail["medications"]) == {"unchanged"}
        # a dose taken counts down; the export says what is left
        patient = s.get_one(Patient, patient_id)
        doses.ensure_doses(s, patient, dt.date(2026, 11, 24))
        doses.record_intake(s, patient, doses.TAKEN, actor="t", now=local(2026, 11, 24, 8, 5),
                            medication_name="Metformine", source_message="m-export")
    with session_scope(db_url) as s:
        assert "stock: 11" in export_careplan(s, s.get_one(Patient, patient_id))


# --------------------------------------------------------------------------- counting down


@pytest.mark.parametrize(("dose", "units"), [
    ("1 comprimé 500 mg", 1), ("2 bouffées", 2), ("75 mg", 1), ("10 UI", 1),
    ("3 comprimés de 5 mg", 3), ("½ comprimé", 1), ("", 1), ("une gélule", 1)])
def test_units_per_dose_is_the_leading_whole_number(dose: str, units: int) -> None:
    assert refills.units_per_dose(dose) == units


def _counted(s, stock: int = 10, pack_size: int | None = 30, **fields) -> Patient:
    patient = make_patient(s, ref=f"rf-{uuid.uuid4().hex[:8]}", **fields)
    med = s.scalars(select(Medication).where(Medication.patient_id == patient.id)).one()
    med.stock, med.pack_size = stock, pack_size
    s.flush()
    return patient


def _stock(url: str, patient_id: int) -> int | None:
    with session_scope(url) as s:
        return s.scalars(select(Medication.stock).where(
            Medication.patient_id == patient_id)).one()


def test_a_dose_taken_counts_down_exactly_once(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient_id = _counted(s).id

    def answer(status: str, message: str, minute: int = 5, named: str | None = None) -> None:
        with session_scope(db_url) as s:
            patient = s.get_one(Patient, patient_id)
            doses.record_intake(s, patient, status, actor="t", time_text=named,
                                now=local(2026, 11, 24, 8, minute), source_message=message)

    answer(doses.TAKEN, "m1")
    assert _stock(db_url, patient_id) == 9
    answer(doses.TAKEN, "m1")  # the same message processed again
    assert _stock(db_url, patient_id) == 9
    answer(doses.TAKEN, "m2", 10)  # "pris" again for the same dose
    assert _stock(db_url, patient_id) == 9
    answer(doses.MISSED, "m3", 15, named="8h")  # "celui de 8h": the units come back
    assert _stock(db_url, patient_id) == 10
    with session_scope(db_url) as s:
        changes = [e.detail["stock"] for e in s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "medication", AuditEntry.patient_id == patient_id)
            .order_by(AuditEntry.id))]
    assert changes == [[10, 9], [9, 10]]


def test_the_stock_never_goes_below_zero(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _counted(s, stock=0)
        doses.record_intake(s, patient, doses.TAKEN, actor="t", now=local(2026, 11, 24, 8, 5))
        patient_id = patient.id
    assert _stock(db_url, patient_id) == 0


# --------------------------------------------------------------------------- the scheduler


def _tick(url: str, at: dt.datetime) -> list[Reminder]:
    """The scheduler's tick at ``at``: refills queued, then what is due dispatched."""
    with session_scope(url) as s:
        queue_due(s, at)
        for patient in s.scalars(select(Patient)):
            plan(s, patient, at)
        sent = [r for r in dispatch_due(s, at) if r.kind == refills.KIND]
        for r in sent:
            s.expunge(r)
        return sent


def _refill_texts(url: str) -> list[tuple[str, str, str]]:
    with session_scope(url) as s:
        return [(m.channel, m.address, m.text) for m in s.scalars(
            select(OutboundMessage).where(OutboundMessage.idempotency_key.like("reminder:refill:%"))
            .order_by(OutboundMessage.id))]


def _with_people(s, lang: str, stock: int) -> Patient:
    patient = _counted(s, stock=stock, language=lang, phone="+32470123456")
    s.add(ChannelIdentity(patient_id=patient.id, channel="telegram", external_id="4242",
                          conversation_id=f"c-{uuid.uuid4().hex[:12]}"))
    s.add_all([
        Caregiver(patient_id=patient.id, name="Paul", phone="+32470555666", language=lang,
                  receives_reminders=True, may_see_medication_names=True),
        Caregiver(patient_id=patient.id, name="Anne", phone="+32470555777", language=lang,
                  receives_reminders=False),
        Caregiver(patient_id=patient.id, name="Luc", phone="+32470555888", language=lang,
                  receives_reminders=True, opted_out_at=NOW),
    ])
    team = Team(name=f"t-{uuid.uuid4().hex[:6]}")
    s.add(team)
    s.flush()
    for phone in ("+32470999111", "+3281000301"):  # a mobile, and a landline: no SMS
        member = CareTeamMember(team_id=team.id, name=f"Pharma {phone[-3:]}", role="pharmacist",
                                phone=phone, language=lang)
        s.add(member)
        s.flush()
        s.add(CareAssignment(patient_id=patient.id, member_id=member.id))
    s.flush()
    return patient


EXPECTED = {  # 8 units at 2 a day: 4 days
    "fr": ("Bonjour Marie, il vous reste 8 unités de Metformine, environ 4 jours.",
           "Rappel pour Marie : Metformine sera bientot epuise (environ 4 jours).",
           "n'a plus qu'environ 4 jours de Metformine"),
    "nl": ("Hallo Marie, u hebt nog 8 eenheden Metformine, ongeveer 4 dagen.",
           "Herinnering voor Marie: Metformine is binnenkort op (ongeveer 4 dagen).",
           "heeft nog ongeveer 4 dagen Metformine"),
}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_one_refill_reminder_per_stock_level_in_the_patients_language(
        db_url: str, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFILL_NOTIFY_PHARMACIST", "1")
    with session_scope(db_url) as s:
        patient_id = _with_people(s, lang, stock=8).id  # 4 days at 2 a day: already short
        s.get_one(Patient, patient_id).quiet_start = dt.time(22, 0)
        s.get_one(Patient, patient_id).quiet_end = dt.time(7, 0)
    # 23:00: inside quiet hours, queued for 07:00
    assert _tick(db_url, local(2026, 11, 23, 23, 0)) == []
    sent = _tick(db_url, local(2026, 11, 24, 7, 0))
    assert sorted(r.caregiver_id is None for r in sent) == [False, True]  # patient + Paul
    assert len(_refill_texts(db_url)) == 3  # patient, Paul, the mobile pharmacist
    for minute in (1, 2, 3):  # later ticks: nothing again at the same stock
        assert _tick(db_url, local(2026, 11, 24, 7, minute)) == []
    # The 08:00 dose taken: 7 units, still warned (once until the stock goes up again).
    with session_scope(db_url) as s:
        doses.record_intake(s, s.get_one(Patient, patient_id), doses.TAKEN, actor="t",
                            now=local(2026, 11, 24, 8, 5))
    assert _tick(db_url, local(2026, 11, 24, 9, 0)) == []
    assert _stock(db_url, patient_id) == 7
    texts = {address: (channel, text) for channel, address, text in _refill_texts(db_url)}
    assert len(texts) == 3
    assert texts["4242"][0] == "telegram" and texts["4242"][1].startswith(EXPECTED[lang][0])
    assert texts["+32470555666"][0] == "sms"
    assert texts["+32470555666"][1].startswith(EXPECTED[lang][1])
    channel, pharmacist_text = texts["+32470999111"]
    assert channel == "sms" and EXPECTED[lang][2] in pharmacist_text
    assert "Marie" not in pharmacist_text  # the patient by reference only
    with session_scope(db_url) as s:
        skipped = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "refill_pharmacist_skipped")).all()
        assert [e.detail["why"] for e in skipped] == ["not_mobile"]


def test_no_reminder_while_the_stock_lasts_and_none_without_a_stock(db_url: str) -> None:
    with session_scope(db_url) as s:
        _counted(s, stock=14, phone="+32470111222")  # 7 days at 2 a day: not fewer than 7
        make_patient(s, ref="uncounted")
    assert _tick(db_url, local(2026, 11, 24, 9, 0)) == []
    with session_scope(db_url) as s:  # one dose more: 13 units, 6 days
        patient = s.scalars(select(Patient).where(Patient.external_ref != "uncounted")).one()
        doses.record_intake(s, patient, doses.TAKEN, actor="t", now=local(2026, 11, 24, 8, 5))
    assert [r.kind for r in _tick(db_url, local(2026, 11, 24, 9, 1))] == [refills.KIND]
    assert _refill_texts(db_url)[0][2].startswith(
        "Bonjour Marie, il vous reste 13 unités de Metformine, environ 6 jours.")


def test_the_pharmacist_is_not_told_by_default(db_url: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFILL_NOTIFY_PHARMACIST", raising=False)
    with session_scope(db_url) as s:
        _with_people(s, "fr", stock=4)
    _tick(db_url, local(2026, 11, 24, 9, 0))
    assert [address for _, address, _ in _refill_texts(db_url)] == ["4242", "+32470555666"]


def test_the_warning_window_is_a_setting(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFILL_WARNING_DAYS", "3")
    with session_scope(db_url) as s:
        _counted(s, stock=8, phone="+32470111222")  # 4 days
    assert _tick(db_url, local(2026, 11, 24, 9, 0)) == []
    monkeypatch.setenv("REFILL_WARNING_DAYS", "5")
    assert len(_tick(db_url, local(2026, 11, 24, 9, 1))) == 1


# --------------------------------------------------------------------------- the process


def test_the_scheduler_process_queues_one_refill_reminder_in_each_language(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    with session_scope(url) as s:
        for lang, phone in (("fr", "+32470123401"), ("nl", "+32470123402")):
            patient = _counted(s, stock=5, language=lang, phone=phone)  # 2 days
            s.add(ChannelIdentity(patient_id=patient.id, channel="sms",
                                  external_id=patient.phone,
                                  conversation_id=f"c-{uuid.uuid4().hex[:12]}"))
    env = {**os.environ, "CARE_DATABASE_URL": url, "REMINDERS_TICK_SECONDS": "1",
           "RASA_URL": "http://127.0.0.1:9", "RASA_TOKEN": "none"}
    log = tmp_path / "scheduler.log"
    with log.open("a") as out:
        scheduler = subprocess.Popen([sys.executable, "-m", "reminders"], cwd=ROOT, env=env,
                                     stdout=out, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: len(_refill_texts(url)) == 2, timeout=120, interval=0.5)
        time.sleep(4)  # a few more ticks (one a second): nothing again
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=20)
    texts = sorted(t for _, _, t in _refill_texts(url))
    assert len(texts) == 2, log.read_text()
    assert texts[0].startswith(
        "Bonjour Marie, il vous reste 5 unités de Metformine, environ 2 jours.")
    assert texts[1].startswith("Hallo Marie, u hebt nog 5 eenheden Metformine, ongeveer 2 dagen.")


# --------------------------------------------------------------------------- the gateway


@pytest.fixture(scope="module")
def gw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with echoing_gateway(tmp_path_factory.mktemp("refills")) as running:
        yield running


def _reminded(gw: Running, lang: str, channel: str, address: str) -> int:
    """A patient on ``channel`` whose stock is short, refill-reminded now."""
    now = utcnow()
    with session_scope(gw.database_url) as s:
        patient = _counted(s, stock=4, pack_size=30, language=lang)
        s.add(ChannelIdentity(patient_id=patient.id, channel=channel, external_id=address,
                              conversation_id=f"c-{uuid.uuid4().hex[:12]}"))
        s.flush()
        queue_due(s, now)
        assert [r.kind for r in dispatch_due(s, now) if r.patient_id == patient.id
                and r.kind == refills.KIND] == [refills.KIND]
        return patient.id


def _phone() -> str:
    return f"+3247{free_port():05d}{uuid.uuid4().int % 100:02d}"


@pytest.mark.parametrize("answer", ["J'ai renouvelé", "RENOUVELE !", "nouvelle boîte"])
def test_renouvele_by_sms_adds_a_pack_and_confirms_in_french(gw: Running, answer: str) -> None:
    phone = _phone()
    patient_id = _reminded(gw, "fr", "sms", phone)
    wait_for(lambda: any("RENOUVELÉ" in t for t in gw.twilio_texts(phone)))
    gw.sms(phone, answer)
    assert wait_for(lambda: [t for t in gw.twilio_texts(phone) if "noté" in t]) == [
        "Merci, c'est noté : Metformine, 34 unités en stock."]
    assert _stock(gw.database_url, patient_id) == 34
    gw.sms(phone, answer)  # again: the reminder is answered, the words go to Rasa
    wait_for(lambda: any(t.startswith("reçu :") for t in gw.twilio_texts(phone)))
    assert _stock(gw.database_url, patient_id) == 34
    with session_scope(gw.database_url) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "refill",
                                                   AuditEntry.patient_id == patient_id)).one()
        assert entry.actor == "sms:patient" and entry.detail["stock"] == [4, 34]


@pytest.mark.parametrize("answer", ["Ik heb ze opgehaald", "nieuwe doos"])
def test_opgehaald_on_telegram_confirms_in_dutch(gw: Running, answer: str) -> None:
    chat_id = 700_000 + uuid.uuid4().int % 100_000
    patient_id = _reminded(gw, "nl", "telegram", str(chat_id))
    wait_for(lambda: any("OPGEHAALD" in t for t in gw.telegram_texts(chat_id)))
    assert gw.telegram_update(telegram_update(chat_id, answer)).status_code == 200
    assert wait_for(lambda: [t for t in gw.telegram_texts(chat_id) if "genoteerd" in t]) == [
        "Bedankt, genoteerd: Metformine, 34 eenheden in voorraad."]
    assert _stock(gw.database_url, patient_id) == 34


def test_without_a_refill_reminder_the_words_go_to_the_conversation(gw: Running) -> None:
    phone = _phone()
    with session_scope(gw.database_url) as s:
        patient = _counted(s, stock=40)
        s.add(ChannelIdentity(patient_id=patient.id, channel="sms", external_id=phone,
                              conversation_id=f"c-{uuid.uuid4().hex[:12]}"))
        patient_id = patient.id
    gw.sms(phone, "renouvelé")
    assert wait_for(lambda: [t for t in gw.twilio_texts(phone)]) == ["reçu : renouvelé"]
    assert _stock(gw.database_url, patient_id) == 40


def test_the_answer_window_is_five_days(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = _counted(s, stock=2, phone="+32470111222")
        s.add(ChannelIdentity(patient_id=patient.id, channel="telegram", external_id="1",
                              conversation_id="c-x"))
        patient_id = patient.id
    _tick(db_url, local(2026, 11, 24, 9, 0))
    with session_scope(db_url) as s:
        sent_at = s.scalars(select(Reminder.sent_at).where(Reminder.kind == refills.KIND)).one()
        late = sent_at + dt.timedelta(days=5, minutes=1)
        assert refills.refill(s, patient_id, late, actor="t", source_message="late") == []
        in_time = sent_at + dt.timedelta(days=5, minutes=-1)
        assert [m.stock for m in refills.refill(s, patient_id, in_time, actor="t",
                                                source_message="ok")] == [32]
