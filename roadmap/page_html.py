"""A page generated from the data as HTML ready for the theme (:class:`PageHTML`): what
Python-Markdown's toc and abbr extensions did to these pages, done on the HTML the templates
write: ids and permalinks on headings (Python-Markdown's own slugify and unique, so anchors stay
the same), the table of contents as its toc tokens, glossary tooltips (:class:`Glossary`).

Takes the rendered body, its title and description, the language's glossary; gives
:class:`PageHTML` (:func:`finish_page`).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique
from markupsafe import escape

from .render_text import label


@dataclass(frozen=True)
class PageHTML:
    """A page generated from the data, ready for the theme.

    ``title`` and ``description`` are HTML-escaped text (themes print them as they are); ``html``
    is the article; ``toc`` its headings as nested Python-Markdown toc tokens (``level``, ``id``,
    ``name``, ``html``, ``children``), which ``mkdocs.structure.toc.get_toc`` reads; ``anchors``
    every ``id`` in ``html``, for MkDocs' anchor validation."""
    title: str
    description: str
    html: str
    toc: list[dict[str, Any]]
    anchors: frozenset[str]


@dataclass(frozen=True)
class Glossary:
    """Glossary tooltips for HTML: every term as a whole word, longest first, as Python-Markdown's
    abbr extension matches them, outside tags and outside ``abbr``, ``code``, ``script``,
    ``style`` and ``svg`` elements."""
    pattern: re.Pattern[str] | None
    titles: dict[str, str]  # HTML-escaped term → ready ``<abbr>`` element

    @classmethod
    def of(cls, terms: dict[str, str]) -> Glossary:
        escaped = {str(escape(term)): f'<abbr title="{escape(definition)}">{escape(term)}</abbr>'
                   for term, definition in terms.items() if definition}
        if not escaped:
            return cls(None, {})
        words = "|".join(re.escape(term) for term in sorted(escaped, key=len, reverse=True))
        return cls(re.compile(rf"<(abbr|code|script|style|svg)\b.*?</\1>|<[^>]*>|\b(?:{words})\b", re.S), escaped)

    def apply(self, html: str) -> str:
        if self.pattern is None:
            return html
        titles = self.titles
        return self.pattern.sub(lambda m: m.group(0) if m.group(0)[0] == "<" else titles[m.group(0)], html)


_HEADING = re.compile(r'<h([1-6])(?: id="([^"]*)")?>(.*?)</h\1>', re.S)
_ID = re.compile(r'id="([^"]*)"')  # starts with its text, so the search for it runs in C


def ids_in(html: str) -> list[str]:
    """The values of the ``id="..."`` attributes in ``html``, in order: what
    ``re.findall(r'\\bid="([^"]*)"', html)`` gives, 20 times faster (issue #21: 10 ms per listing of
    1,000 objectives, on every page made again). ``\\b`` before ``i`` (a word character): the
    character before is none, or not a word character (``str.isalnum`` or ``_``, as ``re`` reads ``\\w``)."""
    found, search, at = [], _ID.search, 0
    while (match := search(html, at)) is not None:
        start = match.start()
        before = html[start - 1] if start else " "
        if before.isalnum() or before == "_":
            at = start + 1  # no match here; one may start inside this one (findall tries each position)
        else:
            found.append(match.group(1))
            at = match.end()
    return found


def finish_page(body: str, title: str, description: str, glossary: Glossary, lang: str) -> PageHTML:
    """Tooltips, heading ids and permalinks, and the table of contents of a generated page."""
    body = glossary.apply(body)
    used = set(ids_in(body))
    permalink = escape(label("permalink_title", lang))
    tokens: list[dict[str, Any]] = []

    def heading(m: re.Match[str]) -> str:
        level, inner = int(m.group(1)), m.group(3)
        name = strip_tags(inner)
        anchor = m.group(2) or unique(slugify(html_lib.unescape(name), "-"), used)
        tokens.append({"level": level, "id": anchor, "name": name, "html": inner, "data-toc-label": ""})
        return (f'<h{level} id="{anchor}">{inner}<a class="headerlink" href="#{anchor}" '
                f'title="{permalink}">&para;</a></h{level}>')

    body = _HEADING.sub(heading, body)
    return PageHTML(title, description, body, nest_toc_tokens(tokens), frozenset(used | {t["id"] for t in tokens}))
