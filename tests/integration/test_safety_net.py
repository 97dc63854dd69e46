"""The safety net at the front door (bot/safety_net.py) and its place in the gateway's
inbox: a red flag is answered and flagged when the message is stored, whatever the
rest of the pipeline does with it (flood, media, size, enrollment, takeover, Rasa)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from bot import enrollment, flags, safety_net
from bot.db import session_scope
from bot.messages import JOIN_INSTRUCTIONS, render
from bot.models import EnrollmentAttempt, Flag, InboundMessage, OutboundMessage, utcnow
from bot.nlu import red_flags
from bot.rasa_client import RasaClient
from gateway.config import Settings
from gateway.inbox import Inbox, accept
from tests.support.patients import make_patient

SETTINGS = Settings(telegram_token="", twilio_sid="", twilio_token="",
                    sender_limit_per_minute=3, max_text_length=2000,
                    rasa_notice_seconds=0.2, rasa_retry_max_seconds=20)


class _Rasa(RasaClient):
    """Rasa's REST channel as the gateway sees it: up or down; records what it got."""

    def __init__(self, up: bool = True) -> None:
        super().__init__(url="http://127.0.0.1:9", token="t")
        self.up = up
        self.received: list[tuple[str, str, dict]] = []
        self.events: list[tuple[str, list]] = []

    def send(self, conversation_id, text, metadata=None):
        if not self.up:
            return super().send(conversation_id, text, metadata)  # connection refused
        self.received.append((conversation_id, text, metadata or {}))
        return [] if safety_net.from_metadata(metadata) else [{"text": f"reçu : {text}"}]

    def tracker(self, conversation_id):
        if not self.up:
            return super().tracker(conversation_id)
        return {"events": [{"event": "user", "text": text, "metadata": metadata}
                           for conv, text, metadata in self.received if conv == conversation_id]}

    def append_events(self, conversation_id, events):
        if not self.up:
            return super().append_events(conversation_id, events)
        self.events.append((conversation_id, events))


def _link(db_url: str, channel: str, sender: str, language: str = "fr") -> str:
    with session_scope(db_url) as s:
        patient = make_patient(s, ref=f"p-{sender}", language=language)
        code = enrollment.issue_code(s, patient, "t")
        return enrollment.link(s, channel, sender, code).identity.conversation_id


def _sent(db_url: str, address: str) -> list[OutboundMessage]:
    with session_scope(db_url) as s:
        rows = s.scalars(select(OutboundMessage).where(OutboundMessage.address == address)
                         .order_by(OutboundMessage.id)).all()
        s.expunge_all()
        return list(rows)


def _emergency_flags(db_url: str) -> list[Flag]:
    with session_scope(db_url) as s:
        rows = s.scalars(select(Flag).where(Flag.kind == flags.EMERGENCY)).all()
        s.expunge_all()
        return list(rows)


def test_no_red_flag_no_answer(db_url: str) -> None:
    with session_scope(db_url) as s:
        screening = safety_net.screen(s, "sms", "+32470000001", "bonjour, ça va bien")
    assert not screening.red_flag and screening.text is None and screening.flag_id is None


def test_unlinked_short_urgent_texts_get_112_in_their_own_language(db_url: str) -> None:
    with session_scope(db_url) as s:
        dutch = safety_net.screen(s, "telegram", "501", "geen adem")
        french = safety_net.screen(s, "telegram", "502", "URGENCES")
        flagged = s.get(Flag, dutch.flag_id)
        assert (flagged.severity, flagged.patient_id) == ("urgent", None)
        assert "telegram 501 (not linked)" in flagged.summary
        assert dutch.conversation_id != french.conversation_id  # two people, two flags
        assert "501" not in dutch.conversation_id
    assert dutch.language == "nl" and dutch.text == safety_net.answer("nl", dutch.kinds,
                                                                      linked=False)
    assert french.language == "fr" and french.text.startswith(render("emergency_112", "fr"))
    assert render("emergency_team", "nl") not in dutch.text  # no team to alert yet


def test_the_app_locale_decides_a_text_without_language(db_url: str) -> None:
    with session_scope(db_url) as s:
        assert safety_net.screen(s, "telegram", "503", "SOS", hint="nl").language == "nl"
        assert safety_net.screen(s, "telegram", "504", "SOS", hint="fr").language == "fr"


def test_poisoning_answer_gives_the_antipoison_centre(db_url: str) -> None:
    _link(db_url, "whatsapp", "+32470000002", "nl")
    with session_scope(db_url) as s:
        screening = safety_net.screen(s, "whatsapp", "+32470000002",
                                      "mijn zoontje heeft pillen ingeslikt")
    assert "poisoning" in screening.kinds and screening.language == "nl"
    assert "112" in screening.text and "070 245 245" in screening.text
    assert screening.text.endswith(render("emergency_team", "nl"))


