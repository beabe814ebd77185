"""`mkdocs serve` rebuilds only the objective pages whose inputs changed (macros/incremental.py),
and what it serves is then, byte for byte, the site a full build of the changed project with the
same serve configuration makes: every page, index, feed, download, the sitemap and the search
index. Builds as MkDocs' serve loop does (scripts/serve_builds.py: a configuration loaded anew for
each build, the serve address as site_url, the search index waited for)."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from roadmap import model
from roadmap.synthetic import yaml_text

from . import build_server
from .conftest import ROOT, build_env, copy_project, run_own_code

pytestmark = pytest.mark.build

SERVE_BUILDS = ROOT / "scripts" / "serve_builds.py"


def serve_builds(project: Path, site: Path, *edits: tuple[str, str, str], env: dict[str, str] | None = None) -> list[str]:
    files = []
    for number, (path, old, new) in enumerate(edits):
        edit = site.parent / f"{site.name}-edit-{number}"
        edit.write_text(f"{path}\0{old}\0{new}", encoding="utf-8")
        files.append(str(edit))
    result = build_server.run([str(SERVE_BUILDS), str(project), str(site), *files], build_env(env), timeout=900,
                              cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.split()


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same(rebuilt: Path, full: Path) -> None:
    got, expected = files_of(rebuilt), files_of(full)
    assert sorted(got) == sorted(expected)
    assert any(name.startswith("pagefind/en/") for name in got) and "sitemap.xml" in got and "cambios.xml" in got
    different = [name for name in expected if got[name] != expected[name]]
    assert not different, different[:20]


def test_a_changed_title_rebuilds_its_page_and_the_site_equals_a_full_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = model.load(project / "data" / "objectives.yml")
    first, second = list(data.objectives.values())[:2]
    title = first.title("en")
    serve_builds(project, tmp_path / "served", ("data/objectives.yml", f"en: {title}\n", f"en: {title} (revised)\n"))
    serve_builds(project, tmp_path / "full")  # the changed project, built whole in a new process
    assert_same(tmp_path / "served", tmp_path / "full")
    assert "scale up (revised)<a class=\"headerlink\"" in (tmp_path / "served" / "en" / "objetivos" / first.id / "index.html").read_text(encoding="utf-8")
    # the other objective's page was not written again; the changed one was
    before, after = (json.loads((tmp_path / f"served.{n}.json").read_text()) for n in (0, 1))
    assert before[f"en/objetivos/{second.id}/index.html"] == after[f"en/objetivos/{second.id}/index.html"]
    assert before[f"objetivos/{second.id}/index.html"] == after[f"objetivos/{second.id}/index.html"]
    assert before[f"en/objetivos/{first.id}/index.html"] != after[f"en/objetivos/{first.id}/index.html"]
    # pages that do not show the English title were not written again: a written page without
    # macros, in both languages, and an institution's page the objective does not involve
    bystander = next(a for a in data.actors if a not in first.actors())
    # and a page calling only macros that show no objective's text (roadmap/page_inputs.py)
    for page in ("acerca/index.html", "en/acerca/index.html", f"en/actores/{bystander.lower()}/index.html",
                 "en/glosario/index.html"):
        assert before[page] == after[page], page
    # a listing that shows it was made again, in English only
    assert before["en/objetivos/index.html"] != after["en/objetivos/index.html"]
    # the objective is shared by every country: their pages count it, and were not made again
    assert first.all_countries and data.countries
    for code in data.countries:
        assert before[f"en/paises/{code.lower()}/index.html"] == after[f"en/paises/{code.lower()}/index.html"], code


def test_a_title_reaches_the_pages_of_the_countries_that_list_it_and_not_of_those_that_count_it(tmp_path: Path) -> None:
    """roadmap/page_inputs.py: a country's page lists the objectives specific to it and counts
    those every country shares. With synthetic data (both kinds), an objective of each kind
    retitled in English: the site equals a full build; the specific one's countries' pages were
    made again, the other countries' pages not, and no page for the shared one's title."""
    from roadmap import synthetic
    from roadmap.yaml_reader import parse_yaml

    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    base = parse_yaml(data.read_text(encoding="utf-8"), "data").data
    data.write_text(synthetic.synthetic_yaml(24, countries=4, actors=6, base=base), encoding="utf-8")
    objectives = list(model.load(data).objectives.values())
    shared = next(o for o in objectives if o.all_countries)
    specific = next(o for o in objectives if not o.all_countries)
    others = [code for code in model.load(data).countries if code not in specific.countries]
    assert others
    text = data.read_text(encoding="utf-8")
    # as YAML wrote them ("Objective 6: ..." quoted), each once
    lines = [next(line for line in (f"en: '{o.title('en')}'", f"en: {o.title('en')}") if f"{line}\n" in text)
             for o in (shared, specific)]
    assert all(text.count(f"{line}\n") == 1 for line in lines)
    edits = [("data/objectives.yml", f"{line}\n", f"{line.rstrip(chr(39))} (revised){chr(39) * line.endswith(chr(39))}\n")
             for line in lines]
    serve_builds(project, tmp_path / "served", *edits)
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")
    built, once, twice = (json.loads((tmp_path / f"served.{n}.json").read_text()) for n in (0, 1, 2))
    country = "en/paises/{}/index.html".format
    assert all(built[country(code.lower())] == once[country(code.lower())] for code in model.load(data).countries)
    assert all(once[country(code.lower())] != twice[country(code.lower())] for code in specific.countries)
    assert all(once[country(code.lower())] == twice[country(code.lower())] for code in others)


def test_a_second_rebuild_uses_what_the_first_kept_and_still_equals_a_full_build(tmp_path: Path) -> None:
    """A rebuild after a rebuild: the first builds the languages one after the other in the serve
    process (macros/parallel.py), which keeps each objective's hashes (roadmap/page_inputs.py) and
    downloads' records (roadmap/export.py); the second, changing another objective's title, must
    reach that objective's page and the downloads through what was kept."""
    project = copy_project(tmp_path / "project")
    first, second = list(model.load(project / "data" / "objectives.yml").objectives.values())[:2]
    edits = [("data/objectives.yml", f"en: {o.title('en')}\n", f"en: {o.title('en')} (revised)\n") for o in (first, second)]
    serve_builds(project, tmp_path / "served", *edits)
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")
    once, twice = (json.loads((tmp_path / f"served.{n}.json").read_text()) for n in (1, 2))
    assert once[f"en/objetivos/{second.id}/index.html"] != twice[f"en/objetivos/{second.id}/index.html"]
    assert once[f"en/objetivos/{first.id}/index.html"] == twice[f"en/objetivos/{first.id}/index.html"]


