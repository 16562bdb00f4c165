"""factcheck-site: claim files in, a fact-check site's pages out.

The flow runs one way: claim files -> validated claims (`loader`, `rules`) ->
cross-reference indexes (`indexes`) -> pages (`pages`) -> an adapter that hands them
to a static site generator (`adapters`). Nothing here imports MkDocs except the
adapters.
"""

__version__ = "0.1.0"
