"""`bot team|member|patient|caregiver ...`: the care team, its on-call rota, patients and
their caregivers, one row at a time (a whole plan: bot/cli/careplans.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import select

from bot import audit, rota
from bot.careplan_file import MAX_HOURS_BEFORE, ROLES
from bot.cli.common import ACTOR, CliError, Subcommands, e164, find_patient, team_named
from bot.db import session_scope
from bot.models import Caregiver, CareTeamMember, Patient, Team
from bot.nlu.languages import DEFAULT_LANGUAGE, LANGUAGES


def cmd_team_add(args: argparse.Namespace) -> int:
    with session_scope() as s:
        team = team_named(s, args.name)
        print(f"team {team.id}: {team.name}")
    return 0


def cmd_rota_import(args: argparse.Namespace) -> int:
    """Validate the whole file against the team (line-numbered errors, nothing stored
    unless all is valid), then replace the team's rota: it takes effect at once."""
    path = Path(args.file)
    with session_scope() as s:
        team, doc = rota.load_rota(s, path.read_text(encoding="utf-8"), path.name)
        row = rota.apply_rota(s, team, doc, ACTOR)
        print(f"rota of {team.name} imported (version {row.version})")
    return 0


def cmd_rota_export(args: argparse.Namespace) -> int:
    with session_scope() as s:
        team = s.scalar(select(Team).where(Team.name == args.team))
        if team is None:
            raise CliError(f"no team named {args.team!r}")
        text = rota.export_rota(s, team)
        if not text:
            raise CliError(f"{team.name} has no rota yet (bot team rota import FILE)")
        audit.record(s, ACTOR, "export", "rota", entity_id=team.id)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_member_add(args: argparse.Namespace) -> int:
    with session_scope() as s:
        member = CareTeamMember(team_id=team_named(s, args.team).id, name=args.name, role=args.role,
                                language=args.language, phone=args.phone and e164(args.phone),
                                email=args.email)
        s.add(member)
        s.flush()
        print(f"member {member.id}: {member.name} ({member.role})")
    return 0


def cmd_patient_add(args: argparse.Namespace) -> int:
    with session_scope() as s:
        if s.scalars(select(Patient).where(Patient.external_ref == args.ref)).first():
            raise CliError(f"a patient with reference {args.ref!r} exists already")
        patient = Patient(external_ref=args.ref, first_name=args.first_name,
                          last_name=args.last_name, language=args.language,
                          timezone=args.timezone, phone=args.phone and e164(args.phone),
                          team_id=team_named(s, args.team).id if args.team else None)
        s.add(patient)
        s.flush()
        print(f"patient {patient.id}: {patient.display_name} ({patient.external_ref})")
    return 0


def cmd_patient_appointment_reminders(args: argparse.Namespace) -> int:
    """Shows, or changes, when a patient hears about their appointments. The change
    raises the patient's plan version, so the scheduler re-plans them within a tick."""
    if args.hours_before is not None and not 0 <= args.hours_before <= MAX_HOURS_BEFORE:
        raise CliError(f"--hours-before must be from 0 to {MAX_HOURS_BEFORE}")
    with session_scope() as s:
        patient = find_patient(s, args.ref)
        changes = {}
        if args.day_before is not None:
            changes["appointment_reminder_day_before"] = args.day_before
        if args.hours_before is not None:
            changes["appointment_reminder_hours_before"] = args.hours_before
        for name, value in changes.items():
            setattr(patient, name, value)
        if changes:
            audit.record(s, ACTOR, "update", "patient", patient_id=patient.id,
                         entity_id=patient.id, detail={"fields": sorted(changes)})
        hours = patient.appointment_reminder_hours_before
        print(f"{patient.external_ref}: evening before "
              f"{'yes' if patient.appointment_reminder_day_before else 'no'}, "
              f"{f'{hours} h before' if hours else 'no reminder on the day'}")
    return 0


def cmd_caregiver_add(args: argparse.Namespace) -> int:
    with session_scope() as s:
        patient = find_patient(s, args.patient)
        caregiver = Caregiver(patient_id=patient.id, name=args.name, phone=e164(args.phone),
                              language=args.language, relationship_to_patient=args.relationship,
                              receives_reminders=args.reminders,
                              receives_missed_dose_alerts=args.alerts,
                              may_see_medication_names=args.medication_names)
        s.add(caregiver)
        s.flush()
        print(f"caregiver {caregiver.id}: {caregiver.name} for {patient.external_ref}")
    return 0


def register(sub: Subcommands) -> None:
    """Add `team`, `member`, `patient` and `caregiver` to the `bot` tool's subcommands."""
    team = sub.add_parser("team").add_subparsers(dest="action", required=True)
    team_add = team.add_parser("add")
    team_add.add_argument("name")
    team_add.set_defaults(func=cmd_team_add)
    team_rota = team.add_parser("rota", help="the team's on-call rota").add_subparsers(
        dest="rota_action", required=True)
    rota_import = team_rota.add_parser("import")
    rota_import.add_argument("file")
    rota_import.set_defaults(func=cmd_rota_import)
    rota_export = team_rota.add_parser("export")
    rota_export.add_argument("team")
    rota_export.add_argument("-o", "--output")
    rota_export.set_defaults(func=cmd_rota_export)

    member = sub.add_parser("member").add_subparsers(dest="action", required=True)
    member_add = member.add_parser("add")
    member_add.add_argument("--team", required=True)
    member_add.add_argument("--name", required=True)
    member_add.add_argument("--role", required=True, choices=ROLES)
    member_add.add_argument("--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    member_add.add_argument("--phone")
    member_add.add_argument("--email")
    member_add.set_defaults(func=cmd_member_add)

    patient = sub.add_parser("patient").add_subparsers(dest="action", required=True)
    patient_add = patient.add_parser("add")
    patient_add.add_argument("--ref", required=True)
    patient_add.add_argument("--first-name", required=True)
    patient_add.add_argument("--last-name", required=True)
    patient_add.add_argument("--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    patient_add.add_argument("--timezone", default="Europe/Brussels")
    patient_add.add_argument("--phone")
    patient_add.add_argument("--team")
    patient_add.set_defaults(func=cmd_patient_add)
    timing = patient.add_parser(
        "appointment-reminders", help="show or set when appointment reminders go out")
    timing.add_argument("ref")
    timing.add_argument("--day-before", action=argparse.BooleanOptionalAction, default=None,
                        help="a reminder the evening before (18:00)")
    timing.add_argument("--hours-before", type=int,
                        help=f"a reminder this many hours before, 0 to {MAX_HOURS_BEFORE} "
                             "(0: none)")
    timing.set_defaults(func=cmd_patient_appointment_reminders)

    caregiver = sub.add_parser("caregiver").add_subparsers(dest="action", required=True)
    caregiver_add = caregiver.add_parser("add")
    caregiver_add.add_argument("--patient", required=True, help="the patient's reference")
    caregiver_add.add_argument("--name", required=True)
    caregiver_add.add_argument("--phone", required=True)
    caregiver_add.add_argument("--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    caregiver_add.add_argument("--relationship")
    caregiver_add.add_argument("--reminders", action="store_true",
                               help="also receives the patient's reminders")
    caregiver_add.add_argument("--alerts", action=argparse.BooleanOptionalAction, default=True,
                               help="receives missed-dose alerts (default: yes)")
    caregiver_add.add_argument("--medication-names", action="store_true",
                               help="the patient agreed that SMS may name medication")
    caregiver_add.set_defaults(func=cmd_caregiver_add)
