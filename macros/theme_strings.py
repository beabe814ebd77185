"""Hook: every interface string in the page's language, the theme's included: the site name (from
the data), the footer, the heading anchors' tooltip, the repository link, the nav's section
titles (keys of ``roadmap/labels.yml``), the 404 page's strings in every language, and valid
markup for Material's two toggles.

Events: ``on_config``, for the strings Material takes from the configuration, once per language;
``on_nav``, after mkdocs-static-i18n has built the language's nav; ``on_template_context`` for
404.html; ``on_post_page`` and ``on_post_template`` (404.html) to fix the toggles' markup;
``on_env`` for reader.js's strings (search, tables, glossary terms) in every language, which
``overrides/main.html`` hands to the script as a JSON data block (every language, since the one
404 page serves them all).
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from macros import languages, site
from roadmap import text_policy
from roadmap.project import LANGS
from roadmap.messages import labels
from roadmap.render_text import label

READER_PREFIX = "reader_"  # the keys of roadmap/labels.yml that reader.js shows


def reader_strings() -> dict[str, dict[str, str]]:
    """{language: {key without its prefix: text}}, placeholders left for the script to fill."""
    keys = [key for key in labels() if key.startswith(READER_PREFIX)]
    return {lang: {key.removeprefix(READER_PREFIX): label(key, lang) for key in keys} for lang in LANGS}


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.globals["roadmap_reader_strings"] = reader_strings()
    return env


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) has set the language
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    roadmap, _ = site(config.config_file_path)
    lang = languages.i18n(config).current_language
    # Material prints the site name without escaping it: data text arrives escaped, one line
    config.site_name = str(escape(text_policy.plain(roadmap.short_title(lang))))
    config.copyright = label("copyright", lang)
    _theme_strings(config, lang)
    return config


@event_priority(-110)  # after mkdocs-static-i18n has built this language's nav
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Section titles in mkdocs.yml are keys of the one translations table, roadmap/labels.yml."""
    lang = languages.i18n(config).current_language

    def translate(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                item.title = label(item.title, lang)
                translate(item.children)

    translate(nav.items)
    return nav


# --------------------------------------------------------------------------- readers: the theme's strings and markup
# Every interface string in the page's language, the theme's included. Material translates its
# own labels; these are the ones it takes from the configuration, which is one per site. The
# colour toggle's names are per language in mkdocs.yml (mkdocs-static-i18n's `theme` override).


def _theme_strings(config: MkDocsConfig, lang: str) -> None:
    """Heading anchors' tooltip and the header's repository link, from roadmap/labels.yml."""
    toc = config.mdx_configs.setdefault("toc", {})
    if toc.get("permalink"):
        toc["permalink_title"] = label("permalink_title", lang)
    config.repo_name = label("repository_link", lang)


def _palette_names(config: MkDocsConfig, lang: str) -> dict[str, str]:
    """The colour toggle's names in a language, from mkdocs.yml: {"palette_0": name, ...}."""
    # mkdocs-static-i18n 1.3's per-language `theme` overrides (MAINTAINERS.md, "Plugin internals")
    overrides = next((language.theme or {} for language in languages.i18n(config).config.languages if language.locale == lang), {})
    names = {}
    for index, option in enumerate(config.theme.get("palette") or []):
        override = (overrides.get("palette") or [])[index:index + 1]
        toggle = (override[0] if override else {}).get("toggle") or {}
        names[f"palette_{index}"] = toggle.get("name") or option.get("toggle", {}).get("name", "")
    return names


# Material's base.html (no block or partial reaches them) gives its two toggle checkboxes
# autocomplete="off", invalid on a checkbox (Nu HTML Checker). It is there so Firefox does not
# restore an open drawer or search after a reload: reader.js closes both when a page is shown.
_TOGGLES = ('data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
            'data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">')


def _valid_toggles(output: str) -> str:
    for toggle in _TOGGLES:
        output = output.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _valid_toggles(output)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "404.html":  # the page carries every language: its script swaps these
        roadmap, _ = site(config.config_file_path)
        context["site_names"] = {lang: roadmap.short_title(lang) for lang in LANGS}
        context["copyrights"] = {lang: label("copyright", lang) for lang in LANGS}
        context["theme_strings"] = {lang: _palette_names(config, lang) | {"repository": label("repository_link", lang)}
                                    for lang in LANGS}
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html's toggles too (the readers' hook keeps the default language's, after this)."""
    return _valid_toggles(output) if template_name == "404.html" else output
