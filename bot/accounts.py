"""Accounts of the nurse console: argon2 password hashes, sign-in with a lockout after
repeated failures, and who may see which patient.

Roles: a *nurse* sees the patients whose care team includes their linked care-team
member; a *coordinator* every patient of their team; an *admin* every patient, and
manages the accounts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import audit
from bot.models import CareAssignment, CareTeamMember, ConsoleUser, Patient, Team, utcnow

ROLES = ("nurse", "coordinator", "admin")
LANGUAGES = ("fr", "nl")
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,59}")

_hasher = PasswordHasher()
# A hash to verify against when the username is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def create_user(session: Session, username: str, password: str, role: str, *,
                team: str | None = None, member: str | None = None, language: str = "fr",
                actor: str = "system") -> ConsoleUser:
    """A new account. ``team`` is a team name; ``member`` the name of the care-team
    member of that team this account is (required for nurses)."""
    username = username.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise AccountError("a username is 2-60 lower-case letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if language not in LANGUAGES:
        raise AccountError("language must be fr or nl")
    if session.scalar(select(ConsoleUser).where(ConsoleUser.username == username)):
        raise AccountError(f"the username {username!r} is taken")
    team_row = None
    if team:
        team_row = session.scalar(select(Team).where(Team.name == team))
        if team_row is None:
            raise AccountError(f"no team named {team!r}")
    elif role != "admin":
        raise AccountError("nurses and coordinators belong to a team (--team)")
    member_row = None
    if member:
        query = select(CareTeamMember).where(CareTeamMember.name == member)
        if team_row is not None:
            query = query.where(CareTeamMember.team_id == team_row.id)
        member_row = session.scalars(query.order_by(CareTeamMember.id)).first()
        if member_row is None:
            raise AccountError(f"no care-team member named {member!r} in that team")
    elif role == "nurse":
        raise AccountError("a nurse account is linked to a care-team member (--member)")
    user = ConsoleUser(username=username, password_hash=hash_password(password), role=role,
                       team_id=team_row.id if team_row else None,
                       member_id=member_row.id if member_row else None, language=language)
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "console_user", entity_id=user.id,
                 detail={"role": role})
    return user


@dataclass(frozen=True)
class SignIn:
    user: ConsoleUser | None
    reason: str  # ok, invalid, locked


def authenticate(session: Session, username: str, password: str,
                 *, now: dt.datetime | None = None) -> SignIn:
    """Check a sign-in; MAX_FAILURES wrong passwords in a row lock the account for
    LOCKOUT (also against the right password). Unknown and disabled accounts answer
    like a wrong password."""
    now = now or utcnow()
    user = session.scalar(select(ConsoleUser).where(
        ConsoleUser.username == username.strip().lower()))
    if user is None or not user.active:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return SignIn(None, "invalid")
    if user.locked_until is not None and user.locked_until > now:
        audit.record(session, f"console:{user.username}", "sign_in_locked", "console_user",
                     entity_id=user.id)
        return SignIn(None, "locked")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_attempts += 1
        reason = "invalid"
        if user.failed_attempts >= MAX_FAILURES:
            user.locked_until, user.failed_attempts, reason = now + LOCKOUT, 0, "locked"
        audit.record(session, f"console:{user.username}", "sign_in_failed", "console_user",
                     entity_id=user.id, detail={"locked": reason == "locked"})
        return SignIn(None, reason)
    user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    audit.record(session, f"console:{user.username}", "sign_in", "console_user", entity_id=user.id)
    return SignIn(user, "ok")


def visible_patient_ids(session: Session, user: ConsoleUser) -> set[int] | None:
    """The patients this account may see; None means every patient (admin)."""
    if user.role == "admin":
        return None
    if user.role == "coordinator":
        if user.team_id is None:
            return set()
        return set(session.scalars(select(Patient.id).where(Patient.team_id == user.team_id)))
    if user.member_id is None:
        return set()
    return set(session.scalars(
        select(CareAssignment.patient_id).where(CareAssignment.member_id == user.member_id)))


def may_see(session: Session, user: ConsoleUser, patient_id: int | None) -> bool:
    """Whether the account may see this patient; records without a patient (an
    unlinked chat account) are for admins only."""
    visible = visible_patient_ids(session, user)
    if visible is None:
        return True
    return patient_id is not None and patient_id in visible
