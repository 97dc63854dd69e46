"""Gateway settings, all from the environment (documented in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


@dataclass(frozen=True)
class Settings:
    host: str = field(default_factory=lambda: _env("GATEWAY_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("GATEWAY_PORT", "8080")))
    # The URL the providers call, as they see it (behind a proxy: the proxy's URL).
    public_url: str = field(
        default_factory=lambda: _env("GATEWAY_PUBLIC_URL", "http://127.0.0.1:8080").rstrip("/")
    )
    telegram_token: str = field(default_factory=lambda: _env("TELEGRAM_BOT_TOKEN"))
    telegram_secret: str = field(default_factory=lambda: _env("TELEGRAM_WEBHOOK_SECRET"))
    telegram_api: str = field(
        default_factory=lambda: _env("TELEGRAM_API_BASE_URL", "https://api.telegram.org")
    )
    twilio_sid: str = field(default_factory=lambda: _env("TWILIO_ACCOUNT_SID"))
    twilio_token: str = field(default_factory=lambda: _env("TWILIO_AUTH_TOKEN"))
    twilio_sms_from: str = field(default_factory=lambda: _env("TWILIO_SMS_FROM"))
    twilio_whatsapp_from: str = field(default_factory=lambda: _env("TWILIO_WHATSAPP_FROM"))
    twilio_api: str = field(
        default_factory=lambda: _env("TWILIO_API_BASE_URL", "https://api.twilio.com")
    )
    # Approved WhatsApp template (Content SID) with one variable {{1}} for the text,
    # used outside the 24-hour customer-service window.
    whatsapp_template_sid: str = field(default_factory=lambda: _env("TWILIO_WHATSAPP_TEMPLATE_SID"))
    # Approved twilio/quick-reply template for dose reminders on WhatsApp: {{1}} the
    # text, {{2}}/{{3}} the first button's title and id, {{4}}/{{5}} the second's.
    # Unset: the reminder's text asks for the words instead (reminders/channels.py).
    whatsapp_reminder_content_sid: str = field(
        default_factory=lambda: _env("TWILIO_WHATSAPP_REMINDER_CONTENT_SID"))
    redis_url: str = field(default_factory=lambda: _env("GATEWAY_REDIS_URL"))
    max_text_length: int = field(default_factory=lambda: int(_env("GATEWAY_MAX_TEXT", "2000")))
    # Per sender: this many messages per minute are forwarded, the rest answered once.
    sender_limit_per_minute: int = field(
        default_factory=lambda: int(_env("GATEWAY_SENDER_LIMIT", "20"))
    )
    # Conversations forwarded to Rasa at the same time (each sender's messages in order).
    rasa_concurrency: int = field(
        default_factory=lambda: int(_env("GATEWAY_RASA_CONCURRENCY", "8"))
    )
    # A linked patient whose message Rasa has not answered within this many seconds is
    # told once per outage that the assistant is briefly unavailable.
    rasa_notice_seconds: float = field(
        default_factory=lambda: float(_env("GATEWAY_RASA_NOTICE_SECONDS", "4"))
    )
    # While Rasa is down a stored message is retried at most this many seconds apart,
    # so it is answered soon after Rasa is back.
    rasa_retry_max_seconds: float = field(
        default_factory=lambda: float(_env("GATEWAY_RASA_RETRY_MAX_SECONDS", "20"))
    )
    telegram_rate_per_second: float = field(
        default_factory=lambda: float(_env("TELEGRAM_RATE_PER_SECOND", "30"))
    )
    # Telegram allows one message a second to a chat (bursts get 429s).
    telegram_chat_interval: float = field(
        default_factory=lambda: float(_env("TELEGRAM_CHAT_INTERVAL_SECONDS", "1"))
    )
    twilio_rate_per_second: float = field(
        default_factory=lambda: float(_env("TWILIO_RATE_PER_SECOND", "1"))
    )
    # /health: each dependency is probed this often while it answers, and while it does
    # not after 1 s, 2 s, 4 s ... up to the maximum (gateway/health.py).
    health_probe_seconds: float = field(
        default_factory=lambda: float(_env("GATEWAY_HEALTH_PROBE_SECONDS", "30"))
    )
    health_backoff_max_seconds: float = field(
        default_factory=lambda: float(_env("GATEWAY_HEALTH_BACKOFF_MAX_SECONDS", "60"))
    )

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

    @property
    def twilio_enabled(self) -> bool:
        return bool(self.twilio_sid and self.twilio_token)
