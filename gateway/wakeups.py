"""Wake-ups across processes (PostgreSQL), and polls that back off while nothing happens.

The inbox and delivery workers wake at once for what their own process stores or
queues, and poll for the rest: rows another process queued (the reminders scheduler,
the console, the action server, another gateway's test chat), retries whose time has
come. Each poll is a transaction on the database, every half second in every gateway
process whatever the load (issue 16: 4 a second per idle gateway).

On PostgreSQL an INSERT into either queue sends a NOTIFY (migration 0021, payload the
inserting connection's ``application_name``); ``Notifications`` LISTENs on a
connection of its own, in a thread, and wakes the worker concerned when a process
other than a gateway queued a row. The gateways' own notifications are ignored: the
gateway that stored a message or queued a reply has woken its own workers already, and
waking every other gateway for it would cost each of them a round per message.
While it listens, a worker whose round found nothing waits longer each time (``Poll``:
0.5 s, 1 s, 2 s ... up to IDLE_POLL_MAX), back to 0.5 s as soon as a round has work.
What the polls still find late, by at most IDLE_POLL_MAX: a retry whose time has come
(5 s after a failure at the least), and anything a lost notification would have
announced. Nothing depends on a notification for being handled, only for being
handled at once. When the listening connection is lost the polls go back to every
0.5 s until it is back (and a round follows each reconnection, for what was missed).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading

from sqlalchemy.engine import make_url

log = logging.getLogger("gateway.wakeups")
POLL = 0.5  # seconds: the poll while there is work, or without notifications
IDLE_POLL_MAX = 5.0  # seconds: the longest wait of an idle poll while notifications come
CHANNELS = ("care_inbound", "care_outbound")
# The application_name of the gateways' database connections (bot/db.py reads it from
# CARE_DATABASE_APPLICATION, which the gateway sets at start): their notifications
# are not for the other gateways.
GATEWAY_APPLICATION = "care-gateway"
RECONNECT_MAX = 10.0  # seconds between two tries to listen again


class Poll:
    """How long a worker waits for a wake-up before its next round."""

    def __init__(self, listening: threading.Event | None = None):
        self.listening = listening  # set while notifications come (None: never)
        self.wait = POLL

    def after(self, busy: bool) -> float:
        """The wait after a round: POLL after work or without notifications, else
        twice the last one, up to IDLE_POLL_MAX."""
        if busy or self.listening is None or not self.listening.is_set():
            self.wait = POLL
        else:
            self.wait = min(IDLE_POLL_MAX, self.wait * 2)
        return self.wait


class Notifications:
    """LISTEN on the queues' channels in a thread; each notification from a process
    other than a gateway sets its channel's asyncio event (in the loop's thread)."""

    def __init__(self, database_url: str, events: dict[str, asyncio.Event]):
        url = make_url(database_url)
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.events = events
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def for_url(cls, database_url: str, events: dict[str, asyncio.Event]
                ) -> Notifications | None:
        return cls(database_url, events) if database_url.startswith("postgresql") else None

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._run, name="queue-notifications",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _wake(self, channel: str) -> None:
        event = self.events.get(channel)
        if event is not None and self._loop is not None:
            try:
                self._loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # the loop is closed: stopping
                pass

    def _run(self) -> None:
        import psycopg

        wait, failures = 1.0, 0
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5,
                                     application_name=f"{GATEWAY_APPLICATION}-listen") as conn:
                    for channel in CHANNELS:
                        conn.execute(f"LISTEN {channel}")
                    self.listening.set()
                    if failures:
                        log.info("queue notifications received again")
                    wait, failures = 1.0, 0
                    for channel in CHANNELS:  # what came meanwhile was not announced
                        self._wake(channel)
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            if notify.payload != GATEWAY_APPLICATION:
                                self._wake(notify.channel)
            except Exception as error:  # the database is down, most often
                self.listening.clear()
                failures += 1
                if failures & (failures - 1) == 0:  # 1, 2, 4, 8 ...
                    log.warning("queue notifications lost (%s): polling every %.1f s until "
                                "they are back", type(error).__name__, POLL)
                self._stop.wait(wait)
                wait = min(RECONNECT_MAX, wait * 2)
        self.listening.clear()


def mark_gateway_connections() -> None:
    """The gateway's database connections carry GATEWAY_APPLICATION (bot/db.py), so
    the other gateways ignore the notifications of the rows it queues."""
    os.environ.setdefault("CARE_DATABASE_APPLICATION", GATEWAY_APPLICATION)
