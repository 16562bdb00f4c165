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
from collections.abc import Mapping, Sequence

from markupsafe import Markup

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
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_LONG_MONTHS = (
    "January February March April May June July August September October November December"
).split()


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


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated rendered width: no font metrics at build time, so err on the wide side."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        wide = unicodedata.east_asian_width(char) in "WF"
        width += 1.0 if wide else (0.68 if char.isupper() else 0.58)
    return width * size


def shorten(text: str, max_width: float, size: float = FONT_SIZE) -> str:
    """`text` cut with an ellipsis to fit `max_width`; the full text goes in a tooltip."""
    if text_width(text, size) <= max_width:
        return text
    while text and text_width(text + "…", size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


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


def long_date(day: dt.date) -> str:
    """'6 September 2021', as the site's pages write dates."""
    return f"{day.day} {_LONG_MONTHS[day.month - 1]} {day.year}"


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


def daily_chart(
    days: Sequence[tuple[dt.date, int]],
    *,
    title: str = "Claims by claim date",
    ident: str = "fc-chart-days",
    max_days: int = 366,
) -> Markup:
    """One column per calendar day, empty days included so gaps read as gaps.

    Only the latest `max_days` days are drawn, which bounds the markup for large
    sets; the description says so when days were left out."""
    counts = {day: n for day, n in days if n}
    if not counts:
        return _empty(ident, title, "No claims yet.")
    last = max(counts)
    first = max(min(counts), last - dt.timedelta(days=max_days - 1))
    span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    values = [counts.get(day, 0) for day in span]
    top = _nice_top(max(values))
    plot = (_AXIS_W, WIDTH - _AXIS_W - PAD)
    body = _y_axis(top, plot) + _columns(span, values, top, plot) + _x_axis(span, plot)
    desc = _daily_desc(span, values, sum(counts.values()) - sum(values))
    return svg_document(ident, title, desc, (WIDTH, _PLOT_TOP + _PLOT_H + 52), body)


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


def _columns(
    span: Sequence[dt.date], values: Sequence[int], top: int, plot: tuple[float, float]
) -> list[Markup]:
    x0, width = plot
    pitch = width / len(span)
    bar_w = max(pitch * 0.7, 0.6)
    show_counts = pitch >= text_width(f"{max(values):,}") + 4
    body = []
    for i, (day, value) in enumerate(zip(span, values)):
        if not value:
            continue
        h = _PLOT_H * value / top
        x = x0 + i * pitch + (pitch - bar_w) / 2
        tip = f"{long_date(day)}: {plural(value)}"
        body.append(bar(x, _PLOT_TOP + _PLOT_H - h, bar_w, h, "currentColor", tip, opacity=0.7))
        if show_counts:
            above = _PLOT_TOP + _PLOT_H - h - 10
            body.append(text(x + bar_w / 2, above, f"{value:,}", anchor="middle"))
    return body


def _x_axis(span: Sequence[dt.date], plot: tuple[float, float]) -> list[Markup]:
    """Date labels far enough apart to read: every n days, or at month starts."""
    x0, width = plot
    pitch = width / len(span)
    body = []
    shown_year = None
    ticks, monthly = _ticks(span, pitch)
    for i in ticks:
        day = span[i]
        x = x0 + (i + 0.5) * pitch
        body.append(text(x, _PLOT_TOP + _PLOT_H + 14, _tick_label(day, monthly), anchor="middle"))
        if day.year != shown_year:
            body.append(text(x, _PLOT_TOP + _PLOT_H + 34, str(day.year), anchor="middle"))
            shown_year = day.year
    return body


def _ticks(span: Sequence[dt.date], pitch: float) -> tuple[list[int], bool]:
    """Indexes of labelled days, and whether labels name months rather than days."""
    room = 60  # units one "30 Sep" label needs, with a gap
    for step in (1, 2, 7, 14):
        if pitch * step >= room:
            return list(range(0, len(span), step)), False
    months = [i for i, day in enumerate(span) if day.day == 1] or [0]
    every = next((k for k in (1, 2, 3, 6, 12) if pitch * 30 * k >= room), 12)
    return [i for n, i in enumerate(months) if n % every == 0], True


def _tick_label(day: dt.date, monthly: bool) -> str:
    return _MONTHS[day.month - 1] if monthly else f"{day.day} {_MONTHS[day.month - 1]}"


def _daily_desc(span: Sequence[dt.date], values: Sequence[int], left_out: int) -> str:
    busiest = max(range(len(values)), key=lambda i: (values[i], -i))
    desc = (
        f"Column chart of {plural(sum(values))} by the day they were made, one column per day "
        f"from {long_date(span[0])} to {long_date(span[-1])} ({plural(len(span), 'day')}). "
        f"Busiest day: {long_date(span[busiest])}, with {plural(values[busiest])}."
    )
    if left_out:
        desc += (
            f" Only the latest {plural(len(span), 'day')} are drawn;"
            f" {plural(left_out)} made earlier are not."
        )
    return desc
