"""Care-plan conversations end to end: the REST channel, the running Rasa server, the
running action server and a seeded care-plan database, in French and in Dutch."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot import enrollment
from bot.db import session_scope
from bot.models import Appointment, Dose, Flag, Goal, Medication, ProgressEntry
from tests.support.patients import make_patient
from tests.support.processes import ActionServer, RasaServer


@pytest.fixture
def linked(action_server: ActionServer):
    """Make a patient with a care plan and link a chat account; yields a function that
    returns (conversation id, patient id) for a language."""

    def make(language: str) -> tuple[str, int]:
        with session_scope(action_server.database_url) as s:
            patient = make_patient(s, ref=f"p-{uuid.uuid4().hex[:8]}", language=language)
            now = dt.datetime.now(ZoneInfo(patient.timezone))
            s.add(Medication(patient_id=patient.id, name="Asaflow", dose_text="80 mg",
                             times=[now.strftime("%H:%M")]))  # due right now
            s.add(Appointment(patient_id=patient.id, with_whom="Dr Martin, cardiologue",
                              location="CHU Namur",
                              starts_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)))
            code = enrollment.issue_code(s, patient, created_by="test")
            result = enrollment.link(s, "cli", uuid.uuid4().hex, code)
            return result.identity.conversation_id, patient.id

    return make


def _walking_entries(url: str, patient_id: int) -> list[float]:
    with session_scope(url) as s:
        goal = s.scalars(select(Goal).where(Goal.patient_id == patient_id,
                                            Goal.kind == "walking")).one()
        return [e.value for e in s.scalars(select(ProgressEntry)
                                          .where(ProgressEntry.goal_id == goal.id))]


def test_french_patient_reads_goals_and_records_progress(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    conversation, patient_id = linked("fr")
    goals = rasa_server.say(conversation, "c'est quoi mes objectifs ?")
    assert goals[0].startswith("Vos objectifs cette semaine")
    assert "marche : 0 jours sur 5 — objectif 30 min par jour" in goals[0]
    assert "glycémie : pas encore de mesure — objectif au plus 1,3 g/L" in goals[0]

    reply = rasa_server.say(conversation, "j'ai marché trente minutes ce matin")
    assert reply[0].startswith("C'est noté : 30 min (marche).")
    assert _walking_entries(action_server.database_url, patient_id) == [30]


def test_implausible_amount_gets_a_question_and_the_answer_is_recorded(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    conversation, patient_id = linked("fr")
    reply = rasa_server.say(conversation, "j'ai marché 3000 minutes")
    assert "cela me paraît étonnant" in reply[0]
    assert "Combien de minutes avez-vous marché ?" in reply[0]
    assert _walking_entries(action_server.database_url, patient_id) == []
    reply = rasa_server.say(conversation, "45 min")
    assert reply[0].startswith("C'est noté : 45 min (marche).")
    assert _walking_entries(action_server.database_url, patient_id) == [45]


def test_dutch_patient_asks_medication_appointment_and_reports_a_dose(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    conversation, patient_id = linked("nl")
    meds = rasa_server.say(conversation, "welke medicatie moet ik vandaag nemen?")
    assert meds[0].startswith("Uw medicatie vandaag:")
    assert "8.00 uur: Metformine, 1 comprimé 500 mg" in meds[0]
    appointment = rasa_server.say(conversation, "wanneer is mijn volgende afspraak?")
    assert appointment[0].startswith("Uw volgende afspraken:")
    assert " om " in appointment[0] and "Dr Martin, cardiologue, CHU Namur" in appointment[0]

    answer = rasa_server.say(conversation, "'k heb m'n pillekes genomen")
    assert answer[0].startswith("Bedankt, genoteerd: Asaflow van ")
    with session_scope(action_server.database_url) as s:
        taken = s.scalars(select(Dose).where(Dose.patient_id == patient_id,
                                             Dose.status == "taken")).all()
        assert [d.medication.name for d in taken] == ["Asaflow"]


def test_flags_carry_the_conversation_id(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    conversation, patient_id = linked("nl")
    reply = rasa_server.say(conversation, "ik heb zo'n pijn op de borst")
    assert "112" in reply[0]
    rasa_server.say(conversation, "kan de verpleegster mij bellen aub")
    with session_scope(action_server.database_url) as s:
        raised = {(f.kind, f.severity) for f in s.scalars(
            select(Flag).where(Flag.conversation_id == conversation))}
    assert raised == {("emergency", "urgent"), ("request_nurse", "high")}
    with session_scope(action_server.database_url) as s:
        flag = s.scalars(select(Flag).where(Flag.conversation_id == conversation,
                                            Flag.kind == "emergency")).one()
        assert flag.patient_id == patient_id and "chest_pain" in flag.summary


def test_an_unlinked_account_gets_no_care_plan_data(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    linked("fr")  # a care plan exists, but not for this conversation
    stranger = f"stranger-{uuid.uuid4().hex[:8]}"
    for text in ("c'est quoi mes objectifs", "je dois prendre quoi ce soir",
                 "c'est quand mon prochain rdv", "j'ai marché 30 minutes"):
        reply = rasa_server.say(stranger, text)
        assert reply == [
            "Je n'ai pas encore accès à votre plan de soins sur ce compte. Demandez un code "
            "d'inscription à votre infirmière ou à votre médecin, puis envoyez-le-moi ici."
        ], text


def test_patient_adjusts_own_goal_but_not_the_clinical_one(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    conversation, _ = linked("fr")
    reply = rasa_server.say(conversation, "je voudrais changer mon objectif de marche à 20 minutes")
    assert reply == ["C'est fait : votre objectif marche est maintenant de 20 min."]
    reply = rasa_server.say(conversation, "mets mon objectif de glycémie à 2 g/l")
    assert reply[0].startswith("Cet objectif a été fixé par votre équipe soignante")


def test_stop_and_start_are_stored_on_the_channel_identity(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    conversation, _ = linked("nl")
    assert rasa_server.say(conversation, "stuur mij geen herinneringen meer")[0].startswith(
        "Genoteerd: ik stuur u hier geen herinneringen meer")
    with session_scope(action_server.database_url) as s:
        assert enrollment.identity_for_conversation(s, conversation).opted_out_at is not None
    assert rasa_server.say(conversation, "START")[0].startswith("Genoteerd: u krijgt hier")
    with session_scope(action_server.database_url) as s:
        assert enrollment.identity_for_conversation(s, conversation).opted_out_at is None


def test_a_message_rasa_processes_twice_changes_the_care_plan_once(
    rasa_server: RasaServer, action_server: ActionServer, linked
) -> None:
    """Exactly once through the real processes: Rasa runs the same inbound message
    twice (it died before saving the tracker, so the gateway sent it again). The
    action server keys the effects by the message's inbound id: one entry, one dose,
    and the same answer both times."""
    conversation, patient_id = linked("fr")
    walked = {"inbound_id": 900_000 + patient_id, "channel": "telegram"}
    first = rasa_server.say(conversation, "j'ai marché trente minutes", metadata=walked)
    again = rasa_server.say(conversation, "j'ai marché trente minutes", metadata=walked)
    assert first[0].startswith("C'est noté : 30 min (marche).") and again == first
    assert _walking_entries(action_server.database_url, patient_id) == [30]

    took = {"inbound_id": 910_000 + patient_id, "channel": "telegram"}
    first = rasa_server.say(conversation, "j'ai pris mes médicaments", metadata=took)
    again = rasa_server.say(conversation, "j'ai pris mes médicaments", metadata=took)
    assert first[0].startswith("Merci, c'est noté : Asaflow de ") and again == first
    with session_scope(action_server.database_url) as s:
        taken = s.scalars(select(Dose).where(Dose.patient_id == patient_id,
                                             Dose.status == "taken")).all()
        assert [d.medication.name for d in taken] == ["Asaflow"]
