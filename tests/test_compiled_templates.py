"""roadmap/compiled_templates.py: a template is compiled once per process however many Jinja
environments load it, and compiled again when its source changes (an edit during `make serve`)."""

from __future__ import annotations

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
