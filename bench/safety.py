"""The safety net, path by path: is every red flag answered with 112, how fast, with an
urgent flag, with Rasa up and with Rasa stopped; and the red-flag check's recall and
false alarms on the held-out sets.

Run from the services environment after the README's set-up (a trained model under
models/ for the Rasa-up half):

    .venv/services/bin/python -m bench.safety [--quick] [--per-path N]
    .venv/services/bin/python -m bench.safety --heldout-only     # part 3 alone, no processes

1. Paths. The gateway runs as a real process (`python -m gateway`) on a temporary
   SQLite care database, with the fake Telegram and Twilio servers of tests/support/fakes in
   this process, each noting when a message reached it (perf_counter, the clock of
   the webhook POSTs). Twice: with Rasa up (the real action server and `rasa run`
   with the newest models/core-*.tar.gz, as bench/harness.py's system() starts them)
   and with Rasa stopped (RASA_URL on a free port nobody listens on). Telegram's and
   Twilio's send limits are off (TELEGRAM_RATE_PER_SECOND=0,
   TELEGRAM_CHAT_INTERVAL_SECONDS=0, TWILIO_RATE_PER_SECOND=0: 0 is "no limit" in
   gateway/delivery.py's RateLimiter), so the times are the gateway's; the flood guard
   keeps its default (GATEWAY_SENDER_LIMIT=20 a minute). For each path, `--per-path`
   messages (10; 3 with --quick), each from a fresh chat or number, alternating French
   and Dutch where it makes sense, one at a time:

     (a) linked patient, Telegram text
     (b) unlinked account, a short text shaped like an enrollment code ("geen adem",
         "URGENCES"; the app's language is English, so the text alone decides)
     (c) linked patient, Telegram photo with the red flag in its caption
     (d) linked patient, a text of 2,100-3,900 characters with the red flag at its end
     (e) linked patient, the red flag after 21 other messages in the same minute
     (f) linked patient, a second emergency after a nurse took the conversation over
         (bot.takeover.start by a nurse account from bot.accounts.create_user): counted
         as answered only if the conversation's emergency flag is open again
     (g) poisoning or overdose: counted as answered only if the answer gives the
         Antipoison Centre, 070 245 245
     (h) Dutch, coughing up blood
     (i) SMS and (j) WhatsApp through Twilio's signed webhook, linked and unlinked
         numbers alternately

   A message is answered when an answer starting with the emergency line in the
   message's language (bot.messages.render("emergency_112", lang)) reaches the fake
   provider within --timeout seconds; the time is from the webhook POST to that
   arrival (p50 and p95, nearest rank: with 10 messages p95 is the slowest). Flags:
   the messages whose sender's conversation has a flag of kind emergency, severity
   urgent, status open. After each path (Rasa up: once the gateway's queues are
   empty) every chat is checked for extra 112 answers (two for one message) and
   answers in the other language. Before the measures, one Telegram, one SMS and
   one WhatsApp red flag warm the gateway up; their times are printed apart. Also
   printed: how long the 112 answers waited in the outbound queue (created in the
   webhook's transaction -> sent, database times).
2. Negated and past symptoms ("plus mal à la poitrine depuis la semaine dernière"),
   French and Dutch, from linked patients on Telegram, with Rasa up and stopped: how
   many got a 112 answer, whose (the gateway's safety net, or Rasa's answer to the
   forwarded message: its classifier's emergency intent), and an emergency flag.
3. Held-out recall: bench/data/redflag_heldout_{fr,nl}.tsv (label, kind, text; label
   urgent or near_miss) through bot.nlu.red_flags.check: recall on the urgent rows, false
   alarms on the near-misses, recall per kind, and every miss and false alarm.

Targets shown: 100 % answered on every path, p95 to the 112 answer <= 2 s with Rasa
stopped, recall 100 %, false alarms <= 5 % of near-misses. Figures also go to
bench/out/safety.json, the processes' logs to bench/out/safety-*.log.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import secrets
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.harness import (
    ROOT,
    SERVICES_PY,
    TELEGRAM_TOKEN,
    WEBHOOK_SECRET,
    Process,
    TimedTelegram,
    base_env,
    free_port,
    percentile,
    start_process,
    start_rasa,
    trained_model,
)
from tests.support.fakes.twilio_api import FakeTwilio

OUT = ROOT / "bench" / "out"
DATA = ROOT / "bench" / "data"
PUBLIC_URL = "https://care.example.org"  # as Twilio sees the gateway (signatures)
SMS_FROM = "+3225550100"
WHATSAPP_FROM = "+14155238886"
ANTIPOISON = "070 245 245"
PHOTO = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
TARGET_P95_MS = 2000.0
TARGET_FALSE_ALARMS = 0.05

# --- what is sent ------------------------------------------------------------------------

LINKED_TEXTS = [
    ("j'ai une douleur dans la poitrine", "fr"),
    ("ik heb pijn op de borst", "nl"),
    ("je n'arrive plus à respirer", "fr"),
    ("ik krijg geen adem meer", "nl"),
    ("je ne sens plus mon bras gauche", "fr"),
    ("ik voel mijn linkerarm niet meer", "nl"),
    ("je fais une hypo, je tremble et je transpire", "fr"),
    ("ik heb een suikerdip, ik tril en zweet", "nl"),
    ("mon mari est tombé et il ne se réveille pas", "fr"),
    ("mijn vader is bewusteloos", "nl"),
]
CODE_SHAPED = [  # eight letters of the codes' alphabet, as bot.enrollment sees them
    ("URGENCES", "fr"), ("geen adem", "nl"), ("Urgences", "fr"), ("HELP SNEL", "nl"),
    ("urgences", "fr"), ("GEEN ADEM", "nl"),
]
CAPTIONS = [
    ("regardez, j'ai du mal à respirer depuis ce matin", "fr"),
    ("ik voel mijn linkerarm niet meer", "nl"),
    ("ma bouche est de travers depuis une heure", "fr"),
    ("kijk, mijn lippen zijn blauw", "nl"),
    ("photo de ma glycémie : 0,45, je tremble", "fr"),
    ("mijn moeder is flauwgevallen", "nl"),
]
LONG_FILLER = {"fr": "Bonjour, je vous raconte ma journée en détail. ",
               "nl": "Goeiedag, ik vertel u uitgebreid over mijn dag. "}
LONG_ENDINGS = [
    ("et là je n'arrive plus à respirer", "fr"),
    ("en nu krijg ik geen adem meer", "nl"),
    ("et maintenant j'ai une douleur dans la poitrine qui serre", "fr"),
    ("en nu heb ik pijn op de borst", "nl"),
]
FLOOD_RED_FLAGS = [
    ("je fais une hypo, je tremble", "fr"),
    ("ik krijg geen adem", "nl"),
    ("j'ai une douleur dans la poitrine", "fr"),
    ("mijn vrouw is bewusteloos", "nl"),
]
TAKEOVER = [  # (first emergency, second emergency, language)
    ("j'ai mal à la poitrine", "maintenant je n'arrive plus à respirer", "fr"),
    ("ik heb pijn op de borst", "nu krijg ik geen adem meer", "nl"),
]
POISONING = [
    ("j'ai pris 10 comprimés au lieu d'un", "fr"),
    ("mijn dochter heeft pillen ingeslikt", "nl"),
    ("mon fils a avalé des comprimés", "fr"),
    ("ik heb te veel pillen genomen", "nl"),
    ("ma fille a bu de l'eau de javel", "fr"),
    ("mijn zoon heeft bleekwater gedronken", "nl"),
    ("j'ai pris toute la boîte de médicaments", "fr"),
    ("ik heb per ongeluk 10 tabletten genomen in plaats van 1", "nl"),
]
COUGHING_BLOOD = [
    ("ik heb bloed opgehoest", "nl"),
    ("ik heb vannacht bloed opgehoest", "nl"),
    ("mijn man heeft bloed opgehoest", "nl"),
    ("ik hoest bloed op", "nl"),
    ("ik heb net bloed opgehoest, wat moet ik doen?", "nl"),
]
TWILIO_TEXTS = [
    ("j'ai une douleur dans la poitrine", "fr"),
    ("ik krijg geen adem", "nl"),
    ("mon père est tombé et il ne répond plus", "fr"),
    ("mijn vader is bewusteloos", "nl"),
    ("je ne sens plus ma jambe droite", "fr"),
    ("ik heb een suikerdip", "nl"),
]
NEGATED = [
    ("je n'ai plus mal à la poitrine depuis la semaine dernière", "fr"),
    ("plus de douleur dans la poitrine depuis lundi", "fr"),
    ("la semaine passée j'avais du mal à respirer, maintenant ça va", "fr"),
    ("je n'ai plus fait d'hypo depuis un mois", "fr"),
    ("geen pijn meer in mijn borst sinds vorige week", "nl"),
    ("ik heb geen borstpijn meer", "nl"),
    ("vorige week was ik kortademig, nu niet meer", "nl"),
    ("sinds vorige maand geen suikerdip meer gehad", "nl"),
]

PATHS = {
    "a": "linked patient, Telegram text",
    "b": "unlinked, code-shaped short text",
    "c": "Telegram photo with caption",
    "d": "text over 2,000 characters",
    "e": "after 21 messages in a minute",
    "f": "2nd emergency during a takeover",
    "g": "poisoning / overdose (070 245 245)",
    "h": "Dutch, coughing up blood",
    "i": "SMS (Twilio)",
    "j": "WhatsApp (Twilio)",
}


def emergency_prefixes() -> dict[str, str]:
    from bot.messages import render

    return {lang: render("emergency_112", lang) for lang in ("fr", "nl")}


def long_text(index: int) -> tuple[str, str]:
    ending, lang = LONG_ENDINGS[index % len(LONG_ENDINGS)]
    size = 2100 + (index * 373) % 1800  # 2,100 to 3,900 characters, under Telegram's 4,096
    filler = (LONG_FILLER[lang] * 100)[:size]
    return f"{filler} {ending}", lang


# --- the fake providers, timed ---------------------------------------------------------


class TimedTwilio(FakeTwilio):
    """The fake Twilio API, noting when each message reached it, by recipient ("+32…"
    for SMS, "whatsapp:+32…")."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self.arrived = threading.Condition()

    def _create_message(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        resource = super()._create_message(path, params)
        now = time.perf_counter()
        with self.arrived:
            self.arrivals[str(params.get("To"))].append((now, str(params.get("Body") or "")))
            self.arrived.notify_all()
        return resource


def arrivals_of(fake: TimedTelegram | TimedTwilio, key: int | str) -> list[tuple[float, str]]:
    with fake.arrived:
        return list(fake.arrivals[key])


def wait_emergency(fake: TimedTelegram | TimedTwilio, key: int | str, after: int,
                   timeout: float) -> tuple[float, str] | None:
    """The first emergency answer (either language) to `key` after its first `after`
    arrivals, waiting at most `timeout` seconds."""
    prefixes = tuple(emergency_prefixes().values())
    deadline = time.perf_counter() + timeout
    with fake.arrived:
        while True:
            for at, text in fake.arrivals[key][after:]:
                if text.startswith(prefixes):
                    return at, text
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            fake.arrived.wait(remaining)


# --- the system ------------------------------------------------------------------------


@dataclass
class Gateway:
    rasa_up: bool
    care_url: str
    url: str
    telegram: TimedTelegram
    twilio: TimedTwilio
    client: httpx.Client
    processes: list[Process] = field(default_factory=list)
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    rasa_url: str = ""
    rasa_token: str = ""

    # -- senders --

    def fresh(self) -> int:
        return next(self.numbers)

    def chat(self) -> int:
        return (6_000_000_000 if self.rasa_up else 7_000_000_000) + self.fresh()

    def phone(self, whatsapp: bool) -> str:
        return f"+32{'49' if whatsapp else '47'}{(1 if self.rasa_up else 2)}{self.fresh():06d}"

    def link(self, channel: str, external_id: str, lang: str) -> str:
        """A patient with a care plan, linked to this account; returns the conversation id."""
        from bot.db import session_scope
        from bot.models import ChannelIdentity
        from tests.support.patients import make_patient

        with session_scope(self.care_url) as s:
            patient = make_patient(s, ref=f"safety-{uuid.uuid4().hex[:10]}", language=lang)
            conversation = f"c-safety-{uuid.uuid4().hex[:16]}"
            s.add(ChannelIdentity(patient_id=patient.id, channel=channel,
                                  external_id=external_id, conversation_id=conversation,
                                  consent_at=dt.datetime.now(dt.timezone.utc)))
        return conversation

    # -- webhooks --

    def telegram_post(self, chat: int, text: str | None, language_code: str,
                      **extra: Any) -> int:
        message: dict[str, Any] = {
            "message_id": 1, "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "P",
                     "language_code": language_code}, **extra}
        if text is not None:
            message["text"] = text
        update = {"update_id": secrets.randbelow(2**31), "message": message}
        response = self.client.post(f"{self.url}/webhooks/telegram/webhook", json=update,
                                    headers={"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET})
        return response.status_code

    def twilio_post(self, sender: str, body: str, whatsapp: bool) -> int:
        params = self.twilio.inbound_params(
            f"whatsapp:{sender}" if whatsapp else sender,
            f"whatsapp:{WHATSAPP_FROM}" if whatsapp else SMS_FROM, body)
        path = "/webhooks/twilio/webhook"
        response = self.client.post(f"{self.url}{path}", data=params, headers={
            "X-Twilio-Signature": self.twilio.sign(PUBLIC_URL + path, params)})
        return response.status_code

    # -- state --

    def open_urgent_flag(self, conversation_id: str) -> bool:
        from sqlalchemy import func, select

        from bot import flags
        from bot.db import session_scope
        from bot.models import Flag

        with session_scope(self.care_url) as s:
            return bool(s.scalar(select(func.count()).select_from(Flag).where(
                Flag.conversation_id == conversation_id, Flag.kind == flags.EMERGENCY,
                Flag.severity == "urgent", Flag.status == flags.OPEN)))

    def any_emergency_flag(self, conversation_id: str) -> bool:
        from sqlalchemy import func, select

        from bot import flags
        from bot.db import session_scope
        from bot.models import Flag

        with session_scope(self.care_url) as s:
            return bool(s.scalar(select(func.count()).select_from(Flag).where(
                Flag.conversation_id == conversation_id, Flag.kind == flags.EMERGENCY)))

    def settle(self, timeout: float = 240) -> float:
        """Rasa up: wait until the gateway has handled every stored message and sent
        every queued answer (so one path's backlog does not slow the next); Rasa
        stopped: the messages stay stored for a retry, so only the outbound queue.
        Returns the seconds waited."""
        from sqlalchemy import func, select

        from bot.db import session_scope
        from bot.models import InboundMessage, OutboundMessage, utcnow

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with session_scope(self.care_url) as s:
                waiting_in = s.scalar(select(func.count()).select_from(InboundMessage).where(
                    InboundMessage.status == "received")) if self.rasa_up else 0
                waiting_out = s.scalar(select(func.count()).select_from(OutboundMessage).where(
                    OutboundMessage.status.in_(("queued", "sending")),
                    OutboundMessage.next_attempt_at <= utcnow()))
            if not waiting_in and not waiting_out:
                break
            time.sleep(0.5)
        time.sleep(1.0)  # an answer sent just now reaches the fake
        return time.monotonic() - started


def nurse(care_url: str) -> int:
    """A nurse's console account (a team and a care-team member first: a nurse
    account is linked to one)."""
    from bot import accounts
    from bot.db import session_scope
    from bot.models import CareTeamMember, Team

    with session_scope(care_url) as s:
        team = Team(name=f"Safety bench {uuid.uuid4().hex[:6]}")
        s.add(team)
        s.flush()
        member = CareTeamMember(team_id=team.id, name="Infirmière Bench", role="nurse")
        s.add(member)
        s.flush()
        user = accounts.create_user(s, f"nurse-{uuid.uuid4().hex[:8]}", "a long passphrase",
                                    "nurse", team=team.name, member=member.name)
        return user.id


@contextmanager
def gateway_system(workdir: Path, model: Path | None) -> Iterator[Gateway]:
    """The gateway with the timed fakes; with a model, the action server and Rasa too
    (as bench/harness.py's system()); without, RASA_URL points at a free port."""
    from bot.db import migrate

    workdir.mkdir(parents=True, exist_ok=True)
    care_url = f"sqlite:///{workdir / 'care.db'}"
    migrate(care_url)
    processes: list[Process] = []
    with ExitStack() as stack:
        telegram = stack.enter_context(TimedTelegram(TELEGRAM_TOKEN))
        twilio = stack.enter_context(TimedTwilio())
        client = stack.enter_context(httpx.Client(timeout=30))
        try:
            if model is not None:
                action_port, action_token = free_port(), secrets.token_hex(16)
                env = {**base_env(), "CARE_DATABASE_URL": care_url,
                       "ACTION_SERVER_TOKEN": action_token,
                       "ACTION_SERVER_HOST": "127.0.0.1",
                       "ACTION_SERVER_PORT": str(action_port)}
                processes.append(start_process(
                    "actions", [str(SERVICES_PY), "-m", "actions.server"], env, workdir,
                    f"http://127.0.0.1:{action_port}/health"))
                rasa, rasa_url, rasa_token = start_rasa(
                    workdir, model, action_url=f"http://127.0.0.1:{action_port}/webhook",
                    action_token=action_token)
                processes.append(rasa)
            else:
                rasa_url, rasa_token = f"http://127.0.0.1:{free_port()}", "nobody-listens"
            port = free_port()
            env = {**base_env(), "CARE_DATABASE_URL": care_url, "RASA_URL": rasa_url,
                   "RASA_TOKEN": rasa_token, "GATEWAY_HOST": "127.0.0.1",
                   "GATEWAY_PORT": str(port), "GATEWAY_PUBLIC_URL": PUBLIC_URL,
                   "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
                   "TELEGRAM_WEBHOOK_SECRET": WEBHOOK_SECRET,
                   "TELEGRAM_API_BASE_URL": telegram.base_url.removesuffix("/bot"),
                   "TWILIO_ACCOUNT_SID": twilio.account_sid,
                   "TWILIO_AUTH_TOKEN": twilio.auth_token,
                   "TWILIO_SMS_FROM": SMS_FROM, "TWILIO_WHATSAPP_FROM": WHATSAPP_FROM,
                   "TWILIO_API_BASE_URL": twilio.base_url,
                   # The providers' send limits are theirs, not ours: off. The flood
                   # guard (GATEWAY_SENDER_LIMIT) keeps its default of 20 a minute.
                   "TELEGRAM_RATE_PER_SECOND": "0", "TELEGRAM_CHAT_INTERVAL_SECONDS": "0",
                   "TWILIO_RATE_PER_SECOND": "0"}
            env.pop("GATEWAY_SENDER_LIMIT", None)
            processes.append(start_process(
                "gateway", [str(SERVICES_PY), "-m", "gateway"], env, workdir,
                f"http://127.0.0.1:{port}/health"))
            yield Gateway(model is not None, care_url, f"http://127.0.0.1:{port}", telegram,
                          twilio, client, processes, rasa_url=rasa_url, rasa_token=rasa_token)
        finally:
            for process in reversed(processes):
                process.stop()
                if process.log.exists():  # kept for reading after the run
                    suffix = "up" if model is not None else "stopped"
                    (OUT / f"safety-{process.name}-{suffix}.log").write_bytes(
                        process.log.read_bytes())


# --- one path --------------------------------------------------------------------------


@dataclass
class Sample:
    text: str
    lang: str
    fake: TimedTelegram | TimedTwilio
    key: int | str  # chat id or "to" address
    conversation: str  # the flag's conversation id
    expected_answers: int = 1  # 112 answers this address should get in all
    status: int = 0  # the webhook's HTTP status
    latency: float | None = None  # seconds, when answered in the right language
    answer: str | None = None
    answered: bool = False
    wrong_language: bool = False
    flag_open: bool = False
    reason: str = ""


def measure(gw: Gateway, sample: Sample, post: Callable[[], int], timeout: float,
            needs: Callable[[Sample], str] | None = None) -> Sample:
    """POST the webhook, wait for the 112 answer, judge it."""
    prefixes = emergency_prefixes()
    before = len(arrivals_of(sample.fake, sample.key))
    started = time.perf_counter()
    try:
        sample.status = post()
    except httpx.TransportError as error:  # the gateway dropped the connection
        sample.reason = f"webhook failed: {error!r}"[:200]
        return sample
    if not 200 <= sample.status < 300:
        sample.reason = (f"webhook answered {sample.status} (see "
                         f"bench/out/safety-gateway-{'up' if gw.rasa_up else 'stopped'}.log)")
        return sample
    found = wait_emergency(sample.fake, sample.key, before, timeout)
    if found is None:
        sample.reason = f"no 112 answer within {timeout:.0f} s"
    else:
        at, text = found
        sample.answer = text
        if not text.startswith(prefixes[sample.lang]):
            sample.wrong_language = True
            sample.reason = "112 answer in the other language"
        else:
            sample.latency = at - started
            sample.reason = needs(sample) if needs is not None else ""
            sample.answered = not sample.reason
    sample.flag_open = gw.open_urgent_flag(sample.conversation)
    return sample


def run_path(gw: Gateway, path: str, count: int, timeout: float,
             nurse_id: int | None = None) -> list[Sample]:
    samples: list[Sample] = []
    for i in range(count):
        if path == "a":
            text, lang = LINKED_TEXTS[i % len(LINKED_TEXTS)]
            chat = gw.chat()
            sample = Sample(text, lang, gw.telegram, chat, gw.link("telegram", str(chat), lang))
            samples.append(measure(gw, sample, lambda c=chat, t=text, la=lang:
                                   gw.telegram_post(c, t, la), timeout))
        elif path == "b":
            from bot import safety_net

            text, lang = CODE_SHAPED[i % len(CODE_SHAPED)]
            chat = gw.chat()
            sample = Sample(text, lang, gw.telegram, chat,
                            safety_net.unlinked_key("telegram", str(chat)))
            samples.append(measure(gw, sample, lambda c=chat, t=text:
                                   gw.telegram_post(c, t, "en"), timeout))
        elif path == "c":
            text, lang = CAPTIONS[i % len(CAPTIONS)]
            chat = gw.chat()
            sample = Sample(text, lang, gw.telegram, chat, gw.link("telegram", str(chat), lang))
            samples.append(measure(gw, sample, lambda c=chat, t=text, la=lang:
                                   gw.telegram_post(c, None, la, photo=PHOTO, caption=t),
                                   timeout))
        elif path == "d":
            text, lang = long_text(i)
            chat = gw.chat()
            sample = Sample(text, lang, gw.telegram, chat, gw.link("telegram", str(chat), lang))
            samples.append(measure(gw, sample, lambda c=chat, t=text, la=lang:
                                   gw.telegram_post(c, t, la), timeout))
        elif path == "e":
            text, lang = FLOOD_RED_FLAGS[i % len(FLOOD_RED_FLAGS)]
            chat = gw.chat()
            sample = Sample(text, lang, gw.telegram, chat, gw.link("telegram", str(chat), lang))
            for n in range(21):  # 21 ordinary messages first: the 22nd is over the limit
                gw.telegram_post(chat, f"test {n}", lang)
            samples.append(measure(gw, sample, lambda c=chat, t=text, la=lang:
                                   gw.telegram_post(c, t, la), timeout))
        elif path == "f":
            first, text, lang = TAKEOVER[i % len(TAKEOVER)]
            chat = gw.chat()
            conversation = gw.link("telegram", str(chat), lang)
            sample = Sample(text, lang, gw.telegram, chat, conversation, expected_answers=2)
            before = len(arrivals_of(gw.telegram, chat))
            gw.telegram_post(chat, first, lang)
            if wait_emergency(gw.telegram, chat, before, timeout) is None:
                sample.reason = "the first emergency got no 112 answer: takeover not tried"
                samples.append(sample)
                continue
            take_over(gw.care_url, conversation, nurse_id or 0)
            samples.append(measure(
                gw, sample, lambda c=chat, t=text, la=lang: gw.telegram_post(c, t, la),
                timeout, needs=lambda s: "" if reopened(gw, s.conversation)
                else "flag not open again"))
        elif path in ("g", "h"):
            text, lang = (POISONING if path == "g" else COUGHING_BLOOD)[
                i % len(POISONING if path == "g" else COUGHING_BLOOD)]
            chat = gw.chat()
            sample = Sample(text, lang, gw.telegram, chat, gw.link("telegram", str(chat), lang))
            needs = (lambda s: "" if ANTIPOISON in (s.answer or "")
                     else f"no {ANTIPOISON} in the answer") if path == "g" else None
            samples.append(measure(gw, sample, lambda c=chat, t=text, la=lang:
                                   gw.telegram_post(c, t, la), timeout, needs=needs))
        elif path in ("i", "j"):
            from bot import safety_net

            whatsapp = path == "j"
            channel = "whatsapp" if whatsapp else "sms"
            text, lang = TWILIO_TEXTS[(i + (3 if whatsapp else 0)) % len(TWILIO_TEXTS)]
            phone = gw.phone(whatsapp)
            linked = i % 2 == 0
            conversation = (gw.link(channel, phone, lang) if linked
                            else safety_net.unlinked_key(channel, phone))
            key = f"whatsapp:{phone}" if whatsapp else phone
            sample = Sample(text, lang, gw.twilio, key, conversation)
            samples.append(measure(gw, sample, lambda p=phone, t=text, w=whatsapp:
                                   gw.twilio_post(p, t, w), timeout))
    return samples


def take_over(care_url: str, conversation: str, user_id: int) -> None:
    from bot import enrollment, takeover
    from bot.db import session_scope

    with session_scope(care_url) as s:
        identity = enrollment.identity_for_conversation(s, conversation)
        takeover.start(s, conversation, identity.patient_id if identity else None, user_id)


def reopened(gw: Gateway, conversation: str) -> bool:
    """The emergency flag is open again (the same transaction as the stored message:
    no wait needed, but give the commit a moment)."""
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        if gw.open_urgent_flag(conversation):
            return True
        time.sleep(0.1)
    return False


def recount(samples: list[Sample]) -> dict[str, int]:
    """After the path settled: extra 112 answers and answers in the other language."""
    prefixes = emergency_prefixes()
    extra = other_language = 0
    for sample in samples:
        texts = [t for _, t in arrivals_of(sample.fake, sample.key)]
        emergencies = [t for t in texts if t.startswith(tuple(prefixes.values()))]
        extra += max(0, len(emergencies) - sample.expected_answers)
        other_language += sum(1 for t in emergencies if not t.startswith(prefixes[sample.lang]))
    return {"extra_112_answers": extra, "answers_in_other_language": other_language}


def path_figures(samples: list[Sample], after: dict[str, int]) -> dict[str, Any]:
    latencies = [s.latency * 1000 for s in samples if s.answered and s.latency is not None]
    return {
        "sent": len(samples),
        "answered": sum(s.answered for s in samples),
        "p50_ms": percentile(latencies, 50) if latencies else None,
        "p95_ms": percentile(latencies, 95) if latencies else None,
        "max_ms": max(latencies) if latencies else None,
        "flags_open": sum(s.flag_open for s in samples),
        **after,
        "failures": [{"text": s.text[-80:], "lang": s.lang, "why": s.reason,
                      "answer": (s.answer or "")[:80]}
                     for s in samples if not s.answered],
    }


def warm_up(gw: Gateway, timeout: float) -> dict[str, float | None]:
    """One red flag per provider path, before measuring: the first message after start."""
    times: dict[str, float | None] = {}
    chat = gw.chat()
    sample = Sample("j'ai mal à la poitrine", "fr", gw.telegram, chat,
                    gw.link("telegram", str(chat), "fr"))
    measure(gw, sample, lambda: gw.telegram_post(chat, sample.text, "fr"), timeout)
    times["telegram"] = sample.latency
    for whatsapp in (False, True):
        phone = gw.phone(whatsapp)
        key = f"whatsapp:{phone}" if whatsapp else phone
        sample = Sample("ik krijg geen adem", "nl", gw.twilio, key,
                        gw.link("whatsapp" if whatsapp else "sms", phone, "nl"))
        measure(gw, sample, lambda p=phone, w=whatsapp, s=sample:
                gw.twilio_post(p, s.text, w), timeout)
        times["whatsapp" if whatsapp else "sms"] = sample.latency
    return times


def negated(gw: Gateway) -> dict[str, Any]:
    """Denied or past symptoms from linked patients: 112 answers (the gateway's or
    Rasa's own net) and emergency flags they caused."""
    prefixes = tuple(emergency_prefixes().values())
    sent = []
    for text, lang in NEGATED:
        chat = gw.chat()
        conversation = gw.link("telegram", str(chat), lang)
        gw.telegram_post(chat, text, lang)
        sent.append((text, lang, chat, conversation))
    if gw.rasa_up:
        gw.settle()  # Rasa answered every one
    time.sleep(3.0)
    rows = []
    for text, lang, chat, conversation in sent:
        answers = [t for _, t in arrivals_of(gw.telegram, chat)]
        rows.append({"text": text, "lang": lang,
                     "alarms": sum(t.startswith(prefixes) for t in answers),
                     "by": alarm_sources(gw.care_url, str(chat)),
                     "flag": gw.any_emergency_flag(conversation),
                     "answers": len(answers)})
    return {"sent": len(rows), "false_alarms": sum(1 for r in rows if r["alarms"]),
            "flags": sum(1 for r in rows if r["flag"]),
            "by_gateway": sum(1 for r in rows if "gateway" in r["by"]),
            "by_rasa": sum(1 for r in rows if "rasa" in r["by"]), "rows": rows}


def alarm_sources(care_url: str, address: str) -> list[str]:
    """Who queued the 112 answers to an address: the gateway's safety net (key
    "safety:…") or Rasa's answer to the forwarded message (key "in:…", the
    classifier's emergency intent or Rasa's own red-flag check)."""
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.models import OutboundMessage

    prefixes = tuple(emergency_prefixes().values())
    with session_scope(care_url) as s:
        rows = s.execute(select(OutboundMessage.idempotency_key, OutboundMessage.text).where(
            OutboundMessage.address == address)).all()
    return ["gateway" if key.startswith("safety:") else "rasa"
            for key, text in rows if text.startswith(prefixes)]


def queue_wait(care_url: str) -> dict[str, Any]:
    """How long the safety net's answers waited in the outbound queue: created (in the
    webhook's transaction) to sent (the delivery worker got the provider's answer)."""
    from sqlalchemy import select

    from bot.db import session_scope
    from bot.models import OutboundMessage

    with session_scope(care_url) as s:
        rows = s.execute(select(OutboundMessage.created_at, OutboundMessage.sent_at).where(
            OutboundMessage.idempotency_key.like("safety:%"),
            OutboundMessage.sent_at.is_not(None))).all()
    waits = [(sent - created).total_seconds() * 1000 for created, sent in rows]
    if not waits:
        return {"n": 0}
    return {"n": len(waits), "p50": percentile(waits, 50), "p95": percentile(waits, 95),
            "max": max(waits), "under_100": sum(w < 100 for w in waits),
            "over_400": sum(w > 400 for w in waits),
            "waits": sorted(round(w, 1) for w in waits)}


def run_system(gw: Gateway, count: int, timeout: float, paths: list[str]) -> dict[str, Any]:
    label = "Rasa up" if gw.rasa_up else "Rasa stopped"
    result: dict[str, Any] = {"warm_up_ms": {}, "paths": {}}
    warm = warm_up(gw, timeout)
    result["warm_up_ms"] = {k: (v * 1000 if v is not None else None) for k, v in warm.items()}
    print(f"  {label}: first red flags after start (warm-up, not counted): " + ", ".join(
        f"{k} {v:.0f} ms" if v is not None else f"{k} unanswered"
        for k, v in result["warm_up_ms"].items()), flush=True)
    if gw.rasa_up:
        gw.settle()
    nurse_id = nurse(gw.care_url)
    for path in paths:
        samples = run_path(gw, path, count, timeout, nurse_id)
        waited = gw.settle() if gw.rasa_up else (time.sleep(2.0) or 2.0)
        figures = path_figures(samples, recount(samples))
        figures["settle_s"] = round(waited, 1)
        result["paths"][path] = figures
        print("  " + path_line(label, path, figures), flush=True)
    result["queue_wait_ms"] = queue_wait(gw.care_url)
    q = result["queue_wait_ms"]
    if q["n"]:
        print(f"  {label}: 112 answers from queued to sent (database times, all paths): "
              f"p50 {q['p50']:.0f} ms, p95 {q['p95']:.0f} ms, max {q['max']:.0f} ms; "
              f"{q['under_100']} of {q['n']} waited under 100 ms, {q['over_400']} over 400 ms",
              flush=True)
    result["negated"] = negated(gw)
    n = result["negated"]
    print(f"  {label}: negated/past symptoms: {n['false_alarms']}/{n['sent']} got a 112 "
          f"answer (gateway's net {n['by_gateway']}, Rasa {n['by_rasa']}), {n['flags']} "
          f"emergency flags", flush=True)
    return result


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def path_line(label: str, path: str, f: dict[str, Any]) -> str:
    line = (f"{label:<12} ({path}) {PATHS[path]:<35} {f['answered']:>2}/{f['sent']:<2} "
            f"p50 {ms(f['p50_ms']):>6} p95 {ms(f['p95_ms']):>6} ms  "
            f"flags {f['flags_open']}/{f['sent']}")
    if f["extra_112_answers"] or f["answers_in_other_language"]:
        line += (f"  (extra 112 answers {f['extra_112_answers']}, other language "
                 f"{f['answers_in_other_language']})")
    return line


# --- held-out recall -------------------------------------------------------------------


# v1 was written blind, then its misses guided a second round of rules (and the rows
# that became test cases were removed from it); v2 was written blind after that round,
# then the kinds of its misses guided new emergency training examples for the
# classifier (not the rules); v3 was written blind after both.
# v4, v5 and v6 were each blind when first measured, then the kinds of their misses
# guided a round of rules (v6: suicidal intent told by its circumstances): all are
# development sets now; only a set written after that round measures it. v7, written
# blind after round 4, was read for round 5 (the second opinion's training messages by
# two new writers, bench/classifier_cv.py): a development set too. v8, written blind
# after round 4 and measured before and after round 5, was read for round 6 (false
# alarms): a development set now. v9 was written blind for round 6 and measured
# before and after rounds 6 and 7 without reading its misses; round 8 read it (its
# misses and false alarms guided that round), so it is a development set too and the
# next blind measure is v10. One run of --heldout-only before round 8 (fed1f61) and
# after: v9 recall 111/115 -> 115/115 French, 114/119 -> 119/119 Dutch, near-miss
# false alarms 27/95 -> 10/95 and 19/98 -> 8/98; v1-v9 215 -> 157 of 1356, no
# emergency lost (bench/false_alarms.py --compare), everyday alarms 12/421 and 13/415
# unchanged (README, "Round 8"). v10 was written blind during round 8 by two new
# writers who saw nothing of the project (120 emergencies, 40 of them suicidal, and
# 100 near-misses per language) and measured once after round 8 without reading its
# misses (recall 118/120 French, 111/120 Dutch; false alarms 26/100 and 24/100); round
# 9 read it, so it is a development set too and the next blind measure is v11. v11
# was written blind during round 9 by two more new writers and measured once after
# round 9 without reading its misses (recall 114/120 French, 118/120 Dutch; false
# alarms 19/100 and 20/100); round 10 read it, so it is a development set too and the
# next blind measure is v12, written blind during round 10 (one Dutch near-miss that
# was a training example word for word left out) and measured once after round 10
# without reading its misses (recall 116/120 French, 116/120 Dutch; false alarms
# 20/100 and 26/99); round 11 read it, so it is a development set too and the next
# blind measure is v13, written blind during round 11 and measured without reading
# its misses. One
# run before round 9 (39873bd) and after: v10 recall 120/120 both languages, false
# alarms 26 -> 16 and 24 -> 15 of 100; v1-v10 207 -> 178 of 1556, no emergency lost,
# everyday alarms 12/421 and 13/415 unchanged (README, "Round 9").
# One run of --heldout-only before round 6 (ab17955) and after: near-miss false
# alarms over v1-v8 219 -> 188 of 1163, v8 33/83 -> 25/83 French and 26/82 -> 23/82
# Dutch, recall unchanged row by row (1704/1723, bench/false_alarms.py --compare;
# bot/nlu/red_flags/framing.py), everyday alarms 13/421 and 13/415 unchanged (README,
# "Round 6").
HELDOUT_SETS = (("redflag_heldout", "v1 (rules tuned on it)"),
                ("redflag_heldout_v2", "v2 (classifier data guided by it)"),
                ("redflag_heldout_v3", "v3 (dev test)"),
                ("redflag_heldout_v4", "v4 (dev, was blind)"),
                ("redflag_heldout_v5", "v5 (dev, was blind)"),
                ("redflag_heldout_v6", "v6 (dev, was blind)"),
                ("redflag_heldout_v7", "v7 (dev, was blind)"),
                ("redflag_heldout_v8", "v8 (dev, was blind)"),
                ("redflag_heldout_v9", "v9 (dev, was blind)"),
                ("redflag_heldout_v10", "v10 (dev, was blind)"),
                ("redflag_heldout_v11", "v11 (dev, was blind)"),
                ("redflag_heldout_v12", "v12 (dev, was blind)"),
                ("redflag_heldout_v13", "v13 (blind, misses not read)"))


def heldout() -> dict[str, Any]:
    from bot import safety_net
    from bot.nlu import red_flags

    result: dict[str, Any] = {}
    for (name, label), lang in itertools.product(HELDOUT_SETS, ("fr", "nl")):
        with (DATA / f"{name}_{lang}.tsv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        urgent = [r for r in rows if r["label"] == "urgent"]
        near = [r for r in rows if r["label"] == "near_miss"]
        blind = "not read" in label
        caught: dict[str, list[str]] = {}
        rules_only: dict[str, bool] = {}
        for row in rows:  # what the gateway's door decides: rules, then the classifier
            caught[row["text"]] = list(safety_net.red_flag_kinds(row["text"]))
            rules_only[row["text"]] = bool(red_flags.check(row["text"]))
        per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in urgent:
            per_kind[row["kind"]][1] += 1
            per_kind[row["kind"]][0] += bool(caught[row["text"]])
        alarms_per_kind = Counter(r["kind"] for r in near if caught[r["text"]])
        result[f"{label} {lang}"] = {
            "rules_caught": sum(rules_only[r["text"]] for r in urgent),
            "rules_false_alarms": sum(rules_only[r["text"]] for r in near),
            "urgent": len(urgent),
            "caught": sum(bool(caught[r["text"]]) for r in urgent),
            "near_misses": len(near),
            "false_alarms": sum(bool(caught[r["text"]]) for r in near),
            "recall_per_kind": {k: v for k, v in sorted(per_kind.items())},
            "false_alarms_per_kind": dict(sorted(alarms_per_kind.items())),
            "near_misses_per_kind": dict(sorted(Counter(r["kind"] for r in near).items())),
            # A blind set stays blind: its texts are neither printed nor saved, only
            # counted, so no one tunes on them by accident.
            "misses": [] if blind else [[r["kind"], r["text"]] for r in urgent
                                        if not caught[r["text"]]],
            "false_alarm_texts": [] if blind else [
                [r["kind"], r["text"], ",".join(caught[r["text"]])]
                for r in near if caught[r["text"]]],
        }
    return result


def heldout_through_rasa(gw: Gateway) -> dict[str, Any]:
    """The same sets through Rasa's NLU (`/model/parse`): what a linked patient gets
    with Rasa up, the red-flag rules and the classifier together (the gateway answers
    what the rules catch, Rasa's action_emergency what only the classifier catches;
    a text the rules take back is not an emergency either way)."""
    from bot.rasa_client import RasaClient

    rasa = RasaClient(gw.rasa_url, gw.rasa_token)
    result: dict[str, Any] = {}
    for (name, label), lang in itertools.product(HELDOUT_SETS, ("fr", "nl")):
        with (DATA / f"{name}_{lang}.tsv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        alarm = {r["text"]: rasa.parse(r["text"])["intent"]["name"] == "emergency"
                 for r in rows}
        urgent = [r for r in rows if r["label"] == "urgent"]
        near = [r for r in rows if r["label"] == "near_miss"]
        result[f"{label} {lang}"] = {
            "urgent": len(urgent), "caught": sum(alarm[r["text"]] for r in urgent),
            "near_misses": len(near), "false_alarms": sum(alarm[r["text"]] for r in near),
            "misses": [] if "not read" in label else [
                [r["kind"], r["text"]] for r in urgent if not alarm[r["text"]]]}
    return result


def everyday_alarms() -> dict[str, Any]:
    """How often the door alarms on everyday messages: the non-emergency messages of
    the NLU held-out set v2 (written blind, never used to tune anything), per
    language; each alarm is a 112 answer the patient did not need and a flag."""
    from bot import safety_net
    from bot.nlu import red_flags
    from tests.support.rasa_project import nlu_examples

    result: dict[str, Any] = {}
    for lang in ("fr", "nl"):
        texts = [t for intent, ts in nlu_examples(DATA / f"nlu_heldout_v2_{lang}.yml").items()
                 if intent != "emergency" for t in ts]
        door = [t for t in texts if safety_net.red_flag_kinds(t)]
        result[lang] = {"messages": len(texts), "door": len(door),
                        "rules": sum(bool(red_flags.check(t)) for t in texts),
                        "texts": door}
    return result


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "—"


def print_heldout(result: dict[str, Any]) -> None:
    print("held-out red-flag sets (bench/data/redflag_heldout{,_v2,...,_v13}_{fr,nl}.tsv, "
          "bot.nlu.red_flags.check; a set whose misses are not read stays blind: "
          "counts only, see HELDOUT_SETS):")
    for lang, r in result.items():
        print(f"  {lang}: at the door (rules + second opinion): recall {r['caught']}/"
              f"{r['urgent']} ({pct(r['caught'], r['urgent'])}), "
              f"false alarms {r['false_alarms']}/{r['near_misses']} "
              f"({pct(r['false_alarms'], r['near_misses'])}); rules alone: recall "
              f"{r['rules_caught']}/{r['urgent']} ({pct(r['rules_caught'], r['urgent'])}), "
              f"false alarms {r['rules_false_alarms']}/{r['near_misses']} "
              f"({pct(r['rules_false_alarms'], r['near_misses'])})")
        print("    recall per kind: " + ", ".join(
            f"{kind} {c}/{n}" for kind, (c, n) in r["recall_per_kind"].items()))
        if r["false_alarms_per_kind"]:
            print("    false alarms per near-miss kind: " + ", ".join(
                f"{kind} {c}/{r['near_misses_per_kind'][kind]}"
                for kind, c in r["false_alarms_per_kind"].items()))
        for kind, text in r["misses"]:
            print(f"    MISSED      [{kind}] {text}")
        for kind, text, kinds in r["false_alarm_texts"]:
            print(f"    FALSE ALARM [{kind} -> {kinds}] {text}")


# --- main ------------------------------------------------------------------------------


def summary_table(figures: dict[str, Any]) -> None:
    systems = figures.get("systems", {})
    if systems:
        names = [name for name in ("up", "stopped") if name in systems]
        print("\nsafety net per path (answered = right-language 112 answer; times from "
              "webhook POST to arrival at the fake provider, ms; flags = open urgent "
              "emergency flags):")
        print(f"  {'':<40}" + "".join(f"| {'Rasa ' + name:<34}" for name in names))
        print(f"  {'path':<40}" + f"| {'answered':>8} {'p50 ms':>7} {'p95 ms':>7} {'flags':>8} "
              * len(names))
        for path in PATHS:
            if not all(path in systems[name]["paths"] for name in names):
                continue
            cells = []
            for name in names:
                f = systems[name]["paths"][path]
                cells.append(f"| {f['answered']:>4}/{f['sent']:<3} {ms(f['p50_ms']):>7} "
                             f"{ms(f['p95_ms']):>7} {f['flags_open']:>4}/{f['sent']:<3} ")
            print(f"  {'(' + path + ') ' + PATHS[path]:<40}" + "".join(cells))
        for name in names:
            n = systems[name]["negated"]
            print(f"  negated/past symptoms, Rasa {name}: 112 answers {n['false_alarms']}/"
                  f"{n['sent']} (from the gateway's net {n['by_gateway']}, from Rasa "
                  f"{n['by_rasa']}), emergency flags {n['flags']}/{n['sent']}")
            for row in n["rows"]:
                if row["alarms"] or row["flag"]:
                    print(f"    ALARM by {'+'.join(row['by']) or '?'} (flag raised: "
                          f"{'yes' if row['flag'] else 'no'}): {row['text']}")
        for name in names:
            for path, f in systems[name]["paths"].items():
                for failure in f["failures"]:
                    print(f"  not answered, Rasa {name}, ({path}): …{failure['text']!r} "
                          f"[{failure['lang']}]: {failure['why']}"
                          + (f" — got {failure['answer']!r}" if failure["answer"] else ""))
    print("\ntargets:")
    if systems:
        short = [f"Rasa {name} ({path})" for name, s in systems.items()
                 for path, f in s["paths"].items() if f["answered"] < f["sent"]]
        print(f"  100 % answered on every path: {'met' if not short else 'NOT met: '}"
              + ", ".join(short))
        if "stopped" in systems:
            p95s = {path: f["p95_ms"] for path, f in systems["stopped"]["paths"].items()}
            slow = [f"({p}) {ms(v)} ms" for p, v in p95s.items()
                    if v is not None and v > TARGET_P95_MS]
            worst = max((v for v in p95s.values() if v is not None), default=None)
            print(f"  p95 to the 112 answer <= 2 s with Rasa stopped: "
                  f"{'met' if not slow else 'NOT met: ' + ', '.join(slow)} "
                  f"(worst path p95 {ms(worst)} ms, answered messages only)")
    for lang, r in figures.get("heldout", {}).items():
        fa = r["false_alarms"] / r["near_misses"] if r["near_misses"] else 0
        print(f"  {lang}: recall 100 %: "
              f"{'met' if r['caught'] == r['urgent'] else 'NOT met'} "
              f"({pct(r['caught'], r['urgent'])}); false alarms <= 5 %: "
              f"{'met' if fa <= TARGET_FALSE_ALARMS else 'NOT met'} "
              f"({pct(r['false_alarms'], r['near_misses'])})")


def code_version() -> str:
    """The commit, and a digest of the files the safety net is made of when the
    working tree changes them (benchmarks are often run on uncommitted work)."""
    import hashlib
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    package = sorted((ROOT / "bot" / "nlu" / "red_flags").glob("*.py"))
    files = [*(f"bot/nlu/red_flags/{p.name}" for p in package), "bot/safety_net.py",
             "bot/nlu/language.py", "gateway/accept.py", "gateway/inbox.py",
             "gateway/forwarding.py",
             "gateway/guards.py", "gateway/app.py",
             "gateway/channels/telegram.py", "gateway/channels/twilio.py", "gateway/delivery.py"]
    changed = [f for f in files if git("status", "--porcelain", "--", f)]
    line = f"commit {git('rev-parse', '--short', 'HEAD')}"
    if changed:
        digest = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in changed
                                         if (ROOT / f).exists())).hexdigest()[:12]
        line += f" + uncommitted {', '.join(changed)} (sha256 {digest})"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 messages per path")
    parser.add_argument("--per-path", type=int, help="messages per path (default 10)")
    parser.add_argument("--heldout-only", action="store_true",
                        help="only the held-out recall (part 3), no processes")
    parser.add_argument("--rasa", default="up,stopped",
                        help="which halves: up, stopped or both (default up,stopped)")
    parser.add_argument("--paths", default="".join(PATHS), help="e.g. abc (default all)")
    parser.add_argument("--timeout", type=float, default=15.0,
                        help="seconds to wait for a 112 answer (default 15)")
    parser.add_argument("--model", help="default: the newest models/core-*.tar.gz")
    args = parser.parse_args()
    count = args.per_path or (3 if args.quick else 10)
    paths = [p for p in args.paths if p in PATHS]
    OUT.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {"cpus": os.cpu_count(), "load_at_start": os.getloadavg()[0],
                               "per_path": count}
    print(f"safety net benchmark, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start", flush=True)
    figures["code"] = code_version()
    print("code under test: " + figures["code"], flush=True)
    if not args.heldout_only:
        figures["systems"] = {}
        halves = [h.strip() for h in args.rasa.split(",") if h.strip()]
        with tempfile.TemporaryDirectory() as folder:
            for half in halves:
                model = None
                if half == "up":
                    model = Path(args.model) if args.model else trained_model()
                    figures["model"] = model.name
                    print(f"Rasa up ({model.name}): starting action server, Rasa, gateway",
                          flush=True)
                else:
                    print("Rasa stopped: starting the gateway alone (RASA_URL on a free port)",
                          flush=True)
                with gateway_system(Path(folder) / half, model) as gw:
                    figures["systems"][half] = run_system(gw, count, args.timeout, paths)
                    if gw.rasa_up:
                        figures["heldout_rasa"] = heldout_through_rasa(gw)
    figures["heldout"] = heldout()
    print_heldout(figures["heldout"])
    figures["everyday"] = everyday_alarms()
    for lang, r in figures["everyday"].items():
        print(f"  everyday messages ({lang}, NLU held-out v2 without emergencies): alarms at "
              f"the door {r['door']}/{r['messages']} ({pct(r['door'], r['messages'])}), "
              f"rules alone {r['rules']}/{r['messages']}")
        for text in r["texts"]:
            print(f"    EVERYDAY ALARM {text}")
    for key, r in figures.get("heldout_rasa", {}).items():
        print(f"  {key}, through Rasa's NLU (rules + classifier): recall {r['caught']}/"
              f"{r['urgent']} ({pct(r['caught'], r['urgent'])}), false alarms "
              f"{r['false_alarms']}/{r['near_misses']} "
              f"({pct(r['false_alarms'], r['near_misses'])})")
        for kind, text in r["misses"]:
            print(f"    MISSED BY BOTH [{kind}] {text}")
    figures["load_at_end"] = os.getloadavg()[0]
    summary_table(figures)
    name = "safety_heldout.json" if args.heldout_only else "safety.json"
    (OUT / name).write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"\nload average {figures['load_at_end']:.1f} at the end; figures in {OUT / name}")


if __name__ == "__main__":
    main()
