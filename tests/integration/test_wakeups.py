"""Wake-ups across processes on PostgreSQL (gateway/wakeups.py, migration 0021): a row
another process queues wakes the gateway's worker at once; the gateways' own rows do
not wake the other gateways; polls back off only while notifications come."""

from __future__ import annotations

import asyncio
import threading

from sqlalchemy import create_engine, text

from bot import outbound
from bot.outbound import Message, Recipient
from gateway.wakeups import GATEWAY_APPLICATION, IDLE_POLL_MAX, POLL, Notifications, Poll


def _queue(url: str, application: str, key: str) -> None:
    """A reply queued by a process whose connections carry ``application``."""
    from sqlalchemy.orm import Session

    engine = create_engine(url, connect_args={"application_name": application})
    try:
        with Session(engine) as s, s.begin():
            outbound.send(s, Recipient(channel="telegram", address="4242"),
                          Message("Rappel", key))
    finally:
        engine.dispose()


def _woken(url: str, application: str) -> tuple[bool, bool]:
    """(outbound worker woken, inbound worker woken) within 3 s of a row queued by a
    connection named ``application``."""
    async def run() -> tuple[bool, bool]:
        events = {"care_inbound": asyncio.Event(), "care_outbound": asyncio.Event()}
        notifications = Notifications(url, events)
        notifications.start()
        try:
            assert await asyncio.to_thread(notifications.listening.wait, 10)
            await asyncio.sleep(0.2)
            for event in events.values():  # set once on (re)connecting: what was missed
                event.clear()
            await asyncio.to_thread(_queue, url, application, f"k-{application}")
            try:
                await asyncio.wait_for(events["care_outbound"].wait(), timeout=3)
            except asyncio.TimeoutError:  # not the builtin on Python 3.10
                pass
            return events["care_outbound"].is_set(), events["care_inbound"].is_set()
        finally:
            await asyncio.to_thread(notifications.stop)

    return asyncio.run(run())


def test_a_row_another_process_queues_wakes_the_delivery_worker(pg_url: str) -> None:
    assert _woken(pg_url, "care-reminders") == (True, False)


def test_a_row_a_gateway_queues_does_not_wake_the_other_gateways(pg_url: str) -> None:
    """It woke its own workers; waking every other gateway would cost each a round."""
    assert _woken(pg_url, GATEWAY_APPLICATION) == (False, False)


def test_polls_back_off_only_while_notifications_come() -> None:
    listening = threading.Event()
    poll = Poll(listening)
    assert [poll.after(busy=False) for _ in range(2)] == [POLL, POLL]  # not listening
    listening.set()
    waits = [poll.after(busy=False) for _ in range(6)]
    assert waits[0] == 2 * POLL and waits[-1] == IDLE_POLL_MAX
    assert poll.after(busy=True) == POLL  # work: at once back to the short poll
    poll.after(busy=False)
    listening.clear()  # the listening connection is lost
    assert poll.after(busy=False) == POLL
    assert Poll().after(busy=False) == POLL  # SQLite: no notifications


def test_no_trigger_on_sqlite(tmp_path) -> None:
    from bot.db import migrate

    url = f"sqlite:///{tmp_path / 'care.db'}"
    migrate(url)
    engine = create_engine(url)
    with engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                              " AND name LIKE '%_notify'")).scalar() == 0
    engine.dispose()
