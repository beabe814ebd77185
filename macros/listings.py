"""Hook: performance of the hand-written (Markdown) pages. Long listings skip Python-Markdown (the
macros set them aside, :func:`macros.stash_html`; they are put back here); the glossary tooltips
are the ``abbr`` extension's glossary, given once per language rather than parsed from each
page; the theme's templates are compiled once per process.

Events: ``on_config`` (the glossary of the language being built), ``on_env`` (the templates'
bytecode cache), ``on_pre_page`` and ``on_page_content`` (the listings of the page being built).
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros import forget_html, languages, restore_html, site
from roadmap import compiled_templates


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) has set the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    lang = languages.i18n(config).current_language
    # Glossary tooltips: Python-Markdown's abbr extension takes a glossary, so Markdown pages get
    # it once per language rather than parsing the definitions appended to each page.
    _, renderer = site(config.config_file_path)
    config.mdx_configs["abbr"] = {"glossary": renderer.abbreviations(lang)}
    return config


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """The theme's templates compiled once per process, not on every `mkdocs serve` rebuild
    (roadmap/compiled_templates.py). Before any template is loaded: MkDocs calls on_env right
    after ``Theme.get_env()``, and Jinja consults ``bytecode_cache`` when it compiles."""
    env.bytecode_cache = compiled_templates.cache("theme")
    return env


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    forget_html()  # listings set aside are the page's own (macros/__init__.py)
    return page



def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put back the raw-HTML listings the macros set aside from Python-Markdown."""
    html, ids = restore_html(html)
    if ids and page.present_anchor_ids is not None:
        page.present_anchor_ids |= ids
    return html
