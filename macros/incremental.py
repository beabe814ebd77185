"""`mkdocs serve` rebuilds: an objective's page whose inputs did not change since the last good
build is neither rendered nor written again (issue #21). A save of ``data/objectives.yml`` that
changes one objective then renders one objective page per language, not a thousand; every other
page (countries, institutions, hand-written pages and their listings, feeds, downloads, sitemap,
search index) is built as in a full build, by MkDocs' own build in its own serve loop.

What an objective page shows comes from its own entry, the data outside the objectives (countries,
institutions, sources, glossary, labels of statuses and themes...), the list of objective ids,
the build date, which of those texts are stale translations, and the site's files (templates,
pages, configuration): its fingerprint (:func:`fingerprint`) is a hash of all of that, in a form
that does not depend on the process (sets sorted). A page is reused only when its fingerprint is
the one recorded for it at the last good build and its file is still there; a failed build forgets
everything, so the next one is whole.

Where MkDocs' build would empty the site folder first, it is left as it is and, once built, the
files of the last good build that this one no longer makes are removed. ``ROADMAP_INCREMENTAL=0``
turns it off. tests/test_incremental.py compares a rebuild after a data change with a full build
of the changed data, byte for byte. Relies on MkDocs 1.6's ``mkdocs.commands.build``
(``_populate_page``, ``_build_page``, ``utils.clean_directory``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build

ENV = "ROADMAP_INCREMENTAL"
WATCHED = ("docs", "overrides", "roadmap", "macros", "data", "mkdocs.yml")
DATA = Path("data") / "objectives.yml"

# the last good build's: {dest_uri: fingerprint} of objective pages, and every file it made
recorded: dict[str, str] = {}
made: set[str] = set()
# this build's, recorded as pages are built (in this process and, after it, the child's)
_new: dict[str, str] = {}
_new_made: set[str] = set()
_active = False
_common: dict[int, tuple[Any, str]] = {}


def canonical(value: Any) -> Any:
    """``value`` (the model's dataclasses, tuples, dicts, sets, text) as JSON, the same in every process."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}]
    if isinstance(value, dict):
        return [[canonical(k), canonical(v)] for k, v in value.items()]
    if isinstance(value, (tuple, list)):
        return [canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=json.dumps)
    return value


def _texts(value: Any, found: set) -> set:
    from roadmap.model import Text

    if isinstance(value, Text):
        found.add(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _texts(getattr(value, f.name), found)
    elif isinstance(value, dict):
        for item in value.values():
            _texts(item, found)
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            _texts(item, found)
    return found


def _files_state(project: Path) -> list:
    """Every watched file but the data's objectives, by name, size and time of change."""
    state = []
    for name in WATCHED:
        top = project / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in paths:
            if path != project / DATA:
                stat = path.stat()
                state.append([path.relative_to(project).as_posix(), stat.st_size, stat.st_mtime_ns])
    return state


def _common_part(renderer: Any, project: Path) -> str:
    """The hash of what every objective page depends on besides its own entry."""
    cached = _common.get(id(renderer))
    if cached is not None and cached[0] is renderer:
        return cached[1]
    roadmap = renderer.roadmap
    fields = [f.name for f in dataclasses.fields(roadmap) if f.name != "objectives"]
    others = {name: canonical(getattr(roadmap, name)) for name in fields}
    # the stale status of the texts shown outside the objectives (an objective's own: fingerprint())
    outside: set = set()
    for name in fields:
        _texts(getattr(roadmap, name), outside)
    stale = sorted([[t.es, t.en, lang] for t, lang in renderer._stale.items() if t in outside], key=json.dumps)
    digest = hashlib.sha256(json.dumps([others, list(roadmap.objectives), str(renderer.today), stale,
                                        _files_state(project)]).encode())
    _common.clear()
    _common[id(renderer)] = (renderer, digest.hexdigest())
    return _common[id(renderer)][1]


def fingerprint(page: Any, project: Path) -> str | None:
    """The fingerprint of a generated objective page, or None for any other page."""
    kind, key, lang = getattr(page, "source_key", (None, None, None))
    if kind != "objective":
        return None
    renderer = page.renderer
    objective = renderer.roadmap.objectives[key]
    stale = sorted([[t.es, t.en, renderer._stale[t]] for t in _texts(objective, set()) if t in renderer._stale],
                   key=json.dumps)
    own = json.dumps([canonical(objective), stale, lang, page.edit_url, page.file.dest_uri])
    return hashlib.sha256((_common_part(renderer, project) + own).encode()).hexdigest()


def enabled() -> bool:
    return _active


def start(config: Any, serving: bool) -> None:
    """A build starts (its first language): incremental in `mkdocs serve` when it is not off."""
    global _active
    _active = serving and os.environ.get(ENV) != "0"
    _new.clear()
    _new_made.clear()
    if not _active:
        forget()


def language_files(files: Any) -> None:
    """The files a language's build makes."""
    if _active:
        _new_made.update(f.dest_uri for f in files)


def forget() -> None:
    """A failed build: the next one builds every page."""
    recorded.clear()
    made.clear()


def finished(site_dir: Path) -> None:
    """A good build: remove what the last one made and this one did not; remember this one."""
    global recorded, made
    if not _active:
        return
    for stale in sorted(made - _new_made):
        (site_dir / stale).unlink(missing_ok=True)
        for folder in (site_dir / stale).parents:
            if folder == site_dir or any(folder.iterdir()):
                break
            folder.rmdir()
    recorded, made = dict(_new), set(_new_made)


def child_result() -> dict:
    return {"fingerprints": _new, "made": sorted(_new_made)}


def from_child(result: dict) -> None:
    _new.update(result.get("fingerprints", {}))
    _new_made.update(result.get("made", ()))


# --------------------------------------------------------------------------- MkDocs' build, page by page

def _populate_page(page: Any, config: Any, files: Any, dirty: bool = False) -> None:
    page.roadmap_fingerprint = None
    if _active:
        page.roadmap_fingerprint = fingerprint(page, Path(config.config_file_path).parent)
        if (page.roadmap_fingerprint is not None and recorded.get(page.file.dest_uri) == page.roadmap_fingerprint
                and Path(page.file.abs_dest_path).is_file()):
            page.roadmap_reused = True  # built by the last good build, from the same inputs
            page.links_to_anchors, page.present_anchor_ids = {}, set()
            return
    page.roadmap_reused = False
    _populate(page, config, files, dirty=dirty)


def _build_page(page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False,
                excluded: bool = False) -> None:
    if getattr(page, "roadmap_reused", False):
        from macros import languages, search_pages

        # its search document, kept from the last build
        search_pages.reuse(languages.i18n(config).current_language, page.file.dest_uri)
    else:
        _build(page, config, doc_files, nav, env, dirty=dirty, excluded=excluded)
    if _active and getattr(page, "roadmap_fingerprint", None) is not None:
        _new[page.file.dest_uri] = page.roadmap_fingerprint


def _clean_directory(directory: str) -> None:
    if not _active:
        _clean(directory)


if not getattr(mkdocs_build._populate_page, "roadmap_incremental", False):
    _populate, _build, _clean = mkdocs_build._populate_page, mkdocs_build._build_page, utils.clean_directory
    _populate_page.roadmap_incremental = True  # type: ignore[attr-defined]
    mkdocs_build._populate_page = _populate_page
    mkdocs_build._build_page = _build_page
    utils.clean_directory = _clean_directory
