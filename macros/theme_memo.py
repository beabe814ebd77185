"""The theme's page template, rendered once per language and folder where it is the same on every
page (issue #21): on a page outside the navigation (every objective, country and institution
page), the navigation, the header around the page's title and language switcher, the footer, the
scripts and the theme's configuration depend only on the language and the page's folder (links
are relative), so they are rendered for the first such page of a folder and reused for the rest.
They were two thirds of the theme's time at 1,000 objectives, and the theme 40 % of the build.

Each page keeps its own parts: its title, description, canonical and hreflang links, language
switcher, table of contents, edit button and content are outside every reused region. The
overrides (``overrides/main.html``, ``overrides/partials/header.html``) mark the regions with
``{% call roadmap_memo("name") %}…{% endcall %}``; :func:`memo` reuses a region's HTML only when
the page is not in the navigation (no entry is active, so no previous or next page), no navigation
link points into the page's own folder (links from two sibling pages are then the same), and the
page hides nothing (``hide:`` in its front matter); the key is the region, the page's folder and
the language's build (the memo is emptied for each, :func:`install`). Any other page renders
every region as Material does. ``ROADMAP_THEME_MEMO=0`` turns it off:
tests/test_theme_memo.py builds the site both ways and compares every file's bytes.
"""

from __future__ import annotations

import os
import posixpath
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

ENV = "ROADMAP_THEME_MEMO"
_regions: dict[tuple[str, str], Markup] = {}
_nav_urls: dict[int, tuple[Any, tuple[str, ...]]] = {}


def _folder(context: Context) -> str | None:
    """The page's folder if its theme regions may be shared with its siblings', else None."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or getattr(page, "url", None) is None:
        return None
    if page.meta.get("hide") or page.previous_page is not None or page.next_page is not None:
        return None
    cached = _nav_urls.get(id(nav))
    if cached is None or cached[0] is not nav:
        cached = _nav_urls[id(nav)] = (nav, tuple(p.url for p in nav.pages))
    urls = cached[1]
    if page.url in urls or page in nav.pages or any(url.startswith(page.url) for url in urls if page.url):
        return None
    return posixpath.dirname(page.url.rstrip("/"))


@pass_context
def memo(context: Context, name: str, *, caller: Any) -> Markup:
    """``{% call roadmap_memo(name) %}region{% endcall %}``: the region's HTML, rendered once per
    folder for pages outside the navigation."""
    folder = _folder(context)
    if folder is None:
        return caller()
    key = (name, folder)
    html = _regions.get(key)
    if html is None:
        html = _regions[key] = caller()
    return html


@pass_context
def passthrough(context: Context, name: str, *, caller: Any) -> Markup:
    return caller()


def install(env: Any) -> None:
    """A new theme environment: one language's build. Forget the last one's regions."""
    _regions.clear()
    _nav_urls.clear()
    env.globals["roadmap_memo"] = passthrough if os.environ.get(ENV) == "0" else memo
