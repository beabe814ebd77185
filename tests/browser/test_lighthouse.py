"""Lighthouse (npm `lighthouse`, pinned in package-lock.json, driving Debian's Chromium) gives
accessibility, best practices and SEO 100 on every page kind in both languages, served as GitHub
Pages serves the site (under /hoja-de-ruta/, gzipped). Performance is measured on each page kind in
Spanish (tests/browser/lighthouse_runs.py, ``PERFORMANCE_LANG``) and reported with every page's
transfer size in artifacts/lighthouse.json; it is not a pass mark (shared machine).

Lighthouse audits no error response: the 404 page is served here with a 200 status, as GitHub
Pages serves /404.html itself; the same bytes answer every missing URL with a 404."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import once_per_session, real_site
from .conftest import KINDS, LANGS, lang_path, write_report
from .lighthouse_runs import LIGHTHOUSE, PERFORMANCE_LANG, lighthouse_pages

pytestmark = pytest.mark.browser

GRADED = ("accessibility", "best-practices", "seo")


def html_file(site: Path, path: str) -> Path:
    local = site / path
    return local / "index.html" if local.is_dir() else site / "404.html"


@pytest.fixture(scope="module")
def lighthouse(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One Lighthouse run per page kind and language (tests/browser/lighthouse_runs.py), made once per
    session and usually begun at its start (tests/conftest.py, ``early_setups``)."""
    folder = once_per_session(tmp_path_factory, LIGHTHOUSE, lambda into: lighthouse_pages(real_site(tmp_path_factory), into))
    results: dict[str, Any] = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert sorted(results) == sorted(f"{kind}-{lang}" for kind in KINDS for lang in LANGS)
    for kind, path in KINDS.items():
        for lang in LANGS:
            html = html_file(built_site, lang_path(lang, path)).read_bytes()
            results[f"{kind}-{lang}"]["html_gzip_bytes"] = len(gzip.compress(html, 6))
    write_report("lighthouse.json", results)
    yield results


@pytest.mark.parametrize("kind", KINDS)
def test_lighthouse_scores_100_but_performance_which_is_reported(lighthouse: dict[str, Any], kind: str) -> None:
    for lang in LANGS:
        result = lighthouse[f"{kind}-{lang}"]
        assert not result.get("runtime_error"), result
        low = {category: result["scores"][category] for category in GRADED if result["scores"][category] != 1}
        assert not low, f"{kind} {lang}: {low}\n" + "\n".join(result["failed"])
        assert result["transfer_bytes"] > 0
        if lang == PERFORMANCE_LANG:
            assert 0 <= result["scores"]["performance"] <= 1 and result["metrics"]["largest-contentful-paint"], result
