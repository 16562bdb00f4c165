"""When two spellings of a name are the same name.

Claims are copied from sources in every script; "Ahmad Massoud", "AHMAD MASSOUD" and
"Ahmad\u200bMassoud" are one person. Every place that compares names (indexes, the
independence rule, `via` links, `same_origin` groups) compares their identity keys,
so no spelling can split one entity into two pages or count one origin twice.
"""

from __future__ import annotations

import re
import unicodedata

# Format characters (zero-width spaces and joiners, bidi controls, soft hyphen...) are
# invisible in print; Unicode category Cf covers them all.
_SPACES = re.compile(r"\s+")


def identity_key(name: str) -> str:
    """NFKC-normalised, case-folded, invisible characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return _SPACES.sub(" ", text.casefold()).strip()
