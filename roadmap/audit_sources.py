"""Where a file of the built site comes from, so a site audit finding names the file to fix
(issue #18): a hand-written page's ``docs/<lang>/….md``, a generated page's entry in the data
file (its line), a download's data file, an asset's file under ``docs/`` or ``overrides/``.

:func:`locator` takes the project's folder and the roadmap (for the generated pages' lines) and
gives a function from a path in the site (``en/objetivos/x/index.html``) to ``(file, line)``
relative to the project, or ``None`` for what only the theme or a plugin writes.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from .project import LANGS
from .render_text import FOLDERS

Source = tuple[str, int]
DOWNLOADS = "datos/"  # the language's downloads (roadmap/export.py), made from the data file


def generated_lines(roadmap: Any) -> dict[str, int]:
    """A generated page's folder in the site (``objetivos/x/``) → its entry's line in the data."""
    lines: dict[str, int] = {}
    for key, objective in getattr(roadmap, "objectives", {}).items():
        lines[f"{FOLDERS['objective']}/{key.lower()}/"] = getattr(objective, "line", 1)
    for code, line in getattr(roadmap, "country_lines", {}).items():
        lines[f"{FOLDERS['country']}/{code.lower()}/"] = line
    for key, line in getattr(roadmap, "actor_lines", {}).items():
        lines[f"{FOLDERS['actor']}/{key.lower()}/"] = line
    return lines


def locator(project: Path, roadmap: Any = None, data_file: str = "data/objectives.yml",
            docs: str = "docs", default_lang: str = LANGS[0]) -> Callable[[str], Source | None]:
    """The function from a path in the site to its source (see the module)."""
    lines = generated_lines(roadmap) if roadmap is not None else {}

    def exists(relative: str) -> bool:
        return (project / relative).is_file()

    def source(name: str) -> Source | None:
        path = PurePosixPath(name)
        lang, rest = (path.parts[0], PurePosixPath(*path.parts[1:])) if path.parts[0] in LANGS[1:] else (default_lang, path)
        text = rest.as_posix()
        folder = text.removesuffix("index.html")
        if folder in lines and text.endswith("index.html"):
            return data_file, lines[folder]
        if text.startswith(DOWNLOADS) and not text.endswith(".html"):
            return data_file, 1
        if text.endswith("index.html"):
            stem = folder.rstrip("/")
            for candidate in ((f"{stem}.md", f"{stem}/index.md") if stem else ("index.md",)):
                if exists(f"{docs}/{lang}/{candidate}"):
                    return f"{docs}/{lang}/{candidate}", 1
        for candidate in (f"{docs}/{name}", f"{docs}/{lang}/{text}", f"overrides/{name}"):
            if exists(candidate):
                return candidate, 1
        return None

    return source


_QUOTED = re.compile(r"'([^'\n]{4,120})'")


def refine(project: Path, source: Source | None, found: str) -> Source | None:
    """The line of a page or asset where the finding's quoted value (an address, a value) is
    written, if it is there as written; else the source as it was. Data lines stay."""
    quoted = _QUOTED.search(found)
    if source is None or quoted is None or source[1] != 1 or not source[0].endswith((".md", ".html", ".svg", ".css", ".xml")):
        return source
    try:
        with open(project / source[0], encoding="utf-8", errors="replace") as file:
            for number, line in enumerate(file, 1):
                if quoted.group(1) in line:
                    return source[0], number
    except OSError:
        pass
    return source


def project_locator(project: Path) -> Callable[[str], Source | None]:
    """:func:`locator` for the project at ``project``, its data read if it can be (else pages
    and assets are still named, generated pages not)."""
    from .model import load
    try:
        roadmap = load(project / "data" / "objectives.yml")
    except Exception:  # noqa: BLE001 - a finding is still reported, on the built file
        roadmap = None
    return locator(project, roadmap)


def annotation(built: str, found: str, site: Path, where: Callable[[str], Source | None], project: Path = Path(".")) -> str:
    """A GitHub annotation on the finding's source (the page, or the data's line), naming the
    built file and what was found; on the built file itself when nothing made it but the theme."""
    source = refine(project, where(built), found)
    file, line = source if source else (f"{site.as_posix()}/{built}", 1)
    text = f"site audit: {built}: {found}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error file={file},line={line}::{text}"
