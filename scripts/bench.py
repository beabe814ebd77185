#!/usr/bin/env python3
"""Build benchmark against plain MkDocs + Material: `make bench` (`python scripts/bench.py --help`).

For each size (the real data, or synthetic data with that many objectives, 10 countries and 50
institutions, both languages: roadmap/synthetic.py) it builds the site, then writes "the same
pages" for plain MkDocs 1.6 + Material: every built page's article, turned back into Markdown
(markdownify), at the same path, both languages as folders (`docs/…`, `docs/en/…`), with the
same theme settings, Markdown extensions, CSS and JavaScript, the nav of both languages, and
Material's default search; no mkdocs-static-i18n, mkdocs-macros, hooks or theme overrides. That
is what a user without this project's stack would build. Then, in one run, it times the two
builds alternately (ours, plain, plain, ours, …; median of `--reps`, at least three, and of `--real-reps` at the real size), so the
machine's load falls on both alike, and reports the ratio, ms per page and peak memory (every
process of the build, sampled) and CPU time. One profiled build of each (pyinstrument, one
process) splits the time into Python-Markdown, the theme's templates, our code (roadmap/,
macros/), the search index and the rest. At the sizes in `--serve-sizes` it measures `make serve`: from saving
data/objectives.yml to the reloaded page (MkDocs' live-reload answer, then the page with the
change). The project's modules are byte-compiled, as in a clone that has built once (:func:`bytecode`);
the cold build has no bytecode and no cache (ROADMAP_CACHE_DIR empty): what a fresh clone pays once.

Results go to bench/results.json and bench/RESULTS.md. A benchmark, not a test: nothing here
asserts a time; tests/test_bench.py runs it at the real size.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import gzip
import html as html_lib
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import yaml
from markdownify import markdownify

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roadmap import model, search_cache, synthetic  # noqa: E402
from roadmap.project import DATA_FILE  # noqa: E402
from roadmap.yaml_reader import parse_yaml  # noqa: E402
from roadmap.render_text import label  # noqa: E402

PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides", "roadmap")
LANG_PREFIX = {"es": "", "en": "en/"}
ENV = {"NO_MKDOCS_2_WARNING": "1"}


# --------------------------------------------------------------------------- one build, measured

@dataclass
class Build:
    seconds: float
    peak_rss_mb: float  # the sum over the build's processes, sampled every 20 ms
    pages: int
    cpu_seconds: float = 0.0  # user + system time of the build and every process it waited for


def run_build(project: Path, site: Path, env: dict[str, str] | None = None, profile: Path | None = None) -> Build:
    """One `mkdocs build` in a child process: wall time and peak memory of it and its children."""
    shutil.rmtree(site, ignore_errors=True)
    cmd = [sys.executable, *(["-m", "pyinstrument", "-r", "pyisession", "-o", str(profile)] if profile else []),
           "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    peak = 0.0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # run in the project, so it imports its own roadmap/ and macros/
    proc = subprocess.Popen(cmd, env={**os.environ, **ENV, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, cwd=project)
    watched = psutil.Process(proc.pid)
    stderr: list[str] = []
    reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read() if proc.stderr else ""))
    reader.start()
    while proc.poll() is None:
        try:
            rss = sum(p.memory_info().rss for p in [watched, *watched.children(recursive=True)])
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{''.join(stderr)[-3000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Build(round(seconds, 3), round(peak / 2**20, 1), len(built_pages(site)), round(cpu, 3))


def built_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name != "404.html" and not p.relative_to(site).parts[0] in ("assets", "pagefind", "search")]


# --------------------------------------------------------------------------- the two projects

def make_project(dest: Path, data_text: str | None) -> Path:
    """A copy of everything our build reads, with the given data."""
    dest.mkdir(parents=True)
    for part in PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    if data_text is not None:
        (dest / "data" / "objectives.yml").write_text(data_text, encoding="utf-8")
    bytecode(dest)
    return dest


def bytecode(project: Path) -> None:
    """The project's own modules byte-compiled, as in a clone that has built once: plain's code
    (MkDocs, Material, in site-packages) is compiled at install, and Python keeps the project's
    in __pycache__ after its first run, unless PYTHONDONTWRITEBYTECODE is set, as it is on some
    machines (this one): every build then compiled each module of roadmap/ and macros/ again (0.05 s of CPU at the real size), a cost a
    contributor does not pay. The copy is made without __pycache__, so this runs on every size."""
    for folder in ("roadmap", "macros"):
        compileall.compile_dir(project / folder, quiet=1)


def no_bytecode(project: Path) -> None:
    """As a fresh clone: nothing compiled (the cold build)."""
    for cache in list(project.rglob("__pycache__")):
        shutil.rmtree(cache)


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_CHROME = re.compile(r'<a [^>]*class="(?:md-content__button md-icon|headerlink)"[^>]*>.*?</a>'
                     r'|<span data-pagefind-index-attrs[^>]*></span>', re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


def article_markdown(html: str) -> str:
    """A built page's article as Markdown: its text, headings, lists, tables and links, without
    the theme's chrome (edit button, permalink signs), with its description as front matter."""
    match = _ARTICLE.search(html)
    if match is None:
        raise ValueError("no article in the page")
    body = markdownify(_CHROME.sub("", match.group(1)), heading_style="ATX")
    description = _DESCRIPTION.search(html)
    front = ""
    if description:
        front = "---\n" + yaml.safe_dump({"description": html_lib.unescape(description.group(1))}, allow_unicode=True, width=1 << 20) + "---\n\n"
    return front + re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def markdown_path(site: Path, page: Path) -> str:
    """`objetivos/x/index.html` → `objetivos/x/index.md`: the same URL with directory URLs."""
    return page.relative_to(site).with_suffix(".md").as_posix()