def test_a_retried_webhook_is_answered_once(db_url: str) -> None:
    _link(db_url, "sms", "+32470000003")
    first = accept("sms", "SM-r1", "+32470000003", "text", "j'ai mal à la poitrine", None,
                   db_url)
    again = accept("sms", "SM-r1", "+32470000003", "text", "j'ai mal à la poitrine", None,
                   db_url)
    assert (first.stored, first.red_flag) == (True, True)
    assert (again.stored, again.red_flag) == (False, False)
    sent = _sent(db_url, "+32470000003")
    assert len(sent) == 1 and sent[0].urgent and sent[0].priority == 0
    assert "112" in sent[0].text


def test_every_path_gets_112_and_one_urgent_flag(db_url: str) -> None:
    """The paths of issue 12's table, through accept and the inbox, Rasa down."""
    rasa = _Rasa(up=False)
    inbox = Inbox(SETTINGS, rasa, db_url)
    _link(db_url, "telegram", "600", "nl")
    cases = {  # sender: (kind, text)
        "600": ("text", "ik heb bloed opgehoest"),  # linked, Rasa down
        "601": ("text", "geen adem"),  # unlinked, shaped like a code
        "602": ("text", "x " * 1500 + "je fais une hypo"),  # too long
    }
    for i, (sender, (kind, text)) in enumerate(cases.items()):
        assert accept("telegram", f"u{i}", sender, kind, text, None, db_url).red_flag
    for n in range(4):  # a flood, the fourth message (over the limit of 3) a red flag
        text = "j'étouffe" if n == 3 else f"bonjour {n}"
        accept("telegram", f"f{n}", "603", "text", text, None, db_url)
    asyncio.run(inbox.run_once())
    for sender in ("600", "601", "602", "603"):
        texts = [row.text for row in _sent(db_url, sender)]
        assert sum("112" in t and t.startswith("⚠️") for t in texts) == 1, (sender, texts)
    assert _sent(db_url, "600")[0].text.startswith(render("emergency_112", "nl"))
    assert _sent(db_url, "601")[0].text.startswith(render("emergency_112", "nl"))
    # Nothing more for the long one than the emergency answer; the unlinked one is
    # told how to join; the linked one that Rasa is briefly unavailable.
    assert len(_sent(db_url, "602")) == 1
    assert [row.text for row in _sent(db_url, "601")][1:] == [JOIN_INSTRUCTIONS]
    assert render("assistant_unavailable", "nl") in [row.text for row in _sent(db_url, "600")]
    with session_scope(db_url) as s:  # "geen adem" has a code's shape: no try counted
        assert s.scalar(select(func.count()).select_from(EnrollmentAttempt).where(
            EnrollmentAttempt.external_id.in_(["601", "602", "603"]))) == 0
    assert len(_emergency_flags(db_url)) == 4
    assert all(f.severity == "urgent" and f.status == "open" for f in _emergency_flags(db_url))


def test_a_photo_caption_is_read_and_a_voice_note_is_answered(db_url: str) -> None:
    from gateway.channels.telegram import telegram_inbound

    photo = {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "chat": {"id": 700, "type": "private"},
        "photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}],
        "caption": "mon bras gauche est paralysé"}}
    assert telegram_inbound(photo) == ("700", "text", "mon bras gauche est paralysé",
                                       {"media_caption": True})
    voice = {"update_id": 2, "message": {
        "message_id": 2, "date": 0, "chat": {"id": 700, "type": "private"},
        "voice": {"file_id": "v", "file_unique_id": "w", "duration": 3}}}
    assert telegram_inbound(voice) == ("700", "media", "", {})


def test_one_emergency_answer_with_rasa_up_and_the_transcript_has_it(db_url: str) -> None:
    rasa = _Rasa(up=True)
    conversation = _link(db_url, "sms", "+32470000004")
    accept("sms", "SM-u1", "+32470000004", "text", "j'ai une douleur dans la poitrine", None,
           db_url)
    asyncio.run(Inbox(SETTINGS, rasa, db_url).run_once())
    [(conv, _, metadata)] = rasa.received
    assert conv == conversation
    assert metadata["safety_net"]["answered"] is True
    assert metadata["safety_net"]["kinds"] == ["chest_pain"]
    texts = [row.text for row in _sent(db_url, "+32470000004")]
    assert len(texts) == 1 and texts[0].startswith(render("emergency_112", "fr"))
    [(conv, [event])] = rasa.events
    assert event["event"] == "bot" and event["text"] == texts[0]
    assert event["metadata"] == {"safety_net": True}


