"""The nearest valid value to a mistyped one, for "did you mean …?" in the checker's messages.

A contributor often writes what the site shows instead of the id behind it (``status: propuesto``,
the Spanish label of ``proposed``), or misspells an id or a field name (``financ``, ``stauts``).
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable, Mapping


def _fold(text: str) -> str:
    """Lower case, without accents or surrounding spaces: "Próximo " and "proximo" compare equal."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def nearest(value: object, ids: Iterable[str], labels: Mapping[str, Iterable[str]] | None = None) -> str | None:
    """The id ``value`` most likely meant, or None when nothing is close.

    ``ids`` are the valid values; ``labels`` maps an id to the words readers see for it (its
    label in each language). A label matched exactly (ignoring case and accents) wins; otherwise
    the closest id or label by :func:`difflib.get_close_matches` (ratio at least 0.6)."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None
    wanted = _fold(str(value))
    candidates: dict[str, str] = {}
    for id_ in ids:
        candidates.setdefault(_fold(id_), id_)
    for id_, words in (labels or {}).items():
        for word in words:
            if word:
                candidates.setdefault(_fold(word), id_)
    if not wanted:
        return None
    if wanted in candidates:
        return candidates[wanted] if candidates[wanted] != str(value) else None
    close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.6)
    return candidates[close[0]] if close else None
