"""What the gateway knows about the processes and providers it depends on (GET /health).

    database       the care-plan database: checked live on every /health request (the
                   gateway's own store: 503 when it does not answer)
    rasa           the Rasa server (RASA_URL, its token): GET /status
    action_server  the action server as Rasa is told to call it (endpoints.yml's
                   action_endpoint, ${VAR}s from the environment): GET /health
    telegram       when TELEGRAM_BOT_TOKEN is set: getMe
    twilio         when TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN are set: the account

Everything but the database is the *last known* state, with the time of the last
success and failure, never a live call per /health request (a monitoring poll must not
cost a provider call, nor hang on a dead one). It is kept by a background probe of each
dependency (at start, then every GATEWAY_HEALTH_PROBE_SECONDS while it answers; while
it does not, again after 1 s, 2 s, 4 s ... up to GATEWAY_HEALTH_BACKOFF_MAX_SECONDS,
each failure logged with its next try; while it answers "not ok", as the action server
does when its database is down, every second: see ``AnsweredNotOkError``) and by what
the workers see: every send to Telegram or Twilio, every forward to Rasa. A dependency
that is down never stops the gateway: webhooks are still stored, and messages wait and
are retried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml
from sqlalchemy import text

from bot.db import read_scope, unreachable
from bot.models import utcnow
from bot.rasa_client import RasaClient, redact

log = logging.getLogger("gateway.health")
ROOT = Path(__file__).resolve().parents[1]
PROBE_TIMEOUT = 5.0
# A dependency that answers "not ok" is asked again this often, not backed off.
ANSWERED_RETRY_SECONDS = 1.0


class AnsweredNotOkError(RuntimeError):
    """The dependency answered, and not ok: the action server's /health says 503 while
    *its* database is down. It is up, so asking again is one cheap loopback request,
    and it says ok the moment its own dependency is back: probed every
    ANSWERED_RETRY_SECONDS, not backed off. Backing off (1 s, 2 s, 4 s ... for a
    dependency that does not answer, a refused connection or a time-out) kept the
    gateway's /health "degraded" up to the backoff after the action server was ok
    again: after a PostgreSQL crash, 2.8 s after the first answer (bench/faults.py)."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def describe(error: BaseException) -> str:
    """A short error text for the log and /health: no token, no long traceback."""
    message = str(error) or type(error).__name__
    return redact(f"{type(error).__name__}: {message}")[:300]


@dataclass
class Dependency:
    """The last known state of one dependency. ``ok`` is None until first seen."""

    name: str
    configured: bool = True
    ok: bool | None = None
    last_success: dt.datetime | None = None
    last_failure: dt.datetime | None = None
    error: str | None = None

    def success(self) -> None:
        if self.ok is False:
            log.info("%s reachable again", self.name)
        self.ok, self.last_success = True, utcnow()

    def failure(self, error: str) -> None:
        if self.ok is not False:
            log.warning("%s unreachable (%s): the gateway goes on serving; what needs it "
                        "waits and is retried", self.name, error)
        self.ok, self.last_failure, self.error = False, utcnow(), error

    def report(self) -> dict[str, Any]:
        if not self.configured:
            return {"status": "not_configured"}
        status = {True: "ok", False: "down", None: "unknown"}[self.ok]
        report: dict[str, Any] = {"status": status, "last_success": _iso(self.last_success),
                                  "last_failure": _iso(self.last_failure)}
        if self.ok is False:
            report["error"] = self.error
        return report


_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def action_server_url(endpoints: Path | None = None) -> str:
    """The action server's URL as the Rasa server is configured to call it: the
    ``action_endpoint.url`` of endpoints.yml (RASA_ENDPOINTS, default the project's),
    with its ${VAR}s taken from the environment as Rasa does; empty when not set."""
    path = endpoints or Path(os.environ.get("RASA_ENDPOINTS", ROOT / "endpoints.yml"))
    try:
        config = yaml.safe_load(path.read_text()) or {}
        url = str((config.get("action_endpoint") or {}).get("url") or "")
    except (OSError, yaml.YAMLError, AttributeError):
        url = os.environ.get("ACTION_SERVER_URL", "")
    return _VARIABLE.sub(lambda m: os.environ.get(m.group(1), ""), url).strip()


def action_health_url(url: str) -> str:
    """rasa-sdk serves /webhook and /health side by side."""
    base = url.rstrip("/")
    return (base.removesuffix("/webhook") if base.endswith("/webhook") else base) + "/health"


Probe = Callable[[], Awaitable[None]]


