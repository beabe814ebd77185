"""Hook: links across languages. A page may link to the shared files under ``docs/assets/`` and to
the other language's pages by their ``.md`` path, in every language's build, and get the right URL.

Events: ``on_files``, after the generated pages are added (their other-language files are linked
too), to give the language's file list a last-resort lookup.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, get_files

from macros import languages
from roadmap.project import LANGS


# after the generated pages' on_files (-110), itself after mkdocs-static-i18n's (-100)
@event_priority(-115)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _link_across_languages(files, config)
    return files


def _link_across_languages(files: Files, config: MkDocsConfig) -> None:
    """Let a page link to shared files under docs/assets/ and to the other language's pages by
    their ``.md`` path, in every language's build, and get the right URL.

    mkdocs-static-i18n 1.3.1 builds one language at a time from a file list of that language
    only (``reconfigure_files``): a non-default language's build drops every file outside its
    folder unless ``fallback_to_default`` (which would publish Spanish pages under /en/), so
    ``../assets/images/x.png`` from ``docs/en/`` is "not found" and left pointing at /en/assets/;
    and a page of the other language is never in the list, so ``../en/glosario.md`` from
    ``docs/es/`` is "not found" either. MkDocs resolves every Markdown link through
    ``Files.get_file_from_path``: this adds a last resort to that lookup (i18n's own, with its
    language fallbacks, goes first) that knows those files at their real URLs. They are not
    added to the list, so nothing is built or copied twice: the default language's build copies
    the shared assets, each language's build writes its own pages."""
    lang = languages.i18n(config).current_language
    elsewhere: dict[str, File] = {}
    for file in files.documentation_pages():
        for other, alternate in (getattr(file, "alternates", None) or {}).items():
            if other != lang:
                elsewhere[alternate.src_uri] = alternate
    if lang != languages.i18n(config).default_language:
        for file in get_files(config):
            if PurePosixPath(file.src_uri).parts[0] not in LANGS and not file.is_documentation_page():
                elsewhere.setdefault(file.src_uri, file)
    resolve = files.get_file_from_path

    def get_file_from_path(path: str) -> File | None:
        return resolve(path) or elsewhere.get(PurePosixPath(path).as_posix())

    files.get_file_from_path = get_file_from_path  # type: ignore[method-assign]
