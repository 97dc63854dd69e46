"""Dates, times and numbers written the way Belgian patients read them.

Patients get reminders such as "mardi 3 mars à 14h30" or "dinsdag 3 maart om 14.30
uur". Python's own formatting follows the server's locale and writes "03/03 14:30",
which reads as foreign (and, for the date, ambiguous) to a Belgian patient. Babel
gives us the CLDR month and weekday names and number symbols for fr_BE and nl_BE
without depending on the locales installed on the host.

CLDR has no pattern for the spoken-style times Belgians write ("14h30", "14.30 uur"):
its fr_BE and nl_BE short times are both "HH:mm". Those are therefore built by hand.

Everything here produces text for the middle of a sentence, so weekday and month
names stay lower-case as both languages write them; capitalising the start of a
message is the caller's job.
"""

from __future__ import annotations

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal

DEFAULT_TIMEZONE = "Europe/Brussels"

_LOCALES = {"fr": "fr_BE", "nl": "nl_BE"}

# The word that joins a date and a time: "mardi 3 mars à 14h30", "dinsdag 3 maart om 14.30 uur".
_AT = {"fr": "à", "nl": "om"}

_RELATIVE_DAYS = {
    "fr": {-1: "hier", 0: "aujourd'hui", 1: "demain"},
    "nl": {-1: "gisteren", 0: "vandaag", 1: "morgen"},
}


def _locale(lang: str) -> str:
    # Failing loudly beats silently writing a French date into a Dutch message.
    try:
        return _LOCALES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; expected 'fr' or 'nl'") from None


def format_date(d: datetime.date, lang: str) -> str:
    """Weekday, day and month, without the year: "mardi 3 mars", "dinsdag 3 maart".

    The year is left out because reminders and appointments are always within the
    coming weeks, and the weekday is kept because it is what patients remember.
    French writes the first of the month as an ordinal ("dimanche 1er mars"), as any
    French reader expects; Dutch has no such form ("zondag 1 maart").
    """
    locale = _locale(lang)
    pattern = "EEEE d'er' MMMM" if lang == "fr" and d.day == 1 else "EEEE d MMMM"
    return _babel_format_date(d, pattern, locale=locale)


def format_time(t: datetime.time | datetime.datetime, lang: str) -> str:
    """Clock time as written in Belgian messages: "14h30", "8h" / "14.30 uur", "8.00 uur".

    French drops ":00" on the hour ("8h", but "8h05"); Dutch always writes the minutes.
    Seconds are dropped, not rounded: appointments and reminders are on the minute.

    The wall-clock fields are used as given, with no time-zone conversion; pass
    aware datetimes through ``format_datetime`` (or convert them first) so that a UTC
    timestamp is not shown as if it were Belgian time.
    """
    _locale(lang)
    hour, minute = t.hour, t.minute
    if lang == "fr":
        return f"{hour}h" if minute == 0 else f"{hour}h{minute:02d}"
    return f"{hour}.{minute:02d} uur"


def format_datetime(moment: datetime.datetime, lang: str, tz: str = DEFAULT_TIMEZONE) -> str:
    """Date and time in the patient's zone: "mardi 3 mars à 14h30", "dinsdag 3 maart om 14.30 uur".

    Appointments are stored in UTC, so the conversion to Brussels time (summer or
    winter) happens here, at the last moment. Naive datetimes are refused: guessing
    their zone is how a reminder ends up an hour early after a clock change.
    """
    _locale(lang)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("format_datetime needs a timezone-aware datetime")
    local = moment.astimezone(ZoneInfo(tz))
    return f"{format_date(local.date(), lang)} {_AT[lang]} {format_time(local, lang)}"


def format_number(x: float, lang: str, max_decimals: int = 2) -> str:
    """A quantity with the Belgian decimal comma: "1,5", "84,3", "30", "6 000" / "6.000".

    Babel's fr_BE and nl_BE locales both use a decimal comma; they differ in the
    grouping separator: a point in Dutch ("6.000") and, in French, a space. CLDR's
    narrow no-break space (U+202F) is replaced by a plain space: it is outside the
    GSM-7 alphabet and would turn a whole SMS into UCS-2 (fewer characters per part).

    Trailing zeros are dropped (30.0 -> "30", 1.50 -> "1,5") because patients read
    "30,00 minutes" as an amount of money. Rounding is half-up ("2,345" -> "2,35"),
    as taught at school, rather than Babel's default half-even, which would show
    2.345 as "2,34" and look like a mistake; a result that rounds to zero is shown as
    "0", never "-0".
    """
    locale = _locale(lang)
    if max_decimals < 0:
        raise ValueError("max_decimals must be zero or more")
    if not math.isfinite(x):
        raise ValueError(f"cannot show {x!r} to a patient")
    # Through str(): Decimal(1.005) is 1.00499999..., which would round down.
    value = Decimal(str(x))
    value = value.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
    text = _babel_format_decimal(value, format=pattern, locale=locale)
    return text.replace("\u202f", " ").replace("\xa0", " ")


def relative_day(d: datetime.date, today: datetime.date, lang: str) -> str | None:
    """The word for yesterday, today or tomorrow ("demain", "morgen"), else None.

    A reminder for today or tomorrow reads more naturally with the word than with
    the date; further away, the caller falls back to ``format_date``. ``today`` is a
    parameter rather than read from the clock because "today" depends on the
    patient's zone, not the server's, and so that tests do not depend on the date.
    """
    _locale(lang)
    if isinstance(d, datetime.datetime):
        d = d.date()
    if isinstance(today, datetime.datetime):
        today = today.date()
    return _RELATIVE_DAYS[lang].get((d - today).days)
