"""Cost of the share cards against the build they belong to (issue #12: at most 10% of
the 1,000-claim build, linear in the number of claims) and their bytes (issue #14:
each card counts toward the site's 30 kB per claim). In one run, back to back:

- the `mkdocs build` of the synthetic project without cards (the denominator), and with
  cards from an empty cache (cold) and from a full one (warm): the cards' cost is what
  they add to the build's wall time (a second process draws them while MkDocs renders
  the pages, adapters/background_cards.py), judged against the 10%;
- every card drawn into an empty cache and read back from it, exactly as the build does
  it (`card_outputs`), at `--size` and at half of it: CPU per card and linearity;
- where a card's time goes (shaping and drawing, PNG encoding) and its bytes.

Wall and CPU time (all threads, and the build's child process) are medians of `--runs`.
Run:

    .venv/bin/python bench/cards.py --size 1000 --out build/bench
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synth_claims, write_claims_project  # noqa: E402

from generator import cards  # noqa: E402
from generator.cli import load_settings  # noqa: E402
from generator.indexes import build_indexes  # noqa: E402
from generator.loader import load_claims  # noqa: E402
from generator.model import Claim  # noqa: E402
from generator.settings import Settings  # noqa: E402

TARGET = 0.10  # issue #12: cards at most 10% of the 1,000-claim build


@dataclasses.dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} s wall, {self.cpu:.2f} s CPU"


def _cpu() -> float:
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))  # fmt: skip
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], object]) -> Timing:
    """Wall and CPU seconds of one call (CPU of every thread and reaped child)."""
    cpu, wall = _cpu(), time.perf_counter()
    run()
    return Timing(time.perf_counter() - wall, _cpu() - cpu)


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings),
                  statistics.median(t.cpu for t in timings))  # fmt: skip


def spread(timings: list[Timing]) -> str:
    walls = [t.wall for t in timings]
    return f"{min(walls):.2f}-{max(walls):.2f} s" if len(walls) > 1 else "one run"


def variant(config: Path, name: str, option: str) -> Path:
    """The project's mkdocs.yml with one more plugin option (text, to keep its !ENV tags)."""
    text = config.read_text("utf-8")
    anchor = "      claims_dir: content/claims\n"
    assert anchor in text, "the factcheck plugin's claims_dir line moved"
    path = config.with_name(name)
    path.write_text(text.replace(anchor, anchor + f"      {option}\n"), "utf-8")
    return path


def mkdocs_build(config: Path, site: Path) -> Timing:
    """One build into an empty `site`, timed without removing the previous one (which
    has no cards after a build without them: deleting it would count against them)."""
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    return timed(lambda: subprocess.run(command, check=True))


def draw_all(claims: list[Claim], settings: Settings, cache: Path, cold: bool) -> Timing:
    """Every card as the build makes it: drawn into an empty cache, or read back."""
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    with_cache = dataclasses.replace(settings, card_cache_dir=cache)
    return timed(lambda: list(cards.card_outputs(claims, with_cache)))


