"""roadmap/search.py: one Pagefind index per language; side by side while the site is small, one
after the other past SIDE_BY_SIDE_UP_TO pages per language, since each Pagefind process holds
about 0.1 MB per page (issue #13: the build under 1 GB at 5,000 objectives)."""

from __future__ import annotations

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
    # a stand-in for the Pagefind binary (PAGEFIND_BINARY_PATH, which Pagefind's own Python
    # package honours too): it logs when it starts and ends, and takes long enough for the other
    # language to start meanwhile, if it may
    log = tmp_path / "log"
    fake = tmp_path / "pagefind"
    fake.write_text('#!/bin/sh\nwhile [ "$1" != "--force-language" ]; do [ "$1" = "--site" ] && site=$2; '
                    '[ "$1" = "--output-path" ] && out=$2; shift; done\n'
                    'echo "start $2 $(find "$site" -name index.html | wc -l)" >> "$LOG"; sleep 0.3; mkdir -p "$out"; echo "end $2" >> "$LOG"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    monkeypatch.setenv("LOG", str(log))
    monkeypatch.setattr(search, "SIDE_BY_SIDE_UP_TO", limit)
    stats = search.write_search(site_with(tmp_path, 3), ("es", "en"))
    events = log.read_text().split("\n")[:-1]
    assert sorted(e for e in events if e.startswith("start")) == ["start en 3", "start es 3"]
    running = most = 0
    for event in events:
        running += 1 if event.startswith("start") else -1
        most = max(most, running)
    assert most == most_at_once
    assert [(s.lang, s.pages) for s in stats] == [("es", 3), ("en", 3)]


def test_the_real_pagefind_binary_is_found() -> None:
    assert search.pagefind_binary().is_file()
