"""A team with an on-call rota, shared by the rota, paging and end-to-end tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot import rota
from bot.db import session_scope
from bot.models import CareAssignment, CareTeamMember, ChannelIdentity, Patient, Team

BRUSSELS = ZoneInfo("Europe/Brussels")
PHONES = {"Sophie Lambert": "+32470000201", "Lucie Jour": "+32470000202",
          "Marc Backup": "+32470000203", "Claire Coord": "+32470000204"}
LANGUAGES = {"Sophie Lambert": "fr", "Lucie Jour": "nl", "Marc Backup": "fr",
             "Claire Coord": "nl"}

ROTA = """\
version: 1
team: Namur
timezone: Europe/Brussels
ack_timeout_minutes: 10
weekly:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    start: "08:00"
    end: "20:00"
    member: Lucie Jour
  - {days: [mon, tue, wed, thu, fri, sat, sun], start: "20:00", end: "08:00",
     member: Sophie Lambert}
replacements:
  - {start: "2026-12-24T20:00", end: "2026-12-25T08:00", member: Marc Backup}
escalation:
  - Marc Backup
  - Claire Coord
"""


@dataclass
class PagedTeam:
    team_id: int
    patient_id: int
    conversation_id: str
    members: dict[str, int]


def local(*args: int) -> dt.datetime:
    """A Brussels wall-clock time as an aware UTC instant (fold 0)."""
    return dt.datetime(*args, tzinfo=BRUSSELS).astimezone(dt.timezone.utc)


def seed_team(url: str, rota_text: str = ROTA, patient_phone: str | None = None,
              channel: str = "telegram", external_id: str = "555001") -> PagedTeam:
    with session_scope(url) as s:
        team = Team(name="Namur")
        s.add(team)
        s.flush()
        members = {}
        for name, phone in PHONES.items():
            member = CareTeamMember(team_id=team.id, name=name, role="nurse",
                                    language=LANGUAGES[name], phone=phone)
            s.add(member)
            s.flush()
            members[name] = member.id
        patient = Patient(external_ref="demo-fr", first_name="Marcel", last_name="Dupont",
                          language="fr", team_id=team.id, phone=patient_phone)
        s.add(patient)
        s.flush()
        s.add(CareAssignment(patient_id=patient.id, member_id=members["Sophie Lambert"]))
        s.add(ChannelIdentity(patient_id=patient.id, channel=channel, external_id=external_id,
                              conversation_id=f"c-{external_id}"))
        if rota_text:
            team_row, doc = rota.load_rota(s, rota_text, "rota.yml")
            rota.apply_rota(s, team_row, doc, "test")
        return PagedTeam(team.id, patient.id, f"c-{external_id}", members)
