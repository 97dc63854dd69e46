"""Belgian date, time and number formatting in patient messages."""

from __future__ import annotations

import datetime

import pytest

from bot.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_time,
    relative_day,
)

UTC = datetime.timezone.utc
NNBSP = " "  # CLDR's narrow no-break space becomes a plain space (GSM-7 for SMS)


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (datetime.date(2026, 3, 3), "fr", "mardi 3 mars"),
        (datetime.date(2026, 3, 3), "nl", "dinsdag 3 maart"),
        (datetime.date(2026, 7, 14), "fr", "mardi 14 juillet"),
        (datetime.date(2026, 7, 14), "nl", "dinsdag 14 juli"),
        (datetime.date(2026, 8, 15), "fr", "samedi 15 août"),
        (datetime.date(2026, 12, 25), "nl", "vrijdag 25 december"),
        # French writes the first of the month as an ordinal; Dutch does not.
        (datetime.date(2026, 3, 1), "fr", "dimanche 1er mars"),
        (datetime.date(2026, 3, 1), "nl", "zondag 1 maart"),
    ],
)
def test_format_date(day: datetime.date, lang: str, expected: str) -> None:
    assert format_date(day, lang) == expected


@pytest.mark.parametrize(
    ("hour", "minute", "fr", "nl"),
    [
        (14, 30, "14h30", "14.30 uur"),
        (8, 0, "8h", "8.00 uur"),
        (8, 5, "8h05", "8.05 uur"),
        (0, 0, "0h", "0.00 uur"),
        (23, 59, "23h59", "23.59 uur"),
        (12, 0, "12h", "12.00 uur"),
    ],
)
def test_format_time(hour: int, minute: int, fr: str, nl: str) -> None:
    t = datetime.time(hour, minute)
    assert format_time(t, "fr") == fr
    assert format_time(t, "nl") == nl


def test_format_time_accepts_datetime_and_drops_seconds() -> None:
    moment = datetime.datetime(2026, 3, 3, 9, 15, 59)
    assert format_time(moment, "fr") == "9h15"
    assert format_time(moment, "nl") == "9.15 uur"


@pytest.mark.parametrize(
    ("moment", "fr", "nl"),
    [
        # Winter time (CET, UTC+1): 13:30 UTC is 14:30 in Brussels.
        (
            datetime.datetime(2026, 3, 3, 13, 30, tzinfo=UTC),
            "mardi 3 mars à 14h30",
            "dinsdag 3 maart om 14.30 uur",
        ),
        # Summer time (CEST, UTC+2): 07:00 UTC is 9:00 in Brussels.
        (
            datetime.datetime(2026, 7, 14, 7, 0, tzinfo=UTC),
            "mardi 14 juillet à 9h",
            "dinsdag 14 juli om 9.00 uur",
        ),
        # The conversion can change the day: 22:45 UTC in summer is 0:45 the next day.
        (
            datetime.datetime(2026, 6, 30, 22, 45, tzinfo=UTC),
            "mercredi 1er juillet à 0h45",
            "woensdag 1 juli om 0.45 uur",
        ),
        # Already in another zone: converted, not re-labelled.
        (
            datetime.datetime(
                2026, 3, 3, 8, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
            ),
            "mardi 3 mars à 14h30",
            "dinsdag 3 maart om 14.30 uur",
        ),
    ],
)
def test_format_datetime_converts_to_brussels(moment: datetime.datetime, fr: str, nl: str) -> None:
    assert format_datetime(moment, "fr") == fr
    assert format_datetime(moment, "nl") == nl


def test_format_datetime_across_the_spring_clock_change() -> None:
    # Belgium moved to summer time on Sunday 29 March 2026 at 01:00 UTC.
    before = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    after = datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert format_datetime(before, "fr") == "dimanche 29 mars à 1h30"
    assert format_datetime(after, "fr") == "dimanche 29 mars à 3h30"


