"""Rows of the long listings kept between the builds of one process (`mkdocs serve`, issue #21).

A save of ``data/objectives.yml`` that changes one objective's title changes one row of the
explorer, the printable roadmap, the list of changes, the feed and the objectives' tables; the
others were the same rows, rendered again (0.5 s of a rebuild's CPU at 1,000 objectives). A
template renders each row with a macro handed to ``kept_row`` (roadmap/template_context.py),
which gives back the row made last time when nothing it reads changed.

What a row reads is one objective (its entry: a row never shows another's), the rest of the
data as seen in the page's language (labels of statuses, horizons, themes, countries, the
institutions' names, stale translations), the templates and code, the day, the language, where
the page is (``base``, the feed's address) and the listing's own options. The first two are
roadmap/page_inputs.py's hashes, the ones that decide whether a page is made again:
``Inputs.objective[id]`` (the entry, its texts as seen in the language) and ``Inputs.base``
(everything else: the site's files, the day, the data outside the objectives as seen in the
language, every objective's skeleton). The rest is the slot's key. Without inputs (a build that
is not a `mkdocs serve` rebuild: macros/incremental.py hands none over), rows are made as they
come and nothing is kept.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

# {slot: (Inputs.base the rows were made under, {(objective's hash, *row key): row})}
_kept: dict[Hashable, tuple[str, dict[Hashable, Any]]] = {}
_MAX_SLOTS = 256  # listings: a handful per page that shows them, per language


def row(inputs: Any, slot: Hashable, objective: Any, key: Hashable, make: Callable[[], Any]) -> Any:
    """The row ``make()`` gives for ``objective`` in the listing ``slot`` (template, language,
    page, options), the one made last time when ``inputs`` say nothing it reads changed."""
    if inputs is None:
        return make()
    base, rows = _kept.get(slot, ("", {}))
    if base != inputs.base or len(rows) > 8 * len(inputs.objective) + 64:
        # made under other inputs, or grown with rows of earlier versions of objectives
        if slot not in _kept and len(_kept) >= _MAX_SLOTS:
            _kept.clear()
        rows = {}
        _kept[slot] = (inputs.base, rows)
    row_key = (inputs.objective[objective.id], key)
    made = rows.get(row_key)
    if made is None:
        made = rows[row_key] = make()
    return made


def forget() -> None:
    _kept.clear()