def test_rasa_outage_is_told_once_then_the_messages_are_answered_in_order(db_url: str) -> None:
    rasa = _Rasa(up=False)
    inbox = Inbox(dataclasses.replace(SETTINGS, sender_limit_per_minute=20), rasa, db_url)
    conversation = _link(db_url, "sms", "+32470000005")
    for i, text in enumerate(("bonjour", "ça va ?", "j'ai mal à la poitrine", "merci")):
        accept("sms", f"SM-o{i}", "+32470000005", "text", text, None, db_url)
    asyncio.run(inbox.run_once())
    asyncio.run(inbox.run_once())  # again, still down: nothing more said
    texts = [row.text for row in _sent(db_url, "+32470000005")]
    assert texts == [safety_net.answer("fr", ["chest_pain"], linked=True),
                     render("assistant_unavailable", "fr")]
    with session_scope(db_url) as s:  # the backoff has passed; Rasa is back
        for row in s.scalars(select(InboundMessage)):
            row.next_attempt_at = row.received_at
    rasa.up = True
    assert asyncio.run(inbox.run_once()) == 4
    assert [text for conv, text, _ in rasa.received] == [
        "bonjour", "ça va ?", "j'ai mal à la poitrine", "merci"]
    assert all(conv == conversation for conv, _, _ in rasa.received)
    texts = [row.text for row in _sent(db_url, "+32470000005")]
    assert texts[2:] == ["reçu : bonjour", "reçu : ça va ?", "reçu : merci"]


def test_a_message_rasa_never_took_raises_a_flag(db_url: str) -> None:
    rasa = _Rasa(up=False)
    conversation = _link(db_url, "sms", "+32470000006")
    accept("sms", "SM-l1", "+32470000006", "text", "où est mon rendez-vous ?", None, db_url)
    with session_scope(db_url) as s:
        row = s.scalars(select(InboundMessage)).one()
        row.received_at = utcnow() - dt.timedelta(hours=25)
        row.next_attempt_at = utcnow()
    asyncio.run(Inbox(SETTINGS, rasa, db_url).run_once())
    with session_scope(db_url) as s:
        assert s.scalars(select(InboundMessage)).one().status == "failed"
        flag = s.scalars(select(Flag).where(Flag.kind == flags.UNPROCESSED)).one()
        assert flag.conversation_id == conversation and flag.severity == "high"
        assert "où est mon rendez-vous ?" in flag.summary


def test_flood_answer_promises_nothing() -> None:
    for lang in ("fr", "nl"):
        text = render("too_many", lang)
        assert "112" in text
        assert "dans une minute" not in text and "over een minuutje" not in text


def test_what_no_rule_knows_the_statistics_still_answer(db_url: str) -> None:
    """"tout devient noir" is in no rule; the second opinion at the door still gives
    the 112 answer, with Rasa nowhere in the path, and a flag of high severity (it is
    wrong often enough that it wakes nobody at night; a rule's red flag is urgent)."""
    text = "je me sens partir, tout devient noir"
    with session_scope(db_url) as s:
        assert not red_flags.check(text)
        screening = safety_net.screen(s, "sms", "+32470000051", text)
        flag = s.get(Flag, screening.flag_id)
        assert (flag.kind, flag.severity) == (flags.POSSIBLE_EMERGENCY, "high")
        assert flag.summary.startswith("[likely_emergency] je me sens partir")
    assert screening.kinds == (safety_net.LIKELY_EMERGENCY,)
    assert screening.text.startswith(render("emergency_112", "fr"))
    with session_scope(db_url) as s:  # a denial the rules recognise stays quiet
        assert not safety_net.screen(s, "sms", "+32470000052",
                                     "je n'ai plus mal à la poitrine depuis hier").red_flag


def test_the_second_opinion_does_not_alarm_on_laughter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message that laughs and that no rule alarms on is a joke, whatever the
    statistics say ("help, m'n vent wil koken 🤣"); without the laughter it alarms."""
    monkeypatch.setattr(safety_net.emergency_classifier, "likely_emergency", lambda text: True)
    assert safety_net.red_flag_kinds("mon mari veut repeindre la cuisine 🤣") == ()
    assert safety_net.red_flag_kinds("mijn man wil de keuken schilderen haha") == ()
    assert safety_net.red_flag_kinds("mon mari veut repeindre la cuisine") == (
        safety_net.LIKELY_EMERGENCY,)


@pytest.mark.parametrize("text", ["aide", "Aidez-moi !", "à l'aide", "HULP", "help mij aub",
                                  "Hulp!"])
def test_a_call_for_help_alone_alarms(text: str) -> None:
    """When in doubt, alarm: a lone call for help gets the 112 line at the door."""
    assert safety_net.red_flag_kinds(text)


@pytest.mark.parametrize("text", ["aide pour mes objectifs", "j'ai besoin d'aide pour l'appli",
                                  "hulp nodig bij mijn afspraak", "help, hoe werkt dit?"])
def test_asking_for_help_with_something_does_not_alarm(text: str) -> None:
    assert not safety_net.red_flag_kinds(text)
