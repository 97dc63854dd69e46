"""The reminders scheduler process (`python -m reminders`).

APScheduler runs one job, a tick every REMINDERS_TICK_SECONDS (default 20): plan the
next 26 hours of reminders from the care-plan database, then send what is due. State
lives in the database (the reminders table), not in the scheduler, so a restart loses
nothing and a reminder already sent is never sent again. Only one scheduler may run:
it holds a lock (a PostgreSQL advisory lock, or a lock file next to a SQLite database)
and exits with a clear message if another one holds it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import sys
from pathlib import Path

import httpx
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import select, text

from bot.db import database_url, make_engine, migrate, session_scope
from bot.models import ChannelIdentity, OutboundMessage, Reminder, utcnow
from bot.rasa_client import RasaClient
from reminders.planner import dispatch_due, plan_all

log = logging.getLogger("reminders")
LOCK_ID = 7_204_211  # PostgreSQL advisory lock key of the scheduler
NOTE_FOR = dt.timedelta(hours=6)  # after that, adding a reminder to the chat is moot


def _single_instance():  # type: ignore[no-untyped-def]
    url = database_url()
    if url.startswith("sqlite"):
        lock_path = Path(url.split("///", 1)[1] + ".reminders.lock")
        handle = lock_path.open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit(f"another reminders scheduler is running ({lock_path} is locked)")
        return handle
    connection = make_engine(url).connect()
    if not connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_ID}).scalar():
        sys.exit("another reminders scheduler is running (advisory lock held)")
    return connection


def tick(rasa: RasaClient) -> int:
    now = utcnow()
    with session_scope() as s:
        plan_all(s, now)
    with session_scope() as s:
        sent = len(dispatch_due(s, now))
    note_in_conversations(rasa, now)
    if sent:
        log.info("%d reminder(s) queued", sent)
    return sent


def note_in_conversations(rasa: RasaClient, now) -> None:  # type: ignore[no-untyped-def]
    """Add sent reminders to the patient's conversations (the bot's message and the
    dose it asks about), so "pris" is tied to that dose and the transcript is whole.
    Retried on the next tick until Rasa accepts it."""
    with session_scope() as s:
        pending = s.scalars(select(Reminder).where(
            Reminder.status == "sent", Reminder.noted_at.is_(None),
            Reminder.sent_at > now - NOTE_FOR)).all()
        work = []
        for reminder in pending:
            message = s.get(OutboundMessage, reminder.outbound_id)
            events: list[dict] = [{"event": "bot", "text": message.text}]
            if reminder.dose_id is not None:
                events.insert(0, {"event": "slot", "name": "pending_dose",
                                  "value": str(reminder.dose_id)})
            conversations = s.scalars(select(ChannelIdentity.conversation_id).where(
                ChannelIdentity.patient_id == reminder.patient_id)).all()
            work.append((reminder.id, conversations, events))
    for reminder_id, conversations, events in work:
        try:
            for conversation in conversations:
                rasa.append_events(conversation, events)
        except httpx.HTTPError as error:
            log.warning("reminder %s not yet added to the conversation: %s", reminder_id, error)
            continue
        with session_scope() as s:
            s.get(Reminder, reminder_id).noted_at = utcnow()


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    lock = _single_instance()  # noqa: F841 - held for the life of the process
    migrate()
    seconds = int(os.environ.get("REMINDERS_TICK_SECONDS", "20"))
    rasa = RasaClient()
    # UTC and an explicit misfire grace: the defaults (host zone, 1 s) would silently
    # drop a tick after a pause. Missed ticks are coalesced: the next one catches up.
    scheduler = BlockingScheduler(timezone="UTC", job_defaults={
        "misfire_grace_time": 3600, "coalesce": True, "max_instances": 1})
    scheduler.add_job(tick, "interval", seconds=seconds, args=[rasa], id="tick",
                      next_run_time=utcnow())
    log.info("reminders scheduler started (tick every %d s)", seconds)
    scheduler.start()


if __name__ == "__main__":
    main()
