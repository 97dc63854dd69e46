"""Medication schedules and the doses they plan.

A schedule is a list of local times ("08:00") and optional weekdays in the patient's
timezone. Each planned intake becomes one Dose row, created when first needed; the
unique (medication, time) key means a dose can never exist twice, whoever creates it
(the reminders scheduler or a conversation). On the spring DST change a time that
does not exist that night (02:30) is taken one hour later; on the autumn change a time
that happens twice is planned once, at its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import audit, effects, refills
from bot.models import Appointment, Dose, Medication, MessageEffect, Patient, utcnow

TAKEN, MISSED, SKIPPED, PENDING = "taken", "missed", "skipped", "pending"
CANCELLED = "cancelled"  # the schedule no longer has it (time changed, medication stopped)
SYSTEM = "reminders"  # the actor that marks unanswered doses missed
# A dose counts as "the one the patient is answering about" from this long before its
# time until this long after it.
ANSWER_WINDOW_BEFORE = dt.timedelta(hours=1)
ANSWER_WINDOW_AFTER = dt.timedelta(hours=6)


def local_time(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def planned_times(medication: Medication, day: dt.date, timezone: str) -> list[dt.datetime]:
    """The UTC instants of the doses planned on a local calendar day."""
    if not medication.active:
        return []
    if medication.start_date and day < medication.start_date:
        return []
    if medication.end_date and day > medication.end_date:
        return []
    if medication.days_of_week is not None and day.weekday() not in medication.days_of_week:
        return []
    zone = ZoneInfo(timezone)
    instants = []
    for text in medication.times:
        # fold=0: a repeated time is its first occurrence; a skipped time is read
        # with the winter offset, i.e. one hour later in summer time.
        local = dt.datetime.combine(day, local_time(text)).replace(tzinfo=zone, fold=0)
        instants.append(local.astimezone(dt.timezone.utc))
    return sorted(set(instants))


def ensure_doses(session: Session, patient: Patient, day: dt.date) -> list[Dose]:
    """Create the day's Dose rows that do not exist yet; return all of them."""
    medications = session.scalars(
        select(Medication).where(Medication.patient_id == patient.id, Medication.active)
    ).all()
    wanted = {(m.id, instant): m for m in medications
              for instant in planned_times(m, day, patient.timezone)}
    if not wanted:
        return []
    instants = [instant for _, instant in wanted]
    existing = {(d.medication_id, d.scheduled_at): d for d in session.scalars(select(Dose).where(
        Dose.patient_id == patient.id, Dose.scheduled_at >= min(instants),
        Dose.scheduled_at <= max(instants)))}
    doses = []
    for (medication_id, instant), medication in wanted.items():
        dose = existing.get((medication_id, instant))
        if dose is None:
            dose = Dose(medication_id=medication_id, patient_id=patient.id,
                        scheduled_at=instant, medication=medication)
            try:
                with session.begin_nested():
                    session.add(dose)
            except IntegrityError:  # created concurrently by another process
                dose = session.scalars(select(Dose).where(
                    Dose.medication_id == medication_id, Dose.scheduled_at == instant)).one()
        if dose.status == CANCELLED:  # the schedule has it again
            dose.status = PENDING
        doses.append(dose)
    return sorted(doses, key=lambda d: (d.scheduled_at, d.medication.name))


def cancel_unscheduled(session: Session, patient: Patient, wanted: list[Dose],
                       after: dt.datetime, until: dt.datetime) -> list[Dose]:
    """Cancel the pending doses between ``after`` and ``until`` that the schedule no
    longer has (a changed time, a stopped medication), so nobody is reminded of them
    or asked about them."""
    keep = {d.id for d in wanted}
    stale = [d for d in session.scalars(select(Dose).where(
        Dose.patient_id == patient.id, Dose.status == PENDING, Dose.scheduled_at > after,
        Dose.scheduled_at < until)) if d.id not in keep]
    for dose in stale:
        dose.status = CANCELLED
    return stale


def slot(session: Session, dose: Dose) -> list[Dose]:
    """The patient's doses planned at the same instant: one reminder covers them all."""
    return list(session.scalars(select(Dose).where(
        Dose.patient_id == dose.patient_id, Dose.scheduled_at == dose.scheduled_at,
        Dose.status != CANCELLED).order_by(Dose.id)))


def _unanswered(dose: Dose) -> bool:
    """Pending, or marked missed by the scheduler only: a late "pris" still counts."""
    return dose.status == PENDING or (dose.status == MISSED and dose.answered_at is None)


def local_day(patient: Patient, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(patient.timezone)).date()


def todays_doses(session: Session, patient: Patient, now: dt.datetime | None = None) -> list[Dose]:
    return ensure_doses(session, patient, local_day(patient, now or utcnow()))


