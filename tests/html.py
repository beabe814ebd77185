"""Small helpers to read built HTML with the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import urljoin, urlsplit


class Elements(HTMLParser):
    """Every start tag as (tag, attrs, ancestors' classes), in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], tuple[str, ...]]] = []
        self._stack: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        classes = tuple(c for _, cls in self._stack for c in cls.split())
        self.elements.append((tag, attributes, classes))
        if tag not in {"meta", "link", "img", "input", "br", "hr", "source", "area", "base", "col", "embed", "wbr", "track"}:
            self._stack.append((tag, attributes.get("class", "")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break


def elements(path: Path) -> list[tuple[str, dict[str, str], tuple[str, ...]]]:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def url_of(site: Path, page: Path, mount: str = "/") -> str:
    """The URL path of a built page served at ``mount``: site/en/x/index.html → {mount}en/x/."""
    rel = page.relative_to(site).as_posix()
    return mount + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(page_url: str, href: str) -> str:
    """Resolve a link found on ``page_url`` to a site-relative path (no query or fragment)."""
    path = urlsplit(urljoin("http://site" + page_url, href)).path
    trailing = "/" if path.endswith("/") else ""
    return normpath(path) + trailing if path not in ("", "/") else "/"
