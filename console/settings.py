"""The console's settings, read from the environment (docs/architecture.md, "The nurse
console"); tests pass their own."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bot.gdpr.tracker import TrackerStore
from bot.rasa_client import RasaClient


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


@dataclass
class Settings:
    secret_key: str = field(default_factory=lambda: os.environ.get("CONSOLE_SECRET_KEY", ""))
    dev: bool = field(default_factory=lambda: _flag("CONSOLE_DEV"))
    production: bool = field(
        default_factory=lambda: os.environ.get("ENVIRONMENT", "").strip() == "production")
    secure_cookies: bool = field(default_factory=lambda: _flag("CONSOLE_SECURE_COOKIES")
                                 or os.environ.get("ENVIRONMENT", "").strip() == "production")
    session_idle_minutes: float = field(
        default_factory=lambda: float(os.environ.get("CONSOLE_SESSION_IDLE_MINUTES", "30")))
    session_max_hours: float = field(
        default_factory=lambda: float(os.environ.get("CONSOLE_SESSION_MAX_HOURS", "12")))
    database_url: str | None = None
    rasa: RasaClient = field(default_factory=RasaClient)
    dev_chat_wait: float = 8.0  # seconds the dev chat waits for the gateway's answer
    # Rasa's tracker store for the GDPR export and erasure; None: as Rasa is configured
    # (RASA_ENDPOINTS, bot/gdpr/tracker.configured), like `bot gdpr`.
    tracker_store: TrackerStore | None = None
