"""Goals: show this week's progress, record a report, let patients adjust their own."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Context, context, entity, message_key, not_linked
from bot import audit, careplan, readings, safety_net
from bot.i18n import word
from bot.messages import amount, render
from bot.models import Goal, Patient
from bot.nlu import red_flags
from bot.nlu.numbers import parse_number

MEASUREMENTS = ("glucose", "weight", "blood_pressure")
PENDING_SLOT = "pending_progress"


def _goal_line(ctx: Context, patient: Patient, goal: Goal) -> str:
    week = careplan.week_progress(ctx.session, patient, goal)
    what = render(f"goal.{goal.kind}", ctx.lang)
    target = amount(careplan.target(goal), careplan.CANONICAL_UNIT[goal.kind], ctx.lang)
    if goal.kind in MEASUREMENTS:
        comparison = render(f"comparison.{goal.comparison}", ctx.lang)
        if week.latest is None:
            return render("goal_measure_none", ctx.lang, what=what, comparison=comparison,
                          amount=target)
        latest = amount(week.latest, careplan.CANONICAL_UNIT[goal.kind], ctx.lang)
        return render("goal_measure_latest", ctx.lang, what=what, latest=latest,
                      comparison=comparison, amount=target)
    return render("goal_activity", ctx.lang, what=what, done=week.days_done,
                  target=week.days_target, amount=target)


def _goal_names(ctx: Context, goals: list[Goal]) -> str:
    return ", ".join(render(f"goal.{g.kind}", ctx.lang) for g in goals)


class ActionShowGoals(Action):
    def name(self) -> str:
        return "action_show_goals"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            goals = careplan.active_goals(ctx.session, ctx.patient)
            audit.record(ctx.session, ctx.actor, "read", "goals", patient_id=ctx.patient.id)
            if not goals:
                dispatcher.utter_message(text=render("no_goals", ctx.lang))
                return []
            lines = [render("goals_header", ctx.lang)] + [
                _goal_line(ctx, ctx.patient, g) for g in goals]
            dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionRecordProgress(Action):
    """Records "j'ai marché 30 min"; asks back when the goal or amount is missing or
    implausible, and takes the answer to that question on the next turn."""

    def name(self) -> str:
        return "action_record_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        pending = tracker.get_slot(PENDING_SLOT)
        intent = tracker.latest_message.get("intent", {}).get("name")
        kind = entity(tracker, "goal_kind")
        quantity = entity(tracker, "quantity")
        unit = entity(tracker, "unit")
        if intent != "report_progress" and pending is None:
            # A follow-up rule sent an unrelated message here: nothing was asked.
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        if pending:
            pending_kind, _, pending_quantity = pending.partition("|")
            kind = kind or (pending_kind if pending_kind in careplan.GOAL_KINDS
                            or pending_kind == readings.PEAK_FLOW else None)
            quantity = quantity or pending_quantity or None
            if quantity is None:
                quantity = tracker.latest_message.get("text")
        if kind not in careplan.GOAL_KINDS and any(readings.names_peak_flow(t) for t in (
                kind, unit, None if pending else tracker.latest_message.get("text"))):
            kind = readings.PEAK_FLOW
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            if kind == readings.PEAK_FLOW:
                return _peak_flow(dispatcher, ctx, ctx.patient, tracker, quantity)
            try:
                entry = careplan.record_progress(ctx.session, ctx.patient, kind=kind,
                                                 quantity=quantity, unit=unit, actor=ctx.actor,
                                                 source_message=message_key(tracker))
            except careplan.ProgressError as problem:
                measured = _reading(ctx, tracker, kind, quantity, unit, watched_only=True)
                if problem.reason == "no_goal" and measured is not None:
                    # No goal of this kind, but the care plan watches it: recorded and
                    # checked all the same (a heart-failure weight is not a goal).
                    dispatcher.utter_message(text=_reading_answer(ctx, measured))
                    return [SlotSet(PENDING_SLOT, None)]
                return self._ask(dispatcher, ctx, ctx.patient, problem, kind, quantity)
            goal = entry.goal
            week = careplan.week_progress(ctx.session, ctx.patient, goal)
            target = amount(careplan.target(goal), careplan.CANONICAL_UNIT[goal.kind], ctx.lang)
            if goal.kind in MEASUREMENTS:
                comparison = render(f"comparison.{goal.comparison}", ctx.lang)
                summary = render("week_measure", ctx.lang, comparison=comparison,
                                 amount=target)
            else:
                summary = render("week_activity", ctx.lang, done=week.days_done,
                                 target=week.days_target)
            answer = render(
                "progress_recorded", ctx.lang, amount=amount(entry.value, entry.unit, ctx.lang),
                what=render(f"goal.{goal.kind}", ctx.lang), week=summary)
            measured = _reading(ctx, tracker, goal.kind, quantity, unit)
            if measured is not None and measured.alert is not None:
                answer += "\n" + readings.advice(measured.alert, ctx.lang,
                                                  diastolic=measured.reading.diastolic)
            dispatcher.utter_message(text=answer)
        return [SlotSet(PENDING_SLOT, None)]

    @staticmethod
    def _ask(dispatcher: CollectingDispatcher, ctx: Context, patient: Patient,
             problem: careplan.ProgressError, kind: str | None,
             quantity: str | None) -> list[dict[str, Any]]:
        goals = careplan.active_goals(ctx.session, patient)
        if problem.reason == "no_goal":
            if not goals:
                dispatcher.utter_message(text=render("no_goals", ctx.lang))
            else:
                what = word("patient.goal", kind, ctx.lang) if kind else "?"
                dispatcher.utter_message(text=render("no_such_goal", ctx.lang, what=what,
                                                     choices=_goal_names(ctx, goals)))
            return [SlotSet(PENDING_SLOT, None)]
        if problem.reason == "which_goal":
            dispatcher.utter_message(text=render("which_goal", ctx.lang,
                                                 choices=_goal_names(ctx, goals) + " ?"))
            return [SlotSet(PENDING_SLOT, f"?|{quantity or ''}")]
        # no_amount and implausible name their goal, implausible its value too
        # (bot/careplan.py): anything else is a bug, raised as before.
        goal = problem.goal
        if goal is None:
            raise problem
        question = render(f"amount_question.{goal.kind}", ctx.lang)
        if problem.reason == "implausible":
            if problem.value is None:
                raise problem
            shown = amount(problem.value, careplan.CANONICAL_UNIT[goal.kind], ctx.lang)
            dispatcher.utter_message(text=render("implausible", ctx.lang, amount=shown,
                                                 question=question))
        else:
            dispatcher.utter_message(text=render("ask_amount", ctx.lang, question=question))
        return [SlotSet(PENDING_SLOT, goal.kind)]


def _peak_flow(dispatcher: CollectingDispatcher, ctx: Context, patient: Patient,
               tracker: Tracker, quantity: str | None) -> list[dict[str, Any]]:
    """A peak flow is a reading, never a goal: stored whether or not the plan sets a
    threshold for it (the console draws it either way), checked against them when it
    does. Without a plausible amount, one question, whose answer comes back here."""
    value = parse_number(quantity, ctx.lang) if quantity else None
    question = render("amount_question.peak_flow", ctx.lang)
    if value is None:
        dispatcher.utter_message(text=render("ask_amount", ctx.lang, question=question))
        return [SlotSet(PENDING_SLOT, readings.PEAK_FLOW)]
    low, high = readings.PEAK_FLOW_PLAUSIBLE
    if not low <= value <= high:
        shown = readings.amount_text(readings.PEAK_FLOW, value, None, ctx.lang)
        dispatcher.utter_message(text=render("implausible", ctx.lang, amount=shown,
                                             question=question))
        return [SlotSet(PENDING_SLOT, readings.PEAK_FLOW)]
    measured = _store_reading(ctx, patient, tracker, readings.PEAK_FLOW, value, None)
    dispatcher.utter_message(text=_reading_answer(ctx, measured))
    return [SlotSet(PENDING_SLOT, None)]


def _reading(ctx: Context, tracker: Tracker, kind: str | None, quantity: str | None,
             unit: str | None, *, watched_only: bool = False) -> readings.Recorded | None:
    """Records a glucose, blood pressure or weight as a reading and checks it against
    the care plan's thresholds (bot/readings.py); None for anything else, or, with
    ``watched_only``, for a kind the plan sets no threshold for. (Peak flow, never a
    goal, has its own path: ``_peak_flow``.)"""
    if ctx.patient is None or not quantity:
        return None
    if kind is None and unit:  # "250 mg/dL" says what it is
        kind = careplan.resolve_kind(unit)
    if kind not in MEASUREMENTS:
        return None
    if watched_only and not readings.thresholds_of(ctx.patient).watches(kind):
        return None
    diastolic = None
    if kind == "blood_pressure":
        pressure = readings.parse_blood_pressure(quantity)
        value = pressure[0] if pressure else None
        diastolic = pressure[1] if pressure else None
    else:
        value = careplan.parse_amount(kind, quantity, unit)
    if value is None:
        return None
    low, high = careplan.PLAUSIBLE[kind]
    if not low <= value <= high:
        return None
    if kind == "glucose":
        value *= 100  # g/L to mg/dL
    return _store_reading(ctx, ctx.patient, tracker, kind, value, diastolic)


def _store_reading(ctx: Context, patient: Patient, tracker: Tracker, kind: str, value: float,
                   diastolic: float | None) -> readings.Recorded:
    """Stores and checks one reading; the safety net decides first (an emergency it
    answered stays urgent here)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    emergency = safety_net.from_metadata(message.get("metadata")) or bool(red_flags.check(text))
    return readings.record(ctx.session, patient, kind, value, diastolic=diastolic,
                           actor=ctx.actor, conversation_id=tracker.sender_id,
                           source_message=message_key(tracker), emergency=emergency,
                           text=text[:500])


