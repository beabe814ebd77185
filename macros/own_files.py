"""MkDocs hook (``mkdocs.yml`` ``hooks``): the build reads and publishes only the repository's own
regular files (issue #18, ``roadmap/repo_files.py``).

``on_config``, before any other hook or plugin reads a page, the data or a template: every path
under ``docs_dir`` (whatever ``mkdocs.yml`` says it is), the theme's ``custom_dir`` and ``data/``
must be a plain folder or a regular file; a symbolic link (a file or a folder, to ``/etc/passwd``,
``.git/config``, ``/dev/zero``) or any other kind of file stops the build, naming the path, in the
contributor's language (``LANG``, as ``make check``); ``docs_dir`` and a ``site_dir`` that
``mkdocs.yml`` sets stay inside the project. ``on_files``, last: every file the build will write,
pages generated from the data included, stays inside the build's folder (an objective id
``../../x``, let through by a loosened schema, would write outside it or into the live ``site/``),
and no page or asset of ``docs/`` is published where Pagefind writes its scripts (``pagefind/``),
which the site audit trusts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from roadmap import repo_files, schema_check
from roadmap.project import EXPORT_SCHEMA_FILE, SCHEMA_FILE
from roadmap.messages import message, terminal_language
from roadmap.problems import Problem

RESERVED = ("pagefind/",)  # folders of the site that the build's own tools write


@event_priority(200)  # before every other on_config (safety.py at 100, the data at -110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    lang = terminal_language()
    for key, folder in (("docs_dir", config.docs_dir), ("site_dir", _configured_site_dir(config))):
        if folder is not None and repo_files.escapes(root, os.path.relpath(os.path.abspath(folder), root)):
            raise PluginError(message("check_folder_outside", key=key, path=folder).get(lang))
    folders = [Path(config.docs_dir), root / "data", root / "overrides"]
    if config.theme.custom_dir:  # the project's theme folder (the installed theme's are not the project's)
        folders.append(Path(config.theme.custom_dir))
    refused = repo_files.refused(root, folders)
    if refused:
        raise PluginError(repo_files.text(refused, lang))
    # the schemas the checker reads the data against (a pull request may change them too)
    schemas = [p for path in (SCHEMA_FILE, EXPORT_SCHEMA_FILE) for p in schema_check.problems(path, _shown(path, root))]
    if schemas:
        raise PluginError("\n".join(problem.text(lang) for problem in schemas))
    return config


def _shown(path: Path, root: Path) -> str:
    return os.path.relpath(path, root) if path.is_relative_to(root) else str(path)


def _not_utf8(path: Path, root: Path) -> Problem | None:
    try:
        path.read_bytes().decode("utf-8-sig")
        return None
    except UnicodeDecodeError as exc:
        before = exc.object[:exc.start]
        line, column = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        return Problem(os.path.relpath(path, root), line, column, "", "",
                       message("check_not_utf8", byte=f"0x{exc.object[exc.start]:02X}"))
    except OSError as exc:
        return Problem(os.path.relpath(path, root), 1, 1, "", "", message("check_unreadable", reason=exc.strerror))


def _configured_site_dir(config: MkDocsConfig) -> str | None:
    """``site_dir`` as ``mkdocs.yml`` writes it (``mkdocs build -d`` on the command line is the
    person building's choice, and may be anywhere): as MkDocs itself read the file, the first of
    the configurations it loaded (MkDocs 1.6 and ProperDocs keep them in ``Config``), so
    ``!ENV [UNSET, ../elsewhere]``, ``!relative $config_dir/..``, a Python tag or ``INHERIT`` from
    another file are what MkDocs made of them, not a tag read as nothing. Without that record, the
    file read again (:func:`roadmap.audit_policy.read_config`)."""
    loaded = getattr(config, "_Config__user_configs", None)
    if loaded and isinstance(loaded[0], dict):
        value = loaded[0].get("site_dir")
    else:
        from roadmap.audit_policy import read_config
        value = read_config(Path(config.config_file_path)).get("site_dir")
    if isinstance(value, os.PathLike):
        try:
            value = os.fspath(value)
        except Exception:  # noqa: BLE001 - a placeholder MkDocs cannot resolve either
            value = None
    return os.path.join(os.path.dirname(config.config_file_path), value) if isinstance(value, str) else None


@event_priority(-1000)  # last: after the generated pages (-110) and every other file is listed
def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    site_dir = Path(config.site_dir)
    for file in files:
        if repo_files.escapes(site_dir, file.dest_uri):
            source = file.src_uri if file.generated_by is None else f"{file.generated_by} ({file.src_uri})"
            raise PluginError(message("check_path_outside", path=file.dest_uri, source=source).get(terminal_language()))
    # a page MkDocs cannot read as UTF-8 would end the build with a traceback: said at its line
    lang = terminal_language()
    for file in files.documentation_pages():
        if file.generated_by is None and file.abs_src_path:
            problem = _not_utf8(Path(file.abs_src_path), Path(config.config_file_path).parent)
            if problem is not None:
                raise PluginError(problem.text(lang))
    for file in files:
        if file.generated_by is None and not file.is_documentation_page() and file.dest_uri.startswith(RESERVED):
            raise PluginError(message("check_reserved_path", path=file.src_uri, folder=RESERVED[0]).get(terminal_language()))
    return files
