"""Accounts of the nurse console: argon2 password hashes, sign-in throttling, server-side
sessions, and who may see which patient.

Roles: a *nurse* sees the patients whose care team includes their linked care-team
member; a *coordinator* every patient of their team; an *admin* every patient, and
manages the accounts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.orm import Session

from bot import audit
from bot.db import session_scope
from bot.i18n.reasons import ExplainedError
from bot.models import (
    CareAssignment,
    CareTeamMember,
    ConsoleSession,
    ConsoleSignInFailure,
    ConsoleUser,
    Patient,
    Team,
    utcnow,
)
from bot.nlu.languages import LANGUAGES

log = logging.getLogger("console.accounts")

ROLES = ("nurse", "coordinator", "admin")
# Sign-in throttling (see authenticate): failures counted over WINDOW.
WINDOW = dt.timedelta(minutes=15)
ACCOUNT_SOURCE_FAILURES = 5  # per (username, source address)
SOURCE_FAILURES = 20  # per source address, whatever the usernames
MIN_PASSWORD = 10
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,59}")

_hasher = PasswordHasher()
# A hash to verify against when the username is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ExplainedError):
    """An account that cannot be made: str() in English (the CLI), ``text(lang)`` for
    the console (bot/i18n/errors.yml, ``account.*``)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError("account.short_password", minimum=MIN_PASSWORD)
    return _hasher.hash(password)


