"""Work MkDocs and its plugins repeat for every language that a build needs only once (issue #21).

mkdocs-static-i18n builds each language as a whole MkDocs build (``mkdocs.commands.build.build``)
on the same configuration, and so repeats, per language:

- ``Files.add_files_from_theme``: a walk of every file of the theme (14,500 with Material's
  icons) for the 43 it copies, 0.04 s of CPU each time. The list is kept for the build: the same
  theme folders give the same files. Relies on MkDocs 1.6 calling it once per build, right after
  ``Theme.get_env()``, with the theme's ``dirs`` and ``static_templates``;
- mkdocs-macros' ``get_git_info``: thirteen ``git`` commands at each ``on_config``, for the
  ``git`` variable no page of this site reads (0.02 s of CPU and 0.03 s at the start of a build).
  The variable is now :class:`GitInfo`, which runs them when a page first reads one of its
  fields, once per build. Relies on mkdocs-macros 1.5 calling
  ``mkdocs_macros.context.get_git_info`` by its module name; its ``on_pre_build`` turns every
  variable into text at every build (for a debug message), which is why printing ``git`` whole
  gives a placeholder rather than the commands' answers.

:func:`new_build` (macros/build_once.py, at each build's ``on_pre_build``) forgets the git
fields, so `mkdocs serve` sees a new commit at the next rebuild. Each theme folder's walk is kept
between builds while every folder it walked has the stamp it had (:func:`_folders`): a file added,
removed or renamed anywhere in the theme changes its folder's time of change, and the next build
walks again (issue #21: the walk was 0.05-0.1 s of CPU of each `mkdocs serve` rebuild). A big
folder's walk (the installed Material) is kept on disk for the next process too: a real-size
`mkdocs build` took 1.30 s of CPU instead of 1.42 s (median of 7, side by side). A folder
changed within :data:`RACY_NS` of the walk is not trusted (two changes within one tick of the
clock leave the same time): that walk serves its own build only. The second language's process
(macros/parallel.py) is forked after the first language has filled them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import mkdocs
import mkdocs_macros.context
from mkdocs.structure.files import File, Files

from roadmap import caches

# {(theme folder, static templates): (the files it gives, {every folder walked: its stamp}, trusted beyond this build)}
Walk = tuple[list[str], dict[str, tuple[int, ...]], bool]
_walks: dict[tuple[str, tuple[str, ...]], Walk] = {}
_checked: set[tuple] = set()  # the walks this build has checked or made
RACY_NS = 2_000_000_000  # a folder changed this close to the walk may change again with the same stamp
# A theme folder of more files than this has its walk kept on disk too (roadmap/caches.py), for the
# next build's process: the installed Material, 14,500 files, 0.04 s of CPU of each `mkdocs build`
# (issue #21). The project's overrides/ (a dozen files) is walked afresh, so the cache never holds
# one entry per copy of the project (the tests build hundreds).
KEPT_ABOVE = 1000
KEPT_FILE = "theme-walks.json"
KEPT_ENTRIES = 8
_git: dict[str, Any] = {}


def _add_files_from_theme(self: Files, env: Any, config: Any) -> None:
    """``Files.add_files_from_theme`` with each theme folder walked once per build, or not at all
    while its folders keep their stamps. The same files, made afresh (plugins change File
    objects), in the same order (by path); each from the first theme folder that has it, as
    MkDocs finds it; docs files still win. Relies on MkDocs 1.6 calling it once per build, right
    after ``Theme.get_env()``, whose loader reads ``config.theme.dirs`` and nothing else."""
    # the file names the walk leaves out depend on these; static templates are *.html (left
    # out anyway) or sitemap.xml, so the second language's build leaving out 404.html changes nothing.
    # A folder listed twice finds nothing more, and the first listing wins: mkdocs-static-i18n 1.3
    # puts its sitemap folder in front again at each language's on_config
    static = _static_templates(config)
    first: dict[str, str] = {}
    for top in dict.fromkeys(config.theme.dirs):
        for path in _walk(top, static, config):
            first.setdefault(path, top)
    for path in sorted(first):
        if self.get_file_from_path(path) is None:
            self.append(File(path, first[path], config.site_dir, config.use_directory_urls))


def _static_templates(config: Any) -> tuple[str, ...]:
    return tuple(sorted(t for t in config.theme.static_templates if not t.lower().endswith(".html")))


def _walk(top: str, static: tuple[str, ...], config: Any) -> list[str]:
    """The files MkDocs' own ``add_files_from_theme`` takes from the theme folder ``top`` alone
    (paths relative to it): kept in memory while its folders keep their stamps, checked once per
    build; else read from disk (:data:`KEPT_FILE`), else walked."""
    key = (top, static)
    found = _walks.get(key)
    if found is not None and key not in _checked and not (found[2] and _folders_unchanged(found[1])):
        found = None
    kept = None
    if found is None:
        kept = caches.read_kept(KEPT_FILE)
        found = _kept_walk(kept, top, static, config)
    if found is None:
        started = time.time_ns()
        folders, count = _folders(top)
        probe = Files([])
        _original_add_files_from_theme(probe, jinja2.Environment(loader=jinja2.FileSystemLoader([top])), _alone(top, config))
        trusted = all(stamp[0] < started - RACY_NS for stamp in folders.values())
        found = ([file.src_uri for file in probe], folders, trusted)
        if trusted and count > KEPT_ABOVE:
            _keep_walk(kept, top, static, found)
    _walks[key] = found
    _checked.add(key)
    return found[0]


def _disk_key(top: str, static: tuple[str, ...]) -> list[Any]:
    # MkDocs' version too: its filter of theme files may change with it
    return [top, list(static), mkdocs.__version__]


def _kept_walk(kept: Any, top: str, static: tuple[str, ...], config: Any) -> Walk | None:
    """The walk of ``top`` in ``kept`` (the cache file, as :func:`caches.read_kept` gives it), kept
    on disk by an earlier process, if every folder it walked still has
    its stamp and its files are what MkDocs' own filter keeps of them; None otherwise, or if the
    cache file is not what :func:`_keep_walk` writes (a corrupt cache is walked past, never an
    error). The cache folder is the user's, trusted as their installed packages are (it also holds
    compiled templates): this guards against a damaged file, not a forged one."""
    key = _disk_key(top, static)
    for entry in kept if isinstance(kept, list) else []:
        try:
            if not isinstance(entry, dict) or entry.get("key") != key:
                continue
            files = list(entry["files"])
            folders = {str(f): tuple(int(n) for n in s) for f, s in entry["folders"].items()}
            # only files of the theme folder, as MkDocs' walk would take them
            if (top not in folders or not _folders_unchanged(folders)
                    or not all(map(_inside, files)) or _filtered(top, files, config) != files):
                return None
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError):
            return None
        return (files, folders, True)
    return None


def _filtered(top: str, names: list[str], config: Any) -> list[str]:
    """What MkDocs' ``add_files_from_theme`` takes of ``names`` in the theme folder ``top`` (its own
    filter, and only files of the folder), in its order."""
    probe = Files([])
    listed = jinja2.Environment(loader=jinja2.DictLoader(dict.fromkeys(names, "")))
    _original_add_files_from_theme(probe, listed, _alone(top, config))
    return [file.src_uri for file in probe]


def _alone(top: str, config: Any) -> Any:
    """The configuration as ``add_files_from_theme`` reads it, with ``top`` the only theme folder."""
    return SimpleNamespace(theme=SimpleNamespace(dirs=[top], static_templates=config.theme.static_templates),
                           site_dir=config.site_dir, use_directory_urls=config.use_directory_urls)


def _inside(path: object) -> bool:
    """A relative path that stays in its folder (MkDocs' file check would follow ``..``)."""
    return isinstance(path, str) and "\0" not in path and not path.startswith("/") and ".." not in path.split("/")


def _keep_walk(kept: Any, top: str, static: tuple[str, ...], walk: Walk) -> None:
    key = _disk_key(top, static)
    others = [e for e in kept if isinstance(e, dict) and e.get("key") != key] if isinstance(kept, list) else []
    entry = {"key": key, "files": walk[0], "folders": {folder: list(stamp) for folder, stamp in walk[1].items()}}
    caches.keep(KEPT_FILE, [entry, *others][:KEPT_ENTRIES])


def _folders(top: str) -> tuple[dict[str, tuple[int, ...]], int]:
    """Every folder the theme's walk of ``top`` reads (Jinja's ``FileSystemLoader.list_templates``:
    ``os.walk``, symbolic links to folders not followed), by :func:`caches.file_stamp`, and the
    number of files in them; a theme folder that does not exist has the stamp of no file, and one
    made later another."""
    stamps = {top: caches.file_stamp(Path(top))}
    count = 0
    for folder, _, names in os.walk(top):
        stamps[folder] = caches.file_stamp(Path(folder))
        count += len(names)
    return stamps, count


def _folders_unchanged(stamps: dict[str, tuple[int, ...]]) -> bool:
    return all(caches.file_stamp(Path(folder)) == stamp for folder, stamp in stamps.items())


class GitInfo(Mapping):
    """mkdocs-macros' ``git`` variable (``git.commit``, ``git['author']``, ``git.items()``…), whose
    ``git`` commands run when a page first reads a field, once per build. A mapping, as the dict it
    stands for was to a page (Jinja's ``items`` filter, ``is mapping``), but not a dict, which
    mkdocs-macros' debug output would turn into text at every build (super_collections reads
    dicts, not other mappings); printed whole, a placeholder."""

    __slots__ = ()

    def _info(self) -> dict:
        if "info" not in _git:
            # None when git is not installed (mkdocs-macros returns dict.update's result)
            _git["info"] = _original_get_git_info() or {"status": False, "date": None}
        return _git["info"]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        info = self._info()
        return info[name] if name in info else getattr(info, name)

    def __getitem__(self, key: str) -> Any:
        return self._info()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._info()

    def __iter__(self) -> Iterator[str]:
        return iter(self._info())

    def __len__(self) -> int:
        return len(self._info())

    # the dict's own views and get, as before (not Mapping's)
    def keys(self) -> Any:
        return self._info().keys()

    def items(self) -> Any:
        return self._info().items()

    def values(self) -> Any:
        return self._info().values()

    def get(self, key: str, default: Any = None) -> Any:
        return self._info().get(key, default)

    def __repr__(self) -> str:
        return "<git: the last commit's fields, such as git.short_commit or git.date>"


def _get_git_info() -> GitInfo:
    return GitInfo()


def new_build() -> None:
    """A build (of every language) starts: what the last one learnt may be stale (the theme's
    walk is checked against its folders' stamps when the build first needs it)."""
    _checked.clear()
    _git.clear()


# Installed when first imported, so once per process (this module stays in sys.modules).
_original_add_files_from_theme = Files.add_files_from_theme
_original_get_git_info = mkdocs_macros.context.get_git_info
Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]
mkdocs_macros.context.get_git_info = _get_git_info
