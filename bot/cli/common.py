"""What the command groups of the `bot` tool share: who acts (for the audit trail), the
error that ends a command with a message, and the look-ups most commands start with."""

from __future__ import annotations

import argparse
import os
import re
from typing import TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Patient, Team

ACTOR = f"cli:{os.environ.get('USER', 'unknown')}"
DEMO_REFS = {"fr": "demo-fr", "nl": "demo-nl"}

# What each command group's ``register`` adds its commands to (`bot <command> ...`).
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CliError(Exception):
    pass


def find_patient(session: Session, ref: str) -> Patient:
    patient = session.scalars(select(Patient).where(Patient.external_ref == ref)).first()
    if patient is None:
        raise CliError(f"no patient with reference {ref!r}")
    return patient


def team_named(session: Session, name: str) -> Team:
    """The team of that name, created if there is none yet."""
    team = session.scalars(select(Team).where(Team.name == name)).first()
    if team is None:
        team = Team(name=name)
        session.add(team)
        session.flush()
    return team


def e164(phone: str) -> str:
    if not re.fullmatch(r"\+[1-9]\d{7,14}", phone):
        raise CliError(f"{phone!r} is not a phone number in E.164 form (+32470123456)")
    return phone
