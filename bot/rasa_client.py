"""HTTP client for the Rasa server, used by every service (they never import rasa).

The HTTP API (/model/parse, /conversations/...) is authenticated with the token the
Rasa server was started with; the REST channel (/webhooks/rest/webhook) is not, which
is one reason the Rasa server only listens on loopback.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

_TOKEN = re.compile(r"(token=)[^&\s'\"]+")
T = TypeVar("T")


def redact(text: str) -> str:
    """The text with Rasa's API token masked (httpx puts the URL, query included, in
    its messages: they end up in logs and in inbound_messages.error)."""
    return _TOKEN.sub(r"\1***", text)


class RasaError(httpx.HTTPError):
    """An httpx error whose message carries no token. Still an ``httpx.HTTPError``, so
    every caller's handling stays as it is."""


def _redacted(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except httpx.HTTPError as error:
            # "from None": the original's traceback would show the URL again.
            raise RasaError(redact(f"{type(error).__name__}: {error}")) from None
    return call


def _default_token() -> str:
    """RASA_TOKEN, else the token scripts/env.sh generated for this installation."""
    if os.environ.get("RASA_TOKEN"):
        return os.environ["RASA_TOKEN"]
    var_dir = Path(os.environ.get("VAR_DIR", Path(__file__).resolve().parents[1] / "var"))
    token_file = var_dir / "rasa_token"
    return token_file.read_text().strip() if token_file.exists() else ""


@dataclass
class RasaClient:
    url: str = field(default_factory=lambda: os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    token: str = field(default_factory=_default_token)
    timeout: float = 30.0
    # One connection pool for the client's life (thread-safe): a new httpx client per
    # request costs its TLS context, tens of milliseconds of CPU even for plain HTTP.
    _http: httpx.Client | None = field(default=None, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False,
                                  compare=False)

    @property
    def http(self) -> httpx.Client:
        with self._lock:
            if self._http is None:
                self._http = httpx.Client(timeout=self.timeout)
            return self._http

    def _params(self) -> dict[str, str]:
        return {"token": self.token} if self.token else {}

    def reachable(self, timeout: float = 2.0) -> bool:
        """Whether the Rasa server answers at all (its root, no token needed), within
        ``timeout`` seconds: for health checks, which must not wait 30 s."""
        try:
            return self.http.get(f"{self.url}/", timeout=timeout).status_code < 500
        except httpx.HTTPError:
            return False

    @_redacted
    def status(self) -> dict[str, Any]:
        response = self.http.get(f"{self.url}/status", params=self._params())
        response.raise_for_status()
        return response.json()

    @_redacted
    def parse(self, text: str) -> dict[str, Any]:
        """NLU only: intent, entities, language, red flag. Nothing is stored."""
        response = self.http.post(
            f"{self.url}/model/parse", params=self._params(), json={"text": text}
        )
        response.raise_for_status()
        return response.json()

    @_redacted
    def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """One user message through the REST channel; returns the bot's messages."""
        payload: dict[str, Any] = {"sender": conversation_id, "message": text}
        if metadata:
            payload["metadata"] = metadata
        response = self.http.post(f"{self.url}/webhooks/rest/webhook", json=payload)
        response.raise_for_status()
        return response.json()

    @_redacted
    def tracker(self, conversation_id: str) -> dict[str, Any]:
        response = self.http.get(
            f"{self.url}/conversations/{conversation_id}/tracker", params=self._params()
        )
        response.raise_for_status()
        return response.json()

    @_redacted
    def execute(self, conversation_id: str, action: str) -> bool:
        """Run one action in an existing conversation, as if the dialogue had predicted
        it (e.g. `action_session_start` before a reminder to a silent patient). False if
        Rasa has no such conversation yet (its first events will start one)."""
        response = self.http.post(
            f"{self.url}/conversations/{conversation_id}/execute",
            params={**self._params(), "include_events": "NONE"},
            json={"name": action},
        )
        if response.status_code == 404 and "Conversation ID not found" in response.text:
            return False
        response.raise_for_status()
        return True

    @_redacted
    def append_events(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        """Add events (a bot message, a slot) to a conversation without a user turn:
        how a reminder becomes part of the transcript and of the dialogue's state."""
        response = self.http.post(
            f"{self.url}/conversations/{conversation_id}/tracker/events",
            params={**self._params(), "include_events": "NONE"},
            json=events,
        )
        response.raise_for_status()
