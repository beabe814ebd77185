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
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from . import search_cache

BUNDLE_DIR = "pagefind"
# pages per language up to which each page's search document is kept as it is built and the
# languages are indexed side by side, from memory (macros/search_pages.py): two Pagefind processes
# then hold about 300 MB; past it, the documents are read back from the built files
SIDE_BY_SIDE_UP_TO = 1500
# Pagefind holds about 0.15 MB per page while it writes a bundle (768 MB for the 5,000 Spanish
# pages of 5,000 objectives, most of it in its last step): a language past this many pages is
# indexed in parts, one after the other, each a bundle of its own that the search worker merges
# into the first (Pagefind's mergeIndex). Issue #21: the build under 1 GB at 5,000 objectives.
PART_PAGES = max(1, int(os.environ.get("ROADMAP_SEARCH_PART_PAGES", "2000")))  # 0 or less: one page a part
PARTS_FILE = "roadmap-parts.json"  # in the first part: {"merge": ["part-2/", ...]}, read by the search worker
ENGINE = ("pagefind.js", "pagefind-worker.js")  # a merged part needs its index, not a second copy of these (or the wasm)
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
    bytes: int  # the whole bundle on disk, all its parts; a query downloads a small part of it
    parts: int = 1


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
        with _running_lock:
            _running.add(self)
        self._answers: dict[int, dict] = {}
        self._done = threading.Condition()
        self._sent = 0
        self._reader = threading.Thread(target=self._read, name="pagefind-answers", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        # the pieces of the message being read: joined once it ends (GetFiles answers with the
        # whole bundle, 12 MB of base64 for 2,000 pages; growing one bytes object copied it
        # chunk by chunk, and left those copies to the allocator: issue #21)
        pending: list[bytes] = []
        while chunk := self._process.stdout.read1(1 << 16):
            *ends, rest = chunk.split(b",")
            if not ends:
                pending.append(rest)
                continue
            messages = [b"".join([*pending, ends[0]]), *ends[1:]]
            pending = [rest]
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
            payload = self._answers.pop(message_id, None) or self._answers[-1]
        if payload.get("type") == "Error":
            raise RuntimeError(f"Pagefind: {payload.get('message')}")
        return payload

    def close(self) -> None:
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
        except BrokenPipeError:  # stopped (stop_all)
            pass
        self._process.wait()
        self._reader.join()
        with _running_lock:
            _running.discard(self)


# The services and indexing processes this process runs, so that `mkdocs serve` can stop an index
# a newer build makes again anyway (macros/search_pages.py): their callers then get RuntimeError.
_running: set[PagefindService] = set()
_workers: set[subprocess.Popen] = set()
_running_lock = threading.Lock()


def stop_all() -> None:
    """Stop every Pagefind service and indexing process this process runs."""
    with _running_lock:
        for service in _running:
            service._process.kill()
        for worker in _workers:
            try:
                os.killpg(worker.pid, signal.SIGKILL)  # with its Pagefind
            except ProcessLookupError:
                pass


def index_documents_apart(documents: Mapping[str, str], lang: str, out: Path) -> None:
    """:func:`index_documents` in a Python process of its own, which this one waits for without
    holding its interpreter: in `mkdocs serve` the index is written while the next save is
    detected and built, and reading Pagefind's answers (base64 JSON, megabytes) and writing its
    files took this process's interpreter for a third of a second at 1,000 objectives (issue #21).
    The documents go through its standard input (no copy of them left in a temporary folder); it
    ends with this process, however this one ends (:func:`_index_stdin`). Raises RuntimeError if
    it fails or is stopped (:func:`stop_all`)."""
    code = "import sys; from roadmap import search; search._index_stdin(*sys.argv[1:])"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                                    os.environ.get("PYTHONPATH")]))}
    worker = subprocess.Popen([sys.executable, "-c", code, lang, str(out), str(os.getpid())], env=env,
                              stdin=subprocess.PIPE, start_new_session=True)
    with _running_lock:
        _workers.add(worker)
    try:
        assert worker.stdin is not None
        try:
            with worker.stdin:
                worker.stdin.write(json.dumps(dict(documents)).encode("utf-8"))
        except BrokenPipeError:  # stopped (stop_all)
            pass
        status = worker.wait()
    finally:
        with _running_lock:
            _workers.discard(worker)
    if status != 0:
        raise RuntimeError(f"indexing {lang} stopped ({status})")


