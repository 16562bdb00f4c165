"""When two spellings of a name are the same name.

Claims are copied from sources in every script; "Ahmad Massoud", "AHMAD  MASSOUD" and
"Ahmad Mas\u200bsoud" are one person, and "al-Qaeda" is "al Qaeda". Every place that
compares names (indexes, the independence rule, `via` links, `same_origin` groups)
compares their identity keys, so no spelling can split one entity into two pages or
count one origin twice.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

# Format characters (zero-width spaces and joiners, bidi controls, soft hyphen...) are
# invisible in print; Unicode category Cf covers them all.
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def identity_key(name: str) -> str:
    """NFKC-normalised, case-folded, invisible characters removed, punctuation read as
    spaces, spaces collapsed.

    Punctuation counts as space because sources write "al-Qaeda" and "al Qaeda",
    "O'Brien" and "O Brien", "UNI (United News of India)" and "UNI, United News of
    India" for one name; it also lets a name's URL be its key with hyphens for
    spaces, so URLs stay readable without two names ever sharing one (see `slugs`).
    Case is folded as Unicode's compatibility caseless match folds it (NFD, fold, NFKD,
    fold): folding once after NFKC left canonically equal spellings apart ("ΐ" folds to
    ι and two marks, "Ϊ́" to ϊ and one). Invisibles go after folding and the result is
    composed again (NFKC), so a mark that an invisible kept from its letter joins it.
    Cached: every link on every page looks its entry up by name."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFD", name).casefold()).casefold()
    kept = []
    for char in folded:
        category = unicodedata.category(char)
        if category == "Cf":
            continue  # invisible: zero-width joiners, bidi marks, soft hyphens
        kept.append(char if category[0] in "LMN" else " ")
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", "".join(kept))).strip()


def display_names(spellings: Iterable[str]) -> dict[str, str]:
    """Identity key -> the spelling to print for it.

    The most common spelling wins, ties broken by sorted order, so the name on a
    page depends only on the claims, never on the order files were read in.
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for spelling in spellings:
        counts[identity_key(spelling)][spelling] += 1
    return {
        key: min(found.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, found in counts.items()
    }


def spelling_groups(spellings: Iterable[str]) -> dict[str, list[str]]:
    """Identity key -> its distinct spellings, sorted; only keys spelled more than one way."""
    groups: dict[str, set[str]] = defaultdict(set)
    for spelling in spellings:
        groups[identity_key(spelling)].add(spelling)
    return {key: sorted(found) for key, found in groups.items() if len(found) > 1}
