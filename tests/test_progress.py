"""Dashboard numbers, actor pages, overdue milestones, the change history, the explorer and the
printable roadmap, rendered from the fixture."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown
import pytest

from roadmap import model, progress, render

from .conftest import FIXTURES

VALID = (FIXTURES / "valid.yml").read_text(encoding="utf-8")
# two more milestones for obj-one: one past its date, one still ahead
MILESTONES = VALID.replace("""        done: true
""", """        done: true
      - date: "2025-06-30"
        text: {es: Hito atrasado, en: Late milestone}
        done: false
      - date: "2027-01"
        text: {es: Hito futuro, en: Future milestone}
        done: false
""", 1)
TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def roadmap(tmp_path: Path) -> model.Roadmap:
    path = tmp_path / "objectives.yml"
    path.write_text(MILESTONES, encoding="utf-8")
    return model.load(path)


@pytest.fixture
def renderer(roadmap: model.Roadmap) -> render.Renderer:
    return render.Renderer(roadmap, today=TODAY)


def html(markdown_text: str) -> str:
    body = markdown_text.split("\n---\n", 1)[1] if markdown_text.startswith("---") else markdown_text
    return markdown.markdown(body, extensions=["tables", "md_in_html", "admonition", "attr_list"])


def test_counts_cover_every_key_and_add_up(roadmap: model.Roadmap) -> None:
    assert progress.count_by(roadmap, "status") == [("proposed", 1), ("agreed", 1), ("withdrawn", 0)]
    assert progress.count_by(roadmap, "horizon") == [("short", 1), ("medium", 0), ("long", 0), ("none", 1)]
    assert progress.count_by(roadmap, "country") == [("CL", 1), ("PE", 2)]
    with pytest.raises(ValueError, match="cannot count objectives by 'colour'"):
        progress.count_by(roadmap, "colour")


def test_overdue_is_relative_to_the_build_date(roadmap: model.Roadmap) -> None:
    due = progress.milestones(roadmap, TODAY)
    assert [(d.milestone.date, d.overdue) for d in due] == [("2025-06-30", True), ("2027-01", False)]
    # a month-only date is due at the end of that month
    assert [d.overdue for d in progress.milestones(roadmap, dt.date(2027, 1, 31))] == [True, False]
    assert [d.overdue for d in progress.milestones(roadmap, dt.date(2027, 2, 1))] == [True, True]


def test_dashboard_charts_are_labelled_svg_with_a_data_table(renderer: render.Renderer) -> None:
    page = html(renderer.dashboard("en"))
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert 'role="img"' in svg and all(f'id="{i}"' in svg for i in ids)
        assert re.search(r"<title id=[^>]*>\w", svg) and re.search(r"<desc id=[^>]*>\w", svg)
    status_chart = svgs[0]
    assert ">Proposed</text>" in status_chart and ">Agreed</text>" in status_chart  # text, not colour alone
    assert re.search(r'<th scope="row">Proposed</th>\s*<td>1</td>', page)
    # the overdue count carries the due days, for the reader's browser to recount (issue #19)
    assert re.sub(r"<[^>]+>", "", page).count("2 objectives · 2 pending milestones · 1 overdue") == 1
    assert 'data-dues="2025-06-30:1 2027-01-31:1">1</span>' in page
    assert "Late milestone" in page and "Overdue" in page and "Upcoming" in page


def test_compact_dashboard_for_the_home_page(renderer: render.Renderer) -> None:
    page = renderer.dashboard("es", compact=True)
    assert page.count("<svg") == 2 and "Hito atrasado" not in page


def test_bars_are_proportional(renderer: render.Renderer) -> None:
    svg = re.findall(r"<svg.*?</svg>", renderer.dashboard("en"), re.S)[1]  # by horizon: 1, 0, 0, 1
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)%"', svg)]
    assert widths[0] == widths[3] > 0 and widths[1] == widths[2] == 0


def test_actor_page_lists_what_it_leads_and_supports(renderer: render.Renderer) -> None:
    gov = renderer.actor_page("en", "gov").html
    assert ">Government (GOV)" in gov and "Public" in gov and 'href="../../paises/cl/"' in gov
    lead = gov[gov.index("Objectives it leads"):]
    assert 'href="../../objetivos/obj-one/"' in lead
    assert "Objectives it supports" not in gov  # no empty section: it supports nothing
    bank = renderer.actor_page("es", "bank").html
    support = bank[bank.index("Objetivos que apoya"):]
    assert 'href="../../objetivos/obj-one/"' in support and "Organismos multilaterales" in support
    assert "Hito atrasado" in bank and "Vencido" in bank
    assert renderer.page_line("actor", "bank") > renderer.page_line("actor", "gov")


def test_objective_pages_link_to_actor_pages(renderer: render.Renderer) -> None:
    assert '<a href="../../actores/gov/">Government (GOV)</a>' in renderer.objective_page("en", "obj-one").html


def test_changes_newest_first(renderer: render.Renderer) -> None:
    page = renderer.changes_list("en")
    # the first cell of each row (cells carry data-label, the phone layout's column name)
    assert re.findall(r"<tr><td[^>]*><time[^>]*>([^<]+)</time>", page) == ["15 January 2025", "27 June 2024", "27 June 2024"]


def test_explorer_table_is_complete_and_carries_the_filter_data(renderer: render.Renderer) -> None:
    page = html(renderer.explorer("es", "../"))
    rows = re.findall(r"<tr (data-[^>]*)>", page)
    assert len(rows) == 2
    assert 'data-horizon="short"' in rows[0] and 'data-country="CL PE"' in rows[0] and 'data-actor="bank biz gov"' in rows[0]
    assert 'data-horizon="none"' in rows[1] and 'data-status="proposed"' in rows[1]
    assert '<a href="../objetivos/obj-one/">Objetivo uno</a>' in page
    assert "<form class=\"explorer\" hidden" in page  # only JavaScript reveals the filters
    assert 'role="status"' in page and "2 objetivos" in page
    assert '<option value="gov">Gobierno</option>' in page


def test_printable_roadmap_has_every_objective_under_its_horizon_and_theme(renderer: render.Renderer) -> None:
    page = renderer.printable_roadmap("en")
    assert page.index("## Short term") < page.index("### Finance") < page.index("Objective one")
    assert page.index("## To be defined") < page.index("### Trade") < page.index("Objective two")
    assert "## Medium term" not in page  # empty horizons are left out
    assert "<strong>Leads:</strong> Government (GOV); Businesses;" in page
    assert "<p>Summary <strong>one</strong>.</p>" in page  # the summary's Markdown, as HTML
