"""Worker processes for the scale-out tests (tests/e2e/test_scale_out.py): each runs in a
process of its own, as a second gateway would, and reports what it did as JSON.

    python -m tests.support.scale_workers limiter CONFIG.json OUT.json
    python -m tests.support.scale_workers delivery CONFIG.json OUT.json
    python -m tests.support.scale_workers inbox CONFIG.json OUT.json

CONFIG holds the settings (below); the gateway's own settings come from the
environment, as in production. ``delivery`` and ``inbox`` write READY next to OUT once
started and stop when a file STOP appears there.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any


async def _limiter(config: dict[str, Any]) -> dict[str, Any]:
    """Books ``count`` sends at once (as a delivery round does) from ``start_at`` on, each
    to its address, and records when each one went."""
    from gateway.ratelimit import RateLimits

    limits = RateLimits({"telegram": (config["rate"], config["chat_interval"])},
                        config["redis_url"], scopes={"telegram": config["scope"]})
    late = time.time() > config["start_at"]
    await asyncio.sleep(max(0.0, config["start_at"] - time.time()))
    sent: list[tuple[float, str]] = []

    async def send(address: str) -> None:
        await asyncio.sleep(await limits.reserve("telegram", address))
        sent.append((time.time(), address))

    await asyncio.gather(*(send(a) for a in config["addresses"]))
    shared = limits.shared
    await limits.close()
    return {"sent": sent, "late": late, "shared": shared}


def _wait_for_stop(out: Path) -> asyncio.Event:
    stop = asyncio.Event()

    async def watch() -> None:
        while not (out.parent / "STOP").exists():
            await asyncio.sleep(0.05)
        stop.set()

    asyncio.get_running_loop().create_task(watch())
    return stop


async def _delivery(config: dict[str, Any], out: Path) -> dict[str, Any]:
    from gateway.config import Settings
    from gateway.delivery import Delivery

    delivery = Delivery(Settings(), config["database_url"], batch=config.get("batch", 50))
    mine: list[int] = []
    record = delivery._sent

    def sent(row_id: int, *args: Any) -> None:
        record(row_id, *args)
        mine.append(row_id)

    delivery._sent = sent
    await delivery.start()
    stop = _wait_for_stop(out)
    (out.parent / f"READY-{out.stem}").touch()
    await delivery.run_forever(stop)
    await delivery.stop()
    return {"sent": mine}


async def _inbox(config: dict[str, Any], out: Path) -> dict[str, Any]:
    from bot.rasa_client import RasaClient
    from gateway.config import Settings
    from gateway.inbox import Inbox

    inbox = Inbox(Settings(), RasaClient(url=config["rasa_url"], token=""),
                  config["database_url"])
    mine: list[int] = []
    finish = inbox._finish

    def finished(forward: Any, messages: Any) -> None:
        finish(forward, messages)
        mine.append(forward.row_id)

    inbox._finish = finished
    stop = _wait_for_stop(out)
    (out.parent / f"READY-{out.stem}").touch()
    await inbox.run_forever(stop)
    return {"forwarded": mine}


def main() -> None:
    role, config_path, out_path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    config = json.loads(config_path.read_text())
    if role == "limiter":
        result = asyncio.run(_limiter(config))
    elif role == "delivery":
        result = asyncio.run(_delivery(config, out_path))
    elif role == "inbox":
        result = asyncio.run(_inbox(config, out_path))
    else:
        sys.exit(f"unknown role {role}")
    out_path.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