def create_user(session: Session, username: str, password: str, role: str, *,
                team: str | None = None, member: str | None = None, language: str = "fr",
                actor: str = "system", password_hash: str | None = None) -> ConsoleUser:
    """A new account. ``team`` is a team name; ``member`` the name of the care-team
    member of that team this account is (required for nurses). ``password_hash``:
    ``hash_password(password)`` computed before the transaction (argon2 is slow)."""
    username = username.strip().lower()
    if not _USERNAME.fullmatch(username):
        raise AccountError("account.bad_username")
    if role not in ROLES:
        raise AccountError("account.bad_role", roles=", ".join(ROLES))
    if language not in LANGUAGES:
        raise AccountError("account.bad_language")
    if session.scalar(select(ConsoleUser).where(ConsoleUser.username == username)):
        raise AccountError("account.username_taken", username=username)
    team_row = None
    if team:
        team_row = session.scalar(select(Team).where(Team.name == team))
        if team_row is None:
            raise AccountError("account.no_team", team=team)
    elif role != "admin":
        raise AccountError("account.needs_team")
    member_row = None
    if member:
        query = select(CareTeamMember).where(CareTeamMember.name == member)
        if team_row is not None:
            query = query.where(CareTeamMember.team_id == team_row.id)
        member_row = session.scalars(query.order_by(CareTeamMember.id)).first()
        if member_row is None:
            raise AccountError("account.no_member", member=member)
    elif role == "nurse":
        raise AccountError("account.needs_member")
    user = ConsoleUser(username=username, password_hash=password_hash or hash_password(password),
                       role=role,
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
    reason: str  # ok, invalid, throttled


def _verify_dummy(password: str) -> None:
    try:
        _hasher.verify(_DUMMY_HASH, password)
    except VerificationError:
        pass


def authenticate(session: Session, username: str, password: str, *, source: str = "unknown",
                 now: dt.datetime | None = None) -> SignIn:
    """Check a sign-in from the client address ``source``.

    Throttling rule: failures are counted over WINDOW (15 minutes) per (typed username,
    source address) and per source address. ACCOUNT_SOURCE_FAILURES (5) failures of one
    username from one address, or SOURCE_FAILURES (20) failures of any usernames from
    one address, refuse further attempts from that address, the right password
    included, until the oldest failures leave the window.

    Why this shape: a lock on the account itself (the former "5 failures lock the
    account") lets anyone who knows a username, ``admin`` above all, keep it locked for
    ever by typing wrong passwords every 15 minutes; counting per (account, address)
    means an attacker from one address cannot lock the admin out at another. The
    per-address counter stops one address from guessing across many usernames (or
    slowly across one). Unknown and disabled accounts are counted and answered like a
    wrong password, and a throttled attempt gets the same answer too (the console shows
    one 401 page for "invalid" and "throttled"), so no answer reveals that an account
    exists; the argon2 work is done in every case so the timing does not either.
    Throttled attempts are not counted themselves: the window ends 15 minutes after the
    last real failure. Throttling is logged and audited.

    This runs the three steps in the caller's transaction (the CLI, tests); the console
    uses ``sign_in``, which keeps argon2 (tens of milliseconds of CPU) out of any
    transaction.
    """
    attempt = _prepare(session, username, source, now or utcnow())
    return _record(session, attempt, *_verify(attempt, password))


def sign_in(username: str, password: str, *, source: str = "unknown",
            database_url: str | None = None, now: dt.datetime | None = None) -> str | None:
    """``authenticate`` then ``start_session`` without argon2 inside a transaction: read
    the counters and the hash (one short transaction), verify with no transaction open,
    then record the outcome and open the session (another). Returns the session's
    token, or None for every refusal alike."""
    attempt = _prepare_in_scope(username, source, now or utcnow(), database_url)
    verified, rehash = _verify(attempt, password)
    with session_scope(database_url) as s:
        result = _record(s, attempt, verified, rehash)
        if result.user is None:
            return None
        return start_session(s, result.user, source=attempt.source, now=attempt.now)


@dataclass(frozen=True)
class _Attempt:
    name: str  # the typed username, normalised
    source: str
    now: dt.datetime
    user_id: int | None
    password_hash: str | None  # None: unknown or disabled account, or throttled
    throttled: str | None  # "source" or "account" when the address is throttled


def _prepare_in_scope(username: str, source: str, now: dt.datetime,
                      database_url: str | None) -> _Attempt:
    with session_scope(database_url) as s:
        return _prepare(s, username, source, now)


def _prepare(session: Session, username: str, source: str, now: dt.datetime) -> _Attempt:
    """Read what the sign-in is checked against (and drop failures past the window)."""
    name = username.strip().lower()[:60]
    source = (source or "unknown")[:64]
    since = now - WINDOW
    session.execute(delete(ConsoleSignInFailure).where(ConsoleSignInFailure.at < since))
    from_source = session.scalar(select(func.count()).select_from(ConsoleSignInFailure).where(
        ConsoleSignInFailure.source == source, ConsoleSignInFailure.at >= since)) or 0
    for_account = session.scalar(select(func.count()).select_from(ConsoleSignInFailure).where(
        ConsoleSignInFailure.source == source, ConsoleSignInFailure.username == name,
        ConsoleSignInFailure.at >= since)) or 0
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.username == name))
    throttled = ("source" if from_source >= SOURCE_FAILURES else
                 "account" if for_account >= ACCOUNT_SOURCE_FAILURES else None)
    usable = user is not None and user.active and throttled is None
    return _Attempt(name, source, now, user.id if user else None,
                    user.password_hash if user is not None and usable else None, throttled)


