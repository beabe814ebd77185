"""Trust: a crash while rendering data says which entry of ``data/objectives.yml`` it came from,
in the checker's ``file:line:col`` form, which scripts/build_annotated.py turns into a CI
annotation. An ordinary module (``macros.data_lines``), used by the generated pages' hook.

Takes the configuration, the entry's line and what was being made; gives a context manager that
turns any exception into a :class:`~mkdocs.exceptions.PluginError` naming that line.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from macros import data_file
from roadmap.messages import Message, message, terminal_language
from roadmap.project import LANGS, display_path
from roadmap.page_html import PageHTML
from roadmap.render import Renderer
from roadmap.render_text import label


@contextmanager
def data_line(config: MkDocsConfig, line: int, what: Message) -> Iterator[None]:
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - re-raised as a build error that names the line
        file, lang = display_path(data_file(config.config_file_path)), terminal_language()
        said = message("build_render_failed", what=what, error=f"{type(exc).__name__}: {exc}").get(lang)
        raise PluginError(f"{message('build_data_problem').get(lang)}\n  {file}:{line}:1: error: {said}") from exc


def render_entry(config: MkDocsConfig, renderer: Renderer, kind: str, key: str, lang: str) -> PageHTML:
    with data_line(config, renderer.page_line(kind, key), Message(**{lang: f"{label(kind, lang)} '{key}'" for lang in LANGS})):
        return renderer.page(kind, key, lang)
