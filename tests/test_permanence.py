"""A record people can cite (issue #19), below the build: every figure's evidence and every
source's dates are in the data and the checker refuses them missing, in both languages, at the
line; ids and addresses never change meaning (former ids, reserved names, history entries known by
what they are, feed ids that survive an insertion, a same-day entry and a rename); each page's
"cite this page" block; when a page's content last changed (data dates, git for written pages)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from roadmap import citation, dates, model, progress, render
from roadmap.__main__ import main as cli
from roadmap.messages import labels

from .conftest import FIXTURES, ROOT

VALID = (FIXTURES / "valid.yml").read_text(encoding="utf-8")
REAL = model.DATA_FILE.read_text(encoding="utf-8")
DATA = model.load(model.DATA_FILE)
ATOM = "{http://www.w3.org/2005/Atom}"


def write(tmp_path: Path, text: str, name: str = "objectives.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[model.Problem]:
    roadmap, problems = model.check(write(tmp_path, text))
    assert roadmap is None, "invalid data was accepted"
    return [p for p in problems if p.severity == "error"]


def line_of(text: str, needle: str, nth: int = 0) -> int:
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1


# --------------------------------------------------------------------------- evidence for every figure


def test_every_figure_of_the_real_data_says_what_it_counts_its_period_and_where_it_stands() -> None:
    figures = list(DATA.figures) + [s for c in DATA.countries.values() for s in c.msmes]
    assert len(figures) >= 24
    for figure in figures:
        for lang in ("es", "en"):
            for name in ("scope", "period", "location"):
                text, fallback = getattr(figure, name).get(lang)
                assert text.strip() and fallback is None, (figure, name, lang)
        assert figure.source in DATA.sources


def test_every_source_of_the_real_data_has_its_kind_and_its_dates() -> None:
    for source in DATA.sources.values():
        assert source.kind in ("primary", "secondary", "press"), source.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.consulted), source.id
        # a publication date, or "undated" written out (checked), never neither
        assert (source.date is None) == source.undated, source.id
        assert source.date is None or source.date <= source.consulted, source.id
    # the fact-check of 2026-12-06: two pages shown as undated carry a date; INAI only quotes INEGI
    assert DATA.sources["semana-2025-exports"].date == "2025-09-29"
    assert DATA.sources["sinembargo-2025-census"].date == "2025-07-29"
    assert DATA.sources["inai-msmes"].kind == "secondary"


def drop_line(text: str, needle: str) -> tuple[str, int]:
    """``text`` without the line starting with ``needle`` (stripped), and the line of the entry
    it belonged to (the nearest line above it that opens a list item)."""
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.strip().startswith(needle))
    entry = next(i for i in range(index, -1, -1) if lines[i].lstrip().startswith("- "))
    return "\n".join(lines[:index] + lines[index + 1:]), entry + 1


@pytest.mark.parametrize("lang, words", [
    ("es", ["a esta cifra le falta `location`", "dónde consta en su fuente", "página, sección, cuadro o párrafo"]),
    ("en", ["this figure lacks `location`", "where it stands in its source", "page, section, table or paragraph"]),
])
def test_a_figure_without_its_location_is_refused_at_its_line_in_the_contributors_language(
        tmp_path: Path, lang: str, words: list[str]) -> None:
    # the first statistic of the real data, written without its location
    text, entry = drop_line(REAL, 'location: {es: "párrafo 2"')
    path = write(tmp_path, text)
    result = subprocess.run([sys.executable, "-m", "roadmap", "check", str(path), "--lang", lang],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1
    said = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if f"{path}:{entry}:" in line]
    assert said and all(word in said[0] for word in words), result.stdout + result.stderr


@pytest.mark.parametrize("field", ["scope", "period", "location"])
def test_a_key_figure_without_each_piece_of_evidence_is_refused(tmp_path: Path, field: str) -> None:
    text, entry = drop_line(VALID, f"{field}: ")  # the fixture's key figure is its first such line
    found = [p for p in problems_of(tmp_path, text) if f"`{field}`" in p.message.en]
    assert found and found[0].line == entry and "this figure lacks" in found[0].message.en
    assert "a esta cifra le falta" in found[0].message.es


@pytest.mark.parametrize("field", ["consulted", "date", "kind"])
def test_a_source_without_its_kind_or_dates_is_refused(tmp_path: Path, field: str) -> None:
    text, entry = drop_line(VALID, f"{field}: ")
    found = [p for p in problems_of(tmp_path, text) if f"`{field}`" in p.message.en]
    assert found and found[0].line == entry and "this source lacks" in found[0].message.en


def test_undated_is_a_word_written_out_and_any_other_text_is_refused(tmp_path: Path) -> None:
    text = VALID.replace("    date: undated\n", "    date: sin fecha\n")
    found = [p for p in problems_of(tmp_path, text) if "sin fecha" in str(p)]
    assert found and found[0].line == line_of(VALID, "    date: undated") and "`undated`" in found[0].message.en


def test_the_evidence_is_shown_beside_each_figure(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    renderer = render.Renderer(model.load(path), today=dt.date(2026, 1, 1))
    for lang, words in (("es", ["Cuenta:", "exportaciones del bloque", "Período:", "2023", "cuadro 3, p. 12"]),
                        ("en", ["Counts:", "the bloc's exports", "Period:", "2023", "table 3, p. 12"])):
        home = renderer.key_figures(lang)
        assert all(word in home for word in words), home
    country = renderer.page("country", "CL", "en").html
    assert "Counts:" in country and "formal firms" in country and "paragraph 4" in country
    # the undated source says so, and the sources list says when each was consulted
    assert "n.d." in country
    sources = renderer.sources_list("es")
    assert "consultada el 10 de enero de 2025" in sources and "consultada el 31 de enero de 2025" in sources


# --------------------------------------------------------------------------- ids and addresses


@pytest.mark.parametrize("old, new, words, at", [
    ("    former_ids: [first-name, second-name]\n", "    former_ids: [first-name, obj-two]\n",
     ["'obj-two' is the current id of objective 'obj-two'"], "    former_ids:"),
    ("  - id: obj-two\n", "  - id: obj-two\n    former_ids: [second-name]\n",
     ["'second-name' is already a former id of objective 'obj-one'"], "    former_ids: [second-name]"),
    ("    former_ids: [first-name, second-name]\n", "    former_ids: [index]\n",
     ["'index' is already the name of docs/es/index.md"], "    former_ids:"),
    ("    former_ids: [first-name, second-name]\n", "    former_ids: [glosario]\n",
     ["'glosario' is already the name of docs/es/glosario.md"], "    former_ids:"),
    ("  - id: obj-two\n", "  - id: index\n", ["'index' is already the name of"], "  - id: index"),
    ("  - id: biz\n", "  - id: objetivos\n", ["'objetivos' is already the name of docs/es/objetivos/index.md"], "  - id: objetivos"),
])
def test_an_id_that_would_give_an_address_two_meanings_is_refused_at_its_line(
        tmp_path: Path, old: str, new: str, words: list[str], at: str) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    text = text.replace("[biz]", "[objetivos]") if "objetivos" in new else text
    found = [p for p in problems_of(tmp_path, text) if all(w in p.message.en for w in words)]
    assert found, [str(p) for p in problems_of(tmp_path, text)]
    assert found[0].line == line_of(text, at)
    assert found[0].message.es != found[0].message.en  # said in Spanish too


def test_two_history_entries_with_the_same_date_and_status_need_a_key(tmp_path: Path) -> None:
    entry = '      - date: "2024-06-27"\n        status: proposed\n        note: {es: Propuesto., en: Proposed.}\n'
    second = entry.replace("Propuesto.", "Propuesto de nuevo.").replace("Proposed.", "Proposed again.")
    text = VALID.replace(entry, entry + second, 1)  # obj-one's first entry, then a second one like it
    found = [p for p in problems_of(tmp_path, text) if "share the date 2024-06-27" in p.message.en]
    assert found and found[0].line == line_of(text, entry) + 3  # the second one, so the first keeps its id
    keyed = text.replace(second, second + "        key: again\n", 1)
    assert model.check(write(tmp_path, keyed))[0] is not None
    repeated = keyed.replace("        key: council\n", "        key: again\n")
    assert any("already uses the `key` 'again'" in p.message.en for p in problems_of(tmp_path, repeated))


def feed_ids(text: str) -> dict[str, str]:
    """Each Atom entry's id → its link."""
    root = ET.fromstring(text)
    return {e.find(f"{ATOM}id").text: e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")}


def feed(tmp_path: Path, text: str, lang: str = "en") -> dict[str, str]:
    roadmap = model.load(write(tmp_path, text, f"{abs(hash(text))}.yml"))
    return feed_ids(render.Renderer(roadmap).atom_feed(lang, "https://example.org/site/en/"))


def test_feed_ids_survive_an_insertion_a_same_day_entry_and_a_rename(tmp_path: Path) -> None:
    before = feed(tmp_path, VALID)
    assert len(before) == 3 and all(i.startswith("tag:example.org,") for i in before)
    # a forgotten step inserted into the middle of a history
    step = '      - date: "2024-09-01"\n        status: proposed\n        note: {es: Revisado., en: Reviewed.}\n        key: review\n'
    inserted = VALID.replace('      - date: "2025-01-15"', step + '      - date: "2025-01-15"', 1)
    after = feed(tmp_path, inserted)
    assert set(before) < set(after) and len(after) == 4
    # a second entry on the same day as the last one
    same_day = '      - date: "2025-01-15"\n        status: proposed\n        note: {es: Reabierto., en: Reopened.}\n'
    text = VALID.replace("    status: agreed\n", "    status: proposed\n", 1).replace(
        "        key: council\n", "        key: council\n" + same_day, 1)
    assert set(before) < set(feed(tmp_path, text))
    # a rename: the new id, the old one kept among former ids
    renamed = VALID.replace("  - id: obj-one\n    former_ids: [first-name, second-name]\n",
                            "  - id: obj-renamed\n    former_ids: [first-name, second-name, obj-one]\n")
    after_rename = feed(tmp_path, renamed)
    assert set(after_rename) == set(before)
    # the entry's link follows the rename and names the entry by what it is
    assert all("/objetivos/obj-renamed/#history-" in link for i, link in after_rename.items() if "first-name" in i)
    assert {link.rsplit("#", 1)[1] for link in after_rename.values()} == {
        "history-2024-06-27-proposed", "history-council"}


def test_history_anchors_on_the_page_are_what_the_feed_links_to(tmp_path: Path) -> None:
    roadmap = model.load(write(tmp_path, VALID))
    renderer = render.Renderer(roadmap)
    links = feed_ids(renderer.atom_feed("es", "https://example.org/site/"))
    page = renderer.page("objective", "obj-one", "es")
    for link in links.values():
        if "/obj-one/" in link:
            assert link.rsplit("#", 1)[1] in page.anchors
    assert [progress.entry_key(h) for h in roadmap.objectives["obj-one"].history] == ["2024-06-27-proposed", "council"]


def test_a_former_id_has_a_page_in_each_language_that_leads_to_the_new_address(tmp_path: Path) -> None:
    renderer = render.Renderer(model.load(write(tmp_path, VALID)))
    renderer.site_url = "https://example.org/site/"
    for lang, words in (("es", ["Esta página cambió de dirección", "Objetivo uno"]),
                        ("en", ["This page has moved", "Objective one"])):
        pages = renderer.redirect_pages(lang)
        assert set(pages) == {"objetivos/first-name/index.html", "objetivos/second-name/index.html"}
        html = pages["objetivos/first-name/index.html"]
        assert f'<html lang="{lang}">' in html and all(w in html for w in words)
        root = "https://example.org/site/" + ("en/" if lang == "en" else "")
        assert f'<link rel="canonical" href="{root}objetivos/obj-one/">' in html
        assert '<meta name="robots" content="noindex">' in html
        assert '<meta http-equiv="refresh" content="0; url=../obj-one/">' in html
        assert '<a href="../obj-one/">' in html and "<script" not in html


# --------------------------------------------------------------------------- cite this page


def test_each_generated_page_says_how_to_cite_it_in_its_language(tmp_path: Path) -> None:
    renderer = render.Renderer(model.load(write(tmp_path, VALID)))
    renderer.site_url = "https://example.org/site/"
    for kind, key, folder in (("objective", "obj-one", "objetivos"), ("country", "CL", "paises"), ("actor", "gov", "actores")):
        for lang, heading, changed in (("es", "Cómo citar esta página", "Contenido modificado por última vez"),
                                       ("en", "How to cite this page", "Content last changed")):
            page = renderer.page(kind, key, lang)
            html = page.html
            url = f"https://example.org/site/{'en/' if lang == 'en' else ''}{folder}/{key.lower()}/"
            assert "cite" in page.anchors and heading in html and changed in html
            bibtex = html_lib.unescape(re.findall(r"<code>(.*?)</code>", html, re.S)[-1])
            assert bibtex.startswith("@misc{") and bibtex.count("{") == bibtex.count("}")
            assert f"url = {{{url}}}" in bibtex and f'href="{url}"' in html
    # the date is when the content last changed: obj-one's latest record is src-a consulted on 2025-01-31
    html = renderer.page("objective", "obj-one", "en").html
    assert '<time datetime="2025-01-31">31 January 2025</time>' in html
    assert "year = {2025}" in html and "date = {2025-01-31}" in html


def test_bibtex_escapes_what_latex_would_read() -> None:
    assert citation.bibtex_text("50% & more_{x}") == r"50\% \& more\_\{x\}"


@pytest.mark.parametrize("title", ["{x}", "{{ x }}", "{% x %}", "{# x #}", "100% {ok}", "Plain title"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_bibtex_never_opens_a_template_tag(title: str, lang: str) -> None:
    """The entry reaches pages a macro pass could read (tests/test_safety.py's control build
    stopped at the corporate author's `{{…}}`): no `{{`, `{%` or `{#` in it, whatever the title.
    The publisher stays one corporate author, braced inside a quoted field."""
    entry = citation.citation(title, "https://example.org/a/", "2025-01-31", "31 January 2025", "a-b", lang).bibtex
    assert not re.search(r"\{[{%#]", entry), entry
    publisher = labels()["cite_publisher"][lang]
    assert f'  author = "{{{publisher}}}",' in entry.splitlines(), entry
    assert entry.count("{") - entry.count("\\{") == entry.count("}") - entry.count("\\}")


# --------------------------------------------------------------------------- when content last changed


def test_generated_pages_are_dated_by_their_data_never_by_today(tmp_path: Path) -> None:
    roadmap = model.load(write(tmp_path, VALID))
    found = dates.page_dates(roadmap)
    # obj-one: history up to 2025-01-15, its source src-a consulted on 2025-01-31
    assert found[("objective", "obj-one")] == "2025-01-31"
    # obj-two: history 2024-06-27, source src-b consulted on 2025-01-20
    assert found[("objective", "obj-two")] == "2025-01-20"
    # Chile: its figure's source (src-press, 2025-01-10), finding (src-b), fact (src-a), institution gov (src-a), obj-one
    assert found[("country", "CL")] == "2025-01-31"
    # the bank supports obj-one (2025-01-31); its own source src-b
    assert found[("actor", "bank")] == "2025-01-31"


def test_a_pages_date_is_a_whole_day_for_mkdocs_or_none() -> None:
    assert dates.as_lastmod("2025-04-10") == "2025-04-10"
    assert dates.as_lastmod("2026-12") == "2026-12-01" and dates.as_lastmod("2027") == "2027-01-01"
    assert dates.as_lastmod(None) == ""  # MkDocs' sitemap then leaves <lastmod> out
    assert dates.latest(["2024", "2024-06-27", None]) == "2024-06-27" and dates.latest([None]) is None


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(repo), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_written_pages_are_dated_by_their_last_commit_in_one_git_call(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "docs" / "es").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "docs" / "es" / "a.md").write_text("# A\n")
    (repo / "docs" / "es" / "b.md").write_text("# B\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one", when="2025-03-01T23:30:00-06:00")  # 05:30 UTC on 2 March
    (repo / "docs" / "es" / "b.md").write_text("# B, changed\n")
    git(repo, "commit", "-qam", "two", when="2025-04-10T12:00:00+00:00")
    found = dates.git_dates(repo)
    assert found == {"docs/es/a.md": "2025-03-02", "docs/es/b.md": "2025-04-10"}
    assert dates.docs_page_date("es/a.md", "# A\n", found, "2025-05-01") == "2025-03-02"
    assert dates.docs_page_date("es/a.md", "{{ key_figures() }}", found, "2025-05-01") == "2025-05-01"
    # no repository: no date for a page without data, never the day of the build
    assert dates.git_dates(tmp_path) is None
    assert dates.docs_page_date("es/a.md", "# A\n", None, "2025-05-01") is None
    # a shallow clone's oldest commit would seem to have written every page
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True, capture_output=True)
    assert dates.git_dates(shallow) is None


# --------------------------------------------------------------------------- statuses that depend on today


def test_today_is_mexico_citys_date_the_last_alliance_capital_to_reach_midnight() -> None:
    utc = dt.timezone.utc
    # 05:59 UTC on 9 December is 23:59 on the 8th in Mexico City: a milestone due on the 8th is not overdue yet
    assert progress.today({}, now=dt.datetime(2026, 12, 9, 5, 59, tzinfo=utc)) == dt.date(2026, 12, 8)
    assert progress.today({}, now=dt.datetime(2026, 12, 9, 6, 1, tzinfo=utc)) == dt.date(2026, 12, 9)
    # in Lima (UTC-5) it was already the 9th at 05:30 UTC: the rule waits for Mexico City
    assert progress.today({}, now=dt.datetime(2026, 12, 9, 5, 30, tzinfo=utc)) == dt.date(2026, 12, 8)
    assert progress.today({"ROADMAP_TODAY": "2030-01-02"}) == dt.date(2030, 1, 2)
    milestone = model.Milestone("2026-12-08", model.Text("a", "a"), False)
    assert not progress.overdue(milestone, dt.date(2026, 12, 8)) and progress.overdue(milestone, dt.date(2026, 12, 9))


def test_pending_milestones_carry_their_day_and_both_words_and_the_rule_is_stated(tmp_path: Path) -> None:
    text = VALID.replace("        done: true\n", "        done: false\n")
    renderer = render.Renderer(model.load(write(tmp_path, text)), today=dt.date(2025, 3, 1))
    for lang, rule in (("es", "Ciudad de México"), ("en", "Mexico City")):
        html = renderer.page("objective", "obj-one", lang).html
        assert 'data-due="2025-03-01"' in html and rule in html
        dashboard = renderer.dashboard(lang)
        assert 'data-due="2025-03-01"' in dashboard and 'data-dues="2025-03-01:1"' in dashboard
    # on its own day it is upcoming; the day after, overdue (the built text, for readers without JavaScript)
    assert "milestone-badge--upcoming" in renderer.dashboard("en")
    later = render.Renderer(model.load(write(tmp_path, text)), today=dt.date(2025, 3, 2))
    assert "milestone-badge--overdue" in later.dashboard("en") and 'data-overdue-count data-dues="2025-03-01:1">1<' in later.dashboard("en")


def test_the_status_script_is_same_origin_and_has_no_words_of_its_own() -> None:
    script = (ROOT / "docs" / "assets" / "javascripts" / "statuses.js").read_text(encoding="utf-8")
    assert "America/Mexico_City" in script and "http" not in script
    assert not re.search(r"['\"](Vencido|Overdue|Próximo|Upcoming)['\"]", script)  # the page gives the words
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - assets/javascripts/statuses.js" in mkdocs
