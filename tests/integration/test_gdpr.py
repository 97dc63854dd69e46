"""GDPR export and erasure (issue 18, items 1 and 2), on SQLite and PostgreSQL.

Both demo patients are loaded with some history (chat accounts, messages in and out,
doses, readings, flags and a page, a caregiver alert, a takeover, reminders, audit
entries, and Rasa conversation events in a tracker-store table with Rasa's schema);
the export must hold every category, the erasure must leave nothing of demo-fr
anywhere while demo-nl stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import string
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select

from bot import gdpr, safety_net
from bot.careplan_file import apply_careplan, demo_careplans, parse_careplan
from bot.db import session_scope
from bot.gdpr import tracker
from bot.i18n import table
from bot.models import (
    AuditEntry,
    CareTeamMember,
    ChannelIdentity,
    ConsoleUser,
    Dose,
    EnrollmentAttempt,
    EnrollmentCode,
    Flag,
    Goal,
    InboundMessage,
    Medication,
    MessageEffect,
    OutboundMessage,
    Page,
    Patient,
    ProgressEntry,
    Reading,
    Reminder,
    Takeover,
)
from bot.nlu.language import detect

NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)
# The readable export's texts, from bot/i18n/patient.yml.
EXPORT_TEXTS = table("patient.export")
EXPORT_FIELDS = table("patient.export_field")

# What only one demo patient's history contains, so a search can find it.
HISTORY = {
    "demo-fr": {"chat_id": "700100200", "conversation": "c-frfrfrfr01",
                "inbound": "Je me sens essoufflé ce matin <script>alert(1)</script>",
                "sms_in": "Bonjour, ici Marcel, pris mes cachets",
                "outbound": "Merci Marcel, c'est noté pour votre marche",
                "caregiver_sms": "Votre proche n'a pas confirmé sa prise de 08:00",
                "event": "j'ai marché 30 minutes le long de la Meuse",
                "bot_event": "Bravo, 30 minutes de marche aujourd'hui",
                "flag": "Le patient dit : douleur au mollet gauche",
                "note": "Appelé Marcel Dupont, rendez-vous pris chez le généraliste",
                "unlinked": "au secours mon coeur avant inscription"},
    "demo-nl": {"chat_id": "800300400", "conversation": "c-nlnlnlnl01",
                "inbound": "Ik ben kortademig vannacht",
                "sms_in": "Dag, hier Jozef, pillen genomen",
                "outbound": "Bedankt Jozef, genoteerd",
                "caregiver_sms": "Uw naaste heeft de inname van 08:00 niet bevestigd",
                "event": "ik heb 20 minuten gewandeld langs de Leie",
                "bot_event": "Goed zo, 20 minuten gewandeld vandaag",
                "flag": "De patiënt zegt: gezwollen enkels",
                "note": "Jozef Vermeulen gebeld, huisarts verwittigd",
                "unlinked": "hartaanval voor inschrijving help"},
}


def _tracker_url(db_url: str, tmp_path: Path) -> str:
    # Rasa's tracker store is its own database: a file of its own on SQLite; on
    # PostgreSQL the test database holds the events table beside the care tables.
    return f"sqlite:///{tmp_path / 'tracker.db'}" if db_url.startswith("sqlite") else db_url


def _load_history(db_url: str, tracker_url: str) -> None:
    with session_scope(db_url) as s:
        for demo in demo_careplans():
            apply_careplan(s, parse_careplan(demo.read_text(encoding="utf-8"), demo.name),
                           actor="test")
        nurse = ConsoleUser(username="nurse", password_hash="-", role="nurse")
        s.add(nurse)
        s.flush()
        for n, (ref, h) in enumerate(HISTORY.items()):
            # Provider ids and idempotency keys as the gateway and the senders make
            # them: numbers and ids, never a name, number or reference.
            patient = s.scalar(select(Patient).where(Patient.external_ref == ref))
            caregiver = patient.caregivers[0]
            s.add_all([
                ChannelIdentity(patient_id=patient.id, channel="telegram",
                                external_id=h["chat_id"], conversation_id=h["conversation"],
                                consent_at=NOW),
                ChannelIdentity(patient_id=patient.id, channel="sms", external_id=patient.phone,
                                conversation_id=h["conversation"] + "sms", consent_at=NOW),
                InboundMessage(channel="telegram", provider_message_id=f"{n}001",
                               sender=h["chat_id"], text=h["inbound"],
                               metadata_={"telegram_language_code": patient.language}),
                InboundMessage(channel="sms", provider_message_id=f"SM{n}002",
                               sender=patient.phone, text=h["sms_in"], status="received"),
                OutboundMessage(idempotency_key=f"in:{n}1:0", patient_id=patient.id,
                                channel="telegram", address=h["chat_id"], text=h["outbound"],
                                status="sent", provider_id=f"{n}777"),
                OutboundMessage(idempotency_key=f"reminder:alert:{n}:cg:1", patient_id=patient.id,
                                caregiver_id=caregiver.id, channel="sms",
                                address=caregiver.phone, text=h["caregiver_sms"],
                                status="queued"),
                EnrollmentCode(patient_id=patient.id, code_hash=f"hash-{ref}", created_by="test",
                               expires_at=NOW, used_at=NOW),
                EnrollmentAttempt(channel="telegram", external_id=h["chat_id"], success=True),
            ])
            s.flush()
            medication = s.scalars(select(Medication).where(
                Medication.patient_id == patient.id)).first()
            dose = Dose(medication_id=medication.id, patient_id=patient.id,
                        scheduled_at=NOW, status="taken", answered_at=NOW)
            missed = Dose(medication_id=medication.id, patient_id=patient.id,
                          scheduled_at=NOW - dt.timedelta(days=1), status="missed")
            goal = s.scalars(select(Goal).where(Goal.patient_id == patient.id)).first()
            s.add_all([dose, missed, ProgressEntry(goal_id=goal.id, value=30, unit="min")])
            reading_goal = s.scalars(select(Goal).where(
                Goal.patient_id == patient.id,
                Goal.kind.in_(("glucose", "weight", "blood_pressure")))).first()
            if reading_goal is not None:
                s.add(ProgressEntry(goal_id=reading_goal.id, value=1.2,
                                    unit=reading_goal.target_unit))
            # A reading checked against the care plan's thresholds (bot/readings.py).
            s.add(Reading(patient_id=patient.id, kind="weight", value=80.5, unit="kg",
                          recorded_at=NOW, alert="gain"))
            # Written before the account was linked: the safety net's flag is keyed by
            # a hash of channel and sender, with no patient (bot/safety_net.py).
            s.add(Flag(patient_id=None,
                       conversation_id=safety_net.unlinked_key("telegram", h["chat_id"]),
                       kind="emergency", severity="urgent", status="resolved",
                       summary=f"[chest_pain] {h['unlinked']} — telegram {h['chat_id']} "
                       "(not linked)"))
            flag = Flag(patient_id=patient.id, conversation_id=h["conversation"],
                        kind="symptom", severity="high", status="resolved", summary=h["flag"],
                        resolved_by="console:nurse", resolution_note=h["note"])
            s.add(flag)
            s.flush()
            member = s.scalars(select(CareTeamMember).where(
                CareTeamMember.team_id == patient.team_id,
                CareTeamMember.phone.is_not(None))).first()
            page_sms = OutboundMessage(
                idempotency_key=f"page:{n}", channel="sms", address=member.phone,
                text=f"Urgent : patient réf. {ref}, symptome, 10:00. Répondez OK 1234",
                status="sent")
            ack_sms = OutboundMessage(  # an acknowledgement: no page id, the ref only
                idempotency_key=f"in:{n}9:page_ack", channel="sms", address=member.phone,
                text=f"Merci, c'est noté : vous prenez le signalement 1 (patient réf. {ref}).",
                status="sent")
            s.add_all([page_sms, ack_sms])
            s.flush()
            s.add_all([
                Page(flag_id=flag.id, team_id=patient.team_id, member_id=member.id, code="1234",
                     sent_at=NOW, outbound_message_id=page_sms.id),
                Reminder(key=f"dose:{ref}", kind="medication", patient_id=patient.id,
                         dose_id=dose.id, due_at=NOW, status="sent"),
                Reminder(key=f"alert:{ref}", kind="caregiver_alert", patient_id=patient.id,
                         caregiver_id=caregiver.id, due_at=NOW),
                MessageEffect(source_message=f"inbound:{ref}", effect="progress",
                              patient_id=patient.id, entity="progress_entries",
                              detail={"text": h["event"]}),
                Takeover(conversation_id=h["conversation"], patient_id=patient.id,
                         user_id=nurse.id, ended_at=NOW, end_reason="handed_back"),
                AuditEntry(actor="console:nurse", action="read", entity="conversation",
                           patient_id=patient.id,
                           detail={"note": f"{patient.first_name} {patient.last_name}"}),
            ])
    engine = create_engine(tracker.sqlalchemy_url(tracker_url))
    tracker.EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for h in HISTORY.values():
            for i, (kind, body) in enumerate((("user", h["event"]), ("bot", h["bot_event"]))):
                connection.execute(tracker.EVENTS.insert().values(
                    sender_id=h["conversation"], type_name=kind, timestamp=1796202000.0 + i,
                    intent_name="report_progress" if kind == "user" else None,
                    action_name=None,
                    data=json.dumps({"event": kind, "text": body,
                                     "timestamp": 1796202000.0 + i})))
    engine.dispose()


@pytest.fixture
def history(db_url: str, tmp_path: Path):
    url = _tracker_url(db_url, tmp_path)
    _load_history(db_url, url)
    yield db_url, tracker.TrackerStore("SQL", tracker.sqlalchemy_url(url))
    tracker.dispose(url)


# --- export ---------------------------------------------------------------------------


def test_export_holds_every_category_and_is_audited(history, tmp_path: Path) -> None:
    db_url, store = history
    out = tmp_path / "demo-fr.zip"
    with session_scope(db_url) as s:
        numbers = gdpr.write_archive(s, "demo-fr", out, actor="cli:dpo", store=store)
    assert set(numbers) == set(gdpr.CATEGORIES)
    assert all(numbers.values()), numbers  # nothing empty for a patient with history

    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["data.json", "index.html"]
        data = json.loads(archive.read("data.json"))
        page = archive.read("index.html").decode("utf-8")
    h = HISTORY["demo-fr"]
    assert data["patient"]["first_name"] == "Marcel"
    assert {c["external_id"] for c in data["channels"]} == {h["chat_id"], "+32470000101"}
    assert [m["text"] for m in data["messages_in"]] == [h["inbound"], h["sms_in"]]
    assert h["outbound"] in [m["text"] for m in data["messages_out"]]
    assert any("demo-fr" in m["text"] for m in data["messages_out"])  # the page SMS
    assert [m["text"] for m in data["caregivers"][0]["received"]] == [h["caregiver_sms"]]
    before_linking, flag = data["flags"]
    assert before_linking["patient_id"] is None and h["unlinked"] in before_linking["summary"]
    assert flag["resolution_note"] == h["note"]
    assert flag["pages"] and "code" not in flag["pages"][0]
    assert {d["status"] for d in data["doses"]} == {"taken", "missed"}
    assert data["readings"] and data["readings"][0]["kind"] == "glucose"
    assert [e["event"]["text"] for e in data["conversation"]["events"]] == [
        h["event"], h["bot_event"]]
    assert data["conversation"]["tracker_store"]["readable"] is True
    assert "hash-demo-fr" not in json.dumps(data)  # no enrollment code hashes
    # Nothing of the other patient.
    assert "Jozef" not in json.dumps(data) and HISTORY["demo-nl"]["inbound"] not in page

    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert EXPORT_TEXTS["section_doses"]["fr"] in page
    assert EXPORT_TEXTS["section_doses"]["nl"] not in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert html.escape(h["event"]) in page and html.escape(h["note"]) in page
    assert data["consent"]  # linking the accounts recorded the chat service consent
    scope = data["consent"][0]["scope"]  # consent scopes in words, not codes
    assert html.escape(EXPORT_TEXTS[f"scope_{scope}"]["fr"]) in page
    assert f"<td>{scope}</td>" not in page

    with session_scope(db_url) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "export")).one()
        assert entry.actor == "cli:dpo" and entry.entity == "gdpr_archive"
        assert entry.patient_id == data["patient"]["id"] and entry.at is not None
        assert entry.detail["categories"] == numbers


def test_the_readable_copy_is_in_the_patients_language(history) -> None:
    db_url, store = history
    with session_scope(db_url) as s:
        data = gdpr.collect(s, "demo-nl", store=store)
    page = gdpr.render_html(data, data["language"])
    assert '<html lang="nl">' in page
    for key in ("title", "section_messages_in", "section_conversation", "section_audit"):
        assert EXPORT_TEXTS[key]["nl"] in page and EXPORT_TEXTS[key]["fr"] not in page
    assert html.escape(HISTORY["demo-nl"]["bot_event"]) in page


def test_a_tracker_store_that_is_not_sql_is_named_in_the_archive(history, tmp_path) -> None:
    db_url, _ = history
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: redis\n  url: ${REDIS_HOST}\n")
    store = tracker.configured(endpoints, env={"REDIS_HOST": "localhost"})
    assert store.url is None and store.kind == "redis"
    with session_scope(db_url) as s:
        data = gdpr.collect(s, "demo-fr", store=store)
    assert data["conversation"]["tracker_store"] == {
        "type": "redis", "readable": False, "note": store.note}
    assert "not SQL" in store.note and data["conversation"]["events"] == []
    assert html.escape(EXPORT_TEXTS["conversation_unreadable"]["fr"]) in gdpr.render_html(
        data, "fr")


def test_the_tracker_url_comes_from_the_endpoints_file_as_rasa_reads_it() -> None:
    env = {"RASA_TRACKER_DIALECT": "postgresql",
           "RASA_TRACKER_URL": "postgresql://rasa@db.internal/rasa"}
    store = tracker.configured("endpoints.yml", env=env)
    assert store == tracker.TrackerStore("SQL", "postgresql+psycopg://rasa@db.internal/rasa")
    store = tracker.configured("endpoints.scale.yml", env=env)
    assert store.url == "postgresql+psycopg://rasa@db.internal/rasa"


# --- erasure --------------------------------------------------------------------------


def _needles(db_url: str, ref: str) -> list[str]:
    with session_scope(db_url) as s:
        patient = s.scalar(select(Patient).where(Patient.external_ref == ref))
        caregiver = patient.caregivers[0]
        phones = [patient.phone, caregiver.phone]
        names = [patient.first_name, patient.last_name, caregiver.name]
    h = HISTORY[ref]
    return [ref, *names, *phones, *(p.lstrip("+") for p in phones), h["chat_id"],
            *(h[k] for k in ("inbound", "sms_in", "outbound", "caregiver_sms", "event",
                             "bot_event", "flag", "note", "unlinked"))]


def _every_row(url: str) -> dict[str, list[dict[str, Any]]]:
    engine = create_engine(tracker.sqlalchemy_url(url))
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        tables = {name: [dict(r._mapping) for r in connection.execute(table.select())]
                  for name, table in metadata.tables.items()}
    engine.dispose()
    return tables


def _found(tables: dict[str, list[dict[str, Any]]], needles: list[str]) -> list[str]:
    hits = []
    for name, rows in tables.items():
        for row in rows:
            for column, value in row.items():
                if value is None:
                    continue
                plain = str(value).lower()
                for needle in needles:
                    if needle.lower() in plain:
                        hits.append(f"{name}.{column}: {needle!r} in {value!r}")
    return hits


def _rows_of(tables: dict[str, list[dict[str, Any]]], ref: str,
             patient_id: int) -> dict[str, list[str]]:
    """Every row that carries the patient's id or one of their texts, as text."""
    needles = _needles_static(ref)
    out: dict[str, list[str]] = {}
    for name, rows in tables.items():
        mine = [row for row in rows
                if row.get("patient_id") == patient_id
                or (name == "patients" and row["id"] == patient_id)
                or any(n in str(v) for v in row.values() for n in needles)]
        out[name] = sorted(repr(sorted(row.items(), key=lambda kv: kv[0])) for row in mine)
    return out


