"""`mkdocs serve` rebuilds: a page whose inputs did not change since the last good build is neither
rendered nor written again (issue #21). A save of ``data/objectives.yml`` that changes one
objective's English title then renders, in English, that objective's page, its countries' and
institutions' pages and the written pages that call macros (listings...), and in Spanish nothing:
what each page depends on is roadmap/page_inputs.py's. Files that are not pages (listings of
downloads, feeds, sitemap, search index, theme assets) are made by MkDocs' own build as in a full one.

A page is reused only when its fingerprint is the one recorded for it at the last good build and
its file is still there; it then gets back what the rest of the build reads of it (title, front
matter, ``<lastmod>``, anchors, links to anchors, search document), recorded with the fingerprint.
A written page's title shows in every page's navigation: when a rebuilt one's title changed, the
pages meant to be reused are made again after all. A failed build forgets everything, so the next
one is whole.

Where MkDocs' build would empty the site folder first, it is left as it is and, once built, the
files of the last good build that this one no longer makes are removed; after a failed build
(nothing recorded), it is emptied as MkDocs does. ``ROADMAP_INCREMENTAL=0``
turns it off. tests/test_incremental.py compares a rebuild after a data change with a full build
of the changed data, byte for byte. Relies on MkDocs 1.6's ``mkdocs.commands.build``
(``_populate_page``, ``_build_page``, ``utils.clean_directory``) and its ``Page`` (the attributes
``_populate_page`` sets: ``meta``, ``_title_from_render``, ``toc``, ``present_anchor_ids``,
``links_to_anchors``; ``update_date``, set by macros/page_dates.py's ``on_pre_page``) and
``File.copy_file`` (``_content``: a file made in memory, always written), and
``MkDocsConfig.load_file`` (given the open configuration file). A static file is not
copied again when neither it nor its copy changed since the last good build (their stamps).
"""

from __future__ import annotations

import base64
import os
import pickle
import re
import time
from pathlib import Path
from typing import Any, Callable

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

from macros import kept_markdown, once, sitemap  # noqa: F401 - sitemap.xml by Python (macros/sitemap.py)
from roadmap import caches, kept_rows
from roadmap.page_inputs import Inputs

ENV = "ROADMAP_INCREMENTAL"
WATCHED = ("docs", "overrides", "roadmap", "macros", "data")  # and the configuration file (_files_state)
DATA = Path("data") / "objectives.yml"

# the last good build's: {dest_uri: (fingerprint, what the build reads of the page)}, every file it made
recorded: dict[str, tuple[str, dict]] = {}
made: set[str] = set()
# this build's, recorded as pages are built (in this process and, after it, the child's)
_new: dict[str, tuple[str, dict]] = {}
_new_made: set[str] = set()
_active = False
_inputs: dict[str, Any] = {}  # this build's: the files' state, and Inputs by language
_retitled: list[str] = []  # written pages of this language rebuilt with another title than last time


def _files_state(project: Path, config_file: str | None = None) -> list:
    """Every watched file but the data's objectives, by name and stamp (:func:`caches.file_stamp`:
    size, time of change, inode and time of status change, so a rewrite of the same size whose
    time was put back, as ``cp -p`` or ``rsync -t`` do, is still a change), and the configuration
    file (``config_file``, else ``mkdocs.yml``) by its stamp when MkDocs opened it (:func:`_load_file`)."""
    state = []
    for name in WATCHED:
        top = project / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in paths:
            if path != project / DATA:
                state.append([path.relative_to(project).as_posix(), *caches.file_stamp(path)])
    config = Path(config_file) if config_file else project / "mkdocs.yml"
    read = _config_read.get(os.path.abspath(config))
    if read is None:  # a load before the hooks were (a process's first): the stamp now
        read = caches.file_stamp(config)
        now = time.time_ns()
        if now - read[0] < once.RACY_NS:  # so recent it may postdate MkDocs' reading: not trusted
            read = (*read, now)
    state.append([config.name, *read])
    return state


# {a configuration file's absolute path: its stamp when MkDocs last opened it to read it}. The
# files' stamps are taken once the build lists its files, after MkDocs read the configuration: a
# save landing in between (a second save a moment after the first) gave a build the old
# configuration and the new stamp, and the rebuild that save set off reused every page made from
# the old one. The stamp of the open file is that of what is read (a save replacing the file
# makes a new one). MkDocs' first load, before the hooks are loaded, is not seen: its stamp is
# taken later, and not trusted when that close to a change (the next build then makes every page).
_config_read: dict[str, tuple[int, ...]] = {}


