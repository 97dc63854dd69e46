"""On-call rotas: who of a care team is paged when, as one YAML file per team.

The format is documented in docs/rota-format.md. A coordinator writes the week's
pattern (a night shift may span midnight), one-off replacements (holidays, sick days)
and the escalation list (backup, then coordinator), plus which flags page at all.

The reader is the care-plan file's (bot/careplan_file/fields.py): every problem at once, each
with its line, and nothing applied unless the whole file is valid, since a rota that
is half applied pages the wrong person at 03:00. Members are named as in the care
team; the file is checked against the database (the member exists in that team, is
active, has a mobile number to be paged on) before it is stored.

Times are the team's wall-clock times in its IANA timezone. ``who_is_on_call`` reads
the weekly pattern on the local wall clock of the instant asked about, so a shift
"20:00 to 08:00" is 13 hours on the night the clocks go back and 11 on the night they
go forward, as the nurses live it; replacements are converted to UTC when read, and a
local time that does not exist or happens twice is refused rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit
from bot.careplan_file.fields import _Field, _is_null, _malformed, _Reader, _to_utc
from bot.careplan_file.spec import WEEKDAYS, CarePlanFileError, Problem, _key
from bot.i18n.reasons import Reason
from bot.models import CareTeamMember, Team, TeamRota, utcnow

FORMAT_VERSION = 1
MODES = ("always", "day", "never")
SEVERITIES = ("urgent", "high", "normal")
DEFAULT_PAGE = {"urgent": "always", "high": "day", "normal": "never"}
DEFAULT_TIMEOUT = 10
TOP_KEYS = ("version", "team", "timezone", "ack_timeout_minutes", "day_hours", "page",
            "weekly", "replacements", "escalation")
SHIFT_KEYS = ("days", "start", "end", "member")
REPLACEMENT_KEYS = ("start", "end", "member")
WEEK = 7 * 1440


class RotaFileError(CarePlanFileError):
    """A rota that cannot be imported: one `file:line: path: message` line per problem."""


@dataclass(frozen=True)
class Rota:
    """A team's validated rota (the stored document, with member ids)."""

    team_id: int
    document: dict[str, Any]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.document["timezone"])

    @property
    def timeout(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.document["ack_timeout_minutes"])

    @property
    def escalation(self) -> list[int]:
        """Member ids after the person on call, in order; the last is the coordinator."""
        return [entry["member_id"] for entry in self.document["escalation"]]


# --- reading ----------------------------------------------------------------------------


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _week_intervals(days: list[int], start: str, end: str) -> list[tuple[int, int]]:
    """A shift as minute intervals of the week (Monday 00:00 = 0), split at the week's end."""
    out = []
    for day in days:
        begin = day * 1440 + _minutes(start)
        finish = day * 1440 + _minutes(end) + (1440 if end <= start else 0)
        if finish > WEEK:
            out += [(begin, WEEK), (0, finish - WEEK)]
        else:
            out.append((begin, finish))
    return out


