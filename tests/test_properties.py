"""Property-based tests (Hypothesis): whatever a contributor does to the real data (values
swapped, deleted, retyped, filled with odd Unicode, bytes corrupted), the checker returns
cleanly with problems at real lines and columns, and whatever it accepts renders and builds."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from roadmap import export, model, render, render_text, validation
from roadmap.problems import Problem
from roadmap.project import DATA_FILE, LANGS
from roadmap.yaml_reader import parse_yaml

from .conftest import copy_project, mkdocs_build

REAL = parse_yaml(DATA_FILE.read_text(encoding="utf-8"), "objectives.yml").data
HOSTILE = ["[x](javascript:alert(1))", "{{ 7*7 }}", "<b>", "![](https://t.example/p.png)", "&#1;", "\x00", "\x80",
           "\u202e", "\ud800", "**", "_", "|", "`", "\\", "# ", "- ", "1. ", "*[x]: y", "https://e.org/)(", "'", '"', "\n\n",
           "2024-02-30", "../", "CL", "all", "proposed", "", " ", "🌎", "ñ", "\u2028", "\ufeff", "\t"]

odd_text = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE),
                     st.lists(st.sampled_from(HOSTILE), max_size=4).map("".join))
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                    st.floats(allow_nan=True, allow_infinity=True), odd_text)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["es", "en", "id", "date", "url", "x"]), inner, max_size=3)),
    max_leaves=6)


def paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, path + (index,))
    return found


ALL_PATHS = paths(REAL)[1:]


def get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def retype(value: Any) -> Any:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return value[0] if value else "[]"
    if isinstance(value, dict):
        return list(value.values())
    return "null"


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True)


# PyYAML's dumper (the pure-Python one: libyaml's escapes characters past U+FFFF and refuses lone
# surrogates) took two thirds of each example, 60 ms for the whole file (issue #21). The file is
# the concatenation of its top-level entries' dumps, and a list's dump that of its items' (checked
# below), so only the items an edit touched are dumped again: the same text, byte for byte.
UNTOUCHED = {key: [_dump([item]) for item in value] if isinstance(value, list) and value else _dump({key: value})
             for key, value in REAL.items()}
assert "".join(key + ":\n" + "".join(dumped) if isinstance(dumped, list) else dumped
               for key, dumped in UNTOUCHED.items()) == _dump(REAL)


def dump_edited(data: dict[str, Any], touched: set[tuple]) -> str:
    """``yaml.safe_dump(data)``, ``data`` being :data:`REAL` but for the entries in ``touched``:
    ``(key,)`` a whole top-level entry, ``(key, index)`` one item of a top-level list."""
    text = []
    for key, value in data.items():
        dumped = UNTOUCHED.get(key)
        if (key,) in touched or dumped is None:
            text.append(_dump({key: value}))
        elif isinstance(dumped, list):
            text.append(key + ":\n" + "".join(_dump([item]) if (key, index) in touched else dumped[index]
                                                 for index, item in enumerate(value)))
        else:
            text.append(dumped)
    return "".join(text)


def touches(path: tuple) -> tuple:
    """What an edit at ``path`` changes, for :func:`dump_edited`: within a list's item, that item;
    the item itself or anything higher (a deletion shifts the items after it), the whole entry."""
    return path[:2] if len(path) > 2 and isinstance(REAL[path[0]], list) else path[:1]


@st.composite
def mutated(draw: st.DrawFn) -> str | bytes:
    """The real data after one to three careless or hostile edits, as the file a contributor saves."""
    data = copy.deepcopy(REAL)
    touched: set[tuple] = set()
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        try:
            parent, key, old = get(data, path[:-1]), path[-1], get(data, path)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed it
        touched.add(touches(path))
        op = draw(st.sampled_from(["delete", "replace", "swap", "retype", "text"]))
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(values)
        elif op == "retype":
            parent[key] = retype(old)
        elif op == "text":
            parent[key] = draw(odd_text)
        else:
            other = draw(st.sampled_from(ALL_PATHS))
            if other[:len(path)] == path or path[:len(other)] == other:
                continue
            try:
                other_parent, other_value = get(data, other[:-1]), get(data, other)
            except (KeyError, IndexError, TypeError):
                continue
            parent[key], other_parent[other[-1]] = other_value, old
            touched.add(touches(other))
    text = dump_edited(data, touched)
    if draw(st.booleans()):  # and sometimes a slip of the keyboard in the file itself
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(max_size=3)) + text[at + draw(st.integers(0, 3)):]
    encoding = draw(st.sampled_from(["utf-8"] * 9 + ["latin-1"]))  # now and then saved by an old editor
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


# The export schema's validator, made once: jsonschema.validate() checks the schema itself against
# its metaschema on every call, which was 40 % of each example's time (issue #21). Same verdict: a
# record the schema refuses raises ValidationError either way.
EXPORT_SCHEMA = validation.export_schema()
EXPORT_VALIDATOR = jsonschema.validators.validator_for(EXPORT_SCHEMA)
EXPORT_VALIDATOR.check_schema(EXPORT_SCHEMA)
EXPORT = EXPORT_VALIDATOR(EXPORT_SCHEMA)


def render_everything(roadmap: model.Roadmap) -> None:
    """Every page, table, feed and download of both languages, as the build makes them."""
    renderer = render.Renderer(roadmap, today=dt.date(2026, 11, 29))
    for lang in LANGS:
        for kind, key in renderer.generated_pages():
            renderer.page(kind, key, lang)
        for name in ("objectives_table", "objectives_by_horizon", "themes_table", "horizons_overview", "countries_table",
                     "actors_table", "sources_list", "key_figures", "timeline", "pillars_list", "statuses_table",
                     "glossary_table", "dashboard", "explorer", "changes_list", "printable_roadmap", "downloads_table"):
            getattr(renderer, name)(lang)
        renderer.abbreviations(lang)
        renderer.last_reviewed(lang)
        ET.fromstring(renderer.atom_feed(lang, "https://example.org/").encode("utf-8"))
        files = export.published_files(roadmap, lang, "https://example.org/", render_text.OBJECTIVES_DIR)
        records = json.loads(files[f"{export.DOWNLOADS_DIR}/objetivos.json"])
        EXPORT.validate(records)


def check_bytes(tmp_path: Path, content: bytes) -> tuple[model.Roadmap | None, list[Problem]]:
    path = tmp_path / "objectives.yml"
    path.write_bytes(content)
    roadmap, problems = model.check(path)
    # lines as YAML counts them (a lone carriage return, NEL, LS and PS break lines too: b"\r\r!" has 3)
    text = content.decode("utf-8", "replace")
    lines = len(re.findall(r"\r\n|[\r\n\x85\u2028\u2029]", text)) + 1
    for p in problems:
        assert "checker failed" not in str(p), p
        assert 1 <= p.line <= lines + 1 and p.column >= 1, p
    return roadmap, problems


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=mutated())
def test_the_checker_answers_cleanly_and_what_it_accepts_renders(tmp_path: Path, content: bytes) -> None:
    roadmap, problems = check_bytes(tmp_path, content)
    event("accepted" if roadmap is not None else "refused")
    if roadmap is not None:
        render_everything(roadmap)
    else:
        assert any(p.severity == "error" for p in problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_the_checker_answers_cleanly_on_any_bytes(tmp_path: Path, content: bytes) -> None:
    check_bytes(tmp_path, content)


# text the policy accepts: what a contributor writes when nothing is wrong, in any script
policy_text = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="<&{}!\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
                      min_size=1, max_size=40).filter(lambda t: t.strip())
TEXT_PATHS = [p for p in ALL_PATHS if p[-1] in ("es", "en") and isinstance(get(REAL, p), str)]


@pytest.mark.build
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(edits=st.lists(st.tuples(st.sampled_from(TEXT_PATHS), policy_text), min_size=1, max_size=8))
def test_what_the_checker_accepts_the_site_builds(tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[tuple, str]]) -> None:
    """The real MkDocs build (with --strict and the site audit) on accepted data: a few examples only."""
    data = copy.deepcopy(REAL)
    for path, text in edits:
        get(data, path[:-1])[path[-1]] = text
    project = copy_project(tmp_path_factory.mktemp("property") / "project")
    (project / "data" / "objectives.yml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    roadmap, problems = model.check(project / "data" / "objectives.yml")
    assume(roadmap is not None)
    result = mkdocs_build(project, project.parent / "site")
    assert result.returncode == 0, result.stderr[-4000:]
