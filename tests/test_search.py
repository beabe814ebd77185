"""roadmap/search.py: one Pagefind index per language; side by side while the site is small, one
after the other past SIDE_BY_SIDE_UP_TO pages per language, since each Pagefind process holds
about 0.1 MB per page (issue #13: the build under 1 GB at 5,000 objectives)."""

from __future__ import annotations

import subprocess
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
    fake.write_text('#!/bin/sh\nwhile [ "$1" != "--force-language" ]; do '
                    '[ "$1" = "--output-path" ] && out=$2; shift; done\n'
                    'echo "start $2" >> "$LOG"; sleep 0.3; mkdir -p "$out"; echo "end $2" >> "$LOG"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    monkeypatch.setenv("LOG", str(log))
    monkeypatch.setattr(search, "SIDE_BY_SIDE_UP_TO", limit)
    stats = search.write_search(site_with(tmp_path, 3), ("es", "en"))
    events = log.read_text().split("\n")[:-1]
    assert sorted(e for e in events if e.startswith("start")) == ["start en", "start es"]
    running = most = 0
    for event in events:
        running += 1 if event.startswith("start") else -1
        most = max(most, running)
    assert most == most_at_once
    assert [(s.lang, s.pages) for s in stats] == [("es", 3), ("en", 3)]


def test_the_real_pagefind_binary_is_found() -> None:
    assert search.pagefind_binary().is_file()


def test_the_glob_matches_exactly_the_pages_of_one_language() -> None:
    every = ["404.html", "en/index.html", "en/x/index.html", "index.html", "x/index.html", "x/y/index.html",
             "mixed/index.html", "mixed/en-only/index.html"]
    spanish = ["index.html", "mixed/index.html", "x/index.html", "x/y/index.html"]
    assert search.page_glob(spanish, every) == "{index.html,mixed/index.html,x/**/*.html}"
    assert search.page_glob(["en/index.html", "en/x/index.html"], every) == "{en/**/*.html}"
    assert search.page_glob(["a{b}/index.html"], ["a{b}/index.html"]) is None  # mirrored instead
    assert search.page_glob([], every) is None


def test_indexing_in_place_writes_the_same_bundle_as_a_mirror(tmp_path: Path) -> None:
    """The real Pagefind: one language chosen by a glob in the site folder gives the same bytes
    as that language's pages alone in a folder of their own (how it was indexed before)."""
    site = site_with(tmp_path, 3)
    (site / "404.html").write_text('<!doctype html><html lang="es"><title>404</title><body>perdida</body></html>')
    (site / "x").mkdir()
    (site / "x" / "index.html").write_text('<!doctype html><html lang="en"><title>x</title><body><main>stray</main></body></html>')
    pages = search.pages_by_language(site, ("es", "en"))
    assert pages["es"] == ["p0/index.html", "p1/index.html", "p2/index.html"] and "x/index.html" in pages["en"]
    search.write_search(site, ("es", "en"))
    mirror = tmp_path / "mirror"
    for rel in pages["es"]:
        (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
        (mirror / rel).write_bytes((site / rel).read_bytes())
    subprocess.run([str(search.pagefind_binary()), "--site", str(mirror), "--output-path", str(tmp_path / "alone"),
                    "--force-language", "es", "--silent",
                    *[arg for selector in search.EXCLUDE for arg in ("--exclude-selectors", selector)]], check=True)
    for name in search.UNUSED:
        (tmp_path / "alone" / name).unlink(missing_ok=True)
    files = {p.relative_to(tmp_path / "alone").as_posix(): p.read_bytes() for p in (tmp_path / "alone").rglob("*") if p.is_file()}
    built = {p.relative_to(site / "pagefind" / "es").as_posix(): p.read_bytes() for p in (site / "pagefind" / "es").rglob("*") if p.is_file()}
    assert built == files and len(files) > 3


def fragments(bundle: Path) -> dict[str, bytes]:
    """A bundle's pages as Pagefind stores them (each fragment, by its URL): their text, headings,
    anchors and metadata."""
    import gzip
    import json

    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        found[json.loads(data[data.index(b"{"):])["url"]] = data
    return found


def test_indexing_from_memory_stores_the_same_pages_as_indexing_the_files(tmp_path: Path) -> None:
    """Issue #21: each page's article, cut from its HTML (search_document), through Pagefind's
    service, gives the very fragments Pagefind makes of the whole built pages; a page left out of
    search (no data-pagefind-body) gives no document; the order the pages come in changes nothing."""
    site = tmp_path / "site"
    pages = {
        "p/index.html": '<h1 id="t">Exportación</h1><p>Las <abbr title="x">MIPYMES</abbr> exportan.</p><table><thead><tr><th>Objetivo</th></tr></thead></table>',
        "q/index.html": '<h1>Otra</h1><h2 id="s">Sección <a class="headerlink" href="#s">¶</a></h2><p>Crédito</p>',
    }
    for rel, article in pages.items():
        (site / rel).parent.mkdir(parents=True)
        (site / rel).write_text(f'<!doctype html><html lang="es"><head><title>x</title></head><body><nav>menú</nav>'
                                f'<article class="md-content__inner md-typeset"><div class="roadmap-page" data-pagefind-body>'
                                f'{article}</div>\n</article><footer>pie</footer></body></html>', encoding="utf-8")
    (site / "r").mkdir()
    (site / "r" / "index.html").write_text('<!doctype html><html lang="es"><body><article>fuera</article></body></html>')
    search.write_search(site, ("es",))
    documents = {rel: doc for rel in sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
                 if (doc := search.search_document((site / rel).read_text(encoding="utf-8"), "es"))}
    assert sorted(documents) == ["p/index.html", "q/index.html"]
    stats = search.index_documents(documents, "es", tmp_path / "memory")
    assert stats.pages == 2 and stats.bytes > 0
    assert fragments(tmp_path / "memory") == fragments(site / "pagefind" / "es") and len(fragments(site / "pagefind" / "es")) == 2
    search.index_documents(dict(reversed(documents.items())), "es", tmp_path / "reversed")
    bundle = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert bundle(tmp_path / "reversed") == bundle(tmp_path / "memory")
    assert not any((tmp_path / "memory" / name).exists() for name in search.UNUSED)


@pytest.mark.build
def test_every_page_marked_for_search_is_in_its_languages_index(built_site: Path) -> None:
    """The documents Pagefind gets are cut from each page's HTML (search_document): every page the
    theme marks data-pagefind-body, whatever its other attributes, is indexed, and no other."""
    import json

    for lang, prefix in (("es", ""), ("en", "en/")):
        pages = search.pages_by_language(built_site, ("es", "en"))[lang]
        marked = [rel for rel in pages if "data-pagefind-body" in (built_site / rel).read_text(encoding="utf-8")]
        entry = json.loads((built_site / "pagefind" / lang / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"][lang]["page_count"] == len(marked) > 10, (lang, len(marked))
