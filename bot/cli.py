"""The `bot` command-line tool for the care team and developers (services environment).

    bot db upgrade                          create or migrate the care-plan database
    bot team add NAME
    bot team rota import FILE               on-call rota (docs/rota-format.md), validated
    bot team rota export TEAM [-o FILE]
    bot member add --team T --name N --role nurse [--phone] [--email] [--language]
    bot patient add --ref R --first-name F --last-name L [--language] [--phone] [--team]
    bot patient appointment-reminders REF [--day-before|--no-day-before] [--hours-before N]
    bot caregiver add --patient REF --name N --phone +32... [--language] [--alerts] ...
    bot careplan check FILE...              validate only: line-numbered errors, writes nothing
    bot careplan import FILE... [--demo]    validate all, then import all or none
    bot careplan export REF [-o FILE]       the plan as YAML (recorded in the audit trail)
    bot enroll REF                          one-time enrollment code (+ Telegram link)
    bot demo load                           the demo patients (demo-fr, demo-nl)
    bot flags                               open flags, urgent first
    bot outbox [--limit N]                  messages kept locally (no provider credentials)
    bot chat [--as NAME | --demo fr|nl]     talk to the assistant as a patient would
    bot parse TEXT                          what the NLU understands
    bot gdpr export REF [--out FILE]        the patient's copy: data.json + index.html (zip)
    bot gdpr erase REF [--confirm PHRASE]   what would be erased; with the phrase, erase it
    bot fhir export REF [--out FILE]        the patient's FHIR Bundle (bot/fhir/cli.py)
    bot fhir import FILE [--dry-run]        a Bundle onto the care plan, all or nothing
    bot fhir token add ORG (--team T|--all) | list | revoke ORG   tokens of /fhir
    bot console-user add USERNAME --role nurse|coordinator|admin [--team T] [--member NAME]
                     [--language fr|nl] [--password-stdin]
    bot console-user list | disable USERNAME    accounts of the nurse console
    bot console-user set-password USERNAME [--password-stdin] | revoke-sessions USERNAME
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import accounts, audit, enrollment, flags, gdpr, i18n, rota
from bot.careplan_file import (
    MAX_HOURS_BEFORE,
    ROLES,
    CarePlan,
    CarePlanFileError,
    apply_careplan,
    demo_careplans,
    export_careplan,
    parse_careplan,
)
from bot.db import migrate, session_scope
from bot.fhir import cli as fhir_cli
from bot.gdpr import retention
from bot.models import (
    Caregiver,
    CareTeamMember,
    ConsoleUser,
    Medication,
    OutboundMessage,
    Patient,
    Team,
)
from bot.rasa_client import RasaClient

ACTOR = f"cli:{os.environ.get('USER', 'unknown')}"


class CliError(Exception):
    pass


def _patient(session, ref: str) -> Patient:  # type: ignore[no-untyped-def]
    patient = session.scalars(select(Patient).where(Patient.external_ref == ref)).first()
    if patient is None:
        raise CliError(f"no patient with reference {ref!r}")
    return patient


def _team(session, name: str) -> Team:  # type: ignore[no-untyped-def]
    team = session.scalars(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team


def _e164(phone: str) -> str:
    if not re.fullmatch(r"\+[1-9]\d{7,14}", phone):
        raise CliError(f"{phone!r} is not a phone number in E.164 form (+32470123456)")
    return phone


# --- commands -----------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    migrate()
    print("database is up to date")
    return 0


def cmd_team_add(args: argparse.Namespace) -> int:
    with session_scope() as s:
        team = _team(s, args.name)
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
        member = CareTeamMember(team_id=_team(s, args.team).id, name=args.name, role=args.role,
                                language=args.language, phone=args.phone and _e164(args.phone),
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
                          timezone=args.timezone, phone=args.phone and _e164(args.phone),
                          team_id=_team(s, args.team).id if args.team else None)
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
        patient = _patient(s, args.ref)
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
        patient = _patient(s, args.patient)
        caregiver = Caregiver(patient_id=patient.id, name=args.name, phone=_e164(args.phone),
                              language=args.language, relationship_to_patient=args.relationship,
                              receives_reminders=args.reminders,
                              receives_missed_dose_alerts=args.alerts,
                              may_see_medication_names=args.medication_names)
        s.add(caregiver)
        s.flush()
        print(f"caregiver {caregiver.id}: {caregiver.name} for {patient.external_ref}")
    return 0


def _import(text: str, source: str) -> Patient:
    plan = parse_careplan(text, source)  # raises before anything is written
    with session_scope() as s:
        patient = apply_careplan(s, plan, actor=ACTOR)
        s.flush()
        return patient


def _read(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot read {name}: {error.strerror or error}") from None


def _parse_all(texts: list[tuple[str, str]]) -> tuple[list[CarePlan], list[CarePlanFileError]]:
    """Every file is read to the end, so one run reports the problems of all of them."""
    plans, errors = [], []
    for source, text in texts:
        try:
            plans.append(parse_careplan(text, source))
        except CarePlanFileError as error:
            errors.append(error)
    return plans, errors


def cmd_careplan_check(args: argparse.Namespace) -> int:
    """Validate only: every problem of every file with its line, exit status 1 if any.
    The database is not touched (`main` does not even migrate it), so this can run in
    an editor hook or CI where there is none."""
    plans, errors = _parse_all([(name, _read(name)) for name in args.files])
    for error in errors:
        print(error, file=sys.stderr)
    for plan in plans:
        print(f"{plan.source}: ok")
    return 1 if errors else 0


def cmd_careplan_import(args: argparse.Namespace) -> int:
    """Validate every file (and the demo plans with --demo) before writing anything,
    then import them in one transaction: all of them or none."""
    texts = [(Path(name).name, _read(name)) for name in args.files]
    if args.demo:
        texts += [(p.name, p.read_text(encoding="utf-8")) for p in demo_careplans()]
    if not texts:
        raise CliError("nothing to import: give one or more FILEs, or --demo")
    plans, errors = _parse_all(texts)
    if errors:
        what = "the care plan was" if len(texts) == 1 else "no care plan was"
        print(f"error: {what} not imported:", file=sys.stderr)
        for error in errors:
            print(error, file=sys.stderr)
        return 1
    with session_scope() as s:
        refs = [apply_careplan(s, plan, actor=args.actor).external_ref for plan in plans]
    for ref in refs:
        print(f"imported the care plan of {ref}")
    return 0


def cmd_careplan_export(args: argparse.Namespace) -> int:
    with session_scope() as s:
        text = export_careplan(s, _patient(s, args.ref), args.actor)  # audited
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    with session_scope() as s:
        code = enrollment.issue_code(s, _patient(s, args.ref), created_by=ACTOR)
    print(f"enrollment code: {code} (valid {enrollment.CODE_TTL.days} days, single use)")
    bot_name = os.environ.get("TELEGRAM_BOT_USERNAME")
    if bot_name:
        print(f"Telegram: https://t.me/{bot_name}?start={code.replace('-', '')}")
    return 0


DEMO_REFS = {"fr": "demo-fr", "nl": "demo-nl"}


# Demo accounts of the nurse console, created by `bot demo load` only (see README).
# Never use them outside a demonstration: the passwords are public.
DEMO_CONSOLE_USERS = (
    # username, password, role, team, member, language
    ("infirmiere", "demo-infirmiere", "nurse", "Réseau santé Namur (démo)", "Sophie Lambert",
     "fr"),
    ("verpleegkundige", "demo-verpleegkundige", "nurse", "Eerstelijnszone Kortrijk (demo)",
     "An Wouters", "nl"),
    ("coordinatrice", "demo-coordinatrice", "coordinator", "Réseau santé Namur (démo)", None,
     "fr"),
    ("admin", "demo-admin-console", "admin", None, None, "fr"),
)


def cmd_demo_load(args: argparse.Namespace) -> int:
    if os.environ.get("ENVIRONMENT", "").strip() == "production":
        raise CliError("refused with ENVIRONMENT=production: `bot demo load` creates the demo "
                       "console accounts, whose passwords are public (README); nothing loaded")
    for demo in demo_careplans():  # demo-fr.yml, demo-nl.yml
        patient = _import(demo.read_text(encoding="utf-8"), demo.name)
        print(f"demo patient {patient.external_ref} loaded")
    with session_scope() as s:
        for username, password, role, team, member, language in DEMO_CONSOLE_USERS:
            if s.scalar(select(ConsoleUser).where(ConsoleUser.username == username)):
                continue
            accounts.create_user(s, username, password, role, team=team, member=member,
                                 language=language, actor=ACTOR)
            print(f"demo console account {username} ({role}) created")
    return 0


def cmd_demo_remind(args: argparse.Namespace) -> int:
    """A one-off dose for the demo patient in a minute or two, so a newcomer sees a
    reminder reach the outbox (and can answer "pris" or "plus tard" in `bot chat`)
    without waiting for 08:00. Added as a care-plan change, the scheduler plans it."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    with session_scope() as s:
        patient = _patient(s, DEMO_REFS[args.lang])
        at = dt.datetime.now(ZoneInfo(patient.timezone)) + dt.timedelta(minutes=args.minutes)
        s.add(Medication(patient_id=patient.id, name="Démo" if args.lang == "fr" else "Demo",
                         dose_text="1", times=[at.strftime("%H:%M")], start_date=at.date(),
                         end_date=at.date()))
    print(f"a demo reminder for {DEMO_REFS[args.lang]} is due at {at:%H:%M}; "
          "watch it with `bot outbox`")
    return 0


