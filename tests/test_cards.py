"""Share cards: 1200x630 PNGs drawn from the claim, shaped text in any script, cached
by the digest of their inputs, linked as og:image and twitter:image."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import make_project, mkdocs_build, set_plugin_option
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

import generator.cards as cards
from generator.cards import BOLD, CardText, card_outputs, draw_card, font, raqm, wrap

ENGLISH = CardText(claim="Panjshir province was completely conquered.", claimant="Zabihullah Mujahid",
                   date="6 September 2021", verdict_label="Disputed", verdict_icon="!",
                   verdict_colour="#a4161a", site_name="Test desk")  # fmt: skip
DARI_CLAIM = "ولایت پنجشیر به طور کامل فتح شد"
DARI = dataclasses.replace(ENGLISH, claim=DARI_CLAIM, claimant="ذبیح‌الله مجاهد")


def image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def test_a_card_is_a_1200_by_630_png():
    card = image(draw_card(ENGLISH))
    assert (card.format, card.size) == ("PNG", (1200, 630))


def test_dari_text_is_shaped_not_drawn_letter_by_letter():
    """Shaping joins Arabic-script letters into their contextual forms, which changes
    the line's width; unshaped (basic layout) text keeps isolated forms."""
    assert raqm(), "Pillow without raqm cannot shape right-to-left text"
    shaped = font(BOLD, 46).getlength(DARI_CLAIM, direction="rtl")
    unshaped = font(BOLD, 46, shaped=False).getlength(DARI_CLAIM)
    assert shaped != unshaped
    assert cards.direction(DARI_CLAIM) == "rtl" and cards.direction(ENGLISH.claim) == "ltr"


def ink_columns(png: bytes, top: int, bottom: int) -> tuple[int, int]:
    """Leftmost and rightmost column with dark ink between two rows."""
    grey = image(png).convert("L").crop((0, top, 1200, bottom))
    box = grey.point(lambda v: 255 if v < 100 else 0).getbbox()
    assert box is not None
    return box[0], box[2]


def test_a_dari_claim_runs_right_to_left_from_the_right_margin():
    left, right = ink_columns(draw_card(DARI), 172, 230)
    assert right >= 1200 - cards.MARGIN - 8  # starts at the right margin
    assert left > cards.MARGIN + 100  # a short line leaves the left side empty
    left, right = ink_columns(draw_card(ENGLISH), 172, 230)
    assert left <= cards.MARGIN + 8


words = st.lists(st.text(alphabet="abcdefghij ولایتپنجشیر", min_size=1, max_size=14).map(str.strip)
                 .filter(bool), min_size=1, max_size=40)  # fmt: skip


@given(words, st.integers(1, 5))
def test_wrapped_lines_fit_and_keep_the_words_in_order(parts: list[str], max_lines: int):
    text = " ".join(parts)
    face = font(BOLD, 46)
    lines = wrap(text, face, 700, max_lines)
    assert 1 <= len(lines) <= max_lines
    for line in lines:
        way = cards.direction(line)
        assert face.getlength(line, direction=way) <= 700 or " " not in line.removesuffix(" …")
    shown = " ".join(lines).replace(" …", "").split()
    assert shown == text.split()[: len(shown)]


def test_unchanged_cards_are_read_from_the_cache_not_redrawn(tmp_path: Path, settings, monkeypatch):
    from generator.indexes import build_indexes
    from generator.loader import load_claims

    claims = build_indexes(load_claims(settings).claims, settings).claims
    cached = dataclasses.replace(settings, card_cache_dir=tmp_path)
    first = {o.path: o.data for o in card_outputs(claims, cached)}
    assert len(list(tmp_path.glob("*.png"))) == len(claims)

    def refuse(_: CardText) -> bytes:
        raise AssertionError("redrawn")

    monkeypatch.setattr(cards, "draw_card", refuse)
    assert {o.path: o.data for o in card_outputs(claims, cached)} == first
    renamed = dataclasses.replace(cached, site_name="Another desk")
    with pytest.raises(AssertionError, match="redrawn"):
        list(card_outputs(claims, renamed))  # a changed input is a new digest


