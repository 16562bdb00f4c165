"""Share cards: a 1200x630 PNG per claim (verdict mark, claim, claimant, site name),
used as the claim page's `og:image` and `twitter:image`.

Drawn with Pillow. Text of any script is laid out by Pillow's raqm engine (HarfBuzz
shaping, FriBiDi bidi) when the wheel has it, so Dari or Arabic letters join and run
right to left; the font is DejaVu Sans from Debian's `fonts-dejavu-core` (Latin,
Cyrillic, Greek and Arabic script), never fetched at build time.

Drawing costs far more than the rest of a claim page, so each card is kept in a cache
folder under the digest of everything it is drawn from: an unchanged claim's card is
read back, not redrawn. A cold card is cheap too (`bench/cards.py`): what a verdict and
a site share is drawn and compressed once; per claim only the claim and the claimant
are drawn, straight as palette indices, into a 16-colour, 4-bit PNG.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import threading
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from generator.atomic import write_atomically

if TYPE_CHECKING:  # at run time imported where used: a card-drawing worker needs only Pillow
    from generator.model import Claim
    from generator.pages import Output
    from generator.settings import Settings

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
CARDS_DIR = "cards/"
# Bumped when the drawing changes, so cached cards of an older look are redrawn.
CARD_VERSION = "4"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
INK, PAPER = (20, 20, 20), (255, 255, 255)
_RTL = {"R", "AL"}
# Fewer cards than this are drawn on the calling thread alone.
POOL_MIN_CARDS = 16
# Cards read or drawn, then handed on, at a time (~16 kB each).
CARDS_AT_ONCE = 500
# zlib's default level 6. On 300 synthetic cards (CPU a card, drawing included, on a
# slow day of the bench machine; bytes): level 3 5.5 ms and 19.4 kB, 4 8.2 ms and
# 17.5 kB, 6 10.1 ms and 15.8 kB, 9 48 ms and 14.6 kB. A card is drawn once per claim
# and kept (the cache), on the core MkDocs leaves idle (background_cards); its bytes
# are published on every deploy and count toward the site's 30 kB a claim, so the
# 3.6 kB are worth the 4.6 ms.
PNG_LEVEL = 6
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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

        # The encoder too: a card cached at another level or by another zlib has other
        # bytes, and a warm build must write what a clean one writes.
        encoder = [PNG_LEVEL, zlib.ZLIB_RUNTIME_VERSION]
        fields = vars(self)  # what asdict gives for these flat str fields, 3x as fast
        data = json.dumps([CARD_VERSION, pillow, raqm(), encoder, fields], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def card_path(claim_id: str) -> str:
    return f"{CARDS_DIR}{claim_id}.png"


def card_text(claim: Claim, settings: Settings) -> CardText:
    from generator.dates import long_date

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
    """One PNG per claim, in claim order (see `cards_in_batches`)."""
    from generator.pages import Output

    if not cards_enabled(settings):
        return
    jobs = ((claim.id, card_text(claim, settings)) for claim in claims)
    for claim_id, png in cards_in_batches(jobs, settings.card_cache_dir):
        yield Output(card_path(claim_id), png)


def cards_in_batches(
    jobs: Iterable[tuple[str, CardText]], cache: Path | None
) -> Iterator[tuple[str, bytes]]:
    """Each claim id's card, in order, read from the cache folder when its inputs are
    unchanged, else drawn on every core (the bytes do not depend on which thread drew
    them). Jobs go CARDS_AT_ONCE at a time, so memory holds that many cards, not the
    site's (20,000 cards are ~400 MB)."""
    batch: list[tuple[str, CardText]] = []
    for job in jobs:
        batch.append(job)
        if len(batch) == CARDS_AT_ONCE:
            yield from cards_of(batch, cache)
            batch = []
    yield from cards_of(batch, cache)


def cards_of(jobs: list[tuple[str, CardText]], cache: Path | None) -> list[tuple[str, bytes]]:
    """Each claim id's card: from the cache, or drawn (all missing ones at once)."""
    cached = [read_cached(text, cache) for _, text in jobs]
    drawn = iter(draw_cards([text for (_, text), png in zip(jobs, cached) if png is None]))
    pairs: list[tuple[str, bytes]] = []
    for (claim_id, text), png in zip(jobs, cached, strict=True):
        if png is None:
            png = next(drawn)
            store_cached(text, cache, png)
        pairs.append((claim_id, png))
    return pairs


