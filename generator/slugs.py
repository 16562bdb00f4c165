"""URL-safe slugs for names written in any script.

An entity's URL is a function of its own name alone: adding "AHMAD MASSOUD" must not
move "Ahmad Massoud" (they are one entity anyway), and adding "Ahmad-Massoud" must
not renumber anyone. So there is no numbering of collisions: the slug spells the
identity key, and only a key too long for a path carries a short hash instead.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from generator.names import identity_key

_NOT_WORD = re.compile(r"[^\w]+")
# A path component stays well under every filesystem's 255-byte limit, with room
# for `index.html` and the folders above it.
MAX_SLUG_BYTES = 100
HASH_CHARS = 10
# Hash-free slugs never contain a doubled hyphen, so a hashed slug can never equal one.
HASH_SEPARATOR = "--"


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


def entity_slug(name: str) -> str:
    """The URL component of the entity named `name`: depends on its identity key only.

    A key holds only letters, marks, digits and single spaces, so the key with hyphens
    for spaces is a safe path component that no other key shares. Only a key too long
    for a path component (or with no letter at all) is cut and followed by `--` and a
    hash of the key, so two different keys still never share a URL.
    """
    key = identity_key(name)
    base = key.replace(" ", "-")
    if base and len(base.encode()) <= MAX_SLUG_BYTES:
        return base
    digest = hashlib.sha256(key.encode()).hexdigest()[:HASH_CHARS]
    room = MAX_SLUG_BYTES - len(HASH_SEPARATOR) - HASH_CHARS
    return _cut(base, room) + HASH_SEPARATOR + digest


def _cut(slug: str, max_bytes: int) -> str:
    """`slug` cut to at most `max_bytes` of UTF-8, on a character boundary."""
    cut = slug.encode()[:max_bytes].decode(errors="ignore")
    return cut.rstrip("-") or "entry"
