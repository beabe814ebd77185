"""macros/theme_memo.py: the theme's regions that are the same on every page of a folder outside
the navigation are rendered once, and the site is byte for byte the one rendering every region
of every page gives (ROADMAP_THEME_MEMO=0), at the real size and with 100 objectives, where most
pages share their folder with many others."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from macros import theme_memo

from .conftest import ROOT, hundred_objectives, mkdocs_build

pytestmark = pytest.mark.build


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(reused: Path, project: Path, tmp_path: Path) -> None:
    result = mkdocs_build(project, tmp_path / "every-region", env={"ROADMAP_THEME_MEMO": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    expected, got = files_of(tmp_path / "every-region"), files_of(reused)
    assert sorted(got) == sorted(expected)
    assert sum(name.startswith("en/objetivos/") for name in got) > 2  # siblings that share regions
    different = [name for name in expected if expected[name] != got[name]]
    assert not different, different[:20]


def test_the_real_site_is_the_same_with_regions_rendered_once(built_site: Path, tmp_path: Path) -> None:
    assert_same_site(built_site, ROOT, tmp_path)


def test_a_site_of_100_objectives_is_the_same_with_regions_rendered_once(full_site: Path, tmp_path: Path) -> None:
    assert_same_site(full_site, hundred_objectives(tmp_path / "copy"), tmp_path)


def page(url: str, **meta: object) -> SimpleNamespace:
    return SimpleNamespace(url=url, meta=meta, previous_page=None, next_page=None)


def test_a_region_is_shared_only_by_pages_outside_the_navigation_in_one_folder() -> None:
    renders: list[str] = []
    env = Environment(loader=DictLoader({"t": '{% call roadmap_memo("r") %}{{ count(page.url) }}{% endcall %}'}))
    env.globals["count"] = lambda url: renders.append(url) or url
    theme_memo.install(env)
    listed = page("glosario/")
    nav = SimpleNamespace(pages=[listed, page("objetivos/")])

    def render(p: SimpleNamespace) -> str:
        return env.get_template("t").render(page=p, nav=nav)

    assert render(page("objetivos/a/")) == "objetivos/a/"
    assert render(page("objetivos/b/")) == "objetivos/a/"  # reused: same folder, outside the navigation
    assert render(page("paises/cl/")) == "paises/cl/"  # another folder
    assert render(listed) == "glosario/" and render(listed) == "glosario/"  # in the navigation: every time
    assert render(page("objetivos/c/", hide=["toc"])) == "objetivos/c/"  # hides something: its own
    nav.pages.append(page("objetivos/d/sub/"))  # the navigation links into the page's folder
    theme_memo.install(env)
    assert render(page("objetivos/d/")) == "objetivos/d/" and render(page("objetivos/e/")) == "objetivos/e/"
    assert renders == ["objetivos/a/", "paises/cl/", "glosario/", "glosario/", "objetivos/c/", "objetivos/d/", "objetivos/e/"]
