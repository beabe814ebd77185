"""The nearest valid value to a mistyped one, for "did you mean …?" in the checker's messages.

A contributor often writes what the site shows instead of the id behind it (``status: propuesto``,
the Spanish label of ``proposed``), or misspells an id or a field name (``financ``, ``stauts``).
"""

from __future__ import annotations

import unicodedata
from typing import Iterable, Mapping

from rapidfuzz import fuzz, process


def _fold(text: str) -> str:
    """Lower case, without accents or surrounding spaces: "Próximo " and "proximo" compare equal."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Candidates:
    """The valid values and the words readers see for them, folded once (:func:`_fold`), so
    asking for the nearest of many mistyped values costs one pass over them each, in C
    (rapidfuzz), not a fold and a Python comparison of every value each time: with 5,000
    institutions and 500 unknown references, "did you mean" took minutes (issue #18)."""

    def __init__(self, ids: Iterable[str], labels: Mapping[str, Iterable[str]] | None = None) -> None:
        self.by_folded: dict[str, str] = {}
        for id_ in ids:
            self.by_folded.setdefault(_fold(id_), id_)
        for id_, words in (labels or {}).items():
            for word in words:
                if word:
                    self.by_folded.setdefault(_fold(word), id_)
        self.keys = list(self.by_folded)

    def nearest(self, value: object) -> str | None:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return None
        wanted = _fold(str(value))[:MAX_COMPARED]
        if not wanted:
            return None
        if wanted in self.by_folded:
            return self.by_folded[wanted] if self.by_folded[wanted] != str(value) else None
        found = process.extractOne(wanted, self.keys, scorer=fuzz.ratio, score_cutoff=60)
        return self.by_folded[found[0]] if found else None


MAX_COMPARED = 200  # characters of a mistyped value compared (a 10,000-character "id" costs no more)


def nearest(value: object, ids: Iterable[str], labels: Mapping[str, Iterable[str]] | None = None) -> str | None:
    """The id ``value`` most likely meant, or None when nothing is close.

    ``ids`` are the valid values; ``labels`` maps an id to the words readers see for it (its
    label in each language). A label matched exactly (ignoring case and accents) wins; otherwise
    the closest id or label by similarity (rapidfuzz's ratio, at least 60 of 100, as difflib's
    0.6 before). Many values against the same ids: :class:`Candidates` once, then its ``nearest``."""
    return Candidates(ids, labels).nearest(value)