def _needles_static(ref: str) -> list[str]:
    h = HISTORY[ref]
    return [ref, h["chat_id"], h["conversation"], h["inbound"], h["outbound"], h["flag"],
            h["unlinked"]]


def test_erasure_is_two_steps_and_leaves_no_trace(history, tmp_path: Path) -> None:
    db_url, store = history
    needles = _needles(db_url, "demo-fr")
    tracker_url = store.url
    with session_scope(db_url) as s:
        nl_id = s.scalar(select(Patient.id).where(Patient.external_ref == "demo-nl"))
        fr_id = s.scalar(select(Patient.id).where(Patient.external_ref == "demo-fr"))
    before = {**_every_row(db_url), **{"tracker:" + k: v
                                       for k, v in _every_row(tracker_url).items()}}
    assert _found(before, needles)  # the search finds the history before

    with session_scope(db_url) as s:
        planned = gdpr.plan(s, "demo-fr", store=store)
        with pytest.raises(gdpr.ConfirmationError):
            gdpr.erase(s, "demo-fr", "yes", actor="cli:dpo", store=store)
    assert planned["messages_in"] == 2 and planned["conversation_events"] == 2
    assert planned["messages_out"] == 4 and planned["caregivers"] == 1
    assert planned["flags"] == 2  # the one from before the account was linked too
    before_audit = planned["audit_entries"]
    assert all(v for k, v in planned.items()), planned
    with session_scope(db_url) as s:  # the step without confirmation changed nothing
        assert s.scalar(select(Patient).where(Patient.external_ref == "demo-fr"))

    with session_scope(db_url) as s:
        done = gdpr.erase(s, "demo-fr", gdpr.confirmation_phrase("demo-fr"), actor="cli:dpo",
                          store=store)
    assert done == planned

    after = {**_every_row(db_url), **{"tracker:" + k: v
                                      for k, v in _every_row(tracker_url).items()}}
    assert _found(after, needles) == []
    assert not [r for r in after["tracker:events"]
                if r["sender_id"].startswith(HISTORY["demo-fr"]["conversation"])]
    # The queues keep the rows, with the marker and random addresses.
    erased = [r for r in after["inbound_messages"] if r["text"] == gdpr.ERASED_TEXT]
    assert len(erased) == 2 and all(r["metadata"] is None for r in erased)
    assert {r["status"] for r in erased} == {"ignored"}  # never forwarded to Rasa now
    assert len({r["sender"] for r in erased}) == 2
    out = [r for r in after["outbound_messages"] if r["text"] == gdpr.ERASED_TEXT]
    assert len(out) == 4
    assert {r["status"] for r in out} == {"sent", "failed"}  # the queued one set aside
    # The chat accounts are unlinked; the stub says who, when and how many, no more.
    with session_scope(db_url) as s:
        assert s.scalar(select(ChannelIdentity).where(
            ChannelIdentity.external_id == HISTORY["demo-fr"]["chat_id"])) is None
        stub = s.scalars(select(AuditEntry).where(AuditEntry.action == "erase")).one()
        token = stub.detail["erased"]
        assert stub.actor == "cli:dpo" and stub.patient_id is None and stub.entity_id is None
        assert stub.detail == {"categories": done, "erased": token} and len(token) == 16
        # The audit entries about them keep who and when, grouped by the stub's token;
        # none names the internal id (SQLite may give it to the next new patient).
        assert not s.scalars(select(AuditEntry).where(AuditEntry.patient_id == fr_id)).all()
        grouped = [a for a in s.scalars(select(AuditEntry)) if a.detail == {"erased": token}]
        assert len(grouped) == before_audit and {a.patient_id for a in grouped} == {None}
    # The other demo patient: the same rows, the same texts.
    assert _rows_of(after, "demo-nl", nl_id) == _rows_of(before, "demo-nl", nl_id)


