"""roadmap/search.py: one Pagefind index per language, from each page's article; in parts past
PART_PAGES pages, since a Pagefind process holds about 0.15 MB per page it indexes (issues #13
and #21: the build under 1 GB at 5,000 objectives)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from roadmap import search


def marked_site(tmp_path: Path, pages_per_language: int) -> Path:
    """A site of ``pages_per_language`` pages in each language, marked for search as the theme marks them."""
    site = tmp_path / "site"
    for lang, prefix in (("es", ""), ("en", "en/")):
        for i in range(pages_per_language):
            page = site / f"{prefix}p{i}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f'<!doctype html><html lang="{lang}"><head><title>{i}</title></head><body><nav>menú</nav>'
                            f'<article><div class="roadmap-page" data-pagefind-body><h1>Página {i}</h1><p>palabra{i} común</p>'
                            f'</div>\n</article></body></html>', encoding="utf-8")
    return site


def entry_pages(bundle: Path, lang: str) -> int:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"][lang]["page_count"]


def test_a_large_language_is_indexed_in_parts_that_together_hold_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #21: past PART_PAGES pages a language's index is written in parts, one Pagefind at a
    time, so its memory is bounded by a part; the first part lists the others for the search
    worker, which merges them (tests/browser/test_search.py searches such a site)."""
    site = marked_site(tmp_path, 5)
    monkeypatch.setattr(search, "PART_PAGES", 2)
    stats = search.write_search(site, ("es", "en"))
    assert [(s.lang, s.pages, s.parts) for s in stats] == [("es", 5, 3), ("en", 5, 3)]
    bundle = site / "pagefind" / "es"
    assert json.loads((bundle / search.PARTS_FILE).read_text(encoding="utf-8")) == {"merge": ["part-2/", "part-3/"]}
    assert [entry_pages(bundle, "es"), entry_pages(bundle / "part-2", "es"), entry_pages(bundle / "part-3", "es")] == [2, 2, 1]
    every = {**fragments(bundle), **fragments(bundle / "part-2"), **fragments(bundle / "part-3")}
    assert sorted(every) == [f"/p{i}/" for i in range(5)]
    # the engine is the first part's: a part holds only its index
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*"))
    assert not list((bundle / "part-2").glob("*.js")) and not list((bundle / "part-2").glob("wasm.*"))
    # written again smaller, no part of the last bundle is left behind
    monkeypatch.setattr(search, "PART_PAGES", 5)
    assert [s.parts for s in search.write_search(site, ("es", "en"))] == [1, 1]
    assert not (bundle / "part-2").exists() and json.loads((bundle / search.PARTS_FILE).read_text(encoding="utf-8")) == {"merge": []}


def test_the_real_pagefind_binary_is_found() -> None:
    assert search.pagefind_binary().is_file()


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
    service, gives the very fragments Pagefind's command line makes of the whole built pages; a page left out of
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
    # the reference: Pagefind's own command line, reading the whole pages from their files
    subprocess.run([str(search.pagefind_binary()), "--site", str(site), "--output-path", str(tmp_path / "cli"),
                    "--force-language", "es", "--silent",
                    *[arg for selector in search.EXCLUDE for arg in ("--exclude-selectors", selector)]], check=True)
    documents = {rel: doc for rel in sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
                 if (doc := search.search_document((site / rel).read_text(encoding="utf-8"), "es"))}
    assert sorted(documents) == ["p/index.html", "q/index.html"]
    stats = search.index_documents(documents, "es", tmp_path / "memory")
    assert stats.pages == 2 and stats.bytes > 0
    assert fragments(tmp_path / "memory") == fragments(tmp_path / "cli") and len(fragments(tmp_path / "cli")) == 2
    # and read back from the built files, as a large site is indexed
    assert [s.pages for s in search.write_search(site, ("es",))] == [2]
    assert fragments(site / "pagefind" / "es") == fragments(tmp_path / "cli")
    search.index_documents(dict(reversed(documents.items())), "es", tmp_path / "reversed")
    bundle = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert bundle(tmp_path / "reversed") == bundle(tmp_path / "memory")
    assert not any((tmp_path / "memory" / name).exists() for name in search.UNUSED)


@pytest.mark.build
def test_every_page_marked_for_search_is_in_its_languages_index(built_site: Path) -> None:
    """The documents Pagefind gets are cut from each page's HTML (search_document): every page the
    theme marks data-pagefind-body, whatever its other attributes, is indexed, and no other."""
    for lang, prefix in (("es", ""), ("en", "en/")):
        pages = search.pages_by_language(built_site, ("es", "en"))[lang]
        marked = [rel for rel in pages if "data-pagefind-body" in (built_site / rel).read_text(encoding="utf-8")]
        entry = json.loads((built_site / "pagefind" / lang / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"][lang]["page_count"] == len(marked) > 10, (lang, len(marked))