def draw_cards(texts: list[CardText], workers: int | None = None) -> list[bytes]:
    """Each card drawn, in order, on a thread per core.

    Threads, not processes: compressing (zlib) and Pillow's image operations release
    the GIL, which is about half a card's time, so two threads draw ~1.6x as fast as one,
    with nothing to start. A process pool drew ~2x minus its start: each spawned worker
    re-imports the main script (`mkdocs.__main__`, ~0.45 s) and Pillow, which cost more
    CPU than it saved at 1,000 cards on two cores, and forking is unsafe under `mkdocs
    serve`'s threads."""
    workers = workers if workers is not None else usable_cores()
    if workers < 2 or len(texts) < POOL_MIN_CARDS:
        return [draw_card(text) for text in texts]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="card") as pool:
        return list(pool.map(draw_card, texts))


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
    write_atomically(cache / f"{text.digest()}.png", png)  # builds may share the cache


def raqm() -> bool:
    """Whether Pillow can shape text (complex scripts, right to left)."""
    from PIL import features

    return bool(features.check("raqm"))


_THREAD = threading.local()


def font(name: str, size: int, shaped: bool = True):  # type: ignore[no-untyped-def]
    """The font at a size, loaded once per thread: a FreeType face must not be used by
    two threads at once (Pillow holds the GIL while it renders today; this does not
    rely on it)."""
    faces = _THREAD.__dict__.setdefault("faces", {})
    key = (name, size, shaped)
    if key not in faces:
        faces[key] = _load_font(name, size, shaped)
    return faces[key]


def _load_font(name: str, size: int, shaped: bool):  # type: ignore[no-untyped-def]
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
    """Greedy word wrap measured with the shaping engine; an ellipsis ends cut text.

    A line's end is guessed from the letters' cached advances, then checked by shaping
    the whole line (joined Arabic letters and kerning make it differ from the sum) and
    moved a word at a time: about two shapings a line. Shaping every growing line, or
    every word, cost a shaping call (~12 us, mostly set-up) per word."""
    way = direction(text)
    words = text.split()
    if not words:
        return [""]
    guesses = [sum(advance(face, char) for char in word) for word in words]
    lines: list[str] = []
    start = 0
    while start < len(words):
        if len(lines) == max_lines:
            return _ellipsis(lines, face, width, way)
        end = _line_end(words, guesses, start, (face, width, way))
        lines.append(" ".join(words[start:end]))
        start = end
    return lines


_ADVANCES: dict[tuple[str, int, int], dict[str, float]] = {}


def advance(face, char: str) -> float:  # type: ignore[no-untyped-def]
    """A letter's width alone, measured once per font (a guess for wrapping only)."""
    table = _ADVANCES.setdefault((face.path, face.size, face.layout_engine), {})
    if char not in table:
        table[char] = face.getlength(char)
    return table[char]


def _line_end(words: list[str], guesses: list[float], start: int,
              measure: tuple) -> int:  # type: ignore[type-arg]  # fmt: skip
    """Where the line from `start` ends: as many words as fit (at least one)."""
    face, width, way = measure
    space = advance(face, " ")

    def fits(end: int) -> bool:
        return face.getlength(" ".join(words[start:end]), direction=way) <= width

    end, used = start + 1, guesses[start]
    while end < len(words) and used + space + guesses[end] <= width:
        used += space + guesses[end]
        end += 1
    while end > start + 1 and not fits(end):
        end -= 1
    while end < len(words) and fits(end + 1):
        end += 1
    return end


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


def _ramp(start: tuple[int, ...], end: tuple[int, ...], steps: int) -> list[tuple[int, ...]]:
    return [tuple(round(a + (b - a) * k / (steps - 1)) for a, b in zip(start, end, strict=True))
            for k in range(steps)]  # fmt: skip


# A card is ink on paper plus the verdict's colour, so it is a 16-colour palette PNG
# (4 bits a pixel), drawn straight as palette indices (no colour is ever searched for):
# eight greys from paper to ink for anti-aliased text (index 0 paper, 7 ink), black for
# the mark's border (8), the verdict colour (9) and six steps from it to white (10-15)
# for the edges of the mark's white label.
GREYS = [grey for grey, _, _ in _ramp(PAPER, INK, 8)]


class Shades(NamedTuple):
    """The values text is drawn with on a one-channel ('L') image."""

    paper: int
    ink: int
    muted: int  # the claimant line
    rule: int


