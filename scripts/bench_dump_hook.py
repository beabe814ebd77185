"""Benchmark-only MkDocs hook (added to a copy of mkdocs.yml by scripts/bench.py, never to the
site's): writes each page's final Markdown, after macros and hooks, with its front matter, so
the benchmark can build "the very same pages" with plain MkDocs as a baseline."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority


@event_priority(-200)  # after the macros plugin and the site's own hooks
def on_page_markdown(markdown, page, config, files):  # type: ignore[no-untyped-def]
    out = Path(os.environ["ROADMAP_DUMP_MARKDOWN"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n" if meta else ""
    out.write_text(front + markdown, encoding="utf-8")
    return markdown
