"""The valid values nearest a mistyped one, for "did you mean …?" in the checker's messages.

A contributor often writes what the site shows instead of the id behind it (``status: propuesto``,
the Spanish label of ``proposed``), misspells an id or a field name (``financ``, ``stauts``), or
writes the start of an id in their own words (``ocde-2024`` for one of the ``oecd-2024-…``
sources).

Closeness is the better of two RapidFuzz scores (0-100) between the folded value and each id or
label: the whole-string similarity (``fuzz.ratio``: a misspelling), and, when the value is at
least four characters and no longer than the candidate, the similarity to the candidate's best
matching part (``fuzz.partial_ratio``: ``ocde-2024`` is 89 % of every ``oecd-2024-…`` id, however
long the rest). Among equally close ids, one sharing more whole words with the value comes first
(``objectiv-42-x`` → ``objective-42-x`` before ``objective-2-x``); then the order the caller gives
(the data file's, which lists a whole report before its chapters), so equally close ids are not
reordered by length: the whole-string score alone put ``oecd-2024-peru`` first because it is the
shortest of the six ``oecd-2024-…`` ids.

At most :data:`LIMIT` suggestions, each within :data:`MARGIN` points of the best: a clear winner
is suggested alone. RapidFuzz compares in C++, so ranking every id of a large file costs about a
millisecond (5,000 ids); the caller bounds how many messages ask.
"""

from __future__ import annotations

import bisect
import unicodedata
from typing import Iterable, Mapping, NamedTuple

LIMIT = 5  # suggestions listed at most
CUTOFF = 60  # the lowest score (0-100) worth suggesting
MARGIN = 8  # a suggestion scores at most this much less than the best one
PARTIAL_FROM = 4  # a value this long or longer may match part of a longer id


def _fold(text: str) -> str:
    """Lower case, without accents or surrounding spaces: "Próximo " and "proximo" compare equal."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Prepared(NamedTuple):
    """The valid values folded once (:func:`prepare`), for many :func:`suggest` calls against
    the same ids: folding 25,000 ids and labels for each of 500 unknown references took most of
    a minute (issue #18); the comparisons themselves are RapidFuzz's, in C++."""

    order: dict[str, int]  # id → its place, for ties
    candidates: dict[str, str]  # folded id or label → id
    keys: list[str]  # the folded ids and labels
    by_length: list[str]  # the same, shortest first, and their lengths: the ones at least as long
    lengths: list[int]  # as a value are a slice (for partial_ratio), not a pass in Python per value


def prepare(ids: Iterable[str], labels: Mapping[str, Iterable[str]] | None = None) -> Prepared:
    order: dict[str, int] = {}
    candidates: dict[str, str] = {}
    for id_ in ids:
        order.setdefault(id_, len(order))
        candidates.setdefault(_fold(id_), id_)
    for id_, words in (labels or {}).items():
        for word in words:
            if word:
                candidates.setdefault(_fold(word), id_)
    by_length = sorted(candidates, key=len)
    return Prepared(order, candidates, list(candidates), by_length, [len(key) for key in by_length])


MAX_COMPARED = 200  # characters of a mistyped value compared (a 10,000-character "id" costs no more)


def suggest(value: object, ids: Iterable[str] = (), labels: Mapping[str, Iterable[str]] | None = None,
            limit: int = LIMIT, prepared: Prepared | None = None) -> list[str]:
    """The ids ``value`` most likely meant, closest first, at most ``limit``; [] when none is close.

    ``ids`` are the valid values, in the order to keep among equally close ones; ``labels`` maps
    an id to the words readers see for it (its label in each language). A label or id matched
    exactly (ignoring case and accents) is the only suggestion. ``prepared``: the ids and labels
    as :func:`prepare` gives them, when many values are compared with the same ones."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return []
    wanted = _fold(str(value)[:MAX_COMPARED])
    if not wanted:
        return []
    prepared = prepared or prepare(ids, labels)
    order, candidates, keys = prepared.order, prepared.candidates, prepared.keys
    if wanted in candidates:
        return [candidates[wanted]] if candidates[wanted] != str(value) else []
    # imported here: a build whose data was checked before suggests nothing (0.02 s of its start)
    from rapidfuzz import fuzz, process

    best: dict[str, float] = {}
    for key, score, _ in process.extract(wanted, keys, scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=None):
        best[candidates[key]] = max(best.get(candidates[key], 0.0), score)
    if len(wanted) >= PARTIAL_FROM:
        longer = prepared.by_length[bisect.bisect_left(prepared.lengths, len(wanted)):]
        for key, score, _ in process.extract(wanted, longer, scorer=fuzz.partial_ratio, score_cutoff=CUTOFF, limit=None):
            best[candidates[key]] = max(best.get(candidates[key], 0.0), score)
    if not best:
        return []
    top = max(best.values())
    words = set(_words(wanted))
    ranked = sorted((id_ for id_, score in best.items() if score >= top - MARGIN),
                    key=lambda id_: (-round(best[id_], 6), -len(words & set(_words(_fold(id_)))),
                                     order.get(id_, len(order))))
    return ranked[:max(0, limit)]


def _words(text: str) -> list[str]:
    """The words of an id or label: ``oecd-2024-peru`` → oecd, 2024, peru."""
    return "".join(c if c.isalnum() else " " for c in text).split()


def nearest(value: object, ids: Iterable[str], labels: Mapping[str, Iterable[str]] | None = None) -> str | None:
    """The one id ``value`` most likely meant (the first of :func:`suggest`), or None."""
    found = suggest(value, ids, labels, limit=1)
    return found[0] if found else None
