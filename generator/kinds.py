"""The cross-reference kinds, in one registry: every page, export, schema and
navigation list that names the kinds reads them from here, so adding or renaming a
kind is one record, not eight edits that can drift apart."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of cross-reference page (`people/ahmad-massoud/`)."""

    folder: str  # URL folder and key in the indexes and exports ("people")
    heading: str  # listing heading ("People")
    singular: str  # one entry, as a reader says it ("person")
    # The claim field listing names of this kind, when it is one list of names
    # (outlets come from `sources`, verdicts from `verdict`).
    field: str | None = None


VERDICTS = Kind("verdicts", "Verdicts", "verdict")
OUTLETS = Kind("outlets", "Outlets", "outlet")
PEOPLE = Kind("people", "People", "person", field="people")
PLACES = Kind("places", "Places", "place", field="places")
ORGANISATIONS = Kind("organisations", "Organisations", "organisation", field="organisations")
TAGS = Kind("tags", "Tags", "tag", field="tags")

# Every kind, in the order pages list them.
ALL: tuple[Kind, ...] = (VERDICTS, OUTLETS, PEOPLE, PLACES, ORGANISATIONS, TAGS)
# Kinds whose entries are names taken from claims (all but verdicts).
NAMED: tuple[Kind, ...] = tuple(k for k in ALL if k is not VERDICTS)
# Kinds a claim lists as a field of names (shown on the claim page as links).
LISTED: tuple[Kind, ...] = tuple(k for k in ALL if k.field)

FOLDERS: tuple[str, ...] = tuple(k.folder for k in ALL)
NAMED_FOLDERS: tuple[str, ...] = tuple(k.folder for k in NAMED)
HEADINGS: dict[str, str] = {k.folder: k.heading for k in ALL}
BY_FOLDER: dict[str, Kind] = {k.folder: k for k in ALL}
