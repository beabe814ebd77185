"""Hook: the site's languages built in parallel processes (:mod:`macros.parallel`, which holds
the state and says what it relies on in mkdocs-static-i18n), with the same bytes as one after
the other.

Events: ``on_files``, where ``site_dir`` is clean, to fork the child that builds the other
languages; ``on_post_template``, to keep this process's ``sitemap.xml``; ``on_post_build``, to
wait for the child and join the sitemaps before the readers' files are written; ``on_build_error``,
so a failed build leaves no child behind.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from macros import languages, parallel


# after mkdocs-static-i18n's on_files (-100), which decides which language this build is; before
# the generated pages (-110): the child starts with nothing of this language's pages
@event_priority(-105)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    i18n = languages.i18n(config)
    # site_dir is clean by now: the other languages can start building beside this one
    if parallel.wanted(config, i18n):
        parallel.start(config, i18n)
    parallel.sitemap_of_last_language_only(config, i18n)
    return files


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    parallel.record_template(template_name, output, languages.i18n(config))
    return output


# after mkdocs-static-i18n's on_post_build (-100), which builds the other languages when they
# are not built in parallel; before the readers' files (-121), which need every language
@event_priority(-120)
def on_post_build(config: MkDocsConfig) -> None:
    i18n = languages.i18n(config)
    if parallel.running():  # the other languages are built by a child process: wait for it
        parallel.finish(config, i18n)


def on_build_error(error: Exception) -> None:
    parallel.abort()  # a failed build leaves no process building the other languages behind
