"""`bot fhir ...`: the FHIR commands of the `bot` tool (bot/cli/ registers them).

    bot fhir export REF [--out FILE]         the patient's Bundle as JSON (audited)
    bot fhir import FILE [--dry-run]         a Bundle onto the care plan: every problem
                                             named by its Bundle path, nothing applied
                                             on any; --dry-run validates only
    bot fhir token add ORG (--team T | --all)   a bearer token for /fhir, printed once
    bot fhir token list | revoke ORG
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.db import session_scope
from bot.fhir import tokens
from bot.fhir.export import export_bundle
from bot.fhir.importer import BundleImportError, bundle_to_plan, import_bundle


def cmd_export(args: argparse.Namespace) -> int:
    with session_scope() as s:
        text = export_bundle(s, args.ref, actor=args.actor).model_dump_json(indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text + "\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        print(f"error: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return 1
    source = Path(args.file).name
    try:
        if args.dry_run:
            plan = bundle_to_plan(text, source)
            print(f"{source}: ok, the care plan of {plan.patient.ref} "
                  f"({len(plan.medications)} medications, {len(plan.goals)} goals, "
                  f"{len(plan.appointments)} appointments); nothing applied (--dry-run)")
            return 0
        with session_scope() as s:
            ref = import_bundle(s, text, actor=args.actor, source=source).external_ref
    except BundleImportError as error:
        print(f"error: the Bundle was not imported:\n{error}", file=sys.stderr)
        return 1
    print(f"imported the care plan of {ref}")
    return 0


def cmd_token_add(args: argparse.Namespace) -> int:
    try:
        with session_scope() as s:
            token = tokens.add(s, args.organisation, team=None if args.all else args.team,
                               actor=args.actor)
    except tokens.TokenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    scope = "every patient" if args.all else f"the patients of {args.team}"
    print(f"token for {args.organisation} ({scope}); shown once, keep it secret:")
    print(token)
    return 0


def cmd_token_list(args: argparse.Namespace) -> int:
    with session_scope() as s:
        for c in tokens.listing(s):
            state = f"revoked {c.revoked_at:%Y-%m-%d}" if c.revoked_at else "active"
            used = f"last used {c.last_used_at:%Y-%m-%d %H:%M}" if c.last_used_at else "never used"
            print(f"{c.organisation}\t{c.team.name if c.team else '(all patients)'}\t"
                  f"{state}\t{used}")
    return 0


def cmd_token_revoke(args: argparse.Namespace) -> int:
    try:
        with session_scope() as s:
            tokens.revoke(s, args.organisation, actor=args.actor)
    except tokens.TokenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"token of {args.organisation} revoked")
    return 0


def register(sub: Any, actor: str) -> None:
    """Add `fhir` to the `bot` tool's subcommands."""
    fhir = sub.add_parser("fhir", help="FHIR R4 Bundles on the HL7 Belgium profiles") \
        .add_subparsers(dest="action", required=True)
    export = fhir.add_parser("export", help="the patient's Bundle as JSON (audited)")
    export.add_argument("ref")
    export.add_argument("--out", help="the file to write (default: standard output)")
    export.set_defaults(func=cmd_export)
    imp = fhir.add_parser("import", help="a Bundle onto the care plan, all or nothing")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="validate only")
    imp.set_defaults(func=cmd_import)
    token = fhir.add_parser("token", help="bearer tokens of the /fhir endpoint") \
        .add_subparsers(dest="token_action", required=True)
    add = token.add_parser("add", help="a new token for an organisation, printed once")
    add.add_argument("organisation")
    scope = add.add_mutually_exclusive_group(required=True)
    scope.add_argument("--team", help="limit it to the patients of this care team")
    scope.add_argument("--all", action="store_true", help="every patient")
    add.set_defaults(func=cmd_token_add)
    token.add_parser("list").set_defaults(func=cmd_token_list)
    revoke = token.add_parser("revoke")
    revoke.add_argument("organisation")
    revoke.set_defaults(func=cmd_token_revoke)
    for command in (export, imp, add, revoke):
        command.add_argument("--actor", default=actor,
                             help="who, for the audit trail (default: %(default)s)")
