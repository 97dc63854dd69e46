"""The console's plain-Python parts: takeovers, accounts and access rules, the
transcript and the adherence series (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot import accounts, enrollment, flags, safety_net, takeover
from bot.db import session_scope
from bot.models import Dose, Flag, Medication, Patient, Takeover, utcnow
from console import data
from tests.support.console_seed import PASSWORD, seed
from tests.support.paths import ROOT

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.timezone.utc)


def test_takeover_start_hold_touch_end(db_url: str) -> None:
    seeded = seed(db_url)
    nurse, other = seeded.users["nurse_a"], seeded.users["nurse_a2"]
    with session_scope(db_url) as s:
        assert not takeover.is_held(s, "c-pa1")
        held = takeover.start(s, "c-pa1", seeded.patient_a1, nurse, now=NOW)
        assert takeover.is_held(s, "c-pa1") and not takeover.is_held(s, "c-pb1")
        assert s.get(Flag, seeded.flag_a1).status == flags.ACKNOWLEDGED
        assert takeover.start(s, "c-pa1", seeded.patient_a1, nurse).id == held.id  # again: same
        with pytest.raises(takeover.TakeoverError):
            takeover.start(s, "c-pa1", seeded.patient_a1, other)
        takeover.touch(s, held, now=NOW + dt.timedelta(minutes=20))
        assert held.last_activity_at == NOW + dt.timedelta(minutes=20)
        takeover.end(s, held, "handed_back", "console:nurse_a")
        assert not takeover.is_held(s, "c-pa1")
        assert s.get(Flag, seeded.flag_a1).status == flags.ACKNOWLEDGED  # the nurse resolves it


def test_takeover_survives_a_new_session_of_the_database(db_url: str) -> None:
    seeded = seed(db_url)
    with session_scope(db_url) as s:
        takeover.start(s, "c-pa1", seeded.patient_a1, seeded.users["nurse_a"])
    with session_scope(db_url) as s:  # another process, after a restart
        assert takeover.current(s, "c-pa1").user_id == seeded.users["nurse_a"]


def test_idle_takeovers_expire_and_their_flags_reopen(db_url: str) -> None:
    """The database first (ended, flags back in the queue, the resume owed), then Rasa:
    a resume Rasa refuses stays owed and the next run sends it."""
    seeded = seed(db_url)
    resumed: list[str] = []
    with session_scope(db_url) as s:
        takeover.start(s, "c-pa1", seeded.patient_a1, seeded.users["nurse_a"], now=NOW)
        takeover.start(s, "c-pa2", seeded.patient_a2, seeded.users["coord_a"],
                       now=NOW + dt.timedelta(minutes=25))
        for row in s.scalars(select(Takeover)):
            row.rasa_pending = None  # both pauses were delivered
    limit = dt.timedelta(minutes=30)
    later = NOW + dt.timedelta(minutes=31)

    def failing(conversation: str, events: list) -> None:
        raise OSError("Rasa down")

    ended = takeover.expire_and_resume(failing, database_url=db_url, now=later, limit=limit)
    assert len(ended) == 1
    with session_scope(db_url) as s:
        assert not takeover.is_held(s, "c-pa1")  # ended, whatever Rasa says...
        row = s.get(Takeover, ended[0])
        assert (row.end_reason, row.rasa_pending) == ("idle", "resume")  # ...resume owed
        assert s.get(Flag, seeded.flag_a1).status == flags.OPEN  # back in the queue
        assert s.get(Flag, seeded.flag_a1).acknowledged_by is None
        assert takeover.is_held(s, "c-pa2")
    assert takeover.expire_and_resume(lambda c, e: resumed.append((c, e)), database_url=db_url,
                                      now=later, limit=limit) == []
    assert resumed == [("c-pa1", [takeover.RESUME_EVENT])]  # the owed resume, sent once
    with session_scope(db_url) as s:
        assert s.get(Takeover, ended[0]).rasa_pending is None
    assert takeover.tell_rasa(lambda c, e: resumed.append((c, e)), database_url=db_url).sent == 0


def test_a_late_pause_after_a_hand_back_is_undone(db_url: str) -> None:
    """A pause delivered after the takeover ended (a retry racing a hand back) owes a
    resume again, so Rasa never stays paused without a takeover."""
    seeded = seed(db_url)
    sent: list[tuple[str, list]] = []
    with session_scope(db_url) as s:
        held = takeover.start(s, "c-pa1", seeded.patient_a1, seeded.users["nurse_a"])
        held_id = held.id

    def pause_then_hand_back(conversation: str, events: list) -> None:
        sent.append((conversation, events))
        if events == [takeover.PAUSE_EVENT]:
            with session_scope(db_url) as s:  # the hand back commits meanwhile...
                row = s.get(Takeover, held_id)
                takeover.end(s, row, "handed_back", "console:nurse_a")
                row.rasa_pending = None  # ...and its resume went out before this pause

    takeover.tell_rasa(pause_then_hand_back, "c-pa1", database_url=db_url)
    with session_scope(db_url) as s:
        assert s.get(Takeover, held_id).rasa_pending == "resume"
    assert takeover.tell_rasa(lambda c, e: sent.append((c, e)),
                              database_url=db_url).sent == 1
    assert sent[-1] == ("c-pa1", [takeover.RESUME_EVENT])


def test_idle_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert takeover.idle_limit() == dt.timedelta(minutes=30)
    monkeypatch.setenv("CONSOLE_TAKEOVER_IDLE_MINUTES", "5")
    assert takeover.idle_limit() == dt.timedelta(minutes=5)


def test_a_red_flag_during_a_takeover_reopens_the_acknowledged_flag(db_url: str) -> None:
    """Taking over acknowledged the conversation's flags; a new emergency puts the
    flag back to open, with the new text, above the acknowledged ones."""
    seeded = seed(db_url)
    with session_scope(db_url) as s:
        identity = enrollment.link(s, "telegram", "4242", enrollment.issue_code(
            s, s.get(Patient, seeded.patient_a2), "t")).identity
        conversation = identity.conversation_id
        first = safety_net.screen(s, "telegram", "4242", "j'ai mal à la poitrine")
        older = flags.acknowledge(s, s.get(Flag, seeded.flag_a1), "console:nurse_a")
        assert older.severity == "urgent"
        assert older.created_at <= s.get(Flag, first.flag_id).created_at
        takeover.start(s, conversation, seeded.patient_a2, seeded.users["nurse_a"])
        assert s.get(Flag, first.flag_id).status == flags.ACKNOWLEDGED
        assert not safety_net.screen(s, "telegram", "4242", "merci").red_flag
        assert s.get(Flag, first.flag_id).status == flags.ACKNOWLEDGED
        again = safety_net.screen(s, "telegram", "4242", "ik heb pijn op de borst")
        assert again.flag_id == first.flag_id and again.language == "nl"
        flag = s.get(Flag, first.flag_id)
        assert (flag.status, flag.acknowledged_by) == (flags.OPEN, None)
        assert flag.summary.splitlines()[-1] == "[chest_pain] ik heb pijn op de borst"
        queue = flags.queue(s)
        assert queue.index(flag) < queue.index(older)  # un-acknowledged urgent ones first
        assert takeover.is_held(s, conversation)  # the nurse still has the conversation


def test_access_rules_per_role(db_url: str) -> None:
    seeded = seed(db_url)
    with session_scope(db_url) as s:
        users = {name: s.get(accounts.ConsoleUser, uid) for name, uid in seeded.users.items()}
        assert accounts.visible_patient_ids(s, users["nurse_a"]) == {seeded.patient_a1}
        assert accounts.visible_patient_ids(s, users["coord_a"]) == {
            seeded.patient_a1, seeded.patient_a2}
        assert accounts.visible_patient_ids(s, users["nurse_b"]) == {seeded.patient_b1}
        assert accounts.visible_patient_ids(s, users["admin"]) is None
        assert not accounts.may_see(s, users["nurse_a"], seeded.patient_b1)
        assert not accounts.may_see(s, users["coord_a"], None)  # unlinked: admins only
        assert accounts.may_see(s, users["admin"], None)


def test_passwords_are_argon2_hashed_and_throttling_counts(db_url: str) -> None:
    seeded = seed(db_url)
    with session_scope(db_url) as s:
        user = s.get(accounts.ConsoleUser, seeded.users["nurse_a"])
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
        here, there = "192.0.2.1", "192.0.2.2"
        for _ in range(accounts.ACCOUNT_SOURCE_FAILURES):
            assert accounts.authenticate(s, "nurse_a", "nope", source=here,
                                         now=NOW).reason == "invalid"
        assert accounts.authenticate(s, "nurse_a", PASSWORD, source=here,
                                     now=NOW).reason == "throttled"
        assert accounts.authenticate(s, "nurse_a", PASSWORD, source=there,
                                     now=NOW).user.id == user.id
        after = NOW + accounts.WINDOW + dt.timedelta(seconds=1)
        assert accounts.authenticate(s, "NURSE_A ", PASSWORD, source=here,
                                     now=after).user.id == user.id
        for i in range(accounts.SOURCE_FAILURES):  # many usernames from one address
            accounts.authenticate(s, f"guess{i}", "nope", source=there, now=after)
        assert accounts.authenticate(s, "coord_a", PASSWORD, source=there,
                                     now=after).reason == "throttled"
        with pytest.raises(accounts.AccountError, match="at least 10"):
            accounts.create_user(s, "x1", "short", "admin")
        with pytest.raises(accounts.AccountError, match="care-team member"):
            accounts.create_user(s, "x2", PASSWORD, "nurse", team="Namur")
        with pytest.raises(accounts.AccountError, match="taken"):
            accounts.create_user(s, "nurse_a", PASSWORD, "admin")


def test_adherence_series_counts_taken_against_planned_per_local_day(db_url: str) -> None:
    seeded = seed(db_url)
    with session_scope(db_url) as s:
        patient = s.get(Patient, seeded.patient_a2)  # no doses yet
        medication = Medication(patient_id=patient.id, name="Metformine", dose_text="1",
                                times=["23:30"])
        s.add(medication)
        s.flush()
        base = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.timezone.utc)  # 23:30 in Brussels
        s.add_all([
            Dose(medication_id=medication.id, patient_id=patient.id, status="taken",
                 scheduled_at=base),
            Dose(medication_id=medication.id, patient_id=patient.id, status="cancelled",
                 scheduled_at=base + dt.timedelta(minutes=5)),
            Dose(medication_id=medication.id, patient_id=patient.id, status="pending",
                 scheduled_at=base + dt.timedelta(hours=2)),  # answer window closed: missed
            Dose(medication_id=medication.id, patient_id=patient.id, status="pending",
                 scheduled_at=NOW + dt.timedelta(hours=1)),  # future: not counted
        ])
        s.flush()
        series = data.adherence_series(s, patient, now=NOW, days=3)
        assert [d.day.isoformat() for d in series] == ["2026-11-22", "2026-11-23",
                                                       "2026-11-24"]
        assert [(d.taken, d.missed, d.pending) for d in series] == [
            (0, 0, 0), (1, 0, 0), (0, 1, 0)]
        svg = str(data.adherence_svg(series, "1 <b> 2"))
        assert svg.count("<rect") == 2 and svg.count("<circle") == 1
        assert 'aria-label="1 &lt;b&gt; 2"' in svg
        # Missed only when the reminder flow says so; a dose due a minute ago is pending.
        s.add_all([
            Dose(medication_id=medication.id, patient_id=patient.id, status="pending",
                 scheduled_at=NOW - dt.timedelta(minutes=1)),  # in its window: pending
            Dose(medication_id=medication.id, patient_id=patient.id, status="pending",
                 scheduled_at=NOW - dt.timedelta(hours=5)),  # no answer yet, still pending
            Dose(medication_id=medication.id, patient_id=patient.id, status="missed",
                 scheduled_at=NOW - dt.timedelta(hours=2)),  # the missed check said so
            Dose(medication_id=medication.id, patient_id=patient.id, status="missed",
                 scheduled_at=NOW - dt.timedelta(minutes=10),
                 answered_at=NOW - dt.timedelta(minutes=5)),  # "pas pris"
        ])
        s.flush()
        today = data.adherence_series(s, patient, now=NOW, days=1)[0]
        assert (today.taken, today.missed, today.pending) == (0, 3, 2)
        assert today.planned == 3
        svg = str(data.adherence_svg([today], "x", "en attente"))
        assert "<title>2026-11-24: 0/3 + 2 en attente</title>" in svg
        only_pending = data.DayAdherence(dt.date(2026, 11, 24), 0, 0, 1)
        assert 'class="pending"' in str(data.adherence_svg([only_pending], "x", "in afwachting"))


def test_transcript_from_tracker_events() -> None:
    tracker = {"events": [
        {"event": "action", "name": "action_session_start", "timestamp": 1},
        {"event": "slot", "name": "language", "value": "nl", "timestamp": 1},
        {"event": "bot", "text": "Tijd voor uw Metformine.", "timestamp": 2,
         "metadata": {"reminder": "meds:7"}},
        {"event": "user", "text": "genomen", "timestamp": 3,
         "parse_data": {"language": "nl"}},
        {"event": "pause", "timestamp": 4},
        {"event": "user", "text": "j'ai mal à la poitrine", "timestamp": 5,
         "parse_data": {"language": "fr"}},
        {"event": "bot", "text": "Appelez le 112.", "timestamp": 6,
         "metadata": {"safety_net": True}},
        {"event": "bot", "text": "Ik bel u.", "timestamp": 7, "metadata": {"nurse": "3"}},
        {"event": "resume", "timestamp": 8},
    ]}
    lines = data.transcript(tracker)
    assert [(line.who, line.language, line.note) for line in lines] == [
        ("bot", "nl", "reminder"), ("patient", "nl", None), ("event", None, "paused"),
        ("patient", "fr", None), ("bot", "fr", "safety_net"), ("nurse", "fr", None),
        ("event", None, "resumed")]
    assert lines[5].nurse_id == 3
    assert lines[0].at == dt.datetime(1970, 1, 1, 0, 0, 2, tzinfo=dt.timezone.utc)


def test_takeover_rows_carry_no_patient_text(db_url: str) -> None:
    seeded = seed(db_url)
    with session_scope(db_url) as s:
        row = takeover.start(s, "c-pa1", seeded.patient_a1, seeded.users["nurse_a"])
        columns = set(Takeover.__table__.columns.keys())
        assert columns == {"id", "conversation_id", "patient_id", "user_id", "started_at",
                           "last_activity_at", "ended_at", "end_reason", "rasa_pending"}
        assert row.started_at <= utcnow()


def test_sign_in_runs_argon2_with_no_transaction_open(db_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the hash, verifying it and recording the outcome are three steps: the
    verification (tens of milliseconds of CPU) holds no transaction, so no lock either."""
    from contextlib import contextmanager

    seeded = seed(db_url)
    open_scopes: list[int] = []
    real_scope = accounts.session_scope

    @contextmanager
    def counted(url=None):
        open_scopes.append(1)
        try:
            with real_scope(url) as s:
                yield s
        finally:
            open_scopes.pop()

    checked: list[int] = []
    real_hasher = accounts._hasher

    class Watching:
        def verify(self, hash_: str, password: str) -> bool:
            checked.append(len(open_scopes))
            return real_hasher.verify(hash_, password)

        def __getattr__(self, name: str):
            return getattr(real_hasher, name)

    monkeypatch.setattr(accounts, "session_scope", counted)
    monkeypatch.setattr(accounts, "_hasher", Watching())
    token = accounts.sign_in("nurse_a", PASSWORD, source="192.0.2.9", database_url=db_url)
    assert token and accounts.sign_in("nurse_a", "wrong one!", source="192.0.2.9",
                                      database_url=db_url) is None
    assert accounts.sign_in("nobody", "wrong one!", source="192.0.2.9",
                            database_url=db_url) is None
    assert checked == [0, 0, 0]  # every verification outside any transaction
    with session_scope(db_url) as s:
        user = accounts.session_user(s, token, idle=dt.timedelta(minutes=30),
                                     max_age=dt.timedelta(hours=12))
        assert user.id == seeded.users["nurse_a"] and user.last_login_at is not None


