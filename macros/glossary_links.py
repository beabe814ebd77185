"""Hook: the first use of each glossary term on a page leads to its glossary entry and shows its
definition on focus (roadmap/terms.py; issue #20), on Markdown and generated pages alike, so that
keyboard and screen-reader users reach what a mouse's hover shows. Later uses stay plain.

Events: ``on_page_content``, after the other hooks have finished the page's HTML (the listings
put back, the stale-translation notice added).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from macros import languages, site
from roadmap.terms import Terms

GLOSSARY_PAGE = "glosario/"  # docs/<lang>/glosario.md, under its language's root

# The terms of the language being built, with the renderer they came from: new data (a serve
# rebuild) or the next language makes them again.
_terms: list[tuple[object, str, Terms]] = []


@event_priority(-50)  # after macros/listings.py (0) has put back the listings it set aside
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    roadmap, renderer = site(config.config_file_path)
    lang = languages.i18n(config).current_language
    if not _terms or _terms[0][0] is not renderer or _terms[0][1] != lang:
        _terms[:] = [(renderer, lang, Terms.of(renderer.abbreviations(lang), [term(lang) for term, _ in roadmap.glossary]))]
    glossary_url = get_relative_url(languages.prefix(config, lang) + GLOSSARY_PAGE, page.url)
    # on the glossary page itself, the entry's own anchor
    return _terms[0][2].link_first_uses(html, "" if glossary_url in ("", "./", ".") else glossary_url)
