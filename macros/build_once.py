"""Hook: work MkDocs and its plugins would repeat that a build needs only once (issue #21): the
theme's file walk and mkdocs-macros' git commands once per build rather than per language
(:mod:`macros.once`), and the theme's regions that are the same on every page of a folder once
per language and folder (:mod:`macros.theme_memo`).

Events: ``on_pre_build``, to forget the last build's (the outer build's, not each language's);
``on_config``, to compile mkdocs-macros' page templates once; ``on_env``, to give
the theme's environment its ``roadmap_memo``; ``on_post_page``, to let go of a written page's text.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros import languages, once, serve, theme_memo
from roadmap import compiled_templates


@event_priority(200)  # before anything is built: the theme's files are listed after on_pre_build
def on_pre_build(config: MkDocsConfig) -> None:
    """A build starts: what the last one learnt may be stale (`mkdocs serve`: a new theme file, a
    new commit). An event, not this module's loading: MkDocs 1.6 loads a hooks file once per
    process (``config_options.Hooks._load_hook`` is cached), so code at its top ran before
    `mkdocs serve`'s first build only. The other languages' builds, inside this one, keep what it
    learnt (a forked language's process too)."""
    if not languages.i18n(config).building:
        once.new_build()


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    theme_memo.install(env)  # a new environment: one language's build
    return env


@event_priority(-200)  # after every other on_config: mkdocs-macros' environment is set up
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    macros = config.plugins.get("macros")
    if macros is not None:  # each Markdown page's template compiled once (roadmap/compiled_templates.py)
        compiled_templates.cached_from_string(macros.env, "macros-pages")
    return config


@event_priority(-1010)  # after every other on_post_page (the search document, -1000): the page is written
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """MkDocs 1.6 keeps every page's Markdown and HTML until the build ends, though after
    ``on_post_page`` it only writes ``output`` (``mkdocs.commands.build._build_page``): 30 MB a
    language at 1,000 objectives, in each process. Let go of them once the page is written.
    Emptied, not ``None``: ``Page.title`` (which the nav of later pages reads) then takes the
    same branch as with them (MkDocs 1.6: ``None`` Markdown means no title, ``None`` HTML means
    the title of the Markdown's first heading). `mkdocs serve` keeps them: its rebuilds
    (macros/incremental.py) may look at the last build's."""
    if not serve.serving():
        page.markdown = ""
        page.content = ""
    return output
