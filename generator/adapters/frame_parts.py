"""Parts of Material's frame rendered once for the many pages outside the navigation.

Every claim page, and every listing outside the nav, repeats Material's drawer
navigation, tabs, palette and search controls, footer, back-to-top button,
stylesheets, configuration script and scripts, the same markup every time: rendered
once, Material's templates took 8.9-9.4 s of a warm 10,000-claim build instead of
16.0-16.3 s (in-process, builds in turn). For a page outside the navigation such a
part (an include) depends on the page only through the URLs the `url` and
`script_tag` filters make relative to it and the including block's own variables
(`features`, passed in): nothing in the nav is active for it, and its nav, config and
language are the build's (a fresh memo each build, as for translations.py).

So a part is rendered for the first page that needs it, keeping the URLs it asked
for and what they came out as; another page gets the same HTML when every one of
those URLs comes out the same for it (through MkDocs' own `normalize_url`), and
renders the part itself otherwise (kept too, for the pages of its folder). A page in
the navigation always renders its parts. A part that is or includes a template from
anywhere but Material's package or this plugin's overrides (a project's
`custom_dir` may print anything of the page) is never kept: each page renders it.

base.html and partials/header.html include a part through `fc_frame_part` where the
plugin offers it, and as Material does elsewhere (a `factcheck generate --out`
folder built by plain MkDocs or by Zensical).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from jinja2 import Environment, Template, pass_context
from jinja2.runtime import Context
from jinja2.utils import concat
from markupsafe import Markup
from mkdocs.utils import normalize_url

# Renderings kept for one part and set of inputs: one per distinct set of relative
# URLs (about one per folder of pages outside the nav). Past this, a page renders the
# part itself: the search for a fit stays bounded whatever the site.
KEPT_PER_KEY = 32
# The filters whose output depends on the page: both make a URL relative to it.
URL_FILTERS = ("url", "script_tag")


class _Rendered:
    """A part's HTML and the URLs it normalised, as they came out for its page."""

    __slots__ = ("html", "urls")

    def __init__(self, html: Markup, urls: tuple[tuple[str, str], ...]) -> None:
        self.html = html
        self.urls = urls

    def fits(self, page: Any) -> bool:
        return all(normalize_url(value, page=page) == made for value, made in self.urls)


class _Rendering:
    """What a part being rendered asked for: URLs, and whether every template it
    included is one the memo may trust."""

    __slots__ = ("urls", "trusted")

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.trusted = True


class FramePartMemo:
    """`fc_frame_part(name, **variables)`: what `{% include name %}` renders, with the
    including block's own `variables` that it reads (the rest of what it reads of a
    page being the URLs it makes relative to it), taken for a page outside the nav from
    a page it came out the same for. `trusted`: the folders whose templates print
    nothing of such a page but what the memo sees (Material's and the overrides)."""

    def __init__(self, trusted: Sequence[str] = ()) -> None:
        self._trusted = tuple(os.path.join(os.path.realpath(folder), "") for folder in trusted)
        self._kept: dict[tuple[Hashable, ...], list[_Rendered]] = {}
        self._rendering: list[_Rendering] = []
        self._origins: dict[str, bool] = {}
        self._navs: dict[int, tuple[Any, frozenset[int]]] = {}  # held: no id reused
        self.reused = 0  # parts served from another page, for tests and the curious

    @pass_context
    def __call__(self, context: Context, name: str, **variables: Any) -> Markup:
        template = context.environment.get_template(name)
        page, nav = context.get("page"), context.get("nav")
        if page is None or nav is None or self._in_nav(page, nav):
            return self._render(template, context, variables)
        key = (name, context.get("base_url"), id(nav), _hashable(sorted(variables.items())))
        try:
            kept = self._kept.setdefault(key, [])
        except TypeError:  # a variable that is no plain value (a Page): no telling
            return self._render(template, context, variables)
        for rendered in kept:
            if rendered.fits(page):
                self.reused += 1
                self._asked(value for value, _ in rendered.urls)
                return rendered.html
        rendering = _Rendering()
        rendering.trusted = self._trusts(template)
        self._rendering.append(rendering)
        try:
            html = self._render(template, context, variables)
        finally:
            self._rendering.pop()
        if rendering.trusted and len(kept) < KEPT_PER_KEY:
            asked = dict.fromkeys(rendering.urls)
            kept.append(_Rendered(html, tuple((v, normalize_url(v, page=page)) for v in asked)))
        return html

    @staticmethod
    def _render(template: Template, context: Context, variables: dict[str, Any]) -> Markup:
        """What `{% include %}` renders: the including template's context and, as its
        locals, the block's own `variables`."""
        parts = template.root_render_func(template.new_context(context.get_all(), True, variables))
        return Markup(concat(parts))

    def watch(self, env: Environment) -> None:
        """Have `env` tell the parts being rendered the URLs it makes relative to the
        page and the templates it loads."""
        for name in URL_FILTERS:
            env.filters[name] = self._url_watcher(env.filters[name])
        # `{% include %}`, `{% import %}` and `{% extends %}` load through these two.
        env.get_template = self._template_watcher(env.get_template)  # type: ignore[method-assign]
        env.select_template = self._template_watcher(env.select_template)  # type: ignore[method-assign]

    def _template_watcher(self, load: Callable[..., Template]) -> Callable[..., Template]:
        def watched(*args: Any, **kwargs: Any) -> Template:
            template = load(*args, **kwargs)
            if self._rendering and not self._trusts(template):
                self._distrust()
            return template

        return watched

    def _url_watcher(self, url_filter: Callable[..., Any]) -> Callable[..., Any]:
        @pass_context
        def watched(context: Context, value: Any) -> Any:
            if self._rendering:
                self._asked((str(value),))
            return url_filter(context, value)

        return watched

    def _asked(self, values: Iterable[str]) -> None:
        """Every part being rendered, the enclosing ones too, depends on `values`."""
        values = tuple(values)
        for rendering in self._rendering:
            rendering.urls.extend(values)

    def _distrust(self) -> None:
        for rendering in self._rendering:
            rendering.trusted = False

    def _trusts(self, template: Template) -> bool:
        path = template.filename
        if not path:  # made from a string: who knows
            return False
        trusted = self._origins.get(path)
        if trusted is None:
            trusted = self._origins[path] = os.path.realpath(path).startswith(self._trusted)
        return trusted

    def _in_nav(self, page: Any, nav: Any) -> bool:
        held = self._navs.get(id(nav))
        if held is None:
            held = self._navs[id(nav)] = (nav, frozenset(id(item) for item in nav.pages))
        return id(page) in held[1]


def _hashable(value: Any) -> Hashable:
    """A template value as part of a key: lists (`features`) as tuples."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    return value
