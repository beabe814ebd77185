"""A safety audit of the built site, hand-written pages included: ``python -m roadmap.audit site``.

What the text policy and the templates promise, checked on the output itself, whatever produced it
(data, a hand-written page, a macro, the theme, a plugin):

- no ``javascript:``, ``data:`` or ``vbscript:`` URL in a link or a resource attribute;
- no inline event handler (an ``on…=`` attribute);
- no resource (``img``, ``script``, ``link`` stylesheets and icons, ``iframe``, ``srcset``, media,
  CSS ``url()``/``@import``) from another host than the site's own: readers' browsers call no
  third party;
- every feed and sitemap (``*.xml``) is well-formed XML;
- the downloads are valid: the JSON against ``data/objectives.export.schema.json``, the CSV parses
  with the same number of cells on every row, and no cell starts as a spreadsheet formula.

:func:`audit` returns :class:`Finding` s naming the file and what was found; the command prints
them and exits 1 if there is any. Pure standard library parsers (``html.parser``, ``xml.etree``,
``csv``) and jsonschema; reads files only.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

import jsonschema

from .model import export_schema

BAD_SCHEMES = ("javascript", "data", "vbscript")
# attributes holding a URL, on any element
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "cite",
                  "longdesc", "manifest", "ping", "xlink:href", "imagesrcset", "lowsrc", "dynsrc", "codebase"}
# (element, attribute) pairs that make the browser fetch something as the page loads
RESOURCES = {("img", "src"), ("img", "srcset"), ("script", "src"), ("iframe", "src"), ("frame", "src"),
             ("embed", "src"), ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
             ("source", "src"), ("source", "srcset"), ("track", "src"), ("input", "src"), ("image", "href"),
             ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"), ("feimage", "href"),
             ("body", "background"), ("table", "background"), ("td", "background"), ("link", "imagesrcset")}
# <link rel=…> that fetch; alternate, canonical and the like are mere links
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch", "modulepreload",
                 "manifest", "preconnect", "dns-prefetch", "mask-icon", "prerender"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # relative to the site folder
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def scheme_of(url: str) -> str:
    """The scheme as a browser reads it: spaces and control characters around and inside the
    scheme ignored (``java\\tscript:`` is ``javascript:``), lower case."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class _Page(HTMLParser):
    """Collects what one HTML page loads and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rels = set()
        for name, value in attrs:
            if name == "rel" and value:
                rels = set(value.lower().split())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"inline event handler {name}= on <{tag}>")
                continue
            if name == "style":
                self.css.append(value)
            if tag == "meta" and name == "content" and "url=" in value.lower():
                self._url(tag, "content", value[value.lower().index("url=") + 4:], resource=False)
            if name not in URL_ATTRIBUTES:
                continue
            urls = _srcset_urls(value) if name.endswith("srcset") else [value]
            resource = (tag, name) in RESOURCES or (tag == "link" and name == "href" and bool(rels & FETCHING_RELS))
            for url in urls:
                self._url(tag, name, url, resource)

    def _url(self, tag: str, name: str, url: str, resource: bool) -> None:
        scheme = scheme_of(url)
        if scheme in BAD_SCHEMES:
            self.found.append(f"{scheme}: URL in <{tag} {name}>: {url[:80]!r}")
        elif resource and external(url):
            self.found.append(f"resource from another host in <{tag} {name}>: {url[:120]!r}")


_SITE_HOSTS: set[str] = set()


def external(url: str) -> bool:
    """Whether ``url`` points at another host than the site's own (relative URLs never do)."""
    stripped = url.strip()
    if stripped.startswith("//") or scheme_of(stripped) in ("http", "https"):
        try:
            host = (urlsplit(stripped if not stripped.startswith("//") else "https:" + stripped).hostname or "").lower()
        except ValueError:
            return True
        return host not in _SITE_HOSTS
    return False


def _css_findings(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        url = match.group(2) if match.group(2) is not None else match.group(4)
        if scheme_of(url) in ("javascript", "vbscript"):
            yield f"{scheme_of(url)}: URL in CSS: {url[:80]!r}"
        elif external(url):
            yield f"resource from another host in CSS: {url[:120]!r}"


def _html(path: Path) -> Iterator[str]:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    yield from page.found
    for css in page.css:
        yield from _css_findings(css)


def _xml(path: Path) -> Iterator[str]:
    try:
        ET.fromstring(path.read_bytes())
    except ET.ParseError as exc:
        yield f"not well-formed XML ({exc})"


def _json(path: Path) -> Iterator[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield f"not valid JSON ({exc})"
        return
    if path.name == "objetivos.json":
        for error in jsonschema.Draft202012Validator(export_schema()).iter_errors(data):
            yield f"does not match data/objectives.export.schema.json at {'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message[:200]}"


def _csv(path: Path) -> Iterator[str]:
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        yield f"not a readable CSV ({exc})"
        return
    if not rows:
        yield "empty CSV: no header row"
        return
    for number, row in enumerate(rows[1:], 2):
        if len(row) != len(rows[0]):
            yield f"row {number} has {len(row)} cells, the header {len(rows[0])}"
        for cell in row:
            if cell.startswith(FORMULA_START):
                yield f"row {number}: a cell starts like a spreadsheet formula: {cell[:40]!r}"


CHECKS = {".html": _html, ".htm": _html, ".xml": _xml, ".json": _json, ".csv": _csv, ".css": lambda p: _css_findings(p.read_text(encoding="utf-8", errors="replace"))}


def audit(site: Path, site_url: str = "") -> list[Finding]:
    """Every finding in the built ``site`` folder, sorted by file. ``site_url`` (the published
    address, from mkdocs.yml) names the one host resources may come from. Raises nothing for
    a malformed file (that is a finding); ``FileNotFoundError`` if ``site`` does not exist."""
    if not site.is_dir():
        raise FileNotFoundError(f"{site}: no built site here (run make build)")
    _SITE_HOSTS.clear()
    host = urlsplit(site_url).hostname
    if host:
        _SITE_HOSTS.add(host.lower())
    findings = []
    for path in sorted(site.rglob("*")):
        check = CHECKS.get(path.suffix.lower())
        if check is None or not path.is_file():
            continue
        for message in check(path):
            findings.append(Finding(path.relative_to(site).as_posix(), message))
    return findings


def site_url_of(config: Path) -> str:
    """``site_url`` from mkdocs.yml, read as text (the file has tags that a safe YAML load refuses)."""
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.M)
    return match.group(1) if match else ""


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roadmap.audit", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--format", choices=("text", "github"), default="text")
    args = parser.parse_args(list(argv) if argv is not None else None)
    findings = audit(args.site, site_url_of(args.config_file))
    for finding in findings:
        print(f"::error::site audit: {finding}" if args.format == "github" else f"{args.site}/{finding}")
    if findings:
        print(f"✗ site audit: {len(findings)} finding(s) in {args.site}; fix what produced them", file=sys.stderr)
        return 1
    print(f"✓ site audit: {args.site} has no unsafe URL, event handler or third-party resource; feeds and downloads are valid",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