def _load_file(self: Any, config_file: Any) -> None:
    """``MkDocsConfig.load_file``, noting the stamp of the file it reads."""
    path = os.path.abspath(self.config_file_path or "")
    try:
        stat = os.fstat(config_file.fileno())
        _config_read[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns)
    except (AttributeError, OSError, TypeError, ValueError):  # no file behind it (stdin, a string)
        _config_read.pop(path, None)
    _original_load_file(self, config_file)


def _language_inputs(renderer: Any, lang: str, config: Any) -> Inputs:
    if "files" not in _inputs:
        _inputs["files"] = _files_state(Path(config.config_file_path).parent, config.config_file_path)
    key = ("inputs", lang)
    cached = _inputs.get(key)
    if cached is None or cached.renderer is not renderer:
        cached = _inputs[key] = Inputs(renderer, lang, _inputs["files"], [config.site_url, config.repo_url])
        # what tells a listing's row made in an earlier build is still right (roadmap/kept_rows.py)
        renderer.row_inputs[lang] = cached
    return cached


def language_base(renderer: Any, lang: str, config: Any) -> str:
    """``Inputs.base`` of the language being built: what every page of it depends on."""
    return _language_inputs(renderer, lang, config).base


def prepare(renderer: Any, lang: str, config: Any) -> None:
    """Before a language's files (the feed) are made: its inputs, so its rows may be kept."""
    if _active:
        _language_inputs(renderer, lang, config)


# A file shown in one language (the change feed) by (its name, the language): the inputs it was
# made from and its text, from the last good build (``kept_files``) and this one. Its inputs are
# those of a written page showing every objective: the language's ``Inputs.base`` and every
# objective as seen in it (roadmap/page_inputs.py), and the caller's ``args`` (its address...).
kept_files: dict[tuple[str, str], tuple[tuple, str]] = {}
_new_kept_files: dict[tuple[str, str], tuple[tuple, str]] = {}


def kept_text(name: str, renderer: Any, lang: str, config: Any, make: Callable[[], str], *args: Any) -> str:
    """``make()``, the text of a file showing the data as seen in ``lang`` alone; in `mkdocs serve`,
    the last good build's text when its inputs are the same (issue #21: the Spanish feed, 1,800
    entries at 1,000 objectives, was made again for every saved English title)."""
    if not _active:
        return make()
    inputs = _language_inputs(renderer, lang, config)
    key = (inputs.base, inputs.all_objectives, args)
    last = kept_files.get((name, lang))
    text = last[1] if last is not None and last[0] == key else make()
    _new_kept_files[(name, lang)] = (key, text)
    return text


def fingerprint(page: Any, config: Any) -> str | None:
    """The fingerprint of a page whose inputs roadmap/page_inputs.py knows, else None (always built)."""
    from macros import languages, site

    lang = languages.i18n(config).current_language
    identity = [page.file.src_uri, page.file.dest_uri, page.edit_url, page.update_date]
    kind, key, _ = getattr(page, "source_key", (None, None, None))
    if kind is not None:
        return _language_inputs(page.renderer, lang, config).generated(kind, key, identity)
    # a written page of docs/, as MkDocs makes it (other pages, such as stand-ins, are always made)
    if type(page) is not Page or not page.file.abs_src_path or page.file.generated_by:
        return None
    _, renderer = site(config.config_file_path)
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    if _READS_GIT.search(source):
        # mkdocs-macros' ``git`` variable: the last commit, which no watched file shows (a commit
        # made while serving was shown at the next rebuild by a full build, not by this one). Read
        # only for such pages (none of this site's), once per build (macros/once.py)
        identity.append(sorted(once.GitInfo().items()))
    return _language_inputs(renderer, lang, config).written(source, identity)


# a page that may read mkdocs-macros' ``git``: by its name, or through another file it includes
_READS_GIT = re.compile(r"\bgit\b|\{%-?\s*(?:include|import|from|extends)\b")


def enabled() -> bool:
    return _active


def start(config: Any, serving: bool) -> None:
    """A build starts (its first language): incremental in `mkdocs serve` when it is not off."""
    global _active
    _active = serving and os.environ.get(ENV) != "0"
    kept_markdown.start(_active)
    _new.clear()
    _new_made.clear()
    _new_copied.clear()
    _new_kept_files.clear()
    for inputs in _inputs.values():  # a renderer kept from the last build keeps no stale inputs
        if isinstance(inputs, Inputs):
            inputs.renderer.row_inputs.clear()
    _inputs.clear()
    if not _active:
        forget()


