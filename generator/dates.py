"""Dates as the site prints them, in one place: pages, charts and statistics agree.

Formatting goes through babel (it comes with Material) rather than `strftime`, which
follows the machine's locale and cannot print years before 1000 portably. Claim and
source dates range over the whole calendar (year 1 to 9999), so nothing here does
date arithmetic that could overflow.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date
from markupsafe import Markup

LOCALE = "en"


@functools.lru_cache(maxsize=8192)
def long_date(value: dt.date | str) -> str:
    """'2021-09-06' -> '6 September 2021'; partial dates keep their precision
    ('2021-09' -> 'September 2021', '2021' -> '2021')."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    parts = text.split("-")
    if len(parts) == 1:
        return str(int(parts[0]))
    day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)
    return format_date(day, "d MMMM y" if len(parts) > 2 else "MMMM y", locale=LOCALE)


@functools.lru_cache(maxsize=8192)
def time_tag(value: dt.date | str) -> Markup:
    """`<time datetime="2021-09-06">6 September 2021</time>`; dates repeat across
    thousands of rows, so each tag is built once."""
    text = value.isoformat() if isinstance(value, dt.date) else value
    return Markup('<time datetime="{}">{}</time>').format(text, long_date(text))


def short_date(day: dt.date) -> str:
    """'6 Sep': an axis label, where the year is printed once below."""
    return format_date(day, "d MMM", locale=LOCALE)


def short_month(day: dt.date) -> str:
    """'Sep': an axis label."""
    return format_date(day, "MMM", locale=LOCALE)


def week_label(monday: dt.date) -> str:
    """'week of 6 September 2021'."""
    return f"week of {long_date(monday)}"


def week_tag(monday: dt.date) -> Markup:
    """The ISO week as a `<time>` tag (`2021-W36`), read as 'week of …'."""
    year, week, _ = monday.isocalendar()
    return Markup('<time datetime="{:04d}-W{:02d}">{}</time>').format(year, week, week_label(monday))
