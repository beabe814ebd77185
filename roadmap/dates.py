"""When each page's content last changed (issue #19): the sitemap's ``<lastmod>`` and the date in
every "cite this page" block. Never the day of the build: a build of unchanged input on another
day gives the same dates.

- A page generated from the data (an objective, a country, an institution) changed last on the
  latest date the data records for what it shows: the objective's history, and the day each
  source it cites was last consulted (its figures and sentences are what those sources said that
  day). A status that changes because time passed (a milestone now overdue) is not an edit: it
  moves no date.
- A hand-written page (``docs/<lang>/<page>.md``) changed last when git last committed it, read
  for every page in one ``git log`` call; one that shows data through macros (``{{ … }}``) also
  changed when that data did. Without a repository, or in a shallow clone (whose oldest commit
  would seem to have written every page), a hand-written page gets its data's date if it shows
  data, else no date at all (MkDocs' sitemap then leaves ``<lastmod>`` out).

No MkDocs here: macros/ asks for the dates and hands them to the theme.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import Iterable

from .model import Objective, Roadmap

GIT_TIMEOUT = 60  # seconds: the one git call reads the history of docs/ only


def latest(dates: Iterable[str | None]) -> str | None:
    """The latest of ISO dates that may be partial (``2024``, ``2024-06``, ``2024-06-27``): in
    text order, a year sorts before any day of it, as its first moment would."""
    known = [d for d in dates if d]
    return max(known) if known else None


def as_lastmod(value: str | None) -> str:
    """A content date as MkDocs' ``page.update_date`` holds it: a whole day (the sitemap's
    ``<lastmod>``; MkDocs also reads it with ``datetime.fromisoformat``, for the sitemap's gzip
    stamp), or ``""`` for none (the sitemap then leaves ``<lastmod>`` out). A year or a month alone
    stands for its first day: the change happened in it, and the first day is the one that claims
    nothing later than it happened."""
    if not value:
        return ""
    parts = value.split("-")
    return "-".join(parts + ["01"] * (3 - len(parts)))


def objective_date(roadmap: Roadmap, o: Objective) -> str | None:
    cited = set(o.sources) | {i.source for i in o.indicators}
    return latest([h.date for h in o.history] + [roadmap.sources[s].consulted for s in cited])


def page_dates(roadmap: Roadmap) -> dict[tuple[str, str], str | None]:
    """``(kind, key)`` of every generated page → when its content last changed (see the module)."""
    consulted = {key: source.consulted for key, source in roadmap.sources.items()}
    objectives = {key: objective_date(roadmap, o) for key, o in roadmap.objectives.items()}
    dates: dict[tuple[str, str], str | None] = {("objective", key): when for key, when in objectives.items()}
    for code, country in roadmap.countries.items():
        cited = ({f.source for f in country.msmes} | {f.source for f in country.oecd_findings}
                 | {f.source for f in country.facts})
        actors = [a for a in roadmap.actors.values() if a.country == code]
        dates[("country", code)] = latest(
            [consulted[s] for s in cited] + [consulted[s] for a in actors for s in a.sources]
            + [objectives[key] for key, o in roadmap.objectives.items() if code in o.countries])
    involved: dict[str, list[str]] = {}  # each institution's objectives, in one pass (not one per institution)
    for o in roadmap.objectives.values():
        for actor_key in o.actors():
            involved.setdefault(actor_key, []).append(o.id)
    for key, actor in roadmap.actors.items():
        dates[("actor", key)] = latest(
            [consulted[s] for s in actor.sources] + [objectives[o] for o in involved.get(key, ())])
    return dates


def data_date(roadmap: Roadmap) -> str | None:
    """The latest date the data records: what a hand-written page that shows data is as new as."""
    return latest([roadmap.last_reviewed] + [s.consulted for s in roadmap.sources.values()]
                  + [h.date for o in roadmap.objectives.values() for h in o.history])


# --------------------------------------------------------------------------- hand-written pages: git


def git_dates(root: Path, folder: str = "docs") -> dict[str, str] | None:
    """``{path under root: YYYY-MM-DD}`` of the last commit that changed each file under ``folder``,
    in UTC, from one ``git log`` call; ``None`` when there is no usable history (no git, no
    repository, a shallow clone)."""
    if _shallow(root):
        return None
    try:
        result = subprocess.run(
            # safe.directory: a CI container checks the repository out as another user
            ["git", "-c", f"safe.directory={root}", "-C", str(root), "log", "--format=%x00%ct", "--name-only",
             "--no-renames", "--", folder],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    dates: dict[str, str] = {}
    when = ""
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            when = dt.datetime.fromtimestamp(int(line[1:]), dt.timezone.utc).date().isoformat()
        elif line and when:
            dates.setdefault(line, when)  # newest first: the first commit seen is the last change
    return dates


def _shallow(root: Path) -> bool:
    """Whether ``root`` is a shallow clone (``.git/shallow``; in a worktree, in the common git dir)."""
    git = root / ".git"
    if git.is_file():  # a worktree: "gitdir: <its dir>", whose "commondir" names the shared one
        match = re.match(r"gitdir:\s*(.+)", git.read_text(encoding="utf-8", errors="replace").strip())
        if not match:
            return False
        git = (root / match.group(1)).resolve()
        common = git / "commondir"
        if common.is_file():
            git = (git / common.read_text(encoding="utf-8").strip()).resolve()
    return (git / "shallow").exists()


def docs_page_date(src_path: str, text: str, git: dict[str, str] | None, data: str | None,
                   docs_folder: str = "docs") -> str | None:
    """When a hand-written page (``src_path`` under docs/, e.g. ``es/index.md``) last changed."""
    shows_data = "{{" in text
    committed = git.get(str(PurePosixPath(docs_folder) / src_path)) if git else None
    return latest([committed, data if shows_data else None])
