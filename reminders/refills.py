"""The reminders process's part of refill reminders (bot/refills.py has the rules).

Each tick, before sending what is due, ``queue_due`` finds this scheduler's counted
medications whose stock now lasts fewer than REFILL_WARNING_DAYS days and writes one
``refill`` reminder for the patient and one for each caregiver who receives reminders
(and has not opted out), due now or at the end of the patient's quiet hours; the
medication remembers the stock it warned at, so the next tick does not warn again.
The dispatcher sends them like any one-by-one reminder (``send``): in the recipient's
stored language, on the patient's channel (caregivers by SMS), once under the
reminder's key. With REFILL_NOTIFY_PHARMACIST=1 the pharmacist of the patient's care
team (role code ``pharmacist``, a mobile number: bot/phones.py) gets an SMS when the
patient's reminder goes out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, i18n, outbound, phones, refills
from bot.messages import render
from bot.models import CareAssignment, Caregiver, CareTeamMember, Medication, Patient, Reminder
from bot.nlu import languages
from bot.outbound import Message, Recipient
from reminders.planner import defer_for_quiet_hours
from reminders.sql import ALL, Partition

log = logging.getLogger("reminders")
PHARMACIST = "pharmacist"
BULK = 2  # as the other reminders: after urgent messages and conversation replies


def queue_due(session: Session, now: dt.datetime, partition: Partition = ALL) -> list[Reminder]:
    """The refill reminders this tick calls for, written as planned rows; returns them."""
    queued: list[Reminder] = []
    for med in refills.due(session, partition.where(Medication.patient_id)):
        patient = med.patient
        med.refill_warned_stock = med.stock
        key, at = refills.reminder_key(med, now), defer_for_quiet_hours(patient, now)
        queued.append(Reminder(key=key, kind=refills.KIND, patient_id=patient.id, due_at=at))
        for caregiver_id in session.scalars(select(Caregiver.id).where(
                Caregiver.patient_id == patient.id, Caregiver.receives_reminders.is_(True),
                Caregiver.opted_out_at.is_(None)).order_by(Caregiver.id)):
            queued.append(Reminder(key=f"{key}:cg:{caregiver_id}", kind=refills.KIND,
                                   patient_id=patient.id, caregiver_id=caregiver_id, due_at=at))
        audit.record(session, "reminders", "refill_reminder", "medication",
                     patient_id=patient.id, entity_id=med.id,
                     detail={"stock": med.stock, "days_left": refills.days_left(med)})
    session.add_all(queued)
    session.flush()
    return queued


def send(session: Session, reminder: Reminder, patient: Patient,
         deliver: Callable[[Reminder, Recipient, str], bool]) -> bool:
    """One refill reminder (``deliver``: the dispatcher's send, which records it)."""
    med_id = refills.medication_of(reminder.key)
    med = session.get(Medication, med_id) if med_id is not None else None
    if med is None or not med.active or med.stock is None:
        reminder.status, reminder.reason = "cancelled", "care_plan_changed"
        return False
    days = refills.days_left(med) or 0
    if reminder.caregiver_id is not None:
        caregiver = session.get(Caregiver, reminder.caregiver_id)
        if caregiver is None or caregiver.opted_out_at is not None or (
                not caregiver.receives_reminders):
            reminder.status, reminder.reason = "skipped", "no_channel"
            return False
        lang = languages.normalise(caregiver.language)
        key = "refill_caregiver_named" if caregiver.may_see_medication_names else (
            "refill_caregiver")
        return deliver(reminder, Recipient(caregiver_id=caregiver.id),
                       render(key, lang, patient=patient.first_name, medication=med.name,
                              days=days))
    lang = languages.normalise(patient.language)
    text = render("refill_reminder", lang, name=patient.first_name, medication=med.name,
                  stock=med.stock, days=days)
    if not deliver(reminder, Recipient(patient.id), text):
        return False
    if refills.notify_pharmacist():
        notify_pharmacists(session, reminder, patient, med, days)
    return True


def notify_pharmacists(session: Session, reminder: Reminder, patient: Patient,
                       med: Medication, days: int) -> int:
    """An SMS to each active pharmacist of the patient's care team with a mobile
    number (a landline is skipped, with an audit entry); returns how many."""
    members = session.scalars(select(CareTeamMember).join(
        CareAssignment, CareAssignment.member_id == CareTeamMember.id).where(
        CareAssignment.patient_id == patient.id, CareTeamMember.role == PHARMACIST,
        CareTeamMember.active.is_(True)).order_by(CareTeamMember.id)).all()
    sent = 0
    for member in members:
        if not phones.is_mobile(member.phone):
            audit.record(session, "reminders", "refill_pharmacist_skipped", "medication",
                         patient_id=patient.id, entity_id=med.id,
                         detail={"member_id": member.id, "why": "not_mobile"})
            continue
        lang = languages.normalise(member.language)
        text = i18n.text("team.refill_pharmacist_sms", lang, ref=patient.external_ref,
                         medication=med.name, days=days)
        outbound.send(session, Recipient(channel="sms", address=member.phone),
                      Message(text, f"reminder:{reminder.key}:pharmacist:{member.id}",
                              priority=BULK))
        audit.record(session, "reminders", "refill_pharmacist", "medication",
                     patient_id=patient.id, entity_id=med.id, detail={"member_id": member.id})
        sent += 1
    return sent
