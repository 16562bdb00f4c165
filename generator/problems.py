"""Problems found in claim files, reported all at once rather than raised one by one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# How people name one item of a list field: "source 2", not "sources[1]".
ITEM_NAMES = {
    "sources": "source",
    "updated": "update",
    "related": "related claim",
    "people": "person",
    "places": "place",
    "organisations": "organisation",
    "tags": "tag",
}


# Characters a terminal acts on or that hide text: controls (escape sequences start with
# \x1b), line and paragraph separators, and bidi overrides that reorder what follows.
_UNPRINTABLE = re.compile("[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character shown escaped (`\\x1b`), so a file name or a
    value echoed in a message cannot recolour, rewrite or reorder the terminal."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def field_label(loc: Sequence[str | int]) -> str:
    """A field's name as a contributor counts: `('sources', 1, 'via')` -> `source 2, via`.

    List items are numbered from 1; the location itself stays 0-based inside the code.
    """
    parts: list[str] = []
    for index, step in enumerate(loc):
        if isinstance(step, int):
            owner = str(loc[index - 1]) if index else ""
            item = ITEM_NAMES.get(owner, f"{owner} item" if owner else "item")
            if parts and parts[-1] == owner:
                parts[-1] = f"{item} {step + 1}"
            else:
                parts.append(f"{item} {step + 1}")
        else:
            # A key written as "a: b" must not split the `path:line: field: message` shape.
            parts.append(str(step).replace(": ", ":\u00a0"))
    return ", ".join(parts) or "front-matter"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one claim file, in the `path:line: field: message` shape.

    Editors and CI annotators both understand that shape, so every layer reports
    problems this way instead of raising.
    """

    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.field}: {self.message}")


class ClaimsInvalid(Exception):
    """Raised by whole-site operations when the claims have problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))
