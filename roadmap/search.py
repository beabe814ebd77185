"""Site search and search-engine discovery for the built site, free of MkDocs.

Search runs on Pagefind, one bundle per language (``pagefind/es/``, ``pagefind/en/``): a Spanish
page only ever queries Spanish pages, Pagefind's Snowball stemmer for that language forgives
plurals, and diacritics are folded, so "exportacion" finds "exportaciones". The theme's own
search box talks to it through ``docs/assets/reader/search-worker.js``. MAINTAINERS.md explains
the choice and its measurements.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
SIDE_BY_SIDE_UP_TO = 1500  # pages per language: two Pagefind processes then hold about 300 MB
# Material's search interface fetches this file on every page. Its plugin no longer indexes
# (macros/readers.py turns that off: parsing every page took a quarter of the build at 1,000
# objectives), so an empty index is written in its place.
MATERIAL_INDEX = Path("search") / "search_index.json"
# Pagefind's ready-made search interfaces: this site uses the theme's, so they are never loaded.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")
# permalink pilcrows and the edit button are not text a reader searches for; table headers would
# glue into excerpts as prose ("ObjetivoDesafíoEstado")
EXCLUDE = (".headerlink", ".md-content__button", "thead")
_LANG = re.compile(r"<html[^>]*\blang=\"([a-zA-Z-]+)\"")


@dataclass(frozen=True)
class IndexStats:
    lang: str
    pages: int
    bytes: int  # the whole bundle on disk; a query downloads a small part of it


def pages_by_language(site_dir: Path, languages: tuple[str, ...], skip: tuple[str, ...] = ("404.html",)) -> dict[str, list[str]]:
    """Site-relative paths of every built page, grouped by its ``<html lang>``."""
    found: dict[str, list[str]] = {lang: [] for lang in languages}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel in skip or rel.startswith(f"{BUNDLE_DIR}/"):
            continue
        with path.open(encoding="utf-8") as file:
            match = _LANG.search(file.read(2000))
        if match and match.group(1) in found:
            found[match.group(1)].append(rel)
    return found


def pagefind_binary() -> Path:
    """The Pagefind binary: ``PAGEFIND_BINARY_PATH`` if set, else the one pagefind[bin] installed,
    as ``pagefind.service.get_executable`` finds it, without importing that module (and asyncio
    with it: 0.04 s of every build, issue #21)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise RuntimeError("the Pagefind binary is missing: install requirements.lock (pagefind[bin])") from None
    return Path(get_executable())


_GLOB_SIGNS = re.compile(r"[*?\[\]{}!,\\]")


def page_glob(pages: list[str], all_pages: list[str]) -> str | None:
    """A Pagefind ``--glob`` that matches exactly ``pages`` among ``all_pages`` (every HTML file of
    the site): a whole top-level folder as ``folder/**/*.html`` when all its files are in
    ``pages``, the files themselves otherwise. None if a name has a glob sign in it."""
    if any(_GLOB_SIGNS.search(rel) for rel in pages):
        return None
    wanted = set(pages)
    by_folder: dict[str, list[str]] = {}
    for rel in all_pages:
        by_folder.setdefault(rel.split("/", 1)[0] if "/" in rel else "", []).append(rel)
    parts = []
    for folder, files in sorted(by_folder.items()):
        inside = [rel for rel in files if rel in wanted]
        if folder and inside and len(inside) == len(files):
            parts.append(f"{folder}/**/*.html")
        else:
            parts.extend(inside)
    return "{" + ",".join(parts) + "}" if parts else None


def _start_index(site_dir: Path, lang: str, pages: list[str], all_pages: list[str], out: Path,
                 stack: ExitStack) -> subprocess.Popen[bytes]:
    """Start Pagefind over one language's pages, at their paths in the site: chosen by a glob,
    or, failing one, mirrored in a temporary folder (issue #21: the mirror's links and their
    removal took 0.15-0.5 s on this machine's disk at the real size)."""
    glob = page_glob(pages, all_pages)
    site = str(site_dir)
    if glob is None:
        site = stack.enter_context(tempfile.TemporaryDirectory())
        for rel in pages:
            target = Path(site) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site_dir / rel, target)  # instant on one file system; a copy otherwise
            except OSError:
                shutil.copyfile(site_dir / rel, target)
    excludes = [arg for selector in EXCLUDE for arg in ("--exclude-selectors", selector)]
    return subprocess.Popen([str(pagefind_binary()), "--site", site, *(["--glob", glob] if glob else []),
                             "--output-path", str(out), "--force-language", lang, "--silent", *excludes])


