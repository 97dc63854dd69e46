"""A patient's consents and rights on the patient page: the consent history and, for
coordinators and admins, recording a consent given or withdrawn (bot/consent.py);
for admins only, the GDPR export (the archive of `bot gdpr export`) and the two-step
erasure of `bot gdpr erase`, confirmed by typing the patient's reference. Every
action is audited by the functions of bot/ it calls. An account of another role gets
403 (the page does not show it the buttons); a patient it may not see, 404."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from bot import consent, gdpr
from bot.gdpr import tracker
from bot.models import Caregiver, Patient
from console.context import ConsoleApp, Ctx, int_param, redirect

CONSENT_ROLES = ("coordinator", "admin")


def routes(app: ConsoleApp) -> list[Route]:
    h = app.handler
    return [
        Route("/patients/{patient_id}/consent", h(record_consent), methods=["POST"]),
        Route("/patients/{patient_id}/gdpr/export", h(export_archive)),
        Route("/patients/{patient_id}/gdpr/erase", h(erase_patient), methods=["GET", "POST"]),
    ]


def _patient(c: Ctx, roles: tuple[str, ...]) -> tuple[Patient, Response | None]:
    """The patient (404 if the account may not see them) and, for a role that may not
    do this, the 403 page: answered, not raised, so the refusal's audit entry is
    committed with the request's transaction."""
    patient = c.patient(int_param(c.request.path_params["patient_id"]))
    if c.user.role in roles:
        return patient, None
    c.audit("refused", "gdpr", patient_id=patient.id, detail={"path": c.request.url.path})
    return patient, c.page("error.html", 403, message_key="role_forbidden")


def _store(c: Ctx) -> tracker.TrackerStore:
    return c.settings.tracker_store or tracker.configured()


def record_consent(c: Ctx) -> Response:
    """One consent given or withdrawn, for the patient or one of their caregivers."""
    patient, refused = _patient(c, CONSENT_ROLES)
    if refused is not None:
        return refused
    scope, action = c.field("scope"), c.field("action")
    caregiver = None
    if c.field("caregiver_id"):
        caregiver = c.s.get(Caregiver, int_param(c.field("caregiver_id")))
        if caregiver is None or caregiver.patient_id != patient.id:
            raise HTTPException(404)
    if scope not in consent.SCOPES or action not in ("given", "withdrawn") or (
            caregiver is not None and scope == consent.CHAT_SERVICE):
        c.flash("consent_bad", "error")
        return redirect(f"/patients/{patient.id}#consent-h")
    consent.record(c.s, patient, scope, action == "given", actor=c.actor, channel="console",
                   caregiver=caregiver)
    c.flash("consent_recorded")
    return redirect(f"/patients/{patient.id}#consent-h")


def export_archive(c: Ctx) -> Response:
    """The same archive as `bot gdpr export`, audited as an export by this account."""
    patient, refused = _patient(c, ("admin",))
    if refused is not None:
        return refused
    content, _ = gdpr.archive(c.s, patient.external_ref, actor=c.actor, store=_store(c))
    name = f"{patient.external_ref}-gdpr-export.zip"
    return Response(content, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


def erase_patient(c: Ctx) -> Response:
    """GET: what would go (gdpr.plan) and the form; POST with the reference typed back:
    the erasure (gdpr.erase), then the patient list."""
    patient, refused = _patient(c, ("admin",))
    if refused is not None:
        return refused
    ref = patient.external_ref
    store = _store(c)
    if c.request.method == "POST":
        if c.field("confirm") == ref:
            gdpr.erase(c.s, ref, gdpr.confirmation_phrase(ref), actor=c.actor, store=store)
            c.flash("gdpr_erased", ref=ref)
            return redirect("/patients")
        c.audit("erase_refused", "patient", patient_id=patient.id, entity_id=patient.id)
        return c.page("gdpr_erase.html", 422, patient=patient,
                      planned=gdpr.plan(c.s, ref, store=store), wrong=True)
    c.audit("read", "erase_plan", patient_id=patient.id, entity_id=patient.id)
    return c.page("gdpr_erase.html", patient=patient, planned=gdpr.plan(c.s, ref, store=store),
                  wrong=False)