def _reading_answer(ctx: Context, measured: readings.Recorded) -> str:
    kind, reading = measured.reading.kind, measured.reading
    answer = render("reading_recorded", ctx.lang, what=render(f"reading_name_{kind}", ctx.lang),
                    amount=readings.amount_text(kind, reading.value, reading.diastolic, ctx.lang))
    if measured.alert is not None:
        answer += "\n" + readings.advice(measured.alert, ctx.lang, diastolic=reading.diastolic)
    return answer


class ActionAdjustGoal(Action):
    def name(self) -> str:
        return "action_adjust_goal"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        kind, quantity, unit = (entity(tracker, n) for n in ("goal_kind", "quantity", "unit"))
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            goals = careplan.active_goals(ctx.session, ctx.patient)
            try:
                goal = careplan.resolve_goal(goals, kind, unit)
            except careplan.ProgressError:
                dispatcher.utter_message(text=render("adjust_which", ctx.lang))
                return []
            value = careplan.parse_amount(goal.kind, quantity, unit) if quantity else None
            if value is None:
                dispatcher.utter_message(text=render("adjust_which", ctx.lang))
                return []
            try:
                careplan.adjust_goal(ctx.session, ctx.patient, goal, actor=ctx.actor,
                                     target_value=value, source_message=message_key(tracker))
            except PermissionError:
                dispatcher.utter_message(text=render("goal_not_adjustable", ctx.lang))
                return []
            except careplan.ProgressError:
                dispatcher.utter_message(text=render(
                    "implausible", ctx.lang,
                    amount=amount(value, careplan.CANONICAL_UNIT[goal.kind], ctx.lang),
                    question=render("adjust_which", ctx.lang)))
                return []
            dispatcher.utter_message(text=render(
                "goal_adjusted", ctx.lang, what=render(f"goal.{goal.kind}", ctx.lang),
                amount=amount(careplan.target(goal), careplan.CANONICAL_UNIT[goal.kind], ctx.lang)))
        return []
