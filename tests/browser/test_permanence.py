"""Statuses that depend on today stay true without a rebuild (issue #19): a reader's browser whose
clock is past a milestone's day relabels it overdue, by the site's one rule (its day has ended in
Mexico City), and recounts the overdue ones; without JavaScript the built text stands. And the
"cite this page" block is there in both languages, its BibTeX with the theme's copy button."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from .conftest import DATA, DESKTOP, lang_path, screenshot
from .server import SiteServer

pytestmark = pytest.mark.browser

UTC = dt.timezone.utc
WORDS = {"es": ("Vencido", "Próximo"), "en": ("Overdue", "Upcoming")}


@pytest.fixture
def at_time(browser: Browser, full_server: SiteServer) -> Iterator:  # type: ignore[type-arg]
    """``at_time(path, when, js=True)`` → a page of the 100-objective site (it has pending
    milestones; the real data has none yet) opened in a browser whose clock reads ``when``."""
    contexts = []

    def open_(path: str, when: dt.datetime | None, js: bool = True) -> Page:
        context = browser.new_context(viewport=DESKTOP, java_script_enabled=js, reduced_motion="reduce")
        contexts.append(context)
        page = context.new_page()
        if when is not None:
            page.clock.set_fixed_time(when)
        page.goto(full_server.url(path), wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()


def badges(page: Page) -> list[tuple[str, str]]:
    """(due day, shown word) of every pending milestone's badge."""
    return page.evaluate("() => [...document.querySelectorAll('[data-due]')].map(b => [b.dataset.due, b.textContent])")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_milestone_is_relabelled_overdue_once_the_readers_clock_is_past_its_day(at_time, lang: str) -> None:  # type: ignore[no-untyped-def]
    overdue, upcoming = WORDS[lang]
    built = badges(at_time(lang_path(lang, "progreso/"), None, js=False))
    assert len(built) > 10
    latest = max(due for due, _ in built)
    # the built text, for readers without JavaScript, has upcoming ones (the data runs into 2027)
    assert any(word == upcoming for _, word in built)
    # a reader years later: every pending milestone is overdue, and so says the count
    later = at_time(lang_path(lang, "progreso/"), dt.datetime(int(latest[:4]) + 1, 6, 1, tzinfo=UTC))
    assert {word for _, word in badges(later)} == {overdue}
    assert later.locator("[data-overdue-count]").inner_text() == str(len(built))
    assert later.locator(".milestone-badge--upcoming").count() == 0
    assert str(int(latest[:4]) + 1) in later.locator("[data-as-of]").first.inner_text()
    # a reader before any of them: none is
    earlier = at_time(lang_path(lang, "progreso/"), dt.datetime(2020, 1, 1, 12, tzinfo=UTC))
    assert {word for _, word in badges(earlier)} == {upcoming}
    assert earlier.locator("[data-overdue-count]").inner_text() == "0"


def test_the_day_ends_at_midnight_in_mexico_city_whatever_the_readers_zone(at_time) -> None:  # type: ignore[no-untyped-def]
    built = badges(at_time("progreso/", None, js=False))
    due = max(day for day, _ in built)
    after = dt.date.fromisoformat(due) + dt.timedelta(days=1)
    # 05:59 UTC on the next day is 23:59 of the due day in Mexico City (UTC-6): not yet overdue
    before_midnight = at_time("progreso/", dt.datetime(after.year, after.month, after.day, 5, 59, tzinfo=UTC))
    assert dict(badges(before_midnight))[due] == WORDS["es"][1]
    past_midnight = at_time("progreso/", dt.datetime(after.year, after.month, after.day, 6, 1, tzinfo=UTC))
    assert dict(badges(past_midnight))[due] == WORDS["es"][0]
    # the rule is stated where the statuses are
    assert "Ciudad de México" in past_midnight.locator(".due-rule").first.inner_text()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_objective_page_says_how_to_cite_it_with_a_copy_button(at_time, lang: str) -> None:  # type: ignore[no-untyped-def]
    key = next(iter(DATA.objectives))
    page = at_time(lang_path(lang, f"objetivos/{key}/"), None)
    heading = {"es": "Cómo citar esta página", "en": "How to cite this page"}[lang]
    assert page.get_by_role("heading", name=heading).count() == 1
    details = page.locator("details.cite-page__bibtex")
    details.locator("summary").click()
    assert details.locator("code").inner_text().startswith("@misc{")
    # the theme's copy button (Material: button.md-code__button, data-md-type="copy"), on both citations
    assert details.locator('button[data-md-type="copy"]').count() == 1
    assert page.locator('pre.cite-page__plain button[data-md-type="copy"]').count() == 1
    screenshot(page, f"record-cite-{lang}")
