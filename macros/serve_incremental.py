"""Hook: `mkdocs serve` rebuilds only the objective pages whose inputs changed (:mod:`macros.incremental`).

Events: ``on_pre_build``, to start a build (its first language); ``on_files``, to note every
file a language's build makes; ``on_nav``, to mark the pages the navigation lists (whose titles
every page shows: never deferred, nor reused under an old title, in any build); ``on_post_build``, to remove what a good build no longer makes
and remember it; ``on_build_error``, so the build after a failed one is whole.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from macros import incremental, languages, serve


@event_priority(100)  # before anything is built
def on_pre_build(config: MkDocsConfig) -> None:
    if not languages.i18n(config).building:
        incremental.start(config, serve.serving())


@event_priority(-1000)  # last: every file of the language is listed
def on_files(files: Files, config: MkDocsConfig) -> Files:
    incremental.language_files(files)
    return files


@event_priority(-1000)  # last: mkdocs-static-i18n (-100) and theme_strings (-110) have made this language's nav
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    incremental.navigation(nav)
    return nav


@event_priority(-150)  # after the languages are all built (the child's too), before the audit
def on_post_build(config: MkDocsConfig) -> None:
    if not languages.i18n(config).building:
        incremental.finished(Path(config.site_dir))


def on_build_error(error: Exception) -> None:
    incremental.forget()
