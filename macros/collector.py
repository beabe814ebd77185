"""Hook: the cyclic garbage collector's full passes leave alone what lives for the whole build
(issue #21), and only while it lasts.

``gc.freeze`` moves every object alive to a generation the collector never walks. Done when the
build starts, once MkDocs, the plugins, Markdown and Jinja are loaded (a full pass over them, set
off by reading the translation record, was 0.1 s of a real-size build's 1.5 s of CPU), and again
once every ``on_config`` has loaded the data (0.05 s of a real-size build, 0.66 s at 1,000
objectives, in full passes over the data's model). Undone when the build ends: a frozen object
is never collected, so in `mkdocs serve` what one build froze and the next dropped (its
configuration, plugins and pages) stayed for good: 1.3 MB more after every rebuild at the real
size; tests/test_collector.py checks that nothing stays frozen.
"""

from __future__ import annotations

import gc

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from macros import languages, serve


@event_priority(300)  # before every other on_config (macros/own_files.py at 200)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    serve.build_starts()  # the last build's collection, not started yet, waits for a quiet moment
    gc.freeze()
    return config


# A full collection takes the interpreter for about a second at 1,000 objectives (500,000 objects,
# the kept parse of the data among them): one started a second after a rebuild held the next save's
# rebuild back that long (issue #21). It waits for the preview to be quiet this long instead.
QUIET_SECONDS = 5.0


@event_priority(1000)  # every on_config has run (the data is loaded); the language's pages are not made yet
def on_files(files: Files, config: MkDocsConfig) -> Files:
    gc.freeze()
    return files


@event_priority(-2000)  # after every other on_post_build: the build is over
def on_post_build(config: MkDocsConfig) -> None:
    gc.unfreeze()
    if serve.serving() and not languages.i18n(config).building:
        # What this build dropped is collected once the preview is quiet: left to the collector,
        # it would mostly still be there when the next build freezes everything again (20
        # rebuilds at the real size: 66 -> 90 MB; collected here, 66 -> 69-73 MB)
        serve.when_quiet(QUIET_SECONDS, gc.collect)


def on_build_error(error: Exception) -> None:
    gc.unfreeze()