@dataclass
class Health:
    """The dependencies, their probes, and the /health report."""

    database_url: str | None = None
    probe_seconds: float = 30.0
    backoff_max_seconds: float = 60.0
    dependencies: dict[str, Dependency] = field(default_factory=dict)
    probes: dict[str, Probe] = field(default_factory=dict)
    # Set once the schema is current (bot/db.py, migrate_in_background); None: it was
    # when the process started. Until then the database counts as down.
    schema_ready: threading.Event | None = None

    def add(self, name: str, probe: Probe | None, configured: bool = True) -> Dependency:
        self.dependencies[name] = Dependency(name, configured)
        if probe is not None and configured:
            self.probes[name] = probe
        return self.dependencies[name]

    def observe(self, name: str, error: BaseException | str | None = None) -> None:
        """A worker's outcome with a dependency: None for an answer, else the error."""
        dependency = self.dependencies.get(name)
        if dependency is None or not dependency.configured:
            return
        if error is None:
            dependency.success()
        else:
            dependency.failure(error if isinstance(error, str) else describe(error))

    async def run_forever(self, stop: asyncio.Event) -> None:
        await asyncio.gather(*(self._watch(name, probe, stop)
                               for name, probe in self.probes.items()))

    async def _watch(self, name: str, probe: Probe, stop: asyncio.Event) -> None:
        failures = 0
        while not stop.is_set():
            try:
                await asyncio.wait_for(probe(), timeout=PROBE_TIMEOUT * 2)
            except Exception as error:  # any failure is the dependency's state, not ours
                failures += 1
                self.observe(name, error)
                answered = isinstance(error, AnsweredNotOkError)
                wait = min(self.backoff_max_seconds,
                           ANSWERED_RETRY_SECONDS if answered else 2.0 ** (failures - 1))
                if not answered or failures & (failures - 1) == 0:  # 1, 2, 4, 8 ...
                    log.warning("%s: probe failed (%s), next try in %.0f s", name,
                                self.dependencies[name].error, wait)
            else:
                failures = 0
                self.observe(name)
                wait = self.probe_seconds
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
            except asyncio.TimeoutError:  # not the builtin on Python 3.10
                pass

    def _database(self) -> None:
        with read_scope(self.database_url) as s:
            s.execute(text("SELECT 1"))

    async def database(self) -> dict[str, Any]:
        if self.schema_ready is not None and not self.schema_ready.is_set():
            return {"status": "down", "checked_at": _iso(utcnow()),
                    "error": "not reached since start-up: schema migration retried in the "
                             "background"}
        try:
            await asyncio.wait_for(asyncio.to_thread(self._database), timeout=PROBE_TIMEOUT)
        except Exception as error:  # unreachable, locked for too long, timed out
            return {"status": "down", "error": describe(error), "checked_at": _iso(utcnow())}
        return {"status": "ok", "checked_at": _iso(utcnow())}

    async def report(self, process: str) -> tuple[int, dict[str, Any]]:
        """(HTTP status, body): 503 only when the database does not answer (nothing can
        be stored); otherwise 200, "degraded" while a configured dependency is not ok."""
        database = await self.database()
        dependencies = {"database": database,
                        **{name: d.report() for name, d in self.dependencies.items()}}
        healthy = all(d["status"] in ("ok", "not_configured") for d in dependencies.values())
        return (503 if database["status"] != "ok" else 200,
                {"status": "ok" if healthy else "degraded", "process": process,
                 "dependencies": dependencies})


class Outage:
    """A worker loop whose rounds fail (the database does not answer, most often): the
    next round after 0.5 s, then every ``max_seconds`` (short: the database is often
    back within seconds, and a round against a server that is down costs a refused
    connection), and the log says so on the 1st, 2nd, 4th, 8th ... failure and when it
    works again, instead of a traceback every half second for as long as it lasts."""

    def __init__(self, what: str, logger: logging.Logger, max_seconds: float = 1.0):
        self.what, self.log, self.max_seconds = what, logger, max_seconds
        self.failures = 0

    def failed(self, error: BaseException) -> float:
        """Logs the failure (sparsely); returns the wait before the next round."""
        self.failures += 1
        wait = min(self.max_seconds, 0.5 * 2.0 ** (self.failures - 1))
        if self.failures == 1 and not unreachable(error):  # a bug: its traceback, once
            self.log.exception("%s failed, next try in %.1f s", self.what, wait)
        elif self.failures & (self.failures - 1) == 0:  # 1, 2, 4, 8 ...
            self.log.warning("%s failed %d time(s) (%s), next try in %.1f s", self.what,
                             self.failures, describe(error), wait)
        return wait

    def succeeded(self) -> None:
        if self.failures:
            self.log.info("%s working again after %d failed round(s)", self.what,
                          self.failures)
        self.failures = 0


async def settle(write: Callable[..., Any], *args: Any, what: str,
                 logger: logging.Logger, give_up_after: float = 60.0) -> Any:
    """``write(*args)`` in a thread; while the database does not answer, tried again
    (0.2 s, 0.4 s ... 2 s apart, up to ``give_up_after`` seconds). For outcomes known
    only in memory: a message Telegram accepted, or the answers Rasa gave. Lost, the
    row would stay as it was and the work be done again once the database is back (the
    message sent twice, the patient's message sent to Rasa twice)."""
    wait, deadline = 0.2, time.monotonic() + give_up_after
    while True:
        try:
            return await asyncio.to_thread(write, *args)
        except Exception as error:
            if not unreachable(error) or time.monotonic() > deadline:
                raise
            logger.warning("%s not recorded yet, database unreachable (%s): again in "
                           "%.1f s", what, describe(error), wait)
        await asyncio.sleep(wait)
        wait = min(2.0, wait * 2)


# --- probes -------------------------------------------------------------------------------


def rasa_probe(rasa: RasaClient, timeout: float = PROBE_TIMEOUT) -> Probe:
    client = RasaClient(url=rasa.url, token=rasa.token, timeout=timeout)

    async def probe() -> None:
        await asyncio.to_thread(client.status)
    return probe


def http_probe(url: str, timeout: float = PROBE_TIMEOUT) -> Probe:
    async def probe() -> None:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url)
        if response.status_code != 200:
            raise AnsweredNotOkError(f"HTTP {response.status_code} from its /health")
    return probe
