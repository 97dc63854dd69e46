"""The patient page's consents and GDPR actions over HTTP (Starlette's TestClient, the
seeded SQLite database of tests/support/console_seed.py, a tracker store with Rasa's
schema): who sees what, who may do what (403 otherwise), CSRF, and what each action
writes: the same archive as `bot gdpr export`, the same two-step erasure as `bot gdpr
erase` confirmed by the typed reference, consent recorded and honoured, all audited."""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from starlette.testclient import TestClient

from bot import consent
from bot.db import session_scope
from bot.gdpr import tracker
from bot.i18n import table
from bot.models import AuditEntry, ChannelIdentity, ConsentEvent, Patient
from console.app import Settings, create_app
from tests.support.console_seed import FakeRasa, Seed, post, seed, sign_in

# The console's words as (fr, nl), from bot/i18n/console.yml.
UI = {key: (entry["fr"], entry["nl"]) for key, entry in table("console").items()}


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[Seed, tracker.TrackerStore]]:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_engine(url)
    tracker.EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for conversation in ("c-pa1", "c-pb1"):
            connection.execute(tracker.EVENTS.insert().values(
                sender_id=conversation, type_name="user", timestamp=1796202000.0,
                data=json.dumps({"event": "user", "text": f"bonjour de {conversation}"})))
    engine.dispose()
    yield seed(f"sqlite:///{tmp_path / 'care.db'}"), tracker.TrackerStore("SQL", url)
    tracker.dispose(url)


def _as(env: tuple[Seed, tracker.TrackerStore], username: str) -> TestClient:
    seeded, store = env
    app = create_app(Settings(secret_key="test-secret", database_url=seeded.url,
                              rasa=FakeRasa(), tracker_store=store))
    client = TestClient(app)
    assert sign_in(client, username).status_code == 303
    return client


def _audit(seeded: Seed, action: str) -> list[AuditEntry]:
    with session_scope(seeded.url) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_each_role_sees_what_it_may_do(env) -> None:
    seeded, _ = env
    page = f"/patients/{seeded.patient_a1}"
    nurse = _as(env, "nurse_a").get(page).text
    assert 'id="consent-h"' in nurse and 'id="consent-form"' not in nurse
    assert "gdpr-export" not in nurse and "gdpr-erase" not in nurse
    coordinator = _as(env, "coord_a").get(page).text
    assert 'id="consent-form"' in coordinator and "gdpr-export" not in coordinator
    admin = _as(env, "admin").get(page).text
    assert 'id="consent-form"' in admin
    assert f'href="{page}/gdpr/export"' in admin and f'href="{page}/gdpr/erase"' in admin
    assert "Exporter les données" in admin


def test_nurses_get_403_on_every_gdpr_route_and_other_teams_404(env) -> None:
    seeded, _ = env
    base = f"/patients/{seeded.patient_a1}"
    nurse = _as(env, "nurse_a")
    refused = nurse.get(f"{base}/gdpr/export")
    assert refused.status_code == 403 and UI["role_forbidden"][0] in html.unescape(refused.text)
    assert nurse.get(f"{base}/gdpr/erase").status_code == 403
    assert post(nurse, f"{base}/gdpr/erase", confirm="pa1").status_code == 403
    assert post(nurse, f"{base}/consent", scope="chat_service",
                action="withdrawn").status_code == 403
    coordinator = _as(env, "coord_a")
    assert coordinator.get(f"{base}/gdpr/export").status_code == 403
    assert post(coordinator, f"{base}/gdpr/erase", confirm="pa1").status_code == 403
    assert post(coordinator, f"/patients/{seeded.patient_b1}/consent", scope="chat_service",
                action="withdrawn").status_code == 404
    with session_scope(seeded.url) as s:
        assert s.get(Patient, seeded.patient_a1) is not None
        assert not s.scalars(select(ConsentEvent)).all()
    assert len(_audit(seeded, "refused")) == 6  # each refusal audited


