"""mkdocs-macros module: the functions Markdown pages call, e.g. ``{{ objectives_table(horizon="short") }}``.

A thin layer: it works out the page's language and its distance to the language root, then
hands over to :class:`roadmap.render.Renderer`. Nothing here formats HTML or Markdown.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from macros import serve
from roadmap import progress, translations
from roadmap.model import Roadmap, load_cached
from roadmap.page_html import ids_in
from roadmap.project import LANGS
from roadmap.yaml_reader import forget_parsed
from roadmap.render import Renderer
from roadmap.schema_doc import reference

DATA_PATH = "data/objectives.yml"  # relative to mkdocs.yml
DOCS_PATH = "docs"  # mkdocs.yml's docs_dir
_site: tuple[Roadmap, Renderer] | None = None
_translations: translations.Report | None = None


@lru_cache(maxsize=8)  # called for every page and macro: resolve the path once
def data_file(config_file_path: str) -> Path:
    return Path(config_file_path).resolve().parent / DATA_PATH


def site(config_file_path: str, refresh_translations: bool = False) -> tuple[Roadmap, Renderer]:
    """The validated roadmap and its renderer, rebuilt only when the data file changes or, with
    ``refresh_translations`` (once per build: it reads every page), the translations' state."""
    global _site, _translations
    data = data_file(config_file_path)
    roadmap = load_cached(data)
    day = None
    if refresh_translations or _translations is None:
        # the day milestones are judged against: a `mkdocs serve` left running past midnight kept
        # the renderer, and so yesterday, while the data and the translations kept their stamps
        day = progress.today()
        _translations = translations.report_cached(data.parent.parent / DOCS_PATH, data,
                                                   data.parent / translations.RECORD_DIR.name)
        # The check and the report shared one parse of the data file (roadmap/yaml_reader.py,
        # parse_yaml); its tree of YAML nodes (160 MB at 5,000 objectives) is needed by neither now,
        # but by `mkdocs serve`'s next build, which parses only what a save changed.
        forget_parsed(keep_last=serve.serving())
        if not serve.serving():
            translations.forget_walked()
    if (_site is None or _site[0] is not roadmap or _site[1].translations is not _translations
            or (day is not None and _site[1].today != day)):
        _site = (roadmap, Renderer(roadmap, today=day, translations=_translations))
        _site[1].stash = stash_html
    return _site


# Raw-HTML listings set aside while their page goes through Python-Markdown (roadmap/render.py,
# `raw_html`), put back into the page's HTML by the hooks' on_page_content: the page being built.
_html_blocks: list[str] = []
_PLACEHOLDER = re.compile(r"<!--roadmap-html-block-(\d+)-->")


def stash_html(block: str) -> str:
    _html_blocks.append(block)
    return f"<!--roadmap-html-block-{len(_html_blocks) - 1}-->"


def restore_html(content: str) -> tuple[str, set[str]]:
    """The page's HTML with its listings back in place, and the ids they hold (MkDocs checks links
    to anchors against the ids it saw in raw HTML)."""
    if not _html_blocks:
        return content, set()
    used: list[int] = []

    def put_back(match: re.Match[str]) -> str:
        used.append(int(match.group(1)))
        return _html_blocks[int(match.group(1))]

    content = _PLACEHOLDER.sub(put_back, content)
    if sorted(used) != list(range(len(_html_blocks))):
        raise RuntimeError("a listing set aside from Markdown did not come back: a macro's HTML was nested in Markdown")
    ids = {i for index in used for i in ids_in(_html_blocks[index])}
    _html_blocks.clear()
    return content, ids


def forget_html() -> None:
    _html_blocks.clear()


def page_language(src_uri: str) -> str:
    lang = PurePosixPath(src_uri).parts[0]
    if lang not in LANGS:
        raise ValueError(f"{src_uri}: pages live in docs/es/ or docs/en/, not elsewhere")
    return lang


def base_of(src_uri: str) -> str:
    """Relative URL from a page to its language root, with directory URLs: ``es/index.md`` is
    served at ``/``, ``es/progreso.md`` at ``/progreso/``, ``es/objetivos/index.md`` at ``/objetivos/``."""
    parts = PurePosixPath(src_uri).parts[1:]
    depth = len(parts) - 1 + (parts[-1] != "index.md")
    return "../" * depth


def define_env(env: Any) -> None:
    def site_here() -> tuple[Roadmap, Renderer]:
        return site(env.conf["config_file_path"])

    def with_page(render: Callable[..., Any]) -> Callable[..., Any]:
        def macro(**kwargs: Any) -> Any:
            src_uri = env.page.file.src_uri
            return render(site_here()[1], page_language(src_uri), base_of(src_uri), **kwargs)

        macro.__name__ = render.__name__
        macro.__doc__ = render.__doc__
        return macro

    for name in ("objectives_table", "objectives_by_horizon", "themes_table", "horizons_overview",
                 "countries_table", "actors_table", "sources_list", "key_figures", "timeline",
                 "pillars_list", "statuses_table", "glossary_table", "dashboard", "explorer",
                 "changes_list", "printable_roadmap", "downloads_table", "methodology_dimensions",
                 "translation_status"):
        env.macro(with_page(getattr(Renderer, name)), name)

    @env.macro
    def objectives_count(**filters: str | None) -> int:
        """How many objectives match the filters (horizon, theme, country, status, actor)."""
        return len(site_here()[1].select(**filters))

    @env.macro
    def last_reviewed() -> str:
        """The date the data was last checked against its sources, written for the page's language."""
        roadmap, renderer = site_here()
        return renderer.last_reviewed(page_language(env.page.file.src_uri))

    @env.macro
    def schema_reference() -> str:
        """The field reference of the data, generated from the schema the check validates against."""
        return reference(page_language(env.page.file.src_uri))
