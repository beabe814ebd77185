"""A hand-written page that exists in one language only: what the other language shows instead.

``docs/es/x.md`` without ``docs/en/x.md`` must build, and English readers who reach ``/en/x/``
(by the language switcher, a link, or the navigation) get a page in English that says the page is
not translated yet and leads to the original, whose title is marked with its language
(``lang="es"``): Spanish text is never published under ``/en/`` unmarked, which is why
mkdocs-static-i18n's ``fallback_to_default`` stays off. The page also says how to translate it.
The MkDocs side (adding the page to the other language's build) is ``macros/untranslated_pages.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from .messages import message
from .project import LANGS

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.S)


@dataclass(frozen=True)
class StandIn:
    """The page shown in ``lang`` for a page written only in ``original``: ``title`` and
    ``description`` are plain text (the theme escapes them), ``html`` the article."""

    path: str  # under the language folder, e.g. ``x.md``
    lang: str
    original: str
    title: str
    description: str
    html: Markup


def one_language_pages(docs_dir: Path) -> dict[str, tuple[str, Path]]:
    """Hand-written pages in one language folder only: ``{"x.md": ("es", Path("docs/es/x.md"))}``."""
    found: dict[str, dict[str, Path]] = {}
    for lang in LANGS:
        for file in sorted((docs_dir / lang).rglob("*.md")):
            found.setdefault(file.relative_to(docs_dir / lang).as_posix(), {})[lang] = file
    return {path: next(iter(by_lang.items())) for path, by_lang in sorted(found.items()) if len(by_lang) == 1}


def original_title(markdown: str, path: str) -> str:
    """The page's title as MkDocs takes it: ``title`` in its front matter, else its first level-one
    heading, else its file name."""
    match = _FRONT_MATTER.match(markdown)
    if match:
        try:
            meta = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str) and meta["title"].strip():
            return meta["title"].strip()
        markdown = markdown[match.end():]
    heading = _HEADING.search(markdown)
    if heading:
        return re.sub(r"\s*\{[^}]*\}\s*$", "", heading.group(1)).strip()  # without attr_list's {#id}
    return Path(path).stem.replace("-", " ").capitalize()


def stand_in(path: str, lang: str, original: str, markdown: str, original_url: str, root: str) -> StandIn:
    """The page in ``lang`` for ``path``, written only in ``original`` (its Markdown ``markdown``,
    at ``original_url`` relative to the page); ``root`` is the relative URL of ``lang``'s home."""
    title = original_title(markdown, path)
    names = {"language": message(f"language_{original}").get(lang), "file": f"docs/{lang}/{path}"}
    notice = message("untranslated_page_notice", **names).get(lang)
    html = Markup(
        '<h1 id="untranslated"><span lang="{original}">{title}</span></h1>\n'
        '<div class="admonition note translation-missing" role="note">\n'
        '<p class="admonition-title">{heading}</p>\n'
        '<p>{notice} {read} <a href="{url}" hreflang="{original}" lang="{original}">{title}</a>.</p>\n'
        '<p>{help} <a href="{root}contribuir/">{contribute}</a>.</p>\n'
        '</div>\n').format(
        original=original, title=title, heading=message("untranslated_page_heading").get(lang).capitalize(),
        notice=notice, read=message("untranslated_page_read", **names).get(lang), url=original_url,
        help=message("untranslated_page_help", **names).get(lang), root=root,
        contribute=message("untranslated_page_contribute").get(lang))
    return StandIn(path, lang, original, f"{title} ({message('untranslated_page_heading').get(lang)})", notice, html)
