#!/usr/bin/env python3
"""Build benchmark: `make bench` (or `python scripts/bench.py --sizes 100,1000,5000`).

For each size it generates valid synthetic data (the real data plus synthetic objectives, 10
countries, 50 actors, both languages), builds the whole bilingual site, then builds the very same
pages written out as plain Markdown with plain MkDocs (same theme, same other plugins, no macros,
no hooks) as the baseline, and prints wall time, peak memory, pages, size on disk, ms per page and
the overhead ratio. For the real site and for 1,000 objectives it also measures what a reader's
browser transfers on a first visit (gzip, search index excluded). Results go to bench/results.json
and bench/RESULTS.md, committed so changes can be compared over time.

A benchmark, not a test: nothing here asserts a time. tests/test_bench.py runs the smallest size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roadmap import model, synthetic  # noqa: E402

PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides", "roadmap")
BASELINE_REMOVED = ("macros",)  # plugins the baseline leaves out; `hooks` go too


@dataclass
class Build:
    seconds: float
    peak_rss_mb: float
    pages: int
    site_mb: float

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages


@dataclass
class Row:
    objectives: int
    ours: Build
    baseline: Build

    @property
    def ratio(self) -> float:
        return self.ours.seconds / self.baseline.seconds


def run_build(project: Path, site: Path, env: dict[str, str] | None = None) -> Build:
    """One `mkdocs build` in a child process; wall time and that child's own peak RSS."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{stderr[-3000:]}")
    pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html")
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return Build(round(seconds, 2), round(usage.ru_maxrss / 1024, 1), pages, round(size / 2**20, 1))


def make_project(dest: Path, data_text: str | None) -> Path:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    if data_text is not None:
        (dest / "data" / "objectives.yml").write_text(data_text, encoding="utf-8")
    return dest


def add_dump_hook(project: Path, dump_dir: Path) -> dict[str, str]:
    config = project / "mkdocs.yml"
    shutil.copy2(ROOT / "scripts" / "bench_dump_hook.py", project / "bench_dump_hook.py")
    text = config.read_text(encoding="utf-8").replace("hooks:\n", "hooks:\n  - bench_dump_hook.py\n", 1)
    config.write_text(text, encoding="utf-8")
    return {"ROADMAP_DUMP_MARKDOWN": str(dump_dir)}


def make_baseline(ours: Path, dump_dir: Path, dest: Path) -> Path:
    """The same Markdown, written out as files, and mkdocs.yml without macros, hooks or theme
    overrides: plain Material, with the same plugins otherwise."""
    shutil.copytree(dump_dir, dest / "docs")
    shutil.copytree(ours / "docs" / "assets", dest / "docs" / "assets")
    config = yaml.safe_load(re.sub(r"!!python\S*", "", (ours / "mkdocs.yml").read_text(encoding="utf-8")))
    config.pop("hooks", None)
    config["theme"].pop("custom_dir", None)  # the overrides read what the hooks provide
    config.pop("watch", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and set(p) & set(BASELINE_REMOVED))
                         and p not in BASELINE_REMOVED]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def measure_size(objectives: int | None, work: Path) -> Row:
    base = model.parse_yaml(model.DATA_FILE.read_text(encoding="utf-8"), "data/objectives.yml").data
    data = None if objectives is None else synthetic.synthetic_yaml(objectives, countries=10, actors=50, base=base)
    ours = make_project(work / "ours", data)
    ours_build = run_build(ours, work / "ours-site")
    dump_dir = work / "dump"
    env = add_dump_hook(ours, dump_dir)
    run_build(ours, work / "dump-site", env)  # untimed: only writes the Markdown out
    baseline = make_baseline(ours, dump_dir, work / "baseline")
    baseline_build = run_build(baseline, work / "baseline-site")
    count = objectives if objectives is not None else len(model.load().objectives)
    return Row(count, ours_build, baseline_build)


# --------------------------------------------------------------------------- what a reader downloads

ASSET = re.compile(r'<(?:link[^>]+rel="(?:stylesheet|icon|preload)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"')


def transfer_bytes(site: Path, page_path: str) -> dict[str, int]:
    """Gzip-compressed bytes of a page and every same-origin asset it loads on a first visit."""
    page = site / page_path / "index.html"
    html = page.read_text(encoding="utf-8")
    total = {"html": len(gzip.compress(html.encode(), 6)), "assets": 0}
    seen = set()
    for href in ASSET.findall(html):
        if urlsplit(href).scheme or href.startswith("//"):
            continue
        target = (page.parent / urlsplit(href).path).resolve()
        if target in seen or not target.is_file():
            continue
        seen.add(target)
        total["assets"] += len(gzip.compress(target.read_bytes(), 6))
    total["total"] = total["html"] + total["assets"]
    return total


def downloads(site: Path, data: model.Roadmap | None = None) -> dict[str, dict[str, int]]:
    first = next(iter((data or model.load()).objectives))
    return {"home": transfer_bytes(site, "."), "objective": transfer_bytes(site, f"objetivos/{first}")}


# --------------------------------------------------------------------------- report

def table(rows: list[Row]) -> str:
    head = ("| objectives | pages | wall (s) | peak RSS (MB) | site (MB) | ms/page | baseline (s) | baseline ms/page | overhead |\n"
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
    return head + "".join(
        f"| {r.objectives} | {r.ours.pages} | {r.ours.seconds:.2f} | {r.ours.peak_rss_mb:.0f} | {r.ours.site_mb:.1f} | "
        f"{r.ours.ms_per_page:.1f} | {r.baseline.seconds:.2f} | {r.baseline.ms_per_page:.1f} | {r.ratio:.2f} |\n"
        for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,100,1000,5000", help="comma-separated; 'real' is the real data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="folder for results.json and RESULTS.md")
    parser.add_argument("--keep", type=Path, help="keep the built projects in this folder")
    args = parser.parse_args(argv)
    sizes = [None if s == "real" else int(s) for s in args.sizes.split(",")]
    rows, transfers = [], {}
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        work_root = args.keep or Path(tmp)
        for size in sizes:
            work = work_root / f"size-{size or 'real'}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            row = measure_size(size, work)
            rows.append(row)
            print(table([row]).splitlines()[-1], flush=True)
            if size in (None, 1000):
                data = model.load(work / "ours" / "data" / "objectives.yml")
                transfers["real" if size is None else str(size)] = downloads(work / "ours-site", data)
    report = {"date": dt.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "rows": [{**asdict(r), "ratio": round(r.ratio, 3), "ms_per_page": round(r.ours.ms_per_page, 2)} for r in rows],
              "transfer_gzip_bytes": transfers}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = (f"# Build benchmark\n\n{report['date']} · {report['machine']} · `make bench`\n\n" + table(rows)
          + "\n## What a reader downloads (gzip, first visit, search index excluded)\n\n| site | page | HTML | assets | total |\n|---|---|---:|---:|---:|\n"
          + "".join(f"| {site} | {page} | {b['html']:,} | {b['assets']:,} | {b['total']:,} |\n"
                    for site, pages in transfers.items() for page, b in pages.items()))
    (args.out / "RESULTS.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
