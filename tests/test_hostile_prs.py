"""Hostile pull-request changes beyond the data file (tests/hostile_prs.py, issue #18): each is
refused, naming the file and what was found, and leaves the previous site as it was; the changes a
browser opens safely are in tests/browser/test_hostile_pages.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from . import build_server
from .conftest import ROOT, build_env, copy_project, mkdocs_build, run_own_code
from .hostile_prs import CHANGES, Change, by_answer, finding_lines

pytestmark = pytest.mark.build

BATCH = 10  # page and asset changes built together, each named in the refusal (the build lists 50)
BATCHED = by_answer("audit", alone=False)
BATCHES = [BATCHED[i:i + BATCH] for i in range(0, len(BATCHED), BATCH)]


def test_the_corpus_is_big_and_covers_every_area() -> None:
    assert len(CHANGES) >= 40 and len({c.name for c in CHANGES}) == len(CHANGES)
    assert {c.area for c in CHANGES} >= {"page", "asset", "schema", "translations", "mkdocs.yml", "overrides"}
    assert {c.answer for c in CHANGES} == {"check", "audit", "safe"}


def build(tmp_path: Path, changes: list[Change]) -> tuple[subprocess.CompletedProcess[str], Path]:
    project = copy_project(tmp_path / "project")
    for change in changes:
        change.apply(project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    return mkdocs_build(project, site), project


def assert_left_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Path]]:
    """Each batched change's name → (the failed build's stderr, its tmp folder)."""
    results = {}
    for number, batch in enumerate(BATCHES):
        folder = tmp_path_factory.mktemp(f"batch{number}")
        result, _ = build(folder, batch)
        assert result.returncode == 1, result.stderr[-3000:]
        for change in batch:
            results[change.name] = (result.stderr, folder)
    return results


@pytest.mark.parametrize("change", BATCHED, ids=lambda c: f"{c.area}-{c.name}")
def test_the_audit_refuses_a_page_or_asset_naming_the_file(change: Change, batches: dict[str, tuple[str, Path]]) -> None:
    stderr, folder = batches[change.name]
    lines = finding_lines(stderr)
    assert any(line.startswith(f"{change.file}: ") and change.says in line for line in lines), \
        f"{change.name}: no finding '{change.file}: …{change.says}…' in:\n" + "\n".join(lines)
    assert "Traceback" not in stderr
    assert_left_alone(folder)


@pytest.mark.parametrize("change", by_answer("audit", alone=True), ids=lambda c: f"{c.area}-{c.name}")
def test_the_audit_refuses_a_theme_or_configuration_change(change: Change, tmp_path: Path) -> None:
    result, _ = build(tmp_path, [change])
    assert result.returncode == 1
    lines = finding_lines(result.stderr)
    assert any(line.startswith(f"{change.file}: ") and change.says in line for line in lines), \
        f"{change.name}: no finding '{change.file}: …{change.says}…' in:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
    assert_left_alone(tmp_path)


@pytest.mark.parametrize("change", by_answer("check"), ids=lambda c: f"{c.area}-{c.name}")
def test_files_that_are_not_the_repositorys_own_are_refused_before_anything_reads_them(change: Change, tmp_path: Path) -> None:
    result, project = build(tmp_path, [change])
    assert result.returncode == 1
    assert change.file in result.stderr and change.says in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert_left_alone(tmp_path)
    if change.file.startswith(("docs/", "data/")):  # `make check` names it too, without reading it
        check = subprocess.run([sys.executable, "-m", "roadmap", "check", str(project / "data" / "objectives.yml")],
                               capture_output=True, text=True, timeout=60, env=build_env({"LANG": "C.UTF-8"}))
        assert check.returncode == 1
        assert f"{change.file}: error: " in check.stdout and change.says in check.stdout, check.stdout + check.stderr
        assert "Traceback" not in check.stderr


# --------------------------------------------------------------------------- the build writes only its output

def loosen_the_id_pattern(project: Path, new_id: str) -> None:
    """The schema's id pattern loosened and an objective renamed, in the same pull request."""
    schema = json.loads((project / "data" / "objectives.schema.json").read_text(encoding="utf-8"))
    schema["$defs"]["id"]["pattern"] = "^.*$"
    (project / "data" / "objectives.schema.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    first = re.search(r"^objectives:\n  - id: (\S+)$", text, re.M)
    assert first, "the data file's first objective"
    data.write_text(text.replace(first.group(0), f'objectives:\n  - id: "{new_id}"', 1), encoding="utf-8")


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if "__pycache__" not in p.parts}