def test_a_coordinator_records_consent_withdrawn_and_given(env) -> None:
    seeded, _ = env
    client = _as(env, "coord_a")
    url = f"/patients/{seeded.patient_a1}/consent"
    # Without the CSRF token: refused, nothing recorded.
    assert client.post(url, data={"scope": "chat_service", "action": "withdrawn"},
                       follow_redirects=False).status_code == 403
    assert post(client, url, scope="nonsense", action="withdrawn").status_code == 303
    assert post(client, url, scope="chat_service", action="withdrawn").status_code == 303
    with session_scope(seeded.url) as s:
        identity = s.get(ChannelIdentity, seeded.identity_a1)
        assert identity.opted_out_at is not None and identity.consent_at is None
        assert consent.chat_withdrawn(s, seeded.patient_a1)
    page = client.get(f"/patients/{seeded.patient_a1}").text
    assert "Service de messagerie" in page and "retiré" in page and "console:coord_a" in page
    assert post(client, url, scope="chat_service", action="given").status_code == 303
    with session_scope(seeded.url) as s:
        assert s.get(ChannelIdentity, seeded.identity_a1).opted_out_at is None
        assert [(e.given, e.actor, e.channel) for e in consent.history(
            s, seeded.patient_a1)] == [(False, "console:coord_a", "console"),
                                       (True, "console:coord_a", "console")]
    assert [a.actor for a in _audit(seeded, "consent_withdrawn")] == ["console:coord_a"]
    assert [a.actor for a in _audit(seeded, "consent_given")] == ["console:coord_a"]


def test_the_admin_downloads_the_same_archive_as_the_command_line(env) -> None:
    seeded, _ = env
    response = _as(env, "admin").get(f"/patients/{seeded.patient_a1}/gdpr/export")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="pa1-gdpr-export.zip"' in response.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "index.html"]
        data = json.loads(archive.read("data.json"))
    assert data["patient"]["external_ref"] == "pa1"
    assert [e["event"]["text"] for e in data["conversation"]["events"]] == [
        "bonjour de c-pa1"]
    [entry] = _audit(seeded, "export")
    assert (entry.actor, entry.entity, entry.patient_id) == (
        "console:admin", "gdpr_archive", seeded.patient_a1)


def test_the_admin_erases_in_two_steps_with_the_typed_reference(env) -> None:
    seeded, store = env
    client = _as(env, "admin")
    url = f"/patients/{seeded.patient_a1}/gdpr/erase"
    page = client.get(url)
    assert page.status_code == 200 and 'id="erase-plan"' in page.text
    # each category in the admin's words, not as a code
    shown = html.unescape(page.text)
    assert UI["gdpr_category_conversation_events"][0] in shown
    assert ">conversation_events<" not in page.text
    wrong = post(client, url, confirm="pa2")
    assert wrong.status_code == 422
    assert UI["gdpr_erase_wrong"][0] in html.unescape(wrong.text)
    assert client.post(url, data={"confirm": "pa1"},
                       follow_redirects=False).status_code == 403  # no CSRF token
    with session_scope(seeded.url) as s:
        assert s.get(Patient, seeded.patient_a1) is not None
    assert tracker.count_events(store, ["c-pa1"]) == 1

    done = post(client, url, confirm="pa1")
    assert done.status_code == 303 and done.headers["location"] == "/patients"
    assert "pa1" in client.get("/patients").text  # the flash message names the ref
    with session_scope(seeded.url) as s:
        assert s.get(Patient, seeded.patient_a1) is None
        assert s.get(ChannelIdentity, seeded.identity_a1) is None
        assert s.get(Patient, seeded.patient_b1) is not None
    assert tracker.count_events(store, ["c-pa1"]) == 0
    assert tracker.count_events(store, ["c-pb1"]) == 1
    [stub] = [a for a in _audit(seeded, "erase") if a.entity == "patient"]
    assert stub.actor == "console:admin" and stub.detail["categories"]["patient"] == 1
    assert _audit(seeded, "erase_refused")
    assert client.get(f"/patients/{seeded.patient_a1}").status_code == 404