def test_escalation_is_plain_domain_code(db_url: str) -> None:
    """bot/escalation.py: the SMS to a member of the care team, the flag acknowledged
    and annotated, the audit entry; refusals change nothing. No web framework."""
    import ast

    from bot import escalation
    from bot.models import AuditEntry, OutboundMessage

    seeded = seed(db_url)
    with session_scope(db_url) as s:
        flag = s.get(Flag, seeded.flag_a1)
        with pytest.raises(escalation.NotInCareTeamError):
            escalation.escalate(s, flag, seeded.member_b, "x", actor="t", sender_name="n")
        assert s.scalar(select(OutboundMessage.id)) is None and flag.status == flags.OPEN
        row = escalation.escalate(s, flag, seeded.gp_a, "Rappel fait", actor="console:nurse_a",
                                  sender_name="nurse_a")
        assert (row.channel, row.address, row.priority) == ("sms", "+32470000301", 1)
        assert "nurse_a" in row.text and "noodgeval" in row.text  # the GP reads Dutch
        assert (flag.status, flag.acknowledged_by) == (flags.ACKNOWLEDGED, "console:nurse_a")
        assert flag.summary.endswith("[→ Dr Renard] Rappel fait")
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "escalate"))
        assert entry.detail == {"member_id": seeded.gp_a, "outbound_id": row.id}
    for module in ("escalation", "takeover", "accounts"):
        source = (ROOT / "bot" / f"{module}.py").read_text()
        imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(source))
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.ImportFrom)}
        assert not imported & {"starlette", "rasa", "rasa_sdk", "telegram", "twilio", "httpx",
                               "console"}, module


def test_adherence_pending_texts_in_both_languages() -> None:
    from console.i18n import translator

    assert translator("fr")("adherence_pending", count=2) == "2 en attente de réponse"
    assert translator("nl")("adherence_pending", count=2) == "2 nog zonder antwoord"
    assert (translator("fr")("pending"), translator("nl")("pending")) == (
        "en attente", "in afwachting")
