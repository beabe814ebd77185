"""Hook: work MkDocs and its plugins would repeat that a build needs only once (issue #21): the
theme's file walk and mkdocs-macros' git commands once per build rather than per language
(:mod:`macros.once`), and the theme's regions that are the same on every page of a folder once
per language and folder (:mod:`macros.theme_memo`).

Events: ``on_pre_build``, to forget the last build's (``mkdocs serve``); ``on_env``, to give the
theme's environment its ``roadmap_memo``.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from macros import languages, once, theme_memo


def on_pre_build(config: MkDocsConfig) -> None:
    if not languages.i18n(config).building:  # the first language of a build
        once.new_build()


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    theme_memo.install(env)  # a new environment: one language's build
    return env
