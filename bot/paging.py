"""On-call paging: a flag that must wake someone sends an SMS to the person on call,
and to the next one on the rota's escalation list when nobody answers.

Plain Python over the care-plan database; every function takes ``now`` so the tests
(and the benchmark) drive the clock. The flow:

* ``on_flag`` runs whenever a flag is raised or re-opened (bot/flags.raise_flag calls
  it in the same transaction, so the safety net's 112 answer and the page are queued
  together). The flag's team rota (bot/rota.py) decides whether it pages; then the
  person on call gets an SMS through the outbound queue at urgent priority (first in
  line, never held for quiet hours) with a 4-digit code to reply with.
* ``escalate_due`` runs every tick of the reminders scheduler: a page not acknowledged
  within the rota's timeout is marked ``no_answer`` and the next person on the
  escalation list is paged, the coordinator last. When nobody is on call, or the SMS
  failed (the outbound row says so), the coordinator is paged at once.
* ``acknowledge_sms`` (the gateway, for "OK 4821" from the paged number) and
  ``acknowledge_console`` (opening or acknowledging the flag in the console) stop it.

Which team pages for a flag: the patient's. A flag without one (an unlinked chat
account, or a patient with no team) goes to the team named by PAGING_UNLINKED_TEAM,
or else to the first team that has a rota: an unknown person typing "I can't
breathe" at 03:00 needs the on-call nurse as much as a patient does.

Every page, acknowledgement and escalation is in the audit trail (actor "paging").
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit, flags, i18n, outbound, phones, rota
from bot.models import (
    CareTeamMember,
    ConsoleUser,
    Flag,
    OutboundMessage,
    Page,
    Patient,
    Team,
    TeamRota,
    utcnow,
)
from bot.nlu.languages import normalise

log = logging.getLogger("bot.paging")
ACTOR = "paging"
DEFAULT_CONSOLE_URL = "http://127.0.0.1:8090"
# A late "OK" still counts (it stops the escalation) for this long after the page.
ACK_WINDOW = dt.timedelta(hours=24)
_ACK_RE = re.compile(r"^\s*ok\s*[:.,-]?\s*((?:\d\s*){4})[.!]*\s*$", re.IGNORECASE)


def console_url() -> str:
    return os.environ.get("CONSOLE_PUBLIC_URL", DEFAULT_CONSOLE_URL).rstrip("/")


def parse_ack(text: str) -> str | None:
    """The code of an "OK 4821" reply (any case, spaces tolerated), else None."""
    match = _ACK_RE.match(text or "")
    return re.sub(r"\s", "", match[1]) if match else None


# --- which team, which rota ------------------------------------------------------------


def team_for(session: Session, flag: Flag) -> int | None:
    patient = session.get(Patient, flag.patient_id) if flag.patient_id else None
    if patient is not None and patient.team_id is not None:
        return patient.team_id
    name = os.environ.get("PAGING_UNLINKED_TEAM", "").strip()
    if name:
        return session.scalar(select(Team.id).where(Team.name == name))
    return session.scalar(select(TeamRota.team_id).order_by(TeamRota.team_id).limit(1))


def _round_pages(session: Session, flag_id: int, round_: int) -> list[Page]:
    return list(session.scalars(select(Page).where(Page.flag_id == flag_id,
                                                   Page.round == round_).order_by(Page.id)))


def _pending(session: Session, flag_id: int | None = None) -> list[Page]:
    query = select(Page).where(Page.acked_at.is_(None), Page.outcome.is_(None))
    if flag_id is not None:
        query = query.where(Page.flag_id == flag_id)
    return list(session.scalars(query.order_by(Page.id)))


# --- paging ------------------------------------------------------------------------------


def on_flag(session: Session, flag: Flag, now: dt.datetime | None = None, *,
            reopened: bool = False) -> Page | None:
    """Page the person on call for a new flag, or a re-opened one (a new round); a flag
    already paged, or one its rota does not page, pages nobody."""
    now = now or utcnow()
    if flag.status != flags.OPEN or _pending(session, flag.id):
        return None
    last_round = max((p.round for p in session.scalars(
        select(Page).where(Page.flag_id == flag.id))), default=0)
    if last_round and not reopened:
        return None
    team_rota = rota.rota_for(session, team_for(session, flag))
    if team_rota is None or not rota.pages(team_rota, flag.kind, flag.severity, now):
        return None
    on_call = rota.who_is_on_call(team_rota, now)
    if on_call is None:
        log.warning("flag %s: nobody on call in team %s, paging the coordinator",
                    flag.id, team_rota.team_id)
        return _page_next(session, flag, team_rota, last_round + 1, now, after_step=-1,
                          coordinator_first=True, reason="nobody_on_call")
    return _page(session, flag, team_rota, on_call, 0, last_round + 1, now, None)


def _page(session: Session, flag: Flag, team_rota: rota.Rota, member_id: int, step: int,
          round_: int, now: dt.datetime, reason: str | None) -> Page | None:
    """One page: the row, its code, the SMS queued at urgent priority. A member who
    cannot be paged (no phone any more, a landline: bot/phones.py, inactive) is
    recorded as failed and the coordinator is paged instead."""
    member = session.get(CareTeamMember, member_id)
    page = Page(flag_id=flag.id, team_id=team_rota.team_id, member_id=member_id,
                round=round_, step=step, channel="sms", code=_new_code(session, member_id),
                reason=reason, sent_at=now)
    session.add(page)
    session.flush()
    if member is None or not member.active or not phones.is_mobile(member.phone):
        page.outcome = "failed"
        why = "not_mobile" if member is not None and member.phone else "no_phone"
        audit.record(session, ACTOR, "page_failed", "flag", patient_id=flag.patient_id,
                     entity_id=flag.id, detail={"page_id": page.id, "member_id": member_id,
                                                "why": why})
        return _page_next(session, flag, team_rota, round_, now, after_step=step,
                          coordinator_first=True) or page
    lang = normalise(member.language)
    started = min([p.sent_at for p in _round_pages(session, flag.id, round_)], default=now)
    patient = session.get(Patient, flag.patient_id) if flag.patient_id else None
    level = flag.severity if i18n.has(f"team.page_level.{flag.severity}") else "urgent"
    text = i18n.text(
        "team.page_sms", lang, level=i18n.text(f"team.page_level.{level}", lang),
        ref=patient.external_ref if patient else i18n.text("team.page_unlinked", lang),
        kind=i18n.word("team.page_kind", flag.kind, lang),
        time=started.astimezone(team_rota.zone).strftime("%H:%M"), code=page.code,
        url=f"{console_url()}/flags/{flag.id}")
    row = outbound.send(session, outbound.Recipient(channel="sms", address=member.phone),
                        outbound.Message(text, f"page:{page.id}", urgent=True))
    session.flush()
    page.outbound_message_id = row.id
    audit.record(session, ACTOR, "page", "flag", patient_id=flag.patient_id, entity_id=flag.id,
                 detail={"page_id": page.id, "member_id": member_id, "step": step,
                         "round": round_, "reason": reason, "outbound_id": row.id})
    log.info("flag %s: paged member %s (step %s, round %s)", flag.id, member_id, step, round_)
    return page


def _new_code(session: Session, member_id: int) -> str:
    """4 random digits, not shared with another page this member could still answer."""
    taken = set(session.scalars(select(Page.code).where(
        Page.member_id == member_id, Page.acked_at.is_(None),
        (Page.outcome.is_(None)) | (Page.outcome == "no_answer"))))
    while True:
        code = f"{secrets.randbelow(10_000):04d}"
        if code not in taken:
            return code


def _page_next(session: Session, flag: Flag, team_rota: rota.Rota, round_: int,
               now: dt.datetime, *, after_step: int, coordinator_first: bool = False,
               reason: str | None = None) -> Page | None:
    """The next person of the escalation list not yet paged in this round: the
    coordinator first when the chain is broken (nobody on call, a failed SMS), and
    after the end of the list those skipped on the way (the backup, when the
    coordinator was paged at once and did not answer either)."""
    chain = list(enumerate(team_rota.escalation, start=1))
    candidates = ([(s, m) for s, m in chain if s > after_step]
                  + [(s, m) for s, m in chain if s <= after_step])
    if coordinator_first and chain:
        candidates = [chain[-1], *[c for c in candidates if c != chain[-1]]]
    already = {p.member_id for p in _round_pages(session, flag.id, round_)}
    for step, member_id in candidates:
        if member_id not in already:
            return _page(session, flag, team_rota, member_id, step, round_, now, reason)
    audit.record(session, ACTOR, "page_exhausted", "flag", patient_id=flag.patient_id,
                 entity_id=flag.id, detail={"round": round_})
    log.error("flag %s: everybody on the escalation list was paged without an answer", flag.id)
    return None


def escalate_due(session: Session, now: dt.datetime | None = None) -> list[Page]:
    """Every tick: pages unanswered past the timeout go to the next person, failed SMS
    to the coordinator at once; pages of flags handled elsewhere stop. Returns the
    new pages."""
    now = now or utcnow()
    new: list[Page] = []
    for page in _pending(session):
        flag = session.get(Flag, page.flag_id)
        if flag is None or flag.status != flags.OPEN:
            page.outcome = "stopped"
            audit.record(session, ACTOR, "page_stopped", "flag", entity_id=page.flag_id,
                         patient_id=flag.patient_id if flag else None,
                         detail={"page_id": page.id, "flag_status": flag and flag.status})
            continue
        team_rota = rota.rota_for(session, page.team_id)
        sms = (session.get(OutboundMessage, page.outbound_message_id)
               if page.outbound_message_id else None)
        if sms is not None and sms.status == "failed":
            page.outcome = "failed"
            action, coordinator_first = "page_failed", True
        elif now >= page.sent_at + (team_rota.timeout if team_rota is not None
                                     else dt.timedelta(minutes=rota.DEFAULT_TIMEOUT)):
            # (A rota deleted meanwhile: the page still times out, nobody follows.)
            page.outcome = "no_answer"
            action, coordinator_first = "page_no_answer", False
        else:
            continue
        audit.record(session, ACTOR, action, "flag", patient_id=flag.patient_id,
                     entity_id=flag.id, detail={"page_id": page.id, "member_id": page.member_id,
                                                "step": page.step})
        if team_rota is not None:
            following = _page_next(session, flag, team_rota, page.round, now,
                                   after_step=page.step, coordinator_first=coordinator_first)
            if following is not None:
                new.append(following)
    return new


# --- acknowledgements ------------------------------------------------------------------


def acknowledge_sms(session: Session, phone: str, code: str,
                    now: dt.datetime | None = None) -> Page | None:
    """An "OK <code>" from the phone of the paged member: the page is acknowledged, the
    escalation stops and the flag is acknowledged in that member's name. Another
    number, or a code that is not theirs, returns None and changes nothing."""
    now = now or utcnow()
    member_ids = list(session.scalars(select(CareTeamMember.id).where(
        CareTeamMember.phone == phone)))
    if not member_ids:
        return None
    page = session.scalar(select(Page).where(
        Page.member_id.in_(member_ids), Page.code == code, Page.acked_at.is_(None),
        (Page.outcome.is_(None)) | (Page.outcome == "no_answer"),
        Page.sent_at >= now - ACK_WINDOW).order_by(Page.id.desc()).limit(1))
    if page is None:
        return None
    member = page.member
    page.acked_at, page.acked_via, page.acked_by, page.outcome = now, "sms", member.name, None
    _stop_others(session, page)
    flag = session.get_one(Flag, page.flag_id)  # the page's foreign key, on delete cascade
    if flag.status == flags.OPEN:
        flags.acknowledge(session, flag, f"page:{member.name}")
    audit.record(session, f"page:{member.name}", "page_ack", "flag", patient_id=flag.patient_id,
                 entity_id=flag.id, detail={"page_id": page.id, "via": "sms"})
    return page


def acknowledge_console(session: Session, flag: Flag, user: ConsoleUser,
                        now: dt.datetime | None = None) -> Page | None:
    """Someone took the flag in the console (opened it as a care-team member, or
    acknowledged it): the waiting page is acknowledged in their name, nobody else is
    paged."""
    now = now or utcnow()
    pending = _pending(session, flag.id)
    if not pending:
        return None
    page = pending[-1]
    page.acked_at, page.acked_via, page.acked_by = now, "console", user.username
    _stop_others(session, page)
    audit.record(session, f"console:{user.username}", "page_ack", "flag",
                 patient_id=flag.patient_id, entity_id=flag.id,
                 detail={"page_id": page.id, "via": "console"})
    return page


def _stop_others(session: Session, acked: Page) -> None:
    for other in _pending(session, acked.flag_id):
        if other.id != acked.id:
            other.outcome = "stopped"


# --- what the console shows --------------------------------------------------------------


def history(session: Session, flag_ids: list[int], lang: str) -> dict[int, str]:
    """Each flag's pages in one line, in the reader's language: "SMS à Sophie 14:02,
    pas de réponse ; SMS à Marc 14:12, pris en compte 14:13 (sms)"."""
    if not flag_ids:
        return {}
    pages = list(session.scalars(select(Page).where(Page.flag_id.in_(flag_ids))
                                 .order_by(Page.flag_id, Page.id)))
    rotas = (rota.rota_for(session, t) for t in {p.team_id for p in pages})
    zones: dict[int | None, rota.ZoneInfo] = {r.team_id: r.zone for r in rotas if r}
    out: dict[int, list[str]] = {}
    for page in pages:
        zone = zones.get(page.team_id) or rota.ZoneInfo("Europe/Brussels")
        part = i18n.text("team.page_to", lang, name=page.member.name,
                      time=page.sent_at.astimezone(zone).strftime("%H:%M"))
        if page.reason == "nobody_on_call":
            part = f"{i18n.text('team.page_nobody', lang)} → {part}"
        if page.acked_at is not None:
            status = i18n.text("team.page_acked", lang, via=page.acked_via,
                            time=page.acked_at.astimezone(zone).strftime("%H:%M"))
        elif page.outcome == "failed" and page.member.phone and not phones.is_mobile(
                page.member.phone):  # never sent: the number to call instead
            status = i18n.text("team.page_call", lang, phone=phones.for_display(page.member.phone))
        else:
            status = i18n.text("team." + {"no_answer": "page_no_answer", "failed": "page_failed",
                                          "stopped": "page_stopped"}.get(page.outcome or "",
                                                                         "page_waiting"), lang)
        out.setdefault(page.flag_id, []).append(f"{part}, {status}")
    return {flag_id: " ; ".join(parts) if lang == "fr" else "; ".join(parts)
            for flag_id, parts in out.items()}


def nobody_on_call(session: Session, team_ids: list[int] | None,
                   now: dt.datetime | None = None) -> list[str]:
    """Names of the teams (all with a rota when ``team_ids`` is None) whose rota has
    nobody on call at this moment: the console shows them in a red banner."""
    now = now or utcnow()
    query = select(TeamRota)
    if team_ids is not None:
        query = query.where(TeamRota.team_id.in_(team_ids))
    names = []
    for row in session.scalars(query.order_by(TeamRota.team_id)):
        if rota.who_is_on_call(rota.Rota(row.team_id, row.document), now) is None:
            names.append(session.get_one(Team, row.team_id).name)
    return names
