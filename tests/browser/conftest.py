"""Browser tests: a real Chromium (Debian's, driven by Playwright) over the built site, served on
127.0.0.1 under the site_url's path as GitHub Pages serves it. One site build, one server and one
browser per session; tabs are kept between tests and cleared after each (issue #21: a fresh context
per page cost a renderer's start). Screenshots and reports go to artifacts/."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, Error as PlaywrightError, Page, Response, sync_playwright

from roadmap import model
from roadmap.project import DATA_FILE

from ..conftest import ROOT
from .server import SiteServer

SITE_URL: str = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nplugins:")[0])["site_url"]
SITE_PATH = urlsplit(SITE_URL).path  # /hoja-de-ruta/
ARTIFACTS = ROOT / "artifacts"
# Chromium's headless shell (Debian's chromium-headless-shell, scripts/ensure-chromium): the
# browser's own Blink and V8 without its windowing layer. Against `chromium --headless` (issue #21,
# every process's CPU by cpuacct): a page in a kept tab 0.19 s of CPU instead of 0.26 s, a new
# context 0.45 s instead of 1.45 s; the browser tests 491 s -> 323 s of CPU, every one passing.
# CHROMIUM may name another Chromium binary (the full browser runs them all too).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium-headless-shell")
# No SwiftShader (WebGL in software, which no page uses) and software compositing in the browser
# process: the accessibility module 57-58 s -> 54 s of CPU and 50 s -> 38 s of wall time, the
# browser tests 307 s -> 301 s of CPU (issue #21, cpuacct, every test passing either way).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-software-rasterizer", "--disable-gpu-compositing",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 740}
LANGS = ("es", "en")

DATA = model.load(DATA_FILE)
MISSING = "pagina-que-no-existe/"
# One page of each kind, by its path under a language's root. Generated pages come from the data,
# so these hold whatever the writers put in the hand-written ones.
KINDS: dict[str, str] = {
    "home": "",
    "hand-written": "hoja-de-ruta/",
    "objectives-index": "objetivos/",
    "objective": f"objetivos/{next(iter(DATA.objectives))}/",
    "country": f"paises/{next(iter(DATA.countries.values())).slug}/",
    "actor": f"actores/{next(iter(DATA.actors))}/",
    "dashboard": "progreso/",  # charts
    "404": MISSING,
}


def lang_path(lang: str, path: str) -> str:
    """A page's path under the site root: Spanish at the root, English under en/."""
    return ("en/" if lang == "en" else "") + path


@dataclass
class Visit:
    """An open page and every request it made, so a test can assert where the browser went."""

    page: Page
    response: Response | None
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # answered 4xx/5xx, the page itself aside
    errors: list[str] = field(default_factory=list)


OpenPage = Callable[..., Visit]


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[SiteServer]:
    with SiteServer(built_site, SITE_PATH) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/ensure-chromium (make test does) or set CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser: Browser, server: SiteServer, kept_tabs: dict[tuple, list[Tab]]) -> Iterator[OpenPage]:
    """``open_page("en/paises/cl/", viewport=MOBILE, scheme="dark")`` → a loaded :class:`Visit`, in
    a tab of its own for this test (each call a different tab), kept for later tests once the test
    is over and its storage, cookies and page cleared (:func:`_kept_opener`)."""
    yield from _kept_opener(browser, server, kept_tabs)


@pytest.fixture
def fresh_page(browser: Browser, server: SiteServer) -> Iterator[OpenPage]:
    """:func:`open_page` in a fresh browser context each time, its HTTP cache empty: for a test
    that counts the requests a page makes (a kept tab answers some from its cache)."""
    yield from _opener(browser, server)


Tab = tuple[Page, list[Visit]]  # a tab and its visits: its listeners record into the latest


def _new_tab(browser: Browser, viewport: dict[str, int], scheme: str, js: bool, media: str | None) -> Tab:
    context = browser.new_context(viewport=viewport, color_scheme=scheme,  # type: ignore[arg-type]
                                  java_script_enabled=js, reduced_motion="reduce")
    page = context.new_page()
    if media:
        page.emulate_media(media=media)  # type: ignore[arg-type]
    current: list[Visit] = []
    page.on("request", lambda request: current[-1].requests.append(request.url))
    page.on("pageerror", lambda error: current[-1].errors.append(str(error)))
    page.on("response", lambda response: current[-1].failed.append(response.url)
            if response.status >= 400 and not response.request.is_navigation_request() else None)
    return page, current


@pytest.fixture(scope="session")
def kept_tabs() -> Iterator[dict[tuple, list[Tab]]]:
    """:func:`open_page`'s tabs between tests, by their settings."""
    kept: dict[tuple, list[Tab]] = {}
    yield kept
    for tabs in kept.values():
        for page, _ in tabs:
            page.context.close()


def _kept_opener(browser: Browser, server: SiteServer, kept: dict[tuple, list[Tab]]) -> Iterator[OpenPage]:
    """A fresh context per page cost a renderer's start each time, about 1.2 s of CPU of the 1.6 s
    a page costs; the next address in the same tab, 0.4 s (issue #21). So the n-th page a test opens
    with given settings goes to the n-th kept tab of those settings: a test never has two pages in
    one tab. After the test each tab it used is cleared, as a new context would start: the site's
    local and session storage (by the page itself, on the site), its cookies and any other storage
    (Chromium's Storage.clearDataForOrigin), the mouse back at the corner and the tab on a blank
    page. A tab the test left off the site, or that fails to clear, is closed instead."""
    used: dict[tuple, int] = {}

    def open_(path: str, *, viewport: dict[str, int] = DESKTOP, scheme: str = "light", js: bool = True,
              media: str | None = None) -> Visit:
        key = (viewport["width"], viewport["height"], scheme, js, media)
        tabs = kept.setdefault(key, [])
        number = used[key] = used.get(key, 0) + 1
        if number > len(tabs):
            tabs.append(_new_tab(browser, viewport, scheme, js, media))
        page, current = tabs[number - 1]
        current[:] = [Visit(page, None)]
        current[0].response = page.goto(server.url(path), wait_until="load")
        return current[0]

    yield open_
    for key, count in used.items():
        for page, current in kept[key][:count]:
            if not _cleared(page, server):
                kept[key].remove((page, current))
                page.context.close()


