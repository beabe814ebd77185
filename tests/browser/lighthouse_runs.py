"""Lighthouse's runs over the real site, for tests/browser/test_lighthouse.py: made once per test
session, and begun at its start beside the other tests (tests/conftest.py, ``early_setups``), as
they mostly wait (issue #21)."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from pathlib import Path

from ..conftest import ROOT
from .conftest import CHROMIUM, KINDS, LANGS, SITE_PATH, lang_path
from .server import SiteServer

LIGHTHOUSE = "lighthouse"  # the name of its once_per_session folder
RUNNER = Path(__file__).with_name("lighthouse.mjs")
# Lighthouse spends most of a run waiting (for the network and the main thread to go quiet), about
# 7 s wall for 2 s of CPU per page: 16 pages one after the other took two minutes. Lighthouse runs
# one page at a time per Chromium, so the pages are split over this many runners, each its own Node
# process and Chromium (as Lighthouse's docs advise for concurrent runs). Four runners were the
# quickest when the run held a worker (55 s); begun at the session's start beside the tests, its wall
# time matters less than its CPU, which every runner's Chromium adds to: on a loaded 2-core machine
# (issue #21, the CPU of every process, Chromium's included, by cpuacct), 4 runners took 69 s and
# 82 s of CPU, 2 runners 90 s and 72 s. The graded categories read the DOM and the requests, not the
# timing; the performance figures, only reported, were noise on a shared machine anyway, so
# lighthouse.mjs shortens the quiet windows and draws no screenshots.
RUNNERS = 2
# Performance is measured and reported (issue #11), not graded: in one language, the site's own at
# its root. The other language's page of each kind has the same template, styles and scripts; its
# performance category (the trace and the simulated metrics) was a third of Lighthouse's CPU
# (16 pages: 49 s -> 34 s of CPU with none measured, issue #21). Its transfer size is still reported.
PERFORMANCE_LANG = "es"


def page_urls(server: SiteServer) -> dict[str, str]:
    """``{"home-es": url, ...}``: each page kind in each language."""
    return {f"{kind}-{lang}": server.url(lang_path(lang, path)) for kind, path in KINDS.items() for lang in LANGS}


def run_lighthouse(urls: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One runner (lighthouse.mjs, one Chromium) over ``{name: url}``, the performance category
    for the :data:`PERFORMANCE_LANG` pages; its stdout is JSON by name."""
    measured = [name for name in urls if name.endswith(f"-{PERFORMANCE_LANG}")]
    return subprocess.run(["node", str(RUNNER)], input=json.dumps({"chrome": CHROMIUM, "urls": urls, "performance": measured}),
                          capture_output=True, text=True, cwd=ROOT, timeout=1200)


def lighthouse_pages(site: Path, folder: Path) -> None:
    """One Lighthouse run per page kind and language of ``site``, split over :data:`RUNNERS`
    Chromiums, into ``folder/results.json`` (``{name: lighthouse.mjs's result}``). Lighthouse
    audits no error response: the 404 page is served with a 200 status, as GitHub Pages serves
    /404.html itself. Raises AssertionError, with the runner's error output, if a runner fails."""
    with SiteServer(site, SITE_PATH, not_found_status=HTTPStatus.OK) as server:
        urls = list(page_urls(server).items())
        with ThreadPoolExecutor(RUNNERS) as pool:
            runs = list(pool.map(run_lighthouse, [dict(urls[i::RUNNERS]) for i in range(RUNNERS)]))
    results: dict[str, object] = {}
    for run in runs:
        assert run.returncode == 0, run.stderr[-3000:]
        results.update(json.loads(run.stdout))
    (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
