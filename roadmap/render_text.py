"""What every renderer shares: the site's fixed URLs, interface text from ``roadmap/labels.yml``,
dates in each language, Markdown for interface text, the filters, and the wording of sparse
data (a breakdown too thin to draw, said in a sentence).

Takes plain values (a label key, a date, rows of counts); gives text or markup. Knows nothing of
Jinja or of the page being rendered.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
from babel.dates import format_date
from markupsafe import Markup, escape

from . import progress, text_policy
from .messages import labels  # roadmap/labels.yml, read once per process
from .model import Objective

OBJECTIVES_DIR = "objetivos"
COUNTRIES_DIR = "paises"
ACTORS_DIR = "actores"
FOLDERS = {"objective": OBJECTIVES_DIR, "country": COUNTRIES_DIR, "actor": ACTORS_DIR}
CONTRIBUTE_PAGE = "contribuir/"
CHANGES_PAGE = "cambios/"
FEED_FILE = "cambios.xml"


def label(key: str, lang: str, **values: Any) -> str:
    try:
        text = labels()[key][lang]
    except KeyError:
        raise KeyError(f"roadmap/labels.yml has no {lang!r} text for {key!r}: add it") from None
    return text.format(**values) if values else text


@lru_cache(maxsize=1 << 14)  # Babel is slow, and the same dates recur on many pages
def format_day(value: str, lang: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD date, written out the way each language reads it."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    if len(parts) == 2:
        return format_date(day, "LLLL 'de' y" if lang == "es" else "LLLL y", locale=lang)
    return format_date(day, "d 'de' MMMM 'de' y" if lang == "es" else "d MMMM y", locale=lang)


def atom_date(value: str) -> str:
    return f"{progress.as_date(value).isoformat()}T00:00:00Z"


_inline_markdown = markdown.Markdown(output_format="html")


def _markdown(value: Markup) -> Markup:
    """Markdown (already HTML-escaped) to HTML, for text placed inside raw HTML blocks."""
    _inline_markdown.reset()
    return Markup(_inline_markdown.convert(str(value)))


# Interface text from labels.yml with Markdown in it (the "contribute" link) on HTML pages. Data
# text never comes here: it has its own renderer (text_policy.to_html). Plain words are their own
# HTML; only text with a Markdown sign goes through Python-Markdown, once per build process.
_MARKDOWN_SIGNS = re.compile(r"[*_`\\\[\]<>!]|\n|&(?!(?:amp|lt|gt|quot|#39);)|^\s|\s$|^(?:[-+#>=]|\d+[.)])")


@lru_cache(maxsize=1 << 16)
def markdown_html(text: str, block: bool = False) -> Markup:
    """HTML of one (already HTML-escaped) interface text: a paragraph or more with ``block``, the
    inside of one paragraph without. The same as Python-Markdown makes of it, by construction."""
    if not _MARKDOWN_SIGNS.search(text):
        return Markup(f"<p>{text}</p>" if block else text)
    converted = _markdown(Markup(text))
    if not block and converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = Markup(converted[3:-4])
    return converted


def cell(value: Any) -> Markup:
    """Make text safe inside a Markdown table cell."""
    text = Markup(value) if isinstance(value, Markup) else escape(value)
    return Markup(str(text).replace("|", "&#124;").replace("\n", " "))


def plain(value: str) -> str:
    """One line of plain text for metadata, feeds and charts (:func:`text_policy.plain`)."""
    return text_policy.plain(str(value))


# --------------------------------------------------------------------------- sparse data (issue #10)
# Pages must read as finished with six objectives and with a thousand: a breakdown whose bars
# are all zero but one says nothing a sentence cannot, and a list of identical "pending" rows
# says less than one line counting them.

MIN_BARS = 2  # a chart (or count table) is drawn only when at least this many categories are non-zero


PROFILE_METRICS = ("number", "share-of-firms", "share-of-employment", "exports")  # what a country profile answers


def spoken_list(items: list[str], lang: str) -> str:
    """``a, b and c`` in the page's language; ``""`` for no items."""
    if len(items) <= 1:
        return "".join(items)
    return label("list_and", lang, head=", ".join(items[:-1]), last=items[-1])


def informative(rows: list[tuple[str, int]]) -> bool:
    """Whether a breakdown ``[(label, count), …]`` is worth a chart: at least :data:`MIN_BARS`
    categories hold objectives and not every category holds the same number (equal bars draw no
    picture either). Otherwise :func:`breakdown_sentence` says the same in words."""
    counts = [count for _, count in rows]
    return sum(1 for count in counts if count) >= MIN_BARS and len(set(counts)) > 1


def _quoted_list(names: list[str], lang: str) -> str:
    quoted = [label("quoted", lang, text=name) for name in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return label("list_join", lang, head=", ".join(quoted[:-1]), last=quoted[-1])


def breakdown_sentence(rows: list[tuple[str, int]], lang: str) -> str:
    """One sentence for a breakdown too thin to draw: where the objectives are, and where none is.
    ``rows`` are ``(label, count)``; the sentence is in ``lang``, its words from labels.yml."""
    total = sum(count for _, count in rows)
    full = [(name, count) for name, count in rows if count]
    empty = [name for name, count in rows if not count]
    if total == 0:
        return label("breakdown_none", lang)
    if len(full) == len(rows) > 1 and len({count for _, count in full}) == 1:
        count = full[0][1]
        objectives = label("objective_count_one", lang) if count == 1 else label("objective_count", lang, n=count)
        return label("breakdown_equal", lang, count=objectives,
                     where=spoken_list([label("quoted", lang, text=name) for name, _ in full], lang))
    if len(full) == 1:
        key = "breakdown_all_one" if total == 1 else "breakdown_all"
        text = label(key, lang, n=total, where=_quoted_list([full[0][0]], lang))
    else:
        text = label("breakdown_some", lang, n=total, parts="; ".join(
            label("breakdown_part", lang, n=count, where=_quoted_list([name], lang)) for name, count in full))
    if empty:
        text += " " + label("breakdown_empty", lang, where=_quoted_list(empty, lang))
    return text


@dataclass(frozen=True)
class Filters:
    horizon: str | None = None
    theme: str | None = None
    country: str | None = None
    status: str | None = None
    actor: str | None = None

    def matches(self, o: Objective) -> bool:
        return ((self.horizon is None or o.horizon == (None if self.horizon == "none" else self.horizon))
                and (self.theme is None or o.theme == self.theme)
                and (self.country is None or self.country in o.countries)
                and (self.status is None or o.status == self.status)
                and (self.actor is None or self.actor in o.actors()))


def columns(filters: dict[str, str | None]) -> set[str]:
    """Columns worth showing: a filtered one would repeat the same value on every row."""
    return {c for c in ("horizon", "theme", "status") if filters.get(c) is None}


def collation_key(text: str, lang: str) -> str:
    """A sort key for alphabetical order in ``lang``: case and accents set aside (á sorts as a),
    and in Spanish ñ after every n, as dictionaries order them. Babel has no collation and PyICU
    is not installed: this covers the Latin letters the two languages use.
    """
    folded = text.casefold().replace("ñ", "n\U0010ffff") if lang == "es" else text.casefold()
    return "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
