"""A patient's copy of their data (GDPR art. 15 and 20): one archive with ``data.json``
(every category, machine-readable) and ``index.html`` (the same, readable, in the
patient's language).

``collect`` reads, ``render_html`` formats, ``write_archive`` does both, writes the
zip and records the export in the audit trail (who, when, how many of each).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from bot import audit
from bot.gdpr import tracker
from bot.gdpr.scope import find_patient, scope_of
from bot.i18n import has, text
from bot.models import (
    Appointment,
    CareAssignment,
    Caregiver,
    ChannelIdentity,
    ConsentEvent,
    Dose,
    EnrollmentCode,
    Goal,
    Medication,
    MessageEffect,
    Page,
    Reading,
    Reminder,
    Team,
    utcnow,
)
from bot.nlu.languages import normalise

FORMAT = "zorgmaatje-gdpr-export/1"
# Goals whose progress entries are measurements the patient took (readings).
READING_KINDS = ("glucose", "weight", "blood_pressure")
# The categories of data.json, in the order of the readable document.
CATEGORIES = (
    "patient", "channels", "care_team", "care_plan", "goals", "readings", "doses",
    "appointments", "flags", "messages_in", "messages_out", "conversation", "caregivers",
    "consent", "reminders", "takeovers", "enrollment", "message_effects", "audit",
)


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _row(obj: Any, *, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every column of a row, JSON-ready (the attribute names of bot/models/)."""
    return {attr.key: _value(getattr(obj, attr.key))
            for attr in inspect(obj).mapper.column_attrs if attr.key not in omit}