@pytest.mark.parametrize(
    ("name", "other"), [("PNG_LEVEL", cards.PNG_LEVEL - 1), ("ZLIB_RUNTIME_VERSION", "0.0.0")]
)
def test_a_card_cached_by_another_encoder_is_drawn_again(tmp_path: Path, monkeypatch, name, other):
    """A warm build writes the bytes a clean one writes: a card compressed at another
    level, or by another zlib, is not the card this code draws."""
    cards.store_cached(ENGLISH, tmp_path, draw_card(ENGLISH))
    assert cards.read_cached(ENGLISH, tmp_path) is not None  # same encoder: kept
    monkeypatch.setattr(cards if name == "PNG_LEVEL" else cards.zlib, name, other)
    assert cards.read_cached(ENGLISH, tmp_path) is None


def test_two_builds_drawing_into_one_card_cache_at_once_both_succeed(tmp_path: Path, settings):
    """Concurrent builds of a project share `.cache/factcheck/cards`: they draw the same
    cards and store them under the same names at the same moment."""
    import threading

    from generator.indexes import build_indexes
    from generator.loader import load_claims

    claims = build_indexes(load_claims(settings).claims, settings).claims
    cached = dataclasses.replace(settings, card_cache_dir=tmp_path)
    results: list[dict[str, bytes]] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            for _ in range(8):
                for path in tmp_path.glob("*.png"):
                    path.unlink(missing_ok=True)  # cold again: every card stored again
                results.append({o.path: o.data for o in card_outputs(claims, cached)})
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(result == results[0] for result in results)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png"] * len(claims)


def test_og_image_is_a_1200_by_630_png_in_the_site(built_site: Path):
    html = (built_site / "claims/taliban-conquered-panjshir/index.html").read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    url = soup.select_one('meta[property="og:image"]')["content"]
    assert soup.select_one('meta[name="twitter:image"]')["content"] == url
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    path = urlsplit(url).path.split("/cards/", 1)[1]
    card = Image.open(built_site / "cards" / path)
    assert (card.format, card.size) == ("PNG", (1200, 630))


def test_a_card_cache_inside_the_claims_folder_is_refused(tmp_path: Path):
    project = make_project(tmp_path / "project")
    set_plugin_option(project, "card_cache_dir", "content/claims/cards")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "card_cache_dir" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "content/claims/cards").exists()


def test_cards_drawn_on_several_threads_are_byte_identical_to_one_thread():
    count = 4 * cards.POOL_MIN_CARDS
    texts = [dataclasses.replace(ENGLISH, claim=f"{ENGLISH.claim} ({n})") for n in range(count)]
    texts[1::7] = [DARI] * len(texts[1::7])
    texts[2::5] = [dataclasses.replace(t, verdict_colour="#0b4f6c") for t in texts[2::5]]
    one = cards.draw_cards(texts, workers=1)
    assert cards.draw_cards(texts, workers=3) == one
    assert one == [draw_card(text) for text in texts]


def test_each_thread_has_its_own_font_objects():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        other = pool.submit(font, BOLD, 46).result()
    assert other is not font(BOLD, 46) and font(BOLD, 46) is font(BOLD, 46)


def test_only_missing_cards_are_drawn_and_in_claim_order(tmp_path: Path, settings, monkeypatch):
    from generator.indexes import build_indexes
    from generator.loader import load_claims

    claims = build_indexes(load_claims(settings).claims, settings).claims
    cached = dataclasses.replace(settings, card_cache_dir=tmp_path)
    first = [(o.path, o.data) for o in card_outputs(claims, cached)]
    assert [path for path, _ in first] == [cards.card_path(claim.id) for claim in claims]
    next(tmp_path.glob("*.png")).unlink()
    drawn: list[int] = []
    real = cards.draw_cards
    monkeypatch.setattr(cards, "draw_cards", lambda texts: drawn.append(len(texts)) or real(texts))
    assert [(o.path, o.data) for o in card_outputs(claims, cached)] == first
    assert drawn == [1]
    monkeypatch.setattr(cards, "CARDS_AT_ONCE", 2)  # in batches: same cards, same order
    drawn.clear()
    for png in tmp_path.glob("*.png"):
        png.unlink()
    assert [(o.path, o.data) for o in card_outputs(claims, cached)] == first
    assert sum(drawn) == len(claims) and max(drawn) <= 2


colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(colours, st.sampled_from([ENGLISH, DARI]), st.sampled_from(["Disputed", "نادرست", "?"]))
def test_the_shipped_mark_is_its_colours_exactly_and_its_label_within_a_step(
    colour: str, base: CardText, label: str
):
    """Band, box and border are the verdict colour and black exactly, for any colour;
    each pixel of the white label is within half a step of white laid over the verdict
    colour by the label's anti-aliased coverage."""
    from PIL import ImageChops, ImageColor

    text = dataclasses.replace(base, verdict_colour=colour, verdict_label=label)
    card = image(draw_card(text)).convert("RGB")
    verdict = ImageColor.getrgb(colour)
    assert card.getpixel((600, 7)) == card.getpixel((cards.MARGIN + 6, 94)) == verdict
    assert card.getpixel((cards.MARGIN + 1, 94)) == (0, 0, 0)
    coverage, (x, y) = cards.label_coverage(text.verdict_label, text.verdict_icon)
    white, under = (Image.new("RGB", coverage.size, c) for c in ("white", verdict))
    drawn = Image.composite(white, under, coverage)
    shipped = card.crop((x, y, x + coverage.width, y + coverage.height))
    step = max(abs(a - b) for a, b in zip(verdict, (255, 255, 255))) / cards.LABEL_STEPS
    assert max(ImageChops.difference(drawn, shipped).getextrema()[i][1] for i in range(3)) <= (
        step / 2 + 1
    )


claims = st.text(alphabet="abcdefghij ولایتپنجشیر“”.,-", min_size=1, max_size=300)


@given(claims, colours)
def test_the_shipped_claim_is_its_greyscale_drawing_within_half_a_grey_step(claim, colour):
    from PIL import ImageChops

    """The band is drawn as palette indices (no mapping step); drawn in real greys
    instead, no pixel differs by more than rounding to the nearest palette grey."""
    text = dataclasses.replace(ENGLISH, claim=claim, verdict_colour=colour)
    drawn = cards.claim_layer(text, cards.GREY_SHADES)
    band = (0, cards.TEXT_TOP, cards.WIDTH, cards.TEXT_BOTTOM)
    shipped = image(draw_card(text)).convert("L").crop(band)
    step = max(a - b for a, b in zip(cards.GREYS, cards.GREYS[1:]))
    assert ImageChops.difference(drawn, shipped).getextrema()[1] <= step // 2 + 1


@given(st.integers(1, 40), st.integers(1, 12), st.data())
def test_png_bytes_reads_back_as_the_same_palette_image(width: int, height: int, data):
    indices = data.draw(st.binary(min_size=width * height, max_size=width * height))
    picture = Image.frombytes("L", (width, height), bytes(b % 16 for b in indices))
    palette = data.draw(st.lists(st.integers(0, 255), min_size=48, max_size=48))
    picture.putpalette(palette)
    back = image(cards.png_bytes(picture))
    back.load()
    assert (back.mode, back.size) == ("P", (width, height))
    assert back.tobytes() == picture.tobytes()
    assert back.getpalette()[:48] == palette


@given(claims, colours, st.text(min_size=1, max_size=40), st.sampled_from([ENGLISH, DARI]))
def test_cards_are_16_colour_pngs_decoded_as_drawn(claim, colour, site: str, base: CardText):
    """draw_card assembles the PNG from a compressed backdrop and the claim's band;
    decoded, it is `render`'s image pixel for pixel, for any claim, colour and site."""
    text = dataclasses.replace(base, claim=claim, verdict_colour=colour, site_name=site)
    card = image(draw_card(text))
    card.load()
    assert card.mode == "P" and len(card.getpalette()) == 48
    assert card.tobytes() == cards.render(text).tobytes()
    assert card.getpalette() == list(cards.card_palette(colour))


def test_without_the_font_cards_are_off_and_the_build_says_so(tmp_path, monkeypatch, caplog):
    from mkdocs.config import load_config

    monkeypatch.setattr(cards, "fonts_available", lambda: False)
    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level("INFO"):
        config.plugins.on_config(config)
    assert any("share cards are off" in r.getMessage() for r in caplog.records)
    assert not cards.cards_enabled(config.plugins["factcheck"].settings)