def write_search(site_dir: Path, languages: tuple[str, ...]) -> list[IndexStats]:
    """Write a Pagefind bundle per language and empty Material's own index."""
    out = site_dir / BUNDLE_DIR
    shutil.rmtree(out, ignore_errors=True)
    pages = pages_by_language(site_dir, languages)
    every_page = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html"))
    # One Pagefind process per language, side by side: each keeps about one core busy (issue #13).
    # Each also holds memory for every page it indexes: past SIDE_BY_SIDE_UP_TO pages per language,
    # one after the other. At 5,000 objectives one Pagefind peaked at 815-872 MB (about 0.17 MB per
    # page) beside the parent's 372 MB: 1,187 MB in all, over issue #21's 1 GB (MAINTAINERS.md).
    side_by_side = max((len(found) for found in pages.values()), default=0) <= SIDE_BY_SIDE_UP_TO
    with ExitStack() as stack:
        running: list[subprocess.Popen[bytes]] = []
        for lang in languages:
            running.append(_start_index(site_dir, lang, pages[lang], every_page, out / lang, stack))
            if not side_by_side:
                _finish(running.pop())
        for process in running:
            _finish(process)
    stats = []
    for lang in languages:
        for name in UNUSED:
            (out / lang / name).unlink(missing_ok=True)
        size = sum(f.stat().st_size for f in (out / lang).rglob("*") if f.is_file())
        stats.append(IndexStats(lang, len(pages[lang]), size))
    write_material_index(site_dir, languages)
    return stats


def _finish(process: subprocess.Popen[bytes]) -> None:
    if process.wait() != 0:
        raise subprocess.CalledProcessError(process.returncode, process.args)


# --------------------------------------------------------------------------- indexing from memory (issue #21)
# A page's search text is its article (``data-pagefind-body``, overrides/main.html): Pagefind reads
# nothing else of a page when the site marks one. So each page's article, cut from the HTML the
# build has just made, goes to a Pagefind service process in a small document of its own, and
# Pagefind parses a third of the bytes: 40 % less of its time at 1,000 objectives (2.37 s -> 1.43 s
# of CPU for one language), no file read or written, and the same fragments. Pages in path order,
# so the bundle is the same whatever the file system (the command line walked folders in the disk's
# order).

BODY = '<div class="roadmap-page" data-pagefind-body'  # its other attributes (a filter) follow
ARTICLE_END = "</article>"


def search_document(html: str, lang: str) -> str | None:
    """What Pagefind indexes of a built page, as a document of its own: the element marked
    ``data-pagefind-body`` to the end of the article, or None for a page left out of search."""
    start = html.find(BODY)
    if start < 0:
        return None
    end = html.rfind(ARTICLE_END)
    if end < start:
        return None
    return f'<!doctype html><html lang="{lang}"><body>{html[start:end]}</body></html>'


class PagefindService:
    """``pagefind --service``: requests as base64 JSON followed by a comma on its standard input,
    answers the same way on its output (the protocol of Pagefind's own Python package, spoken
    here without asyncio). A thread reads the answers, so neither pipe fills up."""

    def __init__(self) -> None:
        self._process = subprocess.Popen([str(pagefind_binary()), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE)
        self._answers: dict[int, dict] = {}
        self._done = threading.Condition()
        self._sent = 0
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            pending += chunk
            *messages, pending = pending.split(b",")
            for raw in messages:
                answer = json.loads(base64.b64decode(raw))
                with self._done:
                    self._answers[answer.get("message_id") or 0] = answer["payload"]
                    self._done.notify_all()
        with self._done:
            self._answers[-1] = {"type": "Error", "message": "Pagefind stopped"}
            self._done.notify_all()

    def send(self, payload: dict) -> int:
        assert self._process.stdin is not None
        self._sent += 1
        self._process.stdin.write(base64.b64encode(json.dumps({"message_id": self._sent, "payload": payload}).encode()) + b",")
        return self._sent

    def answer(self, message_id: int) -> dict:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._done:
            self._done.wait_for(lambda: message_id in self._answers or -1 in self._answers)
            payload = self._answers.get(message_id) or self._answers[-1]
        if payload.get("type") == "Error":
            raise RuntimeError(f"Pagefind: {payload.get('message')}")
        return payload

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()
        self._reader.join()


def index_documents(documents: dict[str, str], lang: str, out: Path) -> IndexStats:
    """One language's bundle in ``out`` from its pages' search documents ({site-relative path:
    document}, :func:`search_document`), in path order."""
    service = PagefindService()
    try:
        index = service.answer(service.send({"type": "NewIndex", "config": {
            "force_language": lang, "exclude_selectors": list(EXCLUDE)}}))["index_id"]
        sent = [service.send({"type": "AddFile", "index_id": index, "file_path": rel, "file_contents": documents[rel]})
                for rel in sorted(documents)]
        for message in sent:
            service.answer(message)
        # the files' bytes, written here: the service's own WriteFiles answers before it has
        # written pagefind-entry.json, which a process stopped just then leaves empty
        files = service.answer(service.send({"type": "GetFiles", "index_id": index}))["files"]
    finally:
        service.close()
    shutil.rmtree(out, ignore_errors=True)
    for file in files:
        path = out / file["path"]
        if path.name in UNUSED:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
    return IndexStats(lang, len(documents), sum(f.stat().st_size for f in out.rglob("*") if f.is_file()))


def write_material_index(site_dir: Path, languages: tuple[str, ...]) -> None:
    material = site_dir / MATERIAL_INDEX
    material.parent.mkdir(parents=True, exist_ok=True)
    material.write_text(json.dumps({"config": {"lang": list(languages), "separator": r"[\s\-]+", "pipeline": []},
                                    "docs": []}), encoding="utf-8")


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap lists both languages with their alternates."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"
