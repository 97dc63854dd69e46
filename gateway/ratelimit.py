"""The providers' rate limits: in this process, or shared by every gateway process.

Telegram allows about 30 messages a second per bot and one a second per chat; Twilio's
rate depends on the sender (TWILIO_RATE_PER_SECOND). Each send first books the next
allowed time for its transport and address and waits for it (``reserve``), so messages
sent side by side share the limits without a race.

Without GATEWAY_REDIS_URL the bookings are kept in memory (``RateLimiter``): right for
one gateway process. With it, the same booking is made in Redis by one Lua script
(atomic, on Redis's clock), so several gateway processes, on one machine or several,
stay within the limits together (``RateLimits``). If Redis does not answer, the process
falls back to its own in-memory booking and says so in the log, trying Redis again a
few seconds later: a message (a 112 answer above all) is never held back by Redis.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import defaultdict
from typing import Any

log = logging.getLogger("gateway.ratelimit")

# KEYS[1]: the transport's next free time, KEYS[2]: the address's (both in µs on
# Redis's clock). ARGV[1]: µs between two messages of the transport, ARGV[2]: µs
# between two messages to one address (0: no per-address limit). Returns the µs to
# wait before sending. Each key expires once its time has passed: nothing piles up.
RESERVE_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local per_address = tonumber(ARGV[2])
local at = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
if per_address > 0 then
  at = math.max(at, tonumber(redis.call('GET', KEYS[2]) or '0'))
end
if interval > 0 then
  redis.call('SET', KEYS[1], string.format('%d', at + interval), 'PX',
             math.floor((at + interval - now) / 1000) + 1000)
end
if per_address > 0 then
  redis.call('SET', KEYS[2], string.format('%d', at + per_address), 'PX',
             math.floor((at + per_address - now) / 1000) + 1000)
end
return at - now
"""
REDIS_TIMEOUT = 0.5  # seconds: longer than this, a send goes on with the local booking
REDIS_RETRY = 5.0  # seconds before Redis is tried again after a failure


class RateLimiter:
    """Token bucket for a transport, plus a minimum spacing per address (in memory)."""

    def __init__(self, per_second: float, per_address_interval: float = 0.0):
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.per_address_interval = per_address_interval
        self._next = 0.0
        self._next_for: dict[str, float] = defaultdict(float)

    def reserve(self, address: str) -> float:
        """Books the next allowed send time for this address and returns how long to
        wait for it: messages sent side by side share the limits without a race."""
        now = time.monotonic()
        at = max(now, self._next, self._next_for[address])
        self._next = at + self.interval
        self._next_for[address] = at + self.per_address_interval
        if len(self._next_for) > 10_000:  # forget the addresses whose spacing has passed
            for key in [k for k, v in self._next_for.items() if v <= now]:
                del self._next_for[key]
        return at - now


class RateLimits:
    """The limits of the gateway's transports: each one a (name, per second, seconds
    per address) with a shared scope (``scopes``: e.g. the bot, so two bots in one
    Redis do not share a limit). In Redis when ``redis_url`` is given, else in memory."""

    def __init__(self, limits: dict[str, tuple[float, float]], redis_url: str = "",
                 scopes: dict[str, str] | None = None, prefix: str = "care:rate"):
        self.local = {name: RateLimiter(rate, spacing) for name, (rate, spacing)
                      in limits.items()}
        self.redis_url = redis_url
        self.prefix = prefix
        self.scopes = scopes or {}
        self._client: Any = None
        self._script: Any = None
        self._retry_at = 0.0  # monotonic time before which Redis is not tried again
        self._down = False

    @property
    def shared(self) -> bool:
        """True while the limits are booked in Redis (configured and answering)."""
        return bool(self.redis_url) and not self._down

    def _keys(self, name: str, address: str) -> list[str]:
        # One hash tag per transport: both keys are in one slot on a Redis Cluster too.
        tag = f"{{{name}:{self.scopes.get(name, '')}}}"
        return [f"{self.prefix}:{tag}", f"{self.prefix}:{tag}:to:{address}"]

    def _redis(self) -> Any:
        if self._client is None:
            import redis.asyncio as aioredis

            self._client = aioredis.Redis.from_url(
                self.redis_url, socket_timeout=REDIS_TIMEOUT,
                socket_connect_timeout=REDIS_TIMEOUT, health_check_interval=30)
            self._script = self._client.register_script(RESERVE_SCRIPT)
        return self._client

    async def reserve(self, name: str, address: str) -> float:
        """Seconds to wait before sending to ``address`` through ``name``."""
        local = self.local[name]
        if local.interval <= 0 and local.per_address_interval <= 0:
            return 0.0  # no limit (the outbox)
        if self.redis_url and time.monotonic() >= self._retry_at:
            try:
                self._redis()
                micros = await asyncio.wait_for(
                    self._script(keys=self._keys(name, address),
                                 args=[round(local.interval * 1e6),
                                       round(local.per_address_interval * 1e6)]),
                    timeout=REDIS_TIMEOUT * 2)
            except Exception as error:  # unreachable, timed out, refused: send anyway
                self._retry_at = time.monotonic() + REDIS_RETRY
                if not self._down:
                    log.warning("Redis unreachable for the shared rate limits (%s: %s): "
                                "this process books them alone until it answers",
                                type(error).__name__, error)
                self._down = True
                await self._drop_client()
            else:
                if self._down:
                    log.warning("Redis answers again: rate limits shared again")
                    self._down = False
                return max(0.0, int(micros) / 1e6)
        return local.reserve(address)

    async def _drop_client(self) -> None:
        """A client that failed is not reused: its connections may belong to a loop
        or a server that is gone."""
        client, self._client, self._script = self._client, None, None
        if client is not None:
            try:
                await client.aclose()
            except Exception:  # noqa: S110 - it was broken already
                pass

    async def close(self) -> None:
        await self._drop_client()


def scope_of(secret_bearing_id: str) -> str:
    """A short, stable, non-secret name for an account (a bot token, a Twilio account
    sid plus its sender), for the Redis keys."""
    return hashlib.sha256(secret_bearing_id.encode()).hexdigest()[:12]
