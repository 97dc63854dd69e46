"""Medication and appointments: record an intake, list today's doses, next visits."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Context, context, entity, message_key, not_linked
from bot import adherence, audit, doses
from bot.formatting import format_datetime, format_time
from bot.messages import render
from bot.models import Dose, Patient, utcnow
from reminders.planner import defer_for_quiet_hours

PENDING_DOSE_SLOT = "pending_dose"  # set by a reminder: the dose it asked about


def _local_time(ctx: Context, patient: Patient, dose: Dose) -> str:
    from zoneinfo import ZoneInfo

    return format_time(dose.scheduled_at.astimezone(ZoneInfo(patient.timezone)), ctx.lang)


def _names(group: list[Dose]) -> str:
    return ", ".join(sorted({d.medication.name for d in group}))


class _RecordIntake(Action, ABC):
    status = doses.TAKEN
    message = "dose_taken"

    @abstractmethod
    def name(self) -> str: ...

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        pending = tracker.get_slot(PENDING_DOSE_SLOT)
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            patient = ctx.patient
            result = doses.record_intake(
                ctx.session, patient, self.status, actor=ctx.actor,
                dose_id=int(pending) if pending else None,
                medication_name=entity(tracker, "medication"),
                time_text=entity(tracker, "time"),  # "celui de 8h" picks the 08:00 dose
                source_message=message_key(tracker),
                on_missed=lambda missed: adherence.missed_by_patient(
                    ctx.session, patient, missed, utcnow(), adherence.Policy.from_env(),
                    lambda at: defer_for_quiet_hours(patient, at)),
            )
            if not result.recorded:
                upcoming = [d for d in doses.todays_doses(ctx.session, ctx.patient)
                            if d.status == doses.PENDING and d.scheduled_at > utcnow()]
                if upcoming:
                    dispatcher.utter_message(text=render(
                        "no_pending_dose", ctx.lang,
                        next=f"{_local_time(ctx, patient, upcoming[0])} ({_names(upcoming[:1])})"))
                else:
                    dispatcher.utter_message(text=render("no_pending_dose_none", ctx.lang))
                return [SlotSet(PENDING_DOSE_SLOT, None)]
            dispatcher.utter_message(text=render(
                self.message, ctx.lang, medications=_names(result.recorded),
                time=_local_time(ctx, patient, result.recorded[0])))
            if result.still_pending:
                earlier = [d for d in result.still_pending
                           if d.scheduled_at == result.still_pending[0].scheduled_at]
                dispatcher.utter_message(text=render(
                    "dose_other_pending", ctx.lang, time=_local_time(ctx, patient, earlier[0]),
                    medications=_names(earlier)))
        return [SlotSet(PENDING_DOSE_SLOT, None)]


class ActionDoseTaken(_RecordIntake):
    def name(self) -> str:
        return "action_dose_taken"


class ActionDoseMissed(_RecordIntake):
    status = doses.MISSED
    message = "dose_missed"

    def name(self) -> str:
        return "action_dose_missed"


class ActionDoseLater(Action):
    """"Plus tard" / "later" after a reminder: remind again in a while (bounded)."""

    def name(self) -> str:
        return "action_dose_later"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        pending = tracker.get_slot(PENDING_DOSE_SLOT)
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            now = utcnow()
            dose = ctx.session.get(Dose, int(pending)) if pending else None
            if dose is None or dose.patient_id != ctx.patient.id or dose.status != doses.PENDING:
                answerable = [d for d in doses.answerable_doses(ctx.session, ctx.patient, now)
                              if d.status == doses.PENDING and d.scheduled_at <= now]
                dose = answerable[0] if answerable else None
            if dose is None:
                dispatcher.utter_message(text=render("no_pending_dose_none", ctx.lang))
                return [SlotSet(PENDING_DOSE_SLOT, None)]
            result = adherence.snooze(ctx.session, ctx.patient, dose, now,
                                      adherence.Policy.from_env(), ctx.actor,
                                      source_message=message_key(tracker))
            if result.until is None:
                dispatcher.utter_message(text=render("dose_snooze_limit", ctx.lang))
            else:
                from zoneinfo import ZoneInfo

                local = result.until.astimezone(ZoneInfo(ctx.patient.timezone))
                dispatcher.utter_message(text=render(
                    "dose_snoozed", ctx.lang, time=format_time(local, ctx.lang)))
        return [SlotSet(PENDING_DOSE_SLOT, str(dose.id))]


class ActionListMedications(Action):
    def name(self) -> str:
        return "action_list_medications"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            today = doses.todays_doses(ctx.session, ctx.patient)
            audit.record(ctx.session, ctx.actor, "read", "medications", patient_id=ctx.patient.id)
            if not today:
                dispatcher.utter_message(text=render("no_medications_today", ctx.lang))
                return []
            lines = [render("medications_header", ctx.lang)]
            for dose in today:
                status = {doses.TAKEN: "status_taken", doses.MISSED: "status_missed"}.get(
                    dose.status)
                lines.append(render(
                    "medication_line", ctx.lang, time=_local_time(ctx, ctx.patient, dose),
                    name=dose.medication.name, dose=dose.medication.dose_text,
                    status=render(status, ctx.lang) if status else ""))
            dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionNextAppointments(Action):
    def name(self) -> str:
        return "action_next_appointments"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            upcoming = doses.next_appointments(ctx.session, ctx.patient)
            audit.record(ctx.session, ctx.actor, "read", "appointments", patient_id=ctx.patient.id)
            if not upcoming:
                dispatcher.utter_message(text=render("no_appointments", ctx.lang))
                return []
            lines = [render("appointments_header", ctx.lang)]
            for appointment in upcoming:
                where = (render("appointment_where", ctx.lang, location=appointment.location)
                         if appointment.location else "")
                lines.append(render(
                    "appointment_line", ctx.lang,
                    when=format_datetime(appointment.starts_at, ctx.lang, ctx.patient.timezone),
                    with_whom=appointment.with_whom, where=where))
            dispatcher.utter_message(text="\n".join(lines))
        return []
