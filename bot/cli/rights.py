"""`bot gdpr export|erase|retention`: patients' rights (GDPR art. 15, 17, 20) and the
retention job, each audited under --actor.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import gdpr
from bot.cli.common import ACTOR, CliError, Subcommands
from bot.db import session_scope
from bot.gdpr import retention


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


def register(sub: Subcommands) -> None:
    """Add `gdpr` to the `bot` tool's subcommands."""
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
