"""MkDocs hooks for trust (issue #9), wired in by ``mkdocs.yml``'s ``hooks``:

- data is never code: a generated page is never rendered by mkdocs-macros;
- the build is atomic and audited: ``mkdocs build`` writes into a temporary folder beside the
  site folder, runs the site audit over it (``roadmap/audit.py``) and replaces the site folder
  only once every language is built without error, (``--strict``) warning or audit finding, so
  a failed build leaves the previous ``site/`` as it was, byte for byte, and says so.

mkdocs-macros renders every page as a Jinja template, so a page author can run whatever the
macros module exposes (and, through Jinja globals, Python): that is fine for the hand-written
pages in ``docs/``, which are reviewed like code, and never acceptable for the pages generated
from ``data/objectives.yml``, whose text any contributor writes. The ``render_macros: false``
line in a generated page's front matter is not enough: a character that breaks the front matter
(a raw U+0080 did) makes MkDocs drop it, and the data text then ran as Jinja.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from roadmap import audit

log = logging.getLogger("mkdocs.hooks.safety")


# --------------------------------------------------------------------------- data is never code

# Before mkdocs-macros' on_page_markdown (priority 0), after MkDocs has read the front matter
# into page.meta (Page.read_source, just before this event).
@event_priority(50)
def on_page_markdown(markdown: str, page: Page, **kwargs: Any) -> str:
    """A generated page is never rendered by mkdocs-macros, whatever its front matter says.

    Relies on mkdocs-macros 1.5 internals: ``MacrosPlugin.on_page_markdown`` keeps a shallow
    ``copy(page)`` (so it shares this ``page.meta`` dict) and ``MacrosPlugin.render`` returns the
    Markdown untouched when ``meta['render_macros'] == False``, "which takes precedence over any
    other consideration" (``force_render_paths``, ``render_by_default``), page title included.
    tests/test_safety.py builds a page whose data would run a command if this failed."""
    if page.file.generated_by is not None:
        page.meta["render_macros"] = False
    return markdown


# --------------------------------------------------------------------------- atomic build
# mkdocs-static-i18n builds the other languages from inside its on_post_build, into the same
# site_dir, and MkDocs counts --strict warnings only after on_post_build: so the new site is
# moved into place at on_shutdown, the one event after both, which the `mkdocs` command runs
# whether the build succeeded or failed. Builds run another way (no on_startup) are left alone.

_state: dict[str, Any] = {"command": None, "site": None, "temporary": None, "failed": False, "built": False}


def on_startup(command: str, dirty: bool) -> None:
    _state.update(command=command, site=None, temporary=None, failed=False, built=False)


@event_priority(100)  # before every plugin reads site_dir (mkdocs-static-i18n at -100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _state["command"] != "build" or _state["temporary"] is not None:
        return config  # `mkdocs serve` has its own folder; a language built inside i18n: already set
    site = Path(config.site_dir)
    site.parent.mkdir(parents=True, exist_ok=True)
    _state["site"] = site
    _state["temporary"] = Path(tempfile.mkdtemp(prefix=f".{site.name}-building-", dir=site.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    _state["temporary"].chmod(0o777 & ~umask)  # as a plain mkdir would (mkdtemp makes it private)
    config.site_dir = str(_state["temporary"])
    return config


@event_priority(-200)  # after every other on_post_build (the other languages, search, robots.txt)
def on_post_build(config: MkDocsConfig) -> None:
    """Audit the new site (roadmap/audit.py) before it may replace the old one."""
    if _state["temporary"] is None or config.plugins["i18n"].building:
        return
    findings = audit.audit(Path(config.site_dir), config.site_url or "", cache=True)  # files seen before: not read again
    if findings:
        raise PluginError(f"The site audit found {len(findings)} problem(s) in the new site:\n"
                          + "\n".join(f"  {finding}" for finding in findings[:50]))
    _state["built"] = True


def on_build_error(error: Exception) -> None:
    _state["failed"] = True


def on_shutdown() -> None:
    site, temporary = _state["site"], _state["temporary"]
    if temporary is None:
        return
    _state.update(site=None, temporary=None)
    if _state["failed"] or not _state["built"]:
        shutil.rmtree(temporary, ignore_errors=True)
        log.error(f"The build failed: {site} was left as it was (the new site was not written to it).")
        return
    old = Path(tempfile.mkdtemp(prefix=f".{site.name}-old-", dir=site.parent))
    if site.exists():
        site.rename(old / site.name)  # same folder, so both renames are instant
    temporary.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    log.info(f"The new site replaced {site}.")
