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

    @property
    def urls(self) -> list[str]:
        return [self.url_of(n) for n in range(1, self.count + 1)]

    def meta(self, meta: dict[str, str]) -> dict[str, str]:
        if self.number == 1:
            return meta
        return {**meta, "title": f"{meta['title']} (page {self.number} of {self.count})"}


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
