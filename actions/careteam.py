"""Who is in the patient's care team: names and roles, the roles in the patient's
language (issue 17, item 6: a Dutch patient must read "huisarts", not the French label
the care plan's author may have typed)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import context, not_linked
from bot import audit, care_roles
from bot.messages import render


class ActionListCareTeam(Action):
    """Lists the active members following the patient, in the care plan's order.
    Names and roles only: phone numbers are the professionals' to give, and some are
    the mobiles the on-call rota pages."""

    def name(self) -> str:
        return "action_list_care_team"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        with context(tracker) as ctx:
            if ctx.patient is None:
                return not_linked(dispatcher, tracker)
            members = [a.member for a in sorted(ctx.patient.care_team, key=lambda a: a.id)
                       if a.member.active]
            audit.record(ctx.session, ctx.actor, "read", "care_team", patient_id=ctx.patient.id)
            if not members:
                dispatcher.utter_message(text=render("no_care_team", ctx.lang))
                return []
            lines = [render("care_team_header", ctx.lang)] + [
                render("care_team_line", ctx.lang, name=m.name,
                       role=care_roles.label(m.role, ctx.lang)) for m in members]
            dispatcher.utter_message(text="\n".join(lines))
        return []
