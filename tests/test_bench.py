"""A run of the build benchmark at the real size, so `make bench` cannot rot: the plain baseline
really is the same pages built by plain MkDocs + Material, and every number is measured and
reported. It asserts nothing about how fast anything is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from roadmap import model

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench  # noqa: E402

pytestmark = pytest.mark.build


def test_benchmark_measures_ours_against_plain_mkdocs_on_the_same_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")  # as on this machine: the bench compiles ours itself
    assert bench.main(["--sizes", "real", "--reps", "1", "--real-reps", "1", "--profile-sizes", "real", "--serve-sizes", "real",
                       "--serve-runs", "1", "--out", str(tmp_path), "--keep", str(tmp_path / "work")]) == 0
    report = json.loads((tmp_path / "results.json").read_text())
    (row,) = report["rows"]
    data = model.load()
    assert row["objectives"] == len(data.objectives)
    # both builds hold the same pages, both languages
    assert row["pages"] > 2 * len(data.objectives) and row["ours_runs"][0]["pages"] == row["plain_runs"][0]["pages"] == row["pages"]
    assert row["ratio"] == pytest.approx(row["ours_s"] / row["plain_s"], rel=0.01)
    assert len(row["ours_runs"]) == len(row["plain_runs"]) == 1 == report["real_reps"]
    # ours runs byte-compiled, as a clone that has built once (plain's code is compiled at install)
    ours = tmp_path / "work" / "size-real" / "ours"
    assert {p.name.split(".")[0] for p in (ours / "roadmap" / "__pycache__").glob("*.pyc")} >= {"model", "render", "audit"}
    # ours keeps its caches in a folder of the benchmark's own: another build running meanwhile (the
    # other test worker's, sharing the session's folder) once filled the search bundles the timed
    # and profiled builds must make themselves, and the profile showed no search index
    kept = tmp_path / "work" / "size-real" / "cache"
    assert (kept / "audit-verdicts.json").is_file() and (kept / "theme-walks.json").is_file()
    assert row["ours_peak_rss_mb"] > 0 and row["plain_peak_rss_mb"] > 0
    assert row["ours_runs"][0]["cpu_seconds"] > 0 and row["plain_runs"][0]["cpu_seconds"] > 0 and row["cpu_ratio"] > 0
    # plain is plain: no i18n, macros or hooks, Material's own search, both languages as folders
    plain = tmp_path / "work" / "size-real" / "plain"
    config = yaml.safe_load((plain / "mkdocs.yml").read_text())
    assert config["plugins"] == ["search"] and "hooks" not in config and "custom_dir" not in config["theme"]
    key, objective = next(iter(data.objectives.items()))
    for lang, folder in (("es", plain / "docs"), ("en", plain / "docs" / "en")):
        page = (folder / "objetivos" / key / "index.md").read_text()
        assert page.split("\n---\n", 1)[1].lstrip().startswith("# ")  # the article, as Markdown
        assert objective.history[0].date[:4] in page and "|" in page  # its history table, as a Markdown table
    # the time split covers each build, only ours runs our code, both build a search index
    for side in ("ours", "plain"):
        assert sum(row["split_percent"][side].values()) == pytest.approx(100, abs=1)
        assert row["split_percent"][side]["theme"] > 0 and row["split_percent"][side]["search_index"] > 0
    assert row["split_percent"]["ours"]["our_code"] > 0 == row["split_percent"]["plain"]["our_code"]
    assert row["split_percent"]["plain"]["markdown"] > 0
    # make serve: from saving the data to the reloaded page
    (reload,) = row["serve_reload_runs_s"]
    assert reload > 0
    assert "| real |" in (tmp_path / "RESULTS.md").read_text()


def test_article_markdown_keeps_the_text_and_drops_the_chrome() -> None:
    html = ('<meta name="description" content="A &amp; B"><article class="md-content__inner md-typeset">'
            '<a href="e" title="Edit" class="md-content__button md-icon" rel="edit">pencil</a>'
            '<h1 id="t">Title<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>'
            '<table><thead><tr><th>A</th></tr></thead><tbody><tr><td><a href="../x/">x</a></td></tr></tbody></table>'
            '</article>')
    text = bench.article_markdown(html)
    assert text.startswith("---\ndescription: A & B\n---\n\n# Title\n")
    assert "| [x](../x/) |" in text and "pencil" not in text and "¶" not in text


def test_transfer_counts_the_page_and_its_assets(tmp_path: Path) -> None:
    page = tmp_path / "site" / "x"
    page.mkdir(parents=True)
    (tmp_path / "site" / "style.css").write_text("body { color: red; }" * 50)
    (page / "index.html").write_text('<link rel="stylesheet" href="../style.css"><script src="https://cdn.example/x.js"></script>hello')
    sizes = bench.transfer_bytes(tmp_path / "site", "x")
    assert sizes["html"] > 0 and sizes["assets"] > 0 and sizes["total"] == sizes["html"] + sizes["assets"]
