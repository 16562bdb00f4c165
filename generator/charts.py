"""Build-time SVG charts for the statistics page: plain markup, no script, no library.

Charts are drawn once at build time, so readers need no JavaScript and the pages
work offline and in print. Labels come from claim files, which are hostile input:
every text goes through `label()` (XML-escaped, XML-illegal characters dropped) and
every value interpolated into markup goes through `Markup.format`, which escapes it.
Colours come only from the desk's configuration and are still checked by `safe_colour`.

Sizes are viewBox units and the SVG scales to its container (`width:100%`). Text is
14 units; a CSS `min-width` keeps it at 12px or more, so on a narrow phone the
chart's wrapper scrolls instead of shrinking text below legibility. Text is drawn in
`currentColor`, which Material sets for both its light and dark schemes; bars carry
a `currentColor` outline so dark verdict colours stay visible on the dark scheme.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from generator.dates import long_date, short_date, short_month, time_tag, week_label, week_tag
from generator.settings import Verdict

WIDTH = 720
FONT_SIZE = 14
MIN_TEXT_PX = 12
PAD = 8
NEUTRAL = "#4a4f55"

# Characters XML 1.0 forbids: a stray control character in a claim file would
# otherwise make the SVG unparseable for XML tools and feed readers.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|hsl)a?\([0-9.,%\s/]+\)")
_ID = re.compile(r"[^A-Za-z0-9_-]")


# --- shared primitives (graph.py uses them too) ---------------------------------


def label(text: str) -> Markup:
    """Claim text made safe for SVG: XML-escaped and free of XML-illegal characters."""
    return Markup.escape(_XML_ILLEGAL.sub("", text).replace("\n", " ").replace("\r", " "))


def safe_colour(value: str) -> str:
    """A configured colour, or a neutral grey if it could break out of its attribute."""
    return value if _COLOUR.fullmatch(value) else NEUTRAL


def num(value: float) -> str:
    """Coordinates with one decimal at most, so output is stable and small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _char_width(char: str) -> float:
    """One character's estimated width, in font sizes."""
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in "WF":
        return 1.0
    return 0.68 if char.isupper() else 0.58


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width: no font metrics at build time, so err on the wide side."""
    return sum(_char_width(c) for c in text) * size


def shorten(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    """`text` cut with an ellipsis to fit `max_width`; the full text goes in a tooltip.

    One pass over the text: widths add up, so the cut is the longest prefix whose
    width plus the ellipsis fits (names can be thousands of characters long)."""
    if text_width(text, size) <= max_width:
        return text
    room = max_width / size - _char_width("…")
    used, cut = 0.0, 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > room:
            break
        cut = index + 1
    return text[:cut].rstrip() + "…"


def chart_id(value: str) -> str:
    """An id safe for `id` and `aria-labelledby`, whatever the caller passed."""
    return _ID.sub("-", value) or "fc-chart"


def svg_document(
    ident: str,
    title: str,
    desc: str,
    size: tuple[float, float],
    body: Sequence[Markup],
    *,
    role: str = "img",
    css_class: str = "fc-chart__svg",
) -> Markup:
    """The `<svg>` wrapper every chart shares: accessible name, viewBox, fluid width."""
    ident = chart_id(ident)
    width, height = size
    min_width = math.ceil(width * MIN_TEXT_PX / FONT_SIZE)
    labelled = f"{ident}-title {ident}-desc" if role == "img" else f"{ident}-title"
    described = Markup(' aria-describedby="{}-desc"').format(ident) if role != "img" else ""
    head = Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{}" role="{}" viewBox="0 0 {} {}" '
        'aria-labelledby="{}"{} font-size="{}" '
        'style="width:100%;height:auto;min-width:{}px;overflow:visible">'
    ).format(css_class, role, num(width), num(height), labelled, described, FONT_SIZE, min_width)
    titles = Markup('<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>').format(
        ident, label(title), ident, label(desc)
    )
    return Markup("\n").join([head, titles, *body, Markup("</svg>")])


def text(x: float, y: float, content: str, *, anchor: str = "start", bold: bool = False) -> Markup:
    """A line of chart text in the page's text colour, vertically centred on `y`."""
    weight = Markup(' font-weight="700"') if bold else ""
    return Markup(
        '<text x="{}" y="{}" text-anchor="{}" dominant-baseline="central" fill="currentColor"{}>'
        "{}</text>"
    ).format(num(x), num(y), anchor, weight, label(content))


