"""What the checker reports: a :class:`Problem` at a file, line and column, its place in both
languages (:class:`Place`), and :class:`DataError`, which carries every problem found.

Takes the messages of :mod:`roadmap.messages` (both languages); gives the problem types that the
YAML reader (:mod:`roadmap.yaml_reader`), the validation (:mod:`roadmap.validation`) and the
loader (:mod:`roadmap.model`) produce, and their text for the terminal and for GitHub annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .messages import Message, message
from .project import LANGS


class Place(str):
    """A part of a problem's place, e.g. "objective 'finance-to-scale'": the English text, which it
    equals and prints as, carrying its Spanish in ``es``."""

    es: str

    def __new__(cls, en: str, es: str | None = None) -> "Place":
        place = super().__new__(cls, en)
        place.es = en if es is None else es
        return place

    def get(self, lang: str) -> str:
        return self.es if lang == "es" else str(self)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    where: str  # the entry, e.g. "objective 'finance-to-scale'" (a Place: in Spanish too); "" at the top level
    field: str  # the field inside the entry, e.g. "milestones item 1 → date" (items count from 1)
    message: Message  # both languages; str() is English
    severity: Literal["error", "warning"] = "error"

    def place(self, lang: str) -> str:
        """"objective 'finance-to-scale' → theme", in ``lang``; "" at the top level."""
        parts = (part.get(lang) if isinstance(part, Place) else str(part) for part in (self.where, self.field))
        return " → ".join(part for part in parts if part)

    def text(self, lang: str = "en") -> str:
        """``file:line:col: error: place: message``, the message and the place in ``lang``. The
        severity stays ``error``/``warning`` in both: scripts/build_annotated.py reads it."""
        place = self.place(lang)
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {place + ': ' if place else ''}{self.message.get(lang)}"

    def __str__(self) -> str:
        return self.text("en")

    def github_annotation(self) -> str:
        """GitHub Actions workflow command, shown on the changed line of a pull request: the
        message in Spanish, then in English (contributors write either)."""
        texts = []
        for lang in LANGS:
            place = self.place(lang)
            texts.append(f"{place + ': ' if place else ''}{self.message.get(lang)}")
        text = "\n\n".join(dict.fromkeys(texts)).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.file},line={self.line},col={self.column}::{text}"


class DataError(Exception):
    """Raised with every problem found, so the build stops before writing anything."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        """Every problem, one a line, in ``lang``."""
        count = len(self.problems)
        head = message("check_data_problems", count=count).get(lang)
        return head + "\n" + "\n".join(f"  {p.text(lang)}" for p in self.problems)


def did_you_mean(text: Message, suggestions: list[str]) -> Message:
    """``text`` followed by "did you mean …?" with the closest valid values (at most five,
    closest first: roadmap/suggestions.py), when there are any."""
    if not suggestions:
        return text
    if len(suggestions) == 1:
        hint = message("check_did_you_mean", value=suggestions[0])
    else:
        hint = message("check_did_you_mean_any", values=Message(en=", ".join(f"“{v}”" for v in suggestions),
                                                                 es=", ".join(f"«{v}»" for v in suggestions)))
    return Message(en=f"{text.en}: {hint.en}", es=f"{text.es}: {hint.es}")
