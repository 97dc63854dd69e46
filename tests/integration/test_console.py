"""The nurse console over HTTP (Starlette's TestClient, SQLite, a recording stand-in for
Rasa): sign-in and lockout, CSRF, security headers, every route for every role, other
teams' ids answering 404, and what each action writes."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot import accounts, takeover
from bot.db import session_scope
from bot.models import (
    AuditEntry,
    CareTeamMember,
    ConsoleSession,
    ConsoleSignInFailure,
    ConsoleUser,
    Flag,
    InboundMessage,
    Medication,
    OutboundMessage,
    Patient,
    Takeover,
    utcnow,
)
from console.app import Settings, create_app
from tests.support.console_seed import (
    PASSWORD,
    FakeRasa,
    Seed,
    console_client,
    csrf,
    post,
    seed,
    sign_in,
    signed_in_as,
)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[tuple[Seed, FakeRasa]]:
    yield seed(f"sqlite:///{tmp_path / 'care.db'}"), FakeRasa()


def _audit(seeded: Seed, action: str) -> list[AuditEntry]:
    with session_scope(seeded.url) as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


# --- sign-in, sessions, CSRF, headers ----------------------------------------------------


def test_pages_need_a_signed_in_account(env) -> None:
    seeded, rasa = env
    client = console_client(seeded, rasa)
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/queue"
    assert client.get("/api/queue").status_code == 401
    assert client.get(f"/patients/{seeded.patient_a1}", follow_redirects=False).status_code == 303
    assert client.get("/health").json()["status"] == "ok"


def test_health_reports_each_dependency(env, tmp_path: Path) -> None:
    seeded, rasa = env
    client = console_client(seeded, rasa)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "rasa": "ok"}
    rasa.down = True  # the console still serves: 200, degraded
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "rasa": "unreachable"}
    broken = TestClient(create_app(Settings(
        secret_key="test-secret", rasa=rasa,
        database_url=f"sqlite:///{tmp_path / 'missing' / 'care.db'}")))
    response = broken.get("/health")
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unreachable",
                               "rasa": "unreachable"}


def test_health_asks_rasa_with_a_short_timeout() -> None:
    from bot.rasa_client import RasaClient

    client = RasaClient(url="http://127.0.0.1:9", token="secret")  # nothing listens there
    assert client.reachable(timeout=0.5) is False


def test_sign_in_sets_a_hardened_session_cookie_and_sign_out_ends_it(env) -> None:
    seeded, rasa = env
    client = console_client(seeded, rasa)
    response = sign_in(client, "nurse_a")
    assert response.status_code == 303 and response.headers["location"] == "/queue"
    cookie = next(v for v in response.headers.get_list("set-cookie")
                  if v.startswith("console_session="))
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()
    assert client.get("/queue").status_code == 200
    assert post(client, "/logout").status_code == 303
    assert client.get("/queue", follow_redirects=False).status_code == 303
    assert _audit(seeded, "sign_in")


def test_secure_cookies_when_configured(env) -> None:
    seeded, rasa = env
    client = console_client(seeded, rasa, secure_cookies=True)
    client.base_url = "https://testserver"
    response = sign_in(client, "nurse_a")
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("console_session=") and "secure" in c.lower() for c in cookies)


def test_wrong_password_unknown_user_and_throttling_answer_alike(env) -> None:
    seeded, rasa = env
    client = console_client(seeded, rasa, address="10.0.0.66")
    answers = [sign_in(client, "nurse_a", "wrong password!") for _ in range(5)]
    answers.append(sign_in(client, "nurse_a", PASSWORD))  # right password, but throttled
    answers.append(sign_in(client, "nobody", "wrong password!"))
    for _ in range(4):
        sign_in(client, "nobody", "wrong password!")
    answers.append(sign_in(client, "nobody", PASSWORD))  # an unknown account, throttled
    assert {a.status_code for a in answers} == {401}
    assert len({a.text.replace("nurse_a", "nobody") for a in answers}) == 1
    assert "incorrect" in answers[0].text
    assert _audit(seeded, "sign_in_throttled")
    # Throttling is per address: the nurse signs in from her own.
    assert sign_in(console_client(seeded, rasa, address="10.0.0.7"), "nurse_a").status_code == 303
    with session_scope(seeded.url) as s:  # 15 minutes later, from the first address too
        for row in s.scalars(select(ConsoleSignInFailure)):
            row.at -= dt.timedelta(minutes=16)
    assert sign_in(client, "nurse_a", PASSWORD).status_code == 303
    assert len(_audit(seeded, "sign_in_failed")) == 5


def test_nobody_can_lock_the_admin_out_from_another_address(env) -> None:
    seeded, rasa = env
    attacker = console_client(seeded, rasa, address="203.0.113.9")
    for i in range(22):
        assert sign_in(attacker, "admin" if i < 6 else f"user{i}", "guess").status_code == 401
    # 20 failures from that address: even the right password fails there, and is logged.
    assert sign_in(attacker, "coord_a", PASSWORD).status_code == 401
    assert any(e.detail and e.detail.get("scope") == "source"
               for e in _audit(seeded, "sign_in_throttled"))
    assert sign_in(console_client(seeded, rasa, address="10.0.0.2"), "admin").status_code == 303


def test_disabled_accounts_cannot_sign_in_or_keep_their_session(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    with session_scope(seeded.url) as s:
        s.get(ConsoleUser, seeded.users["nurse_a"]).active = False
    assert client.get("/queue", follow_redirects=False).status_code == 303
    assert sign_in(console_client(seeded, rasa), "nurse_a").status_code == 401


def _copy(seeded: Seed, rasa: FakeRasa, client: TestClient) -> TestClient:
    """Another browser holding a copy of this one's session cookie."""
    thief = console_client(seeded, rasa)
    thief.cookies.set("console_session", client.cookies.get("console_session"))
    return thief


