"""roadmap/search.py: one Pagefind index per language; side by side while the site is small, one
after the other past SIDE_BY_SIDE_UP_TO pages per language, since each Pagefind process holds
about 0.1 MB per page (issue #13: the build under 1 GB at 5,000 objectives)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from roadmap import search


def site_with(tmp_path: Path, pages_per_language: int) -> Path:
    site = tmp_path / "site"
    for lang, prefix in (("es", ""), ("en", "en/")):
        for i in range(pages_per_language):
            page = site / f"{prefix}p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f'<!doctype html><html lang="{lang}"><head><title>{i}</title></head><body><main>{i}</main></body></html>')
    return site


@pytest.mark.parametrize("limit,most_at_once", [(3, 2), (2, 1)])
def test_languages_are_indexed_side_by_side_only_while_the_site_is_small(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, most_at_once: int) -> None:
    running, seen, lock = [0], [], threading.Lock()

    def index(site_dir: Path, lang: str, pages: list[str], out: Path) -> None:
        with lock:
            running[0] += 1
            seen.append((lang, len(pages), running[0]))
        time.sleep(0.3)  # long enough for the other language to start, if it may
        out.mkdir(parents=True)
        with lock:
            running[0] -= 1

    monkeypatch.setattr(search, "_index", index)
    monkeypatch.setattr(search, "SIDE_BY_SIDE_UP_TO", limit)
    stats = search.write_search(site_with(tmp_path, 3), ("es", "en"))
    assert sorted((lang, pages) for lang, pages, _ in seen) == [("en", 3), ("es", 3)]
    assert max(at_once for _, _, at_once in seen) == most_at_once
    assert [(s.lang, s.pages) for s in stats] == [("es", 3), ("en", 3)]
