"""The reminders scheduler as a real process: a reminder reaches the patient's queue and
the Rasa conversation, the patient's "pris" is recorded against that dose, only one
scheduler runs, and a SIGKILL and restart neither lose nor double a reminder."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot import enrollment
from bot.db import session_scope
from bot.models import Dose, Medication, OutboundMessage, Reminder
from tests.support.paths import ROOT
from tests.support.patients import make_patient
from tests.support.processes import ActionServer, RasaServer
from tests.support.waiting import wait_for


def _scheduler(env: dict, log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        return subprocess.Popen([sys.executable, "-m", "reminders"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, text=True)


def test_reminder_to_answer_and_restart_after_sigkill(
    rasa_server: RasaServer, action_server: ActionServer, tmp_path: Path
) -> None:
    url = action_server.database_url
    with session_scope(url) as s:
        patient = make_patient(s, ref=f"r-{uuid.uuid4().hex[:6]}")
        # the dose's time is a minute of the clock: at least a full minute ahead, so the
        # scheduler (a few seconds to start) plans it before it is due, whatever second
        # the test starts at (now + 1 min truncated to the minute could be 1 s away)
        due = dt.datetime.now(ZoneInfo(patient.timezone)) + dt.timedelta(minutes=2)
        medication = Medication(patient_id=patient.id, name="Kardegic", dose_text="75 mg",
                                times=[due.strftime("%H:%M")])
        s.add(medication)
        s.flush()
        medication_id = medication.id
        # A Telegram account receives the reminder; the CLI account is where we answer.
        enrollment.link(s, "telegram", str(uuid.uuid4().int % 10**9),
                        enrollment.issue_code(s, patient, "t"))
        conversation = enrollment.link(s, "cli", uuid.uuid4().hex,
                                       enrollment.issue_code(s, patient, "t")
                                       ).identity.conversation_id

    env = {**os.environ, "CARE_DATABASE_URL": url, "RASA_URL": rasa_server.url,
           "RASA_TOKEN": rasa_server.token, "REMINDERS_TICK_SECONDS": "1"}
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _scheduler(env, first_log)
    try:
        wait_for(lambda: "reminders scheduler started" in first_log.read_text(), 60)
        second = _scheduler(env, second_log)
        assert second.wait(timeout=60) != 0
        assert "another reminders scheduler is running" in second_log.read_text()

        def reminder_sent() -> Reminder | None:
            with session_scope(url) as s:
                return s.scalars(select(Reminder).join(Dose, Reminder.dose_id == Dose.id).where(
                    Dose.medication_id == medication_id, Reminder.status == "sent")).first()
        reminder = wait_for(reminder_sent, timeout=240)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        restarted = _scheduler(env, tmp_path / "restarted.log")
        time.sleep(4)  # a few ticks of the restarted scheduler
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=20)
    finally:
        for process in (first,):
            if process.poll() is None:
                process.kill()

    with session_scope(url) as s:
        queued = s.scalars(select(OutboundMessage).where(
            OutboundMessage.idempotency_key == f"reminder:{reminder.key}")).all()
        assert len(queued) == 1  # never twice, restart or not
        assert queued[0].text.startswith("Bonjour Marie, c'est l'heure de votre médicament")
        assert "Kardegic (75 mg)" in queued[0].text

    # The reminder is in the conversation, with the dose it asks about...
    tracker = rasa_server.tracker(conversation)
    assert tracker["slots"]["pending_dose"] == str(reminder.dose_id)
    assert any(e["event"] == "bot" and "Kardegic" in (e.get("text") or "")
               for e in tracker["events"])
    # "Plus tard" puts that dose off for a while (a snooze reminder is planned) ...
    later = rasa_server.say(conversation, "plus tard")
    assert later[0].startswith("D'accord, je vous le rappelle à ")
    with session_scope(url) as s:
        snoozed = s.scalars(select(Reminder).where(Reminder.kind == "snooze")).one()
        assert snoozed.dose_id == reminder.dose_id and snoozed.status == "planned"
    # ... and "pris" is recorded against exactly that dose.
    reply = rasa_server.say(conversation, "pris")
    assert reply[0].startswith("Merci, c'est noté : Kardegic de ")
    with session_scope(url) as s:
        assert s.get(Dose, reminder.dose_id).status == "taken"


def test_demo_patient_receives_a_reminder_in_the_local_outbox(tmp_path: Path) -> None:
    """What the README promises: with no credentials, `bot demo remind` and the running
    scheduler put a reminder for the demo patient in the local outbox."""
    import asyncio

    from bot.db import migrate
    from gateway.config import Settings
    from gateway.delivery import Delivery

    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    env = {**os.environ, "CARE_DATABASE_URL": url, "REMINDERS_TICK_SECONDS": "1",
           "RASA_URL": "http://127.0.0.1:9", "RASA_TOKEN": "none"}

    def bot(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    bot("demo", "load")
    assert "a demo reminder for demo-fr is due at" in bot("demo", "remind", "--minutes", "1")
    scheduler = _scheduler(env, tmp_path / "scheduler.log")
    try:
        def queued() -> bool:
            with session_scope(url) as s:
                return s.scalars(select(OutboundMessage).where(
                    OutboundMessage.text.contains("Démo"))).first() is not None
        wait_for(queued, timeout=150, interval=0.5)
    finally:
        scheduler.terminate()
        scheduler.wait(timeout=20)
    none = Settings(telegram_token="", telegram_secret="", twilio_sid="", twilio_token="")
    asyncio.run(Delivery(none, url).run_once())
    outbox = bot("outbox")
    assert "sms +32470000101" in outbox  # the demo patient's number on file
    # by SMS the reminder is short and says the two answer words (reminders/channels.py)
    assert "Marcel, votre médicament de" in outbox and "Répondez PRIS ou PLUS TARD" in outbox


def test_a_silent_patients_reminders_each_open_a_session(
    rasa_server: RasaServer, action_server: ActionServer, monkeypatch
) -> None:
    """Rasa starts a session only when the patient writes; reminders to a patient who
    never answers would otherwise all pile into one session that Rasa reloads whole."""
    from bot.rasa_client import RasaClient
    from reminders.__main__ import note_in_conversations

    url = action_server.database_url
    now = dt.datetime.now(dt.timezone.utc)
    with session_scope(url) as s:
        silent = make_patient(s, ref=f"s-{uuid.uuid4().hex[:6]}")
        talking = make_patient(s, ref=f"t-{uuid.uuid4().hex[:6]}")
        conversations = {}
        for patient in (silent, talking):
            identity = enrollment.link(s, "cli", uuid.uuid4().hex,
                                       enrollment.issue_code(s, patient, "t")).identity
            conversations[patient.id] = identity.conversation_id
        # The talking patient (the last linked) wrote a minute ago, through the gateway.
        identity.last_inbound_at = now - dt.timedelta(minutes=1)
        keys = []
        for number in (1, 2):
            for patient in (silent, talking):
                key = f"test:{patient.id}:{number}"
                message = OutboundMessage(idempotency_key=f"reminder:{key}",
                                          patient_id=patient.id, channel="telegram",
                                          address="1", text=f"Rappel numéro {number}")
                s.add(message)
                s.flush()
                s.add(Reminder(key=key, kind="medication", patient_id=patient.id,
                               due_at=now, status="sent", sent_at=now,
                               outbound_id=message.id))
                keys.append(key)
        silent_id, talking_id = silent.id, talking.id

    monkeypatch.setenv("CARE_DATABASE_URL", url)
    rasa = RasaClient(rasa_server.url, rasa_server.token)
    with session_scope(url) as s:  # the first reminders are noted, then the second ones
        for reminder in s.scalars(select(Reminder).where(Reminder.key.like("test:%:2"))):
            reminder.noted_at = now  # hidden from the first round
    note_in_conversations(rasa, now + dt.timedelta(seconds=2))
    with session_scope(url) as s:
        for reminder in s.scalars(select(Reminder).where(Reminder.key.like("test:%:2"))):
            reminder.noted_at = None
    note_in_conversations(rasa, now + dt.timedelta(seconds=3))

    def sessions(patient_id: int) -> list[list[str]]:
        """The reminders of the conversation, per session (the tracker API returns
        every session; Rasa's SQL tracker store loads only the last one for a turn)."""
        grouped: list[list[str]] = []
        for event in rasa_server.tracker(conversations[patient_id])["events"]:
            if event["event"] == "session_started":
                grouped.append([])
            elif event["event"] == "bot":
                grouped[-1].append(event["text"])
        return [texts for texts in grouped if texts]

    # A new session for each reminder to the silent patient; one conversation with the
    # patient who writes.
    assert sessions(silent_id) == [["Rappel numéro 1"], ["Rappel numéro 2"]]
    assert sessions(talking_id) == [["Rappel numéro 1", "Rappel numéro 2"]]
    with session_scope(url) as s:
        assert all(r.noted_at is not None for r in s.scalars(
            select(Reminder).where(Reminder.key.in_(keys))))