def language_files(files: Any) -> None:
    """The files a language's build makes."""
    _retitled.clear()
    _page_dests.clear()
    if _active:
        _new_made.update(f.dest_uri for f in files)
        _page_dests.update(f.dest_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve))


def forget() -> None:
    """A failed build: the next one builds every page."""
    recorded.clear()
    made.clear()
    copied.clear()
    kept_files.clear()
    kept_rows.forget()
    kept_markdown.forget()


def finished(site_dir: Path) -> None:
    """A good build: remove what the last one made and this one did not; remember this one."""
    global recorded, made, copied, kept_files
    if not _active:
        return
    for stale in sorted(made - _new_made):
        (site_dir / stale).unlink(missing_ok=True)
        for folder in (site_dir / stale).parents:
            if folder == site_dir or any(folder.iterdir()):
                break
            folder.rmdir()
    recorded, made, copied = dict(_new), set(_new_made), dict(_new_copied)
    kept_files = dict(_new_kept_files)


def child_result() -> dict:
    return {"pages": base64.b64encode(pickle.dumps(_new)).decode("ascii"), "made": sorted(_new_made)}


def from_child(result: dict) -> None:
    if "pages" in result:
        _new.update(pickle.loads(base64.b64decode(result["pages"])))
    _new_made.update(result.get("made", ()))


# --------------------------------------------------------------------------- what the build reads of a page

def _state(page: Any) -> dict:
    """What the rest of the build reads of a page it made (the nav, the sitemap, anchor checks)."""
    links = {f.src_uri: dict(anchors) for f, anchors in (page.links_to_anchors or {}).items()}
    return {"meta": page.meta, "title": page._title_from_render, "update_date": page.update_date,
            "anchors": set(page.present_anchor_ids or ()), "links": links}


def _restore(page: Any, state: dict, files: Any) -> None:
    page.meta, page._title_from_render, page.update_date = dict(state["meta"]), state["title"], state["update_date"]
    # MkDocs' Page.title is None until the page is read (``markdown`` None); read, it comes from
    # the front matter, then the title the render found, then the file's name
    page.markdown, page.content = "", ""
    page.present_anchor_ids = set(state["anchors"])
    page.links_to_anchors = {files.get_file_from_path(src): dict(anchors) for src, anchors in state["links"].items()
                             if files.get_file_from_path(src) is not None}


# --------------------------------------------------------------------------- MkDocs' build, page by page

def _populate_page(page: Any, config: Any, files: Any, dirty: bool = False) -> None:
    page.roadmap_fingerprint = None
    page.roadmap_reused = False
    if (not _active and not dirty and getattr(page, "source_key", None) is not None
            and not getattr(page, "roadmap_in_nav", False)):
        _defer(page, files)
        return
    if _active:
        if getattr(page, "source_key", None) is None and type(page) is Page:
            # a written page's <lastmod> (macros/page_dates.py) is one of its inputs; MkDocs runs
            # on_pre_page again if the page is made (the hooks' on_pre_page may run twice)
            page = config.plugins.on_pre_page(page, config=config, files=files)
        page.roadmap_fingerprint = fingerprint(page, config)
        last = recorded.get(page.file.dest_uri)
        if (page.roadmap_fingerprint is not None and last is not None and last[0] == page.roadmap_fingerprint
                and os.path.isfile(page.file.abs_dest_path)):
            page.roadmap_reused = True  # built by the last good build, from the same inputs
            page.roadmap_files = files
            _restore(page, last[1], files)
            return
    _populate(page, config, files, dirty=dirty)
    if _active and page.roadmap_fingerprint is not None:
        last = recorded.get(page.file.dest_uri)
        in_nav = page.file.inclusion.is_in_nav() or getattr(page, "roadmap_in_nav", False)
        # the title the navigation shows: the front matter's (a generated page's, from the data), else the render's
        if in_nav and last is not None and (last[1]["meta"].get("title"), last[1]["title"]) != (
                page.meta.get("title"), page._title_from_render):
            _retitled.append(page.file.dest_uri)  # the navigation of every page changes
        page.roadmap_state = _state(page)


def navigation(nav: Any) -> None:
    """The pages this language's navigation lists: their titles show on every page. A generated
    page is marked not in the navigation (macros/generated_pages.py), but mkdocs.yml's ``nav``
    may still list it (a country's page, say): it is then read with the written pages, not
    deferred (its title was None in the navigation of the pages written before it: "None" was
    published), and a new title of it makes every page again in `mkdocs serve`."""
    for page in nav.pages:
        page.roadmap_in_nav = True


