"""MkDocs hooks for trust (issue #9): data is never code. Wired in by ``mkdocs.yml``'s ``hooks``.

mkdocs-macros renders every page as a Jinja template, so a page author can run whatever the
macros module exposes (and, through Jinja globals, Python): that is fine for the hand-written
pages in ``docs/``, which are reviewed like code, and never acceptable for the pages generated
from ``data/objectives.yml``, whose text any contributor writes. The ``render_macros: false``
line in a generated page's front matter is not enough: a character that breaks the front matter
(a raw U+0080 did) makes MkDocs drop it, and the data text then ran as Jinja.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page


# Before mkdocs-macros' on_page_markdown (priority 0), after MkDocs has read the front matter
# into page.meta (Page.read_source, just before this event).
@event_priority(50)
def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    """A generated page is never rendered by mkdocs-macros, whatever its front matter says.

    Relies on mkdocs-macros 1.5 internals: ``MacrosPlugin.on_page_markdown`` keeps a shallow
    ``copy(page)`` (so it shares this ``page.meta`` dict) and ``MacrosPlugin.render`` returns the
    Markdown untouched when ``meta['render_macros'] == False``, "which takes precedence over any
    other consideration" (``force_render_paths``, ``render_by_default``), page title included.
    tests/test_safety.py builds a page whose data would run a command if this failed."""
    if page.file.generated_by is not None:
        page.meta["render_macros"] = False
    return markdown
