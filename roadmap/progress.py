"""What the dashboard, the actor pages and the change history compute from the model.

Plain functions over a :class:`~roadmap.model.Roadmap`: no rendering, no I/O. ``today`` is passed
in (the build date) so a milestone's "overdue" is reproducible in tests; :func:`today` is that day
for a build: ``ROADMAP_TODAY`` (``YYYY-MM-DD``) when set, so two builds give the same bytes, else
the date in Mexico City (issue #19: a milestone is overdue once its day has ended there).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .messages import Message, message
from .model import SIDES, HistoryEntry, Milestone, Objective, Roadmap

HORIZON_PENDING = "none"
TODAY_ENV = "ROADMAP_TODAY"  # the day statuses are computed for, pinned (MAINTAINERS.md, "Reproducible builds")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SettingError(ValueError):
    """A build setting (an environment variable) that cannot be used: ``text`` says why, in both languages."""

    def __init__(self, text: Message):
        super().__init__(str(text))
        self.text = text


# "Today" for statuses that depend on it (issue #19): a milestone is overdue once its day has ended
# in Mexico City, the Alliance capital where midnight comes last (UTC-6 all year; Bogotá and Lima
# are UTC-5, Santiago UTC-4 or -3). The same rule runs in readers' browsers (statuses.js).
ALLIANCE_ZONE = "America/Mexico_City"


def today(environ: Mapping[str, str] = os.environ, now: dt.datetime | None = None) -> dt.date:
    """The day milestones are judged overdue against: ``ROADMAP_TODAY`` when set (a build of the
    same data on another day then gives the same bytes), else the date in Mexico City at ``now``
    (the clock's time when not given). Raises :class:`SettingError` for a value that is not a
    real ``YYYY-MM-DD`` date."""
    value = environ.get(TODAY_ENV, "")
    if not value:
        return (now or dt.datetime.now(dt.timezone.utc)).astimezone(_alliance_zone()).date()
    try:
        if _DAY.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise SettingError(message("build_today_invalid", value=repr(value)[:40]))


def _alliance_zone() -> dt.tzinfo:
    try:
        return ZoneInfo(ALLIANCE_ZONE)
    except ZoneInfoNotFoundError:  # no time zone database: Mexico City has kept UTC-6 all year since 2022
        return dt.timezone(dt.timedelta(hours=-6), "CST")


def overdue(milestone: Milestone, today: dt.date) -> bool:
    """Whether a pending milestone is overdue on ``today`` (a day in :data:`ALLIANCE_ZONE`)."""
    return not milestone.done and as_date(milestone.date) < today


def due_counts(due: list["DueMilestone"]) -> str:
    """``"2026-12-08:2 2027-01-31:1"``: how many pending milestones end on each day, for the page
    to recount the overdue ones with the reader's clock."""
    counts: dict[str, int] = {}
    for d in due:
        day = as_date(d.milestone.date).isoformat()
        counts[day] = counts.get(day, 0) + 1
    return " ".join(f"{day}:{n}" for day, n in sorted(counts.items()))


@lru_cache(maxsize=1 << 14)  # a date of the data is read by every listing of milestones (issue #21)
def as_date(value: str) -> dt.date:
    """The last day a partial date can mean, so ``2025-03`` is not overdue before April."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        first_of_next = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return first_of_next - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


@dataclass(frozen=True)
class DueMilestone:
    objective: Objective
    milestone: Milestone
    overdue: bool


def milestones(roadmap: Roadmap, today: dt.date, objectives: list[Objective] | None = None) -> list[DueMilestone]:
    """Milestones not yet done, soonest first; those past their date are overdue."""
    due = [DueMilestone(o, m, overdue(m, today))
           for o in (objectives if objectives is not None else roadmap.objectives.values())
           for m in o.milestones if not m.done]
    return sorted(due, key=lambda d: (d.milestone.date, d.objective.id))


def count_by(roadmap: Roadmap, field: str) -> list[tuple[str, int]]:
    """(key, number of objectives) for every status, horizon, theme or country, in data order.
    Counted in one pass over the objectives (issue #21: one pass per key was 3% of a `mkdocs
    serve` rebuild at 1,000 objectives, the dashboard being on two pages)."""
    objectives = roadmap.objectives.values()
    if field == "status":
        counts = Counter(o.status for o in objectives)
        return [(key, counts[key]) for key in roadmap.statuses]
    if field == "horizon":
        counts = Counter(o.horizon for o in objectives)
        return [(key, counts[key]) for key in roadmap.horizons] + [(HORIZON_PENDING, counts[None])]
    if field == "theme":
        counts = Counter(o.theme for o in objectives)
        return [(key, counts[key]) for key in roadmap.themes]
    if field == "country":  # an objective counts once for a country, however often it names it
        counts = Counter(code for o in objectives for code in set(o.countries))
        return [(key, counts[key]) for key in roadmap.countries]
    raise ValueError(f"cannot count objectives by {field!r}: expected status, horizon, theme or country")


@dataclass(frozen=True)
class Involvement:
    """An actor's part in one objective."""

    objective: Objective
    role: str  # "lead" or "support"
    side: str  # "public", "private" or "multilateral"


def involvements(roadmap: Roadmap, actor_id: str) -> list[Involvement]:
    found = []
    for o in roadmap.objectives.values():
        for role, sides in (("lead", o.lead), ("support", o.support)):
            found += [Involvement(o, role, side) for side in SIDES if actor_id in sides[side]]
    return found


def entry_key(entry: HistoryEntry) -> str:
    """What a history entry is, in a word for its anchor and feed id (issue #19): its explicit
    ``key``, else its date and status (``2024-06-27-proposed``). Never its position: an entry
    inserted before it, or a second one on the same day, leaves it unchanged (the checker asks
    for a ``key`` when two entries share a date and a status)."""
    return entry.key or f"{entry.date}-{entry.status}"


@dataclass(frozen=True)
class Change:
    date: str
    objective: Objective
    status: str
    entry: HistoryEntry
    position: int  # in the objective's history: for the order of same-day changes only

    @property
    def key(self) -> str:
        return entry_key(self.entry)


def changes(roadmap: Roadmap) -> list[Change]:
    """Every status change across the roadmap, newest first (a new list, for the caller to keep)."""
    if _changes and _changes[0] is roadmap:  # the feed, the changes' page and the home page's latest ones
        return list(_changes[1])
    found = [Change(h.date, o, h.status, h, i) for o in roadmap.objectives.values() for i, h in enumerate(o.history)]
    found.sort(key=lambda c: (c.date, c.objective.id, c.position), reverse=True)
    _changes[:] = [roadmap, tuple(found)]
    return found


# The last roadmap's changes, by its identity (a Roadmap and its objectives are frozen): each
# language's build reads them up to three times (issue #21)
_changes: list = []
