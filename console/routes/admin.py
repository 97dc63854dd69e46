"""Coordinators' and admins' pages: the audit trail, the on-call rota, the accounts."""

from __future__ import annotations

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Route

from bot import accounts, rota
from bot.models import AuditEntry, CareTeamMember, ConsoleUser, Team, utcnow
from bot.nlu.languages import DEFAULT_LANGUAGE
from console.context import ConsoleApp, Ctx, int_param, redirect

STAFF = ("coordinator", "admin")
ADMIN = ("admin",)


def routes(app: ConsoleApp) -> list[Route]:
    h = app.handler
    return [
        Route("/audit", h(audit_page, roles=STAFF)),
        Route("/rota", h(rota_page, roles=STAFF), methods=["GET", "POST"]),
        Route("/users", h(users_page, roles=ADMIN), methods=["GET", "POST"]),
        Route("/users/{user_id}/disable", h(disable_user, roles=ADMIN), methods=["POST"]),
        Route("/users/{user_id}/revoke-sessions", h(revoke_sessions, roles=ADMIN),
              methods=["POST"]),
    ]


def rota_page(c: Ctx) -> Response:
    """The team's on-call rota as its YAML file (docs/rota-format.md), validated by
    bot/rota.py like the CLI's import: line-numbered errors, nothing stored unless
    all is valid; the next page and escalation follow it at once. A coordinator
    edits their team's, an admin any team's (?team=ID)."""
    teams = list(c.s.scalars(select(Team).order_by(Team.name)))
    if c.user.role == "admin":
        wanted = c.request.query_params.get("team") or c.field("team_id")
        team = next((t for t in teams if str(t.id) == wanted), teams[0] if teams else None)
    else:
        team = c.s.get(Team, c.user.team_id) if c.user.team_id else None
    if team is None:
        raise HTTPException(404)
    problems: list[str] = []
    status_code = 200
    if c.request.method == "POST":
        text = str(c.form.get("rota", "")) if c.form is not None else ""
        try:
            loaded, doc = rota.load_rota(c.s, text, "rota.yml")
            if loaded.id != team.id:
                problems = [c.t("rota_wrong_team", team=team.name)]
        except rota.RotaFileError as error:
            problems = [f"{c.t('line')} {p.line} — " + (f"{p.path} : " if p.path else "")
                        + p.text(c.lang) for p in error.problems]
        if not problems:
            rota.apply_rota(c.s, team, doc, c.actor)
            c.flash("rota_saved")
            return redirect(f"/rota?team={team.id}")
        c.audit("update_refused", "rota", entity_id=team.id,
                detail={"problems": len(problems)})
        status_code = 422
    else:
        text = rota.export_rota(c.s, team) or ROTA_TEMPLATE.format(team=team.name)
        c.audit("read", "rota", entity_id=team.id)
    team_rota = rota.rota_for(c.s, team.id)
    on_call = rota.who_is_on_call(team_rota, utcnow()) if team_rota else None
    member = c.s.get(CareTeamMember, on_call) if on_call else None
    return c.page("rota.html", status_code, team=team, teams=teams, text=text,
                  problems=problems, on_call=member, has_rota=team_rota is not None)


def audit_page(c: Ctx) -> Response:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300)
    visible = c.visible()
    patient_param = c.request.query_params.get("patient")
    if patient_param:
        query = query.where(AuditEntry.patient_id == c.patient(int_param(patient_param)).id)
    elif visible is not None:
        team_actors = [f"console:{u}" for u in c.s.scalars(
            select(ConsoleUser.username).where(ConsoleUser.team_id == c.user.team_id))]
        query = query.where(AuditEntry.patient_id.in_(visible)
                            | AuditEntry.actor.in_(team_actors))
    entries = list(c.s.scalars(query))
    c.audit("read", "audit", patient_id=int(patient_param) if patient_param else None)
    return c.page("audit.html", entries=entries)


def users_page(c: Ctx) -> Response:
    if c.request.method == "POST":
        team = c.s.get(Team, int(c.field("team_id"))) if c.field("team_id").isdigit() else None
        team_name, password = team.name if team else None, c.field("password")
        c.s.commit()  # no transaction open while argon2 hashes (tens of milliseconds)
        hashed = (accounts.hash_password(password)
                  if len(password) >= accounts.MIN_PASSWORD else None)
        try:
            accounts.create_user(c.s, c.field("username"), password,
                                 c.field("role"), team=team_name,
                                 member=c.field("member") or None,
                                 language=c.field("language") or DEFAULT_LANGUAGE,
                                 actor=c.actor,
                                 password_hash=hashed)
            c.flash("done")
        except accounts.AccountError as error:
            c.flash_text(error.text(c.lang), "error")
        return redirect("/users")
    users = list(c.s.scalars(select(ConsoleUser).order_by(ConsoleUser.username)))
    teams = list(c.s.scalars(select(Team).order_by(Team.name)))
    c.audit("read", "console_users")
    return c.page("users.html", users=users, teams=teams, roles=accounts.ROLES)


def disable_user(c: Ctx) -> Response:
    target = c.s.get(ConsoleUser, int_param(c.request.path_params["user_id"]))
    if target is None:
        raise HTTPException(404)
    if target.id != c.user.id:
        accounts.disable_user(c.s, target, actor=c.actor)
        c.flash("done")
    return redirect("/users")


def revoke_sessions(c: Ctx) -> Response:
    """Sign this account out everywhere (a lost or shared device)."""
    target = c.s.get(ConsoleUser, int_param(c.request.path_params["user_id"]))
    if target is None:
        raise HTTPException(404)
    accounts.revoke_sessions(c.s, target, actor=c.actor, reason="admin")
    if target.id != c.user.id:
        c.flash("done")
    return redirect("/users")


ROTA_TEMPLATE = """\
# On-call rota (docs/rota-format.md): replace the names with your team's members.
version: 1
team: "{team}"
timezone: Europe/Brussels
ack_timeout_minutes: 10
weekly:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    start: "08:00"
    end: "20:00"
    member: "Day nurse"
  - days: [mon, tue, wed, thu, fri, sat, sun]
    start: "20:00"
    end: "08:00"
    member: "Night nurse"
replacements: []
escalation:
  - "Backup"
  - "Coordinator"
"""
