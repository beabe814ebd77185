"""Build the site's languages in parallel processes, with the same output, byte for byte, as
mkdocs-static-i18n building them one after the other (tests/test_parallel_build.py).

mkdocs-static-i18n (1.3) builds the default language, then every other one from inside its
own ``on_post_build``: ``for locale in self.build_languages: self.current_language = locale;
build(config)``, with ``mkdocs.utils.clean_directory`` patched out so the languages share
``site_dir``. On a machine with two free cores this module starts that same inner build in a
forked child as soon as the default language's build has cleaned ``site_dir`` (the hooks'
``on_files``), and the parent builds the default language meanwhile; the hooks' ``on_post_build``
waits for the child before the search index, the 404 page and robots.txt. What it relies on:

- i18n's ``current_language``, ``building`` (its ``on_post_build`` returns early when set: the
  parent sets it, so i18n does not build the other languages again) and
  ``i18n_files_per_language`` (the pages its ``sitemap.xml`` template lists, language by
  language, in build order);
- what the languages share in ``site_dir``: theme and docs assets (both processes write the same
  bytes, as the sequential builds do), ``sitemap.xml`` (each process renders its own languages'
  entries; the parent joins them as the last sequential build writes them), ``404.html`` (the
  hooks keep the default language's) and ``search/search_index.json`` (emptied by
  roadmap/search.py). With ``extra.search_engine: material`` the build stays sequential: i18n
  merges that index across languages in memory;
- ``os.fork``: the child starts with everything loaded (MkDocs, the theme, the validated data).

``ROADMAP_PARALLEL_LANGUAGES=0`` builds one language after the other, ``=1`` in parallel even on
one core; unset, in parallel when at least two cores are available to the process, except in a
`mkdocs serve` rebuild that reuses the last build's pages (macros/incremental.py): one after the
other there, in the process that keeps what each language works out per objective.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gzip
import json
import logging
import os
import re
import signal
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from macros import incremental, search_pages

ENV = "ROADMAP_PARALLEL_LANGUAGES"
log = logging.getLogger("mkdocs.plugins.roadmap")

_child: tuple[int, Path] | None = None  # (pid, where it writes its sitemaps) of the running child
_sitemaps: dict[str, str] = {}  # sitemap.xml as rendered by this process, by language


def wanted(config: MkDocsConfig, i18n: Any) -> bool:
    """Whether this (default-language, outer) build should hand the other languages to a child."""
    setting = os.environ.get(ENV, "")
    if (setting == "0" or not hasattr(os, "fork") or i18n.building or len(i18n.build_languages) < 2
            or i18n.current_language != i18n.default_language
            or config.extra.get("search_engine", "pagefind") != "pagefind"):
        return False
    if setting != "1" and incremental.enabled() and incremental.recorded:
        # a `mkdocs serve` rebuild reusing the last build's pages: one after the other, in this
        # process, which keeps between builds what each language works out per objective
        # (roadmap/page_inputs.py, roadmap/export.py); a child's would be lost with it (issue #21)
        return False
    return setting == "1" or len(os.sched_getaffinity(0)) >= 2


SITEMAP = "sitemap.xml"
_in_child = False  # this process is the child building the other languages: each renders its part
_sitemap_held: list[Any] = []  # the theme whose sitemap.xml a language built before the last one did not render


def sitemap_of_last_language_only(config: MkDocsConfig, i18n: Any) -> None:
    """Languages built one after the other in this process share ``config``; each renders
    ``sitemap.xml`` (every language built so far), and the last one's overwrites the others':
    those are not rendered (issue #21: a tenth of a `mkdocs serve` rebuild at 1,000 objectives).
    Built in parallel, each process renders its own part (:func:`record_template`)."""
    others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
    last = others[-1] if others else i18n.default_language
    templates = config.theme.static_templates
    if i18n.current_language == last or running() or _in_child:
        if _sitemap_held and _sitemap_held[0] is config.theme:
            templates.add(SITEMAP)
        _sitemap_held.clear()
    elif SITEMAP in templates:
        templates.discard(SITEMAP)
        _sitemap_held[:] = [config.theme]


def running() -> bool:
    return _child is not None


def start(config: MkDocsConfig, i18n: Any) -> None:
    """Fork a child that builds every language but the default one into ``site_dir``."""
    global _child, _in_child
    _sitemaps.clear()
    fd, result = tempfile.mkstemp(prefix="roadmap-languages-", suffix=".json")
    os.close(fd)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    parent = os.getpid()
    # no signal between the fork and the child's own handlers (it would run the parent's)
    stops = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    pid = os.fork()
    if pid != 0:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)
    if pid == 0:  # the child: never returns into the parent's build
        _in_child = True
        status = 1
        try:
            _stop_with_parent(parent)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)
            _build_other_languages(config, i18n)
            indexed = search_pages.finish()  # the languages it indexed itself, as they were built
            Path(result).write_text(json.dumps({"sitemaps": _sitemaps, "search": search_pages.pending(),
                                                "indexed": indexed, "incremental": incremental.child_result()}),
                                    encoding="utf-8")
            status = 0
        except BaseException:  # noqa: BLE001 - reported here; the parent fails the build
            if not isinstance(sys.exc_info()[1], SystemExit):
                traceback.print_exc()
        finally:
            logging.shutdown()
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            os._exit(status)
    _child = (pid, Path(result))
    i18n.building = True  # the other languages are the child's: i18n's on_post_build leaves them


def _stop_with_parent(parent: int) -> None:
    """The child stops when the build does, however it is stopped (even ``SIGKILL``): Linux sends
    it ``SIGTERM`` when its parent dies (``prctl(PR_SET_PDEATHSIG)``); elsewhere the parent's
    ``on_shutdown`` stops it (macros/safety.py). A parent already gone: stop now. Ctrl-C reaches
    the child too: it leaves stopping the child to the parent, and ``SIGTERM`` stops it at once
    (the parent removes what it wrote)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        raise SystemExit(1)


def _build_other_languages(config: MkDocsConfig, i18n: Any) -> None:
    """What mkdocs-static-i18n's on_post_build does after the default language, in this process."""
    from mkdocs.commands.build import build
    from mkdocs_static_i18n.utils import I18nLoggingFilter

    utils.clean_directory = lambda path: None  # the languages share site_dir
    i18n.building = True
    search_pages.hand_back = True  # a large language's documents go back to the parent to index
    i18n.i18n_files_per_language = {}  # this process's sitemap lists its own languages only
    quiet = I18nLoggingFilter()  # the same log lines i18n leaves out of inner builds
    quiet.filtered_prefixes.update({"Documentation built in", "Building documentation to directory"})
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv
    for locale in i18n.build_languages:
        if locale != i18n.default_language:
            i18n.current_language = locale
            build(config, dirty=dirty)


def record_template(template_name: str, output: str, i18n: Any) -> None:
    if template_name == "sitemap.xml":
        _sitemaps[i18n.current_language] = output


def finish(config: MkDocsConfig, i18n: Any) -> None:
    """Wait for the child; write the sitemap of every language, as a sequential build would."""
    global _child
    assert _child is not None
    pid, result = _child
    _child = None
    i18n.building = False
    try:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise PluginError("Building the other languages failed: see the messages above.")
        theirs = json.loads(result.read_text(encoding="utf-8"))
    finally:
        result.unlink(missing_ok=True)
    incremental.from_child(theirs["incremental"])  # what they built (macros/incremental.py)
    search_pages.received(theirs["search"], theirs["indexed"])  # their search indexes or documents (macros/search_pages.py)
    theirs = theirs["sitemaps"]
    parts = [_sitemaps[i18n.default_language]] + [theirs[lang] for lang in i18n.build_languages if lang in theirs]
    write_sitemap(Path(config.site_dir), join_sitemaps(parts), parts[-1])


def abort() -> None:
    """The parent's build failed: stop the child and forget it."""
    global _child
    if _child is not None:
        pid, result = _child
        _child = None
        try:
            os.kill(pid, 15)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        result.unlink(missing_ok=True)


_URLSET = re.compile(r"\A.*?<urlset\b[^>]*>", re.S)
_END = "\n</urlset>"


def join_sitemaps(parts: list[str]) -> str:
    """One ``<urlset>`` with the ``<url>`` entries of every part, in order. Each part is
    mkdocs-static-i18n's sitemap.xml template rendered with one process's languages."""
    head = _URLSET.match(parts[0])
    if head is None or not all(part.endswith(_END) for part in parts):
        raise PluginError("sitemap.xml is not the one mkdocs-static-i18n writes: build with ROADMAP_PARALLEL_LANGUAGES=0")
    return head.group(0) + "".join(_URLSET.sub("", part, count=1)[: -len(_END)] for part in parts) + _END


_LASTMOD = re.compile(r"<lastmod>([^<]+)</lastmod>")


def write_sitemap(site_dir: Path, text: str, last_part: str) -> None:
    """sitemap.xml and its gzip copy, written as MkDocs' own build writes them
    (mkdocs.commands.build._build_theme_template: the gzip time is the latest ``update_date`` of
    the pages of the language built last, which ``last_part``, that language's entries, lists as
    ``<lastmod>``; the build's day when it lists none). It was the build's day: a day after the
    pages' latest date, the file was not the one a build of one language after the other writes."""
    path = site_dir / "sitemap.xml"
    path.write_bytes(text.encode("utf-8"))
    latest = max(_LASTMOD.findall(last_part), default=None) or utils.get_build_date()
    day = dt.datetime.fromisoformat(latest).replace(tzinfo=dt.timezone.utc)
    gz_path = f"{path}.gz"
    with open(gz_path, "wb") as file, gzip.GzipFile(fileobj=file, filename=gz_path, mode="wb",
                                                    mtime=int(day.timestamp())) as gz:
        gz.write(text.encode("utf-8"))
