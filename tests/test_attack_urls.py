"""A data-only pull request could swap a source's host for a homograph: `аlianzapacificо.net`, its
first and last letters Cyrillic, looks the same as the real host in a YAML diff and on the page,
and every page citing the source linked to another domain (xn--…). Values mean what they look
like: a host is written in ASCII, an international domain name in its visible xn-- form."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap import text_policy
from roadmap.model import check

from .test_attack_glossary import data_with


@pytest.mark.parametrize("url", [
    "https://\u0430lianzapacific\u043e.net/x",  # Cyrillic а and о
    "https://www.\u043eecd.org/",
    "https://exa\u0301mple.org/",  # a combining accent
    "https://ｅｘａｍｐｌｅ.org/",  # fullwidth letters, which the browser folds to ASCII
])
def test_a_host_that_is_not_ascii_is_refused(url: str) -> None:
    assert text_policy.url_problem(url) == "check_url_host_ascii"
    assert not text_policy.link_target_ok(url)


@pytest.mark.parametrize("url", ["https://xn--pple-43d.com/x", "https://www.oecd.org/es/a\u00f1o/", "http://alianzapacifico.net/"])
def test_ascii_hosts_pass(url: str) -> None:
    assert text_policy.url_problem(url) is None


def test_a_homograph_source_url_is_refused_at_its_line(tmp_path: Path) -> None:
    data = data_with(tmp_path, "")
    text = data.read_text(encoding="utf-8")
    old = "url: https://alianzapacifico.net/"
    assert old in text
    data.write_text(text.replace(old, "url: https://\u0430lianzapacific\u043e.net/", 1), encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    _, problems = check(data)
    found = [p for p in problems if "xn--" in str(p.message)]
    assert [p.line for p in found] == [line], [p.text() for p in problems]
    assert "xn--" in found[0].message.get("es")
