"""What `mkdocs serve` keeps from one rebuild to the next, or makes faster than MkDocs does,
beyond tests/test_incremental.py's (issue #21): each test fails when its cache goes stale or its
shortcut gives something else than the long way."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap import model
from roadmap.synthetic import yaml_text

from .conftest import ROOT, copy_project
from .test_incremental import assert_same, serve_builds


def test_generated_page_files_are_those_file_generated_makes() -> None:
    """macros/generated_pages.py makes a generated page's File from a copy of one File.generated
    made: every attribute is what File.generated gives for the page's path, odd paths included."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, InclusionLevel

    from macros.generated_pages import page_files

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "generated_pages"  # MkDocs sets it while a plugin's event runs
    make = page_files(config)
    for path in ("en/objetivos/finance-to-scale.md", "es/paises/cl.md", "es/./a//b.md", "en/x/../y.md"):
        made, expected = make(path), File.generated(config, path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        assert type(made) is File and vars(made) == vars(expected)
        assert (made.dest_uri, made.url, made.abs_dest_path) == (expected.dest_uri, expected.url, expected.abs_dest_path)


def test_a_generated_page_given_the_build_date_is_the_page_page_init_makes() -> None:
    """macros/generated_pages.py sets a generated page up as MkDocs' Page.__init__ does, with the
    build's date looked up once: every attribute is the one Page.__init__ gives."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.utils import get_build_date

    from macros.generated_pages import GeneratedPage
    from roadmap.render import Renderer

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.site_url = "http://127.0.0.1:8123/hoja-de-ruta/"
    config.plugins._current_plugin = "generated_pages"
    renderer = Renderer(model.load(ROOT / "data" / "objectives.yml"))
    kind, key = next(iter(renderer.generated_pages()))
    path = f"en/{renderer.page_path(kind, key)}"
    pages = [GeneratedPage(File.generated(config, path, content=""), config, renderer, kind, key, "en", date)
             for date in (None, get_build_date())]
    assert [{k: v for k, v in vars(page).items() if k != "file"} for page in pages][0] == \
        {k: v for k, v in vars(pages[1]).items() if k != "file"}
    assert all(page.file.page is page for page in pages) and pages[0].abs_url and pages[0].active is False


def test_a_generated_pages_fingerprint_kept_from_the_last_build_is_the_one_made_afresh(tmp_path: Path) -> None:
    """roadmap/page_inputs.py keeps each generated page's fingerprint by the values it hashes:
    after a changed title, and with another identity (address, edit link, date), it is the one an
    Inputs that keeps nothing gives, and it changed; with nothing changed, the one kept."""
    from roadmap import page_inputs
    from roadmap.page_inputs import Inputs
    from roadmap.render import Renderer

    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    data = tmp_path / "objectives.yml"
    data.write_text(text, encoding="utf-8")
    first = next(iter(model.load(data).objectives.values()))
    identity = [f"en/objetivos/{first.id}.md", f"en/objetivos/{first.id}/index.html", "edit#L10", "2026-01-01"]

    def fingerprint(roadmap: model.Roadmap, ident: list, keep: bool) -> str:
        if not keep:
            page_inputs._fingerprints.clear()
        return Inputs(Renderer(roadmap), "en", [], []).generated("objective", first.id, ident)

    page_inputs._fingerprints.clear()
    before = fingerprint(model.load(data), identity, keep=True)
    assert fingerprint(model.load(data), identity, keep=True) == before
    data.write_text(text.replace(f"en: {first.title('en')}\n", f"en: {first.title('en')} (revised)\n", 1), encoding="utf-8")
    retitled = model.load(data)
    kept = fingerprint(retitled, identity, keep=True)
    assert kept == fingerprint(retitled, identity, keep=False) != before
    moved = [*identity[:2], "edit#L11", identity[3]]
    fingerprint(retitled, identity, keep=True)
    assert fingerprint(retitled, moved, keep=True) == fingerprint(retitled, moved, keep=False) != kept
    page_inputs._fingerprints.clear()


@pytest.mark.build
def test_a_feed_kept_for_an_edit_in_the_other_language_is_made_again_for_one_in_its_own(tmp_path: Path) -> None:
    """macros/incremental.py keeps a language's change feed while the data as seen in that
    language is the same: an English title saved keeps the Spanish feed, then the Spanish title of
    the same objective must reach it. The site equals a full build of the changed data."""
    project = copy_project(tmp_path / "project")
    first = next(iter(model.load(project / "data" / "objectives.yml").objectives.values()))
    en, es = first.title("en"), first.title("es")
    serve_builds(project, tmp_path / "served", ("data/objectives.yml", f"en: {en}\n", f"en: {en} (revised)\n"),
                 ("data/objectives.yml", f"es: {es}\n", f"es: {es} (revisado)\n"))
    serve_builds(project, tmp_path / "full")
    assert_same(tmp_path / "served", tmp_path / "full")
    assert "(revisado)" in (tmp_path / "served" / "cambios.xml").read_text(encoding="utf-8")
    assert "(revised)" in (tmp_path / "served" / "en" / "cambios.xml").read_text(encoding="utf-8")


def test_counts_in_one_pass_are_those_of_a_pass_per_key(tmp_path: Path) -> None:
    """roadmap/progress.py counts objectives by status, horizon, theme and country in one pass, and
    the statuses' table shows those counts: the same as a pass per key (the table's former Jinja
    filter), on the real data and with 300 synthetic objectives."""
    import copy


    from roadmap import progress, synthetic
    from roadmap.render import Renderer
    from roadmap.yaml_reader import parse_yaml

    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    data = tmp_path / "objectives.yml"
    for content in (text, yaml_text(synthetic.synthetic_data(300, base=copy.deepcopy(parse_yaml(text, "d").data)))):
        data.write_text(content, encoding="utf-8")
        roadmap = model.load(data)
        objectives = list(roadmap.objectives.values())
        assert progress.count_by(roadmap, "status") == [(k, sum(o.status == k for o in objectives)) for k in roadmap.statuses]
        assert progress.count_by(roadmap, "horizon") == [(k, sum(o.horizon == k for o in objectives)) for k in roadmap.horizons] + [
            (progress.HORIZON_PENDING, sum(o.horizon is None for o in objectives))]
        assert progress.count_by(roadmap, "theme") == [(k, sum(o.theme == k for o in objectives)) for k in roadmap.themes]
        assert progress.count_by(roadmap, "country") == [(k, sum(k in o.countries for o in objectives)) for k in roadmap.countries]
        table = Renderer(roadmap).statuses_table("en", "../")
        for key in roadmap.statuses:
            assert sum(o.status == key for o in objectives) == int(table.split(f'status-badge--{key}"', 1)[1].split("\n", 1)[0].rsplit("|", 2)[-2])


def test_the_changes_kept_for_a_roadmap_are_those_of_that_roadmap(tmp_path: Path) -> None:
    """roadmap/progress.py keeps the last roadmap's changes: another roadmap (a save) gets its own,
    and a caller changing the list it got changes nothing for the next."""

    from roadmap import progress
    from roadmap.yaml_reader import parse_yaml

    text = (ROOT / "data" / "objectives.yml").read_text(encoding="utf-8")
    data = tmp_path / "objectives.yml"
    data.write_text(text, encoding="utf-8")
    before = model.load(data)
    first = progress.changes(before)
    first.clear()
    assert progress.changes(before) and progress.changes(before) == progress.changes(before)
    content = parse_yaml(text, "d").data
    content["objectives"][0]["history"][0]["date"] = "2026-12-01"
    data.write_text(yaml_text(content), encoding="utf-8")
    after = model.load(data)
    assert after is not before and "2026-12-01" in {c.date for c in progress.changes(after)}
    assert "2026-12-01" not in {c.date for c in progress.changes(before)}


def test_the_sitemap_written_by_python_is_the_one_the_i18n_template_renders() -> None:
    """macros/sitemap.py writes mkdocs-static-i18n's sitemap.xml without Jinja: pages with and
    without a canonical or absolute address, a date, a page behind an alternate, a root alternate
    (``./``), characters to escape, no site address: the template's very bytes. Another template
    file is left to Jinja."""
    import copy

    import jinja2
    from mkdocs.config import load_config
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from macros import sitemap

    import mkdocs_static_i18n

    template_file = Path(mkdocs_static_i18n.__file__).parent / "custom_i18n_sitemap" / "sitemap.xml"
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "test"
    env = config.theme.get_env()
    env.add_extension("jinja2.ext.loopcontrols")  # as mkdocs-static-i18n does
    template = env.from_string(template_file.read_text(encoding="utf-8"))
    assert sitemap.replaced(env.get_template("sitemap.xml")) is False  # Material's own: left to Jinja
    i18n_env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_file.parent)), extensions=["jinja2.ext.loopcontrols"])
    assert sitemap.replaced(i18n_env.get_template("sitemap.xml"))

    def files(site_url: str | None) -> dict[str, list]:
        config.site_url = site_url
        made = {}
        for lang in ("es", "en"):
            prefix = "" if lang == "es" else "en/"
            index = File.generated(config, f"{prefix}index.md", content="")
            page = File.generated(config, f"{prefix}a&b/p.md", content="")
            bare = File.generated(config, f"{prefix}bare.md", content="")
            Page(None, index, config)
            Page(None, page, config).update_date = "2026-01-0" + ("1" if lang == "es" else "")
            made[lang] = [index, page, bare]
        made["es"][2].page = None  # a file without its page
        for position in range(3):
            alternates = {lang: made[lang][position] for lang in made}
            for file in alternates.values():
                file.alternates = alternates
        made["en"][1].page.canonical_url = None  # then its absolute address
        made["en"][1].page.abs_url = "/a&b/<p>/"
        made["es"][0].page.canonical_url = "http://x.org/?a=1&b=<2>"
        return made

    for site_url in ("http://127.0.0.1:8123/hoja-de-ruta/?a=1&b=<2>", "https://x.org/", None):
        alternates = files(site_url)
        context = {"i18n_alternates": alternates, "config": copy.copy(config)}
        assert sitemap.render(alternates, site_url) == template.render(context)
    alternates["en"][1].page.abs_url = None
    assert sitemap.render(alternates, None) == template.render({"i18n_alternates": alternates, "config": config})
