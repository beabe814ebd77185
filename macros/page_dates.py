"""Hook: dates that tell the truth (issue #19). Each page's ``<lastmod>`` in the sitemap (MkDocs
prints ``page.update_date``, the build day by default) is when its content last changed
(:mod:`roadmap.dates`): a generated page's from its data (set by :mod:`macros.generated_pages`), a
written page's from its last commit, read for every page in one ``git log`` per build, and from
its data's latest date when it shows data. Also gives the renderer the published address, for
each page's "cite this page" block.

Events: ``on_config`` (the git call, before the languages' builds fork, so once per build; the
address), ``on_pre_page`` (a written page's date: MkDocs renders the sitemap before the pages'
templates, so ``on_page_context`` would be too late).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from macros import languages, site
from roadmap import dates

_git_dates: dict[str, str] | None = None  # {"docs/es/index.md": "2026-12-06", …} of this build


@event_priority(-110)  # after macros/data_check.py (-105) has read the data
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _git_dates
    root = Path(config.config_file_path).resolve().parent
    if not languages.i18n(config).building:
        # the other languages' builds, inside this one, keep its dates: the same files. Each ran
        # `git log` again, the forked one right after the fork: a process with the build's 260 MB
        # mapped until git started (issue #21: the peak of a 5,000-objective build, summed)
        _git_dates = dates.git_dates(root, _docs_folder(config, root))
    _, renderer = site(config.config_file_path)
    renderer.site_url = config.site_url  # permanent addresses in citations and redirect pages
    return config


def _docs_folder(config: MkDocsConfig, root: Path) -> str:
    docs = Path(config.docs_dir).resolve()
    return docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "docs"


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if getattr(page.file, "roadmap_page", None) is not None:  # generated: macros/generated_pages.py dates it
        return page
    roadmap, renderer = site(config.config_file_path)
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else ""
    root = Path(config.config_file_path).resolve().parent
    page.update_date = dates.as_lastmod(dates.docs_page_date(
        page.file.src_uri, text, _git_dates, renderer.data_date(), _docs_folder(config, root)))
    return page