def answerable_doses(session: Session, patient: Patient, now: dt.datetime) -> list[Dose]:
    """Doses a "pris"/"genomen" can refer to, most recent first: pending ones, and
    those the scheduler marked missed because nobody answered in time."""
    days = {local_day(patient, now - ANSWER_WINDOW_AFTER), local_day(patient, now)}
    for day in days:
        ensure_doses(session, patient, day)
    doses = session.scalars(
        select(Dose).where(
            Dose.patient_id == patient.id,
            Dose.status.in_((PENDING, MISSED)),
            Dose.scheduled_at >= now - ANSWER_WINDOW_AFTER,
            Dose.scheduled_at <= now + ANSWER_WINDOW_BEFORE,
        )
    ).all()
    return sorted((d for d in doses if _unanswered(d)), key=lambda d: d.scheduled_at,
                  reverse=True)


@dataclass(frozen=True)
class NamedTime:
    """The time a patient names in an answer ("celui de 8h", "vanmorgen"): a day
    relative to today and either a clock time or a part of the day (local times)."""

    days_ago: int
    clock: dt.time | None = None
    part: tuple[dt.time, dt.time] | None = None  # part of the day: from, to (inclusive)


# Parts of the day, FR (Belgian meals: déjeuner, dîner, souper) and NL. Checked in this
# order: "après-midi" and "namiddag" contain "midi" and "middag".
_DAY_PARTS = [
    (r"apres[ -]?midi|aprem|namiddag", dt.time(13, 0), dt.time(17, 59)),
    (r"matin|dejeuner|ochtend|ontbijt|morgens|(?:deze |van|gister|s )morgen", dt.time(4, 0),
     dt.time(11, 59)),
    (r"midi|diner|middag|lunch", dt.time(11, 0), dt.time(14, 59)),
    (r"soir|souper|avond", dt.time(17, 0), dt.time(22, 59)),
    (r"nuit|coucher|nacht|slapen|bedtijd", dt.time(20, 0), dt.time(3, 59)),
]
_CLOCK = re.compile(r"(?<![\d,])(\d{1,2})\s*(?:uur|heures?|h|u|:|\.)\s*(\d{2})?(?![\d,])")
_FUTURE = re.compile(r"demain|\bmorgen\b(?!s)|overmorgen")
_TWO_DAYS_AGO = re.compile(r"avant[ -]?hier|eergisteren")
_YESTERDAY = re.compile(r"\bhier\b|gister")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c))
                    .replace("'", " ").split())


def named_time(text: str | None) -> NamedTime | None:
    """Read the ``time`` entity of a dose answer; None when it names no dose (
    "aujourd'hui", "vandaag", tomorrow, or nothing readable)."""
    if not text:
        return None
    plain = _plain(text)
    if _FUTURE.search(plain.replace("deze morgen", "").replace("van morgen", "")):
        return None
    days_ago = 2 if _TWO_DAYS_AGO.search(plain) else 1 if _YESTERDAY.search(plain) else 0
    clock = _CLOCK.search(plain)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
        if hour < 24 and minute < 60:
            return NamedTime(days_ago, clock=dt.time(hour, minute))
    for pattern, start, end in _DAY_PARTS:
        if re.search(pattern, plain):
            return NamedTime(days_ago, part=(start, end))
    return None


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def named_doses(session: Session, patient: Patient, now: dt.datetime, named: NamedTime,
                medication_name: str | None = None) -> list[Dose]:
    """The doses of the slot (or, for a part of the day, the slots) the patient names:
    of that local day, already due or due within ANSWER_WINDOW_BEFORE. A clock time is
    the nearest planned time within an hour ("8h" is the 08:00 dose, or the 20:00 one
    when there is no morning dose). Empty when the name matches no dose."""
    day = local_day(patient, now) - dt.timedelta(days=named.days_ago)
    zone = ZoneInfo(patient.timezone)
    candidates = [d for d in ensure_doses(session, patient, day)
                  if d.status not in (CANCELLED, SKIPPED)
                  and d.scheduled_at <= now + ANSWER_WINDOW_BEFORE]
    if medication_name:
        name = medication_name.strip().lower()
        candidates = [d for d in candidates if name in d.medication.name.lower()]
    local = {d.id: _minutes(d.scheduled_at.astimezone(zone).time()) for d in candidates}
    if named.clock is not None:
        wanted = _minutes(named.clock)
        for target in (wanted, wanted + 12 * 60) if named.clock.hour < 12 else (wanted,):
            near = [d for d in candidates if abs(local[d.id] - target) <= 60]
            if near:
                best = min(abs(local[d.id] - target) for d in near)
                return [d for d in near if abs(local[d.id] - target) == best]
        return []
    if named.part is None:
        return []
    start, end = _minutes(named.part[0]), _minutes(named.part[1])
    return [d for d in candidates
            if (start <= local[d.id] <= end if start <= end
                else local[d.id] >= start or local[d.id] <= end)]


