"""A safety audit of the built site, hand-written pages included: ``python -m roadmap.audit site``.

What the text policy and the templates promise, checked on the output itself, whatever produced it
(data, a hand-written page, a macro, the theme, a plugin):

- no ``javascript:``, ``data:`` or ``vbscript:`` URL in a link or a resource attribute;
- no inline event handler (an ``on…=`` attribute);
- no resource (``img``, ``script``, ``link`` stylesheets and icons, ``iframe``, ``srcset``, media,
  CSS ``url()``/``image-set()``/``@import``, SVG ``href``s, a meta refresh) from another host than
  the site's own: readers' browsers call no third party. URLs are resolved as a browser resolves
  them (:func:`resolve`: tabs and newlines dropped, backslashes as slashes, joined to the page's
  own address), CSS is tokenised as browsers do (tinycss2), ``srcdoc`` documents are audited as
  pages, SVG ``<set>``/``<animate>`` values and ``url()`` presentation attributes count, a link's
  ``ping`` is a fetch, a ``background`` attribute is one on any element, and any ``<base>`` is a finding; pages are read with scripting on (as a
  reader's browser: ``<noscript>`` is raw text) and decoded by their byte order mark;
- every page carries the site's Content-Security-Policy (:data:`~roadmap.audit_policy.POLICY`) as a
  ``<meta http-equiv>`` in ``<head>`` before anything it loads or runs; no inline script but a
  JSON data block; a ``<script>`` loads only one of the site's script files, and every ``.js``
  file in the site is one (the theme's own, byte for byte, the project's, Pagefind's:
  :mod:`roadmap.audit_policy`); no markup whose theme script fetches another host (``<pre
  class="mermaid">``, ``data-md-component="source"``, ``<link rel=alternate>`` to another host);
- every document a browser would open is audited: ``.html``/``.htm``/``.shtml`` as HTML, ``.svg``,
  ``.svgz`` (unpacked), ``.xhtml``/``.xht``, ``.xsl``, ``.xsd``, ``.rng``, ``.xml`` and the other
  XML types as XML (their elements as HTML ones, an ``<?xml-stylesheet?>`` as a fetch, any
  ``<script>`` a finding), template contents (declarative shadow roots) in a template's context,
  and every feed and sitemap (``*.xml``) is well-formed XML;
- no page weighs more than :data:`MAX_PAGE_BYTES` (5 MB);
- the downloads are valid (:mod:`roadmap.audit_downloads`): the JSON against ``data/objectives.export.schema.json``, the CSV parses
  with the same number of cells on every row, and no cell starts as a spreadsheet formula.

:func:`audit` returns :class:`Finding` s naming the file and what was found; the command prints
them and exits 1 if there is any. HTML is parsed as browsers parse it (Lexbor, through selectolax),
feeds with ``xml.etree``, downloads with ``csv`` and jsonschema; reads files only.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import multiprocessing
import os
import re
import sys
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .audit_policy import (POLICY, SCRIPT_SUFFIXES, ScriptRules, script_rules_of, script_type_is_data,
                           theme_fetches)
from . import audit_sources
from . import audit_cache
from .audit_downloads import _csv, _json
from .audit_search import names_part_filter, raw_part_filter
from .audit_urls import SPECIAL_SCHEMES, _srcset_urls, css_urls, resolve, scheme_of

BAD_SCHEMES = ("javascript", "data", "vbscript")
# attributes holding a URL, on any element
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "cite",
                  "longdesc", "manifest", "ping", "xlink:href", "imagesrcset", "lowsrc", "dynsrc", "codebase"}
# (element, attribute) pairs that make the browser fetch something as the page loads
RESOURCES = {("img", "src"), ("img", "srcset"), ("script", "src"), ("iframe", "src"), ("frame", "src"),
             ("embed", "src"), ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
             ("source", "src"), ("source", "srcset"), ("track", "src"), ("input", "src"), ("image", "href"),
             ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"), ("feimage", "href"),
             ("body", "background"), ("table", "background"), ("td", "background"), ("link", "imagesrcset"),
             ("input", "srcset"), ("a", "ping"), ("area", "ping")}  # a ping is posted on the click
# SVG elements whose href (or xlink:href) the browser fetches: a script, an image, a referenced document
SVG_FETCHING = {"script", "image", "use", "feimage", "cursor", "tref", "altglyph", "filter", "pattern",
                "lineargradient", "radialgradient", "textpath", "mpath"}
RESOURCES |= {(tag, name) for tag in SVG_FETCHING for name in ("href", "xlink:href")}
# <link rel=…> that fetch nothing, mere links: any other link type counts as a fetch, since browsers
# keep adding ones that do (Chromium's compression-dictionary fetches its href)
LINK_ONLY_RELS = {"alternate", "canonical", "author", "bookmark", "edit", "external", "help", "license", "me",
                  "next", "nofollow", "noopener", "noreferrer", "opener", "prev", "privacy-policy", "search",
                  "tag", "terms-of-service", "hreflang"}
# SVG animation elements: their values replace the attribute they animate (attributeName)
SVG_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
ANIMATION_VALUES = {"to", "from", "by", "values"}
# SVG presentation attributes that take a url() reference, which Chromium fetches from other documents
SVG_URL_PROPERTIES = {"fill", "stroke", "filter", "mask", "clip-path", "marker-start", "marker-mid", "marker-end",
                      "marker", "cursor"}
# http-equiv=refresh content: "5; url=…", "5, url = '…'", "0; …"; a quoted URL ends at its closing
# quote or, unclosed, at the end (the HTML standard's shared declarative refresh steps)
REFRESH = re.compile(r"""^\s*[0-9.]*\s*[;,]?\s*(?:url\s*=\s*)?(?:(['"])(.*?)(?:\1|\Z)|(.*))""", re.I | re.S)
MAX_SRCDOC_DEPTH = 5


@dataclass(frozen=True, order=True)
class Finding:
    file: str  # relative to the site folder
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


class _Page:
    """Collects what one HTML document (at the address ``base``) loads and links: ``found`` lists
    the findings, ``css`` the style sheets and ``style`` attributes to read for URLs.

    The document is parsed by Lexbor (selectolax), an HTML5 parser: the tree is the one a browser
    builds (duplicate attributes keep the first, SVG elements and attributes as a browser names
    them, the same error recovery), so what the audit reads is what a reader's browser would.
    ``document``: a page of its own (not a ``srcdoc``, template or ``<noscript>`` inside one),
    which must carry the site's Content-Security-Policy before anything it loads or runs."""

    def __init__(self, base: str, depth: int = 0, document: bool = False) -> None:
        self.base, self.depth = base, depth
        self.found: list[str] = []
        self.css: list[str] = []
        self.policy: str | None = "" if document else None  # "" until the policy is seen, "seen" after
        self.early: str = ""  # the first element that came before the policy

    def feed(self, html: str) -> None:
        # scripting on, as in a reader's browser: <noscript> is then raw text, not markup
        self._walk(LexborHTMLParser(html, scripting=True).root)
        if self.policy == "":
            self.found.append("no Content-Security-Policy <meta http-equiv> in <head>: every page must carry the "
                              "site's policy (overrides/partials/csp.html), before anything it loads or runs")

    def _walk(self, root) -> None:  # noqa: ANN001 - a selectolax node
        for node in root.traverse():
            tag, attributes = (node.tag or "").lower(), node.attributes
            attrs = [(name.lower(), value) for name, value in attributes.items()]
            if self.policy is not None:
                self._policy(tag, dict(attrs), node)
            if attrs or tag == "base":
                self._element(tag, attrs)
            if tag == "script":
                self._script(dict(attrs))
            elif tag == "style":
                self.css.append(node.text(deep=True))
            elif tag == "template":
                # a template's content (a declarative shadow root's too) is a fragment of its own,
                # parsed in a template's context (so a <td> in it stays a <td>), which the tree walk
                # does not enter: inert until a script clones it, audited here as if it had been
                for fragment in node.template_fragments():
                    self._nested(tag, fragment)
            elif tag == "noscript":
                # read with scripting on, its content is text; a reader with JavaScript off gets it
                # as markup, so it is audited as a document too
                self._nested(tag, node.text(deep=True))

    def _policy(self, tag: str, attrs: dict[str, str | None], node) -> None:  # noqa: ANN001
        if tag == "meta" and (attrs.get("http-equiv") or "").strip().lower() == "content-security-policy":
            if self.policy:
                return  # a second policy can only add restrictions
            self.policy = "seen"
            if (node.parent.tag if node.parent else "") != "head":
                self.found.append("Content-Security-Policy <meta> outside <head>: the browser ignores it there")
                return
            if (attrs.get("content") or "").strip() != POLICY:
                self.found.append(f"Content-Security-Policy differs from the site's (roadmap/audit_policy.py): "
                                  f"{(attrs.get('content') or '')[:200]!r}")
            if self.early:
                self.found.append(f"<{self.early}> before the Content-Security-Policy <meta>: the browser loads or "
                                  "runs it unchecked")
        elif not self.policy and not self.early and tag not in ("html", "head", "title", "meta"):
            self.early = tag
        elif not self.policy and not self.early and tag == "meta" and attrs.get("http-equiv") is not None:
            self.early = "meta http-equiv"

    def _script(self, attrs: dict[str, str | None]) -> None:
        """A script runs only from one of the site's script files; inline, only JSON data."""
        src = next((attrs[name] for name in ("src", "href", "xlink:href") if attrs.get(name) is not None), None)
        if src is None:
            if not script_type_is_data(attrs.get("type")):
                self.found.append("inline <script>: a page may hold JSON data (type=application/json or "
                                  "application/ld+json), never code: put code in a script file of the project")
            return
        if scheme_of(src) in BAD_SCHEMES or external(src, self.base):
            return  # a finding already
        name = _site_path(src, self.base)
        if name is None or not _CONTEXT.rules.allowed(_CONTEXT.site, name):
            self.found.append(f"<script> loading a file that is not one of the site's scripts: {src[:120]!r} "
                              "(the theme's, mkdocs.yml extra_javascript, roadmap/audit_policy.py TEMPLATE_SCRIPTS)")

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rels, refresh, animated = set(), False, ""
        for name, value in attrs:
            if name == "rel" and value:
                rels = set(value.lower().split())
            if name == "http-equiv" and (value or "").strip().lower() == "refresh":
                refresh = True
            if name == "attributename" and tag in SVG_ANIMATIONS:
                animated = (value or "").strip().lower()
        values = dict(attrs)
        self.found += theme_fetches(tag, {k: v or "" for k, v in values.items()},
                                    bool(values.get("href")) and external(values.get("href") or "", self.base))
        if tag == "base":  # it would move every relative URL of the page, wherever it points
            self.found.append(f"<base> element (it changes where every relative URL of the page goes): {dict(attrs).get('href')!r:.120}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"inline event handler {name}= on <{tag}>")
                continue
            if name == "data-pagefind-filter" and names_part_filter(value):
                self.found.append(f"data-pagefind-filter {value[:60]!r} on <{tag}>: the filter `part` is the build's own "
                                  "(roadmap/search.py: which part of a language's search index holds the page); name "
                                  "another filter or remove it")
            if name == "style":
                self.css.append(value)
            if name == "srcdoc":  # a whole document, its character references already undone
                self._nested(f"{tag} srcdoc", value)
            if tag == "meta" and name == "content" and (refresh or "url" in value.lower()):
                match = REFRESH.match(value)
                url = match.group(2) if match and match.group(1) else match.group(3) if match else ""
                if url and url.strip():
                    self._url(tag, "content", url, resource=refresh)
            if tag in SVG_ANIMATIONS and name in ANIMATION_VALUES:
                self.css.append(value)  # an animated fill, clip-path… takes url() references
                if animated in ("href", "xlink:href"):
                    for url in (value.split(";") if name == "values" else [value]):
                        self._url(tag, name, url, resource=True)
            if name in SVG_URL_PROPERTIES:
                self.css.append(value)
            if name not in URL_ATTRIBUTES:
                continue
            urls = _srcset_urls(value) if name.endswith("srcset") else [value]
            # a background attribute loads an image on any element Chromium knows it for (body,
            # table, its sections, rows and cells): counted on every element
            resource = ((tag, name) in RESOURCES or name == "background"
                        or (tag == "link" and name == "href" and not rels <= LINK_ONLY_RELS))
            for url in urls:
                self._url(tag, name, url, resource)

    def _nested(self, where: str, html) -> None:  # noqa: ANN001 - markup, or a parsed template fragment
        if self.depth >= MAX_SRCDOC_DEPTH:
            self.found.append(f"<{where}> nested more than {MAX_SRCDOC_DEPTH} deep")
            return
        inner = _Page(self.base, self.depth + 1)
        if isinstance(html, str):
            inner.feed(html)
        else:
            inner._walk(html)
        self.found += [f"in <{where}>: {found}" for found in inner.findings()]

    def findings(self) -> Iterator[str]:
        """What was found in the markup, then in its style sheets and ``style`` attributes."""
        yield from self.found
        for css in self.css:
            yield from _css_findings(css, self.base)

    def _url(self, tag: str, name: str, url: str, resource: bool) -> None:
        scheme = scheme_of(url)
        if scheme in BAD_SCHEMES:
            self.found.append(f"{scheme}: URL in <{tag} {name}>: {url[:80]!r}")
        elif resource and external(url, self.base):
            self.found.append(f"resource from another host in <{tag} {name}>: {url[:120]!r}")


PLACEHOLDER_SITE = "https://site.invalid/"  # the page addresses when mkdocs.yml names no site_url


@dataclass
class _Context:
    """What every file of one audit is read against (sent to each worker process)."""

    hosts: set[str] = field(default_factory=set)  # the site's own host
    root: str = PLACEHOLDER_SITE  # the site's published address
    site: Path = Path("site")
    rules: ScriptRules = field(default_factory=ScriptRules)


_CONTEXT = _Context()


def _site_path(url: str, base: str) -> str | None:
    """The file of the site a same-host ``url`` (on the page at ``base``) names, or ``None``."""
    path, root = urlsplit(resolve(url, base)).path, urlsplit(_CONTEXT.root).path
    return unquote(path[len(root):]) if path.startswith(root) else None


def external(url: str, base: str = PLACEHOLDER_SITE) -> bool:
    """Whether ``url``, on the page at ``base``, points at another host than the site's own
    (resolved as a browser does: :func:`resolve`)."""
    resolved = resolve(url, base)
    if scheme_of(resolved) not in SPECIAL_SCHEMES:
        return False  # mailto:, tel:, about:… fetch nothing from a host
    try:
        host = (urlsplit(resolved).hostname or "").lower()
    except ValueError:
        return True
    return host not in _CONTEXT.hosts


def _css_findings(css: str, base: str = PLACEHOLDER_SITE) -> Iterator[str]:
    for url in css_urls(css):
        if scheme_of(url) in ("javascript", "vbscript"):
            yield f"{scheme_of(url)}: URL in CSS: {url[:80]!r}"
        elif external(url, base):
            yield f"resource from another host in CSS: {url[:120]!r}"


def _text(path: Path) -> str:
    """The file's text as a browser decodes a page or a style sheet served as UTF-8: a byte order
    mark outranks the server's charset (so a UTF-16 page is read as UTF-16)."""
    data = path.read_bytes()
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


# A page's budget (MAINTAINERS.md, "Trust"): the largest page at 5,000 objectives, the most the
# build is measured at, is 3.1 MB (the objectives index); five common-word glossary terms with long
# definitions made a 12.7 MB home page. Past this, a page is a finding.
MAX_PAGE_BYTES = 5 * 2**20


def _html(path: Path, base: str) -> Iterator[str]:
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        yield (f"the page is {size / 2**20:.1f} MB, past the {MAX_PAGE_BYTES // 2**20} MB a page may weigh "
               "(a glossary term with a long definition is repeated wherever the term appears)")
    page = _Page(base, document=True)
    text = _text(path)
    page.feed(text)
    yield from page.findings()
    hidden = raw_part_filter(text) if "pagefind-filter" in text.lower() else None
    if hidden is not None and not any(found.startswith("data-pagefind-filter ") for found in page.found):
        yield (f"data-pagefind-filter {hidden[:60]!r} in markup the browser drops or reads as text (a <tr> outside a "
               "table, a nested <form>, a <textarea>'s text…): Pagefind reads tags without building the page and would "
               "still set the filter `part`, the build's own (roadmap/search.py); remove it")


def _xml(path: Path, base: str, data: bytes | None = None) -> Iterator[str]:
    """A feed, sitemap, SVG image or XHTML page: well-formed XML (expat, which expands the
    document's own entities as a browser's XML parser does), then every element audited as an HTML
    element of its local name would be (a browser opening an SVG or XHTML file, or any XML file
    with XHTML elements in it, runs its handlers and loads its resources) and every
    ``<?xml-stylesheet?>`` as a style sheet it loads."""
    parser = ET.XMLPullParser(events=("end", "pi"))
    try:
        parser.feed(path.read_bytes() if data is None else data)
        parser.close()
    except ET.ParseError as exc:
        yield f"not well-formed XML ({exc})"
        return
    page = _Page(base)
    for _, element in parser.read_events():
        if element.tag is ET.ProcessingInstruction:
            target, _, data = (element.text or "").partition(" ")
            href = re.search(r"""\bhref\s*=\s*(['"])(.*?)\1""", data, re.S)
            if target == "xml-stylesheet" and href:
                page._url("?xml-stylesheet", "href", href.group(2), resource=True)
        elif isinstance(element.tag, str):
            tag = element.tag.rpartition("}")[2].lower()
            page._element(tag, [(XML_NAMES.get(name, name.rpartition("}")[2]).lower(), value)
                                for name, value in element.attrib.items()])
            if tag == "style":
                page.css.append("".join(element.itertext()))
            elif tag == "script":  # an SVG or XHTML file opened by itself runs it, with no policy
                page.found.append("<script> in an SVG or XML document: a browser opening the file runs it")
    yield from page.findings()


MAX_SVGZ = 10 * 2**20  # bytes of SVG a compressed image may unpack to (a gzip bomb stops there)


def _svgz(path: Path, base: str) -> Iterator[str]:
    """A compressed SVG image, audited as the SVG a browser unpacks."""
    try:
        with gzip.open(path) as unpacked:
            data = unpacked.read(MAX_SVGZ + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield f"not a gzip-compressed SVG ({exc})"
        return
    if len(data) > MAX_SVGZ:
        yield f"unpacks to more than {MAX_SVGZ // 2**20} MB of SVG"
        return
    yield from _xml(path, base, data)


def _script_file(path: Path, base: str) -> Iterator[str]:
    name = path.relative_to(_CONTEXT.site).as_posix()
    if not _CONTEXT.rules.allowed(_CONTEXT.site, name):
        yield ("a script file that is not one of the site's scripts (the theme's own, byte for byte; "
               "mkdocs.yml extra_javascript; roadmap/audit_policy.py TEMPLATE_SCRIPTS; Pagefind's)")


XML_NAMES = {"{http://www.w3.org/1999/xlink}href": "xlink:href"}
XML_DOCUMENTS = (".xml", ".svg", ".xhtml", ".xht", ".xsl", ".xslt", ".xsd", ".rng", ".rdf", ".rss", ".atom", ".mml",
                 ".kml", ".gpx", ".opml", ".xlf", ".xliff", ".wsdl")


# every file a browser would open as a document (GitHub Pages serves .shtml as HTML, .xhtml and
# .xht as XHTML, .svg, .svgz, .xsl, .xsd, .rng and the other XML types below as XML) is audited,
# not only the pages the build writes; every script file is one the site knows
CHECKS = {".html": _html, ".htm": _html, ".shtml": _html, ".svgz": _svgz, **dict.fromkeys(XML_DOCUMENTS, _xml),
          **dict.fromkeys(SCRIPT_SUFFIXES, _script_file), ".json": lambda p, base: _json(p),
          ".csv": lambda p, base: _csv(p), ".css": lambda p, base: _css_findings(_text(p), base)}


# From this many files on, the audit splits them among processes (one per core, at most 4): at
# 1,000 objectives (4,300 files) it is a fifth of the build, all of it after the languages join.
PARALLEL_FROM = 500


def audit(site: Path, site_url: str = "", workers: int | None = None, scripts: ScriptRules | None = None, cache: bool = False) -> list[Finding]:
    """Every finding in the built ``site`` folder, sorted by file. ``site_url`` (the published
    address, from mkdocs.yml) names the one host resources may come from; ``scripts``, the script
    files pages may load (default: as this project's ``mkdocs.yml`` says). ``workers``: processes
    to share the files among (default: one per available core, at most 4, from
    ``PARALLEL_FROM`` files on; the findings are the same either way). Raises nothing for a
    malformed file (that is a finding); ``FileNotFoundError`` if ``site`` does not exist."""
    if not site.is_dir():
        raise FileNotFoundError(f"{site}: no built site here (run make build)")
    root = site_url if urlsplit(site_url).hostname else PLACEHOLDER_SITE
    root = root if root.endswith("/") else root + "/"
    scripts = scripts or script_rules_of(Path(__file__).resolve().parent.parent / "mkdocs.yml")
    context = _Context({(urlsplit(root).hostname or "").lower()}, root, site, scripts)
    _set_context(context)
    files = [path.relative_to(site).as_posix() for path in sorted(site.rglob("*"))
             if path.suffix.lower() in CHECKS and path.is_file()]
    # each file at its own published address, so relative URLs resolve as a reader's browser resolves them
    jobs = [(site, name, urljoin(root, quote(name))) for name in files]
    results, todo, verdicts = audit_cache.split(jobs, context, SCRIPT_SUFFIXES, cache)  # ``cache``: files seen before not read
    if workers is None:
        workers = min(len(os.sched_getaffinity(0)), 4) if len(todo) >= PARALLEL_FROM else 1
    if workers > 1 and len(todo) > 1:
        # Fresh interpreters, not forks of the build: a fork would start with the build's whole
        # memory (370 MB at 5,000 objectives) resident again. Many small chunks: a few files (the
        # JSON downloads) take longest.
        with multiprocessing.get_context("spawn").Pool(workers, initializer=_set_context,
                                                       initargs=(context,)) as pool:
            done = pool.starmap(_check_file, todo, chunksize=max(1, len(todo) // (workers * 16)))
    else:
        done = [_check_file(*job) for job in todo]
    verdicts.remember(todo, done, results)
    return [Finding(name, message) for (_, name, _) in jobs for message in results[name]]


def _set_context(context: _Context) -> None:
    global _CONTEXT
    _CONTEXT = context


def _check_file(site: Path, name: str, base: str) -> list[str]:
    path = site / name
    return list(CHECKS[path.suffix.lower()](path, base))


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
    if not args.site.is_dir():
        print(f"✗ site audit: {args.site} is not a folder of a built site: run `make build` first, or name the folder",
              file=sys.stderr)
        return 2
    try:
        site_url = site_url_of(args.config_file)
    except OSError as exc:
        print(f"✗ site audit: cannot read {args.config_file} ({exc.strerror}): name the site's mkdocs.yml with -f", file=sys.stderr)
        return 2
    findings = audit(args.site, site_url, scripts=script_rules_of(args.config_file))
    where = audit_sources.project_locator(args.config_file.parent) if findings and args.format == "github" else None
    for finding in findings:
        print(audit_sources.annotation(finding.file, finding.message, args.site, where, args.config_file.parent)
              if where else f"{args.site}/{finding}")
    if findings:
        print(f"✗ site audit: {len(findings)} finding(s) in {args.site}; fix what produced them", file=sys.stderr)
        return 1
    print(f"✓ site audit: {args.site} has no unsafe URL, event handler or third-party resource; feeds and downloads are valid",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
