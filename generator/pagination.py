"""Splitting long listings into pages whose URLs stay stable as the listing grows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Claim


@dataclass(frozen=True)
class Pager:
    """Where one page of a paginated listing sits among its siblings.

    Page 1 keeps the listing's own URL (`claims/`); later pages live below it
    (`claims/page/2/`), so links to a listing never break as it grows.
    """

    base: str
    number: int
    count: int

    @classmethod
    def series(cls, base: str, count: int) -> list[Pager]:
        return [cls(base, n, count) for n in range(1, count + 1)]

    def url_of(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def path(self) -> str:
        return self.url + "index.md"

    def shown(self) -> list[int | None]:
        """The page numbers the pager links, ascending, `None` for a gap
        mark where numbers are skipped (not between 10, 20 and 30).

        Linking every page would make each of a listing's pages grow with their number,
        and the listing quadratic (200 pages of 200 links at 20,000 claims). Shown
        instead: the first and the last page, two either side of this one, and at each
        scale (1, 10, 100, ...) the round numbers of the block this page is in, so a
        page links O(log count) others and any page is at most one click per digit
        of `count` away."""
        near = range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)
        numbers = {1, self.count, *near}
        step = 1
        while step < self.count:
            block = self.number // (step * 10) * (step * 10)
            numbers.update(
                n for n in range(block, block + step * 10 + 1, step) if 1 <= n <= self.count
            )
            step *= 10
        shown: list[int | None] = []
        previous = 0
        for number in sorted(numbers):
            if previous and _skips(previous, number):
                shown.append(None)
            shown.append(number)
            previous = number
        return shown

    def meta(self, meta: dict[str, str]) -> dict[str, str]:
        if self.number == 1:
            return meta
        return {**meta, "title": f"{meta['title']} (page {self.number} of {self.count})"}


def _skips(before: int, after: int) -> bool:
    """Whether a reader needs a gap mark between two shown page numbers: not between
    neighbours, nor between round numbers of one scale (10 20 30, 100 200)."""
    step = after - before
    return step > 1 and not (str(step).rstrip("0") == "1" and before % step == 0)


def day_chunks(
    days: tuple[tuple[dt.date, tuple[Claim, ...]], ...], size: int
) -> list[list[tuple[dt.date, tuple[Claim, ...]]]]:
    """Group whole days into pages of about `size` claims (a bigger day gets its own)."""
    chunks: list[list[tuple[dt.date, tuple[Claim, ...]]]] = [[]]
    filled = 0
    for day, claims in days:
        if chunks[-1] and filled + len(claims) > size:
            chunks.append([])
            filled = 0
        chunks[-1].append((day, claims))
        filled += len(claims)
    return chunks
