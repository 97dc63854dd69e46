"""What happens to a dose nobody confirms: snooze, one follow-up, missed, the
caregiver's SMS and, after repeated misses, a flag for the nurses.

The steps are rows of the reminders table, named after the time slot they belong to
("meds:12:20261124T0700Z:follow_up"), so each exists once whoever arms it and a
restart finds them where they were. The reminders dispatcher (reminders/dispatch/)
runs them; the conversation arms a snooze (actions/medication.py). The delays are the
care team's policy, set by environment variables with the defaults below.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import audit, doses, effects, flags
from bot.formatting import format_date, format_time
from bot.messages import render
from bot.models import ChannelIdentity, Dose, Flag, MessageEffect, Patient, Reminder

FOLLOW_UP, MISSED_CHECK, SNOOZE = "follow_up", "missed_check", "snooze"


def _minutes(name: str, default: int) -> dt.timedelta:
    return dt.timedelta(minutes=int(os.environ.get(name, default)))


@dataclass(frozen=True)
class Policy:
    follow_up_after: dt.timedelta = dt.timedelta(minutes=30)  # after the reminder
    missed_after: dt.timedelta = dt.timedelta(minutes=30)  # after the follow-up
    snooze_for: dt.timedelta = dt.timedelta(minutes=30)
    max_snoozes: int = 2  # "later" is bounded: a dose cannot be put off all day
    flag_after_missed: int = 3  # missed doses within flag_window raise a flag
    flag_window: dt.timedelta = dt.timedelta(days=7)

    @classmethod
    def from_env(cls) -> Policy:
        return cls(
            follow_up_after=_minutes("REMINDERS_FOLLOW_UP_MINUTES", 30),
            missed_after=_minutes("REMINDERS_MISSED_AFTER_MINUTES", 30),
            snooze_for=_minutes("REMINDERS_SNOOZE_MINUTES", 30),
            max_snoozes=int(os.environ.get("REMINDERS_MAX_SNOOZES", 2)),
            flag_after_missed=int(os.environ.get("REMINDERS_MISSED_FLAG_COUNT", 3)),
            flag_window=dt.timedelta(days=int(os.environ.get("REMINDERS_MISSED_FLAG_DAYS", 7))),
        )


def slot_key(patient_id: int, scheduled_at: dt.datetime) -> str:
    """The name of a time slot's medication reminder; its later steps extend it."""
    return f"meds:{patient_id}:{scheduled_at.astimezone(dt.timezone.utc):%Y%m%dT%H%MZ}"


def _step(session: Session, key: str) -> Reminder | None:
    return session.scalars(select(Reminder).where(Reminder.key == key)).first()


def arm(session: Session, key: str, kind: str, patient_id: int, dose_id: int,
        due_at: dt.datetime, caregiver_id: int | None = None) -> Reminder | None:
    """Plan a step, or move one still waiting; a step already done stays done."""
    existing = _step(session, key)
    if existing is None:
        reminder = Reminder(key=key, kind=kind, patient_id=patient_id, dose_id=dose_id,
                            caregiver_id=caregiver_id, due_at=due_at)
        session.add(reminder)
        return reminder
    if existing.status in ("planned", "cancelled"):
        existing.status, existing.reason, existing.due_at = "planned", None, due_at
        return existing
    return None


def next_step(session: Session, patient: Patient, dose: Dose, now: dt.datetime,
              policy: Policy, defer: Callable[[dt.datetime], dt.datetime]) -> None:
    """After a message about a dose went out: one follow-up, then the missed check.
    ``defer`` moves a time out of the patient's quiet hours (follow-ups wait)."""
    base = slot_key(patient.id, dose.scheduled_at)
    follow_up = _step(session, f"{base}:{FOLLOW_UP}")
    if follow_up is None or follow_up.status in ("planned", "cancelled"):
        arm(session, f"{base}:{FOLLOW_UP}", FOLLOW_UP, patient.id, dose.id,
            defer(now + policy.follow_up_after))
    else:
        arm(session, f"{base}:{MISSED_CHECK}", MISSED_CHECK, patient.id, dose.id,
            now + policy.missed_after)


@dataclass(frozen=True)
class Snooze:
    until: dt.datetime | None
    refused: str | None = None  # "limit"


def snooze(session: Session, patient: Patient, dose: Dose, now: dt.datetime,
           policy: Policy, actor: str, source_message: str | None = None) -> Snooze:
    """"Later": remind again after ``policy.snooze_for``, at most ``max_snoozes`` times.
    The follow-up and missed check waiting for this dose are put on hold; the snoozed
    reminder re-arms them when it goes out. ``source_message``: the same "later"
    processed again neither uses up a second snooze nor plans a second reminder."""

    def work(record: MessageEffect) -> Snooze:
        result = _snooze(session, patient, dose, now, policy, actor)
        effects.note(record, "doses", [dose.id],
                     {"until": result.until.isoformat() if result.until else None,
                      "refused": result.refused})
        return result

    def replay(record: MessageEffect) -> Snooze:
        detail = record.detail or {}
        until = detail.get("until")
        return Snooze(dt.datetime.fromisoformat(until) if until else None,
                      detail.get("refused"))

    return effects.once(session, source_message, effects.SNOOZE, work, replay,
                        patient_id=patient.id)