def build_with_its_own_code(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The pull request's roadmap/ and macros/ (its schema, read from roadmap's own folder), not ours."""
    command = ["-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), *extra]
    if site is not None:
        command += ["-d", str(site)]
    return run_own_code(command, project, {"PYTHONDONTWRITEBYTECODE": "1"})


@pytest.mark.parametrize("new_id", ["../../x", "../../site/x", "../../../../../../../tmp/x"])
def test_a_loosened_schema_cannot_make_the_build_write_outside_its_folder(tmp_path: Path, new_id: str) -> None:
    project = copy_project(tmp_path / "project")
    loosen_the_id_pattern(project, new_id)
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    before = files_under(tmp_path)
    result = build_with_its_own_code(project, site)
    assert result.returncode == 1
    assert f"the build would write objetivos/{new_id}/index.html outside its folder" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == before  # nothing written anywhere, the live site included
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"


def test_without_the_check_that_id_writes_into_the_live_site(tmp_path: Path) -> None:
    """The check above is what stops it: with macros/own_files.py out of mkdocs.yml's hooks, the
    same pull request writes a page into the live site/ while the build is still running."""
    project = copy_project(tmp_path / "project")
    loosen_the_id_pattern(project, "../../site/x")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - macros/own_files.py\n", ""), encoding="utf-8")
    site = tmp_path / "out" / "site"
    site.mkdir(parents=True)
    build_with_its_own_code(project, site)
    assert (site / "x" / "index.html").is_file()


@pytest.mark.parametrize("key,value", [("site_dir", "../../elsewhere"), ("site_dir", "/tmp/roadmap-elsewhere"),
                                       ("docs_dir", "../elsewhere"), ("docs_dir", "/etc")])
def test_mkdocs_yml_cannot_point_the_build_outside_the_project(tmp_path: Path, key: str, value: str) -> None:
    project = copy_project(tmp_path / "project")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("not the project's", encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(rf"^{key}:.*$", "", config, flags=re.M) + f"\n{key}: {value}\n", encoding="utf-8")
    before = files_under(tmp_path)
    result = build_with_its_own_code(project, None)
    assert result.returncode == 1
    assert f"{key} in mkdocs.yml points outside the project" in result.stderr, result.stderr[-2000:]
    assert files_under(tmp_path) == before and not Path("/tmp/roadmap-elsewhere").exists()


# mkdocs.yml that LibYAML (roadmap/audit_policy.py's fast reader) and PyYAML's parser (MkDocs')
# read differently: a byte order mark at the start of a line opens a string in LibYAML only, which
# hides the `site_dir:` line from it; LibYAML refuses what MkDocs takes (the check then saw nothing)
DISAGREEING_CONFIGS = {
    "byte order mark": 'extra: {generator: false, a: [1,\n\ufeff"2]}\nsite_dir: ../../elsewhere\nsite_description: c"]}\n',
    "YAML 1.3": "%YAML 1.3\n---\nsite_dir: ../../elsewhere\n",
    "flow mapping": "extra: {a:[1]}\nsite_dir: ../../elsewhere\n",
}


@pytest.mark.parametrize("name", DISAGREEING_CONFIGS)
def test_the_site_dir_check_reads_mkdocs_yml_as_mkdocs_does(tmp_path: Path, name: str) -> None:
    from mkdocs.utils.yaml import yaml_load

    from roadmap.audit_policy import read_config

    text = DISAGREEING_CONFIGS[name]
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert yaml_load(text)["site_dir"] == "../../elsewhere"  # what MkDocs builds into
    assert read_config(tmp_path / "mkdocs.yml").get("site_dir") == "../../elsewhere"


# --------------------------------------------------------------------------- findings name their source

def test_a_finding_names_the_page_its_line_and_what_was_found_as_an_annotation(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "es" / "hostil.md"
    page.write_text("# Hostil\n\nTexto.\n\n<img src=\"https://evil.example/p.png\" alt=\"x\">\n", encoding="utf-8")
    (project / "docs" / "assets" / "h.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    result = build_server.run([str(ROOT / "scripts" / "build_annotated.py"), "--format", "github", "-f",
                               str(project / "mkdocs.yml"), "--", "--site-dir", str(tmp_path / "site")],
                              build_env({"PYTHONDONTWRITEBYTECODE": "1"}), timeout=600, cwd=project)
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert ("::error file=docs/es/hostil.md,line=5,col=1::site audit: hostil/index.html: resource from another host "
            "in <img src>: 'https://evil.example/p.png'") in out, out[-3000:]
    assert "::error file=docs/assets/h.svg,line=1,col=1::site audit: assets/h.svg: inline event handler onload= on <svg>" in out


def test_a_generated_pages_finding_points_at_its_entry_in_the_data(tmp_path: Path) -> None:
    from roadmap import audit_sources, model
    roadmap = model.load(ROOT / "data" / "objectives.yml")
    key = next(iter(roadmap.objectives))
    where = audit_sources.locator(ROOT, roadmap)
    assert where(f"objetivos/{key}/index.html") == ("data/objectives.yml", roadmap.objectives[key].line)
    assert where(f"en/objetivos/{key}/index.html") == ("data/objectives.yml", roadmap.objectives[key].line)
    code = next(iter(roadmap.countries))
    assert where(f"en/paises/{code.lower()}/index.html") == ("data/objectives.yml", roadmap.country_lines[code])
    assert where("en/glosario/index.html") == ("docs/en/glosario.md", 1)
    assert where("index.html") == ("docs/es/index.md", 1)
    assert where("datos/objetivos.csv") == ("data/objectives.yml", 1)
    assert where("assets/reader/reader.js") == ("docs/assets/reader/reader.js", 1)
    assert where("assets/javascripts/bundle.a5f9d56c.min.js") is None  # the theme's own


def test_the_audit_command_annotates_the_source_too(tmp_path: Path, built_site: Path) -> None:
    import shutil
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "glosario" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<img src='//evil.example/g.png' alt=''></article>"),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "roadmap.audit", str(site), "--format", "github"], capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=docs/es/glosario.md,line=1::site audit: glosario/index.html: "
                                    "resource from another host in <img src>"), result.stdout


# --------------------------------------------------------------------------- the glossary

def test_a_glossary_definition_past_300_characters_is_refused_at_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    long = "Una definición larguísima. " * 20
    data.write_text(text.replace("glossary:\n", f"glossary:\n  - term: {{es: de, en: of}}\n    definition: {{es: '{long}', en: '{long}'}}\n", 1),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "roadmap", "check", str(data)], capture_output=True, text=True, timeout=120,
                            cwd=project, env=build_env({"PYTHONPATH": str(project), "LANG": "C.UTF-8"}))
    assert result.returncode == 1
    assert re.search(r"data/objectives.yml:\d+:\d+: error: glossary item 1 → definition.es: too long: at most 300 characters",
                     result.stdout), result.stdout


def test_five_common_word_terms_with_the_longest_definitions_keep_every_page_under_budget(tmp_path: Path) -> None:
    from roadmap import audit
    project = copy_project(tmp_path / "project")
    data = project / "data" / "objectives.yml"
    text = data.read_text(encoding="utf-8")
    definition = ("Palabra corriente con una definición tan larga como el límite permite para probar el tamaño. " * 4)[:300]
    terms = "".join(f"  - term: {{es: {es}, en: {en}}}\n    definition: {{es: '{definition}', en: '{definition}'}}\n"
                    for es, en in (("de", "the"), ("la", "of"), ("el", "and"), ("y", "to"), ("en", "in")))
    data.write_text(text.replace("glossary:\n", "glossary:\n" + terms, 1), encoding="utf-8")
    result = build_with_its_own_code(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    largest = max((p.stat().st_size, p.name) for p in (tmp_path / "site").rglob("*.html"))
    assert largest[0] < audit.MAX_PAGE_BYTES, largest


@pytest.mark.parametrize("setting", ["site_dir: !ENV [ROADMAP_UNSET_VARIABLE, ../../elsewhere]",
                                     "site_dir: !!python/object/apply:os.path.join ['..', '..', 'elsewhere']",
                                     "INHERIT: base.yml"])
def test_the_site_dir_check_sees_what_mkdocs_made_of_a_tag_or_an_inherited_file(tmp_path: Path, setting: str) -> None:
    """The check read tags as nothing and never opened INHERIT's file: each of these built the
    site outside the project, as a plain `site_dir: ../../elsewhere` may not."""
    from mkdocs.config import load_config

    from macros.own_files import _configured_site_dir

    project = tmp_path / "a" / "project"
    (project / "docs").mkdir(parents=True)
    (project / "base.yml").write_text("site_dir: ../../elsewhere\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(f"site_name: x\n{setting}\n", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    assert Path(config.site_dir) == tmp_path / "elsewhere"  # where MkDocs builds
    assert Path(os.path.normpath(_configured_site_dir(config))) == tmp_path / "elsewhere"
