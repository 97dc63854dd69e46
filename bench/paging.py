"""On-call paging, timed: how long from a red-flag SMS webhook to the page at the fake
Twilio server, and from a missed acknowledgement to the next person's page.

    .venv/services/bin/python -m bench.paging [--flags 20]

The gateway runs as a real process (`python -m gateway`, Rasa stopped: paging needs
no conversation) on a temporary SQLite care database, with the fake Twilio server of
tests/support/fakes in this process noting when each SMS reached it (perf_counter, the clock
of the webhook POSTs). Twilio's send limit is off (TWILIO_RATE_PER_SECOND=0) so the
times are ours. A team's rota has Sophie on call all week, Marc as backup and Claire
as coordinator (tests/support/paging_team.py).

1. `--flags` patients, one at a time, each text "j'ai une douleur dans la poitrine"
   through the signed Twilio webhook: time from the POST to the page SMS at Sophie's
   number ("Urgent : …"). The gateway queues the page in the webhook's transaction
   and wakes its delivery worker at once.
2. Missed acknowledgement, with the controllable clock: for each of those pages in
   turn, bot.paging.escalate_due(now = the page's sent_at + the rota's timeout), as
   the scheduler's tick does, in this process: time from that call to Marc's SMS at
   the fake. The delivery worker is not woken by another process; it polls every
   0.5 s. In production the scheduler ticks every REMINDERS_TICK_SECONDS (10), so a
   missed acknowledgement reaches the next person within timeout + 10 s + this.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

import tests.support.gateway_process as gateway_support
from bench.safety import TimedTwilio, arrivals_of
from bot import paging, rota
from bot.db import migrate, session_scope
from bot.models import ChannelIdentity, Page, Patient
from tests.support.paging_team import PHONES, ROTA, seed_team
from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parents[1]

ALL_WEEK = ROTA.replace('start: "08:00"', 'start: "00:00"').replace(
    'end: "08:00"', 'end: "00:00"').replace('end: "20:00"', 'end: "12:00"').replace(
    'start: "20:00"', 'start: "12:00"').replace("member: Lucie Jour", "member: Sophie Lambert")


def nearest_rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def wait_arrival(twilio: TimedTwilio, phone: str, count: int, timeout: float = 30
                 ) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        arrived = arrivals_of(twilio, phone)
        if len(arrived) >= count:
            return arrived[count - 1][0]
        time.sleep(0.002)
    raise TimeoutError(f"no SMS #{count} to {phone}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--flags", type=int, default=20)
    args = parser.parse_args()
    gateway_support.FakeTwilio = TimedTwilio  # the same gateway, a fake that notes times
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'care.db'}"
        migrate(url)
        team = seed_team(url, ALL_WEEK, channel="sms", external_id="+32470600000")
        phones = [f"+324706{i:05d}" for i in range(1, args.flags + 1)]
        with session_scope(url) as s:
            patient = s.get(Patient, team.patient_id)
            for phone in phones:
                s.add(ChannelIdentity(patient_id=patient.id, channel="sms", external_id=phone,
                                      conversation_id=f"c-{phone}"))
        nobody = f"http://127.0.0.1:{free_port()}"
        with gateway_support.running_gateway(url, nobody, "t", workdir,
                                             TWILIO_RATE_PER_SECOND="0",
                                             GATEWAY_RASA_NOTICE_SECONDS="30") as gw:
            twilio: TimedTwilio = gw.twilio
            sophie, marc = PHONES["Sophie Lambert"], PHONES["Marc Backup"]
            # Warm-up: one flag, not counted.
            gw.sms("+32470600000", "j'ai une douleur dans la poitrine")
            wait_arrival(twilio, sophie, 1)
            to_page = []
            for i, phone in enumerate(phones, start=2):
                start = time.perf_counter()
                gw.sms(phone, "j'ai une douleur dans la poitrine")
                to_page.append(wait_arrival(twilio, sophie, i) - start)
            with session_scope(url) as s:
                pages = [p.sent_at for p in s.scalars(
                    select(Page).where(Page.step == 0).order_by(Page.id))]
                timeout = rota.rota_for(s, team.team_id).timeout
            to_next = []
            for i, sent_at in enumerate(pages, start=1):  # the warm-up's first, not timed
                start = time.perf_counter()
                with session_scope(url) as s:
                    assert paging.escalate_due(s, sent_at + timeout), "nothing escalated"
                arrived = wait_arrival(twilio, marc, i) - start
                if i > 1:
                    to_next.append(arrived)
            with session_scope(url) as s:
                backups = [p.sent_at for p in s.scalars(
                    select(Page).where(Page.step == 1).order_by(Page.id))]
            gap = backups[0] - pages[0]
    print(f"red-flag webhook -> page SMS at the fake Twilio, {len(to_page)} flags: "
          f"p50 {statistics.median(to_page) * 1000:.0f} ms, "
          f"p95 {nearest_rank(to_page, 0.95) * 1000:.0f} ms, "
          f"max {max(to_page) * 1000:.0f} ms")
    print(f"missed ack -> next page SMS at the fake Twilio (after escalate_due at the "
          f"timeout), {len(to_next)} pages: p50 {statistics.median(to_next) * 1000:.0f} ms, "
          f"p95 {nearest_rank(to_next, 0.95) * 1000:.0f} ms, "
          f"max {max(to_next) * 1000:.0f} ms")
    print(f"on the controllable clock, the backup's page is stamped {gap} after the first "
          f"(the rota's ack timeout); the scheduler adds at most REMINDERS_TICK_SECONDS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
