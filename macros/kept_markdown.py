"""A written page's Markdown, converted once per text in `mkdocs serve` (issue #21).

A save of ``data/objectives.yml`` that changes one objective's English title makes every English
page with macros again (roadmap/page_inputs.py: any of them may show it), but most of them set
their listings aside from Python-Markdown (macros/__init__.py ``stash_html``): their Markdown,
macros expanded, is the very text of the last build, and Python-Markdown gave 70 ms of a rebuild
at 1,000 objectives to convert it again. MkDocs' ``Page.render`` is kept here by what its output
depends on: the page's Markdown after the macros, its source and address, and
``Inputs.base`` of its language (macros/incremental.py: every file of the site, mkdocs.yml and
so the Markdown extensions and their settings included, the data outside the objectives, as the
glossary the abbr extension is given, and the objectives' skeleton, which decides which files
exist for links). What it keeps is what ``render`` sets: the HTML, the table of contents (copied
on each use), the title found, the anchors present and the links to other pages' anchors (by
their source, read back from this build's files).

Only in `mkdocs serve` (macros/incremental.py active), only for written pages (MkDocs' own
``Page``), and never a conversion that logged anything (a broken link's warning): those are
converted at every build, so every build says it again. Relies on MkDocs 1.6's ``Page.render``
and the attributes it sets (``content``, ``toc``, ``_title_from_render``,
``present_anchor_ids``, ``links_to_anchors``).
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from mkdocs.structure.pages import Page

from roadmap.page_inputs import digest

# {page's source: (key, what render set)}: each page's last conversion
_kept: dict[str, tuple[str, dict[str, Any]]] = {}
_on = False  # this build is a `mkdocs serve` build (macros/incremental.py start)


def start(serving: bool) -> None:
    """A build starts; not serving: nothing is kept (nor reused)."""
    global _on
    _on = serving
    if not serving:
        _kept.clear()


def forget() -> None:
    _kept.clear()


class _Said(logging.Handler):
    """Notes that a record was logged while a page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.said = False

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.said = True


def _render(self: Page, config: Any, files: Any) -> None:
    base = _base(config) if _on and type(self) is Page and self.markdown is not None else None
    if base is None:
        _original(self, config, files)
        return
    key = digest(base, self.file.src_uri, self.file.dest_uri, self.markdown)
    kept = _kept.get(self.file.src_uri)
    if kept is not None and kept[0] == key and all(files.get_file_from_path(src) is not None
                                                   for src in kept[1]["links"] or ()):
        _restore(self, kept[1], files)
        return
    said = _Said()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
    for logger in loggers:
        logger.addHandler(said)
    try:
        _original(self, config, files)
    finally:
        for logger in loggers:
            logger.removeHandler(said)
    if said.said:  # said again at the next build, which converts the page again
        _kept.pop(self.file.src_uri, None)
    else:
        _kept[self.file.src_uri] = (key, _state(self))


def _base(config: Any) -> str | None:
    from macros import incremental, languages, site

    if not incremental.enabled():
        return None
    _, renderer = site(config.config_file_path)
    return incremental.language_base(renderer, languages.i18n(config).current_language, config)


def _state(page: Page) -> dict[str, Any]:
    links = page.links_to_anchors
    return {"content": page.content, "toc": copy.deepcopy(page.toc), "title": page._title_from_render,
            "anchors": set(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()}}


def _restore(page: Page, state: dict[str, Any], files: Any) -> None:
    page.content, page.toc, page._title_from_render = state["content"], copy.deepcopy(state["toc"]), state["title"]
    page.present_anchor_ids = set(state["anchors"])
    if state["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(src): dict(anchors) for src, anchors in state["links"].items()}


if not getattr(Page.render, "roadmap_kept", False):
    _original = Page.render
    _render.roadmap_kept = True  # type: ignore[attr-defined]
    Page.render = _render  # type: ignore[method-assign]