def bar(
    x: float, y: float, w: float, h: float, colour: str, tip: str, *, opacity: float = 1
) -> Markup:
    """A filled rectangle with a tooltip and an outline that shows on dark schemes."""
    return Markup(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}" '
        'stroke="currentColor" stroke-opacity="0.55" stroke-width="1"><title>{}</title></rect>'
    ).format(num(x), num(y), num(max(w, 0)), num(h), safe_colour(colour), num(opacity), label(tip))


def plural(count: int, word: str = "claim", words: str = "") -> str:
    """'1 claim', '2,000 claims'; `words` for irregular plurals ('people')."""
    return f"{count:,} " + (word if count == 1 else words or word + "s")


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def _empty(ident: str, title: str, message: str) -> Markup:
    size = (WIDTH, 40)
    return svg_document(ident, title, message, size, [text(PAD, 20, message)])


# --- claims per verdict ------------------------------------------------------------

_ROW = 34
_BAR = 22


def verdict_bar_chart(
    verdicts: Sequence[Verdict],
    counts: Mapping[str, int],
    *,
    title: str = "Claims by verdict",
    ident: str = "fc-chart-verdicts",
) -> Markup:
    """Horizontal bars in each verdict's colour; icon, label and count name every bar,
    so the colour is never the only way to tell the verdicts apart."""
    if not verdicts:
        return _empty(ident, title, "No verdicts are configured.")
    total = sum(counts.get(v.name, 0) for v in verdicts)
    names = [f"{v.icon} {v.label}" for v in verdicts]
    label_w = min(max(text_width(n) for n in names), WIDTH * 0.45)
    x0 = PAD + label_w + PAD
    scale_w = WIDTH - x0 - text_width("00,000 (100%)") - 2 * PAD
    peak = max(counts.get(v.name, 0) for v in verdicts) or 1
    body = []
    for i, (v, name) in enumerate(zip(verdicts, names)):
        count = counts.get(v.name, 0)
        y = PAD + i * _ROW
        w = scale_w * count / peak
        shown = f"{count:,} ({percent(count, total)})"
        body.append(text(x0 - PAD, y + _BAR / 2, shorten(name, label_w), anchor="end"))
        if count:
            body.append(bar(x0, y, w, _BAR, v.colour, f"{v.label}: {plural(count)}"))
        body.append(text(x0 + w + 6, y + _BAR / 2, shown))
    parts = ", ".join(f"{v.label} {counts.get(v.name, 0):,}" for v in verdicts)
    desc = f"Bar chart of {plural(total)} by verdict: {parts}."
    return svg_document(ident, title, desc, (WIDTH, 2 * PAD + len(verdicts) * _ROW - 12), body)


# --- claims per outlet, stacked by verdict -------------------------------------------


def _legend(verdicts: Sequence[Verdict], top: float) -> tuple[list[Markup], float]:
    """Swatches showing each verdict's icon, then its label; wraps onto new lines."""
    items: list[Markup] = []
    x, y = PAD, top
    for v in verdicts:
        advance = 18 + 6 + text_width(v.label) + 20
        if x > PAD and x + advance > WIDTH - PAD:
            x, y = PAD, y + 26
        items.append(bar(x, y, 18, 18, v.colour, v.label))
        items.append(_icon(x + 9, y + 9, v.icon))
        items.append(text(x + 24, y + 9, shorten(v.label, WIDTH - 2 * PAD - 24)))
        x += advance
    return items, y + 26 - top


def _icon(x: float, y: float, icon: str) -> Markup:
    """A verdict icon in white on its colour, as on the site's badges."""
    return Markup(
        '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central" fill="#fff" '
        'font-weight="700" aria-hidden="true">{}</text>'
    ).format(num(x), num(y), label(icon))


def outlet_stacked_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    verdicts: Sequence[Verdict],
    *,
    title: str = "Claims by outlet and verdict",
    ident: str = "fc-chart-outlets",
    note: str = "",
) -> Markup:
    """One bar per outlet, split by verdict in the configured order, in the order given.

    Segments wide enough carry their verdict's icon; the legend pairs icon and label,
    and the total is printed at the end of each bar."""
    if not rows:
        return _empty(ident, title, "No outlets yet.")
    legend, legend_h = _legend(verdicts, PAD)
    label_w = min(max(text_width(name) for name, _ in rows), WIDTH * 0.45)
    x0 = PAD + label_w + PAD
    scale_w = WIDTH - x0 - text_width("00,000") - 2 * PAD
    peak = max(sum(c.values()) for _, c in rows) or 1
    top = PAD + legend_h + 8
    body = list(legend)
    for i, (name, counts) in enumerate(rows):
        origin = (x0, top + i * 30)
        body.extend(_stacked_row(name, counts, verdicts, origin, scale_w / peak, label_w))
    desc = "Stacked bar chart of claims per outlet, split by verdict. "
    desc += _outlet_desc(rows, verdicts)
    height = top + len(rows) * 30 - 10 + PAD
    return svg_document(ident, title, f"{desc} {note}".strip(), (WIDTH, height), body)


