"""The questions an output asks of the indexes while it is made.

Under `serve`, each page, embed and open-data record is made with a `TracedIndexes`
in place of the indexes: every attribute read and method call is noted as a question
(`("claims",)`, `("entry_url", ("people", "Ahmad Massoud"), ())`: name, arguments,
keyword arguments). At the next rebuild
`reuse.Reuse` asks each noted question again of the new indexes; an output whose
questions all have equal answers, and whose own arguments are equal, is what a fresh
render would make. Nothing is listed by hand: whatever a template or a function reads
of the indexes, it reads through the tracer, so no read can be missed. (A template
that reaches into Python internals, such as `ix._ix`, is outside that promise.)
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from generator.indexes import Indexes

Question = tuple[Hashable, ...]
UNANSWERABLE: Question = ("unanswerable",)


class Unanswerable(Exception):
    """A question that cannot be asked again (unhashable arguments): its output is
    never kept."""


class TracedIndexes:
    """The indexes, noting into `asked` every question put to them."""

    __slots__ = ("_asked", "_ix")

    def __init__(self, ix: Indexes, asked: set[Question]) -> None:
        self._ix = ix
        self._asked = asked

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._ix, name)
        if not callable(value):
            self._asked.add((name,))
            return value
        return lambda *args, **kwargs: self._call(name, args, kwargs)

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        question = (name, args, tuple(sorted(kwargs.items())))
        try:
            hash(question)
        except TypeError:
            question = UNANSWERABLE
        self._asked.add(question)
        return getattr(self._ix, name)(*args, **kwargs)


def answer(ix: Indexes, question: Question) -> Any:
    """What the indexes answer now; an error is an answer too (its type and text)."""
    if question == UNANSWERABLE:
        raise Unanswerable
    name, *call = question
    try:
        value = getattr(ix, str(name))
        return value(*call[0], **dict(call[1])) if call else value
    except (KeyError, AttributeError, TypeError, ValueError) as error:
        return ("raised", type(error).__name__, str(error))