def collect(session: Session, ref: str, *, store: tracker.TrackerStore | None = None,
            now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the care database and the tracker store hold about the patient."""
    store = store or tracker.configured()
    patient = find_patient(session, ref)
    scope = scope_of(session, patient)
    pid = patient.id

    def rows(model: Any, *where: Any, order: Any = None, omit: tuple[str, ...] = ()) -> list:
        query = select(model).where(*where).order_by(order if order is not None else model.id)
        return [_row(r, omit=omit) for r in session.scalars(query)]

    goals = []
    for goal in session.scalars(select(Goal).where(Goal.patient_id == pid).order_by(Goal.id)):
        goals.append({**_row(goal), "progress": [_row(p) for p in goal.progress]})
    readings = [
        {"goal_id": goal.id, "kind": goal.kind, **_row(entry, omit=("goal_id",))}
        for goal in session.scalars(select(Goal).where(Goal.patient_id == pid,
                                                       Goal.kind.in_(READING_KINDS)))
        for entry in goal.progress]
    # The readings checked against the care plan's thresholds (bot/readings.py).
    readings += rows(Reading, Reading.patient_id == pid, omit=("patient_id",))
    readings.sort(key=lambda r: (r["recorded_at"], r["id"]))
    medications = {m.id: m.name for m in session.scalars(
        select(Medication).where(Medication.patient_id == pid))}
    doses = [{**d, "medication": medications.get(d["medication_id"])}
             for d in rows(Dose, Dose.patient_id == pid, order=Dose.scheduled_at)]
    outbound = scope.outbound_rows(session)
    caregivers = []
    for caregiver in session.scalars(select(Caregiver).where(Caregiver.patient_id == pid)
                                     .order_by(Caregiver.id)):
        caregivers.append({**_row(caregiver), "received": [
            _row(m) for m in outbound if m.caregiver_id == caregiver.id]})
    flags = []
    for flag in session.scalars(scope.flags()):
        pages = session.scalars(select(Page).where(Page.flag_id == flag.id)
                                .order_by(Page.id)).all()
        flags.append({**_row(flag), "pages": [
            {**_row(p, omit=("code",)), "member": p.member.name} for p in pages]})
    care_team = [
        {"role": a.member.role, "name": a.member.name, "team": a.member.team.name,
         "phone": a.member.phone, "email": a.member.email}
        for a in session.scalars(select(CareAssignment).where(CareAssignment.patient_id == pid)
                                 .order_by(CareAssignment.id))]
    team = session.get(Team, patient.team_id) if patient.team_id else None
    events = tracker.read_events(store, scope.conversation_ids)
    return {
        "format": FORMAT,
        "exported_at": (now or utcnow()).isoformat(),
        "language": patient.language,
        "patient": {**_row(patient, omit=("plan_version", "planned_version",
                                          "reminders_planned_at")),
                    "team": team.name if team else None},
        "channels": rows(ChannelIdentity, ChannelIdentity.patient_id == pid),
        "care_team": care_team,
        "care_plan": {"medications": rows(Medication, Medication.patient_id == pid)},
        "goals": goals,
        "readings": readings,
        "doses": doses,
        "appointments": rows(Appointment, Appointment.patient_id == pid,
                             order=Appointment.starts_at),
        "flags": flags,
        "messages_in": [_row(m) for m in session.scalars(scope.inbound())],
        "messages_out": [_row(m) for m in outbound if m.caregiver_id is None],
        "conversation": {"tracker_store": store.describe(),
                         "conversation_ids": scope.conversation_ids, "events": events},
        "caregivers": caregivers,
        "consent": rows(ConsentEvent, ConsentEvent.patient_id == pid, order=ConsentEvent.at),
        "reminders": rows(Reminder, Reminder.patient_id == pid, order=Reminder.due_at),
        "takeovers": [_row(t) for t in session.scalars(scope.takeovers())],
        "enrollment": {
            "codes": rows(EnrollmentCode, EnrollmentCode.patient_id == pid,
                          omit=("code_hash",)),
            "attempts": [_row(a) for a in session.scalars(scope.enrollment_attempts())]},
        "message_effects": rows(MessageEffect, MessageEffect.patient_id == pid),
        "audit": [_row(a) for a in session.scalars(scope.audit())],
    }


def counts(data: dict[str, Any]) -> dict[str, int]:
    """How many entries of each category (for the audit trail and the report)."""
    out = {}
    for name in CATEGORIES:
        value = data[name]
        if name == "conversation":
            value = value["events"]
        elif name == "care_plan":
            value = value["medications"]
        elif name == "enrollment":
            value = value["codes"] + value["attempts"]
        out[name] = 1 if isinstance(value, dict) else len(value)
    return out


# --- the readable document ------------------------------------------------------------

# What each section shows: its list in data.json and the fields of each entry.
_SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("channels", "channels", ("channel", "external_id", "consent_at", "opted_out_at",
                              "created_at")),
    ("care_team", "care_team", ("role", "name", "team", "phone", "email")),
    ("care_plan", "care_plan.medications", ("name", "dose_text", "times", "start_date",
                                            "end_date", "active")),
    ("goals", "goals", ("kind", "target_value", "target_unit", "comparison",
                        "days_per_week", "status", "set_by")),
    ("progress", "goals.progress", ("recorded_at", "value", "unit", "source")),
    ("readings", "readings", ("recorded_at", "kind", "value", "unit")),
    ("doses", "doses", ("scheduled_at", "medication", "status", "answered_at")),
    ("appointments", "appointments", ("starts_at", "with_whom", "location", "notes",
                                      "cancelled")),
    ("flags", "flags", ("created_at", "kind", "severity", "status", "summary",
                        "acknowledged_by", "resolved_by", "resolution_note")),
    ("messages_in", "messages_in", ("received_at", "channel", "sender", "text")),
    ("messages_out", "messages_out", ("created_at", "channel", "address", "text", "status")),
    ("conversation", "conversation.events", ("timestamp", "type", "intent", "action",
                                             "text")),
    ("caregivers", "caregivers", ("name", "relationship_to_patient", "phone",
                                  "receives_reminders", "receives_missed_dose_alerts",
                                  "may_see_medication_names")),
    ("caregiver_messages", "caregivers.received", ("created_at", "address", "text",
                                                   "status")),
    ("consent", "consent", ("at", "scope", "given", "caregiver_id", "actor", "channel")),
    ("reminders", "reminders", ("due_at", "kind", "status", "reason")),
    ("takeovers", "takeovers", ("started_at", "ended_at", "end_reason")),
    ("audit", "audit", ("at", "actor", "action", "entity")),
)


def _entries(data: dict[str, Any], path: str) -> list[dict[str, Any]]:
    first, _, rest = path.partition(".")
    value = data[first]
    if not rest:
        return list(value)
    if isinstance(value, dict):
        return list(value[rest])
    return [entry for item in value for entry in item[rest]]


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return text("patient.export." + ("yes" if value else "no"), lang)
    if isinstance(value, float) and value > 1e9:  # Rasa's event timestamps
        value = dt.datetime.fromtimestamp(value, dt.timezone.utc).isoformat(timespec="seconds")
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return html.escape(str(value))


def _shown(section: str, name: str, value: Any, lang: str) -> str:
    """A cell, with the codes a patient cannot read put in words: the consent scopes."""
    if section == "consent" and name == "scope" and has(f"patient.export.scope_{value}"):
        return html.escape(text(f"patient.export.scope_{value}", lang))
    return _cell(value, lang)


def _event_row(event: dict[str, Any]) -> dict[str, Any]:
    body = event.get("event") if isinstance(event.get("event"), dict) else {}
    return {**event, "text": body.get("text") if body else None}


def render_html(data: dict[str, Any], lang: str) -> str:
    """The export as one HTML page in French or Dutch; every value escaped."""
    lang = normalise(lang)

    def t(key: str) -> str:
        return html.escape(text(f"patient.export.{key}", lang))

    def field(name: str) -> str:
        return html.escape(text(f"patient.export_field.{name}", lang))

    patient = data["patient"]
    out = [
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        f"<title>{t('title')}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
        "margin-bottom:1.5em}td,th{border:1px solid #999;padding:.2em .5em;"
        "text-align:left;vertical-align:top}</style>",
        "</head>", "<body>", f"<h1>{t('title')}</h1>", f"<p>{t('intro')}</p>",
        f"<p>{t('exported_at')} {_cell(data['exported_at'], lang)}</p>",
        f"<h2>{t('section_patient')}</h2>", "<table>",
    ]
    for name in ("external_ref", "first_name", "last_name", "language", "timezone", "phone",
                 "quiet_start", "quiet_end", "team", "created_at"):
        out.append(f"<tr><th>{field(name)}</th>"
                   f"<td>{_cell(patient.get(name), lang)}</td></tr>")
    out.append("</table>")
    for section, path, fields in _SECTIONS:
        entries = _entries(data, path)
        if section == "conversation":
            entries = [_event_row(e) for e in entries]
        out.append(f"<h2>{t('section_' + section)}</h2>")
        if section == "conversation" and not data["conversation"]["tracker_store"]["readable"]:
            out.append(f"<p>{t('conversation_unreadable')}</p>")
        if not entries:
            out.append(f"<p>{t('none')}</p>")
            continue
        out.append("<table><tr>" + "".join(
            f"<th>{field(f)}</th>" for f in fields) + "</tr>")
        for entry in entries:
            out.append("<tr>" + "".join(f"<td>{_shown(section, f, entry.get(f), lang)}</td>"
                                        for f in fields) + "</tr>")
        out.append("</table>")
    out.append(f"<p>{t('machine_readable')}</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def archive_bytes(data: dict[str, Any], lang: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2,
                                                 default=str))
        archive.writestr("index.html", render_html(data, lang))
    return buffer.getvalue()


def archive(session: Session, ref: str, *, actor: str,
            store: tracker.TrackerStore | None = None,
            now: dt.datetime | None = None) -> tuple[bytes, dict[str, int]]:
    """The zip's bytes, with the export recorded in the audit trail (who, when, how
    many of each category): what the command line writes and the console sends."""
    data = collect(session, ref, store=store, now=now)
    numbers = counts(data)
    audit.record(session, actor, "export", "gdpr_archive", patient_id=data["patient"]["id"],
                 entity_id=data["patient"]["id"], detail={"categories": numbers})
    return archive_bytes(data, data["language"]), numbers


def write_archive(session: Session, ref: str, path: str | Path, *, actor: str,
                  store: tracker.TrackerStore | None = None,
                  now: dt.datetime | None = None) -> dict[str, int]:
    """Write the zip at ``path`` (``archive``); returns the counts per category."""
    content, numbers = archive(session, ref, actor=actor, store=store, now=now)
    Path(path).write_bytes(content)
    return numbers