def _stacked_row(
    name: str,
    counts: Mapping[str, int],
    verdicts: Sequence[Verdict],
    origin: tuple[float, float],
    unit: float,
    label_w: float,
) -> list[Markup]:
    x, y = origin
    body = [text(x - PAD, y + 10, shorten(name, label_w), anchor="end")]
    for v in verdicts:
        count = counts.get(v.name, 0)
        if not count:
            continue
        w = unit * count
        body.append(bar(x, y, w - 1.5, 20, v.colour, f"{name}: {plural(count)} {v.label.lower()}"))
        if w >= 18:
            body.append(_icon(x + w / 2, y + 10, v.icon))
        x += w
    body.append(text(x + 6, y + 10, f"{sum(counts.values()):,}"))
    return body


def _outlet_desc(rows: Sequence[tuple[str, Mapping[str, int]]], verdicts: Sequence[Verdict]) -> str:
    parts = []
    for name, counts in rows:
        split = ", ".join(f"{v.label} {counts[v.name]}" for v in verdicts if counts.get(v.name))
        parts.append(f"{name}: {plural(sum(counts.values()))} ({split})")
    return "; ".join(parts) + "."


# --- claims per claim date -------------------------------------------------------

_PLOT_TOP = 28
_PLOT_H = 200
_AXIS_W = 48
# Columns drawn at most: the unit (day, week, month, year...) is the finest that keeps
# the whole span within this many columns, so no claim is ever left out of the chart.
MAX_COLUMNS = 366
_TICK_ROOM = 60  # units one "30 Sep" label needs, with a gap


