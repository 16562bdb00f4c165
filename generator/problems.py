"""Problems found in claim files, reported all at once rather than raised one by one."""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{where}: {self.field}: {self.message}"


class ClaimsInvalid(Exception):
    """Raised by whole-site operations when the claims have problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))