def cmd_flags(args: argparse.Namespace) -> int:
    with session_scope() as s:
        for flag in flags.queue(s):
            waited = int(flags.waiting(flag).total_seconds() // 60)
            print(f"#{flag.id} {flag.severity:<6} {flag.kind:<14} patient={flag.patient_id} "
                  f"conversation={flag.conversation_id} waiting={waited} min  {flag.summary}")
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    with session_scope() as s:
        rows = s.scalars(select(OutboundMessage).where(OutboundMessage.status == "outbox")
                         .order_by(OutboundMessage.id.desc()).limit(args.limit)).all()
        for row in reversed(rows):
            who = f"patient {row.patient_id}" if row.caregiver_id is None else (
                f"caregiver {row.caregiver_id}")
            print(f"#{row.id} {row.created_at:%Y-%m-%d %H:%M} {row.channel} {row.address} "
                  f"({who}):\n{row.text}\n")
    return 0


def _demo_identity(lang: str) -> str:
    """Link a CLI account to the demo patient, as the patient would with a code."""
    with session_scope() as s:
        external_id = f"demo-{lang}"
        identity = enrollment.identity_for_sender(s, "cli", external_id)
        if identity is None:
            code = enrollment.issue_code(s, _patient(s, DEMO_REFS[lang]), created_by=ACTOR)
            enrollment.link(s, "cli", external_id, code)
    return external_id


def cmd_chat(args: argparse.Namespace) -> int:
    from bot import safety_net
    from bot.inbound import route

    client = RasaClient()
    external_id = _demo_identity(args.demo) if args.demo else args.as_
    print("Écrivez en français of in het Nederlands; /quit pour quitter / om te stoppen.")
    while True:
        try:
            text = input("vous/u > ").strip()
        except EOFError:
            return 0
        if text in ("/quit", "/exit"):
            return 0
        if not text:
            continue
        with session_scope() as s:  # the safety net first, as at the gateway's door
            screening = safety_net.screen(s, "cli", external_id, text)
            routing = route(s, "cli", external_id, text, red_flag=screening.red_flag)
        if screening.text:
            print(f"bot > {screening.text}")
        for reply in routing.replies:
            print(f"bot > {reply}")
        if routing.conversation_id is None:
            continue
        metadata: dict[str, object] = {}
        if routing.patient_language:
            metadata["language_hint"] = routing.patient_language
        if screening.red_flag:
            metadata[safety_net.METADATA_KEY] = screening.metadata()
        for message in client.send(routing.conversation_id, text, metadata or None):
            if "text" in message:
                print(f"bot > {message['text']}")


def cmd_gdpr_export(args: argparse.Namespace) -> int:
    """The patient's copy of their data (GDPR art. 15/20), audited."""
    out = Path(args.out or f"{args.ref}-gdpr-export.zip")
    with session_scope() as s:
        numbers = gdpr.write_archive(s, args.ref, out, actor=args.actor)
    store = gdpr.configured()
    print(f"wrote {out}: " + ", ".join(f"{k} {v}" for k, v in numbers.items()))
    if store.url is None:
        print(f"note: {store.note}; the archive says so", file=sys.stderr)
    return 0


def cmd_gdpr_retention(args: argparse.Namespace) -> int:
    """The retention job of the reminders process, now (bot/gdpr/retention.py)."""
    policy = retention.Policy.from_env()
    done = retention.run(policy=policy, dry_run=args.dry_run, actor=args.actor)
    verb = "would delete or blank" if args.dry_run else "deleted or blanked"
    print(f"retention ({policy.months} months, audit {policy.audit_months} months): {verb}")
    for name, count in done.items():
        print(f"  {name}: {'not reachable' if count is None else count}")
    return 0


def cmd_gdpr_erase(args: argparse.Namespace) -> int:
    """Two steps: without --confirm, what would be erased and the phrase to type;
    with it, the erasure (GDPR art. 17), recorded as an audit stub."""
    phrase = gdpr.confirmation_phrase(args.ref)
    if args.confirm is None:
        with session_scope() as s:
            counts = gdpr.plan(s, args.ref)
        print(f"erasing {args.ref} would remove or pseudonymise:")
        for name, count in counts.items():
            print(f"  {name}: {'not reachable' if count is None else count}")
        print(f"nothing was changed. To erase, run again with: --confirm '{phrase}'")
        return 0
    with session_scope() as s:
        try:
            counts = gdpr.erase(s, args.ref, args.confirm, actor=args.actor)
        except gdpr.ConfirmationError as error:
            raise CliError(f"{error}; nothing erased") from None
    print(f"{args.ref} erased: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if counts.get("conversation_events") is None:
        print(f"warning: {gdpr.configured().note}; erase the conversations there",
              file=sys.stderr)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise CliError("the two passwords differ")
    return first


def cmd_console_user_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    with session_scope() as s:
        try:
            user = accounts.create_user(s, args.username, password, args.role, team=args.team,
                                        member=args.member, language=args.language,
                                        actor=ACTOR)
        except accounts.AccountError as error:
            raise CliError(str(error)) from None
        print(f"console user {user.id}: {user.username} ({user.role})")
    return 0


def cmd_console_user_list(args: argparse.Namespace) -> int:
    with session_scope() as s:
        for user in s.scalars(select(ConsoleUser).order_by(ConsoleUser.username)):
            team = user.team.name if user.team else "-"
            member = user.member.name if user.member else "-"
            state = "active" if user.active else "disabled"
            print(f"{user.username:<20} {user.role:<12} {user.language} {state:<9} "
                  f"team={team} member={member}")
    return 0


def cmd_console_user_disable(args: argparse.Namespace) -> int:
    with session_scope() as s:
        user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == args.username))
        if user is None:
            raise CliError(f"no console user {args.username!r}")
        accounts.disable_user(s, user, actor=ACTOR)
        print(f"console user {user.username} disabled, its sessions ended")
    return 0


