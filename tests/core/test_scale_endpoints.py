"""endpoints.scale.yml, read by Rasa itself (docs/deploy.md): two Rasa processes' views
of it share the trackers on PostgreSQL, and Rasa's RedisLockStore makes a second one
wait for a conversation the first is handling. Skipped without PostgreSQL or Redis;
REQUIRE_POSTGRES=1 / REQUIRE_REDIS=1 (as on CI) make them fail instead."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.core.core_support import unavailable

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def scale_endpoints(tracker_url: str, monkeypatch: pytest.MonkeyPatch):
    import redis
    from rasa.core.utils import AvailableEndpoints

    parts = urlsplit(REDIS_URL)
    try:
        redis.Redis(host=parts.hostname, port=parts.port or 6379, socket_timeout=3).ping()
    except Exception as error:
        unavailable(f"Redis at {REDIS_URL}", "REQUIRE_REDIS", error)
    for name, value in {"RASA_TRACKER_URL": tracker_url,
                        "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
                        "ACTION_SERVER_TOKEN": "t",
                        "RASA_LOCK_REDIS_HOST": parts.hostname or "127.0.0.1",
                        "RASA_LOCK_REDIS_PORT": str(parts.port or 6379),
                        "RASA_LOCK_REDIS_DB": "1"}.items():
        monkeypatch.setenv(name, value)
    return AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.scale.yml"))


def test_two_rasa_processes_share_trackers_on_postgresql(scale_endpoints) -> None:
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    first = TrackerStore.create(scale_endpoints.tracker_store, Domain.empty())
    second = TrackerStore.create(scale_endpoints.tracker_store, Domain.empty())
    assert isinstance(first, SQLTrackerStore)
    assert first.engine.url.get_backend_name() == "postgresql"
    sender = f"c-{uuid.uuid4().hex[:8]}"

    async def roundtrip() -> list[str]:
        await first.save(DialogueStateTracker.from_events(sender, [UserUttered("bonjour")]))
        tracker = await second.retrieve(sender)
        return [e.text for e in tracker.events if isinstance(e, UserUttered)]

    assert asyncio.run(roundtrip()) == ["bonjour"]
    first.engine.dispose()
    second.engine.dispose()


def test_a_second_rasa_process_waits_for_a_conversation_the_first_is_handling(
    scale_endpoints,
) -> None:
    from rasa.core.lock_store import LockStore, RedisLockStore

    first = LockStore.create(scale_endpoints.lock_store)
    second = LockStore.create(scale_endpoints.lock_store)  # another process's
    assert isinstance(first, RedisLockStore)
    conversation, order = f"c-{uuid.uuid4().hex[:8]}", []

    async def handle(store: LockStore, name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        async with store.lock(conversation, lock_lifetime=10, wait_time_in_seconds=0.02):
            order.append(f"{name} in")
            await asyncio.sleep(0.3)
            order.append(f"{name} out")

    async def both() -> None:
        await asyncio.gather(handle(first, "a", 0), handle(second, "b", 0.05))

    asyncio.run(both())
    assert order == ["a in", "a out", "b in", "b out"]
