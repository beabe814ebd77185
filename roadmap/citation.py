"""How to cite a page (issue #19): its title, publisher, permanent address and the day its content
last changed (roadmap/dates.py), as one plain citation and as a BibTeX entry, in the page's
language; and the identifiers that never change meaning (a change feed entry's id).

Plain functions: the renderer gives the page's title (plain text), its address and its date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .messages import labels

# BibTeX's special characters, each written so that LaTeX prints it as itself
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
_BIBTEX_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))

# The feed ids' tag authority: the year its host name was first used for the site. A constant,
# never today's year: an entry's id must not change (RFC 4151 tag URIs).
TAG_YEAR = "2026"


def _label(key: str, lang: str, **values: str) -> str:
    text = labels()[key][lang]
    return text.format(**values) if values else text


def bibtex_text(value: str) -> str:
    """``value`` inside a BibTeX field's braces: special characters escaped, one line."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(value.split()))


@dataclass(frozen=True)
class Citation:
    title: str  # plain text
    publisher: str
    site: str
    url: str  # absolute, permanent
    date: str | None  # when the content last changed: YYYY, YYYY-MM or YYYY-MM-DD
    date_text: str  # the same, written out in the page's language
    key: str  # the BibTeX key
    lang: str

    @property
    def plain(self) -> str:
        return _label("cite_plain", self.lang, publisher=self.publisher, title=self.title, site=self.site,
                      date=self.date_text, url=self.url)

    @property
    def bibtex(self) -> str:
        # the publisher is a corporate author: braced as one name, inside a quoted field, so the
        # entry never holds "{{" (nor "{%", "{#"), which a template pass would read as a tag
        fields = [("title", self.title), ("author", '"{' + bibtex_text(self.publisher).replace('"', "{\"}") + '}"'),
                  ("publisher", self.publisher), ("howpublished", self.site), ("url", self.url)]
        if self.date:
            parts = self.date.split("-")
            # year for BibTeX, date (YYYY-MM-DD) for BibLaTeX
            fields += [("year", parts[0]), ("date", self.date),
                       ("note", _label("cite_bibtex_note", self.lang, date=self.date_text))]
        fields.append(("language", _label("cite_bibtex_language", self.lang)))
        body = ",\n".join(f"  {name} = " + (value if name == "author" else
                                            "{" + (value if name == "url" else bibtex_text(value)) + "}")
                          for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"


def citation(title: str, url: str, date: str | None, date_text: str | None, key: str, lang: str) -> Citation:
    """The citation of one page in ``lang``; ``key`` names it (ASCII letters, digits, hyphens)."""
    return Citation(title=" ".join(title.split()), publisher=_label("cite_publisher", lang), site=_label("cite_site", lang),
                    url=url, date=date, date_text=date_text or _label("cite_date_unknown", lang),
                    key=re.sub(r"[^A-Za-z0-9-]+", "-", key).strip("-"), lang=lang)


def feed_entry_id(site_url: str, lang: str, folder: str, first_id: str, entry_key: str) -> str:
    """An Atom entry's id (RFC 4151 tag URI) from what the entry is: the language, the objective's
    first id (its id before any rename) and the entry's key (date and status, or its explicit
    key). Neither a position in the history nor the objective's current id: an insertion, a second
    entry on the same day or a rename leaves it unchanged."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"tag:{host},{TAG_YEAR}:{lang}/{folder}/{first_id}/history/{entry_key}"