def parse_rota(text: str, source: str = "<rota>"
               ) -> tuple[dict[str, Any], list[tuple[str, _Field]]]:
    """The document and every member reference with its place in the file (checked
    against the database by ``check_members``). Raises RotaFileError."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise RotaFileError(source, [_malformed(error, text)]) from None
    if root is None:
        raise RotaFileError(source, [Problem(1, "", Reason.of("file.empty"))])
    r = _Reader()
    top = r.mapping(_Field(root, "", 1), TOP_KEYS)
    if top is None:
        raise RotaFileError(source, r.problems)
    version = r.raw(top["version"], required=True)
    if version is not None and version != str(FORMAT_VERSION):
        r.problem(top["version"].line, "version", "rota.version", version=version)
    refs: list[tuple[str, _Field]] = []
    doc: dict[str, Any] = {"version": FORMAT_VERSION,
                           "team": r.text(top["team"], 200, required=True),
                           "timezone": r.timezone(top["timezone"])}
    timeout = r.integer(top["ack_timeout_minutes"], 1, 120)
    doc["ack_timeout_minutes"] = timeout if timeout is not None else DEFAULT_TIMEOUT
    doc["day_hours"] = {"start": "08:00", "end": "20:00"}
    hours = r.mapping(top["day_hours"], ("start", "end"), required=False)
    if hours is not None:
        start, end = r.time(hours["start"], required=True), r.time(hours["end"], required=True)
        if start and end and start >= end:
            r.problem(hours["end"].line, hours["end"].path, "rota.after_start")
        doc["day_hours"] = {"start": start, "end": end}
    doc["page"] = {**DEFAULT_PAGE, "kinds": {}}
    page = r.mapping(top["page"], (*SEVERITIES, "kinds"), required=False)
    if page is not None:
        for severity in SEVERITIES:
            doc["page"][severity] = r.choice(page[severity], MODES) or DEFAULT_PAGE[severity]
        kinds = page["kinds"]
        if not _is_null(kinds.node):
            from bot.flags import KINDS

            k = r.mapping(kinds, KINDS)
            for kind in KINDS if k is not None else ():
                mode = r.choice(k[kind], MODES) if k is not None else None
                if mode is not None:
                    doc["page"]["kinds"][kind] = mode
    doc["weekly"] = _read_weekly(r, top["weekly"], refs)
    zone = ZoneInfo(doc["timezone"]) if doc["timezone"] else None
    doc["replacements"] = _read_replacements(r, top["replacements"], zone, refs)
    doc["escalation"] = []
    for item in r.sequence(top["escalation"], required="rota.escalation_required"):
        name = r.text(item, 200, required=True)
        if name is not None:
            doc["escalation"].append({"member": name})
            refs.append((name, item))
    if not doc["escalation"] and top["escalation"].node is not None:
        r.problem(top["escalation"].line, "escalation", "rota.needs_coordinator")
    if r.problems:
        raise RotaFileError(source, r.problems)
    return doc, refs


def _read_weekly(r: _Reader, f: _Field, refs: list) -> list[dict[str, Any]]:
    shifts: list[dict[str, Any]] = []
    taken: list[tuple[int, int, int]] = []  # week intervals and the line they were written on
    for item in r.sequence(f, required="rota.list_required"):
        m = r.mapping(item, SHIFT_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        days = [r.choice(d, WEEKDAYS, required=True)
                for d in r.sequence(m["days"], "file.required")]
        start, end = r.time(m["start"], required=True), r.time(m["end"], required=True)
        member = r.text(m["member"], 200, required=True)
        if start and end and start == end:
            r.problem(m["end"].line, m["end"].path, "rota.shift_of_a_day")
        if len(r.problems) > before or not days or start is None or end is None:
            continue
        numbers = sorted({WEEKDAYS.index(d) for d in days if d is not None})
        intervals = _week_intervals(numbers, start, end)
        clash = next((where for b, e in intervals for ob, oe, where in taken
                      if b < oe and ob < e), None)
        if clash is not None:
            r.problem(item.line, item.path, "rota.overlaps_shift", other_line=clash)
        taken += [(b, e, item.line) for b, e in intervals]
        shifts.append({"days": [WEEKDAYS[n] for n in numbers], "start": start, "end": end,
                       "member": member})
        refs.append((member, m["member"]))
    return shifts


def _read_replacements(r: _Reader, f: _Field, zone: ZoneInfo | None,
                       refs: list) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    spans: list[tuple[dt.datetime, dt.datetime, int]] = []
    for item in r.sequence(f):
        m = r.mapping(item, REPLACEMENT_KEYS)
        if m is None:
            continue
        before = len(r.problems)
        start = r.local_datetime(m["start"], required=True)
        end = r.local_datetime(m["end"], required=True)
        member = r.text(m["member"], 200, required=True)
        if len(r.problems) > before or zone is None or start is None or end is None:
            continue
        start_utc, why = _to_utc(start, zone)
        if why:
            r.problem(m["start"].line, m["start"].path, f"file.{why}", zone=zone.key)
        end_utc, why_end = _to_utc(end, zone)
        if why_end:
            r.problem(m["end"].line, m["end"].path, f"file.{why_end}", zone=zone.key)
        if start_utc is None or end_utc is None:
            continue
        if end_utc <= start_utc:
            r.problem(m["end"].line, m["end"].path, "rota.after_start")
            continue
        for other_start, other_end, line in spans:
            if start_utc < other_end and other_start < end_utc:
                r.problem(item.line, item.path, "rota.overlaps_replacement", other_line=line)
        spans.append((start_utc, end_utc, item.line))
        out.append({"start": start.strftime("%Y-%m-%dT%H:%M"),
                    "end": end.strftime("%Y-%m-%dT%H:%M"), "member": member})
        refs.append((member, m["member"]))
    return out


def check_members(session: Session, doc: dict[str, Any], refs: list[tuple[str, _Field]],
                  source: str) -> Team:
    """Resolve member names in the team (adding ``member_id`` to the document); every
    paged person must be an active member of the team with a phone number for the SMS."""
    team = session.scalar(select(Team).where(Team.name == doc["team"]))
    if team is None:
        raise RotaFileError(source, [Problem(1, "team", Reason.of("rota.no_team",
                                                                  team=doc["team"]))])
    members = {_key(m.name): m for m in session.scalars(
        select(CareTeamMember).where(CareTeamMember.team_id == team.id))}
    problems, ids = [], {}
    for name, f in refs:
        member = members.get(_key(name))
        if member is None or not member.active:
            known = ", ".join(sorted(m.name for m in members.values() if m.active))
            reason = (Reason.of("rota.not_member", name=name, team=team.name, members=known)
                      if known else Reason.of("rota.not_member_none", name=name, team=team.name))
            problems.append(Problem(f.line, f.path, reason))
        elif not member.phone:
            problems.append(Problem(f.line, f.path,
                                    Reason.of("rota.no_phone", name=member.name)))
        else:
            ids[_key(name)] = member.id
    if problems:
        raise RotaFileError(source, problems)
    for entry in (*doc["weekly"], *doc["replacements"], *doc["escalation"]):
        entry["member_id"] = ids[_key(entry["member"])]
    return team


def load_rota(session: Session, text: str, source: str = "<rota>") -> tuple[Team, dict[str, Any]]:
    """Parse and check a rota file; raises RotaFileError with every problem."""
    doc, refs = parse_rota(text, source)
    return check_members(session, doc, refs, source), doc


def apply_rota(session: Session, team: Team, doc: dict[str, Any], actor: str) -> TeamRota:
    """Store the rota (it takes effect for the next page and escalation), audited."""
    row = session.scalar(select(TeamRota).where(TeamRota.team_id == team.id))
    if row is None:
        row = TeamRota(team_id=team.id, document=doc, version=1, updated_by=actor)
        session.add(row)
    else:
        row.document, row.version = doc, row.version + 1
        row.updated_at, row.updated_by = utcnow(), actor
    session.flush()
    audit.record(session, actor, "update", "rota", entity_id=team.id,
                 detail={"version": row.version, "shifts": len(doc["weekly"]),
                         "replacements": len(doc["replacements"])})
    return row


def rota_for(session: Session, team_id: int | None) -> Rota | None:
    if team_id is None:
        return None
    row = session.scalar(select(TeamRota).where(TeamRota.team_id == team_id))
    return Rota(team_id, row.document) if row is not None else None


def export_rota(session: Session, team: Team) -> str:
    """The stored rota as a file that imports back to the same document; members are
    written with their current names."""
    rota = rota_for(session, team.id)
    if rota is None:
        return ""
    doc = rota.document
    names = {m.id: m.name for m in session.scalars(
        select(CareTeamMember).where(CareTeamMember.team_id == team.id))}

    def q(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def who(entry: dict[str, Any]) -> str:
        return q(names.get(entry["member_id"], entry["member"]))

    kinds = doc["page"]["kinds"]
    lines = [f"# On-call rota of {team.name} (docs/rota-format.md)", "version: 1",
             f"team: {q(team.name)}", f"timezone: {doc['timezone']}",
             f"ack_timeout_minutes: {doc['ack_timeout_minutes']}",
             f"day_hours: {{start: {q(doc['day_hours']['start'])}, "
             f"end: {q(doc['day_hours']['end'])}}}", "page:"]
    lines += [f"  {s}: {doc['page'][s]}" for s in SEVERITIES]
    lines += ["  kinds:" + ("" if kinds else " {}")] + [f"    {k}: {v}" for k, v in kinds.items()]
    lines.append("weekly:" + ("" if doc["weekly"] else " []"))
    lines += [f"  - {{days: [{', '.join(s['days'])}], start: {q(s['start'])}, "
              f"end: {q(s['end'])}, member: {who(s)}}}" for s in doc["weekly"]]
    lines.append("replacements:" + ("" if doc["replacements"] else " []"))
    lines += [f"  - {{start: {q(p['start'])}, end: {q(p['end'])}, member: {who(p)}}}"
              for p in doc["replacements"]]
    lines.append("escalation:")
    lines += [f"  - {who(e)}" for e in doc["escalation"]]
    return "\n".join(lines) + "\n"


# --- asking the rota --------------------------------------------------------------------


def who_is_on_call(rota: Rota, at: dt.datetime) -> int | None:
    """The member id on call at the instant ``at`` (aware): a replacement covering it,
    else the weekly shift on the local wall clock; None when nobody is."""
    zone = rota.zone
    for entry in rota.document["replacements"]:
        start = dt.datetime.fromisoformat(entry["start"])
        end = dt.datetime.fromisoformat(entry["end"])
        start_utc, _ = _to_utc(start, zone)
        end_utc, _ = _to_utc(end, zone)
        if start_utc is not None and end_utc is not None and start_utc <= at < end_utc:
            return entry["member_id"]
    local = at.astimezone(zone)
    now = local.weekday() * 1440 + local.hour * 60 + local.minute
    for shift in rota.document["weekly"]:
        days = [WEEKDAYS.index(d) for d in shift["days"]]
        for begin, finish in _week_intervals(days, shift["start"], shift["end"]):
            if begin <= now < finish:
                return shift["member_id"]
    return None


def pages(rota: Rota, kind: str, severity: str, at: dt.datetime) -> bool:
    """Whether a flag of this kind and severity pages at ``at``: the per-kind setting,
    else the severity's; "day" means within the team's day hours (local)."""
    policy = rota.document["page"]
    mode = policy["kinds"].get(kind) or policy.get(severity, "never")
    if mode != "day":
        return mode == "always"
    local = at.astimezone(rota.zone).strftime("%H:%M")
    hours = rota.document["day_hours"]
    return hours["start"] <= local < hours["end"]
