"""URL-safe slugs for names written in any script."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")


def slugify(name: str) -> str:
    """Lower-case, hyphen-separated slug that keeps non-Latin letters.

    Latin accents are folded to ASCII ("Ḥāmid" -> "hamid") so URLs stay readable;
    Dari and Pashto names keep their letters, because dropping them would leave
    nothing to tell two people apart.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    slug = _NOT_WORD.sub("-", folded.lower()).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return unicodedata.normalize("NFC", slug) or "entry"


def unique_slugs(names: list[str]) -> dict[str, str]:
    """Map each name to a slug, numbering names whose slugs collide.

    Names are taken in sorted order so a name's slug does not depend on the order
    claims happen to be read in.
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for name in sorted(set(names)):
        base = slug = slugify(name)
        count = 1
        while slug in taken:
            count += 1
            slug = f"{base}-{count}"
        taken.add(slug)
        result[name] = slug
    return result
