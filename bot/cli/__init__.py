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

# One module per group of commands, each adding its own to the parser (``register``):
# common.py (ACTOR, CliError, the look-ups), care_team.py (team, rota, member, patient,
# caregiver), careplans.py (careplan, enroll, demo), conversations.py (flags, outbox,
# chat, parse), rights.py (gdpr), console_users.py (console-user), bot/fhir/cli.py
# (fhir). The names below are re-exported: ``from bot.cli import main`` and
# ``python -m bot.cli`` (__main__.py) work as they did when this was one module.

from __future__ import annotations

import argparse
import sys

import httpx

from bot import gdpr, rota
from bot.careplan_file import CarePlanFileError
from bot.cli import care_team, careplans, console_users, conversations, rights
from bot.cli.care_team import (
    cmd_caregiver_add,
    cmd_member_add,
    cmd_patient_add,
    cmd_patient_appointment_reminders,
    cmd_rota_export,
    cmd_rota_import,
    cmd_team_add,
)
from bot.cli.careplans import (
    DEMO_CONSOLE_USERS,
    cmd_careplan_check,
    cmd_careplan_export,
    cmd_careplan_import,
    cmd_demo_load,
    cmd_demo_remind,
    cmd_enroll,
)
from bot.cli.common import ACTOR, DEMO_REFS, CliError
from bot.cli.console_users import (
    cmd_console_user_add,
    cmd_console_user_disable,
    cmd_console_user_list,
    cmd_console_user_password,
    cmd_console_user_revoke,
)
from bot.cli.conversations import cmd_chat, cmd_flags, cmd_outbox, cmd_parse
from bot.cli.rights import cmd_gdpr_erase, cmd_gdpr_export, cmd_gdpr_retention
from bot.db import migrate
from bot.fhir import cli as fhir_cli
from bot.rasa_client import RasaClient

__all__ = [
    "ACTOR", "DEMO_CONSOLE_USERS", "DEMO_REFS", "CliError", "build_parser", "cmd_caregiver_add",
    "cmd_careplan_check", "cmd_careplan_export", "cmd_careplan_import", "cmd_chat",
    "cmd_console_user_add", "cmd_console_user_disable", "cmd_console_user_list",
    "cmd_console_user_password", "cmd_console_user_revoke", "cmd_db_upgrade",
    "cmd_demo_load", "cmd_demo_remind", "cmd_enroll", "cmd_flags", "cmd_gdpr_erase",
    "cmd_gdpr_export", "cmd_gdpr_retention", "cmd_member_add", "cmd_outbox", "cmd_parse",
    "cmd_patient_add", "cmd_patient_appointment_reminders", "cmd_rota_export",
    "cmd_rota_import", "cmd_team_add", "main",
]


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    migrate()
    print("database is up to date")
    return 0


# --- argument parsing ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The commands in the order `bot --help` has always listed them."""
    parser = argparse.ArgumentParser(prog="bot", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade").set_defaults(func=cmd_db_upgrade)

    care_team.register(sub)
    careplans.register(sub)
    conversations.register(sub)
    rights.register(sub)
    fhir_cli.register(sub, ACTOR)
    console_users.register(sub)
    conversations.register_parse(sub)
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
