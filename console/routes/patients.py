"""Patients: the list, a patient's page, the care-plan editor and its simple forms."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.responses import Response
from starlette.routing import Route

from bot import caregiver_replies, consent, language_choice, readings, refills
from bot.careplan_file import (
    CarePlanFileError,
    apply_careplan,
    export_careplan,
    parse_careplan,
    shared_member_changes,
)
from bot.models import (
    Appointment,
    CareAssignment,
    CareTeamMember,
    ChannelIdentity,
    Flag,
    Goal,
    Medication,
    Patient,
    utcnow,
)
from bot.nlu.languages import LANGUAGES
from console import careplan_forms, data, readings_chart
from console.context import ConsoleApp, Ctx, int_param, redirect

# Who corrects a medication's stock from the patient page: the nurses and coordinators
# who follow the patient (an admin manages accounts, not the count of a patient's pills).
STOCK_ROLES = ("nurse", "coordinator")


def routes(app: ConsoleApp) -> list[Route]:
    h = app.handler
    return [
        Route("/patients", h(patients_page)),
        Route("/patients/{patient_id}", h(patient_page)),
        Route("/patients/{patient_id}/careplan", h(careplan_page), methods=["GET", "POST"]),
        Route("/patients/{patient_id}/careplan/change", h(careplan_change),
              methods=["POST"]),
        Route("/patients/{patient_id}/language", h(set_language), methods=["POST"]),
        Route("/patients/{patient_id}/stock", h(set_stock, roles=STOCK_ROLES),
              methods=["POST"]),
    ]


def patients_page(c: Ctx) -> Response:
    visible = c.visible()
    query = select(Patient).order_by(Patient.last_name, Patient.first_name)
    if visible is not None:
        query = query.where(Patient.id.in_(visible))
    patients = list(c.s.scalars(query))
    c.audit("read", "patient_list", detail={"patients": len(patients)})
    return c.page("patients.html", patients=patients)


def patient_page(c: Ctx) -> Response:
    patient = c.patient(int_param(c.request.path_params["patient_id"]))
    identities = list(c.s.scalars(select(ChannelIdentity).where(
        ChannelIdentity.patient_id == patient.id).order_by(ChannelIdentity.id)))
    patient_flags = list(c.s.scalars(select(Flag).where(
        Flag.patient_id == patient.id).order_by(Flag.created_at.desc()).limit(20)))
    c.audit("read", "patient", patient_id=patient.id, entity_id=patient.id)
    return c.page("patient.html", patient=patient, identities=identities,
                  flags=patient_flags, paging=c.paging(patient_flags),
                  consents=consent.history(c.s, patient.id), consent_scopes=consent.SCOPES,
                  caregiver_names={cg.id: cg.name for cg in patient.caregivers},
                  languages=LANGUAGES, **patient_context(c, patient))


def set_language(c: Ctx) -> Response:
    """The language the patient is written to, set by anyone of the care team who may
    see the patient (a patient who asked the nurse by phone); audited as
    ``language_changed`` with this account as the actor (bot/language_choice.py),
    and the next answer of the assistant is in it too."""
    patient = c.patient(int_param(c.request.path_params["patient_id"]))
    chosen = c.field("language")
    if chosen not in LANGUAGES:
        c.flash("patient_language_bad", "error")
    else:
        language_choice.set_language(c.s, patient, chosen, actor=c.actor,
                                     channel="console", reason="console")
        c.flash("patient_language_saved", language=c.t(f"language_{chosen}"))
    return redirect(f"/patients/{patient.id}#patient-language")


def patient_context(c: Ctx, patient: Patient) -> dict[str, Any]:
    """The care-plan summary and adherence chart of the patient and conversation pages."""
    now = utcnow()
    series = data.adherence_series(c.s, patient, now=now)
    taken = sum(d.taken for d in series)
    planned = sum(d.planned for d in series)
    pending = sum(d.pending for d in series)
    summary = c.t("adherence_summary", taken=taken, planned=planned,
                  percent=round(100 * taken / planned) if planned else 0)
    if pending:
        summary += " · " + c.t("adherence_pending", count=pending)
    planned += pending  # a chart as soon as a dose is due
    medications = list(c.s.scalars(select(Medication).where(
        Medication.patient_id == patient.id, Medication.active.is_(True))
        .order_by(Medication.id)))
    team = list(c.s.scalars(
        select(CareTeamMember).join(CareAssignment, CareAssignment.member_id ==
                                    CareTeamMember.id)
        .where(CareAssignment.patient_id == patient.id).order_by(CareTeamMember.name)))
    return {
        "goals": list(c.s.scalars(select(Goal).where(
            Goal.patient_id == patient.id, Goal.status == "active").order_by(Goal.id))),
        "medications": medications,
        "appointments": list(c.s.scalars(select(Appointment).where(
            Appointment.patient_id == patient.id, Appointment.cancelled.is_(False),
            Appointment.starts_at >= now).order_by(Appointment.starts_at).limit(5))),
        "care_team": team,
        # Whole days each counted medication lasts at the plan's use (bot/refills.py).
        "days_left": {m.id: refills.days_left(m) for m in medications},
        "caregivers": sorted(patient.caregivers, key=lambda cg: cg.id),
        "caregiver_alerts": caregiver_replies.latest_alerts(c.s, patient.id),
        "chart": data.adherence_svg(series, summary, c.t("pending")) if planned else None,
        "adherence_summary": summary if planned else c.t("no_doses"),
        "zone": patient.timezone,
        "readings": readings_chart.charts(
            c.s, patient, lambda kind, count: c.t(
                "readings_chart", what=c.t(f"reading_kind_{kind}"), count=count), now=now),
        "weight_rule": _weight_rule(c, patient),
    }


def _weight_rule(c: Ctx, patient: Patient) -> str | None:
    """The heart-failure weight rule in words: a gain over days is no line to draw."""
    thresholds = readings.thresholds_of(patient)
    if thresholds.weight_gain_kg is None:
        return None
    return c.t("reading_weight_rule", gain=f"{thresholds.weight_gain_kg:g}",
               days=thresholds.weight_gain_days)


def careplan_page(c: Ctx) -> Response:
    patient = c.patient(int_param(c.request.path_params["patient_id"]))
    if c.request.method == "POST":
        text = str(c.form.get("careplan", "")) if c.form is not None else ""
        return _save_careplan(c, patient, text, with_lines=True)
    # Audited by export_careplan itself, as an export of the plan by this account.
    return _careplan_editor(c, patient, export_careplan(c.s, patient, c.actor), [])


def _careplan_editor(c: Ctx, patient: Patient, text: str, problems: list[str],
                     status_code: int = 200) -> Response:
    try:
        plan = careplan_forms.load(text)
    except ValueError:
        plan = {}
    return c.page("careplan.html", status_code, patient=patient, text=text,
                  problems=problems, plan=plan, goal_kinds=careplan_forms.GOAL_KINDS)


def _save_careplan(c: Ctx, patient: Patient, text: str, with_lines: bool) -> Response:
    """Validate the whole plan with bot/careplan_file and apply it, or show every
    problem (with line numbers for the YAML editor, paths for the forms)."""
    problems: list[str] = []
    try:
        plan = parse_careplan(text, "careplan.yml")
    except CarePlanFileError as error:
        problems = [(f"{c.t('line')} {p.line} — " if with_lines else "")
                    + (f"{p.path} : " if p.path else "") + p.text(c.lang)
                    for p in error.problems]
    else:
        team = patient.team.name if patient.team else None
        shared = shared_member_changes(c.s, plan) if c.user.role == "nurse" else []
        if plan.patient.ref != patient.external_ref or plan.patient.team != team:
            problems = [c.t("careplan_wrong_patient")]
        elif shared:  # shared by the team's other patients: a coordinator's change
            problems = [c.t("careplan_shared_member", name=name) for name in shared]
        else:
            apply_careplan(c.s, plan, actor=c.actor)
            c.flash("saved")
            return redirect(f"/patients/{patient.id}")
    c.audit("update_refused", "careplan", patient_id=patient.id,
            entity_id=patient.id, detail={"problems": len(problems)})
    return _careplan_editor(c, patient, text, problems, 422)


def careplan_change(c: Ctx) -> Response:
    """The simple forms (add or stop a medication, add or cancel an appointment, set
    a goal): one change to the current plan, validated and applied like the file."""
    patient = c.patient(int_param(c.request.path_params["patient_id"]))
    current = export_careplan(c.s, patient, c.actor)
    fields = {key: c.field(key) for key in careplan_forms.FIELDS}
    try:
        text = careplan_forms.change(current, c.field("op"), fields)
    except careplan_forms.FormError as error:
        return _careplan_editor(c, patient, current, [error.text(c.lang)], 422)
    return _save_careplan(c, patient, text, with_lines=False)


def set_stock(c: Ctx) -> Response:
    """A nurse's or coordinator's correction of a medication's stock (and pack size),
    made on the exported plan and saved through the one care-plan validator and apply
    path like every other writer (audited there), plus its own audit entry with the
    counts before and after."""
    patient = c.patient(int_param(c.request.path_params["patient_id"]))
    name = c.field("name")
    medication = next((m for m in patient.medications
                       if m.active and m.name.casefold() == name.casefold()), None)
    before = (medication.stock, medication.pack_size) if medication else (None, None)
    current = export_careplan(c.s, patient, c.actor)
    fields = {key: c.field(key) for key in careplan_forms.FIELDS}
    try:
        text = careplan_forms.change(current, "set_stock", fields)
    except careplan_forms.FormError as error:
        return _careplan_editor(c, patient, current, [error.text(c.lang)], 422)
    response = _save_careplan(c, patient, text, with_lines=False)
    if medication is not None and response.status_code < 400:
        c.audit("update", "medication_stock", patient_id=patient.id, entity_id=medication.id,
                detail={"medication": medication.name, "stock": [before[0], medication.stock],
                        "pack_size": [before[1], medication.pack_size]})
    return response