def test_format_datetime_other_zone() -> None:
    moment = datetime.datetime(2026, 3, 3, 13, 30, tzinfo=UTC)
    assert format_datetime(moment, "fr", tz="UTC") == "mardi 3 mars à 13h30"
    assert format_datetime(moment, "nl", tz="America/New_York") == "dinsdag 3 maart om 8.30 uur"


def test_format_datetime_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_datetime(datetime.datetime(2026, 3, 3, 14, 30), "fr")


@pytest.mark.parametrize(
    ("x", "fr", "nl"),
    [
        (1.5, "1,5", "1,5"),
        (1.3, "1,3", "1,3"),
        (84.3, "84,3", "84,3"),
        (30.0, "30", "30"),
        (30, "30", "30"),
        (0.5, "0,5", "0,5"),
        (1.50, "1,5", "1,5"),
        (6000, f"6{NNBSP}000", "6.000"),
        (1234567.891, f"1{NNBSP}234{NNBSP}567,89", "1.234.567,89"),
        # Half-up, not Babel's default half-even, and not fooled by 1.005 being
        # stored as 1.00499999... in binary.
        (2.345, "2,35", "2,35"),
        (1.005, "1,01", "1,01"),
        (0.125, "0,13", "0,13"),
        (-2.25, "-2,25", "-2,25"),
        (-0.001, "0", "0"),
    ],
)
def test_format_number(x: float, fr: str, nl: str) -> None:
    assert format_number(x, "fr") == fr
    assert format_number(x, "nl") == nl


@pytest.mark.parametrize(
    ("x", "max_decimals", "expected"),
    [
        (84.36, 1, "84,4"),
        (84.36, 0, "84"),
        (2.5, 0, "3"),
        (3.14159, 4, "3,1416"),
        (7.0, 3, "7"),
    ],
)
def test_format_number_max_decimals(x: float, max_decimals: int, expected: str) -> None:
    assert format_number(x, "nl", max_decimals=max_decimals) == expected


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_format_number_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ValueError):
        format_number(bad, "fr")


def test_format_number_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError):
        format_number(1.5, "fr", max_decimals=-1)


TODAY = datetime.date(2026, 3, 3)


@pytest.mark.parametrize(
    ("day", "fr", "nl"),
    [
        (TODAY, "aujourd'hui", "vandaag"),
        (datetime.date(2026, 3, 4), "demain", "morgen"),
        (datetime.date(2026, 3, 2), "hier", "gisteren"),
        (datetime.date(2026, 3, 5), None, None),
        (datetime.date(2026, 3, 1), None, None),
        (datetime.date(2027, 3, 3), None, None),
    ],
)
def test_relative_day(day: datetime.date, fr: str | None, nl: str | None) -> None:
    assert relative_day(day, TODAY, "fr") == fr
    assert relative_day(day, TODAY, "nl") == nl


def test_relative_day_across_month_and_year_ends() -> None:
    assert relative_day(datetime.date(2027, 1, 1), datetime.date(2026, 12, 31), "fr") == "demain"
    assert relative_day(datetime.date(2026, 2, 28), datetime.date(2026, 3, 1), "nl") == "gisteren"


def test_relative_day_accepts_datetimes() -> None:
    late = datetime.datetime(2026, 3, 4, 23, 59)
    early = datetime.datetime(2026, 3, 3, 0, 1)
    assert relative_day(late, early, "fr") == "demain"


@pytest.mark.parametrize("lang", ["en", "de", "FR", "fr_BE", ""])
def test_unsupported_language_is_an_error(lang: str) -> None:
    moment = datetime.datetime(2026, 3, 3, 13, 30, tzinfo=UTC)
    calls = [
        lambda: format_date(TODAY, lang),
        lambda: format_time(datetime.time(8), lang),
        lambda: format_datetime(moment, lang),
        lambda: format_number(1.5, lang),
        lambda: relative_day(TODAY, TODAY, lang),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="unsupported language"):
            call()
