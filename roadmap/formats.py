"""The declared types' own checks: one Python check per ``format`` of the schema's ``$defs``.

Every kind of value has one declared type in ``data/objectives.schema.json`` (``id``, ``date``,
``url``, ``number``, ``text``, ...), and each type with a ``format`` has one check in
:data:`FORMATS`, so a date is checked as a date wherever a date occurs. Takes one value; gives
``True`` or raises :class:`Invalid` with the message, or for text the places inside the value
(:mod:`roadmap.text_policy`). :mod:`roadmap.validation` hands them to the schema validator.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Any, Callable

from . import text_policy
from .messages import Message, message


class Invalid(Exception):
    """Raised by a type's check: the message(s), and for text the places inside the value."""

    def __init__(self, text: Message | None = None, violations: list[text_policy.Violation] | None = None):
        super().__init__(str(text))
        self.text, self.violations = text, violations or []


_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def _check_date(value: Any) -> bool:
    """A real calendar date (YYYY, YYYY-MM or YYYY-MM-DD) between 1900 and 2100. Only a value
    that is not text is left to the schema's ``type``: a text of another form is refused here
    too, so nothing but a date passes even if the pattern were loosened."""
    if not isinstance(value, str):
        return True  # the type says what is wrong
    if not _DATE.fullmatch(value):
        raise Invalid(message("check_date", value=value))
    parts = [int(p) for p in value.split("-")]
    try:
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2100:
        raise Invalid(message("check_date", value=value))
    return True


def _check_url(value: Any) -> bool:
    """An absolute http(s) URL with a host, nothing a link could break out of (text_policy)."""
    problem = text_policy.url_problem(value) if isinstance(value, str) else None
    if problem:
        raise Invalid(message(problem, value=value[:100]))
    return True


def _check_number(value: Any) -> bool:
    """A finite number of a sensible size (no NaN, no infinity)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and not (
            math.isfinite(value) and abs(value) < 1e15):
        raise Invalid(message("check_number", value=value))
    return True


@lru_cache(maxsize=1)
def _text_suspect() -> re.Pattern[str]:
    """The one-pass test for the common case: a text with none of the characters the policy looks
    at. Built when the data is first validated (a build whose data was checked before never is)."""
    return re.compile(r"[<&!{}\]]|" + text_policy.FORBIDDEN_CHARS.pattern + "|" + text_policy.mark_stack().pattern)


def _check_text(value: Any) -> bool:
    """Data text: the text policy (roadmap/text_policy.py). Empty text is the schema's to report."""
    if isinstance(value, str) and value and (not value.strip() or _text_suspect().search(value)):
        found = text_policy.violations(value)
        if found:
            raise Invalid(violations=found)
    return True


def _check_label_text(value: Any) -> bool:
    """A title, name or label: data text shown as the text of a link, so without links of its own."""
    if isinstance(value, str) and value and (not value.strip() or _text_suspect().search(value) or "](" in value):
        found = text_policy.label_violations(value)
        if found:
            raise Invalid(violations=found)
    return True


# `format` of a `$defs` type in data/objectives.schema.json → its check
FORMATS: dict[str, Callable[[Any], bool]] = {
    "roadmap-date": _check_date,
    "roadmap-url": _check_url,
    "roadmap-number": _check_number,
    "roadmap-text": _check_text,
    "roadmap-label-text": _check_label_text,
}