@dataclass(frozen=True)
class IntakeResult:
    recorded: list[Dose]  # doses the answer is about (their status is now the answer's)
    still_pending: list[Dose]  # earlier doses in the window, not covered by this answer
    changed: tuple[Dose, ...] = ()  # those of ``recorded`` whose status this answer set


def record_intake(
    session: Session,
    patient: Patient,
    status: str,
    *,
    actor: str,
    now: dt.datetime | None = None,
    dose_id: int | None = None,
    medication_name: str | None = None,
    time_text: str | None = None,
    source_message: str | None = None,
    on_missed: Callable[[list[Dose]], None] | None = None,
) -> IntakeResult:
    """Record "taken" or "missed" against the dose the patient answers about: the one
    the ``time`` entity names ("celui de 8h", "die van vanmorgen": see named_doses),
    else the one a reminder named (dose_id), else the doses of the latest planned time
    already due in the answer window, or if none is due yet the next one (optionally
    only the named medication). A named time that matches no dose falls back to the
    rest of that rule. ``source_message`` (the inbound message of the answer): the same
    message again changes nothing and returns the doses it answered the first time (a
    second "pris" processed from the same message must not answer an earlier dose).
    ``on_missed(doses)``: called once, under the same message key, with the doses this
    answer made missed (adherence.missed_by_patient: caregiver alert and flag)."""
    if status not in (TAKEN, MISSED, SKIPPED):
        raise ValueError(status)
    now = now or utcnow()

    def work(record: MessageEffect) -> IntakeResult:
        result = _record_intake(session, patient, status, actor, now, dose_id, medication_name,
                                named_time(time_text))
        effects.note(record, "doses", [d.id for d in result.recorded], {"status": status})
        if status == MISSED and result.changed and on_missed is not None:
            on_missed(list(result.changed))
        return result

    def replay(record: MessageEffect) -> IntakeResult:
        recorded = [d for d in (session.get(Dose, i) for i in record.entity_ids)
                    if d is not None]
        rest = [d for d in answerable_doses(session, patient, now) if d not in recorded]
        return IntakeResult(recorded, rest)

    return effects.once(session, source_message, effects.DOSE_ANSWER, work, replay,
                        patient_id=patient.id)


def _record_intake(session: Session, patient: Patient, status: str, actor: str,
                   now: dt.datetime, dose_id: int | None, medication_name: str | None,
                   named: NamedTime | None = None) -> IntakeResult:
    answerable = answerable_doses(session, patient, now)
    candidates = answerable
    # A named dose is answered even outside the answer window ("celui de ce matin" at
    # 20:30), and an earlier answer about it is corrected.
    chosen = named_doses(session, patient, now, named, medication_name) if named else []
    if not chosen and dose_id is not None:
        # The reminder named one dose; it asked about every dose of that time.
        dose = session.get(Dose, dose_id)
        chosen = [d for d in slot(session, dose) if _unanswered(d)] if (
            dose is not None and dose.patient_id == patient.id) else []
    elif not chosen:
        if medication_name:
            name = medication_name.strip().lower()
            candidates = [d for d in candidates if name in d.medication.name.lower()]
        # The latest time already due; only when none is, the coming one (an early
        # "pris" for the 08:00 dose at 07:50). At 19:15 "genomen" is the 19:15 dose, not
        # the 20:00 one that the window also holds.
        due = [d for d in candidates if d.scheduled_at <= now]
        upcoming = [d for d in candidates if d.scheduled_at > now]
        latest = (due[0].scheduled_at if due
                  else min(d.scheduled_at for d in upcoming) if upcoming else None)
        chosen = [d for d in candidates if d.scheduled_at == latest]
    changed = []
    for dose in chosen:
        if dose.status == status and dose.answered_at is not None:
            continue  # already answered so: nothing to change
        if dose.status != status:
            changed.append(dose)
        before, dose.status, dose.answered_at = dose.status, status, now
        refills.count_down(session, dose, before, status, actor)  # the stock, if counted
        audit.record(session, actor, "update", "dose", patient_id=patient.id, entity_id=dose.id,
                     detail={"status": status})
    rest = [d for d in answerable if d not in chosen]
    return IntakeResult(chosen, rest, tuple(changed))


def next_appointments(
    session: Session, patient: Patient, now: dt.datetime | None = None, limit: int = 2
) -> list[Appointment]:
    return list(
        session.scalars(
            select(Appointment)
            .where(
                Appointment.patient_id == patient.id,
                Appointment.starts_at >= (now or utcnow()),
                Appointment.cancelled.is_(False),
            )
            .order_by(Appointment.starts_at)
            .limit(limit)
        )
    )