def test_a_search_index_whose_pages_did_not_change_is_kept_and_the_site_still_equals_a_full_build(tmp_path: Path) -> None:
    """macros/search_pages.py keeps a language's Pagefind bundle when its pages' search documents
    are those it was made from. The English title saved twice: the first save makes the Spanish
    title stale (its pages say so), the second changes no Spanish page; English is indexed again
    each time."""
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    title = first.title("en")
    serve_builds(project, tmp_path / "served", ("data/objectives.yml", f"en: {title}\n", f"en: {title} (revised)\n"),
                 ("data/objectives.yml", f"en: {title} (revised)\n", f"en: {title} (revised again)\n"))
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")
    built, once, twice = (json.loads((tmp_path / f"served.{n}.json").read_text()) for n in (0, 1, 2))
    spanish = sorted(name for name in once if name.startswith("pagefind/es/"))
    assert spanish and [built.get(name) for name in spanish] != [once[name] for name in spanish]  # the stale notices
    assert spanish == sorted(name for name in twice if name.startswith("pagefind/es/"))
    assert all(once[name] == twice[name] for name in spanish)
    assert len({run["pagefind/en/pagefind-entry.json"] for run in (built, once, twice)}) == 3


def test_a_changed_static_file_is_copied_again_and_the_others_are_left(tmp_path: Path) -> None:
    """macros/incremental.py copies a static file again only when it or its copy changed since the
    last good build: after a stylesheet is edited, the site equals a full build's (the edited
    one copied), and another stylesheet's copy was not written again."""
    project = copy_project(tmp_path / "project")
    css = (project / "docs" / "assets" / "stylesheets" / "record.css").read_text(encoding="utf-8")
    line = css.splitlines()[0]
    serve_builds(project, tmp_path / "served", ("docs/assets/stylesheets/record.css", line, line + "\n/* edited */"))
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")
    before, after = (json.loads((tmp_path / f"served.{n}.json").read_text()) for n in (0, 1))
    assert before["assets/stylesheets/record.css"] != after["assets/stylesheets/record.css"]
    assert before["assets/stylesheets/roadmap.css"] == after["assets/stylesheets/roadmap.css"]


def test_saves_in_quick_succession_stop_the_last_index_and_the_site_still_equals_a_full_build(tmp_path: Path) -> None:
    """A rebuild that starts while the last one's search index is being written stops it
    (macros/serve.py, macros/search_pages.py) and indexes again what it had not finished: three
    saves of one English title, each rebuilt at once (the first makes the Spanish title stale and
    changes the Spanish pages, whose index it stops; the others leave them), then the site equals
    a full build's, search bundles included."""
    project = copy_project(tmp_path / "project")
    title = next(iter(model.load(project / "data" / "objectives.yml").objectives.values())).title("en")
    edits = [("data/objectives.yml", f"en: {title}{old}\n", f"en: {title}{new}\n")
             for old, new in (("", " (revised)"), (" (revised)", " (again)"), (" (again)", " (once more)"))]
    serve_builds(project, tmp_path / "served", *edits, env={"SERVE_BUILDS_WAIT": "0"})
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")


