"""mkdocs-static-i18n as the hooks read it: the plugin, the language being built, where each
language's pages go. An ordinary module (``macros.languages``), shared by the hook modules.

Takes the MkDocs configuration; gives the i18n plugin, a language's URL prefix and a generated
page's destination. Relies on mkdocs-static-i18n 1.3 internals (MAINTAINERS.md, "Plugin internals
the hooks rely on"): the plugin is ``config.plugins["i18n"]``, with ``current_language`` (the
language being built) and ``default_language`` (written at the site root, the others in a folder).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig


def i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def prefix(config: MkDocsConfig, lang: str) -> str:
    """mkdocs-static-i18n writes the default language at the root, the others in a folder."""
    return "" if lang == i18n(config).default_language else f"{lang}/"


def dest_uri(config: MkDocsConfig, lang: str, path: str, lang_prefix: str | None = None) -> str:
    """Where a generated page ``path`` goes in ``lang`` (``lang_prefix``: :func:`prefix`'s, when
    the caller has it: a build asks for thousands of pages, and the plugin looks the default
    language up in its settings at each call)."""
    folder = prefix(config, lang) if lang_prefix is None else lang_prefix
    stem = _stem(path)
    return f"{folder}{stem}/index.html" if config.use_directory_urls else f"{folder}{stem}.html"


@lru_cache(maxsize=1 << 14)
def _stem(path: str) -> str:
    return str(PurePosixPath(path).with_suffix(""))