def test_the_cookie_carries_only_a_random_token(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    payload = client.cookies.get("console_session").split(".")[0]
    data = json.loads(base64.b64decode(payload + "=="))
    assert set(data) == {"token"} and len(data["token"]) >= 40
    with session_scope(seeded.url) as s:
        row = s.scalar(select(ConsoleSession))
        assert row.user_id == seeded.users["nurse_a"] and row.token_hash != data["token"]
        assert row.source == "testclient" and row.revoked_at is None


def test_sign_out_revokes_the_session_and_copies_of_its_cookie(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    thief = _copy(seeded, rasa, client)
    assert thief.get("/queue").status_code == 200
    assert post(client, "/logout").status_code == 303
    assert thief.get("/queue", follow_redirects=False).status_code == 303
    assert thief.get("/api/queue").status_code == 401


def test_password_change_disable_and_admin_revoke_end_every_session(env) -> None:
    seeded, rasa = env
    first, second = signed_in_as(seeded, rasa, "nurse_a"), signed_in_as(seeded, rasa, "nurse_a")
    other = signed_in_as(seeded, rasa, "nurse_a2")
    with session_scope(seeded.url) as s:
        accounts.set_password(s, s.get(ConsoleUser, seeded.users["nurse_a"]), "a new passphrase")
    for client in (first, second):
        assert client.get("/queue", follow_redirects=False).status_code == 303
    assert other.get("/queue").status_code == 200
    # The admin's button on the accounts page.
    admin = signed_in_as(seeded, rasa, "admin")
    assert "revoke-sessions" in admin.get("/users").text
    assert post(admin, f"/users/{seeded.users['nurse_a2']}/revoke-sessions").status_code == 303
    assert other.get("/queue", follow_redirects=False).status_code == 303
    assert _audit(seeded, "revoke_sessions")
    # Disabling from the accounts page ends the sessions too, not only the next sign-in.
    coord = signed_in_as(seeded, rasa, "coord_a")
    post(admin, f"/users/{seeded.users['coord_a']}/disable")
    with session_scope(seeded.url) as s:
        s.get(ConsoleUser, seeded.users["coord_a"]).active = True  # re-enabled...
    assert coord.get("/queue", follow_redirects=False).status_code == 303  # ...still out


def test_sessions_end_after_idle_and_absolute_time_outs(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    with session_scope(seeded.url) as s:
        s.scalar(select(ConsoleSession)).last_seen_at -= dt.timedelta(minutes=29)
    assert client.get("/queue").status_code == 200  # a click: the idle clock restarts
    with session_scope(seeded.url) as s:
        s.scalar(select(ConsoleSession)).last_seen_at -= dt.timedelta(minutes=20)
    client.get("/api/queue")  # the queue's refresh is not activity
    with session_scope(seeded.url) as s:
        s.scalar(select(ConsoleSession)).last_seen_at -= dt.timedelta(minutes=11)
    assert client.get("/queue", follow_redirects=False).status_code == 303  # 31 min idle
    assert _audit(seeded, "session_expired")
    # Absolute time-out: active all along, but signed in 12 hours ago.
    client = signed_in_as(seeded, rasa, "nurse_a")
    with session_scope(seeded.url) as s:
        row = s.scalars(select(ConsoleSession).where(ConsoleSession.revoked_at.is_(None))).one()
        row.created_at -= dt.timedelta(hours=12, minutes=1)
    assert client.get("/queue", follow_redirects=False).status_code == 303
    # Both are settings (CONSOLE_SESSION_IDLE_MINUTES, CONSOLE_SESSION_MAX_HOURS).
    client = signed_in_as(seeded, rasa, "nurse_a", session_idle_minutes=5)
    with session_scope(seeded.url) as s:
        row = s.scalars(select(ConsoleSession).where(ConsoleSession.revoked_at.is_(None))).one()
        row.last_seen_at -= dt.timedelta(minutes=6)
    assert client.get("/queue", follow_redirects=False).status_code == 303


def test_forms_without_the_csrf_token_are_refused(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    url = f"/flags/{seeded.flag_a1}/resolve"
    assert client.post(url, data={"note": "x"}, follow_redirects=False).status_code == 403
    forged = client.post(url, data={"note": "x", "csrftoken": "forged"}, follow_redirects=False)
    assert forged.status_code == 403
    # A cross-site form carries no cookie at all: still refused, sign-in included.
    bare = TestClient(client.app)
    assert bare.post("/login", data={"username": "nurse_a", "password": PASSWORD},
                     follow_redirects=False).status_code == 403
    with session_scope(seeded.url) as s:
        assert s.get(Flag, seeded.flag_a1).status == "open"
    assert post(client, url, note="vu").status_code == 303


@pytest.mark.parametrize("path", ["/login", "/queue", "/api/queue", "/nowhere",
                                  "/static/console.css"])
def test_security_headers_on_every_response(env, path: str) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    headers = client.get(path).headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in headers


@pytest.mark.parametrize("path", ["/login", "/queue", "/nowhere"])
def test_hsts_in_production(env, path: str) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a", production=True)
    assert client.get(path).headers["strict-transport-security"] == "max-age=31536000"


# --- queue ------------------------------------------------------------------------------


def test_queue_shows_each_role_its_patients_urgent_first(env) -> None:
    seeded, rasa = env
    nurse = signed_in_as(seeded, rasa, "nurse_a").get("/api/queue").json()
    assert [r["id"] for r in nurse["rows"]] == [seeded.flag_a1]
    assert nurse["title"] == "(1) File d'attente"
    row = nurse["rows"][0]
    assert (row["kind"], row["severity"], row["patient"], row["language"]) == (
        "emergency", "urgent", "Marcel Test", "fr")
    assert row["last_message"] == "[chest_pain] message of pa1"
    coordinator = signed_in_as(seeded, rasa, "coord_a").get("/api/queue").json()
    assert [r["id"] for r in coordinator["rows"]] == [seeded.flag_a1, seeded.flag_a2]
    admin = signed_in_as(seeded, rasa, "admin").get("/api/queue").json()
    assert {r["id"] for r in admin["rows"]} == {seeded.flag_a1, seeded.flag_a2, seeded.flag_b1}
    assert [r["severity"] for r in admin["rows"]] == ["urgent", "urgent", "high"]
    dutch = signed_in_as(seeded, rasa, "nurse_b").get("/api/queue").json()
    assert dutch["title"] == "(1) Wachtrij"


def test_queue_page_has_the_count_in_its_title_and_polls(env) -> None:
    seeded, rasa = env
    page = signed_in_as(seeded, rasa, "coord_a").get("/queue")
    assert "<title>(2) File d&#39;attente" in page.text
    assert '<html lang="fr">' in page.text
    assert 'src="/static/queue.js"' in page.text
    script = console_client(seeded, rasa).get("/static/queue.js").text
    assert "/api/queue" in script and "5000" in script


def test_queue_shows_the_latest_patient_message(env) -> None:
    seeded, rasa = env
    with session_scope(seeded.url) as s:
        s.add(InboundMessage(channel="telegram", provider_message_id="1",
                             sender=f"{seeded.patient_a1}00", text="j'ai mal à la poitrine"))
    rows = signed_in_as(seeded, rasa, "nurse_a").get("/api/queue").json()["rows"]
    assert rows[0]["last_message"] == "j'ai mal à la poitrine"


# --- access to other patients and teams ----------------------------------------------------


def test_other_teams_and_unassigned_patients_answer_404(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    for patient, identity, flag in (
            (seeded.patient_b1, seeded.identity_b1, seeded.flag_b1),   # another team
            (seeded.patient_a2, seeded.identity_a2, seeded.flag_a2)):  # not this nurse's
        for path in (f"/flags/{flag}", f"/conversations/{identity}", f"/patients/{patient}",
                     f"/patients/{patient}/careplan", f"/audit?patient={patient}"):
            assert client.get(path).status_code == 404, path
        for path in (f"/flags/{flag}/acknowledge", f"/flags/{flag}/resolve",
                     f"/flags/{flag}/escalate", f"/conversations/{identity}/takeover",
                     f"/conversations/{identity}/reply", f"/conversations/{identity}/handback",
                     f"/patients/{patient}/careplan"):
            assert post(client, path, note="x", text="x").status_code == 404, path
    assert client.get("/flags/999999").status_code == 404
    assert client.get("/conversations/abc").status_code == 404
    with session_scope(seeded.url) as s:
        assert s.get(Flag, seeded.flag_b1).status == "open"
        assert s.scalar(select(func.count()).select_from(Takeover)) == 0
    coordinator = signed_in_as(seeded, rasa, "coord_a")
    assert coordinator.get(f"/patients/{seeded.patient_a2}").status_code == 200
    assert coordinator.get(f"/patients/{seeded.patient_b1}").status_code == 404
    admin = signed_in_as(seeded, rasa, "admin")
    assert admin.get(f"/patients/{seeded.patient_b1}").status_code == 200


def test_patient_list_is_limited_to_what_the_account_may_see(env) -> None:
    seeded, rasa = env
    page = signed_in_as(seeded, rasa, "nurse_a").get("/patients").text
    assert "Marcel Test" in page and "Louise" not in page and "Jozef" not in page
    page = signed_in_as(seeded, rasa, "coord_a").get("/patients").text
    assert "Louise Test" in page and "Jozef" not in page


# --- the conversation, takeover, reply, hand back --------------------------------------


def test_conversation_shows_the_transcript_with_languages_reminders_and_nurse(env) -> None:
    seeded, rasa = env
    rasa.events["c-pa1"] = [
        {"event": "slot", "name": "language", "value": "fr", "timestamp": 1.0},
        {"event": "bot", "text": "C'est l'heure de la Metformine.", "timestamp": 2.0,
         "metadata": {"reminder": "meds:1"}},
        {"event": "user", "text": "pris", "timestamp": 3.0,
         "parse_data": {"intent": {"name": "medication_taken"}, "language": "fr"}},
        {"event": "user", "text": "ik heb pijn op de borst", "timestamp": 4.0,
         "parse_data": {"intent": {"name": "emergency"}, "language": "nl"}},
        {"event": "bot", "text": "Bel 112.", "timestamp": 5.0},
        {"event": "bot", "text": "Je vous appelle.", "timestamp": 6.0,
         "metadata": {"nurse": seeded.users["nurse_a"]}},
    ]
    page = signed_in_as(seeded, rasa, "nurse_a").get(f"/conversations/{seeded.identity_a1}").text
    assert "C&#39;est l&#39;heure de la Metformine." in page and "rappel" in page
    assert '<li class="msg patient" lang="nl">' in page
    assert "Infirmière (nurse_a)" in page
    assert "Metformine" in page  # care-plan summary
    assert '<svg class="adherence" role="img" aria-label="2 prises sur 3 (67 %)"' in page
    assert _audit(seeded, "read")


def test_conversation_page_survives_rasa_being_down(env) -> None:
    seeded, rasa = env
    rasa.down = True
    page = signed_in_as(seeded, rasa, "nurse_a").get(f"/conversations/{seeded.identity_a1}")
    assert page.status_code == 200 and "injoignable" in page.text


def test_take_over_reply_and_hand_back(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    base = f"/conversations/{seeded.identity_a1}"
    assert post(client, f"{base}/reply", text="Bonjour").status_code == 303  # not held yet
    with session_scope(seeded.url) as s:
        assert s.scalar(select(func.count()).select_from(OutboundMessage)) == 0
    assert post(client, f"{base}/takeover").status_code == 303
    assert rasa.appended[-1] == ("c-pa1", [{"event": "pause"}])
    with session_scope(seeded.url) as s:
        assert takeover.is_held(s, "c-pa1")
        assert s.get(Flag, seeded.flag_a1).status == "acknowledged"
    page = client.get(base).text
    assert "Vous avez repris cette conversation" in page and 'id="reply-text"' in page
    # Another nurse of the patient sees who holds it and cannot take it.
    other = signed_in_as(seeded, rasa, "nurse_a2")
    assert "Conversation reprise par nurse_a." in other.get(base).text
    post(other, f"{base}/takeover")
    post(other, f"{base}/reply", text="moi aussi")
    post(other, f"{base}/handback")
    with session_scope(seeded.url) as s:
        assert takeover.current(s, "c-pa1").user_id == seeded.users["nurse_a"]

    assert post(client, f"{base}/reply", text="Je vous appelle dans 5 minutes.").status_code == 303
    with session_scope(seeded.url) as s:
        row = s.scalars(select(OutboundMessage)).one()
        assert (row.channel, row.address, row.priority, row.patient_id) == (
            "telegram", f"{seeded.patient_a1}00", 1, seeded.patient_a1)
        assert row.text == "Je vous appelle dans 5 minutes."
    assert rasa.appended[-1] == ("c-pa1", [{"event": "bot",
                                            "text": "Je vous appelle dans 5 minutes.",
                                            "metadata": {"nurse": seeded.users["nurse_a"]}}])
    assert post(client, f"{base}/handback").status_code == 303
    assert rasa.appended[-1] == ("c-pa1", [{"event": "resume"}])
    with session_scope(seeded.url) as s:
        assert not takeover.is_held(s, "c-pa1")
        ended = s.scalars(select(Takeover)).one()
        assert ended.end_reason == "handed_back"
    assert {"takeover", "reply", "hand_back"} <= {
        e.action for e in _audit(seeded, "takeover") + _audit(seeded, "reply")
        + _audit(seeded, "hand_back")}


def test_take_over_and_hand_back_with_rasa_down_are_recorded_not_a_500(env) -> None:
    """The database change commits first; the pause/resume Rasa could not take is owed
    on the row and sent by the reminders tick (the same function) once Rasa is back."""
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    base = f"/conversations/{seeded.identity_a1}"
    rasa.down = True
    assert post(client, f"{base}/takeover").status_code == 303
    with session_scope(seeded.url) as s:
        held = takeover.current(s, "c-pa1")
        assert held.user_id == seeded.users["nurse_a"] and held.rasa_pending == "pause"
    assert "Vous avez repris" in client.get(base).text
    assert post(client, f"{base}/handback").status_code == 303
    with session_scope(seeded.url) as s:
        ended = s.scalars(select(Takeover)).one()
        assert not takeover.is_held(s, "c-pa1")  # handed back, whatever Rasa says
        assert (ended.end_reason, ended.rasa_pending) == ("handed_back", "resume")
    assert "reprendra" in client.get(base).text  # the nurse is told the bot resumes later
    assert rasa.appended == []
    rasa.down = False
    from reminders.__main__ import expire_takeovers
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARE_DATABASE_URL", seeded.url)
        expire_takeovers(rasa)
    assert rasa.appended == [("c-pa1", [{"event": "resume"}])]  # the pause is superseded
    with session_scope(seeded.url) as s:
        assert s.scalars(select(Takeover)).one().rasa_pending is None


def test_reading_the_queue_changes_nothing(env) -> None:
    """An idle takeover past its limit stays as it is while the queue is read: the
    reminders process ends it (bot/takeover.expire_and_resume), not a GET."""
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    post(client, f"/conversations/{seeded.identity_a1}/takeover")
    idle_since = utcnow() - dt.timedelta(minutes=31)
    with session_scope(seeded.url) as s:
        takeover.current(s, "c-pa1").last_activity_at = idle_since
    calls = len(rasa.appended)
    assert client.get("/queue").status_code == 200
    rows = client.get("/api/queue").json()["rows"]
    assert rows[0]["held_by"] == "nurse_a" and rows[0]["status"] == "acknowledged"
    assert len(rasa.appended) == calls  # no Rasa call
    with session_scope(seeded.url) as s:
        row = s.scalars(select(Takeover)).one()
        assert (row.ended_at, row.last_activity_at) == (None, idle_since)
    assert not _audit(seeded, "takeover_expired")


def test_an_idle_takeover_returns_the_flag_to_the_queue(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    post(client, f"/conversations/{seeded.identity_a1}/takeover")
    with session_scope(seeded.url) as s:
        held = takeover.current(s, "c-pa1")
        held.last_activity_at = utcnow() - dt.timedelta(minutes=31)
    takeover.expire_and_resume(rasa.append_events, database_url=seeded.url)  # reminders tick
    rows = client.get("/api/queue").json()["rows"]
    assert rows[0]["status"] == "open" and rows[0]["held_by"] is None
    assert rasa.appended[-1] == ("c-pa1", [{"event": "resume"}])
    assert _audit(seeded, "takeover_expired")


# --- flags --------------------------------------------------------------------------------


def test_acknowledge_escalate_and_resolve(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    flag = seeded.flag_a1
    assert post(client, f"/flags/{flag}/acknowledge").status_code == 303
    with session_scope(seeded.url) as s:
        assert s.get(Flag, flag).acknowledged_by == "console:nurse_a"
    # Only a member of this patient's care team can receive it.
    assert post(client, f"/flags/{flag}/escalate", member_id=str(seeded.member_b),
                note="x").status_code == 404
    post(client, f"/flags/{flag}/escalate", member_id=str(seeded.gp_a), note="")
    assert post(client, f"/flags/{flag}/escalate", member_id=str(seeded.gp_a),
                note="Douleur thoracique, rappel fait").status_code == 303
    with session_scope(seeded.url) as s:
        sms = s.scalars(select(OutboundMessage)).one()
        assert (sms.channel, sms.address, sms.patient_id) == ("sms", "+32470000301", None)
        assert "vraagt u om de opvolging van patiënt pa1" in sms.text  # the GP reads Dutch
        assert "Noodgeval" in sms.text and "Douleur thoracique" in sms.text
    assert post(client, f"/flags/{flag}/resolve", note="").status_code == 303
    with session_scope(seeded.url) as s:
        assert s.get(Flag, flag).status == "acknowledged"  # a note is required
    assert post(client, f"/flags/{flag}/resolve", note="Appelé, va bien").status_code == 303
    with session_scope(seeded.url) as s:
        resolved = s.get(Flag, flag)
        assert (resolved.status, resolved.resolution_note, resolved.resolved_by) == (
            "resolved", "Appelé, va bien", "console:nurse_a")
    assert client.get("/api/queue").json()["rows"] == []
    assert _audit(seeded, "escalate") and _audit(seeded, "resolve")


# --- care plan -------------------------------------------------------------------------------


def test_care_plan_editor_validates_and_applies(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    url = f"/patients/{seeded.patient_a1}/careplan"
    page = client.get(url)
    assert page.status_code == 200 and "ref: pa1" in page.text
    with session_scope(seeded.url) as s:
        version = s.get(Patient, seeded.patient_a1).plan_version
    bad = post(client, url, careplan="version: 1\npatient:\n  ref: pa1\n  language: xx\n")
    assert bad.status_code == 422 and "ligne 4 — patient.language" in bad.text
    from bot.careplan_file import export_careplan
    with session_scope(seeded.url) as s:
        text = export_careplan(s, s.get(Patient, seeded.patient_a1))
    other = text.replace("ref: pa1", "ref: pb1")
    assert "même référence" in post(client, url, careplan=other).text
    added = text.replace("medications:\n", "medications:\n  - name: Amlodipine\n"
                         "    dose: 1 comprimé de 5 mg\n    times: [\"09:00\"]\n", 1)
    response = post(client, url, careplan=added)
    assert response.status_code == 303, response.text
    with session_scope(seeded.url) as s:
        names = set(s.scalars(select(Medication.name).where(
            Medication.patient_id == seeded.patient_a1)))
        assert names == {"Metformine", "Amlodipine"}
        assert s.get(Patient, seeded.patient_a1).plan_version > version  # reminders re-plan
    assert any(e.actor == "console:nurse_a" for e in _audit(seeded, "import"))


@pytest.mark.parametrize(("lang", "shown"), [
    ("fr", "ligne 4 — patient.language : « xx » ne fait pas partie de : fr, nl"),
    ("nl", "regel 4 — patient.language : 'xx' is niet een van: fr, nl"),
])
def test_care_plan_errors_are_shown_in_the_nurses_language(env, lang: str, shown: str) -> None:
    """The validator names the problem (a key and its values); the console says it in
    the nurse's language, the command line keeps its English (tests/e2e/test_cli.py)."""
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    post(client, "/language", lang=lang, next="/queue")
    url = f"/patients/{seeded.patient_a1}/careplan"
    bad = post(client, url, careplan="version: 1\npatient:\n  ref: pa1\n  language: xx\n")
    page = html.unescape(bad.text)
    assert bad.status_code == 422 and shown in page
    assert "is not one of" not in page and "is required" not in page
    required = html.unescape(post(client, url, careplan="version: 1\n").text)
    assert {"fr": "patient : est obligatoire",
            "nl": "patient : is verplicht"}[lang] in required


@pytest.mark.parametrize(("lang", "shown"), [
    ("fr", "le mot de passe doit compter au moins 10 caractères"),
    ("nl", "het wachtwoord moet minstens 10 tekens hebben"),
])
def test_account_errors_are_shown_in_the_admins_language(env, lang: str, shown: str) -> None:
    seeded, rasa = env
    admin = signed_in_as(seeded, rasa, "admin")
    post(admin, "/language", lang=lang, next="/users")
    post(admin, "/users", username="court", password="short", role="admin")
    page = html.unescape(admin.get("/users").text)
    assert shown in page and "at least" not in page


@pytest.mark.parametrize("broken", [
    "version: 1\npatient: {ref: pa1\n",      # a flow mapping never closed
    "version: 1\n\tpatient:\n",              # a tab where YAML wants spaces
    "version: !!python/object:os.system ls\n",  # a tag safe_load refuses
    "- just\n- a list\n",                     # not a mapping
])
def test_a_broken_file_in_the_editor_is_shown_again_not_a_500(env, broken: str) -> None:
    """A syntax or type error keeps the nurse's text in the editor, with the problem
    and its line, and applies nothing."""
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    url = f"/patients/{seeded.patient_a1}/careplan"
    response = post(client, url, careplan=broken)
    assert response.status_code == 422, response.text[:300]
    assert "ligne " in response.text
    assert html.escape(broken.splitlines()[0]) in response.text  # the edit is not lost


def test_a_nurse_cannot_change_a_care_team_member_shared_with_other_patients(env) -> None:
    """Dr Renard's phone number is where escalations go for every patient of the team:
    a nurse editing one patient's plan may not change it; a coordinator may."""
    seeded, rasa = env
    from bot.careplan_file import export_careplan
    with session_scope(seeded.url) as s:
        text = export_careplan(s, s.get(Patient, seeded.patient_a1))
    assert "+32470000301" in text
    changed = text.replace("+32470000301", "+32470009999")
    url = f"/patients/{seeded.patient_a1}/careplan"
    refused = post(signed_in_as(seeded, rasa, "nurse_a"), url, careplan=changed)
    assert refused.status_code == 422 and "Dr Renard fait partie" in refused.text
    with session_scope(seeded.url) as s:
        assert s.scalar(select(CareTeamMember.phone).where(
            CareTeamMember.name == "Dr Renard")) == "+32470000301"
    assert post(signed_in_as(seeded, rasa, "coord_a"), url, careplan=changed).status_code == 303
    with session_scope(seeded.url) as s:
        assert s.scalar(select(CareTeamMember.phone).where(
            CareTeamMember.name == "Dr Renard")) == "+32470009999"


def test_care_plan_editor_records_its_export_in_the_audit_trail(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    assert client.get(f"/patients/{seeded.patient_a1}/careplan").status_code == 200
    assert [(e.actor, e.entity, e.patient_id) for e in _audit(seeded, "export")] == [
        ("console:nurse_a", "careplan", seeded.patient_a1)]


# --- audit, accounts, language, dev chat ---------------------------------------------------------


def test_audit_page_for_coordinators_and_admins_only(env) -> None:
    seeded, rasa = env
    nurse = signed_in_as(seeded, rasa, "nurse_a")
    nurse.get(f"/patients/{seeded.patient_a1}")
    assert nurse.get("/audit").status_code == 404
    page = signed_in_as(seeded, rasa, "coord_a").get("/audit")
    assert page.status_code == 200 and "console:nurse_a" in page.text
    team_b = signed_in_as(seeded, rasa, "admin").get(f"/audit?patient={seeded.patient_b1}")
    assert team_b.status_code == 200


def test_admin_manages_accounts(env) -> None:
    seeded, rasa = env
    assert signed_in_as(seeded, rasa, "coord_a").get("/users").status_code == 404
    admin = signed_in_as(seeded, rasa, "admin")
    assert "nurse_b" in admin.get("/users").text
    post(admin, "/users", username="nouvelle", password="long enough pw", role="coordinator",
         team_id=str(seeded.team_b), language="nl")
    post(admin, "/users", username="court", password="short", role="admin")
    with session_scope(seeded.url) as s:
        created = s.scalar(select(ConsoleUser).where(ConsoleUser.username == "nouvelle"))
        assert (created.role, created.team_id, created.language) == (
            "coordinator", seeded.team_b, "nl")
        assert s.scalar(select(ConsoleUser).where(ConsoleUser.username == "court")) is None
    post(admin, f"/users/{seeded.users['nurse_b']}/disable")
    assert sign_in(console_client(seeded, rasa), "nurse_b").status_code == 401


def test_the_interface_switches_to_dutch(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    assert post(client, "/language", lang="nl", next="/queue").headers["location"] == "/queue"
    page = client.get("/queue").text
    assert '<html lang="nl">' in page and "Wachtrij" in page
    assert 'lang="fr">Français' in page  # each language named in itself
    assert post(client, "/language", lang="nl", next="https://evil.example").headers[
        "location"] == "/queue"


def test_dev_chat_only_in_development_mode(env) -> None:
    seeded, rasa = env
    assert signed_in_as(seeded, rasa, "nurse_a").get("/dev/chat").status_code == 404
    dev = console_client(seeded, rasa, dev=True)
    assert dev.get("/dev/chat", follow_redirects=False).status_code == 303  # sign in first
    dev = signed_in_as(seeded, rasa, "admin", dev=True)
    assert "bot demo load" in dev.get("/dev/chat").text  # no demo patient in this database
    with session_scope(seeded.url) as s:
        s.get(Patient, seeded.patient_a1).external_ref = "demo-fr"
    assert dev.get("/dev/chat").status_code == 200
    assert post(dev, "/dev/chat", lang="fr", text="j'ai une douleur dans la poitrine"
                ).status_code == 303
    with session_scope(seeded.url) as s:
        stored = s.scalars(select(InboundMessage)).one()
        assert (stored.channel, stored.sender, stored.text) == (
            "cli", "console-dev-fr", "j'ai une douleur dans la poitrine")
    assert _audit(seeded, "dev_chat")
    # The gateway's worker takes it from there (tests/e2e/test_console_browser.py).
    assert csrf(dev)


def test_care_plan_simple_forms(env) -> None:
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    url = f"/patients/{seeded.patient_a1}/careplan/change"
    page = client.get(f"/patients/{seeded.patient_a1}/careplan").text
    assert 'id="form-add-medication"' in page and '<label for="am-times">' in page
    bad = post(client, url, op="add_medication", name="Amlodipine", dose="5 mg", times="25:00")
    assert bad.status_code == 422 and "medications[1].times[0]" in bad.text
    assert post(client, url, op="add_medication", name="Amlodipine", dose="5 mg",
                times="08:00, 20:00").status_code == 303
    assert post(client, url, op="set_goal", kind="walking", comparison="at_least",
                target="30", days_per_week="5").status_code == 303
    assert post(client, url, op="set_goal", kind="walking", comparison="at_least",
                target="9000", days_per_week="5").status_code == 422  # implausible
    assert post(client, url, op="add_appointment", **{
        "with": "Dr Renard", "at": "2031-03-04T14:30", "location": "Namur"}).status_code == 303
    assert 'id="form-appointment-reminders"' in page and 'for="ar-hours"' in page
    assert post(client, url, op="set_appointment_reminders",
                hours_before="72").status_code == 422  # at most 48
    assert post(client, url, op="set_appointment_reminders",
                hours_before="2").status_code == 303  # checkbox left unticked
    with session_scope(seeded.url) as s:
        meds = {m.name: (m.times, m.active) for m in s.scalars(select(Medication).where(
            Medication.patient_id == seeded.patient_a1))}
        assert meds["Amlodipine"] == (["08:00", "20:00"], True)
        patient = s.get(Patient, seeded.patient_a1)
        assert [(g.kind, g.target_value, g.days_per_week) for g in patient.goals] == [
            ("walking", 30, 5)]
        [appointment] = patient.appointments
        assert appointment.starts_at == dt.datetime(2031, 3, 4, 13, 30, tzinfo=dt.timezone.utc)
        assert (patient.appointment_reminder_day_before,
                patient.appointment_reminder_hours_before) == (False, 2)
    summary = client.get(f"/patients/{seeded.patient_a1}").text
    assert "Marche : au moins 30 min, 5/7 jours" in summary  # in the nurse's language
    page = client.get(f"/patients/{seeded.patient_a1}/careplan").text
    assert 'id="form-stop-medication"' in page
    assert post(client, url, op="stop_medication", index="1").status_code == 303
    assert post(client, url, op="cancel_appointment", index="0").status_code == 303
    assert post(client, url, op="stop_medication", index="9").status_code == 422
    assert post(client, url, op="drop_table").status_code == 422
    with session_scope(seeded.url) as s:
        assert s.scalar(select(Medication.active).where(
            Medication.name == "Amlodipine")) is False
        patient = s.get(Patient, seeded.patient_a1)
        assert [a.cancelled for a in patient.appointments] == [True]


def test_two_messages_in_a_row_both_reach_the_next_page(env) -> None:
    """Take over, then hand back without opening a page in between: the next page
    shows both confirmations (the second used to be lost: the session list was
    appended to in place, which Starlette does not save)."""
    seeded, rasa = env
    client = signed_in_as(seeded, rasa, "nurse_a")
    base = f"/conversations/{seeded.identity_a1}"
    assert post(client, f"{base}/takeover").status_code == 303
    assert post(client, f"{base}/handback").status_code == 303
    page = client.get(base).text
    assert "Vous avez repris cette conversation" in page and "C&#39;est fait." in page
    assert "C&#39;est fait." not in client.get(base).text  # shown once