# Greys are drawn as their palette indices: paper 0, ink 7. Since the greys are an even
# ramp, Pillow's anti-aliasing blend (paper + (ink - paper) * coverage) then yields the
# index of the grey each edge pixel would have been rounded to: the drawing needs no
# mapping to the palette at all. GREY_SHADES are the same drawing in real greys.
INDEX_SHADES = Shades(paper=0, ink=len(GREYS) - 1, muted=5, rule=2)
GREY_SHADES = Shades(*(GREYS[index] for index in INDEX_SHADES))
PAPER_INDEX, BLACK_INDEX, VERDICT_INDEX = 0, len(GREYS), len(GREYS) + 1
LABEL_STEPS = 7  # verdict colour to white
# The label's ink coverage (white over the verdict colour) to the index of its step.
LABEL_INDEX = [VERDICT_INDEX + step if step < LABEL_STEPS else PAPER_INDEX
               for step in (round(c * LABEL_STEPS / 255) for c in range(256))]  # fmt: skip
# The per-claim band between the verdict mark and the rule: the claim and who said it.
TEXT_TOP, TEXT_BOTTOM = 150, HEIGHT - 100


@lru_cache(maxsize=64)
def card_palette(verdict_colour: str) -> tuple[int, ...]:
    """The 16 colours of a card of this verdict colour, flat (r, g, b, r, g, b, ...)."""
    from PIL import ImageColor

    verdict = ImageColor.getrgb(verdict_colour)[:3]
    label = _ramp(verdict, PAPER, LABEL_STEPS + 1)[:-1]
    colours = [(g, g, g) for g in GREYS] + [(0, 0, 0)] + label
    return tuple(channel for colour in colours for channel in colour)


def mark_layer(label: str, icon: str):  # type: ignore[no-untyped-def]
    """The card's top, as palette indices: the verdict's band and its mark (icon and
    label in white on the verdict's colour, with a black border, so it reads in
    greyscale too). Pillow's shapes are not anti-aliased: only the label has edges."""
    from PIL import Image, ImageDraw

    layer = Image.new("L", (WIDTH, TEXT_TOP), PAPER_INDEX)
    draw = ImageDraw.Draw(layer)
    draw.rectangle((0, 0, WIDTH, 14), fill=VERDICT_INDEX)
    coverage, at = label_coverage(label, icon)
    draw.rounded_rectangle((MARGIN, 54, MARGIN + coverage.width + 24, 134), radius=12,
                           fill=VERDICT_INDEX, outline=BLACK_INDEX, width=3)  # fmt: skip
    layer.paste(coverage.point(LABEL_INDEX), at)
    return layer


def label_coverage(label: str, icon: str):  # type: ignore[no-untyped-def]
    """The mark's label as ink coverage (0 none, 255 full) over the inside of its box,
    12 px of it either side of the text, and where that goes on the card."""
    from PIL import Image, ImageDraw

    mark = font(BOLD, 44)
    text = wrap(f"{icon} {label}".strip(), mark, WIDTH - 2 * MARGIN - 48, 1)[0]
    width = int(mark.getlength(text, direction=direction(text)))
    coverage = Image.new("L", (width + 24, 68), 0)
    draw_line(ImageDraw.Draw(coverage), 12, 8, text, mark, width, 255)
    return coverage, (MARGIN + 12, 60)


@lru_cache(maxsize=64)
def backdrop(label: str, icon: str, verdict_colour: str, site_name: str):  # type: ignore[no-untyped-def]
    """Everything but the claim's own words, drawn once per verdict and site and copied
    for each card: the mark (reduced to the palette once), the rule and the site name."""
    from PIL import Image, ImageDraw

    shade = INDEX_SHADES
    card = Image.new("L", (WIDTH, HEIGHT), shade.paper)
    draw = ImageDraw.Draw(card)
    draw.line((MARGIN, HEIGHT - 96, WIDTH - MARGIN, HEIGHT - 96), fill=shade.rule, width=2)
    site = font(BOLD, 32)
    inner = WIDTH - 2 * MARGIN
    draw_line(draw, MARGIN, HEIGHT - 76, wrap(site_name, site, inner, 1)[0], site, inner, shade.ink)
    card.paste(mark_layer(label, icon))
    card.putpalette(card_palette(verdict_colour))  # 'L' becomes 'P': the values are indices
    return card