def test_the_comparison_catches_a_page_left_stale(tmp_path: Path) -> None:
    """What the tests above rely on: one page left as the last build made it is a difference."""
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    title = first.title("en")
    serve_builds(project, tmp_path / "before")
    data = project / "data" / "objectives.yml"
    data.write_text(data.read_text(encoding="utf-8").replace(f"en: {title}\n", f"en: {title} (revised)\n", 1),
                    encoding="utf-8")
    serve_builds(project, tmp_path / "after")
    page = f"en/objetivos/{first.id}/index.html"
    stale = tmp_path / "stale"
    shutil.copytree(tmp_path / "after", stale)
    (stale / page).write_bytes((tmp_path / "before" / page).read_bytes())  # the page as it was
    with pytest.raises(AssertionError) as caught:
        assert_same(stale, tmp_path / "after")
    assert page in str(caught.value)


def test_shifted_lines_and_a_renamed_institution_reach_every_page_they_show_on(tmp_path: Path) -> None:
    """A blank line above the objectives moves every objective's line (each page's edit button),
    then an institution's new name shows on every page that names it."""
    project = copy_project(tmp_path / "project")
    text = (project / "data" / "objectives.yml").read_text(encoding="utf-8")
    name = "en: Pacific Alliance Technical Group on SMEs and Entrepreneurship\n"
    assert "\nobjectives:\n" in text and name in text
    served = serve_builds(project, tmp_path / "served", ("data/objectives.yml", "\nobjectives:\n", "\n\nobjectives:\n"),
                          ("data/objectives.yml", name, name.replace("Technical Group", "Working Group")))
    assert served[0] == "build" and served[2] == "rebuild" and served[4] == "rebuild"
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")


def test_without_incremental_rebuilds_every_page_is_written_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    serve_builds(project, tmp_path / "served", ("data/objectives.yml", "\nobjectives:\n", "\n\nobjectives:\n"),
                 env={"ROADMAP_INCREMENTAL": "0"})
    before, after = (json.loads((tmp_path / f"served.{n}.json").read_text()) for n in (0, 1))
    assert before[f"objetivos/{first.id}/index.html"] != after[f"objetivos/{first.id}/index.html"]


# --------------------------------------------------------------------------- what a serve process keeps between builds

