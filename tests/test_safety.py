"""Data is never code: a generated page is never rendered by mkdocs-macros, by construction
(macros/safety.py), not by a front-matter flag that a character can knock out."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .conftest import copy_project, run_own_code

pytestmark = pytest.mark.build

# The exploit: a U+0080 in an English title broke the front matter (and its
# render_macros: false), then mkdocs-macros ran the history note as Jinja. Harmless payload:
# it prints 42 only if it runs.
PAYLOAD = "{{ lipsum.__globals__.os.popen('echo PWNED-$((6*7))').read() }}"
RAN = "PWNED-42"


def disarmed_project(tmp_path: Path, safety_hook: bool) -> Path:
    """A copy of the project whose first two defences are switched off, to prove the third:
    the checker accepts any text and the renderer pastes data text raw (plain text too), so the
    payload reaches the generated page as it did in the issue."""
    project = copy_project(tmp_path / "project")

    def patch(relative: str, old: str, new: str) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{relative} no longer contains {old!r}: update this test"
        path.write_text(text.replace(old, new), encoding="utf-8")

    patch("roadmap/formats.py", '"roadmap-text": _check_text,', '"roadmap-text": lambda value: True,')
    patch("roadmap/formats.py", '"roadmap-label-text": _check_label_text,', '"roadmap-label-text": lambda value: True,')
    patch("roadmap/text_policy.py", "    text = FORBIDDEN_CHARS.sub(\"\", unicodedata.normalize(\"NFC\", text))\n    if block:",
          "    return Markup(text)\n    if block:")
    patch("roadmap/text_policy.py", "    text = FORBIDDEN_CHARS.sub(\"\", text)\n    out, last = [], 0", "    return text\n    out, last = [], 0")
    patch("data/objectives.yml", "      en: Widen MSMEs' access to finance so that they can scale up",
          '      en: "Widen MSMEs\' access\\x80 to finance so that they can scale up"')
    patch("data/objectives.yml", "          en: Raised in the public-private discussion held for International MSME Day.",
          f'          en: "{PAYLOAD}"')
    if not safety_hook:
        # every guard between data and mkdocs-macros off: the safety hook, and the generated
        # pages' own pipeline (macros/generated_pages.py) made to hand their HTML to Markdown as before
        patch("mkdocs.yml", "  - macros/safety.py\n", "")
        patch("macros/generated_pages.py", 'self.markdown = ""', "self.markdown = self.rendered.html")
        patch("macros/generated_pages.py", ', "render_macros": False}', "}")
        patch("macros/generated_pages.py", "self.content = rendered.html", "self.content = self.markdown")
    return project


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Build with the copy's own roadmap package first on the path (the venv points at ours)."""
    return run_own_code(["-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project)


def built_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json", ".csv"))


def test_a_generated_page_never_runs_data_as_jinja(tmp_path: Path) -> None:
    project = disarmed_project(tmp_path, safety_hook=True)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert RAN not in built_text(site)
    page = (site / "en" / "objetivos" / "finance-to-scale" / "index.html").read_text(encoding="utf-8")
    assert "lipsum." in page and ".os.popen(" in page  # the note is shown as the text it is


def test_without_the_hook_the_disarmed_project_would_run_it(tmp_path: Path) -> None:
    """The control: proves the test above can fail (the exploit is real in this setup once the
    guards are off)."""
    project = disarmed_project(tmp_path, safety_hook=False)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert RAN in built_text(site) or RAN in result.stdout + result.stderr
