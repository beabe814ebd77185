"""A smoke run of the build benchmark at its smallest size, so `make bench` cannot rot.
It asserts that the benchmark measures and reports, never how fast anything is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402

pytestmark = pytest.mark.build


def test_benchmark_runs_at_100_objectives_and_writes_its_results(tmp_path: Path) -> None:
    assert bench.main(["--sizes", "100", "--out", str(tmp_path), "--keep", str(tmp_path / "work")]) == 0
    report = json.loads((tmp_path / "results.json").read_text())
    (row,) = report["rows"]
    assert row["objectives"] == 100
    ours, baseline = row["ours"], row["baseline"]
    # both sites hold the same pages: the baseline really is the same content, built plainly
    assert ours["pages"] == baseline["pages"] > 2 * 100
    assert ours["seconds"] > 0 and baseline["seconds"] > 0 and ours["peak_rss_mb"] > 0
    assert row["ratio"] == pytest.approx(ours["seconds"] / baseline["seconds"], rel=0.01)
    work = tmp_path / "work" / "size-100"
    assert (work / "baseline" / "docs" / "en" / "objetivos" / "objective-00050.md").exists()
    assert "macros" not in (work / "baseline" / "mkdocs.yml").read_text()
    assert "| 100 |" in (tmp_path / "RESULTS.md").read_text()


def test_transfer_counts_the_page_and_its_assets(tmp_path: Path) -> None:
    page = tmp_path / "site" / "x"
    page.mkdir(parents=True)
    (tmp_path / "site" / "style.css").write_text("body { color: red; }" * 50)
    (page / "index.html").write_text('<link rel="stylesheet" href="../style.css"><script src="https://cdn.example/x.js"></script>hello')
    sizes = bench.transfer_bytes(tmp_path / "site", "x")
    assert sizes["html"] > 0 and sizes["assets"] > 0 and sizes["total"] == sizes["html"] + sizes["assets"]
