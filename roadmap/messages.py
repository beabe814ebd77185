"""The checker's messages in Spanish and English.

Every message of ``make check`` is a :class:`Message` carrying both languages. Their wording lives
in ``roadmap/labels.yml`` under keys starting with ``check_`` (the one translations table), with
``str.format`` fields filled by :func:`message`. ``str(message)`` is English; choosing the
contributor's language (``LANG``, ``--lang``) is the caller's business.
"""

from __future__ import annotations

from dataclasses import dataclass
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

LABELS_FILE = Path(__file__).parent / "labels.yml"


@dataclass(frozen=True)
class Message:
    """A checker message; ``es`` is ``None`` for a message not translated yet (English is shown)."""

    en: str
    es: str | None = None

    def get(self, lang: str) -> str:
        return (self.es or self.en) if lang == "es" else self.en

    def __str__(self) -> str:
        return self.en

    def __contains__(self, part: str) -> bool:
        return part in self.en or (self.es is not None and part in self.es)


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    # libyaml's loader where PyYAML has it: ten times the pure-Python one's speed, same result
    return yaml.load(LABELS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def labels() -> dict[str, dict[str, str]]:
    """The whole translations table, ``roadmap/labels.yml``: ``{key: {"es": …, "en": …}}``."""
    return _labels()


def message(key: str, /, **values: Any) -> Message:
    """The message ``key`` of ``roadmap/labels.yml`` in both languages, its fields filled in
    (a :class:`Message` value is filled in with its text in the same language).

    Raises ``KeyError`` naming the key when ``labels.yml`` lacks it or one of its languages."""
    entry = _labels().get(key)
    if not entry or "es" not in entry or "en" not in entry:
        raise KeyError(f"roadmap/labels.yml has no 'es' and 'en' text for {key!r}: add it")
    def fill(lang: str) -> str:  # a Message among the values is put in the same language
        return entry[lang].format(**{k: v.get(lang) if isinstance(v, Message) else v for k, v in values.items()})

    return Message(en=fill("en"), es=fill("es"))


def terminal_language(environ: Mapping[str, str] = os.environ) -> str:
    """"es" when the locale is Spanish (the first of LC_ALL, LC_MESSAGES, LANG that is set, as
    POSIX reads them: ``es_ES.UTF-8``, ``es_CL``, ``es``), else "en"."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"