def _data_copy(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data" / "objectives.yml"
    data.parent.mkdir(parents=True)
    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    data.write_text(text, encoding="utf-8")
    return data, text


@pytest.mark.parametrize("mistake", [
    lambda title: (f"en: {title}\n", f"en: {title}\n      fr: {title}\n"),  # a field the schema does not know
    lambda title: (f"en: {title}\n", "en: 12\n"),  # a number where a text belongs
])
def test_an_entry_broken_after_a_clean_check_is_reported_as_a_first_check_reports_it(
        tmp_path: Path, mistake, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check keeps, in its process, the objectives the schema passed last (roadmap/validation.py),
    and validates only the others: a save that breaks one must still fail, with the messages a
    check that kept nothing gives."""
    from roadmap import validation

    monkeypatch.setenv("ROADMAP_CACHE_DIR", "")  # no file known clean on disk: each check validates
    data, text = _data_copy(tmp_path)
    roadmap, problems = model.check(data)
    assert roadmap is not None and not [p for p in problems if p.severity == "error"]
    assert validation._clean_objectives, "the clean check kept its objectives"
    title = list(roadmap.objectives.values())[1].title("en")
    old, new = mistake(title)
    assert text.count(old) >= 1
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    kept_roadmap, kept = model.check(data)
    validation._clean_objectives = frozenset()  # what a first check in a new process sees
    fresh_roadmap, fresh = model.check(data)
    assert kept_roadmap is None and fresh_roadmap is None
    assert [p for p in fresh if p.severity == "error"], "the mistake is one"
    assert kept == fresh


def test_a_valid_save_is_checked_against_the_kept_objectives_and_gives_new_objects_for_changed_entries(tmp_path: Path) -> None:
    """After a clean check, a save changing one entry's text validates that entry alone, and the
    model gives back the very objects of the entries it left as they were (what the serve caches
    of roadmap/page_inputs.py and roadmap/export.py key on); an entry whose line moved is new."""
    from roadmap import validation

    data, text = _data_copy(tmp_path)
    before = model.load(data)
    first, second = list(before.objectives.values())[:2]
    title = second.title("en")
    data.write_text(text.replace(f"en: {title}\n", f"en: {title} (revised)\n", 1), encoding="utf-8")
    kept_before = validation._clean_objectives
    after = model.load(data)
    assert after.objectives[second.id].title("en") == f"{title} (revised)"
    assert after.objectives[second.id] is not second and after.objectives[first.id] is first
    assert validation._clean_objectives != kept_before and len(validation._clean_objectives) == len(after.objectives)
    data.write_text(text.replace("\nobjectives:\n", "\n\nobjectives:\n", 1), encoding="utf-8")
    moved = model.load(data)
    assert moved.objectives[first.id] is not first and moved.objectives[first.id].line == first.line + 1


def _untranslated_texts(data: object) -> list[tuple]:
    """Every {es, en} text with a language empty or missing, by a walk of all the data as the check
    walked before it kept anything: depth first, the last item of a mapping or list first."""
    stack, found = [(data, ())], []
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict) and value and set(value) <= {"es", "en"} and all(isinstance(v, str) for v in value.values()):
            found += [path + (lang,) for lang in ("es", "en") if not value.get(lang)]
        elif isinstance(value, dict):
            stack += [(v, path + (k,)) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, path + (i,)) for i, v in enumerate(value)]
    return found


def test_texts_lacking_a_language_are_found_alike_after_a_save_that_kept_the_other_entries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """roadmap/validation.py keeps each objective entry's untranslated texts while the entry is the
    very object of the last parse: after saves that take a translation out of one entry, then
    another, then put them back, the texts listed are those a walk of the whole data finds, in the
    order of a check that kept nothing (the problems list stops at its limit in that order); a
    second check of the same data walks no objective again."""
    from roadmap import validation, yaml_reader

    data, text = _data_copy(tmp_path)
    titles = [o.title("en") for o in list(model.load(data).objectives.values())[:3]]
    assert all(f"\n      en: {t}\n" in text for t in titles)
    untranslated = text.replace(f"\n      en: {titles[0]}\n", "\n", 1)  # Spanish only: welcome, listed for translation
    saves = [untranslated, untranslated.replace(f"\n      en: {titles[2]}\n", "\n", 1), text]
    for save in saves:
        data.write_text(save, encoding="utf-8")
        model.load(data)  # as a rebuild checks it: the parse spliced around the change
        located = yaml_reader.parse_yaml(save, str(data))
        listed = list(validation._translations(located))
        validation._entry_gaps.clear()
        assert listed == list(validation._translations(located)) == _untranslated_texts(located.data)
    assert ("objectives", 0, "title", "en") in set(validation._translations(yaml_reader.parse_yaml(saves[0], str(data))))
    walks: list[object] = []
    real_gaps = validation._gaps
    monkeypatch.setattr(validation, "_gaps", lambda top, at, shortcut: walks.append(top) or real_gaps(top, at, shortcut))
    located = yaml_reader.parse_yaml(saves[1], str(data))
    validation._translations(located)
    walks.clear()
    again = validation._translations(located)
    assert walks == [located.data] and again == _untranslated_texts(located.data)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_downloads_made_from_kept_records_are_those_made_afresh(tmp_path: Path, lang: str) -> None:
    """roadmap/export.py keeps each objective's record between builds of one process: after a save
    that moves a source (the objectives' entries unchanged, so the same objects), then one
    that changes a title, the downloads are those made from nothing."""
    from roadmap import export

    data, text = _data_copy(tmp_path)
    url = "http://127.0.0.1:8123/hoja-de-ruta/"
    first = model.load(data)
    export.published_files(first, lang, url, "objetivos")
    objective = next(iter(first.objectives.values()))
    source = first.sources[objective.sources[0]]
    at = text.index(f"- id: {source.id}\n")  # the source's entry: its address there, moved
    renamed = text[:at] + text[at:].replace(f"url: {source.url}\n", f"url: {source.url}?moved\n", 1)
    title = objective.title(lang)
    assert renamed != text and f"{lang}: {title}\n" in renamed
    for changed in (renamed, renamed.replace(f"{lang}: {title}\n", f"{lang}: {title} (revised)\n", 1)):
        data.write_text(changed, encoding="utf-8")
        roadmap = model.load(data)
        got = export.published_files(roadmap, lang, url, "objetivos")
        records = export.objectives_records(roadmap, lang, url, "objetivos")
        assert got["datos/objetivos.json"] == json.dumps(records, ensure_ascii=False, indent=1) + "\n"
        assert got["datos/objetivos.csv"] == export._csv(records)
    assert f"{source.url}?moved" in got["datos/objetivos.json"]
    assert f"{title} (revised)" in got["datos/objetivos.json"]


def test_the_check_and_the_report_share_one_parse_of_a_copied_project_and_a_save_is_parsed_anew(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """roadmap/yaml_reader.py keeps a parse by the text alone: the check (file named relative to
    the code) and the translations' report (relative to the project) of a project that is not
    this repository parse the file once; a saved change is parsed again, and a text that does not
    parse names the file each caller gives."""
    from roadmap import translations, yaml_reader

    data, text = _data_copy(tmp_path)
    (tmp_path / "docs").mkdir()
    parsed: list[str] = []
    real_parse = yaml_reader._parse
    monkeypatch.setattr(yaml_reader, "_parse", lambda t, f: parsed.append(f) or real_parse(t, f))
    yaml_reader.forget_parsed()
    roadmap = model.check(data)[0]
    assert roadmap is not None
    translations.report(tmp_path / "docs", data, tmp_path / "data" / "translations")
    assert len(parsed) == 1
    title = next(iter(roadmap.objectives.values())).title("en")
    data.write_text(text.replace(f"en: {title}\n", f"en: {title} (revised)\n", 1), encoding="utf-8")
    revised = model.check(data)[0]
    assert revised is not None and next(iter(revised.objectives.values())).title("en") == f"{title} (revised)"
    assert len(parsed) == 1  # parsed around the change alone (test_a_save_parsed_around_its_change...)
    yaml_reader.forget_parsed()  # as `mkdocs build` does: nothing kept, the next text is parsed whole
    data.write_text(text, encoding="utf-8")
    assert model.check(data)[0] is not None and len(parsed) == 2
    for name in ("a.yml", "b.yml"):
        with pytest.raises(model.DataError) as error:
            yaml_reader.parse_yaml("a: [\n", name)
        assert {p.file for p in error.value.problems} == {name}


def _all_paths(value: object, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _all_paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _all_paths(child, path + (index,))
    return found


def _where(located, paths: list[tuple]) -> list:
    """Every position a problem may be reported at: each value's mark, a text's first and last character."""
    from roadmap import yaml_reader

    found = []
    for path in paths:
        node, mark = located.node_at(path)
        found.append((path, located.position(path), mark.index if mark else None))
        if isinstance(node, yaml_reader.yaml.ScalarNode) and node.value:
            found.append(located.positions_in_value(path, node.value, [(0, 1), (len(node.value) - 1, 1)]))
    return found


@pytest.mark.parametrize("synthetic", [0, 12])  # the real data (entries at column 2), synthetic (column 0)
def test_a_save_parsed_around_its_change_gives_what_a_whole_parse_gives(
        tmp_path: Path, synthetic: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """roadmap/yaml_reader.py keeps the last parse in `mkdocs serve` and parses a save only around
    the objective entries it changed: the data and every position a problem can be reported at
    are a whole parse's, through saves that move lines (the marks of the entries after them are
    read shifted), an entry removed and one repeated; a save it cannot splice (broken YAML, a
    change outside the objectives) is parsed whole, with the problems a whole parse reports."""
    import copy


    from roadmap import synthetic as synthetic_data
    from roadmap import yaml_reader
    from roadmap.problems import DataError

    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    if synthetic:
        base = copy.deepcopy(yaml_reader.parse_yaml(text, "data").data)
        text = yaml_text(synthetic_data.synthetic_data(synthetic, base=base), width=1 << 20)
    whole: list[str] = []
    real_parse = yaml_reader._parse
    monkeypatch.setattr(yaml_reader, "_parse", lambda t, f: whole.append(t) or real_parse(t, f))
    yaml_reader.forget_parsed()
    located = yaml_reader.parse_yaml(text, "f")
    objectives = located.data["objectives"]
    first, middle, last = objectives[0], objectives[len(objectives) // 2], objectives[-1]
    entry = text[text.rindex("\n", 0, text.index(f"- id: {middle['id']}\n")) + 1:]
    entry = entry[:entry.index("\n- id:" if synthetic else "\n  - id:") + 1]  # its lines, to the next entry's

    def title(o: dict) -> str:  # the line of its English title, as written (quoted or not)
        at = text.index("en: ", text.index(f"- id: {o['id']}\n"))
        return text[at:text.index("\n", at) + 1]

    def retitled(o: dict) -> str:
        line = title(o)
        head = line[:5] if line[4:5] in ("'", '"') else line[:4]
        return line.replace(head, head + "New ", 1)

    moved = text.replace(title(middle), title(middle).replace("\n", "\n      # a comment\n\n"), 1)  # lines move
    saves = [
        (text.replace(title(first), retitled(first), 1), True),
        (moved, True),
        (moved.replace(title(first), title(first) + "\n", 1), True),  # after it: the entries' marks read shifted
        (text.replace(title(last), retitled(last), 1), True),
        (text.replace(entry, "", 1), True),  # an entry removed
        (text.replace(entry, entry + entry.replace("id: ", "id: copy-", 1), 1), True),  # one added
        (text.replace(title(middle), title(middle).replace("en: ", "en: 'broken\n"), 1), False),
        (text.replace(title(middle), title(middle) + "    countries: yes\n", 1), False),  # a YAML 1.1 surprise
        (text.replace("\nobjectives:", "\n# moved\nobjectives:", 1), False),  # outside the objectives
    ]
    current = text
    for number, (saved, spliced) in enumerate(saves):
        assert saved != current, number
        whole.clear()
        try:
            got = yaml_reader.parse_yaml(saved, "f")
        except DataError as error:
            got = error.problems
        assert bool(whole) != spliced, number
        yaml_reader.forget_parsed(keep_last=True)
        try:
            expected = real_parse(saved, "f")
        except DataError as error:
            assert got == error.problems, number
            continue
        assert got.data == expected.data, number
        paths = _all_paths(expected.data)
        assert _where(got, paths) == _where(expected, paths), number
        current = saved
        assert number != 2 or got.shifts is not None


@pytest.mark.parametrize("synthetic", [0, 40])  # the real data, and with synthetic objectives (milestones due)
def test_listing_rows_kept_between_builds_are_those_made_afresh(tmp_path: Path, synthetic: int) -> None:
    """roadmap/kept_rows.py keeps each listing's rows between `mkdocs serve` builds, by the page
    inputs' hashes (roadmap/page_inputs.py): after a changed title, then a changed status label
    and a changed theme name (outside the objectives), every listing equals the one a renderer
    that keeps nothing makes, and an unchanged objective's row is the very one kept."""
    import copy


    from roadmap import kept_rows
    from roadmap import synthetic as synthetic_data
    from roadmap.page_inputs import Inputs
    from roadmap.render import Renderer
    from roadmap.yaml_reader import parse_yaml

    data, text = _data_copy(tmp_path)
    base = copy.deepcopy(parse_yaml(text, "data").data)
    if synthetic:
        base = synthetic_data.synthetic_data(synthetic, base=base)
    kept_rows.forget()

    def listings(roadmap: model.Roadmap, keep: bool) -> list[str]:
        renderer = Renderer(roadmap)
        if keep:
            renderer.row_inputs["en"] = Inputs(renderer, "en", [], [])
        return [renderer.explorer("en", "../"), renderer.printable_roadmap("en", "../"), renderer.changes_list("en", "../"),
                renderer.objectives_table("en", "../", theme=next(iter(roadmap.themes))),
                renderer.atom_feed("en", "http://127.0.0.1:8123/hoja-de-ruta/en/"), renderer.dashboard("en", "../")]

    def load(content: dict) -> model.Roadmap:
        data.write_text(yaml_text(content), encoding="utf-8")
        return model.load(data)

    listings(load(base), keep=True)
    rows = {slot: dict(kept[1]) for slot, kept in kept_rows._kept.items()}
    assert rows and all(rows.values())
    retitled = copy.deepcopy(base)
    retitled["objectives"][0]["title"]["en"] += " (revised)"
    relabelled = copy.deepcopy(retitled)
    relabelled["statuses"][0]["label"]["en"] = "Put forward"  # "proposed", every real objective's
    relabelled["themes"][0]["name"]["en"] = "Finance to grow"
    for changed in (retitled, relabelled):
        roadmap = load(changed)
        assert listings(roadmap, keep=True) == listings(roadmap, keep=False)
        if changed is retitled:  # rows of the objectives left as they were: the very ones kept
            explorer = next(slot for slot in kept_rows._kept if slot[0] == "explorer")
            now = kept_rows._kept[explorer][1]
            assert len(now) == len(rows[explorer]) + 1  # the revised objective's row, added
            assert all(now[key] is row for key, row in rows[explorer].items())
    shown = listings(roadmap, keep=True)
    assert synthetic == 0 or "milestone-badge" in shown[-1]
    assert all(words in "".join(shown) for words in ("Put forward", "Finance to grow", "(revised)"))


def test_a_same_size_rewrite_whose_time_was_put_back_changes_the_files_state(tmp_path: Path) -> None:
    # `make serve`: the schema replaced by `cp -p` (or `rsync -t`, `tar x`) with one of the same
    # size; the downloads showed the new schema, the data reference page (datos) the old one
    from macros import incremental

    schema = tmp_path / "data" / "objectives.schema.json"
    schema.parent.mkdir()
    schema.write_text('{"description": "at most 300"}', encoding="utf-8")
    before = incremental._files_state(tmp_path)
    times = schema.stat()
    time.sleep(0.05)  # past the clock tick of file times (a few ms): a person saves later than that
    schema.write_text('{"description": "at most 302"}', encoding="utf-8")
    os.utime(schema, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert incremental._files_state(tmp_path) != before


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pages_calling_only_text_free_macros_show_no_objective_text(tmp_path: Path, lang: str) -> None:
    """roadmap/page_inputs.py makes a written page that calls only TEXT_FREE_MACROS again only
    when the data outside the objectives' texts changes: each of those macros gives the same
    output when every objective's texts (and whether they are stale) change; a macro that shows
    them (the explorer) does not, so the comparison can fail."""
    import dataclasses


    from roadmap import page_inputs, synthetic, yaml_reader
    from roadmap.model import Text
    from roadmap.render import Renderer

    data, text = _data_copy(tmp_path)
    content = synthetic.synthetic_data(30, base=yaml_reader.parse_yaml(text, "d").data)
    data.write_text(yaml_text(content), encoding="utf-8")
    roadmap = model.load(data)

    def retexted(value):  # every Text under an objective, in other words (a missing language stays missing)
        if isinstance(value, Text):
            return Text(*(f"Otro {t}" if t else t for t in (value.es, value.en)))
        if dataclasses.is_dataclass(value):
            return dataclasses.replace(value, **{f.name: retexted(getattr(value, f.name)) for f in dataclasses.fields(value)})
        if isinstance(value, tuple):
            return tuple(retexted(v) for v in value)
        if isinstance(value, dict):
            return {k: retexted(v) for k, v in value.items()}
        return value

    changed = dataclasses.replace(roadmap, objectives={k: retexted(o) for k, o in roadmap.objectives.items()})

    def shown(data: model.Roadmap, names) -> dict[str, object]:
        renderer = Renderer(data)
        found = {}
        for name in names:
            if name == "objectives_count":
                found[name] = [len(renderer.select(**f)) for f in [{}] + [{"horizon": h} for h in data.horizons]]
            elif name == "last_reviewed":
                found[name] = renderer.last_reviewed(lang)
            elif name != "schema_reference":  # the schema's, no data
                found[name] = getattr(renderer, name)(lang, "../")
        return found

    assert shown(changed, page_inputs.TEXT_FREE_MACROS) == shown(roadmap, page_inputs.TEXT_FREE_MACROS)
    assert shown(changed, ["explorer"]) != shown(roadmap, ["explorer"])


def _retexted(value):
    """``value`` with every Text under it in other words (a missing language stays missing)."""
    import dataclasses

    from roadmap.model import Text

    if isinstance(value, Text):
        return Text(*(f"Otro {t}" if t else t for t in (value.es, value.en)))
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{f.name: _retexted(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, tuple):
        return tuple(_retexted(v) for v in value)
    if isinstance(value, dict):
        return {k: _retexted(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("lang", ["es", "en"])
def test_country_pages_show_no_text_of_the_objectives_every_country_shares(tmp_path: Path, lang: str) -> None:
    """roadmap/page_inputs.py makes a country's page again for the texts of the objectives it
    lists, not of those shared by every country (only counted there): every country's page is the
    same when the shared objectives' texts change; when the others' change, some page is not."""
    import dataclasses


    from roadmap import synthetic, yaml_reader
    from roadmap.render import Renderer

    data, text = _data_copy(tmp_path)
    content = synthetic.synthetic_data(30, countries=4, base=yaml_reader.parse_yaml(text, "d").data)
    data.write_text(yaml_text(content), encoding="utf-8")
    roadmap = model.load(data)
    shared = {k for k, o in roadmap.objectives.items() if o.all_countries}
    assert shared and len(shared) < len(roadmap.objectives)

    def pages(which: set[str]) -> dict[str, object]:
        changed = dataclasses.replace(roadmap, objectives={k: _retexted(o) if k in which else o
                                                           for k, o in roadmap.objectives.items()})
        renderer = Renderer(changed)
        return {code: renderer.country_page(lang, code) for code in changed.countries}

    assert pages(shared) == pages(set())
    assert pages(set(roadmap.objectives) - shared) != pages(set())


def test_the_texts_of_entries_a_save_left_are_kept_and_the_others_walked_again() -> None:
    """roadmap/translations.py's fields() keeps each entry's texts by the entry's identity: after a
    save parsed around its change (the other entries the very same objects), it gives what a walk
    of the whole data gives, with the changed title."""
    from roadmap import translations, yaml_reader

    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    yaml_reader.forget_parsed()
    translations.forget_walked()
    before = list(translations.fields(yaml_reader.parse_yaml(text, "f").data))
    title = next(value["en"] for key, _, value in before if key.startswith("objective:") and key.endswith(".title"))
    saved = yaml_reader.parse_yaml(text.replace(f"en: {title}\n", f"en: {title} (revised)\n", 1), "f")
    assert saved.shifts is not None  # parsed around the change
    kept = list(translations.fields(saved.data))
    translations.forget_walked()
    assert kept == list(translations.fields(saved.data)) != before
    assert any(value["en"] == f"{title} (revised)" for _, _, value in kept)
    yaml_reader.forget_parsed()
    translations.forget_walked()


def test_a_stopped_index_is_written_again_by_the_next_one(tmp_path: Path) -> None:
    """macros/search_pages.py: the work a `mkdocs serve` build leaves in the background, stopped as
    it starts (the next build does so), records no bundle; the next work with the same documents
    indexes the language again, and its bundle is the one an index from nothing writes."""
    from macros import search_pages
    from roadmap import search

    docs = {f"p{n}/index.html": f'<!doctype html><html lang="en"><body><main data-pagefind-body><h1>Page {n}</h1>'
            f"<p>Small firms {n} export and grow.</p></main></body></html>" for n in range(200)}
    site = tmp_path / "site"
    search_pages._bundled.clear()
    search_pages.new_build()
    search_pages.documents["en"] = docs
    work, blocks, stop = search_pages.writer(site, ("en",), keep_bundles=True)
    assert not blocks
    stop()  # before it runs: as a newer build would, while it writes
    work()
    assert "en" not in search_pages._bundled
    work, _, _ = search_pages.writer(site, ("en",), keep_bundles=True)
    work()
    assert search_pages._bundled["en"] == (site, docs)
    search.index_documents(docs, "en", tmp_path / "fresh")
    assert files_of(site / "pagefind" / "en") == files_of(tmp_path / "fresh")
    search_pages._bundled.clear()
    search_pages.new_build()


def test_a_generated_page_has_the_addresses_mkdocs_gives_a_page_also_when_they_are_kept() -> None:
    """macros/generated_pages.py keeps each generated page's canonical address between builds and
    sets its edit link itself: a GeneratedPage made twice has every attribute MkDocs' own Page
    gives the same file, but its edit link (the page's entry in the data file)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from macros import generated_pages, site

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    _, renderer = site(config.config_file_path)
    key = next(iter(renderer.roadmap.objectives))
    for url in ("https://example.org/hoja-de-ruta/", "http://127.0.0.1:8123/x", None):
        config.site_url = url
        pages = []
        for make in (Page, generated_pages.GeneratedPage, generated_pages.GeneratedPage):
            file = File(f"en/objetivos/{key}.md", None, config.site_dir, config.use_directory_urls)
            file.dest_uri = f"en/objetivos/{key}/index.html"
            args = (file, config, renderer, "objective", key, "en") if make is not Page else (None, file, config)
            pages.append(make(*args))
        plain, made, kept = ({k: v for k, v in vars(page).items() if k not in ("file", "source_key", "renderer", "rendered")}
                             for page in pages)
        assert plain.pop("edit_url").endswith(f"docs/en/objetivos/{key}.md")
        assert made.pop("edit_url") == kept.pop("edit_url") == f"{config.repo_url}/blob/main/data/objectives.yml#L{renderer.roadmap.objectives[key].line}"
        assert plain == made == kept and (url is None) == (plain["canonical_url"] is None)


def test_entry_keys_are_each_entrys_repr_and_a_save_changes_the_changed_entrys_alone() -> None:
    """roadmap/yaml_reader.py's entry_keys (the check's and the model's cache keys) keeps each
    entry's repr by identity: after a save parsed around its change, the keys are the repr of the
    new parse's entries; the entries the save left are the same objects, with the same keys."""
    from roadmap import yaml_reader

    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    yaml_reader.forget_parsed()
    first = yaml_reader.parse_yaml(text, "data").data["objectives"]
    assert yaml_reader.entry_keys(first) == [repr(o) for o in first]
    title = first[1]["title"]["en"]
    yaml_reader.forget_parsed(keep_last=True)
    saved = yaml_reader.parse_yaml(text.replace(f"en: {title}\n", f"en: {title} (revised)\n", 1), "data").data["objectives"]
    before = yaml_reader.entry_keys(first)
    keys = yaml_reader.entry_keys(saved)
    assert keys == [repr(o) for o in saved] and "(revised)" in keys[1] and "(revised)" not in before[1]
    kept = [i for i, (a, b) in enumerate(zip(first, saved)) if a is b]
    assert kept and 1 not in kept and all(keys[i] is before[i] for i in kept)  # the repr worked out before
    yaml_reader.forget_parsed()


SERVE_CONVERSIONS = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, steps = Path(sys.argv[1]), []

def rebuild(first=False):  # as `mkdocs serve` does: the configuration loaded anew for each build
    config = load_config(config_file="mkdocs.yml", site_dir=str(site))
    config.site_url = "http://127.0.0.1:8123/hoja-de-ruta/"
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=config.site_url)

rebuild(True)
from macros import kept_markdown, serve
converted = []
original = kept_markdown._original
kept_markdown._original = lambda page, *a: converted.append(page.file.src_uri) or original(page, *a)
for path, old, new in json.loads(sys.argv[2]):
    serve.wait()
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")
    converted.clear()
    rebuild()
    steps.append(sorted(converted))
serve.wait()
print(json.dumps(steps))
"""


def test_a_written_page_whose_markdown_did_not_change_is_not_converted_again(tmp_path: Path) -> None:
    """macros/kept_markdown.py keeps a written page's Markdown conversion by its text after the
    macros: a saved English title makes the pages with macros again, but (once the serve process
    has converted them) Python-Markdown converts none of them (their listings are set aside); an edit of one page's own text, and
    a glossary term's new definition (the abbr extension's settings), convert again the pages
    they change. The site then equals a full build."""
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    data = (project / "data" / "objectives.yml").read_text(encoding="utf-8")
    term = re.search(r"^  - term: .*\n    definition:\n      es: .*\n      en: (.+)\n", data[data.index("\nglossary:"):], re.M)
    assert term, "a glossary definition in English"
    # the first rebuild converts the English pages: the first build made them in a child process
    edits = [("data/objectives.yml", f"en: {first.title('en')}\n", f"en: {first.title('en')} (revised)\n"),
             ("data/objectives.yml", "(revised)\n", "(revised again)\n"),
             ("docs/en/index.md", "# Public-Private Roadmap", "An added line.\n\n# Public-Private Roadmap"),
             ("data/objectives.yml", f"en: {term.group(1)}\n", f"en: {term.group(1)} (revised)\n")]
    site = tmp_path / "served"
    result = run_own_code(["-c", SERVE_CONVERSIONS, str(site), json.dumps(edits)], project, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    filled, titled, edited, glossary = json.loads(result.stdout.strip().splitlines()[-1])
    assert filled and titled == [] and "en/index.md" in edited  # (a site file changed: every page's base)
    assert len(glossary) > 10 and "en/index.md" in glossary  # every English page has the abbr settings
    assert "An added line." in (site / "en" / "index.html").read_text(encoding="utf-8")
    serve_builds(project, tmp_path / "full")
    assert_same(site, tmp_path / "full")
