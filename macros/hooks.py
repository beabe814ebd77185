"""MkDocs hooks: wire the data into the build. The one module besides ``macros`` that imports MkDocs.

- ``on_config``: validate the data before anything is built (nothing half-built is published)
  and take the site name from it;
- ``on_files``: add a page per objective and per country, in the language being built;
- ``on_page_markdown``: append the glossary as abbreviations, and point the edit button of a
  generated page at its entry in ``data/objectives.yml``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from macros import page_language, site
from roadmap.model import LANGS, DataError


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]


def _dest_uri(config: MkDocsConfig, lang: str, path: str) -> str:
    """Where mkdocs-static-i18n would write a page: the default language at the root."""
    prefix = "" if lang == _i18n(config).default_language else f"{lang}/"
    stem = PurePosixPath(path).with_suffix("")
    return f"{prefix}{stem}/index.html" if config.use_directory_urls else f"{prefix}{stem}.html"


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) has set the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        roadmap, _ = site(config.config_file_path)
    except DataError as exc:
        raise PluginError(str(exc)) from None
    lang = _i18n(config).current_language
    config.site_name = roadmap.short_title(lang)
    return config


# After mkdocs-static-i18n's on_files (-100): it rebuilds every File from disk and would drop
# generated ones, and it decides which language this build is.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    i18n = _i18n(config)
    lang = i18n.current_language
    _, renderer = site(config.config_file_path)
    for kind, key in renderer.generated_pages():
        path = renderer.page_path(kind, key)
        alternates = {}
        for other in LANGS:
            # the file of each language; only this build's one is written
            file = File.generated(config, f"{other}/{path}", content=renderer.page(kind, key, other) if other == lang else "",
                                  inclusion=InclusionLevel.NOT_IN_NAV)
            file.dest_uri = _dest_uri(config, other, path)
            file.locale = file.localization = other
            file.locale_alternate_of = other
            file.norm_src_uri = path
            alternates[other] = file
        for file in alternates.values():
            file.alternates = alternates
        files.append(alternates[lang])
    # the sitemap reads this list, which i18n filled before the generated pages existed
    i18n.i18n_files_per_language[lang] = files.documentation_pages()
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    roadmap, renderer = site(config.config_file_path)
    lang = page_language(page.file.src_uri)
    if page.file.generated_by is not None:
        kind, key = _generated_key(page.file.src_uri)
        line = roadmap.objectives[key].line if kind == "objective" else roadmap.country_lines[key.upper()]
        page.edit_url = f"{config.repo_url.rstrip('/')}/blob/main/data/objectives.yml#L{line}"
    return markdown + renderer.abbreviations(lang)


def _generated_key(src_uri: str) -> tuple[str, str]:
    _, folder, name = PurePosixPath(src_uri).parts
    kind = {"objetivos": "objective", "paises": "country"}[folder]
    return kind, PurePosixPath(name).stem
