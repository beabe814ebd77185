"""Hook: stale-translation notices. A page whose translation is stale (roadmap/translations.py),
or that shows a data text marked stale, opens with a notice linking to the same page in the
other language. In HTML, after the title, so it reads the same whichever way the page's
Markdown was produced.

Events: ``on_page_content``, after the listings are back in the page (their stale badges count).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from macros import languages, site
from roadmap.project import LANGS
from roadmap.render_text import label


@event_priority(-10)  # after the listings' on_page_content (0) has put them back
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _stale_notice(html, page, config)


def _stale_notice(html: str, page: Page, config: MkDocsConfig) -> str:
    _, renderer = site(config.config_file_path)
    report = renderer.translations
    lang = languages.i18n(config).current_language
    if report is None:
        return html
    path = PurePosixPath(page.file.src_uri).relative_to(lang).as_posix()
    stale_page = page.file.generated_by is None and report.stale_page(lang, path) is not None
    if not stale_page and 'translation-stale__badge"' not in html:
        return html
    other = next(code for code in LANGS if code != lang)
    other_url = languages.prefix(config, other) + page.url.removeprefix(languages.prefix(config, lang))
    names = {"other": label(f"language_{other}", lang)}
    title = label("translation_stale", lang)
    text = label("translation_stale_page" if stale_page else "translation_stale_fields", lang, **names)
    notice = (f'<div class="admonition warning translation-stale" role="note"><p class="admonition-title">'
              f'{title[0].upper()}{title[1:]}</p><p>{text} <a href="{get_relative_url(other_url, page.url)}" '
              f'hreflang="{other}">{label("translation_read_other", lang, **names)}</a>.</p></div>\n')
    head, found, rest = html.partition("</h1>")
    return f"{head}{found}\n{notice}{rest}" if found else notice + html
