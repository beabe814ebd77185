"""roadmap/compiled_templates.py: a template is compiled once per process however many Jinja
environments load it, and compiled again when its source changes (an edit during `make serve`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import DictLoader, Environment

from roadmap.compiled_templates import MemoryBytecodeCache, cache


class CountingEnvironment(Environment):
    compiled = 0

    def compile(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def test_a_new_environment_reuses_the_compiled_template_until_its_source_changes() -> None:
    shared, sources = MemoryBytecodeCache(), {"page.html": "Hola {{ name }}"}
    CountingEnvironment.compiled = 0

    def render() -> str:  # a new environment each time, as each build makes one
        env = CountingEnvironment(loader=DictLoader(sources), bytecode_cache=shared)
        return env.get_template("page.html").render(name="Lima")

    assert render() == "Hola Lima" and CountingEnvironment.compiled == 1
    assert render() == "Hola Lima" and CountingEnvironment.compiled == 1  # reused, not compiled
    sources["page.html"] = "Hello {{ name }}"  # edited while serving
    assert render() == "Hello Lima" and CountingEnvironment.compiled == 2


def test_each_kind_of_environment_has_its_own_cache() -> None:
    # compiled code depends on the environment's settings (autoescape…): kinds never share
    assert cache("theme") is cache("theme")
    assert cache("theme") is not cache("roadmap")


def test_a_new_process_reuses_the_code_compiled_on_disk_and_never_stale_or_damaged_code(tmp_path: Any) -> None:
    """Issue #21: the compiled code outlives the process (a new cache object on the same folder
    stands for the next build), is compiled again when the source changes, and a damaged file or
    an environment whose settings change the code never yields wrong output."""
    sources = {"page.html": "Hola {{ name }}"}

    def render(**settings: Any) -> str:  # a new process: a new cache over the same folder
        env = CountingEnvironment(loader=DictLoader(sources), bytecode_cache=MemoryBytecodeCache(tmp_path), **settings)
        return env.get_template("page.html").render(name="<Lima>")

    CountingEnvironment.compiled = 0
    assert render() == "Hola <Lima>" and CountingEnvironment.compiled == 1
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) == 1
    assert render() == "Hola <Lima>" and CountingEnvironment.compiled == 1  # from disk, not compiled
    # autoescape changes the compiled code: another folder, compiled afresh, escaped
    assert render(autoescape=True) == "Hola &lt;Lima&gt;" and CountingEnvironment.compiled == 2
    sources["page.html"] = "Hello {{ name }}"
    assert render() == "Hello <Lima>" and CountingEnvironment.compiled == 3
    for path in tmp_path.rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes()[:20])  # cut short, as a full disk would leave it
    assert render() == "Hello <Lima>" and CountingEnvironment.compiled == 4


def test_the_disk_cache_lives_outside_the_repository(monkeypatch: Any, tmp_path: Any) -> None:
    from roadmap.caches import CACHE_ENV, cache_root

    root = Path(__file__).resolve().parent.parent
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache_root() == Path.home() / ".cache" / "roadmap-site" and root not in cache_root().parents
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_root() == tmp_path / "roadmap-site"
    monkeypatch.setenv(CACHE_ENV, "")
    assert cache_root() is None  # memory only


def test_a_template_from_a_string_is_compiled_once_per_source(tmp_path: Any, monkeypatch: Any) -> None:
    """mkdocs-macros compiles each Markdown page with ``env.from_string``: the code is kept by
    the source's hash, across environments and processes (a new cache on the same folder)."""
    from roadmap import compiled_templates

    monkeypatch.setenv("ROADMAP_CACHE_DIR", str(tmp_path))
    CountingEnvironment.compiled = 0

    def render(source: str) -> str:
        compiled_templates.cache.cache_clear()  # a new process
        env = CountingEnvironment()
        compiled_templates.cached_from_string(env, "pages")
        return env.from_string(source).render(n=2)

    assert render("{{ n * 3 }} <b>") == "6 <b>" and CountingEnvironment.compiled == 1
    assert render("{{ n * 3 }} <b>") == "6 <b>" and CountingEnvironment.compiled == 1  # from disk
    assert render("{{ n * 4 }}") == "8" and CountingEnvironment.compiled == 2  # another page
    compiled_templates.cache.cache_clear()


def test_a_copy_of_a_template_elsewhere_reuses_its_code_and_names_its_own_file(tmp_path: Path) -> None:
    """Issue #21: the same template in another copy of the project (a moved clone, each of the
    tests' copies) is not compiled again, and its errors and tracebacks name the copy's own file,
    not the one the code was compiled from, down to a block inside it."""
    import traceback

    from jinja2 import FileSystemLoader

    source = "{% block body %}{% for x in items %}{{ 1 // x }}{% endfor %}{% endblock %}"
    copies = [tmp_path / "one", tmp_path / "two"]
    for folder in copies:
        folder.mkdir()
        (folder / "page.html").write_text(source, encoding="utf-8")
    shared = MemoryBytecodeCache(tmp_path / "cache")
    CountingEnvironment.compiled = 0
    for number, folder in enumerate(copies):
        template = CountingEnvironment(loader=FileSystemLoader(folder), bytecode_cache=shared).get_template("page.html")
        assert CountingEnvironment.compiled == 1, number  # the second copy's code comes from the first's
        assert template.filename == str(folder / "page.html")
        assert template.render(items=[1, 2]) == "10"
        try:
            template.render(items=[0])
        except ZeroDivisionError as error:
            frames = traceback.extract_tb(error.__traceback__)
        template_frames = [frame.filename for frame in frames if frame.filename.endswith("page.html")]
        assert len(template_frames) == 2 and set(template_frames) == {str(folder / "page.html")}, template_frames  # the template and its block
    # a copy whose template differs is compiled for itself, and the first version is still kept
    (copies[1] / "page.html").write_text(source.replace("1 //", "2 //"), encoding="utf-8")
    for folder, expected, compiled in ((copies[1], "21", 2), (copies[0], "10", 2)):
        env = CountingEnvironment(loader=FileSystemLoader(folder), bytecode_cache=shared)
        assert env.get_template("page.html").render(items=[1, 2]) == expected and CountingEnvironment.compiled == compiled
