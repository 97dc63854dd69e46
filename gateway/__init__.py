"""The messaging gateway: the only process facing the internet.

It terminates the Telegram and Twilio (SMS, WhatsApp) webhooks, verifies and
de-duplicates them, stores each accepted message before answering the provider,
routes it (bot/inbound.py) and forwards it to Rasa under the conversation's pseudonym,
and delivers every outbound message (bot/outbound.py queue) through the right
provider, or to the local outbox when no credentials are configured.
"""
