"""Glossary terms a reader can reach (issue #20): on each page, the first use of a glossary term
becomes a link to its entry on the glossary page, reachable with the keyboard, that shows the
term's definition when focused or hovered (the tooltip is markup and CSS: it works without
JavaScript; reader.js closes it with Escape and keeps it on screen). Later uses of the term on the
page stay as they were: an ``<abbr>`` whose definition shows on hover, and no extra Tab stop.

The page's HTML already marks every use of a term, Markdown pages through Python-Markdown's
``abbr`` extension and generated pages through :class:`roadmap.render.Glossary`, both as
``<abbr title="definition">word</abbr>``: the definition tells which term a word is ("pymes" is a
use of "Pyme"). A use inside a heading, a link, a table, a figure, a button or code is passed
over (a link cannot hold a link; a tooltip in a table that scrolls would be cut off): the first
use in running text is the one linked.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from markupsafe import escape

ANCHOR_PREFIX = "term-"  # the glossary entry's id: roadmap/templates/glossary_table.md.j2
TIP_PREFIX = "term-tip-"
_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
# elements whose content is passed over, and the tags of the page, read in order
_SKIP = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "table", "figure", "button", "code", "pre", "summary",
         "svg", "dfn", "label", "select", "textarea", "script", "style"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_LOWER = {name: name for name in (*_SKIP, "abbr", "div", "span", "p", "li", "ul", "ol", "strong", "em", "td", "tr", "th")}


def anchor(term: str) -> str:
    """The id of a term's entry on the glossary page: "GT Pymes" → ``term-gt-pymes``. The template
    writes the same (lower case, spaces as hyphens)."""
    return ANCHOR_PREFIX + term.lower().replace(" ", "-")


@dataclass(frozen=True)
class Terms:
    """A language's glossary: each definition (as plain text) → its term."""

    by_definition: dict[str, str]

    @classmethod
    def of(cls, abbreviations: dict[str, str], terms: list[str]) -> Terms:
        """``abbreviations``: every form of every term → its definition (``Renderer.abbreviations``);
        ``terms``: the glossary's terms, in its order (a definition shared by two terms is the first's)."""
        found: dict[str, str] = {}
        for term in terms:
            if abbreviations.get(term):
                found.setdefault(abbreviations[term], term)
        return cls(found)

    def link_first_uses(self, page_html: str, glossary_url: str) -> str:
        """The page's HTML with the first use of each term in running text linked to its entry."""
        last_use = page_html.rfind("<abbr")
        if last_use < 0:
            return page_html
        linked: list[tuple[int, int, str]] = []  # (start, end, link) of each use linked
        done: set[str] = set()
        depth = 0  # how many passed-over elements the text is in
        position = 0
        # the page is read tag by tag and only the uses linked are written anew (issue #21: the
        # printable roadmap at 1,000 objectives, 22,000 tags before its last term, was copied
        # piece by piece, 5% of a `mkdocs serve` rebuild)
        for tag in _TAG.finditer(page_html):
            # every term linked, or no use of a term further on (issue #21: a listing of 1,000
            # objectives after a page's last term was read tag by tag): the rest stays as it is
            start = tag.start()
            if len(done) == len(self.by_definition) or start > last_use:
                break
            if start < position:  # inside a use already linked
                continue
            closing, name, empty = tag.groups()
            name = _LOWER.get(name) or name.lower()
            if name == "abbr" and not closing and depth == 0:
                use = _ABBR.match(page_html, start)
                if use:
                    linked_before = len(done)
                    link = self._link(use, glossary_url, done)
                    if len(done) > linked_before:
                        linked.append((start, use.end(), link))
                    position = use.end()
                    continue
            if name in _SKIP and not empty:
                depth = max(0, depth + (-1 if closing else 1))
            position = tag.end()
        out, position = [], 0
        for start, end, link in linked:
            out += (page_html[position:start], link)
            position = end
        out.append(page_html[position:])
        return "".join(out)

    def _link(self, match: re.Match[str], glossary_url: str, done: set[str]) -> str:
        """The link of a use of a term not linked yet (its term then added to ``done``), else the use."""
        text = match.group(0)
        definition = html_lib.unescape(match.group(1))
        term = self.by_definition.get(definition)
        if term is None or term in done:
            return text
        done.add(term)
        target = anchor(term)
        tip = TIP_PREFIX + target.removeprefix(ANCHOR_PREFIX)
        return (f'<span class="roadmap-term"><a class="roadmap-term__link" href="{escape(glossary_url)}#{escape(target)}" '
                f'aria-describedby="{escape(tip)}"><abbr>{match.group(2)}</abbr></a>'
                f'<span class="roadmap-term__tip" id="{escape(tip)}" role="tooltip" data-pagefind-ignore>'
                f'{escape(definition)}</span></span>')
