"""The care-plan editor's simple forms, as changes to the exported plan: each form
edits one entry of the YAML document, and the result goes through the same validation
and import as a hand-edited file (bot/careplan_file/), so both paths accept and
refuse exactly the same plans."""

from __future__ import annotations

import re
from typing import Any

import yaml

from bot.careplan import GOAL_KINDS
from bot.i18n.reasons import ExplainedError

FIELDS = ("name", "dose", "times", "index", "with", "location", "at", "notes", "kind",
          "target", "comparison", "days_per_week", "day_before", "hours_before", "stock",
          "pack_size")
OPERATIONS = ("add_medication", "stop_medication", "add_appointment", "cancel_appointment",
              "set_goal", "set_appointment_reminders", "set_stock")


class FormError(ExplainedError):
    """A form that names nothing (bot/i18n/errors.yml, ``form.*``)."""


def load(text: str) -> dict[str, Any]:
    """The plan as plain data for the forms; ValueError for anything that is not a
    YAML mapping (a syntax error included: the editor shows the nurse's text again with
    the validator's line-numbered problems instead of failing)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError("not valid YAML") from error
    if not isinstance(doc, dict):
        raise ValueError("not a care plan")
    return doc


def _number(text: str) -> float | int | str:
    cleaned = text.replace(",", ".").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return text  # the validator names the problem
    return int(value) if value.is_integer() else value


def _index(fields: dict[str, str], items: list[Any]) -> int:
    if not fields["index"].isdigit() or int(fields["index"]) >= len(items):
        raise FormError("form.unknown_entry")
    return int(fields["index"])


def change(text: str, op: str, fields: dict[str, str]) -> str:
    """The plan ``text`` with one change applied; raises FormError for a form that
    names nothing (the validator reports everything else)."""
    if op not in OPERATIONS:
        raise FormError("form.unknown_change", op=op)
    doc = load(text)
    if op == "add_medication":
        times = [t for t in re.split(r"[\s,;]+", fields["times"]) if t]
        doc.setdefault("medications", []).append(
            {"name": fields["name"], "dose": fields["dose"], "times": times})
    elif op == "stop_medication":
        medications = doc.get("medications") or []
        del medications[_index(fields, medications)]
        doc["medications"] = medications
    elif op == "add_appointment":
        entry = {"with": fields["with"], "at": fields["at"]}
        if fields["location"]:
            entry["location"] = fields["location"]
        if fields["notes"]:
            entry["notes"] = fields["notes"]
        doc.setdefault("appointments", []).append(entry)
    elif op == "cancel_appointment":
        appointments = doc.get("appointments") or []
        del appointments[_index(fields, appointments)]
        doc["appointments"] = appointments
    elif op == "set_goal":
        goals = doc.get("goals") or []
        goal = next((g for g in goals if g.get("kind") == fields["kind"]), None)
        if goal is None:
            goal = {"kind": fields["kind"]}
            goals.append(goal)
        goal.pop("unit", None)  # the canonical unit of the kind
        goal["target"] = _number(fields["target"])
        goal["comparison"] = fields["comparison"] or "at_least"
        goal["days_per_week"] = _number(fields["days_per_week"] or "7")
        goal["set_by"] = "care_team"
        doc["goals"] = goals
    elif op == "set_stock":
        # The units counted for refill reminders, corrected after a count at home; the
        # pack size only when given. The validator checks both (whole units, 0-10,000).
        medication = next((m for m in doc.get("medications") or []
                           if str(m.get("name", "")).casefold() == fields["name"].casefold()
                           and m.get("active", True)), None)
        if medication is None or not fields["stock"].strip():
            raise FormError("form.unknown_entry")
        medication["stock"] = _number(fields["stock"])
        if fields["pack_size"].strip():
            medication["pack_size"] = _number(fields["pack_size"])
    elif op == "set_appointment_reminders":
        # An unticked checkbox sends nothing: absent means "no evening-before reminder".
        doc.setdefault("patient", {})["appointment_reminders"] = {
            "day_before": fields["day_before"] == "on",
            "hours_before": _number(fields["hours_before"] or "0"),
        }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


__all__ = ["FIELDS", "GOAL_KINDS", "OPERATIONS", "FormError", "change", "load"]