def phases(texts: list[cards.CardText]) -> dict[str, float]:
    """CPU milliseconds per card, one thread: the claim's text laid out and drawn, and
    the rest of `draw_card` (mostly zlib)."""
    cards.draw_card(texts[0])  # the backdrop, drawn and compressed once per verdict
    words = timed(lambda: [cards.claim_layer(text) for text in texts]).cpu
    whole = timed(lambda: [cards.draw_card(text) for text in texts]).cpu
    return {"text": words / len(texts) * 1000, "encode": (whole - words) / len(texts) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    out = args.out.resolve()
    config = write_claims_project(out / f"cards-{args.size}", synth_claims(args.size, 20210905))
    cache, site = out / f"cards-{args.size}-cache", out / f"cards-{args.size}-site"
    without = variant(config, "mkdocs-nocards.yml", "share_cards: false")
    with_cards = variant(config, "mkdocs-cards.yml", f"card_cache_dir: {cache}")
    settings = load_settings(config)
    claims = build_indexes(load_claims(settings).claims, settings).claims
    half = claims[: len(claims) // 2]
    draw_all(claims[:50], settings, cache, cold=True)  # fonts, backdrops, imports
    builds, built_cold, built_warm, cold, warm, cold_half = [], [], [], [], [], []
    for _ in range(args.runs):  # interleaved, so load changes hit every figure alike
        builds.append(mkdocs_build(without, site))
        shutil.rmtree(cache, ignore_errors=True)
        built_cold.append(mkdocs_build(with_cards, site))
        built_warm.append(mkdocs_build(with_cards, site))
        cold.append(draw_all(claims, settings, cache, cold=True))
        warm.append(draw_all(claims, settings, cache, cold=False))
        cold_half.append(draw_all(half, settings, cache, cold=True))
    build, drawn, read, drawn_half = (median(t) for t in (builds, cold, warm, cold_half))
    real = (median(built_cold), built_cold, median(built_warm), built_warm)
    texts = [cards.card_text(claim, settings) for claim in claims]
    one = timed(lambda: cards.draw_cards(texts, workers=1))
    split = phases(texts[:200])
    sizes = [len(png) for png in (p.read_bytes() for p in cache.glob("*.png"))]
    report(len(claims), build, builds, (drawn, cold), (read, warm), (drawn_half, len(half)),
           real, one, split, sizes)  # fmt: skip


def report(count: int, build: Timing, builds: list[Timing], cold: tuple[Timing, list[Timing]],
           warm: tuple[Timing, list[Timing]], half: tuple[Timing, int],
           real: tuple[Timing, list[Timing], Timing, list[Timing]],
           one: Timing, split: dict[str, float], sizes: list[int]) -> None:  # fmt: skip
    drawn, read = cold[0], warm[0]
    with_cold, colds, with_warm, warms = real
    added, added_warm = with_cold.wall - build.wall, with_warm.wall - build.wall
    share = added / build.wall
    print(f"claims: {count}; threads: {cards.usable_cores()}; runs: {len(builds)} (medians)")
    print(f"mkdocs build without cards: {build} (spread {spread(builds)})")
    print(f"mkdocs build with cards, cold cache: {with_cold} (spread {spread(colds)}): "
          f"+{added:.2f} s wall = {share:.1%} of the build; target <= {TARGET:.0%}: "
          f"{'met' if share <= TARGET else 'NOT met'}")  # fmt: skip
    print(f"mkdocs build with cards, warm cache: {with_warm} (spread {spread(warms)}): "
          f"+{added_warm:.2f} s wall = {added_warm / build.wall:.1%} of the build")  # fmt: skip
    print(f"cards alone, cold cache: {drawn} (spread {spread(cold[1])}): "
          f"{drawn.cpu / build.cpu:.1%} of the build's CPU, drawn on the core MkDocs leaves idle")
    print(f"cards alone, warm cache: {read} = {read.wall / build.wall:.1%} of the build")
    per_card, per_half = drawn.cpu / count * 1000, half[0].cpu / half[1] * 1000
    print(f"linearity: cold {per_half:.2f} ms CPU/card at {half[1]} cards, {per_card:.2f} at "
          f"{count} (ratio {per_card / per_half:.2f})")  # fmt: skip
    print(f"one thread: {one.wall / count * 1000:.2f} ms/card wall, {one.cpu / count * 1000:.2f} "
          "CPU; per card: " + ", ".join(f"{k} {v:.2f} ms" for k, v in split.items()))
    if sizes:
        print(f"card bytes: mean {statistics.mean(sizes) / 1000:.1f} kB, "
              f"max {max(sizes) / 1000:.1f} kB, {sum(sizes) / 1e6:.1f} MB for {len(sizes)}")


if __name__ == "__main__":
    main()
