"""Material's search index under `serve --dirty` (adapters/served_search.py): each
entry's JSON is kept while the entry is, and the index is the text Material writes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex

from generator.adapters.served_search import EntryJson

INDEX_OPTIONS = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"],
                 "fields": {"title": {"boost": 1e3}}}  # fmt: skip

entries = st.fixed_dictionaries(
    {"location": st.text(max_size=20), "title": st.text(max_size=20), "text": st.text(max_size=40)},
    optional={
        "tags": st.lists(st.text(max_size=8), max_size=3),
        "boost": st.floats(allow_nan=False) | st.integers(),
    },
)


def _index(entries: list[dict[str, object]]) -> SearchIndex:
    index = SearchIndex(**INDEX_OPTIONS)
    index.entries = entries
    return index


@given(st.lists(entries, max_size=6), st.lists(st.booleans(), max_size=6), st.lists(entries, max_size=3))
def test_the_index_is_the_text_material_writes_rebuild_after_rebuild(first, kept, added):
    """A rebuild's index holds some entries of the last one (the very objects) and new
    ones, some equal to old ones; the text is Material's own serialisation each time."""
    memo = EntryJson()
    index = _index(list(first))
    assert memo.index_json(index, None) == SearchIndex.generate_search_index(index, None)
    carried = [entry for entry, keep in zip(first, kept) if keep]
    given = [*added, *carried, *(dict(e) for e in first[:1])]
    again = _index(given)
    assert memo.index_json(again, None) == SearchIndex.generate_search_index(again, None)
    assert again.entries is given and given == [*added, *carried, *first[:1]]  # left as given


def test_with_a_previous_index_material_does_the_merge_itself():
    memo = EntryJson()
    previous = _index([{"location": "a/", "title": "A", "text": "x"}])
    index = _index([{"location": "b/", "title": "B", "text": "y"}])
    assert memo.index_json(index, previous) == SearchIndex.generate_search_index(index, previous)
