"""What one `mkdocs serve` rebuild hands the next, so an edit re-renders the outputs
it can change instead of the site.

Every output is made by a *job*: a name (`("claim", id)`, `("entry", "people/x/")`),
its arguments (the claim, the entry with its claims) and whatever it asks of the
indexes, which `trace.TracedIndexes` notes as it is asked. An output is kept while
the settings, the templates and the git history are equal (the `key`), its job's
arguments are equal, and every question it asked has an equal answer from the new
indexes. Those are all of a job's inputs: templates (a site's overrides included) see
only their context and the indexes, and the context is made from the arguments and the
indexes. So no template can read something the check misses, and an incremental build
equals a clean one (tests/test_incremental.py).

Each question is answered once per rebuild, however many outputs asked it; its answer
is compared with the one the last rebuild gave, which every kept output agreed with.

Kept only under `serve`: a build holds nothing, so memory stays flat at 20,000 claims.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.indexes import Indexes
from generator.trace import UNANSWERABLE, Question, answer


@dataclass(frozen=True)
class Kept:
    """One job's output with what it was made from."""

    args: tuple[Any, ...]
    questions: frozenset[Question]
    value: Any


@dataclass
class Reuse:
    """The last complete rebuild's outputs by job, and the answers they agreed with."""

    key: tuple[Any, ...] | None = None
    kept: dict[Hashable, Kept] = field(default_factory=dict)
    answers: dict[Question, Any] = field(default_factory=dict)
    _ix: Indexes | None = None
    _changed: set[Question] = field(default_factory=set)  # questions answered otherwise now
    _made: dict[Hashable, Kept] = field(default_factory=dict)  # this rebuild's jobs
    _put: list[Hashable] = field(default_factory=list)  # the jobs made (not kept) this rebuild
    _pruned_at: int = 0  # how many questions there were when stale ones were last dropped

    def begin(self, key: tuple[Any, ...], ix: Indexes) -> None:
        """Start a rebuild: nothing stands unless the key is equal; each question is
        asked again once, whatever the number of outputs that asked it."""
        if key != self.key:
            self.key, self.kept, self.answers = key, {}, {}
        self._ix, self._made, self._put = ix, {}, []
        self._changed = {q for q, was in self.answers.items() if answer(ix, q) != was}

    def get(self, job: Hashable, args: tuple[Any, ...]) -> Any | None:
        """The job's output as last made, if it would be made the same now (outputs
        are never None)."""
        kept = self.kept.get(job)
        if kept is None or kept.args != args or not kept.questions.isdisjoint(self._changed):
            return None
        self._made[job] = kept  # its arguments equal these
        return kept.value

    def get_each(self, name: str, claims: Sequence[Any]) -> list[Any | None]:
        """`get((name, claim.id), (claim,))` for each claim: a claim's job is named by
        the claim's id and has the claim for its argument."""
        get = self.get
        return [get((name, claim.id), (claim,)) for claim in claims]

    def put(self, job: Hashable, args: tuple[Any, ...], questions: frozenset[Question], value: Any) -> None:
        """A job made this rebuild, with the questions it asked."""
        self._made[job] = Kept(args, questions, value)
        self._put.append(job)

    def end(self) -> None:
        """The rebuild is complete: its jobs and their answers are what the next one
        compares with. A rebuild that stops half way never ends, so the last complete
        one stands (its outputs and answers still agree with each other).

        Only changed questions and those of the jobs made now are answered again (an
        unchanged answer equals the new one). Questions no job asks any more are dropped
        once they could have doubled the count, so each rebuild's work stays in
        proportion to what changed."""
        assert self._ix is not None, "begin() first"
        ix, answers, kept = self._ix, self.answers, self._made
        for question in self._changed:
            answers[question] = answer(ix, question)
        # Only a job made now can have asked the unanswerable question: a kept one was
        # looked at when it was made (a pass over every job took ~0.08 s at 10,000 claims).
        for job in self._put:
            made = kept.get(job)
            if made is not None and UNANSWERABLE in made.questions:
                del kept[job]
            elif made is not None:
                answers.update((q, answer(ix, q)) for q in made.questions if q not in answers)
        if len(answers) > 2 * self._pruned_at + 1_000:
            asked = frozenset().union(*(made.questions for made in kept.values()))
            self.answers = {q: answers[q] for q in asked}
            self._pruned_at = len(self.answers)
        self.kept, self._made, self._put = kept, {}, []


def folder_digest(folders: Iterable[Path]) -> bytes:
    """Every file under `folders` but compiled Python: its folder's place in the list,
    its path inside it, and its bytes. A template edit under `serve` thus renders
    everything afresh; paths are relative, so two clones of a project share a key
    (page_cache.py keeps outputs across builds under it)."""
    digest = hashlib.blake2b(digest_size=16)
    for place, folder in enumerate(folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            name = f"{place}/{path.relative_to(folder).as_posix()}"
            for piece in (name.encode("utf-8", "surrogateescape"), path.read_bytes()):
                digest.update(len(piece).to_bytes(8, "big") + piece)
    return digest.digest()


def run_job(
    reuse: Reuse | None, job: Hashable, args: tuple[Any, ...],
    make: Callable[[], tuple[Any, frozenset[Question]]],
) -> Any:
    """The job's kept output, else `make()`'s (which returns the output and the
    questions it asked), kept for the next rebuild."""
    if reuse is not None:
        kept = reuse.get(job, args)
        if kept is not None:
            return kept
    value, questions = make()
    if reuse is not None:
        reuse.put(job, args, questions, value)
    return value
