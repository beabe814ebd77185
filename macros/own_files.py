"""MkDocs hook (``mkdocs.yml`` ``hooks``): the build reads and publishes only the repository's own
regular files (issue #18, ``roadmap/repo_files.py``).

``on_config``, before any other hook or plugin reads a page, the data or a template: every path
under ``docs_dir`` (whatever ``mkdocs.yml`` says it is), the theme's ``custom_dir`` and ``data/``
must be a plain folder or a regular file; a symbolic link (a file or a folder, to ``/etc/passwd``,
``.git/config``, ``/dev/zero``) or any other kind of file stops the build, naming the path, in the
contributor's language (``LANG``, as ``make check``). ``on_files``: no page or asset of ``docs/``
may be published where Pagefind writes its scripts (``pagefind/``), which the site audit trusts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from roadmap import repo_files
from roadmap.messages import message, terminal_language

RESERVED = ("pagefind/",)  # folders of the site that the build's own tools write


@event_priority(200)  # before every other on_config (safety.py at 100, the data at -110)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    folders = [Path(config.docs_dir), root / "data", root / "overrides"]
    if config.theme.custom_dir:  # the project's theme folder (the installed theme's are not the project's)
        folders.append(Path(config.theme.custom_dir))
    refused = repo_files.refused(root, folders)
    if refused:
        lang = terminal_language()
        raise PluginError(repo_files.text(refused, lang))
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    for file in files:
        if file.generated_by is None and not file.is_documentation_page() and file.dest_uri.startswith(RESERVED):
            raise PluginError(message("check_reserved_path", path=file.src_uri, folder=RESERVED[0]).get(terminal_language()))
    return files
