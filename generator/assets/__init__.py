"""Stylesheets and scripts every generated site ships, as static outputs of the core.

Adapters copy them like any other output and register them with the theme
(`extra_css` / `extra_javascript`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.badges import verdict_css
from generator.pages import Output
from generator.settings import DEFAULT_VERDICTS, Verdict

HERE = Path(__file__).parent
PREFIX = "assets/factcheck/"
CSS_FILES: tuple[str, ...] = (PREFIX + "factcheck.css", PREFIX + "explorer.css")
JS_FILES: tuple[str, ...] = (PREFIX + "explorer.js", PREFIX + "factcheck.js")
# Styles of the embed card (claims/<id>/embed/), linked by that page alone.
EMBED_CSS = PREFIX + "embed.css"
# The self-hosted text face (factcheck.css's @font-face) and its licence: copied, not linked.
FONT_FILES: tuple[str, ...] = tuple(
    PREFIX + "fonts/" + name
    for name in ("dejavu-sans-latin.woff2", "dejavu-sans-latin-bold.woff2", "LICENSE-DejaVu.txt")
)


def asset_outputs(brand_colour: str = "", verdicts: Iterable[Verdict] = DEFAULT_VERDICTS) -> list[Output]:
    """The static files, fonts included; factcheck.css ends with the verdicts' colours
    and icons (for listed claims' badges) and the desk's brand colours, if any."""
    from generator.brand import brand_css

    outputs = []
    for uri in CSS_FILES + JS_FILES + FONT_FILES + (EMBED_CSS,):
        data = (HERE / uri.removeprefix(PREFIX)).read_bytes()
        if uri == PREFIX + "factcheck.css":
            data += (verdict_css(verdicts) + brand_css(brand_colour)).encode("utf-8")
        outputs.append(Output(uri, data))
    return outputs
