"""MkDocs hooks for trust (issue #9), wired in by ``mkdocs.yml``'s ``hooks``:

- data is never code: a generated page is never rendered by mkdocs-macros;
- the build is atomic and audited: ``mkdocs build`` writes into a temporary folder beside the
  site folder, runs the site audit over it (``roadmap/audit.py``) and replaces the site folder
  only once every language is built without error, (``--strict``) warning or audit finding, so
  a failed build leaves the previous ``site/`` as it was, byte for byte, and says so;
- the swap itself cannot leave half a site: the new folder and ``site/`` are exchanged in one
  system call (Linux ``renameat2(RENAME_EXCHANGE)``), so at every instant ``site/`` is either the
  whole old site or the whole new one; a build stopped (Ctrl-C, ``SIGTERM``, a cancelled CI job)
  removes its temporary folder and stops the process building the other languages, and a build
  killed outright (``SIGKILL``) leaves a folder named with its process id that the next build
  removes.

mkdocs-macros renders every page as a Jinja template, so a page author can run whatever the
macros module exposes (and, through Jinja globals, Python): that is fine for the hand-written
pages in ``docs/``, which are reviewed like code, and never acceptable for the pages generated
from ``data/objectives.yml``, whose text any contributor writes. The ``render_macros: false``
line in a generated page's front matter is not enough: a character that breaks the front matter
(a raw U+0080 did) makes MkDocs drop it, and the data text then ran as Jinja.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from macros import parallel, site
from roadmap import audit, audit_sources
from roadmap.audit_policy import script_rules

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
    if command == "build":
        # SIGTERM (a cancelled CI job, `kill`) and SIGHUP (a closed terminal) stop the build as
        # Ctrl-C does: MkDocs then runs on_shutdown, which removes the temporary folder
        for number in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, _interrupt)


def _interrupt(number: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"stopped by signal {number}")


@event_priority(100)  # before every plugin reads site_dir (mkdocs-static-i18n at -100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _state["command"] != "build" or _state["temporary"] is not None:
        return config  # `mkdocs serve` has its own folder; a language built inside i18n: already set
    site = Path(config.site_dir)
    site.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site)
    _state["site"] = site
    _state["temporary"] = Path(tempfile.mkdtemp(prefix=f".{site.name}-building-{os.getpid()}-", dir=site.parent))
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
    # the installed theme's files count as its own; a script in the project's overrides/ is listed or refused
    custom = config.theme.custom_dir
    installed = [folder for folder in config.theme.dirs if not custom or Path(folder).resolve() != Path(custom).resolve()]
    scripts = script_rules(config.extra_javascript, theme_dirs=installed)
    # files whose bytes, and all their verdict depends on, were audited before are not read again
    findings = audit.audit(Path(config.site_dir), config.site_url or "", scripts=scripts, cache=True)
    if findings:
        raise PluginError(f"The site audit found {len(findings)} problem(s) in the new site:\n"
                          + "\n".join(_with_source(config, findings[:50])))
    _state["built"] = True


def _with_source(config: MkDocsConfig, findings: list[audit.Finding]) -> list[str]:
    """Each finding after the file it comes from (``docs/es/x.md:1:1: error: site audit: …``),
    which scripts/build_annotated.py turns into an annotation on that file and line."""
    try:
        roadmap, _ = site(config.config_file_path)
    except Exception:  # noqa: BLE001 - the data was checked before; without it, pages are still named
        roadmap = None
    project = Path(config.config_file_path).parent
    where = audit_sources.locator(project, roadmap)
    lines = []
    for finding in findings:
        source = audit_sources.refine(project, where(finding.file), finding.message)
        lines.append(f"  {source[0]}:{source[1]}:1: error: site audit: {finding}" if source else f"  {finding}")
    return lines


def on_build_error(error: Exception) -> None:
    _state["failed"] = True


def on_shutdown() -> None:
    parallel.abort()  # an interrupted build leaves no process building the other languages behind
    site, temporary = _state["site"], _state["temporary"]
    if temporary is None:
        return
    _state.update(site=None, temporary=None)
    if _state["failed"] or not _state["built"]:
        shutil.rmtree(temporary, ignore_errors=True)
        log.error(f"The build failed: {site} was left as it was (the new site was not written to it).")
        return
    swap(temporary, site)
    log.info(f"The new site replaced {site}.")


def swap(new: Path, site: Path) -> None:
    """Put the folder ``new`` in place of ``site`` so that ``site`` is, at every instant, the
    whole old site or the whole new one; then remove the old one (from ``new``'s name)."""
    if not os.path.lexists(site):
        new.rename(site)
        return
    if not exchange(new, site):  # a system without renameat2: two renames, an instant apart
        old = Path(tempfile.mkdtemp(prefix=f".{site.name}-old-{os.getpid()}-", dir=site.parent))
        site.rename(old / site.name)
        new.rename(site)
        new = old
    shutil.rmtree(new, ignore_errors=True)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` atomically (Linux 3.15+ ``renameat2`` with
    ``RENAME_EXCHANGE``, through ctypes). ``False`` where the system or the file system lacks it."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(number, os.strerror(number), str(b))


def _remove_leftovers(site: Path) -> None:
    """Folders a killed build left beside ``site`` (their name carries its process id): removed
    once that process is gone."""
    for folder in site.parent.glob(f".{site.name}-*-*-*"):
        kind, _, rest = folder.name[len(site.name) + 2:].partition("-")
        pid = rest.partition("-")[0]
        if kind in ("building", "old") and pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