# --- command line ---------------------------------------------------------------------


def test_command_line(history, tmp_path: Path, monkeypatch, capsys) -> None:
    from bot import cli

    db_url, store = history
    if not db_url.startswith("sqlite"):
        pytest.skip("the command line is the same on both; its database code is tested above")
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    monkeypatch.setenv("RASA_ENDPOINTS", "endpoints.yml")
    monkeypatch.setenv("RASA_TRACKER_DIALECT", "sqlite")
    monkeypatch.setenv("RASA_TRACKER_URL", store.url)
    out = tmp_path / "copy.zip"
    assert cli.main(["gdpr", "export", "demo-nl", "--out", str(out)]) == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert json.loads(archive.read("data.json"))["conversation"]["events"]
    assert cli.main(["gdpr", "erase", "demo-nl"]) == 0
    shown = capsys.readouterr().out
    assert "messages_in: 2" in shown and gdpr.confirmation_phrase("demo-nl") in shown
    with session_scope(db_url) as s:
        assert s.scalar(select(Patient).where(Patient.external_ref == "demo-nl"))
    assert cli.main(["gdpr", "erase", "demo-nl", "--confirm", "ERASE demo-fr"]) == 1
    assert cli.main(["gdpr", "erase", "demo-nl", "--confirm",
                     gdpr.confirmation_phrase("demo-nl")]) == 0
    with session_scope(db_url) as s:
        assert s.scalar(select(Patient).where(Patient.external_ref == "demo-nl")) is None
        assert s.scalar(select(Patient).where(Patient.external_ref == "demo-fr"))
    assert cli.main(["gdpr", "export", "demo-nl"]) == 1  # gone


# --- texts ----------------------------------------------------------------------------


@pytest.mark.parametrize("table", [EXPORT_TEXTS, EXPORT_FIELDS])
def test_every_text_of_the_copy_is_in_french_and_dutch(table: dict) -> None:
    for key, variants in table.items():
        assert set(variants) == {"fr", "nl"}, key
        assert all(variants.values()), key
        assert not any(name for t in variants.values()
                       for _, name, _, _ in string.Formatter().parse(t) if name), key
        for lang, text_ in variants.items():
            if len(text_.split()) >= 6:
                assert detect(text_).language == lang, (key, lang)
