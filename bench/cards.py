"""Cost of the share cards: a cold cache (every card drawn) and a warm one (every card
read back), beside the core generation without cards, plus where a drawn card's time
goes (drawing, palette quantisation, PNG encoding). Run:

    .venv/bin/python bench/cards.py --size 1000 --out build/bench
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synth_claims, write_claims_project  # noqa: E402

from generator import cards  # noqa: E402
from generator.cli import load_settings  # noqa: E402
from generator.pipeline import generate  # noqa: E402


def _seconds(run) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def phases(texts: list[cards.CardText]) -> dict[str, float]:
    """Milliseconds per card in each phase, timed around Pillow's quantize and save."""
    from PIL import Image

    spent = {"quantize": 0.0, "encode": 0.0}
    real = {"quantize": Image.Image.quantize, "encode": Image.Image.save}

    def timed(name: str):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                return real[name](*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        return call

    setattr(Image.Image, "quantize", timed("quantize"))
    setattr(Image.Image, "save", timed("encode"))
    try:
        total = _seconds(lambda: [cards.draw_card(text) for text in texts])
    finally:
        setattr(Image.Image, "quantize", real["quantize"])
        setattr(Image.Image, "save", real["encode"])
    per_card = {name: seconds / len(texts) * 1000 for name, seconds in spent.items()}
    draw = total / len(texts) * 1000 - sum(per_card.values())
    return {"draw": draw, **per_card, "total": total / len(texts) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("build/bench"))
    args = parser.parse_args()
    claims = synth_claims(args.size, 20210905)
    config = write_claims_project(args.out / f"cards-{args.size}", claims)
    base = load_settings(config)
    without = dataclasses.replace(base, share_cards=False)
    generate(without)  # warm imports and caches before timing anything
    core = _seconds(lambda: generate(without))
    cache = args.out / f"cards-{args.size}-cache"
    shutil.rmtree(cache, ignore_errors=True)
    with_cards = dataclasses.replace(base, card_cache_dir=cache)
    cold = _seconds(lambda: generate(with_cards))
    warm = _seconds(lambda: generate(with_cards))
    from generator.indexes import build_indexes
    from generator.loader import load_claims

    loaded = build_indexes(load_claims(base).claims, base).claims
    texts = [cards.card_text(claim, base) for claim in loaded]
    one = _seconds(lambda: cards.draw_cards(texts, workers=1))
    pooled = _seconds(lambda: cards.draw_cards(texts))
    split = phases(texts[:100])
    size = sum(p.stat().st_size for p in cache.glob("*.png")) / max(1, len(texts))
    print(f"claims: {len(texts)}; generation without cards: {core:.2f} s")
    print(f"cards, cold cache: +{cold - core:.2f} s ({(cold - core) / core:.0%} of the generation)")
    print(f"cards, warm cache: +{warm - core:.2f} s ({(warm - core) / core:.0%})")
    print(f"drawing every card: one process {one:.2f} s ({one / len(texts) * 1000:.1f} ms/card), "
          f"all cores {pooled:.2f} s ({pooled / len(texts) * 1000:.1f} ms/card)")  # fmt: skip
    print("per card (100, one process): " + ", ".join(f"{k} {v:.1f} ms" for k, v in split.items()))
    print(f"mean card size: {size / 1000:.1f} kB")


if __name__ == "__main__":
    main()
