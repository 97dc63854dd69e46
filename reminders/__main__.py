"""The reminders scheduler process (`python -m reminders`).

APScheduler runs one job, a tick every REMINDERS_TICK_SECONDS (default 10): re-plan
the patients whose care plan changed (and, hourly, the moving 26-hour horizon of the
others), send what is due and run the follow-up steps of unanswered doses,
queue a refill reminder for each stock that now runs short (reminders/refills.py),
escalate on-call pages nobody acknowledged in time (bot/paging.py), and purge the
exactly-once ledger of rows older than EFFECTS_KEEP_DAYS (bot/effects.py). A second
job, every RETENTION_INTERVAL_SECONDS (default 3600), deletes what is older than the
retention period (bot/gdpr/retention.py), in partition 0 only. State
lives in the database (the reminders table), not in the scheduler, so a restart loses
nothing and a reminder already sent is never sent again.

On PostgreSQL the work can be split over several scheduler processes: each takes the
patients with ``patient_id % REMINDERS_PARTITIONS == REMINDERS_PARTITION`` (default
1 and 0: one process, every patient). One process per partition: it holds a lock (a
PostgreSQL advisory lock on (LOCK_ID, partition), or a lock file next to a SQLite
database) and a second one for the same partition exits with a clear message. The
work that is not per patient (paging escalation, idle takeovers) runs in partition 0
only. Each process has its own APScheduler with its in-memory job store: no job
store is shared (APScheduler 3 has no coordination between schedulers sharing one,
so every process would run every job); the split is in the SQL each tick runs.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import sys
from pathlib import Path

import httpx
import yaml
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import select, text

from bot import effects, paging, takeover
from bot.adherence import Policy
from bot.db import database_url, make_engine, migrate, session_scope, unreachable, until_done
from bot.gdpr import retention
from bot.models import ChannelIdentity, OutboundMessage, Reminder, utcnow
from bot.rasa_client import RasaClient
from reminders import refills as refill_reminders
from reminders.dispatch import DISPATCH_BATCH, dispatch_due
from reminders.planner import PLAN_BATCH, plan_changed
from reminders.sql import ALL, Partition

log = logging.getLogger("reminders")
LOCK_ID = 7_204_211  # PostgreSQL advisory lock key of the scheduler
PURGE_BATCHES = 10  # message_effects purge: at most this many batches a tick
NOTE_FOR = dt.timedelta(hours=6)  # after that, adding a reminder to the chat is moot
DOMAIN = Path(__file__).resolve().parents[1] / "domain" / "domain.yml"


def _session_expiry() -> dt.timedelta:
    """Rasa's session_expiration_time, read from the domain Rasa was trained with: a
    patient silent this long gets the reminder in a new session."""
    config = yaml.safe_load(DOMAIN.read_text(encoding="utf-8")).get("session_config") or {}
    return dt.timedelta(minutes=float(config.get("session_expiration_time", 60)))


SESSION_EXPIRY = _session_expiry()


def _single_instance(partition: Partition = ALL):
    """One process per partition: a second one for the same partition exits."""
    url = database_url()
    if url.startswith("sqlite"):
        suffix = "" if partition.count == 1 else f".{partition.index}-of-{partition.count}"
        lock_path = Path(url.split("///", 1)[1] + f".reminders{suffix}.lock")
        handle = lock_path.open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit(f"another reminders scheduler is running ({lock_path} is locked)")
        return handle
    connection = make_engine(url).connect()
    if not connection.execute(text("SELECT pg_try_advisory_lock(:k, :p)"),
                              {"k": LOCK_ID, "p": partition.index}).scalar():
        connection.close()
        sys.exit(f"another reminders scheduler is running (advisory lock of partition "
                 f"{partition} held)")
    connection.commit()  # the lock is the session's; no transaction left open
    return connection


def tick(rasa: RasaClient, policy: Policy, partition: Partition = ALL) -> int:
    """Re-plan the patients whose plan changed (then, batch by batch, the stalest), send
    what is due, add what was sent to the conversations: all of this partition's
    patients. Short transactions, so the conversation and the console are never kept
    waiting on the database."""
    now = utcnow()
    while True:
        with session_scope() as s:
            if not plan_changed(s, now, limit=PLAN_BATCH, partition=partition):
                break
    with session_scope() as s:  # stocks that now run short (reminders/refills.py)
        refill_reminders.queue_due(s, now, partition)
    sent, more = 0, True
    while more:  # every due row leaves "planned" when handled, so this ends
        with session_scope() as s:
            sent += len(dispatch_due(s, now, policy, limit=DISPATCH_BATCH,
                                     partition=partition))
            more = _more_due(s, now, partition)
    if partition.index == 0:  # not per patient: once, whatever the number of partitions
        escalate_pages(now)
        expire_takeovers(rasa)
        purge_effects(now)
    note_in_conversations(rasa, now, partition)
    if sent:
        log.info("%d reminder(s) queued", sent)
    return sent


def guarded_tick(rasa: RasaClient, policy: Policy, partition: Partition = ALL) -> int:
    """``tick``, but a database that does not answer skips the tick with one line in the
    log (the next tick catches up: state is in the database) instead of a traceback
    every REMINDERS_TICK_SECONDS for as long as the outage lasts."""
    try:
        return tick(rasa, policy, partition)
    except Exception as error:
        if not unreachable(error):
            raise  # a bug: APScheduler logs it with its traceback
        log.warning("care-plan database unreachable (%s): tick skipped, tried again at the "
                    "next one", f"{type(error).__name__}: {error}"[:300])
        return 0


def purge_effects(now: dt.datetime, batches: int = PURGE_BATCHES) -> int:
    """The exactly-once ledger's rows older than EFFECTS_KEEP_DAYS (bot/effects.py says
    why that is safe), a batch per transaction, at most ``batches`` batches a tick: a
    backlog (the first run on an old database) is worked off over a few ticks without
    holding up the reminders. Returns how many rows went."""
    before, purged = now - effects.keep_for(), 0
    for _ in range(batches):
        with session_scope() as s:
            done = effects.purge(s, before, effects.PURGE_BATCH)
        purged += done
        if done < effects.PURGE_BATCH:
            break
    if purged:
        log.info("%d message effect row(s) older than %s purged", purged, before.date())
    return purged


def escalate_pages(now) -> int:
    """On-call pages nobody answered in time go to the next person on the rota, failed
    ones to the coordinator (bot/paging.py): every tick, in its own transaction."""
    with session_scope() as s:
        paged = paging.escalate_due(s, now)
        if paged:
            log.warning("%d page(s) escalated", len(paged))
        return len(paged)


def _more_due(session, now, partition: Partition = ALL) -> bool:
    query = select(Reminder.id).where(Reminder.status == "planned", Reminder.due_at <= now)
    mine = partition.where(Reminder.patient_id)
    if mine is not None:
        query = query.where(mine)
    return session.scalar(query.limit(1)) is not None


def expire_takeovers(rasa: RasaClient) -> int:
    """Idle nurse takeovers give the conversation back to the bot and their flags back
    to the queue, and every pause or resume a takeover change still owes Rasa (it was
    down) is sent again: the same function the console's changes go through
    (bot/takeover.py: the database first, then Rasa, outside the transaction)."""
    ended = takeover.expire_and_resume(rasa.append_events)
    if ended:
        log.info("%d idle takeover(s) ended", len(ended))
    return len(ended)


def note_in_conversations(rasa: RasaClient, now,
                          partition: Partition = ALL) -> None:
    """Add sent reminders to the patient's conversations (the bot's message and the
    dose it asks about), so "pris" is tied to that dose and the transcript is whole.
    Retried on the next tick until Rasa accepts it."""
    query = select(Reminder).where(Reminder.status == "sent", Reminder.noted_at.is_(None),
                                   Reminder.sent_at > now - NOTE_FOR)
    mine = partition.where(Reminder.patient_id)
    if mine is not None:
        query = query.where(mine)
    with session_scope() as s:
        pending = s.scalars(query).all()
        work = []
        for reminder in pending:
            # A sent reminder names its message (kept for months, far beyond NOTE_FOR).
            message = s.get_one(OutboundMessage, reminder.outbound_id)
            events: list[dict] = [{"event": "bot", "text": message.text,
                                   "metadata": {"reminder": reminder.key}}]
            if reminder.dose_id is not None:
                events.insert(0, {"event": "slot", "name": "pending_dose",
                                  "value": str(reminder.dose_id)})
            identities = s.execute(select(
                ChannelIdentity.conversation_id, ChannelIdentity.last_inbound_at).where(
                ChannelIdentity.patient_id == reminder.patient_id)).all()
            # Rasa ends a session only when the *patient* writes after an hour of
            # silence; a patient who never writes would pile every reminder into one
            # session, which Rasa reloads whole on every event. So a reminder to a
            # silent conversation opens a new session (slots carried over, a nurse's
            # pause kept: action_session_start).
            conversations = [(conversation, last is None or last < now - SESSION_EXPIRY)
                             for conversation, last in identities]
            work.append((reminder.id, conversations, events))
    for reminder_id, conversations, events in work:
        try:
            for conversation, new_session in conversations:
                if new_session:
                    rasa.execute(conversation, "action_session_start")
                rasa.append_events(conversation, events)
        except httpx.HTTPError as error:
            log.warning("reminder %s not yet added to the conversation: %s", reminder_id, error)
            continue
        with session_scope() as s:
            s.get_one(Reminder, reminder_id).noted_at = utcnow()


def apply_retention(now: dt.datetime | None = None) -> dict[str, int | None]:
    """The retention job (bot/gdpr/retention.py: RETENTION_MONTHS and the rest of the
    policy from the environment, the tracker store as Rasa is configured). A failure
    is logged and tried again at the next run; it never stops the reminders."""
    try:
        return retention.run(now=now, actor="reminders:retention")
    except Exception:
        log.exception("retention failed; tried again at the next run")
        return {}


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    partition = Partition.from_env()
    # A database down at start-up is waited for, each try logged, rather than exiting
    # (under scripts/supervise that would be a crash loop); a second scheduler for the
    # same partition still exits at once.
    # held for the life of the process:
    lock = until_done(lambda: _single_instance(partition), "the scheduler's lock")  # noqa: F841
    until_done(migrate, "the schema migration")
    seconds = float(os.environ.get("REMINDERS_TICK_SECONDS", "10"))
    rasa = RasaClient()
    policy = Policy.from_env()
    # UTC and an explicit misfire grace: the defaults (host zone, 1 s) would silently
    # drop a tick after a pause. Missed ticks are coalesced: the next one catches up.
    scheduler = BlockingScheduler(timezone="UTC", job_defaults={
        "misfire_grace_time": 3600, "coalesce": True, "max_instances": 1})
    scheduler.add_job(guarded_tick, "interval", seconds=seconds, args=[rasa, policy, partition],
                      id="tick", next_run_time=utcnow())
    if partition.index == 0:  # not per patient: one process does it
        scheduler.add_job(apply_retention, "interval", id="retention",
                          seconds=float(os.environ.get("RETENTION_INTERVAL_SECONDS", "3600")),
                          next_run_time=utcnow() + dt.timedelta(minutes=1))
    log.info("reminders scheduler started (tick every %d s, partition %s)", seconds, partition)
    scheduler.start()


if __name__ == "__main__":
    main()
