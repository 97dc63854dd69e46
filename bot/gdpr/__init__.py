"""Patients' rights over their data (issue 18): a copy of everything (``export``) and
erasure (``erase``), for the `bot gdpr` command line and, later, the console. Plain
Python on a session: the caller owns the transaction and says who acts (``actor``).
Rasa's conversation events are read and deleted in its tracker store (``tracker``)."""

from bot.gdpr.erase import ERASED_TEXT, ConfirmationError, confirmation_phrase, erase, plan
from bot.gdpr.export import CATEGORIES, archive, collect, counts, render_html, write_archive
from bot.gdpr.scope import UnknownPatientError
from bot.gdpr.tracker import TrackerStore, configured

__all__ = [
    "CATEGORIES", "ERASED_TEXT", "ConfirmationError", "TrackerStore", "UnknownPatientError",
    "archive", "collect", "configured", "confirmation_phrase", "counts", "erase", "plan",
    "render_html", "write_archive",
]
