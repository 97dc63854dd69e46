"""The stored language follows what a patient or caregiver writes (bot/language_choice.py):
explicit requests recognised on the training corpus and nothing else; a run of three
confident texts in the other language switches, one stray text or ambiguous "ok"s do
not; every change audited; the Rasa slot rules (bot/nlu/language.new_choice); the
console's edit over HTTP."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from bot import language_choice
from bot.db import migrate, session_scope
from bot.models import AuditEntry, Caregiver, InboundMessage, Patient
from bot.nlu import language
from console.app import Settings, create_app
from tests.support.console_seed import FakeRasa, post, seed, sign_in
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.rasa_project import nlu_examples, plain_text


def _corpus() -> list[tuple[str, str]]:
    out = []
    for lang in language.LANGUAGES:
        for intent, examples in nlu_examples(ROOT / f"nlu_data/{lang}/intents.yml").items():
            out += [(intent, plain_text(e)) for e in examples]
    return out


def test_explicit_requests_of_the_training_data_are_recognised_and_nothing_else() -> None:
    requests, others = 0, 0
    for intent, text in _corpus():
        got = language_choice.explicit_request(text, "fr")
        if intent != "change_language":
            assert got is None, (intent, text)
            others += 1
        elif language.requested_language(text) is not None:  # names one of ours
            assert got == language.requested_language(text), text
            requests += 1
    assert requests >= 50 and others > 2000


@pytest.mark.parametrize(("text", "current", "wanted"), [
    ("in het Nederlands alstublieft", "fr", "nl"),
    ("en français svp", "nl", "fr"),
    ("je comprends pas le néerlandais, en français svp", "nl", "fr"),
    ("ik versta het Nederlands nie zo goed, liever Frans", "nl", "fr"),
    ("andere taal", "fr", "nl"),
    ("je veux changer de langue", "nl", "fr"),
    ("je ne parle pas néerlandais", "fr", None),
    ("mon fils parle néerlandais", "fr", None),
    ("ik heb dat in het Frans gelezen", "nl", None),
    ("ik kan geen Frans", "nl", None),
    ("en allemand svp", "fr", None),
])
def test_explicit_request(text: str, current: str, wanted: str | None) -> None:
    assert language_choice.explicit_request(text, current) == wanted


class _Person:
    """A patient with a Telegram account whose messages are stored as the gateway does."""

    def __init__(self, url: str, lang: str = "fr") -> None:
        self.url, self.chat = url, str(uuid.uuid4().int % 10**9)
        with session_scope(url) as s:
            patient = make_patient(s, ref=f"lc-{uuid.uuid4().hex[:6]}", language=lang)
            from bot import enrollment
            enrollment.link(s, "telegram", self.chat, enrollment.issue_code(s, patient, "t"))
            self.patient_id = patient.id

    def says(self, text: str, kind: str = "text") -> str:
        """Stores and observes one message; returns the stored language after it."""
        with session_scope(self.url) as s:
            row = InboundMessage(channel="telegram", provider_message_id=uuid.uuid4().hex,
                                 sender=self.chat, kind=kind, text=text)
            s.add(row)
            s.flush()
            patient = s.get(Patient, self.patient_id)
            language_choice.observe_patient(s, patient, row)
            return patient.language


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    return url


def _changes(url: str) -> list[tuple[str, dict]]:
    with session_scope(url) as s:
        return [(a.actor, a.detail) for a in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "language_changed").order_by(AuditEntry.id))]


def test_a_run_of_three_confident_texts_switches_and_a_stray_one_does_not(url: str) -> None:
    p = _Person(url, "fr")
    assert p.says("allee, amai") == "fr"  # one stray Dutch text
    assert p.says("j'ai pris mes médicaments ce matin") == "fr"  # breaks the run
    assert p.says("ik heb mijn pillen genomen") == "fr"
    assert p.says("ok") == "fr"  # no language: neither counts nor breaks
    assert p.says("/medication_taken", kind="callback") == "fr"
    assert p.says("ik ben vandaag gaan wandelen") == "fr"
    assert p.says("wanneer is mijn volgende afspraak") == "nl"  # the third
    assert _changes(url) == [("telegram:patient", {
        "from": "fr", "to": "nl", "reason": "run", "channel": "telegram",
        "inbound_id": _changes(url)[0][1]["inbound_id"]})]
    # Back: counted from the change, so the Dutch before it is not part of a run.
    assert p.says("je vais bien") == "nl"
    assert p.says("merci beaucoup pour le rappel") == "nl"
    assert p.says("c'est quoi mes objectifs") == "fr"
    assert [d["to"] for _, d in _changes(url)] == ["nl", "fr"]


def test_an_explicit_request_switches_at_once_and_restarts_the_count(url: str) -> None:
    p = _Person(url, "fr")
    assert p.says("ik heb mijn pillen genomen") == "fr"
    assert p.says("ik ben vandaag gaan wandelen") == "fr"
    assert p.says("in het Frans aub") == "fr"  # already French: nothing changes
    assert p.says("en néerlandais svp") == "nl"  # asked in French words
    assert p.says("je vais bien") == "nl"
    assert p.says("in het Frans alstublieft") == "fr"
    # The Dutch before the request does not switch it back.
    assert p.says("ik heb mijn pillen genomen vanmorgen") == "fr"
    assert [(d["to"], d["reason"]) for _, d in _changes(url)] == [
        ("nl", "request"), ("fr", "request")]


def test_a_caregiver_number_gets_its_own_language(url: str) -> None:
    phone = "+32470000111"
    with session_scope(url) as s:
        patient = make_patient(s, ref="cg", language="fr")
        s.add(Caregiver(patient_id=patient.id, name="Jan", phone=phone, language="fr"))
    for i, text in enumerate(["in het Nederlands aub"]):
        with session_scope(url) as s:
            row = InboundMessage(channel="sms", provider_message_id=f"m{i}", sender=phone,
                                 text=text)
            s.add(row)
            s.flush()
            assert [c.new for c in language_choice.observe_caregiver(s, row)] == ["nl"]
    with session_scope(url) as s:
        caregiver = s.scalars(select(Caregiver)).one()
        assert caregiver.language == "nl" and caregiver.language_set_at is not None
        assert s.get(Patient, caregiver.patient_id).language == "fr"  # the patient's stays
    assert [(actor, d["to"]) for actor, d in _changes(url)] == [("sms:caregiver", "nl")]


def test_the_rasa_slot_applies_a_new_choice_once() -> None:
    chosen = {language.CHOICE_KEY: "nl", language.CHOICE_ID_KEY: "nl@2026-12-01T10:00"}
    assert language.new_choice(chosen, [{}, {"inbound_id": 3}]) == "nl"
    assert language.new_choice(chosen, [chosen]) is None  # seen already
    assert language.new_choice({}, []) is None
    french = language.detect("je vais bien merci")
    ok = language.detect("ok")
    # A new choice wins over the slot and over the message's own language once...
    assert language.conversation_language("fr", ok, chosen="nl") == "nl"
    assert language.conversation_language("fr", french, chosen="nl") == "nl"
    # ...and an explicit request in the message itself wins over it.
    assert language.conversation_language("nl", french, intent="change_language",
                                          requested="fr", chosen="nl") == "fr"
    assert language.conversation_language("nl", ok) == "nl"  # as before


def test_the_console_shows_and_changes_the_language_audited(tmp_path: Path) -> None:
    seeded = seed(f"sqlite:///{tmp_path / 'console.db'}")
    client = TestClient(create_app(Settings(secret_key="k", database_url=seeded.url,
                                            rasa=FakeRasa())))
    assert sign_in(client, "nurse_a").status_code == 303
    page = client.get(f"/patients/{seeded.patient_a1}").text
    assert 'id="patient-language"' in page and "français" in page
    url = f"/patients/{seeded.patient_a1}/language"
    assert client.post(url, data={"language": "nl"},  # no CSRF token
                       follow_redirects=False).status_code == 403
    assert post(client, url, language="de").status_code == 303
    assert post(client, url, language="nl").status_code == 303
    page = client.get(f"/patients/{seeded.patient_a1}").text
    assert 'id="patient-language-value">néerlandais<' in page
    assert post(client, f"/patients/{seeded.patient_b1}/language",
                language="nl").status_code == 404  # another team's patient
    with session_scope(seeded.url) as s:
        patient = s.get(Patient, seeded.patient_a1)
        assert patient.language == "nl" and patient.language_set_at is not None
        assert language_choice.rasa_metadata(patient)[language.CHOICE_KEY] == "nl"
    assert [(actor, d["from"], d["to"], d["reason"]) for actor, d in _changes(seeded.url)] == [
        ("console:nurse_a", "fr", "nl", "console")]