def _cleared(page: Page, server: SiteServer) -> bool:
    try:
        if not page.url.startswith(server.origin + "/"):
            return False
        page.evaluate("() => { localStorage.clear(); sessionStorage.clear() }")
        page.mouse.move(0, 0)
        page.goto("about:blank")
        page.context.clear_cookies()
        session = page.context.new_cdp_session(page)
        session.send("Storage.clearDataForOrigin", {"origin": server.origin, "storageTypes": "all"})
        session.detach()
        return True
    except PlaywrightError:
        return False


@pytest.fixture(scope="session")
def tabs(browser: Browser) -> Iterator[dict[tuple, tuple[Page, list[Visit]]]]:
    """The session's shared tabs of :func:`view_page`, by their settings."""
    opened: dict[tuple, tuple[Page, list[Visit]]] = {}
    yield opened
    for page, _ in opened.values():
        page.context.close()


@pytest.fixture
def view_page(tabs: dict[tuple, tuple[Page, list[Visit]]], browser: Browser, server: SiteServer) -> OpenPage:
    """:func:`open_page` for tests that only look (evaluate, screenshot, axe): one tab per viewport,
    colour scheme, script setting and media, shared by the session and sent to each page. A fresh
    context per page starts a renderer with an empty cache: three times the time and twice the CPU
    (issue #21). A test that clicks, types or stores uses :func:`open_page`, one that counts requests :func:`fresh_page`."""
    def open_(path: str, *, viewport: dict[str, int] = DESKTOP, scheme: str = "light", js: bool = True,
              media: str | None = None) -> Visit:
        key = (viewport["width"], viewport["height"], scheme, js, media)
        if key not in tabs:
            tabs[key] = _new_tab(browser, viewport, scheme, js, media)
        page, current = tabs[key]
        current[:] = [Visit(page, None)]
        current[0].response = page.goto(server.url(path), wait_until="load")
        return current[0]
    return open_


# --- a fuller site (issue #10): the real data draws no chart yet (a sentence says each thin
# breakdown instead), so the charts are tested on the real site plus synthetic objectives.

@pytest.fixture(scope="session")
def full_server(full_site: Path) -> Iterator[SiteServer]:
    with SiteServer(full_site, SITE_PATH) as running:
        yield running


@pytest.fixture
def open_full_page(browser: Browser, full_server: SiteServer, kept_tabs: dict[tuple, list[Tab]]) -> Iterator[OpenPage]:
    """:func:`open_page` on the site with 100 objectives (the real ones and synthetic ones)."""
    yield from _kept_opener(browser, full_server, kept_tabs)


def _opener(browser: Browser, server: SiteServer) -> Iterator[OpenPage]:
    contexts = []

    def open_(path: str, *, viewport: dict[str, int] = DESKTOP, scheme: str = "light", js: bool = True,
              media: str | None = None) -> Visit:
        context = browser.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=js,  # type: ignore[arg-type]
                                      reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        if media:
            page.emulate_media(media=media)  # type: ignore[arg-type]
        visit = Visit(page, None)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        page.on("response", lambda response: visit.failed.append(response.url)
                if response.status >= 400 and not response.request.is_navigation_request() else None)
        visit.response = page.goto(server.url(path), wait_until="load")
        return visit

    yield open_
    for context in contexts:
        context.close()


# Full-page screenshots are for a person to look at; no test reads them. Each cost about a second of
# CPU (the whole page rastered and encoded): 90 per run, more than any test module's own work
# (issue #21). `make test SCREENSHOTS=1` takes them.
SCREENSHOTS = os.environ.get("SCREENSHOTS") == "1"


def screenshot(page: Page, name: str) -> None:
    """``artifacts/screenshots/<name>.png``, the whole page, when ``SCREENSHOTS=1``; else nothing."""
    if not SCREENSHOTS:
        return
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def write_report(name: str, data: Any) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- search


def search(page: Page, query: str) -> list[dict[str, Any]]:
    """Search with the theme's search box and return the results it lists: path, title and the
    words marked in them. The box sends a query on each key release: fill it, then release one key,
    so exactly one query runs (do not repeat the previous query: the box ignores an unchanged value)."""
    box = page.locator(".md-search__input")
    if not box.is_visible():  # on a phone the box opens from the header's search button
        page.locator("label.md-header__button[for=__search]").click()
    if not box.input_value():  # the box answers an empty query once ready: let that answer land first
        page.wait_for_function("""() => document.querySelector('.md-search-result__meta').textContent.trim()
            === JSON.parse(document.querySelector('#__config').textContent).translations['search.result.placeholder']""")
    page.evaluate("() => { document.querySelector('.md-search-result__meta').textContent = '' }")
    box.fill(query)
    box.press("End")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    return page.evaluate("""() => [...document.querySelectorAll(".md-search-result__item")].map(item => {
        const link = item.querySelector("a")
        return {href: new URL(link.href).pathname, title: link.querySelector("h1, h2").textContent.trim(),
                marks: [...item.querySelectorAll("mark")].map(m => m.textContent.toLowerCase())}
    })""")
