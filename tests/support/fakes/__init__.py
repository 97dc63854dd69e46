"""Fake Telegram and Twilio servers on loopback, for testing the real client libraries."""
