"""`bot careplan|enroll|demo ...`: care-plan files (check, import, export), enrollment
codes, and the demo (its patients, console accounts and a reminder in a minute).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sqlalchemy import select

from bot import accounts, enrollment
from bot.careplan_file import (
    CarePlan,
    CarePlanFileError,
    apply_careplan,
    demo_careplans,
    export_careplan,
    parse_careplan,
)
from bot.cli.common import ACTOR, DEMO_REFS, CliError, Subcommands, find_patient
from bot.db import session_scope
from bot.models import ConsoleUser, Medication, Patient
from bot.nlu.languages import DEFAULT_LANGUAGE, LANGUAGES


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
        text = export_careplan(s, find_patient(s, args.ref), args.actor)  # audited
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_enroll(args: argparse.Namespace) -> int:
    with session_scope() as s:
        code = enrollment.issue_code(s, find_patient(s, args.ref), created_by=ACTOR)
    print(f"enrollment code: {code} (valid {enrollment.CODE_TTL.days} days, single use)")
    bot_name = os.environ.get("TELEGRAM_BOT_USERNAME")
    if bot_name:
        print(f"Telegram: https://t.me/{bot_name}?start={code.replace('-', '')}")
    return 0


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
        patient = find_patient(s, DEMO_REFS[args.lang])
        at = dt.datetime.now(ZoneInfo(patient.timezone)) + dt.timedelta(minutes=args.minutes)
        s.add(Medication(patient_id=patient.id, name="Démo" if args.lang == "fr" else "Demo",
                         dose_text="1", times=[at.strftime("%H:%M")], start_date=at.date(),
                         end_date=at.date()))
    print(f"a demo reminder for {DEMO_REFS[args.lang]} is due at {at:%H:%M}; "
          "watch it with `bot outbox`")
    return 0


def register(sub: Subcommands) -> None:
    """Add `careplan`, `enroll` and `demo` to the `bot` tool's subcommands."""
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
    remind.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
    remind.add_argument("--minutes", type=int, default=2)
    remind.set_defaults(func=cmd_demo_remind)
