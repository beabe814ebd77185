"""The site audit's checks of the search index (:mod:`roadmap.audit`): no page sets the filter
``part``, the build's own (roadmap/search.py gives it each page of a language indexed in parts),
and every part listed in a language's ``roadmap-parts.json`` was written."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

from .search import PARTS_FILE

# the search index's list of its parts: its verdict depends on the folders beside it, not on its
# bytes alone, so the audit cache never keeps it (roadmap/audit_cache.py)
PART = re.compile(r"part-[0-9]{1,6}/")


def names_part_filter(value: str) -> bool:
    """Whether a ``data-pagefind-filter`` value (``key``, ``key:value``, ``key[attribute]``, or
    several, comma-separated) sets the filter ``part``, which roadmap/search.py gives each page of a
    search index in parts: a page claiming another part would be searched as if it were there."""
    return any(re.split(r"[:\[]", entry, maxsplit=1)[0].strip().lower() == "part" for entry in value.split(","))


class _FilterTags(HTMLParser):
    """Every start tag's ``data-pagefind-filter``, as a tokenizer reads the markup: Pagefind
    (lol_html) builds no tree, so a tag the browser drops (a <tr> outside a table, a nested <form>,
    a second <head>) or markup in a <textarea> still sets a filter there, unseen by the audit's
    tree walk (roadmap/audit.py). Text (an example in a code span,
    ``&lt;div data-pagefind-filter=…``) and comments are not tags, as for Pagefind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [value or "" for name, value in attrs if name == "data-pagefind-filter"]

    handle_startendtag = handle_starttag


def raw_part_filter(text: str) -> str | None:
    """The first ``data-pagefind-filter`` value in ``text``'s tags naming the filter ``part``,
    wherever the tag stands."""
    tags = _FilterTags()
    try:
        tags.feed(text)
        tags.close()
    except Exception:  # noqa: BLE001 - html.parser gives up on little; what it read still counts
        pass
    return next((value for value in tags.values if names_part_filter(value)), None)


def parts(path: Path, data: object) -> Iterator[str]:
    """``path``, a language's ``roadmap-parts.json`` read as ``data``: each listed part is a folder
    beside it, with its own index (a missing one left search empty in the reader's tab: Pagefind
    keeps an index whose merge failed)."""
    merge = data.get("merge") if isinstance(data, dict) else None
    if not isinstance(merge, list) or not all(isinstance(part, str) for part in merge):
        yield 'not the list of the search index parts: {"merge": ["part-2/", ...]} (roadmap/search.py)'
        return
    for part in merge:
        if not PART.fullmatch(part):
            yield f"search index part {part[:40]!r} is not a folder named part-N/ beside {PARTS_FILE}"
        elif not (path.parent / part / "pagefind-entry.json").is_file():
            yield f"search index part {part!r} is listed but has no pagefind-entry.json: the index was not written whole"
