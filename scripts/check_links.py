#!/usr/bin/env python3
"""Check that every internal link and anchor of a built site resolves; list the external links.

    python scripts/check_links.py SITE_DIR [--site-url URL] [--format text|github]
                                  [--external-report FILE] [--docs DIR]

Reads the HTML that ``mkdocs build`` wrote (both languages) and the sitemap. A link is internal
when it resolves under ``site_url`` (taken from mkdocs.yml): its file must exist and its
``#anchor`` must be an ``id`` on that page. A link to the same host outside the site's path is
broken too: on GitHub Pages the site lives under /<repository>/, and ``/page/`` would point at the
domain root. External links are not fetched (the checks run without a network); they are listed
in the report so they can be checked where one exists. Exit status 1 when a link is broken.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src", "iframe": "src",
              "source": "src", "video": "src", "audio": "src", "embed": "src"}
IGNORED_SCHEMES = ("data:", "javascript:", "blob:", "about:")


class _Page(HTMLParser):
    """The ids of one page and its links, each with the line it is on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        attr = LINK_ATTRS.get(tag)
        if attr and values.get(attr, "").strip():
            self.links.append((self.getpos()[0], values[attr].strip()))


@lru_cache(maxsize=None)
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


@dataclass(frozen=True)
class Broken:
    page: str  # relative to the site folder
    line: int
    href: str
    reason: str


def page_url(site_url: str, rel: str) -> str:
    """The address a page is served at: es/x/index.html → {site_url}es/x/."""
    return site_url + (rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel)


def target_file(site: Path, rel_path: str) -> Path | None:
    """The file a path under the site serves, as GitHub Pages would (a folder serves its index.html)."""
    candidate = site / rel_path
    if rel_path == "" or rel_path.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check(site: Path, site_url: str) -> tuple[list[Broken], dict[str, set[str]]]:
    """Broken internal links, and every external address with the pages that link to it."""
    base = urlsplit(site_url)
    broken: list[Broken] = []
    external: dict[str, set[str]] = defaultdict(set)
    sources: list[tuple[str, int, str]] = []  # (page, line, href)
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        sources += [(rel, line, href) for line, href in parse(path).links]
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        text = sitemap.read_text(encoding="utf-8")
        for match in re.finditer(r"<loc>([^<]+)</loc>|href=\"([^\"]+)\"", text):
            sources.append(("sitemap.xml", text.count("\n", 0, match.start()) + 1, match.group(1) or match.group(2)))

    for rel, line, href in sources:
        if href.startswith(IGNORED_SCHEMES) or href in ("#", ""):
            continue
        here = site_url if rel == "sitemap.xml" else page_url(site_url, rel)
        url = urlsplit(urljoin(here, href))
        if url.scheme not in ("http", "https") or url.netloc != base.netloc:
            external[href if url.scheme not in ("http", "https") else url.geturl()].add(page_url("", rel))
            continue
        if not url.path.startswith(base.path):
            broken.append(Broken(rel, line, href, f"outside the site: {url.path} is not under {base.path}"))
            continue
        target = target_file(site, unquote(url.path[len(base.path):]))
        if target is None:
            broken.append(Broken(rel, line, href, f"no such page or file: {url.path}"))
        elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in parse(target).ids:
            broken.append(Broken(rel, line, href, f"no anchor #{unquote(url.fragment)} on {url.path}"))
    return broken, dict(external)


def source_of(rel: str, docs: Path) -> str | None:
    """The Markdown file a built page comes from, when it is one on disk (not generated)."""
    lang, rest = ("en", rel[3:]) if rel.startswith("en/") else ("es", rel)
    stem = rest[: -len("index.html")].rstrip("/") if rest.endswith("index.html") else rest
    for candidate in (f"{stem}.md", f"{stem}/index.md" if stem else "index.md"):
        if (docs / lang / candidate).is_file():
            return (docs / lang / candidate).as_posix()
    return None


def report(external: dict[str, set[str]]) -> str:
    pages = {page for where in external.values() for page in where}
    lines = ["# External links", "",
             f"Not fetched: the checks run without a network. {len(external)} addresses, linked from "
             f"{len(pages)} pages; check them where a network exists.", "",
             "| address | linked from |", "|---|---|"]
    for url in sorted(external):
        where = sorted(external[url])
        shown = ", ".join(f"`{p or '/'}`" for p in where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        lines.append(f"| <{url}> | {shown} |")
    return "\n".join(lines) + "\n"


def site_url_of(config: Path) -> str:
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.M)
    if not match:
        raise SystemExit(f"{config}: no site_url")
    return match.group(1).rstrip("/") + "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--site-url", help="default: site_url in mkdocs.yml")
    parser.add_argument("--format", choices=("text", "github"), default="text")
    parser.add_argument("--external-report", type=Path, help="write the external links here (Markdown)")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="to name the Markdown file of a page")
    args = parser.parse_args(argv)

    site_url = (args.site_url.rstrip("/") + "/") if args.site_url else site_url_of(ROOT / "mkdocs.yml")
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; build the site first (make build)", file=sys.stderr)
        return 2
    broken, external = check(args.site, site_url)
    for b in broken:
        message = f"{b.page}:{b.line}: broken link '{b.href}': {b.reason}"
        if args.format == "github":
            source = source_of(b.page, args.docs)
            print(f"::error{' file=' + source if source else ''}::{message}")
        else:
            print(message)
    if args.external_report:
        args.external_report.parent.mkdir(parents=True, exist_ok=True)
        args.external_report.write_text(report(external), encoding="utf-8")
    pages = len(list(args.site.rglob("*.html")))
    verdict = f"✗ {len(broken)} broken internal link(s)" if broken else "✓ every internal link and anchor resolves"
    print(f"{verdict}; {pages} pages checked; {len(external)} external addresses listed"
          f"{' in ' + str(args.external_report) if args.external_report else ''} (not fetched)", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