def claim_layer(text: CardText, shade: Shades = INDEX_SHADES):  # type: ignore[no-untyped-def]
    """The claim as worded and who said it when, for the band between the mark and the
    rule (rows TEXT_TOP to TEXT_BOTTOM): as palette indices, or in greys."""
    from PIL import Image, ImageDraw

    layer = Image.new("L", (WIDTH, TEXT_BOTTOM - TEXT_TOP), shade.paper)
    draw = ImageDraw.Draw(layer)
    inner = WIDTH - 2 * MARGIN
    body = font(BOLD, 46)
    y = 172 - TEXT_TOP
    quoted = text.claim if direction(text.claim) == "rtl" else f"“{text.claim}”"
    for line in wrap(quoted, body, inner, 5):
        draw_line(draw, MARGIN, y, line, body, inner, shade.ink)
        y += 60
    small = font(REGULAR, 30)
    # The date isolated (U+2066..U+2069): inside right-to-left text it stays one phrase.
    who = wrap(f"— {text.claimant}، \u2066{text.date}\u2069" if direction(text.claimant) == "rtl"
               else f"— {text.claimant}, {text.date}", small, inner, 1)[0]  # fmt: skip
    draw_line(draw, MARGIN, max(y + 16, 400 - TEXT_TOP), who, small, inner, shade.muted)
    return layer


def render(text: CardText):  # type: ignore[no-untyped-def]
    """The card as a 16-colour palette image: the shared backdrop with this claim's
    words in its band (what `draw_card` encodes, without assembling it)."""
    card = backdrop(text.verdict_label, text.verdict_icon, text.verdict_colour,
                    text.site_name).copy()  # fmt: skip
    card.paste(_indexed(claim_layer(text), text.verdict_colour), (0, TEXT_TOP))
    return card


def _indexed(layer, verdict_colour: str):  # type: ignore[no-untyped-def]
    layer.putpalette(card_palette(verdict_colour))  # 'L' to 'P': its values are indices
    return layer


def draw_card(text: CardText) -> bytes:
    """The card as a 4-bit palette PNG: the backdrop's rows above the band compressed
    once (a zlib state copied for each card), then this card's band and the backdrop's
    rows below it. Nothing is copied or pasted, and a third of the rows is never
    compressed again; the tests decode every card to `render`'s pixels."""
    shared = encoded_backdrop(text.verdict_label, text.verdict_icon, text.verdict_colour,
                              text.site_name)  # fmt: skip
    stream = shared.compressor.copy()
    band = scanlines(_indexed(claim_layer(text), text.verdict_colour))
    data = shared.head + stream.compress(band) + stream.compress(shared.tail) + stream.flush()
    return png_file((WIDTH, HEIGHT), shared.palette, data)


class EncodedBackdrop(NamedTuple):
    palette: bytes
    head: bytes  # the zlib stream so far, for the rows above the band
    compressor: Any  # zlib's state after those rows: never fed, only copied
    tail: bytes  # the rows below the band, as PNG scanlines


@lru_cache(maxsize=64)
def encoded_backdrop(label: str, icon: str, verdict_colour: str, site_name: str) -> EncodedBackdrop:
    card = backdrop(label, icon, verdict_colour, site_name)
    rows = scanlines(card)
    line = len(rows) // HEIGHT
    compressor = zlib.compressobj(PNG_LEVEL)
    head = compressor.compress(rows[: TEXT_TOP * line])
    palette = bytes(card_palette(verdict_colour))
    return EncodedBackdrop(palette, head, compressor, rows[TEXT_BOTTOM * line :])


def scanlines(image) -> bytes:  # type: ignore[no-untyped-def]
    """A 16-colour image's rows as PNG scanlines: 4 bits a pixel, each row unfiltered.

    Pillow's encoder picks a filter per row by trying them all; on a palette image
    (indices, not intensities) that costs a millisecond a card and compresses worse
    than no filter, which the PNG specification recommends for palette images. Pillow
    packs the pixels; only the filter bytes and the container are written here."""
    width, height = image.size
    packed = image.tobytes("raw", "P;4")
    stride = (width + 1) // 2
    rows = bytearray()
    for top in range(0, stride * height, stride):
        rows += b"\0"  # filter type 0: none
        rows += packed[top : top + stride]
    return bytes(rows)


def png_bytes(image) -> bytes:  # type: ignore[no-untyped-def]
    """A 16-colour palette image as a PNG."""
    palette = bytes(image.getpalette()[: 3 * 16])
    return png_file(image.size, palette, zlib.compress(scanlines(image), PNG_LEVEL))


def png_file(size: tuple[int, int], palette: bytes, data: bytes) -> bytes:
    """The PNG container: header (4-bit palette), palette, compressed rows, end."""
    header = struct.pack(">IIBBBBB", *size, 4, 3, 0, 0, 0)
    chunks = ((b"IHDR", header), (b"PLTE", palette), (b"IDAT", data), (b"IEND", b""))
    return PNG_SIGNATURE + b"".join(_chunk(kind, body) for kind, body in chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
