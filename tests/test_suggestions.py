"""Did-you-mean suggestions for the checker's messages."""

from __future__ import annotations

from roadmap import model
from roadmap.suggestions import nearest, suggest

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


# The real data's source ids, in the data file's order (a whole report before its chapters).
SOURCE_IDS = [s["id"] for s in model.parse_yaml(model.DATA_FILE.read_text(encoding="utf-8"), "data").data["sources"]]


def test_a_spanish_acronym_for_an_id_suggests_the_ids_it_starts_like_not_the_shortest() -> None:
    """`ocde-2024` (OECD in Spanish): every `oecd-2024-…` id is as close; the whole report first,
    as the data lists it, not `oecd-2024-peru` because it is the shortest."""
    assert len(SOURCE_IDS) > 20
    found = suggest("ocde-2024", SOURCE_IDS)
    assert 1 < len(found) <= 5, found
    assert found[0] == "oecd-2024-sme-index", found
    assert all(f.startswith("oecd-2024-") for f in found), found


def test_never_more_than_five_and_a_clear_winner_alone() -> None:
    many = [f"finance-{n}" for n in range(40)]
    assert len(suggest("financ", many)) == 5
    assert suggest("pa-2024-06-72", SOURCE_IDS) == ["pa-2024-06-27"]  # two digits swapped
    assert suggest("oecd-2024-peur", SOURCE_IDS) == ["oecd-2024-peru"]
    assert suggest("financ", many, limit=1) == ["finance-0"]


def test_a_word_shared_whole_ranks_first_among_equally_close_ids() -> None:
    ids = [f"objective-{n}-some-words" for n in range(100)]
    assert suggest("objectiv-42-some", ids)[0] == "objective-42-some-words"


def test_part_of_an_id_finds_it_but_a_short_value_does_not_match_everything() -> None:
    assert suggest("valparaiso", SOURCE_IDS) == ["pa-2024-07-valparaiso"]
    assert suggest("subrei", SOURCE_IDS) == ["subrei-msmes", "subrei-exporting-smes-2020"]
    assert suggest("pa", SOURCE_IDS) == []  # too short to match part of an id
    assert suggest("zzzz", SOURCE_IDS) == []