def _verify(attempt: _Attempt, password: str) -> tuple[bool, str | None]:
    """The argon2 work, the same in every case: (password right, new hash if the
    parameters changed). No database access."""
    if attempt.password_hash is None:
        _verify_dummy(password)
        return False, None
    try:
        _hasher.verify(attempt.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    return True, (_hasher.hash(password) if _hasher.check_needs_rehash(attempt.password_hash)
                  else None)


def _record(session: Session, attempt: _Attempt, verified: bool,
            rehash: str | None) -> SignIn:
    """Write the outcome: failures counted, audit, last sign-in."""
    name, source, now = attempt.name, attempt.source, attempt.now
    user = session.get(ConsoleUser, attempt.user_id) if attempt.user_id is not None else None
    if attempt.throttled is not None:
        scope = attempt.throttled
        log.warning("console sign-in throttled (%s) from %s", scope, source)
        audit.record(session, f"console:{user.username}" if user else "console:unknown",
                     "sign_in_throttled", "console_user", entity_id=user.id if user else None,
                     detail={"scope": scope, "source": source})
        return SignIn(None, "throttled")
    if user is None or not user.active or attempt.password_hash is None:
        session.add(ConsoleSignInFailure(username=name, source=source, at=now))
        return SignIn(None, "invalid")
    if not verified or user.password_hash != attempt.password_hash:  # changed meanwhile
        session.add(ConsoleSignInFailure(username=name, source=source, at=now))
        audit.record(session, f"console:{user.username}", "sign_in_failed", "console_user",
                     entity_id=user.id, detail={"source": source})
        return SignIn(None, "invalid")
    session.execute(delete(ConsoleSignInFailure).where(
        ConsoleSignInFailure.username == name, ConsoleSignInFailure.source == source))
    user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
    if rehash is not None:
        user.password_hash = rehash
    audit.record(session, f"console:{user.username}", "sign_in", "console_user", entity_id=user.id)
    return SignIn(user, "ok")


# --- server-side sessions ------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: ConsoleUser, *, source: str | None = None,
                  now: dt.datetime | None = None) -> str:
    """A new session for this account; returns the random token for the (signed)
    cookie. Only its SHA-256 is stored, so the table alone cannot be replayed."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(token_hash=_token_hash(token), user_id=user.id, created_at=now,
                               last_seen_at=now, source=(source or None) and source[:64]))
    session.flush()
    return token


def session_user(session: Session, token: object, *, idle: dt.timedelta,
                 max_age: dt.timedelta, touch: bool = True,
                 now: dt.datetime | None = None) -> ConsoleUser | None:
    """The account of a live session, or None: unknown or revoked token, disabled
    account, more than ``idle`` since the last click or more than ``max_age`` since the
    sign-in (an expired session is revoked on the spot). ``touch`` moves last_seen_at
    (not for the queue's background refresh, which is not the nurse's activity)."""
    if not isinstance(token, str) or not token:
        return None
    now = now or utcnow()
    row = session.scalar(select(ConsoleSession).where(
        ConsoleSession.token_hash == _token_hash(token)))
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(ConsoleUser, row.user_id)
    if user is None or not user.active:
        row.revoked_at = now
        return None
    if now - row.last_seen_at > idle or now - row.created_at > max_age:
        row.revoked_at = now
        audit.record(session, f"console:{user.username}", "session_expired", "console_user",
                     entity_id=user.id)
        return None
    if touch:
        row.last_seen_at = now
    return user


def end_session(session: Session, token: object, *, now: dt.datetime | None = None) -> None:
    """Sign-out: the token stops working at once, copies of the cookie included."""
    if isinstance(token, str) and token:
        session.execute(update(ConsoleSession).where(
            ConsoleSession.token_hash == _token_hash(token),
            ConsoleSession.revoked_at.is_(None)).values(revoked_at=now or utcnow()))


def revoke_sessions(session: Session, user: ConsoleUser, *, actor: str = "system",
                    reason: str = "revoke", now: dt.datetime | None = None) -> int:
    """End every open session of this account; returns how many."""
    # an UPDATE's result is a CursorResult; SQLAlchemy 2.0 types it as a plain Result
    result = cast(CursorResult[Any], session.execute(update(ConsoleSession).where(
        ConsoleSession.user_id == user.id, ConsoleSession.revoked_at.is_(None)
    ).values(revoked_at=now or utcnow())))
    count = result.rowcount or 0
    audit.record(session, actor, "revoke_sessions", "console_user", entity_id=user.id,
                 detail={"reason": reason, "sessions": count})
    return count


def set_password(session: Session, user: ConsoleUser, password: str | None = None, *,
                 actor: str = "system", password_hash: str | None = None) -> None:
    """A new password; every session of the account ends. Pass ``password_hash``
    (``hash_password``, computed before the transaction) to keep argon2 out of it."""
    user.password_hash = password_hash or hash_password(password or "")
    audit.record(session, actor, "set_password", "console_user", entity_id=user.id)
    revoke_sessions(session, user, actor=actor, reason="password")


def disable_user(session: Session, user: ConsoleUser, *, actor: str = "system") -> None:
    """The account can no longer sign in, and its sessions end at once."""
    user.active = False
    audit.record(session, actor, "disable", "console_user", entity_id=user.id)
    revoke_sessions(session, user, actor=actor, reason="disable")


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
