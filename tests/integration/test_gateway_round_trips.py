"""The gateway's hot path in database round trips: one linked patient's text stored
(webhook), handled by the inbox (guards, Rasa, answer queued) and sent by the delivery
worker. Every statement and every commit or rollback is a round trip to the database
and, through the ORM, about a quarter of a millisecond of the gateway's CPU: this
fails when a change adds one per message (issue 16: the gateway's CPU per message).
The counts are what the code does today; a change that needs a round trip more must
say why here (before issue 16's work: 31 statements and 7 commits or rollbacks per
message on SQLite; then 23 and 6, before the guards' reads were merged into one query,
the inbox's poll into one, and the SQLite claim into one UPDATE ... RETURNING)."""

from __future__ import annotations

import asyncio
from collections import Counter

from sqlalchemy import event, select

from bot import enrollment
from bot.db import _factory, session_scope
from bot.models import InboundMessage, OutboundMessage
from bot.rasa_client import RasaClient
from gateway.config import Settings
from gateway.delivery import Delivery
from gateway.inbox import Inbox, accept
from tests.support.patients import make_patient

SETTINGS = Settings(telegram_token="", telegram_secret="", twilio_sid="", twilio_token="")
CHAT = "4242"
# Per message, after the sender's first (which has one-off work): statements, and
# commits or rollbacks. On SQLite BEGIN is a statement of ours (IMMEDIATE); psycopg
# sends it with the first query. On PostgreSQL the inbox reads the sender's messages
# again once it holds its advisory lock (several gateways: gateway/inbox.py), and the
# delivery claim reads the queue first, then locks the rows it chose.
SQLITE = {"accept": 2, "accept commit/rollback": 1, "inbox": 10,
          "inbox commit/rollback": 3, "delivery": 4, "delivery commit/rollback": 2}
POSTGRESQL = {"accept": 1, "accept commit/rollback": 1, "inbox": 9,
              "inbox commit/rollback": 4, "delivery": 5, "delivery commit/rollback": 3}


class _EchoRasa(RasaClient):
    def __init__(self) -> None:
        super().__init__(url="http://127.0.0.1:9", token="t")

    def send(self, conversation_id, text, metadata=None):
        return [{"recipient_id": conversation_id, "text": f"reçu : {text}"}]


def test_a_message_costs_a_fixed_number_of_round_trips(db_url: str) -> None:
    with session_scope(db_url) as s:
        patient = make_patient(s)
        enrollment.link(s, "telegram", CHAT, enrollment.issue_code(s, patient, "t"))
    engine = _factory(db_url).kw["bind"]
    counts: Counter[str] = Counter()
    phase = ["accept"]

    def statement(*_args: object) -> None:
        counts[phase[0]] += 1

    def ended(*_args: object) -> None:
        counts[phase[0] + " commit/rollback"] += 1

    inbox, delivery = Inbox(SETTINGS, _EchoRasa(), db_url), Delivery(SETTINGS, db_url)

    async def one_message(n: int) -> None:
        phase[0] = "accept"
        assert accept("telegram", f"u{n}", CHAT, "text", "j'ai marché 30 minutes", None,
                      db_url).stored
        phase[0] = "inbox"
        assert await inbox.run_once() == 1
        phase[0] = "delivery"
        assert await delivery.run_once() == 1

    async def messages() -> list[Counter[str]]:
        seen = []
        for n in range(3):
            counts.clear()
            await one_message(n)
            seen.append(Counter(counts))
        return seen

    event.listen(engine, "before_cursor_execute", statement)
    for name in ("commit", "rollback"):
        event.listen(engine, name, ended)
    try:
        per_message = asyncio.run(messages())
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        for name in ("commit", "rollback"):
            event.remove(engine, name, ended)

    # Everything happened: the message processed, its answer sent.
    with session_scope(db_url) as s:
        assert set(s.scalars(select(InboundMessage.status))) == {"processed"}
        assert [r.text for r in s.scalars(select(OutboundMessage))
                if r.status == "outbox"] == ["reçu : j'ai marché 30 minutes"] * 3
    expected = SQLITE if db_url.startswith("sqlite") else POSTGRESQL
    for counted in per_message[1:]:
        assert counted == expected, counted
