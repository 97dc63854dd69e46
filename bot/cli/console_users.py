"""`bot console-user ...`: the accounts of the nurse console (add, list, disable, a new
password, sign out everywhere).
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import accounts
from bot.cli.common import ACTOR, CliError, Subcommands
from bot.db import session_scope
from bot.models import ConsoleUser
from bot.nlu.languages import DEFAULT_LANGUAGE, LANGUAGES


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


def register(sub: Subcommands) -> None:
    """Add `console-user` to the `bot` tool's subcommands."""
    console_user = sub.add_parser("console-user", help="accounts of the nurse console")
    cu = console_user.add_subparsers(dest="action", required=True)
    cu_add = cu.add_parser("add")
    cu_add.add_argument("username")
    cu_add.add_argument("--role", required=True, choices=accounts.ROLES)
    cu_add.add_argument("--team", help="team name (nurses and coordinators)")
    cu_add.add_argument("--member", help="the care-team member this account is (nurses)")
    cu_add.add_argument("--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE)
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