@dataclass(frozen=True)
class Unit:
    """A column width of the date chart: `size` days, weeks, months or years."""

    name: str  # "day", "decade"...
    plural: str
    base: str  # "day", "week", "month" or "year"
    size: int = 1

    def index(self, day: dt.date) -> int:
        """The column of `day`, counted from the start of the calendar."""
        if self.base == "day":
            return day.toordinal()
        if self.base == "week":
            return (day.toordinal() - 1) // 7  # 1 January of year 1 is a Monday
        if self.base == "month":
            return day.year * 12 + day.month - 1
        return day.year // self.size

    def start(self, index: int) -> dt.date:
        """The first day of column `index` (never outside the calendar)."""
        if self.base == "day":
            return dt.date.fromordinal(index)
        if self.base == "week":
            return dt.date.fromordinal(index * 7 + 1)
        if self.base == "month":
            return dt.date(index // 12, index % 12 + 1, 1)
        return dt.date(max(index * self.size, 1), 1, 1)

    def label(self, start: dt.date) -> str:
        """The whole period, for tooltips and tables: 'week of 6 September 2021'."""
        if self.base == "day":
            return long_date(start)
        if self.base == "week":
            return week_label(start)
        if self.base == "month":
            return long_date(start.isoformat()[:7])
        if self.size == 1:
            return str(start.year)
        first = start.year // self.size * self.size
        return f"{max(first, 1)}–{first + self.size - 1}"

    def tag(self, start: dt.date) -> Markup:
        """The period as a `<time>` tag where HTML has a form for it."""
        if self.base == "day":
            return time_tag(start)
        if self.base == "week":
            return week_tag(start)
        if self.base == "month":
            return time_tag(start.isoformat()[:7])
        if self.size == 1:
            return time_tag(f"{start.year:04d}")
        return Markup.escape(self.label(start))

    def tick(self, start: dt.date) -> str:
        """The axis label: short, with the year printed on a line below when it changes."""
        if self.base in ("day", "week"):
            return short_date(start)
        if self.base == "month":
            return short_month(start)
        return str(start.year // self.size * self.size or 1) + ("s" if self.size > 1 else "")


UNITS: tuple[Unit, ...] = (
    Unit("day", "days", "day"),
    Unit("week", "weeks", "week"),
    Unit("month", "months", "month"),
    Unit("year", "years", "year"),
    Unit("decade", "decades", "year", 10),
    Unit("century", "centuries", "year", 100),
    Unit("millennium", "millennia", "year", 1000),
)


@dataclass(frozen=True)
class Period:
    """One column: the claims made within one day, week, month or year, or (`edge`)
    the few made long before or after the rest."""

    start: dt.date
    count: int
    first: dt.date | None  # the first day with claims in it, if any
    label: str  # "week of 6 September 2021", "before 1 September 2021"
    tag: Markup  # the same as a `<time>` tag where HTML has a form for it
    edge: bool = False


# A few claims dated far from the rest (a typo, a historical claim) must not coarsen
# the whole chart until one column holds most claims: then up to this share of claims
# at each end goes to a "before" or "after" column, and the rest is drawn finer.
OUTLIER_SHARE = 0.05


def periods(days: Sequence[tuple[dt.date, int]]) -> tuple[Unit, list[Period]]:
    """Columns for every claim: the finest unit that fits the span in `MAX_COLUMNS`,
    empty periods included so gaps read as gaps. Linear in the number of days."""
    counts: dict[dt.date, int] = defaultdict(int)
    for day, n in days:
        if n > 0:
            counts[day] += n
    if not counts:
        return UNITS[0], []
    ordered = sorted(counts.items())
    low, high = ordered[0][0], ordered[-1][0]
    unit = _finest(low, high)
    core_low, core_high = _core(ordered)
    if _collapsed(ordered, unit) and UNITS.index(_finest(core_low, core_high)) < UNITS.index(unit):
        unit = _finest(core_low, core_high)
        low, high = _widen(ordered, unit, core_low, core_high)
    return unit, _columns_of(ordered, unit, low, high)


def _finest(low: dt.date, high: dt.date) -> Unit:
    return next(u for u in UNITS if u.index(high) - u.index(low) < MAX_COLUMNS)


def _collapsed(ordered: Sequence[tuple[dt.date, int]], unit: Unit) -> bool:
    """Whether one column would hold more than half of the claims."""
    columns: dict[int, int] = defaultdict(int)
    for day, n in ordered:
        columns[unit.index(day)] += n
    return len(columns) > 1 and max(columns.values()) * 2 > sum(columns.values())


def _core(ordered: Sequence[tuple[dt.date, int]]) -> tuple[dt.date, dt.date]:
    """The first and last day once `OUTLIER_SHARE` of the claims is set aside at each end."""
    total = sum(n for _, n in ordered)
    skip = math.floor(total * OUTLIER_SHARE)
    seen, low = 0, ordered[0][0]
    for day, n in ordered:
        seen += n
        if seen > skip:
            low = day
            break
    seen, high = 0, ordered[-1][0]
    for day, n in reversed(ordered):
        seen += n
        if seen > skip:
            high = day
            break
    return low, high


def _widen(
    ordered: Sequence[tuple[dt.date, int]], unit: Unit, low: dt.date, high: dt.date
) -> tuple[dt.date, dt.date]:
    """The core span, grown to take in every day that still fits (later days first)."""
    for day, _ in ordered:
        if day > high and unit.index(day) - unit.index(low) < MAX_COLUMNS:
            high = day
    for day, _ in reversed(ordered):
        if day < low and unit.index(high) - unit.index(day) < MAX_COLUMNS:
            low = day
    return low, high


def _columns_of(
    ordered: Sequence[tuple[dt.date, int]], unit: Unit, low: dt.date, high: dt.date
) -> list[Period]:
    base = unit.index(low)
    totals = [0] * (unit.index(high) - base + 1)
    firsts: list[dt.date | None] = [None] * len(totals)
    before: list[tuple[dt.date, int]] = []
    after: list[tuple[dt.date, int]] = []
    for day, n in ordered:
        if day < low:
            before.append((day, n))
        elif day > high:
            after.append((day, n))
        else:
            i = unit.index(day) - base
            totals[i] += n
            firsts[i] = firsts[i] or day
    columns = [
        Period(unit.start(base + i), n, f, unit.label(unit.start(base + i)), unit.tag(unit.start(base + i)))
        for i, (n, f) in enumerate(zip(totals, firsts))
    ]
    if before:
        edge = columns[0].start
        columns.insert(0, Period(before[0][0], sum(n for _, n in before), before[0][0],
                                 f"before {unit.label(edge)}", Markup("before ") + unit.tag(edge),
                                 edge=True))  # fmt: skip
    if after:
        edge = columns[-1].start
        columns.append(Period(after[0][0], sum(n for _, n in after), after[0][0],
                              f"after {unit.label(edge)}", Markup("after ") + unit.tag(edge),
                              edge=True))  # fmt: skip
    return columns


def daily_chart(
    days: Sequence[tuple[dt.date, int]],
    *,
    title: str = "Claims by claim date",
    ident: str = "fc-chart-days",
) -> Markup:
    """One column per day, week, month or year (the finest that keeps the span within
    `MAX_COLUMNS` columns), so one old claim can never squeeze the rest out of sight:
    a few far-off claims get an "earlier" or "later" column instead."""
    unit, span = periods(days)
    if not span:
        return _empty(ident, title, "No claims yet.")
    top = _nice_top(max(p.count for p in span))
    plot = (_AXIS_W, WIDTH - _AXIS_W - PAD)
    body = _y_axis(top, plot) + _columns(span, top, plot) + _x_axis(unit, span, plot)
    return svg_document(ident, title, _daily_desc(unit, span), (WIDTH, _PLOT_TOP + _PLOT_H + 52), body)


def _nice_top(peak: int) -> int:
    """The axis maximum: a round number at or above the busiest day."""
    step = _nice_step(peak)
    return max(step, math.ceil(peak / step) * step)


def _nice_step(peak: int) -> int:
    for magnitude in (10**k for k in range(12)):
        for factor in (1, 2, 5):
            if peak / (factor * magnitude) <= 5:
                return factor * magnitude
    return 10**12


def _y_axis(top: int, plot: tuple[float, float]) -> list[Markup]:
    x0, width = plot
    step = _nice_step(top)
    body = []
    for value in range(0, top + 1, step):
        y = _PLOT_TOP + _PLOT_H * (1 - value / top)
        opacity = "0.6" if value == 0 else "0.2"
        body.append(Markup(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" stroke-opacity="{}"/>'
        ).format(num(x0), num(y), num(x0 + width), num(y), opacity))  # fmt: skip
        body.append(text(x0 - 6, y, f"{value:,}", anchor="end"))
    return body


def _columns(span: Sequence[Period], top: int, plot: tuple[float, float]) -> list[Markup]:
    x0, width = plot
    pitch = width / len(span)
    bar_w = max(pitch * 0.7, 0.6)
    show_counts = pitch >= text_width(f"{max(p.count for p in span):,}") + 4
    body = []
    for i, period in enumerate(span):
        if not period.count:
            continue
        h = _PLOT_H * period.count / top
        x = x0 + i * pitch + (pitch - bar_w) / 2
        tip = f"{period.label}: {plural(period.count)}"
        opacity = 0.35 if period.edge else 0.7
        body.append(bar(x, _PLOT_TOP + _PLOT_H - h, bar_w, h, "currentColor", tip, opacity=opacity))
        if show_counts:
            above = _PLOT_TOP + _PLOT_H - h - 10
            body.append(text(x + bar_w / 2, above, f"{period.count:,}", anchor="middle"))
    return body


def _x_axis(unit: Unit, span: Sequence[Period], plot: tuple[float, float]) -> list[Markup]:
    """Labels at every `step`-th period of the calendar, `step` enough for the text to
    fit, so labels never overlap; the year goes below whenever it changes. The edge
    columns of far-off claims are named by their tooltips and the description."""
    x0, width = plot
    pitch = width / len(span)
    step = max(1, math.ceil(_TICK_ROOM / pitch))
    body = []
    shown_year = None
    for i, period in enumerate(span):
        if period.edge or unit.index(period.start) % step:
            continue
        x = x0 + (i + 0.5) * pitch
        body.append(text(x, _PLOT_TOP + _PLOT_H + 14, unit.tick(period.start), anchor="middle"))
        if unit.base != "year" and period.start.year != shown_year:
            body.append(text(x, _PLOT_TOP + _PLOT_H + 34, str(period.start.year), anchor="middle"))
            shown_year = period.start.year
    return body


def _daily_desc(unit: Unit, span: Sequence[Period]) -> str:
    inner = [p for p in span if not p.edge]
    busiest = max(inner, key=lambda p: p.count)  # the first of equals
    total = sum(p.count for p in span)
    desc = (
        f"Column chart of {plural(total)} by the {unit.name} they were made, one column per "
        f"{unit.name} from {inner[0].label} to {inner[-1].label} "
        f"({plural(len(inner), unit.name, unit.plural)}). Busiest {unit.name}: "
        f"{busiest.label}, with {plural(busiest.count)}."
    )
    for edge, side in ((span[0], "first"), (span[-1], "last")):
        if edge.edge:
            desc += f" The {side} column holds the {plural(edge.count)} made {edge.label}."
    return desc
