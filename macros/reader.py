"""MkDocs hooks for what readers get beyond the theme (issue #20), beside macros/hooks.py:

- ``on_env``: the interface strings of ``docs/assets/reader/reader.js`` in every language (from
  roadmap/labels.yml), which ``overrides/main.html`` hands to the script as a JSON data block; every
  language, since the one 404 page serves them all;
- ``on_page_context``: the data page describes the downloads as a schema.org ``Dataset``
  (roadmap/export.py), which ``overrides/main.html`` writes into its head as JSON-LD;
- ``on_page_content``: the first use of each glossary term on a page leads to its glossary entry
  and shows its definition on focus (roadmap/terms.py), on Markdown and generated pages alike,
  after the other hooks have finished the page's HTML.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from macros import site
from roadmap import export
from roadmap.model import LANGS
from roadmap.render import label, labels
from roadmap.terms import Terms

READER_PREFIX = "reader_"  # the keys of roadmap/labels.yml that reader.js shows
GLOSSARY_PAGE = "glosario/"  # docs/<lang>/glosario.md, under its language's root


def reader_strings() -> dict[str, dict[str, str]]:
    """{language: {key without its prefix: text}}, placeholders left for the script to fill."""
    keys = [key for key in labels() if key.startswith(READER_PREFIX)]
    return {lang: {key.removeprefix(READER_PREFIX): label(key, lang) for key in keys} for lang in LANGS}


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.globals["roadmap_reader_strings"] = reader_strings()
    return env


def _language(config: MkDocsConfig) -> tuple[str, str]:
    """The language being built and its folder under the site root ("" for the default one)."""
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    return lang, "" if lang == i18n.default_language else f"{lang}/"


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    lang, prefix = _language(config)
    if page.url == prefix + export.DATA_PAGE:
        roadmap, _ = site(config.config_file_path)
        context["roadmap_dataset"] = export.dataset_jsonld(roadmap, lang, f"{config.site_url}{prefix}")
    return context


_terms: list[tuple[object, str, Terms]] = []  # the renderer they were made from, the language, the terms


@event_priority(-50)  # after macros/hooks.py has put back the listings it set aside
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    roadmap, renderer = site(config.config_file_path)
    lang, prefix = _language(config)
    if not _terms or _terms[0][0] is not renderer or _terms[0][1] != lang:  # new data, or the next language
        _terms[:] = [(renderer, lang, Terms.of(renderer.abbreviations(lang), [term(lang) for term, _ in roadmap.glossary]))]
    glossary_url = get_relative_url(prefix + GLOSSARY_PAGE, page.url)
    # on the glossary page itself, the entry's own anchor
    return _terms[0][2].link_first_uses(html, "" if glossary_url in ("", "./", ".") else glossary_url)
