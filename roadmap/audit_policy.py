"""What the site's pages may run and what the browser enforces (issue #18), for the site audit
(:mod:`roadmap.audit`) and the templates.

- :data:`POLICY`, the Content-Security-Policy every page carries as ``<meta http-equiv>`` first
  in its ``<head>`` (``overrides/partials/csp.html``; GitHub Pages sends no custom header). The
  browser then refuses, whatever the markup says, any script, style sheet, image, font, frame,
  fetch or form post to another host, every inline script and handler, and plugins. A meta policy
  cannot stop a navigation (``<meta http-equiv="refresh">``) and ignores ``frame-ancestors`` and
  ``report-uri``: the audit refuses those itself.
- Which scripts a page may load (:func:`script_rules`): the theme's own files, byte for byte as
  the theme ships them; the project's scripts (``mkdocs.yml``'s ``extra_javascript`` and
  :data:`TEMPLATE_SCRIPTS`, the ones the templates load); Pagefind's generated files. Any other
  ``.js``/``.mjs`` file in the site, any ``<script>`` with another source, and any inline script but
  a JSON data block is a finding: a text-only pull request cannot add code that runs, and code
  that runs is a change to a file CODEOWNERS asks a maintainer to review.
- The theme markup whose script fetches another host (:func:`theme_fetches`): Material loads
  mermaid from unpkg.com for a ``<pre class="mermaid">``, asks GitHub's API about the repository
  of a ``data-md-component="source"`` link, and downloads ``sitemap.xml`` from the host of every
  ``<link rel="alternate">``. The policy blocks each request; the audit names the markup.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

# Only what the site needs: its own files, and data: images (the theme's icons are data: SVG).
# Pagefind's WebAssembly runs in the search worker, which takes no policy from the page's meta tag,
# so 'wasm-unsafe-eval' is not needed here (tests/browser/test_privacy.py searches under this policy).
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          "connect-src 'self'; worker-src 'self'; frame-src 'self'; media-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'self'")

# <script type> values that are data, never run
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

# the scripts our templates (overrides/) load, besides mkdocs.yml's extra_javascript
TEMPLATE_SCRIPTS = ("assets/reader/theme.js", "assets/reader/not-found.js", "assets/reader/search-worker.js")

# Pagefind's generated scripts, per language (roadmap/search.py runs it after the pages are built)
PAGEFIND_SCRIPT = re.compile(r"pagefind/[a-z]{2}/pagefind(?:-worker|-ui|-highlight|-modular-ui)?\.js")

SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs")
MATERIAL_SOURCE_HOSTS = "api.github.com"  # what Material's source component asks, for the message


@dataclass(frozen=True)
class ScriptRules:
    """The script files a page of the site may load, by their path in the site."""

    project: frozenset[str] = frozenset(TEMPLATE_SCRIPTS)
    theme: tuple[Path, ...] = field(default_factory=tuple)  # the installed theme's folders, first wins

    def theme_file(self, name: str) -> Path | None:
        for folder in self.theme:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        return None

    def allowed(self, site: Path, name: str) -> bool:
        """Whether the file ``name`` (relative to ``site``) is one of the scripts pages may load."""
        if name in self.project or PAGEFIND_SCRIPT.fullmatch(name):
            return True
        theme = self.theme_file(name)
        return theme is not None and _digest(theme) == _digest(site / name)


@lru_cache(maxsize=256)
def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def material_templates() -> Path | None:
    spec = importlib.util.find_spec("material")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) / "templates" if locations else None


class _TaggedLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """mkdocs.yml as plain YAML: its tags (``!ENV``, ``!relative``) read as nothing. LibYAML's
    parser when PyYAML has it: read at every build's start, 7 ms in Python, 1 ms in C."""


class _PythonTaggedLoader(yaml.SafeLoader):
    """The same in PyYAML's own parser, the one MkDocs reads mkdocs.yml with."""


for _loader in (_TaggedLoader, _PythonTaggedLoader):
    _loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    _loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def script_rules(extra_javascript: Iterable[object] = (), theme_dirs: Iterable[str | Path] | None = None) -> ScriptRules:
    """The rules for a build: ``extra_javascript`` as MkDocs reads it (strings, or entries with a
    ``path``); the installed theme's folders (default: Material's). A script in the project's own
    theme folder (``overrides/``) is not the theme's: it is listed in :data:`TEMPLATE_SCRIPTS`."""
    project = set(TEMPLATE_SCRIPTS)
    for entry in extra_javascript:
        path = getattr(entry, "path", entry)
        if isinstance(entry, dict):
            path = entry.get("path")
        if isinstance(path, str) and "://" not in path:
            project.add(path.lstrip("/"))
    folders = ([Path(folder) for folder in theme_dirs] if theme_dirs is not None
               else [folder for folder in (material_templates(),) if folder is not None])
    return ScriptRules(frozenset(project), tuple(folders))


def read_config(config_file: Path) -> dict:
    """``mkdocs.yml`` as plain YAML (tags read as nothing), as MkDocs' parser reads it; ``{}`` if
    it cannot be read. LibYAML and PyYAML's parser disagree on some documents: LibYAML skips a
    byte order mark at the start of any line (PyYAML reads it as text, so a ``"`` after it opens
    a string in one and not the other, and a ``site_dir:`` line is MkDocs' and not LibYAML's), and
    refuses what PyYAML takes (``%YAML 1.3``, ``{a:[1]}``). Those documents are read by PyYAML's."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    config = None
    if "\ufeff" not in text[1:]:
        try:
            config = yaml.load(text, Loader=_TaggedLoader)
        except yaml.YAMLError:
            config = None
        else:
            return config if isinstance(config, dict) else {}
    try:
        config = yaml.load(text, Loader=_PythonTaggedLoader)
    except yaml.YAMLError:
        config = None
    return config if isinstance(config, dict) else {}


def script_rules_of(config_file: Path) -> ScriptRules:
    """The rules from ``mkdocs.yml`` (for ``python -m roadmap.audit`` without a build)."""
    config = read_config(config_file)
    extra = config.get("extra_javascript")
    return script_rules(extra if isinstance(extra, list) else ())


def theme_fetches(tag: str, attrs: dict[str, str], external: bool) -> Iterable[str]:
    """Markup that makes the theme's script (Material 9.8) fetch from another host.
    ``external``: whether the element's ``href`` points at another host."""
    classes = set((attrs.get("class") or "").split())
    if tag == "pre" and "mermaid" in classes:
        yield ('<pre class="mermaid">: the theme would load mermaid from unpkg.com, another host '
               "(diagrams: draw them as an SVG file under docs/assets/)")
    if (attrs.get("data-md-component") or "").strip() == "source":
        yield (f'data-md-component="source": the theme would ask {MATERIAL_SOURCE_HOSTS} about the '
               "repository from every reader's browser")
    if tag == "link" and "alternate" in (attrs.get("rel") or "").lower().split() and external:
        yield (f"<link rel=alternate> to another host: the theme would download that host's sitemap.xml "
               f"on every page view: {attrs.get('href', '')[:120]!r}")


def script_type_is_data(value: str | None) -> bool:
    return (value or "").strip().lower() in DATA_SCRIPT_TYPES
