"""Progress over time: the dashboard (charts by status, horizon, theme and country, and the
milestones due on the day statuses are computed for), the list of status changes, and the
language's Atom feed of them.

Takes the roadmap and ``today`` (through :class:`~roadmap.render.Renderer`); gives Markdown, and
the feed's XML.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import citation, progress
from .model import Roadmap
from .render_text import CHANGES_PAGE, FEED_FILE, OBJECTIVES_DIR, breakdown_sentence, informative, label


class Progress:
    """The progress pages of :class:`~roadmap.render.Renderer` (a mixin: ``self`` is the renderer)."""

    roadmap: Roadmap
    today: dt.date
    _render: Any

    def dashboard(self, lang: str, base: str = "", compact: bool = False) -> str:
        """Progress at a glance: inline SVG charts by status, horizon, theme and country, and the
        milestones due; ``compact`` keeps the first two charts, for the home page."""
        r = self.roadmap
        names = {
            "status": lambda key: r.statuses[key].label(lang),
            "horizon": lambda key: label("horizon_pending", lang) if key == progress.HORIZON_PENDING else r.horizons[key].label(lang),
            "theme": lambda key: r.themes[key].name(lang),
            "country": lambda key: r.countries[key].name(lang),
        }
        rows = {field: [(names[field](key), count, key if field == "status" else "default")
                        for key, count in progress.count_by(r, field)] for field in names}
        # a chart is drawn only when it shows something a sentence cannot (see informative())
        sentences = {field: None if informative([(n, c) for n, c, _ in rows[field]])
                     else breakdown_sentence([(n, c) for n, c, _ in rows[field]], lang) for field in rows}
        due = progress.milestones(r, self.today)
        return self._render("dashboard.md.j2", lang, base, compact=compact, total=len(r.objectives),
                            by_status=rows["status"], by_horizon=rows["horizon"], by_theme=rows["theme"],
                            by_country=rows["country"], due=due, overdue=[d for d in due if d.overdue],
                            sentences=sentences)

    def changes_list(self, lang: str, base: str = "", limit: int | None = None) -> str:
        return self._render("changes_list.md.j2", lang, base, changes=progress.changes(self.roadmap)[:limit])

    def atom_feed(self, lang: str, root_url: str) -> str:
        """The language's Atom feed of status changes; ``root_url`` is the language's absolute root."""
        def feed_entry_id(change: progress.Change) -> str:  # what the entry is, never where (issue #19)
            return citation.feed_entry_id(root_url, lang, OBJECTIVES_DIR, change.objective.first_id, change.key)

        return self._render("atom_feed.xml.j2", lang, changes=progress.changes(self.roadmap), root_url=root_url,
                            feed_path=FEED_FILE, changes_path=CHANGES_PAGE, objectives_dir=OBJECTIVES_DIR,
                            feed_entry_id=feed_entry_id)
