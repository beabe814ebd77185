"""Languages: the switcher leads to the same page in the other language on every page kind, the
page says its language, links its alternates, and an untranslated text carries a notice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser

from roadmap.render_text import label

from ..conftest import copy_project, mkdocs_build
from .conftest import KINDS, LANGS, SITE_PATH, OpenPage, lang_path
from .server import SiteServer

pytestmark = pytest.mark.browser

OTHER = {"es": "en", "en": "es"}


@pytest.mark.parametrize("kind", KINDS)
def test_the_switcher_leads_to_the_same_page_in_the_other_language(open_page: OpenPage, kind: str) -> None:
    for lang in LANGS:
        visit = open_page(lang_path(lang, KINDS[kind]))
        page = visit.page
        assert page.evaluate("document.documentElement.lang") == lang
        page.hover(".md-select")  # the menu opens on hover (and on focus, see the keyboard test)
        with page.expect_navigation() as navigation:
            page.click(f".md-select__link[hreflang={OTHER[lang]}]")
        assert page.evaluate("location.pathname") == SITE_PATH + lang_path(OTHER[lang], KINDS[kind])
        assert page.evaluate("document.documentElement.lang") == OTHER[lang]
        assert navigation.value and navigation.value.status == (404 if kind == "404" else 200)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind != "404"])
def test_each_page_links_both_versions_and_a_default(open_page: OpenPage, kind: str) -> None:
    for lang in LANGS:
        page = open_page(lang_path(lang, KINDS[kind])).page
        alternates = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
            'link[rel=alternate][hreflang]')].map(link => [link.hreflang, new URL(link.href).pathname]))""")
        assert alternates == {"es": SITE_PATH + KINDS[kind], "en": SITE_PATH + "en/" + KINDS[kind],
                              "x-default": SITE_PATH + KINDS[kind]}, alternates


# --------------------------------------------------------------------------- an untranslated text


@pytest.fixture(scope="module")
def untranslated(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[tuple[SiteServer, str]]:
    """A copy of the site where one objective has no English title or summary yet."""
    project = copy_project(tmp_path_factory.mktemp("untranslated") / "project")
    data_file = project / "data" / "objectives.yml"
    data = yaml.safe_load(data_file.read_text(encoding="utf-8"))
    data.setdefault("settings", {})["missing_translations"] = "warning"
    objective = data["objectives"][0]
    for field in ("title", "summary"):
        del objective[field]["en"]
    data_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    with SiteServer(site, SITE_PATH) as running:
        yield running, objective["id"]


def test_a_reader_of_an_untranslated_text_sees_the_notice(untranslated: tuple[SiteServer, str], browser: Browser) -> None:
    running, key = untranslated
    context = browser.new_context()
    page = context.new_page()
    page.goto(running.url(f"en/objetivos/{key}/"))
    notice = page.locator(".translation-pending__notice, .translation-pending__badge").first
    assert notice.is_visible()
    assert label("translation_pending", "en") in notice.inner_text().lower()
    assert notice.evaluate("el => el.closest('[lang]').lang") == "en"
    # the Spanish text shown meanwhile says it is Spanish, for screen readers and translators
    assert page.locator("h1 [lang=es]").count() == 1
    context.close()