def _console_user(s: Session, username: str) -> ConsoleUser:
    user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == username.strip().lower()))
    if user is None:
        raise CliError(f"no console user {username!r}")
    return user


def cmd_console_user_password(args: argparse.Namespace) -> int:
    password = _read_password(args)
    try:  # argon2 before the transaction, not inside it
        hashed = accounts.hash_password(password)
    except accounts.AccountError as error:
        raise CliError(str(error)) from None
    with session_scope() as s:
        user = _console_user(s, args.username)
        accounts.set_password(s, user, actor=ACTOR, password_hash=hashed)
        print(f"console user {user.username}: password changed, its sessions ended")
    return 0


def cmd_console_user_revoke(args: argparse.Namespace) -> int:
    with session_scope() as s:
        user = _console_user(s, args.username)
        count = accounts.revoke_sessions(s, user, actor=ACTOR, reason="admin")
        print(f"console user {user.username}: {count} session(s) ended")
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    result = RasaClient().parse(args.text)
    summary = {
        "intent": result["intent"],
        "language": result.get("language"),
        "language_confident": result.get("language_confident"),
        "red_flag": result.get("red_flag"),
        "entities": [
            {k: e[k] for k in ("entity", "value", "start", "end")} for e in result["entities"]
        ],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


# --- argument parsing ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade").set_defaults(func=cmd_db_upgrade)

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
    member_add.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)
    member_add.add_argument("--phone")
    member_add.add_argument("--email")
    member_add.set_defaults(func=cmd_member_add)

    patient = sub.add_parser("patient").add_subparsers(dest="action", required=True)
    patient_add = patient.add_parser("add")
    patient_add.add_argument("--ref", required=True)
    patient_add.add_argument("--first-name", required=True)
    patient_add.add_argument("--last-name", required=True)
    patient_add.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)
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
    caregiver_add.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)
    caregiver_add.add_argument("--relationship")
    caregiver_add.add_argument("--reminders", action="store_true",
                               help="also receives the patient's reminders")
    caregiver_add.add_argument("--alerts", action=argparse.BooleanOptionalAction, default=True,
                               help="receives missed-dose alerts (default: yes)")
    caregiver_add.add_argument("--medication-names", action="store_true",
                               help="the patient agreed that SMS may name medication")
    caregiver_add.set_defaults(func=cmd_caregiver_add)

    careplan = sub.add_parser(
        "careplan", help="care-plan files (docs/careplan-format.md)").add_subparsers(
        dest="action", required=True)
    careplan_check = careplan.add_parser(
        "check", help="validate files without importing them (writes nothing)")
    careplan_check.add_argument("files", nargs="+", metavar="FILE")
    careplan_check.set_defaults(func=cmd_careplan_check, uses_database=False)
    careplan_import = careplan.add_parser(
        "import", help="validate all files, then import all of them or none")
    careplan_import.add_argument("files", nargs="*", metavar="FILE")
    careplan_import.add_argument("--demo", action="store_true",
                                 help="also import the demo care plans (demo-fr, demo-nl)")
    careplan_import.set_defaults(func=cmd_careplan_import)
    careplan_export = careplan.add_parser(
        "export", help="print (or write) a patient's care plan; recorded in the audit trail")
    careplan_export.add_argument("ref")
    careplan_export.add_argument("-o", "--output")
    careplan_export.set_defaults(func=cmd_careplan_export)
    for command in (careplan_import, careplan_export):
        command.add_argument("--actor", default=ACTOR,
                             help="who, for the audit trail (default: %(default)s)")

    enroll = sub.add_parser("enroll", help="issue a one-time enrollment code")
    enroll.add_argument("ref")
    enroll.set_defaults(func=cmd_enroll)

    demo = sub.add_parser("demo").add_subparsers(dest="action", required=True)
    demo.add_parser("load").set_defaults(func=cmd_demo_load)
    remind = demo.add_parser("remind", help="a demo dose reminder in a minute or two")
    remind.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)
    remind.add_argument("--minutes", type=int, default=2)
    remind.set_defaults(func=cmd_demo_remind)

    sub.add_parser("flags", help="open flags, urgent first").set_defaults(func=cmd_flags)
    outbox = sub.add_parser("outbox", help="messages kept in the local outbox")
    outbox.add_argument("--limit", type=int, default=20)
    outbox.set_defaults(func=cmd_outbox)

    chat = sub.add_parser("chat", help="talk to the assistant")
    who = chat.add_mutually_exclusive_group()
    who.add_argument("--as", dest="as_", default=f"local-{uuid.uuid4().hex[:6]}",
                     help="the chat account to write from (unlinked until a code is sent)")
    who.add_argument("--demo", choices=i18n.LANGUAGES, help="write as the demo patient")
    chat.set_defaults(func=cmd_chat)

    gdpr_parser = sub.add_parser(
        "gdpr", help="patients' rights: a copy of their data, erasure").add_subparsers(
        dest="action", required=True)
    gdpr_export = gdpr_parser.add_parser(
        "export", help="one zip: data.json and index.html in the patient's language")
    gdpr_export.add_argument("ref")
    gdpr_export.add_argument("--out", help="the zip to write (default: REF-gdpr-export.zip)")
    gdpr_export.set_defaults(func=cmd_gdpr_export)
    gdpr_erase = gdpr_parser.add_parser(
        "erase", help="show what would be erased; with --confirm PHRASE, erase it")
    gdpr_erase.add_argument("ref")
    gdpr_erase.add_argument("--confirm", metavar="PHRASE",
                            help="the phrase the first step printed")
    gdpr_erase.set_defaults(func=cmd_gdpr_erase)
    gdpr_retention = gdpr_parser.add_parser(
        "retention", help="delete what is older than RETENTION_MONTHS (see the README)")
    gdpr_retention.add_argument("--dry-run", action="store_true",
                                help="only print what would be deleted, per category")
    gdpr_retention.set_defaults(func=cmd_gdpr_retention)
    for command in (gdpr_export, gdpr_erase, gdpr_retention):
        command.add_argument("--actor", default=ACTOR,
                             help="who, for the audit trail (default: %(default)s)")

    fhir_cli.register(sub, ACTOR)

    console_user = sub.add_parser("console-user", help="accounts of the nurse console")
    cu = console_user.add_subparsers(dest="action", required=True)
    cu_add = cu.add_parser("add")
    cu_add.add_argument("username")
    cu_add.add_argument("--role", required=True, choices=accounts.ROLES)
    cu_add.add_argument("--team", help="team name (nurses and coordinators)")
    cu_add.add_argument("--member", help="the care-team member this account is (nurses)")
    cu_add.add_argument("--language", choices=i18n.LANGUAGES, default=i18n.DEFAULT_LANGUAGE)
    cu_add.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    cu_add.set_defaults(func=cmd_console_user_add)
    cu.add_parser("list").set_defaults(func=cmd_console_user_list)
    cu_disable = cu.add_parser("disable")
    cu_disable.add_argument("username")
    cu_disable.set_defaults(func=cmd_console_user_disable)
    cu_password = cu.add_parser("set-password", help="a new password; ends its sessions")
    cu_password.add_argument("username")
    cu_password.add_argument("--password-stdin", action="store_true",
                             help="read the password from the first line of standard input")
    cu_password.set_defaults(func=cmd_console_user_password)
    cu_revoke = cu.add_parser("revoke-sessions", help="sign the account out everywhere")
    cu_revoke.add_argument("username")
    cu_revoke.set_defaults(func=cmd_console_user_revoke)

    parse = sub.add_parser("parse", help="show the NLU result for a message")
    parse.add_argument("text")
    parse.set_defaults(func=cmd_parse)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command not in ("parse", "db") and getattr(args, "uses_database", True):
            migrate()
        return args.func(args)
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except httpx.HTTPError as error:
        client = RasaClient()
        print(
            f"error: cannot reach the Rasa server at {client.url} ({error}).\n"
            "Is `scripts/run` running? RASA_URL and RASA_TOKEN must match it.",
            file=sys.stderr,
        )
        return 2
    except rota.RotaFileError as error:
        print(f"error: the rota was not imported:\n{error}", file=sys.stderr)
        return 1
    except CarePlanFileError as error:
        print(f"error: the care plan was not imported:\n{error}", file=sys.stderr)
        return 1
    except gdpr.UnknownPatientError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