def _snooze(session: Session, patient: Patient, dose: Dose, now: dt.datetime,
            policy: Policy, actor: str) -> Snooze:
    base = slot_key(patient.id, dose.scheduled_at)
    taken = session.scalar(select(func.count()).select_from(Reminder).where(
        Reminder.key.like(f"{base}:{SNOOZE}:%"))) or 0
    if taken >= policy.max_snoozes:
        return Snooze(None, "limit")
    for kind in (FOLLOW_UP, MISSED_CHECK):
        waiting = _step(session, f"{base}:{kind}")
        if waiting is not None and waiting.status == "planned":
            waiting.status, waiting.reason = "cancelled", "snoozed"
    until = now + policy.snooze_for
    session.add(Reminder(key=f"{base}:{SNOOZE}:{taken + 1}", kind=SNOOZE,
                         patient_id=patient.id, dose_id=dose.id, due_at=until))
    audit.record(session, actor, "snooze", "dose", patient_id=patient.id, entity_id=dose.id,
                 detail={"until": until.isoformat()})
    return Snooze(until)


def mark_missed(session: Session, patient: Patient, dose: Dose) -> list[Dose]:
    """Nobody answered: the slot's doses still pending become missed. ``answered_at``
    stays empty, so a late "pris" can still correct it."""
    missed = [d for d in doses.slot(session, dose) if d.status == doses.PENDING]
    for d in missed:
        d.status = doses.MISSED
        audit.record(session, doses.SYSTEM, "update", "dose", patient_id=patient.id,
                     entity_id=d.id, detail={"status": doses.MISSED, "reason": "no_answer"})
    return missed


def alert_caregivers(session: Session, patient: Patient, dose: Dose,
                     alert_at: dt.datetime) -> None:
    """A slot's doses are missed: an SMS to each consenting caregiver at ``alert_at``
    (one per slot and caregiver, whoever arms it: the missed check or the patient's
    "pas pris"; skipped if a "pris" comes in first)."""
    base = slot_key(patient.id, dose.scheduled_at)
    for caregiver in patient.caregivers:
        if caregiver.receives_missed_dose_alerts and caregiver.opted_out_at is None:
            arm(session, f"{base}:alert:{caregiver.id}", "caregiver_alert",
                patient.id, dose.id, alert_at, caregiver_id=caregiver.id)


def missed_by_patient(session: Session, patient: Patient, missed: list[Dose],
                      now: dt.datetime, policy: Policy,
                      defer: Callable[[dt.datetime], dt.datetime]) -> None:
    """The patient said "pas pris" / "niet genomen": the same as a dose nobody
    answered (mark_missed in the missed check): the caregivers' alert, then the
    missed-doses flag if misses pile up. ``defer`` moves the alert out of quiet hours.
    Run under the message's key (doses.record_intake's ``on_missed``), so once."""
    slots = {d.scheduled_at: d for d in missed}
    for scheduled_at, dose in sorted(slots.items()):
        alert_caregivers(session, patient, dose, defer(max(now, scheduled_at)))
    # An early "pas pris" (the dose is due within the hour) counts from now too.
    flag_if_repeated(session, patient, max([now, *slots]), policy)


def missed_recently(session: Session, patient: Patient, now: dt.datetime,
                    window: dt.timedelta) -> list[Dose]:
    """Missed doses in the window: those nobody answered and those the patient said
    were not taken count alike."""
    return list(session.scalars(select(Dose).where(
        Dose.patient_id == patient.id, Dose.status == doses.MISSED,
        Dose.scheduled_at > now - window, Dose.scheduled_at <= now,
    ).order_by(Dose.scheduled_at)))


def flag_if_repeated(session: Session, patient: Patient, now: dt.datetime,
                     policy: Policy) -> Flag | None:
    """Raise (or add to) a missed_doses flag once misses pile up in the window."""
    recent = missed_recently(session, patient, now, policy.flag_window)
    slots = sorted({d.scheduled_at for d in recent})
    if len(slots) < policy.flag_after_missed:
        return None
    conversation = session.scalars(
        select(ChannelIdentity.conversation_id).where(ChannelIdentity.patient_id == patient.id)
        .order_by(ChannelIdentity.last_inbound_at.desc().nulls_last(), ChannelIdentity.id)
    ).first()
    last = slots[-1].astimezone(ZoneInfo(patient.timezone))
    summary = render("missed_doses_flag", patient.language, count=len(slots),
                     days=policy.flag_window.days,
                     last=f"{format_date(last.date(), patient.language)} "
                          f"{format_time(last, patient.language)}")
    return flags.raise_flag(session, flags.MISSED_DOSES, patient_id=patient.id,
                            conversation_id=conversation, summary=summary,
                            actor=doses.SYSTEM)
