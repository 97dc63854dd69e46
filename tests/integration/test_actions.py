"""Every custom action, run directly with rasa-sdk trackers against a real database."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.careplan import ActionAdjustGoal, ActionRecordProgress, ActionShowGoals
from actions.conversation import (
    ActionFlagEmergency,
    ActionFlagFallback,
    ActionFlagLowMood,
    ActionFlagRequestNurse,
    ActionFlagSymptom,
    ActionOptIn,
    ActionOptOut,
    ActionSessionStart,
)
from actions.medication import (
    ActionDoseLater,
    ActionDoseMissed,
    ActionDoseTaken,
    ActionListMedications,
    ActionNextAppointments,
)
from bot import enrollment, flags
from bot.db import session_scope
from bot.messages import render
from bot.models import (
    Appointment,
    AuditEntry,
    Dose,
    Flag,
    Medication,
    MessageEffect,
    ProgressEntry,
    Reminder,
)
from tests.support.actions import ent, run
from tests.support.patients import make_patient


@pytest.fixture
def care(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """A linked patient whose Asaflow dose is due right now; returns (url, conversation)."""
    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    now = dt.datetime.now(ZoneInfo("Europe/Brussels"))
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Medication(patient_id=patient.id, name="Asaflow", dose_text="80 mg",
                         times=[now.strftime("%H:%M")]))
        s.add(Appointment(patient_id=patient.id, with_whom="Dr Peeters", location=None,
                          starts_at=dt.datetime(2030, 3, 5, 13, 30, tzinfo=dt.timezone.utc)))
        code = enrollment.issue_code(s, patient, "test")
        conversation = enrollment.link(s, "cli", uuid.uuid4().hex, code).identity.conversation_id
    return db_url, conversation


def test_show_goals_in_both_languages(care) -> None:
    _, conversation = care
    fr, _ = run(ActionShowGoals(), conversation)
    assert fr[0].splitlines()[1] == "• marche : 0 jours sur 5 — objectif 30 min par jour"
    nl, _ = run(ActionShowGoals(), conversation, language="nl")
    assert nl[0].splitlines()[2] == "• bloedsuiker: nog geen meting — doel hoogstens 130 mg/dL"


def test_record_progress_then_ask_back_then_answer(care) -> None:
    _, conversation = care
    texts, events = run(ActionRecordProgress(), conversation, "j'ai marché", "report_progress",
                        [ent("goal_kind", "walking")])
    assert texts == ["Combien de minutes avez-vous marché ?"]
    assert events == [{"event": "slot", "timestamp": None, "name": "pending_progress",
                       "value": "walking"}]
    texts, events = run(ActionRecordProgress(), conversation, "quarante", "nlu_fallback",
                        pending_progress="walking")
    assert texts[0].startswith("C'est noté : 40 min (marche). Cette semaine : ")
    assert events[0]["value"] is None


def test_unrelated_message_after_a_recorded_report_is_not_taken_as_progress(care) -> None:
    _, conversation = care
    texts, _ = run(ActionRecordProgress(), conversation, "blabla", "out_of_scope")
    assert texts == ["utter_ask_rephrase"]


def test_adjust_goal(care) -> None:
    _, conversation = care
    texts, _ = run(ActionAdjustGoal(), conversation, "", "set_goal",
                   [ent("goal_kind", "walking"), ent("quantity", "vingt"), ent("unit", "minutes")],
                   language="nl")
    assert texts == ["Gedaan: uw doel wandelen is nu 20 min."]


def test_dose_taken_and_missed(care) -> None:
    url, conversation = care
    texts, _ = run(ActionDoseTaken(), conversation, "genomen", "medication_taken", language="nl")
    assert texts[0].startswith("Bedankt, genoteerd: Asaflow van ")
    texts, _ = run(ActionDoseMissed(), conversation, "oublié", "medication_missed")
    with session_scope(url) as s:
        # in scheduled order, so each medication's latest dose wins: today's Asaflow,
        # due now (yesterday's, planned too, stays pending)
        statuses = {d.medication.name: d.status
                    for d in s.scalars(select(Dose).order_by(Dose.scheduled_at))}
    assert statuses["Asaflow"] == "taken"
    if texts[0].startswith("C'est noté"):  # the 08:00 or 20:00 Metformine was also due
        assert "Metformine" in texts[0] and "pharmacien" in texts[0]
    else:
        assert texts[0].startswith("Je n'ai pas de prise prévue en ce moment")


def test_list_medications_and_appointments(care) -> None:
    _, conversation = care
    texts, _ = run(ActionListMedications(), conversation)
    # the Asaflow dose is due now: before or after 8h depending on the hour the test runs
    assert texts[0].startswith("Vos médicaments aujourd'hui :\n• ")
    assert "\n• 8h : Metformine, 1 comprimé" in texts[0]
    assert "Asaflow, 80 mg" in texts[0]
    texts, _ = run(ActionNextAppointments(), conversation, language="nl")
    assert texts == ["Uw volgende afspraken:\n• dinsdag 5 maart om 14.30 uur: Dr Peeters"]


@pytest.mark.parametrize(
    ("action", "kind"),
    [(ActionFlagEmergency, "emergency"), (ActionFlagRequestNurse, "request_nurse"),
     (ActionFlagSymptom, "symptom"), (ActionFlagLowMood, "low_mood"),
     (ActionFlagFallback, "fallback")],
)
def test_flags(care, action, kind: str) -> None:
    url, conversation = care
    texts, _ = run(action(), conversation, "un message")
    assert texts == []  # the answer is a response sent before the action
    with session_scope(url) as s:
        flag = s.scalars(select(Flag)).one()
        assert (flag.kind, flag.conversation_id, flag.summary) == (kind, conversation,
                                                                   "un message")


def test_opt_out_and_in(care) -> None:
    url, conversation = care
    assert run(ActionOptOut(), conversation)[0] == [render("opted_out", "fr")]
    assert run(ActionOptIn(), conversation, language="nl")[0] == [render("opted_in", "nl")]
    with session_scope(url) as s:
        actions = s.scalars(select(AuditEntry.action)
                            .where(AuditEntry.entity == "channel_identity")).all()
    assert actions[-2:] == ["opt_out", "opt_in"]


def test_session_start_uses_the_language_on_file(care) -> None:
    _, conversation = care
    tracker = Tracker(conversation, {"language": None}, {}, [], False, None, None, None)
    events = ActionSessionStart().run(CollectingDispatcher(), tracker, {})
    assert [e["event"] for e in events] == ["session_started", "slot", "action"]
    assert events[1]["name"] == "language" and events[1]["value"] == "fr"


def test_unlinked_conversations_get_nothing(care) -> None:
    for action in (ActionShowGoals(), ActionListMedications(), ActionNextAppointments(),
                   ActionDoseTaken(), ActionAdjustGoal()):
        texts, _ = run(action, "stranger", "x", "report_progress", language="nl")
        assert texts == [render("not_linked", "nl")]


# --- exactly once: the same inbound message processed twice (issue 15) ---------------
# The gateway forwards at least once: Rasa may run a message's actions again after a
# crash or a lost answer. The second run must change nothing and say the same thing.

INBOUND = {"inbound_id": 4242, "channel": "telegram"}


def _count(url: str, query) -> int:
    with session_scope(url) as s:
        return len(s.scalars(query).all())


def test_the_same_dose_answer_twice_records_one_dose(care) -> None:
    url, conversation = care
    first = run(ActionDoseTaken(), conversation, "pris", "medication_taken", metadata=INBOUND)
    second = run(ActionDoseTaken(), conversation, "pris", "medication_taken", metadata=INBOUND)
    assert first[0][0].startswith("Merci, c'est noté : Asaflow")
    assert second == first  # not "no dose due", not an earlier Metformine
    with session_scope(url) as s:
        taken = [d.medication.name for d in s.scalars(select(Dose).where(Dose.status == "taken"))]
    assert taken == ["Asaflow"]
    assert _count(url, select(AuditEntry).where(AuditEntry.entity == "dose")) == 1
    # another message is another answer
    third = run(ActionDoseTaken(), conversation, "pris", "medication_taken",
                metadata={**INBOUND, "inbound_id": 4243})
    assert third != first


def test_the_same_progress_report_twice_records_one_entry(care) -> None:
    url, conversation = care
    report = [ent("goal_kind", "walking"), ent("quantity", "30"), ent("unit", "minutes")]
    first = run(ActionRecordProgress(), conversation, "j'ai marché 30 minutes",
                "report_progress", report, metadata=INBOUND)
    second = run(ActionRecordProgress(), conversation, "j'ai marché 30 minutes",
                 "report_progress", report, metadata=INBOUND)
    assert first[0][0].startswith("C'est noté : 30 min (marche).")
    assert second == first
    assert _count(url, select(ProgressEntry)) == 1
    assert _count(url, select(AuditEntry).where(AuditEntry.entity == "progress")) == 1


def test_the_same_message_raises_one_flag_even_after_it_was_resolved(care) -> None:
    url, conversation = care
    run(ActionFlagSymptom(), conversation, "j'ai mal au ventre", metadata=INBOUND)
    with session_scope(url) as s:  # a nurse closed it before the message came again
        flags.resolve(s, s.scalars(select(Flag)).one(), "nurse:1", "called back")
    run(ActionFlagSymptom(), conversation, "j'ai mal au ventre", metadata=INBOUND)
    assert _count(url, select(Flag)) == 1
    run(ActionFlagSymptom(), conversation, "toujours mal", metadata={"inbound_id": 4243})
    assert _count(url, select(Flag)) == 2  # a new message is a new symptom


def test_the_same_later_twice_snoozes_once(care) -> None:
    url, conversation = care
    first = run(ActionDoseLater(), conversation, "plus tard", "medication_later",
                metadata=INBOUND)
    second = run(ActionDoseLater(), conversation, "plus tard", "medication_later",
                 metadata=INBOUND)
    assert second == first
    assert _count(url, select(Reminder).where(Reminder.kind == "snooze")) == 1


def test_the_same_goal_change_twice_is_audited_once(care) -> None:
    url, conversation = care
    change = [ent("goal_kind", "walking"), ent("quantity", "20"), ent("unit", "minutes")]
    first = run(ActionAdjustGoal(), conversation, "", "set_goal", change, metadata=INBOUND)
    assert run(ActionAdjustGoal(), conversation, "", "set_goal", change,
               metadata=INBOUND) == first
    assert _count(url, select(AuditEntry).where(AuditEntry.entity == "goal")) == 1


def test_without_an_inbound_id_rasas_message_id_keys_the_effects(care) -> None:
    """`bot chat` and `rasa shell` send no inbound id: Rasa's own message id (the same
    for every action of one user event) keys them instead."""
    url, conversation = care
    report = [ent("goal_kind", "walking"), ent("quantity", "30"), ent("unit", "minutes")]
    for message_id in ("m1", "m1", "m2"):
        run(ActionRecordProgress(), conversation, "30 min", "report_progress", report,
            message_id=message_id)
    assert _count(url, select(ProgressEntry)) == 2
    with session_scope(url) as s:
        keys = s.scalars(select(MessageEffect.source_message)).all()
    assert sorted(keys) == [f"rasa:{conversation}:m1", f"rasa:{conversation}:m2"]


def test_message_key_without_inbound_or_message_id_uses_the_user_event_time() -> None:
    from actions.common import message_key

    def tracker(latest: dict, events: list) -> Tracker:
        return Tracker("c-1", {}, latest, events, False, None, None, "action_listen")

    assert message_key(tracker({"metadata": {"inbound_id": 9}, "message_id": "m"}, [])) == (
        "inbound:9")
    events = [{"event": "user", "timestamp": 1.5}, {"event": "action", "timestamp": 2.0}]
    assert message_key(tracker({"text": "pris"}, events)) == "rasa:c-1:at:1.5"
    assert message_key(tracker({}, [])) is None
    long = message_key(tracker({"message_id": "x" * 200}, []))
    assert long is not None and long.startswith("sha256:") and len(long) <= 120


# --- the dose a message names, and misses the patient reports (issue 17 item 4) ------


@pytest.fixture
def evening(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """A linked patient (Metformine 08:00 and 20:00, a consenting caregiver) and a clock
    the actions read, set to 2026-11-24 20:30 in Brussels; returns (url, conversation,
    set_clock)."""
    from bot.models import Caregiver

    monkeypatch.setenv("CARE_DATABASE_URL", db_url)
    clock = {"now": dt.datetime(2026, 11, 24, 20, 30, tzinfo=ZoneInfo("Europe/Brussels"))}

    def now() -> dt.datetime:
        return clock["now"].astimezone(dt.timezone.utc)

    monkeypatch.setattr("bot.doses.utcnow", now)
    monkeypatch.setattr("actions.medication.utcnow", now)
    with session_scope(db_url) as s:
        patient = make_patient(s)
        s.add(Caregiver(patient_id=patient.id, name="Paul Test", phone="+32470555666",
                        language="fr", receives_missed_dose_alerts=True))
        code = enrollment.issue_code(s, patient, "test")
        conversation = enrollment.link(s, "cli", uuid.uuid4().hex, code).identity.conversation_id

    def set_clock(*args: int) -> None:
        clock["now"] = dt.datetime(*args, tzinfo=ZoneInfo("Europe/Brussels"))

    return db_url, conversation, set_clock


def _dose_statuses(url: str) -> dict[str, str]:
    with session_scope(url) as s:
        return {d.scheduled_at.astimezone(ZoneInfo("Europe/Brussels")).strftime("%d %H:%M"):
                d.status for d in s.scalars(select(Dose))}


@pytest.mark.parametrize(("language", "text", "time", "reply"), [
    ("fr", "j'ai pris celui de 8h", "8h", "Merci, c'est noté : Metformine de 8h."),
    ("fr", "j'ai pris celui de ce matin", "ce matin", "Merci, c'est noté : Metformine de 8h."),
    ("nl", "die van 8 uur genomen", "8 uur",
     "Bedankt, genoteerd: Metformine van 8.00 uur."),
    ("nl", "vanmorgen genomen", "vanmorgen", "Bedankt, genoteerd: Metformine van 8.00 uur."),
])
def test_the_time_entity_picks_the_dose_it_names(evening, language: str, text: str,
                                                 time: str, reply: str) -> None:
    url, conversation, _ = evening
    texts, _ = run(ActionDoseTaken(), conversation, text, "medication_taken",
                   [ent("time", time)], language=language, message_id="m1")
    assert texts[0] == reply
    assert texts[1].startswith(("Et la prise de 20h", "En de inname van 20.00 uur"))
    assert _dose_statuses(url) == {"24 08:00": "taken", "24 20:00": "pending"}


@pytest.mark.parametrize(("language", "time", "reply"), [
    ("fr", "14h", "Merci, c'est noté : Metformine de 20h."),
    ("nl", "om 12 uur", "Bedankt, genoteerd: Metformine van 20.00 uur."),
])
def test_a_time_naming_no_dose_falls_back_to_the_due_one(evening, language: str, time: str,
                                                         reply: str) -> None:
    url, conversation, _ = evening
    texts, _ = run(ActionDoseTaken(), conversation, "pris", "medication_taken",
                   [ent("time", time)], language=language, message_id="m1")
    assert texts == [reply]  # nothing about the time it could not match
    assert _dose_statuses(url)["24 20:00"] == "taken"


def test_reported_misses_alert_the_caregiver_and_raise_the_flag(evening) -> None:
    """Three "pas pris" / "niet genomen" in a week: a caregiver alert per slot, then one
    missed_doses flag, as three unanswered doses would."""
    url, conversation, set_clock = evening
    for day, (language, text) in zip((22, 23, 24), [("fr", "pas pris"), ("nl", "niet genomen"),
                                                    ("fr", "oublié")], strict=True):
        set_clock(2026, 11, day, 8, 10)
        texts, _ = run(ActionDoseMissed(), conversation, text, "medication_missed",
                       language=language, message_id=f"miss-{day}")
        assert texts[0].startswith(("C'est noté : Metformine de 8h pas pris",
                                    "Genoteerd: Metformine van 8.00 uur niet genomen"))
        with session_scope(url) as s:
            flagged = s.scalars(select(Flag).where(Flag.kind == "missed_doses")).all()
        assert len(flagged) == (1 if day == 24 else 0)
    # the same message again: no second alert, no second summary line
    run(ActionDoseMissed(), conversation, "oublié", "medication_missed", message_id="miss-24")
    with session_scope(url) as s:
        alerts = s.scalars(select(Reminder).where(Reminder.kind == "caregiver_alert")).all()
        assert sorted(r.due_at.astimezone(ZoneInfo("Europe/Brussels")).day
                      for r in alerts) == [22, 23, 24]
        flag = s.scalars(select(Flag).where(Flag.kind == "missed_doses")).one()
        assert flag.summary == "3 prises manquées en 7 jours (dernière : mardi 24 novembre 8h)."
