"""Share cards: a 1200x630 PNG per claim (verdict mark, claim, claimant, site name),
used as the claim page's `og:image` and `twitter:image`.

Drawn with Pillow. Text of any script is laid out by Pillow's raqm engine (HarfBuzz
shaping, FriBiDi bidi) when the wheel has it, so Dari or Arabic letters join and run
right to left; the font is DejaVu Sans from Debian's `fonts-dejavu-core` (Latin,
Cyrillic, Greek and Arabic script), never fetched at build time.

Drawing costs far more than the rest of a claim page, so each card is kept in a cache
folder under the digest of everything it is drawn from: an unchanged claim's card is
read back, not redrawn.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import unicodedata
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from generator.dates import long_date
from generator.model import Claim
from generator.pages import Output
from generator.settings import Settings

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
CARDS_DIR = "cards/"
# Bumped when the drawing changes, so cached cards of an older look are redrawn.
CARD_VERSION = "3"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
INK, MUTED, PAPER = (20, 20, 20), (80, 80, 80), (255, 255, 255)
_RTL = {"R", "AL"}
# Fewer cards than this are drawn in this process: a spawned worker costs about as much
# to start (imports) as drawing a few dozen cards.
POOL_MIN_CARDS = 64
# zlib level 3: a third faster to encode than the default 6, for about 6 kB more a card.
PNG_LEVEL = 3


class FontMissing(RuntimeError):
    """DejaVu Sans is not installed (Debian: `apt-get install fonts-dejavu-core`)."""


@dataclass(frozen=True)
class CardText:
    """Everything a card is drawn from; its digest names the cached PNG."""

    claim: str
    claimant: str
    date: str
    verdict_label: str
    verdict_icon: str
    verdict_colour: str
    site_name: str

    def digest(self) -> str:
        from PIL import __version__ as pillow

        data = json.dumps([CARD_VERSION, pillow, raqm(), asdict(self)], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def card_path(claim_id: str) -> str:
    return f"{CARDS_DIR}{claim_id}.png"


def card_text(claim: Claim, settings: Settings) -> CardText:
    verdict = settings.verdict(claim.verdict)
    return CardText(
        claim=claim.claim, claimant=claim.claimant, date=long_date(claim.claim_date),
        verdict_label=verdict.label, verdict_icon=verdict.icon, verdict_colour=verdict.colour,
        site_name=settings.site_name,
    )  # fmt: skip


def fonts_available() -> bool:
    return all(any((folder / name).is_file() for folder in FONT_DIRS) for name in (REGULAR, BOLD))


def cards_enabled(settings: Settings) -> bool:
    """Cards are drawn when configured and the font is installed (a machine without
    Debian's fonts-dejavu-core builds the site without them rather than failing)."""
    return settings.share_cards and fonts_available()


def card_outputs(claims: Iterable[Claim], settings: Settings) -> Iterator[Output]:
    """One PNG per claim, read from the cache folder when its inputs are unchanged; the
    cards to draw are drawn on every core, in claim order (the bytes do not depend on
    which process drew them)."""
    if not cards_enabled(settings):
        return
    cache = settings.card_cache_dir
    texts = {claim.id: card_text(claim, settings) for claim in claims}
    cached = {cid: read_cached(text, cache) for cid, text in texts.items()}
    missing = [cid for cid, png in cached.items() if png is None]
    drawn = dict(zip(missing, draw_cards([texts[cid] for cid in missing]), strict=True))
    for cid, text in texts.items():
        png = cached[cid]
        if png is None:
            png = drawn[cid]
            store_cached(text, cache, png)
        yield Output(card_path(cid), png)


def draw_cards(texts: list[CardText], workers: int | None = None) -> list[bytes]:
    """Each card drawn, in order; on several processes when there are enough to repay
    starting them (spawned, not forked: `mkdocs serve` runs threads)."""
    workers = workers if workers is not None else usable_cores()
    if workers < 2 or len(texts) < POOL_MIN_CARDS:
        return [draw_card(text) for text in texts]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(draw_card, texts, chunksize=max(1, len(texts) // (workers * 4))))


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):  # Linux; not macOS or Windows
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def read_cached(text: CardText, cache: Path | None) -> bytes | None:
    if cache is None:
        return None
    try:
        return (cache / f"{text.digest()}.png").read_bytes()
    except FileNotFoundError:
        return None


def store_cached(text: CardText, cache: Path | None, png: bytes) -> None:
    if cache is None:
        return
    path = cache / f"{text.digest()}.png"
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(png)
    partial.replace(path)  # never a half-written card under a valid name


def raqm() -> bool:
    """Whether Pillow can shape text (complex scripts, right to left)."""
    from PIL import features

    return bool(features.check("raqm"))


@lru_cache(maxsize=32)
def font(name: str, size: int, shaped: bool = True):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    for folder in FONT_DIRS:
        if (folder / name).is_file():
            engine = ImageFont.Layout.RAQM if shaped and raqm() else ImageFont.Layout.BASIC
            return ImageFont.truetype(str(folder / name), size, layout_engine=engine)
    raise FontMissing(f"share cards need {name}: install Debian's fonts-dejavu-core")


def direction(text: str) -> str:
    """"rtl" when the first strong character is right-to-left (Arabic, Hebrew)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def wrap(text: str, face, width: int, max_lines: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Greedy word wrap measured with the shaping engine; an ellipsis ends cut text."""
    way = direction(text)
    lines: list[str] = []
    line = ""
    words = text.split()
    if not words:
        return [""]
    for i, word in enumerate(words):
        trial = f"{line} {word}".strip()
        if line and face.getlength(trial, direction=way) > width:
            lines.append(line)
            line = word
            if len(lines) == max_lines:
                return _ellipsis(lines, face, width, way)
        else:
            line = trial
        if i == len(words) - 1:
            lines.append(line)
    return lines[:max_lines] if len(lines) <= max_lines else _ellipsis(lines[:max_lines], face, width, way)


def _ellipsis(lines: list[str], face, width: int, way: str) -> list[str]:  # type: ignore[no-untyped-def]
    last = lines[-1]
    while last and face.getlength(last + " …", direction=way) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[:-1], last + " …"]


def draw_line(draw, x: int, y: int, text: str, face, width: int, fill) -> None:  # type: ignore[no-untyped-def]
    """A line in its own direction: right-aligned when it reads right to left."""
    way = direction(text)
    if way == "rtl":
        x += int(width - face.getlength(text, direction=way))
    draw.text((x, y), text, font=face, fill=fill, direction=way)


@lru_cache(maxsize=64)
def blank(verdict_colour: str):  # type: ignore[no-untyped-def]
    """What every card of a verdict shares (paper, the verdict's top band, the rule
    above the site name), drawn once and copied: no text ever overlaps it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=verdict_colour)
    draw.line((MARGIN, HEIGHT - 96, WIDTH - MARGIN, HEIGHT - 96), fill=(200, 200, 200), width=2)
    return image


def render(text: CardText):  # type: ignore[no-untyped-def]
    """The card drawn in full colour (RGB), before it is reduced to its palette."""
    from PIL import ImageDraw

    image = blank(text.verdict_colour).copy()
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    # The verdict mark: icon and label in white on the verdict's colour, with a dark
    # border, so it reads in greyscale too.
    mark = font(BOLD, 44)
    label = f"{text.verdict_icon} {text.verdict_label}".strip()
    label = wrap(label, mark, inner - 48, 1)[0]
    box_w = int(mark.getlength(label, direction=direction(label))) + 48
    draw.rounded_rectangle((MARGIN, 54, MARGIN + box_w, 134), radius=12, fill=text.verdict_colour,
                           outline=(0, 0, 0), width=3)  # fmt: skip
    draw_line(draw, MARGIN + 24, 68, label, mark, box_w - 48, PAPER)
    # The claim as worded.
    body = font(BOLD, 46)
    y = 172
    quoted = text.claim if direction(text.claim) == "rtl" else f"“{text.claim}”"
    for line in wrap(quoted, body, inner, 5):
        draw_line(draw, MARGIN, y, line, body, inner, INK)
        y += 60
    small = font(REGULAR, 30)
    # The date isolated (U+2066..U+2069): inside right-to-left text it stays one phrase.
    who = wrap(f"— {text.claimant}، \u2066{text.date}\u2069" if direction(text.claimant) == "rtl"
               else f"— {text.claimant}, {text.date}", small, inner, 1)[0]  # fmt: skip
    draw_line(draw, MARGIN, max(y + 16, 400), who, small, inner, MUTED)
    site = wrap(text.site_name, font(BOLD, 32), inner, 1)[0]
    draw_line(draw, MARGIN, HEIGHT - 76, site, font(BOLD, 32), inner, INK)
    return image


def draw_card(text: CardText) -> bytes:
    """The card as a palette PNG."""
    from PIL import Image

    image = render(text)
    # Quantising and encoding were two thirds of a card's cost (bench/cards.py). A card
    # is ink on paper and the verdict colour, with anti-aliasing between them: a fixed
    # palette of those ramps is three times faster to map to than an adaptive one and
    # nearer to the drawn colours; a palette PNG is a third of an RGB one's bytes.
    out = io.BytesIO()
    image.quantize(palette=card_palette(text.verdict_colour), dither=Image.Dither.NONE).save(
        out, "PNG", compress_level=PNG_LEVEL)
    return out.getvalue()


def _ramp(start: tuple[int, ...], end: tuple[int, ...], steps: int) -> list[tuple[int, ...]]:
    return [tuple(round(a + (b - a) * k / (steps - 1)) for a, b in zip(start, end, strict=True))
            for k in range(steps)]  # fmt: skip


@lru_cache(maxsize=64)
def card_palette(verdict_colour: str):  # type: ignore[no-untyped-def]
    """The colours a card can hold: paper to ink, the verdict colour to paper (its mark's
    white text) and to black (the mark's border), each in enough steps for smooth edges."""
    from PIL import Image, ImageColor

    verdict = ImageColor.getrgb(verdict_colour)[:3]
    black = (0, 0, 0)
    colours = _ramp(PAPER, INK, 14) + [black] + _ramp(verdict, PAPER, 10) + _ramp(verdict, black, 8)
    flat = [channel for colour in dict.fromkeys(colours) for channel in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(flat) // 3))
    return palette