def make_plain(ours: Path, ours_site: Path, dest: Path) -> Path:
    """Plain MkDocs + Material building the pages of `ours_site`, written as Markdown."""
    docs = dest / "docs"
    for page in built_pages(ours_site):
        target = docs / markdown_path(ours_site, page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_markdown(page.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(ours / "docs" / "assets", docs / "assets")
    config = yaml.safe_load(re.sub(r"!!python\S*", "", (ours / "mkdocs.yml").read_text(encoding="utf-8")))
    roadmap = model.load(ours / "data" / "objectives.yml")
    config["site_name"] = roadmap.short_title("es")
    config["copyright"] = label("copyright", "es")
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["plugins"] = ["search"]  # Material's, as a plain site has it
    config["nav"] = _nav(config["nav"], "es") + [{"English": _nav(config["nav"], "en")}]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def _nav(items: list, lang: str) -> list:
    """Our nav (section titles are keys of labels.yml) for one language's folder of Markdown."""
    out: list = []
    for item in items:
        if isinstance(item, dict):
            (title, children), = item.items()
            out.append({label(title, lang): _nav(children, lang)})
        else:
            path = item if item.endswith("index.md") else item.removesuffix(".md") + "/index.md"
            out.append(LANG_PREFIX[lang] + path)
    return out


# --------------------------------------------------------------------------- where the time goes

def time_split(profile: Path, project: Path) -> dict[str, float]:
    """Shares of one profiled build (one process, pyinstrument's call tree, wall time): each
    moment goes to the innermost of these it was inside, so the shares add up to 100 %:
    Python-Markdown (`Markdown.convert`), the theme (MkDocs' `_build_page`: Material's page
    template), our code (roadmap/ and macros/ of the project, our templates included), the search
    index (Pagefind for ours, Material's indexer for plain) and the rest (start-up, MkDocs,
    mkdocs-static-i18n, mkdocs-macros, file copies, YAML...)."""
    from pyinstrument.session import Session

    mine = (str(project / "roadmap") + "/", str(project / "macros") + "/")

    def category(frame) -> str | None:  # type: ignore[no-untyped-def]
        path, function = frame.file_path or "", frame.function
        if (path.endswith("roadmap/search.py") and function in ("write_search", "index_documents")) or (
                path.endswith("macros/search_pages.py") and function in ("write", "finish", "start")) or (
                "material/plugins/search/" in path and function in ("on_page_context", "on_post_build")):
            return "search_index"
        if path.endswith("markdown/core.py") and function == "convert":
            return "markdown"
        if path.startswith(mine):
            return "our_code"
        if path.endswith("mkdocs/commands/build.py") and function == "_build_page":
            return "theme"
        return None

    shares = dict.fromkeys(("markdown", "theme", "our_code", "search_index", "other"), 0.0)
    root = Session.load(str(profile)).root_frame()
    stack = [(root, "other")]
    while stack:
        frame, inherited = stack.pop()
        # inside the search index or Markdown, everything is theirs; otherwise the innermost decides
        own = inherited if inherited in ("search_index", "markdown") else category(frame) or inherited
        shares[own] += frame.time - sum(child.time for child in frame.children)
        stack.extend((child, own) for child in frame.children)
    total = sum(shares.values()) or 1.0
    return {key: round(100 * value / total, 1) for key, value in shares.items()}


# --------------------------------------------------------------------------- make serve: save to reload

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_reload(project: Path, runs: int = 3, env: dict[str, str] | None = None) -> list[float]:
    """Seconds from saving data/objectives.yml (an objective's English title changed) to the
    reloaded page: MkDocs' live-reload long poll answers once the rebuild is done, then the page,
    fetched, shows the change. `mkdocs serve` as `make serve` runs it, with ``env`` added."""
    data = project / "data" / "objectives.yml"
    original = data.read_text(encoding="utf-8")
    roadmap = model.load(data)
    first = next(iter(roadmap.objectives.values()))
    title = first.title("en")
    site_url = re.search(r"^site_url: *(\S+)", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
    site_path = urlsplit(site_url).path
    port = free_port()
    base = f"http://127.0.0.1:{port}{site_path}"
    page = f"{base}en/objetivos/{first.id}/"
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                             "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
                            env={**os.environ, **ENV, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=project)
    times = []
    try:
        html = _wait_for(page, lambda text: "livereload(" in text, timeout=600)
        for run in range(runs):
            epoch = int(re.search(r"livereload\((\d+),", html).group(1))  # type: ignore[union-attr]
            marker = f"(bench {run})"
            changed = original.replace(f"en: {title}\n", f"en: {title} {marker}\n", 1)
            assert changed != original, "the benchmark could not find the objective's English title"
            data.write_text(changed, encoding="utf-8")
            saved = time.perf_counter()
            while True:  # MkDocs answers when a newer build is visible, or after its timeout
                answer = int(_get(f"http://127.0.0.1:{port}/livereload/{epoch}/1", timeout=600))
                if answer > epoch:
                    break
            html = _get(page)
            if marker not in html:  # the answer came from an earlier rebuild: wait for ours
                html = _wait_for(page, lambda text: marker in text, timeout=600)
            times.append(round(time.perf_counter() - saved, 3))
            time.sleep(1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        data.write_text(original, encoding="utf-8")
    return times


def _get(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, ready, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            text = _get(url)
            if ready(text):
                return text
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"{url} did not become ready within {timeout} s")


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


# --------------------------------------------------------------------------- one size

@dataclass
class Row:
    size: str
    objectives: int
    pages: int
    ours: list[Build]
    plain: list[Build]
    split: dict[str, dict[str, float]] = field(default_factory=dict)
    serve_reload_s: list[float] = field(default_factory=list)
    cold: Build | None = None  # ours with empty caches (roadmap/caches.py), as on a fresh clone

    def median(self, side: str, attr: str = "seconds") -> float:
        return statistics.median(getattr(b, attr) for b in getattr(self, side))

    @property
    def ratio(self) -> float:
        return self.median("ours") / self.median("plain")

    def summary(self) -> dict:
        return {"size": self.size, "objectives": self.objectives, "pages": self.pages,
                "ours_s": round(self.median("ours"), 2), "plain_s": round(self.median("plain"), 2),
                "ratio": round(self.ratio, 3),
                "cpu_ratio": round(self.median("ours", "cpu_seconds") / self.median("plain", "cpu_seconds"), 3),
                "ours_ms_per_page": round(1000 * self.median("ours") / self.pages, 2),
                "plain_ms_per_page": round(1000 * self.median("plain") / self.pages, 2),
                "ours_peak_rss_mb": max(b.peak_rss_mb for b in self.ours),
                "plain_peak_rss_mb": max(b.peak_rss_mb for b in self.plain),
                "serve_reload_s": statistics.median(self.serve_reload_s) if self.serve_reload_s else None,
                "ours_cold_s": self.cold.seconds if self.cold else None,
                "ours_cold_cpu_s": self.cold.cpu_seconds if self.cold else None}


def measure(size: str, work: Path, reps: int, profile: bool, serve_runs: int) -> tuple[Row, Path]:
    base = parse_yaml(DATA_FILE.read_text(encoding="utf-8"), "data/objectives.yml").data
    data = None if size == "real" else synthetic.synthetic_yaml(int(size), countries=10, actors=50, base=base)
    ours = make_project(work / "ours", data)
    # ours keeps what it reuses between builds (roadmap/caches.py) in a folder of its own, as a
    # contributor's builds do in theirs: no other build on the machine (a test session, `make
    # serve`) can fill it, or empty it, between these
    cache = work / "cache"
    keep = {"ROADMAP_CACHE_DIR": str(cache)}
    first = run_build(ours, work / "ours-site", env=keep)  # untimed: the pages the plain build gets
    plain = make_plain(ours, work / "ours-site", work / "plain")
    row = Row(size, len(model.load(ours / "data" / "objectives.yml").objectives), first.pages, [], [])
    for rep in range(reps):  # alternate, so the machine's load falls on both alike
        order = ("ours", "plain") if rep % 2 == 0 else ("plain", "ours")
        for side in order:
            project = ours if side == "ours" else plain
            if side == "ours":
                # no search bundles kept (roadmap/search_cache.py): each timed build of ours indexes
                # both languages, as after an edit of the data, which changes pages in both; the
                # other caches hold what an edit leaves the same (templates, the theme's files)
                search_cache.forget(cache)
            build = run_build(project, work / f"{side}-site", env=keep if side == "ours" else None)
            if build.pages != row.pages:
                raise SystemExit(f"{side} built {build.pages} pages, not {row.pages}")
            getattr(row, side).append(build)
            print(f"  {size}: {side} {build.seconds:.2f} s, CPU {build.cpu_seconds:.2f} s, {build.peak_rss_mb:.0f} MB", flush=True)
    no_bytecode(ours)
    with tempfile.TemporaryDirectory(prefix="roadmap-cold-cache-") as empty:  # what a fresh clone pays once
        row.cold = run_build(ours, work / "ours-cold-site", env={"ROADMAP_CACHE_DIR": empty, "PYTHONDONTWRITEBYTECODE": "1"})
    bytecode(ours)
    print(f"  {size}: ours as a fresh clone {row.cold.seconds:.2f} s, CPU {row.cold.cpu_seconds:.2f} s", flush=True)
    if profile:
        for side, project in (("ours", ours), ("plain", plain)):
            out = work / f"{side}.pyisession"
            search_cache.forget(cache)  # the split shows the search index as a timed build makes it
            run_build(project, work / f"{side}-prof-site", env={"ROADMAP_PARALLEL_LANGUAGES": "0", **keep}, profile=out)
            row.split[side] = time_split(out, project)
    if serve_runs:
        row.serve_reload_s = serve_reload(ours, serve_runs, keep)
    return row, work / "ours-site"


# --------------------------------------------------------------------------- report

def tables(rows: list[Row]) -> str:
    out = ["| size | objectives | pages | ours (s) | plain (s) | **ratio** | CPU ratio | ours ms/page | plain ms/page | ours peak RSS (MB) | plain peak RSS (MB) | serve: save → reloaded page (s) | ours as a fresh clone (no cache, no bytecode): wall / CPU (s) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        s = r.summary()
        reload = f"{s['serve_reload_s']:.2f} ({len(r.serve_reload_s)} runs)" if r.serve_reload_s else "—"
        out.append(f"| {s['size']} | {s['objectives']:,} | {s['pages']:,} | {s['ours_s']:.2f} | {s['plain_s']:.2f} | **{s['ratio']:.2f}** | {s['cpu_ratio']:.2f} | "
                   f"{s['ours_ms_per_page']:.1f} | {s['plain_ms_per_page']:.1f} | {s['ours_peak_rss_mb']:.0f} | {s['plain_peak_rss_mb']:.0f} | {reload} | "
                   + (f"{s['ours_cold_s']:.2f} / {s['ours_cold_cpu_s']:.2f} |" if s["ours_cold_s"] is not None else "— |"))
    split_rows = [(r, side) for r in rows for side in ("ours", "plain") if side in r.split]
    if split_rows:
        out += ["", "Where the time goes (one profiled build of each, in one process, pyinstrument; % of its wall time):", "",
                "| size | build | Markdown | theme | our code | search index | other |", "|---|---|---:|---:|---:|---:|---:|"]
        for r, side in split_rows:
            p = r.split[side]
            out.append(f"| {r.size} | {side} | {p['markdown']}% | {p['theme']}% | {p['our_code']}% | {p['search_index']}% | {p['other']}% |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,100,1000", help="comma-separated; 'real' is the real data (5000: see bench/RESULTS.md)")
    parser.add_argument("--reps", type=int, default=3, help="timed builds of each side per size (median)")
    parser.add_argument("--real-reps", type=int, default=7,
                        help="timed builds of each side at the real size, a second or so each, where a run's ratio "
                             "moved by 10%% from one run to the next with 3")
    parser.add_argument("--profile-sizes", default="real,1000", help="sizes whose time is split by a profiled build ('' for none)")
    parser.add_argument("--serve-sizes", default="real,100,1000,5000", help="sizes whose `make serve` reload is measured ('' for none)")
    parser.add_argument("--serve-runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="folder for results.json and RESULTS.md")
    parser.add_argument("--keep", type=Path, help="keep the built projects in this folder")
    args = parser.parse_args(argv)
    sizes = args.sizes.split(",")
    rows, transfers = [], {}
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        work_root = args.keep or Path(tmp)
        for size in sizes:
            work = work_root / f"size-{size}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            reps = max(args.reps, args.real_reps) if size == "real" else args.reps
            row, site = measure(size, work, reps, size in args.profile_sizes.split(","),
                                args.serve_runs if size in args.serve_sizes.split(",") else 0)
            rows.append(row)
            print(tables([row]).splitlines()[2], flush=True)
            if size in ("real", "1000"):
                first = next(iter(model.load(work / "ours" / "data" / "objectives.yml").objectives))
                transfers[size] = {"home": transfer_bytes(site, "."), "objective": transfer_bytes(site, f"objetivos/{first}")}
    report = {"date": dt.date.today().isoformat(),
              "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}",
              "reps": args.reps, "real_reps": max(args.reps, args.real_reps), "rows": [{**r.summary(), "split_percent": r.split, "serve_reload_runs_s": r.serve_reload_s,
                                           "ours_runs": [asdict(b) for b in r.ours], "plain_runs": [asdict(b) for b in r.plain]}
                                          for r in rows],
              "transfer_gzip_bytes": transfers}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    md = (f"# Build benchmark\n\n{report['date']} · {report['machine']} · `make bench` · median of {args.reps} "
          f"alternating builds per side ({max(args.reps, args.real_reps)} at the real size)\n\n"
          "Ours is this site's build; plain is MkDocs 1.6 + Material building the very same pages written as Markdown "
          "(scripts/bench.py says how). Ratio = ours / plain, wall time: at most 1.0 means no slower than plain MkDocs. "
          "CPU ratio = the same for CPU time (user + system, every process of the build): what the build costs, "
          "whatever the machine's other load; ours uses both cores, plain one. Ours reuses what it kept from the untimed "
          "first build (compiled templates, audit verdicts, data already checked: roadmap/caches.py, in a cache "
          "folder of the benchmark's own, which no other build on the machine touches) and its modules' bytecode, as a contributor's builds do (plain's code is compiled at install); not its "
          "search index, made afresh in each timed build as after an edit of the data, which changes both languages' pages; the last "
          "column is one build with those caches empty and no bytecode, as on a fresh clone. "
          "Serve: from saving data/objectives.yml (an objective's English title) to the reloaded page.\n\n"
          + tables(rows)
          + "\n## What a reader downloads (gzip, first visit, search index excluded)\n\n| site | page | HTML | assets | total |\n|---|---|---:|---:|---:|\n"
          + "".join(f"| {site} | {page} | {b['html']:,} | {b['assets']:,} | {b['total']:,} |\n"
                    for site, pages in transfers.items() for page, b in pages.items()))
    (args.out / "RESULTS.md").write_text(md, encoding="utf-8")
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