def _index_stdin(lang: str, out: str, parent: str) -> None:
    """:func:`index_documents_apart`'s process: the documents from its standard input. Killed when
    the thread that started it ends (Linux ``PR_SET_PDEATHSIG``), as when `mkdocs serve` is
    stopped by a signal it does not catch: it would write into a site folder no longer served."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != int(parent):  # the parent ended before the line above
        raise SystemExit(1)
    index_documents(json.loads(sys.stdin.buffer.read()), lang, Path(out))


def index_documents(documents: Mapping[str, str] | Iterable[tuple[str, str]], lang: str, out: Path) -> IndexStats:
    """One language's bundle in ``out`` from its pages' search documents ({site-relative path:
    document} in any order, or (path, document) pairs in path order, which may be read one at a
    time: :func:`search_document`). Past :data:`PART_PAGES` pages, in parts: ``out`` holds the
    first and, in ``part-N/``, the others, listed in ``out/roadmap-parts.json``; each part is
    written before the next one starts, so one Pagefind process at a time holds one part's pages.

    Raises RuntimeError if Pagefind fails; the bundle is then incomplete (the build fails)."""
    pairs = ((rel, documents[rel]) for rel in sorted(documents)) if isinstance(documents, Mapping) else iter(documents)
    shutil.rmtree(out, ignore_errors=True)
    first = list(islice(pairs, PART_PAGES))
    rest = list(islice(pairs, 1))  # a page past the first part: the language comes in parts
    pages, merge = len(first), []
    size = _write_bundle(_index_part(first, lang, 1), out, keep_engine=True) if rest else _one_part(first, lang, out)
    while rest:
        part = rest + list(islice(pairs, PART_PAGES - 1))
        number = len(merge) + 2
        pages += len(part)
        size += _write_bundle(_index_part(part, lang, number), out / f"part-{number}", keep_engine=False)
        merge.append(f"part-{number}/")
        rest = list(islice(pairs, 1))
    (out / PARTS_FILE).write_text(json.dumps({"merge": merge}), encoding="utf-8")
    return IndexStats(lang, pages, size, 1 + len(merge))


def _one_part(pages: list[tuple[str, str]], lang: str, out: Path) -> int:
    """The bundle of a language in one part, written in ``out``: the one kept from an earlier
    build of the same documents (roadmap/search_cache.py) if its files can be written, else
    Pagefind's, then kept. Its size in bytes."""
    kept = search_cache.key(pagefind_binary(), lang, EXCLUDE, pages) if search_cache.enabled() else None
    files = search_cache.load(kept) if kept else None
    if files is not None:
        try:
            return _write_bundle(files, out, keep_engine=True)
        except (OSError, ValueError):  # written only in part: made afresh
            shutil.rmtree(out, ignore_errors=True)
    files = _index_part(pages, lang, None)
    if kept:
        search_cache.keep(kept, files)
    return _write_bundle(files, out, keep_engine=True)


def _index_part(part: list[tuple[str, str]], lang: str, number: int | None) -> list[dict]:
    """Pagefind's files for the pages of ``part`` (emptied once they are sent), from one service
    process. In a language that comes in parts, each page carries its part's number as the filter ``part``: the search worker
    asks each part on its own whether it holds the words typed, since a part that does not falls
    back to words the query word starts with ("crédito" -> "cre") where one index would not."""
    body = "<body>" if number is None else f'<body data-pagefind-filter="part:{number}">'
    service = PagefindService()
    try:
        index = service.answer(service.send({"type": "NewIndex", "config": {
            "force_language": lang, "exclude_selectors": list(EXCLUDE)}}))["index_id"]
        sent = [service.send({"type": "AddFile", "index_id": index, "file_path": rel,
                              "file_contents": document.replace("<body>", body, 1)})
                for rel, document in part]
        part.clear()  # sent: not held beside the bundle Pagefind sends back (issue #21)
        for message in sent:
            service.answer(message)
        # the files' bytes, written here: the service's own WriteFiles answers before it has
        # written pagefind-entry.json, which a process stopped just then leaves empty
        return service.answer(service.send({"type": "GetFiles", "index_id": index}))["files"]
    finally:
        service.close()


def _write_bundle(files: list[dict], target: Path, keep_engine: bool) -> int:
    """Write Pagefind's ``files`` under ``target`` but the unused interfaces (and, in a merged
    part, the engine, which the first part's runs); their size in bytes."""
    size = 0
    for file in files:
        path = target / file["path"]
        if path.name in UNUSED or (not keep_engine and (path.name in ENGINE or path.name.startswith("wasm."))):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        content = base64.b64decode(file["content"])
        path.write_bytes(content)
        size += len(content)
    return size


def documents_from_files(site_dir: Path, pages: list[str], lang: str) -> Iterator[tuple[str, str]]:
    """(path, search document) of each built page of ``pages`` (site-relative, in path order) that
    is marked for search, read one at a time: a large site's documents are not kept in memory."""
    for rel in sorted(pages):
        document = search_document((site_dir / rel).read_text(encoding="utf-8"), lang)
        if document is not None:
            yield rel, document


def write_search(site_dir: Path, languages: tuple[str, ...]) -> list[IndexStats]:
    """Every language's bundle from the built files, one language after the other, and Material's
    empty index: for a site whose documents were not kept as it was built (a large one)."""
    out = site_dir / BUNDLE_DIR
    shutil.rmtree(out, ignore_errors=True)
    pages = pages_by_language(site_dir, languages)
    stats = [index_documents(documents_from_files(site_dir, pages[lang], lang), lang, out / lang) for lang in languages]
    write_material_index(site_dir, languages)
    return stats


def write_material_index(site_dir: Path, languages: tuple[str, ...]) -> None:
    material = site_dir / MATERIAL_INDEX
    material.parent.mkdir(parents=True, exist_ok=True)
    material.write_text(json.dumps({"config": {"lang": list(languages), "separator": r"[\s\-]+", "pipeline": []},
                                    "docs": []}), encoding="utf-8")


def robots_txt(site_url: str) -> str:
    """Everything may be crawled; the sitemap lists both languages with their alternates."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"
