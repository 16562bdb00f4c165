"""Regenerate generator/assets/fonts/: DejaVu Sans (Debian `fonts-dejavu-core`, the same
font the share cards draw with) cut down to the Latin range the desk writes in, as WOFF2.

The whole TTFs are 760 and 709 kB; a reader should not pay that on a first page view.
Characters outside the subset (a Dari name, say) fall back to the reader's own fonts,
because the CSS declares the same `unicode-range`. Needs fontTools and brotli (dev tools,
not build dependencies: the build only copies the committed files):

    .venv/bin/pip install fonttools brotli && .venv/bin/python tools/subset_fonts.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "generator" / "assets" / "fonts"
# Keep in step with the unicode-range in generator/assets/factcheck.css (a test compares them).
UNICODE_RANGE = (
    "U+0000-024F,U+02B0-02FF,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,U+2190-2199,U+2212,U+2713-2717"
)
FACES = {
    "DejaVuSans.ttf": "dejavu-sans-latin.woff2",
    "DejaVuSans-Bold.ttf": "dejavu-sans-latin-bold.woff2",
}


def unicodes(ranges: str) -> list[int]:
    """`U+0000-024F,U+20AC` as code points."""
    points: list[int] = []
    for part in ranges.split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        points.extend(range(int(first, 16), int(last or first, 16) + 1))
    return points


def main() -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.hinting = False  # screens today scale outlines; hints are most of the bytes
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, target in FACES.items():
        font = subset.load_font(str(SOURCE / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes(UNICODE_RANGE))
        subsetter.subset(font)
        subset.save_font(font, str(TARGET / target), options)
        print(f"{target}: {(TARGET / target).stat().st_size} bytes")


if __name__ == "__main__":
    main()
