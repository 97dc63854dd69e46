"""`GET /fhir/Patient/{ref}/$everything`: a patient's Bundle (bot/fhir/export.py) for a
GP or hospital system, read-only, as `application/fhir+json`.

Not a console page: no session, no sign-in form. The caller is an organisation with a
bearer token (`bot fhir token add ORG`, bot/fhir/tokens.py), limited to the patients
of its care team or to all. It lives on the console app because that is the process
that already serves HTTP to the outside over TLS; the console's session middleware
leaves it alone (it never touches the session, so no cookie is set) and the CSRF check
only concerns unsafe methods, which this route does not accept. `{ref}` is our
patient reference (the Patient's identifier in our NamingSystem).

Every request is written to the audit trail, refusals included; refusals are FHIR
OperationOutcomes: 401 (no token, or not a valid one; with `WWW-Authenticate:
Bearer`), 404 (no such patient), 403 (a patient of another team). Telling 403 from
404 reveals to an authenticated organisation that a reference exists, no more.
"""

from __future__ import annotations

from fhir.resources.R4B.operationoutcome import OperationOutcome, OperationOutcomeIssue
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot import audit
from bot.db import session_scope
from bot.fhir import tokens
from bot.fhir.export import export_bundle
from bot.models import Patient
from console.context import ConsoleApp

MEDIA_TYPE = "application/fhir+json"


def outcome(status: int, code: str, text: str) -> Response:
    body = OperationOutcome(issue=[OperationOutcomeIssue(
        severity="error", code=code, diagnostics=text)]).model_dump_json()
    headers = {"WWW-Authenticate": 'Bearer realm="fhir"'} if status == 401 else None
    return Response(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def routes(app: ConsoleApp) -> list[Route]:
    async def everything(request: Request) -> Response:
        return await run_in_threadpool(_everything, app, request)

    return [Route("/fhir/Patient/{ref}/$everything", everything, methods=["GET"])]


def _everything(app: ConsoleApp, request: Request) -> Response:
    ref = request.path_params["ref"]
    source = request.client.host if request.client else None
    with session_scope(app.settings.database_url) as s:
        client = tokens.authenticate(s, _bearer(request))
        patient = s.scalar(select(Patient).where(Patient.external_ref == ref))
        if client is None:
            # Tied to the patient when the reference is one: an erasure then finds it.
            audit.record(s, "fhir:unauthenticated", "refused", "fhir_bundle",
                         patient_id=patient.id if patient else None,
                         detail={"ref": ref, "reason": "no valid token", "source": source})
            return outcome(401, "login", "a valid bearer token is required")
        if patient is None:
            audit.record(s, client.actor, "refused", "fhir_bundle",
                         detail={"ref": ref, "reason": "unknown patient", "source": source})
            return outcome(404, "not-found", f"no patient with reference {ref}")
        if not client.may_read(patient):
            audit.record(s, client.actor, "refused", "fhir_bundle", patient_id=patient.id,
                         detail={"ref": ref, "reason": "not a patient of this organisation",
                                 "source": source})
            return outcome(403, "forbidden", "this patient is not followed by your team")
        bundle = export_bundle(s, ref, actor=client.actor, bundle_type="searchset",
                               action="read")
        return Response(bundle.model_dump_json(), media_type=MEDIA_TYPE)
