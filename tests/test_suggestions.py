"""Did-you-mean suggestions for the checker's messages."""

from __future__ import annotations

from roadmap.suggestions import nearest

STATUSES = ["proposed", "agreed", "in_progress", "achieved", "paused"]
LABELS = {"proposed": ["Propuesto", "Proposed"], "in_progress": ["En curso", "In progress"],
          "agreed": ["Acordado", "Agreed"]}


def test_a_label_written_instead_of_its_id() -> None:
    assert nearest("propuesto", STATUSES, LABELS) == "proposed"
    assert nearest("En curso", STATUSES, LABELS) == "in_progress"
    assert nearest("in progress", STATUSES, LABELS) == "in_progress"


def test_a_misspelt_id_or_field() -> None:
    assert nearest("financ", ["finance", "trade-integration", "regulation"]) == "finance"
    assert nearest("stauts", ["status", "theme", "title", "summary"]) == "status"
    assert nearest("acordada", STATUSES, LABELS) == "agreed"


def test_nothing_close_gives_no_suggestion() -> None:
    assert nearest("banana", STATUSES, LABELS) is None
    assert nearest(None, STATUSES) is None and nearest(True, STATUSES) is None
    assert nearest("", STATUSES) is None