def _defer(page: Any, files: Any) -> None:
    """A generated page (macros/generated_pages.py) is read and rendered just before it is
    written, not with every other page first, as MkDocs 1.6 does so that each page knows every
    title: nothing reads a generated page before it is written but its ``<lastmod>`` (the
    sitemap, written before the pages) and, after every page is written, its anchors. Rendered
    first, every generated page's HTML was held at once (issue #21: 84 MB in each language's
    process at 5,000 objectives, the build's peak); now one at a time, let go once written
    (macros/build_once.py). Not in `mkdocs serve`'s incremental builds, which record pages as
    they are read, nor a page the navigation lists (:func:`navigation`)."""
    page.date()
    page.roadmap_deferred = files


def _build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                excluded: bool = False) -> None:
    files = getattr(page, "roadmap_deferred", None)
    if files is not None:
        page.roadmap_deferred = None
        _populate(page, config, files, dirty=dirty)
    if getattr(page, "roadmap_reused", False) and _retitled:
        page.roadmap_reused = False  # a title in the navigation changed: made after all
        _populate(page, config, page.roadmap_files, dirty=dirty)
        page.roadmap_state = _state(page)
    if getattr(page, "roadmap_reused", False):
        from macros import languages, search_pages

        # its search document, kept from the last build
        search_pages.reuse(languages.i18n(config).current_language, page.file.dest_uri)
        state = recorded[page.file.dest_uri][1]
    else:
        _build(page, config, doc_files, nav, env, dirty=dirty, excluded=excluded)
        state = getattr(page, "roadmap_state", None)
    if _active and getattr(page, "roadmap_fingerprint", None) is not None and state is not None:
        _new[page.file.dest_uri] = (page.roadmap_fingerprint, state)


def _clean_directory(directory: str) -> None:
    """MkDocs empties the site folder before a build; a rebuild leaves it (:func:`finished` removes
    what it no longer makes), but not when no good build is recorded: after a failed one, which
    forgot the files the last good build made (a page it no longer makes would stay served) and may
    have written some of its own."""
    if not _active or not made:
        from macros import serve

        serve.wait()  # the last build's search index, stopped (macros/serve.py), writes no more
        _clean(directory)


# --------------------------------------------------------------------------- static files

# {destination: (the source's stamp, the copy's stamp)} of the copies the last good build made or
# kept, and this build's. A copy whose source and whose own file have the stamps they had then
# (roadmap/caches.py: any write changes them) is the source's bytes: it is not copied again
# (issue #21: each rebuild copied the theme's and the pages' 100 static files again, per language).
copied: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
_new_copied: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
# this language's pages' addresses: a static file at one (docs/es/acerca/index.html beside acerca.md)
# is not copied, as a full build writes the page over it; copied, it replaced a page reused unwritten
_page_dests: set[str] = set()


def _copy_file(self: File, dirty: bool = False) -> None:
    if not _active or self._content is not None or not self.abs_src_path:
        _copy(self, dirty)
        if not _active and not dirty and self._content is not None:
            # a file made in memory (the downloads, the feed: 31 MB a language at 5,000
            # objectives) is read, if at all, from what was just written, not held to the build's
            # end (issue #21); `mkdocs serve`'s incremental builds keep it, to write it again
            self._content, self.abs_src_path = None, self.abs_dest_path
        return
    if self.dest_uri in _page_dests:
        return
    dest = self.abs_dest_path
    stamps = (caches.file_stamp(Path(self.abs_src_path)), caches.file_stamp(Path(dest)))
    if stamps[1][2] == 0 or stamps not in (copied.get(dest), _new_copied.get(dest)):
        _copy(self, dirty)
        # the source's stamp from before the copy: a save landing during or just after it must
        # differ from what is recorded (taken after, it stood beside the old copy for good)
        stamps = (stamps[0], caches.file_stamp(Path(dest)))
    _new_copied[dest] = stamps


if not getattr(mkdocs_build._populate_page, "roadmap_incremental", False):
    _populate, _build, _clean = mkdocs_build._populate_page, mkdocs_build._build_page, utils.clean_directory
    _copy = File.copy_file
    _original_load_file = MkDocsConfig.load_file
    MkDocsConfig.load_file = _load_file  # type: ignore[method-assign]
    _populate_page.roadmap_incremental = True  # type: ignore[attr-defined]
    mkdocs_build._populate_page = _populate_page
    mkdocs_build._build_page = _build_page
    utils.clean_directory = _clean_directory
    File.copy_file = _copy_file  # type: ignore[method-assign]
