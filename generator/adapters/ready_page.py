"""The MkDocs Page of a generated page whose HTML the page store holds ready
(generator/headings.py): rendering it needs no Markdown converter.

MkDocs' `Page.render` builds a Python-Markdown converter with every configured
extension for each page, and the plugin hands a ready page's converter the empty text
(its HTML comes from the store, in `on_page_context`): about half of MkDocs' reading
of the pages of a 10,000-claim build (by profile) went on converters for nothing. MkDocs lets a plugin set
`File.page` to a Page subclass (Material's blog plugin does); this one gives what
converting the empty text gives, without the converter, and converts any other text
as MkDocs does (a plugin that adds to a page's markdown after ours still has it read).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class ReadyPage(Page):
    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown != "":
            super().render(config, files)
            return
        # What Page.render sets from a converter of the empty text.
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        # links_to_anchors stays unset: no link, as MkDocs has it when logging debug.
