"""Hook: a hand-written page in one language only builds, and the other language gets a page in
its own language saying so, with a link to the original marked with its language
(:mod:`roadmap.untranslated` writes it). mkdocs-static-i18n's ``fallback_to_default`` stays off,
so Spanish text is never published under ``/en/`` unmarked.

Events: ``on_files`` (after mkdocs-static-i18n has rebuilt this language's file list, and after
the generated pages, so that the sitemap, which lists those, leaves these thin pages out; before
``macros/cross_links.py``, so that a link to the other language's version finds them): the
stand-in is added to the language that lacks the page, and in the language that has it the
page's alternate becomes the stand-in, so the language switcher leads there instead of to the
other language's home page.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from macros import languages
from roadmap.untranslated import StandIn, one_language_pages, stand_in


def _file(config: MkDocsConfig, lang: str, path: str) -> File:
    """The page ``path`` of language ``lang`` at the URL mkdocs-static-i18n gives it."""
    file = File.generated(config, f"{lang}/{path}", content="", inclusion=InclusionLevel.NOT_IN_NAV)
    stem = PurePosixPath(path).with_suffix("")
    if stem.name == "index":
        stem = stem.parent
    folder = "" if str(stem) == "." else f"{stem}/"
    file.dest_uri = f"{languages.prefix(config, lang)}{folder}index.html" if config.use_directory_urls else f"{languages.prefix(config, lang)}{stem}.html"
    file.url = f"{languages.prefix(config, lang)}{folder}" if config.use_directory_urls else file.dest_uri
    file.locale = file.localization = file.locale_alternate_of = lang
    file.norm_src_uri = path
    return file


class UntranslatedPage(Page):
    """A page whose HTML is the stand-in's: no Markdown, no macros."""

    def __init__(self, file: File, config: MkDocsConfig, page: StandIn) -> None:
        super().__init__(None, file, config)
        self.stand_in = page
        # the edit button opens a new file in this language's folder: the translation
        self.edit_url = f"{config.repo_url.rstrip('/')}/new/main/docs/{page.lang}?filename={page.path}"

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = {"title": self.stand_in.title, "description": self.stand_in.description, "render_macros": False}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = str(self.stand_in.html)
        self.toc = get_toc([])
        self.present_anchor_ids = {"untranslated"}
        self.links_to_anchors = {}


# after mkdocs-static-i18n (-100) and the generated pages (-110), before the links across
# languages (-115), which then know the stand-ins as the pages' other-language versions
@event_priority(-112)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = languages.i18n(config).current_language
    docs_dir = Path(config.docs_dir)
    for path, (original, source) in one_language_pages(docs_dir).items():
        if original == lang:  # the page is here: its other language is the stand-in
            real = files.get_file_from_path(f"{lang}/{path}")
            if real is not None:
                real.alternates = {**(getattr(real, "alternates", None) or {}),
                                   **{other: _file(config, other, path) for other in _languages(config) if other != lang}}
            continue
        file, original_file = _file(config, lang, path), _file(config, original, path)
        file.alternates = {lang: file, original: original_file}
        root = get_relative_url(languages.prefix(config, lang) or ".", file.url).rstrip("/") + "/"
        page = stand_in(path, lang, original, source.read_text(encoding="utf-8"),
                        get_relative_url(original_file.url or ".", file.url), "" if root == "./" else root)
        UntranslatedPage(file, config, page)
        files.append(file)
    return files


def _languages(config: MkDocsConfig) -> list[str]:
    return [language.locale for language in languages.i18n(config).config.languages]
