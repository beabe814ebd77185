"""The text policy of data text: what the check accepts and refuses, and the HTML it renders,
which must be safe on its own (escaped, sanitised by nh3, inert to Markdown and Jinja)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import pytest
from jinja2 import Environment

from roadmap import text_policy
from roadmap.text_policy import plain, to_html, url_problem, violations

MARKDOWN_EXTENSIONS = ["abbr", "attr_list", "md_in_html", "tables", "admonition"]


def keys(text: str) -> list[str]:
    return [v.key for v in violations(text)]


@pytest.mark.parametrize("text", [
    "Plain text, with commas; 2,3 % and > 90 % and 5 < 6.",
    "*italics*, _italics_, **bold**, __bold__",
    "[a source](https://example.org/x?y=1&z=2#f)",
    "[write to us](mailto:contacto@example.org)",
    "[the objective](objetivos/finance-to-scale/) and [history](cambios/#history-1)",
    "Two paragraphs.\n\nThe second one.",
    "Acentos, ñ, emoji 🌎, CJK 中文, RTL עברית",
])
def test_the_allowed_subset_passes(text: str) -> None:
    assert violations(text) == []


@pytest.mark.parametrize("text,key,offset", [
    ("Ver [x](javascript:alert(1))", "check_text_link", 8),
    ("[x](JaVaScRiPt:alert(1))", "check_text_link", 4),
    ("[x](vbscript:msgbox)", "check_text_link", 4),
    ("[x](data:text/html,<script>)", "check_text_link", 4),
    ("[x](//evil.example/)", "check_text_link", 4),
    ("[x](https://a.example/ \"title\")", "check_text_link", 4),
    ("[x](file:///etc/passwd)", "check_text_link", 4),
    ("[x](mailto:nobody)", "check_text_link", 4),
    ("**x**{onmouseover=alert(1)}", "check_text_braces", 5),
    ("title {: .class }", "check_text_braces", 6),
    ("{{ config }}", "check_text_braces", 0),
    ("{% raw %}", "check_text_braces", 0),
    ("![](https://tracker.example.com/p.png)", "check_text_image", 0),
    ("<img src=x onerror=alert(1)>", "check_text_html", 0),
    ("<!-- hidden -->", "check_text_html", 0),
    ("x </p><script>", "check_text_html", 2),
    ("<https://autolink.example/>", "check_text_html", 0),
    ("&lt;script&gt;", "check_text_entity", 0),
    ("&#106;avascript", "check_text_entity", 0),
    ("a\x00b", "check_text_control", 1),
    ("a\x1bb", "check_text_control", 1),
    ("a\x7fb", "check_text_control", 1),
    ("a\x80b", "check_text_control", 1),
    ("a\x9fb", "check_text_control", 1),
    ("a\rb", "check_text_control", 1),
    ("a\u202eb", "check_text_control", 1),
    ("a\ud800b", "check_text_control", 1),
    ("a\uffffb", "check_text_control", 1),
    ("", "check_text_blank", 0),
    (" \n\t ", "check_text_blank", 0),
])
def test_everything_else_is_refused_at_its_offset(text: str, key: str, offset: int) -> None:
    found = violations(text)
    assert [v.key for v in found][:1] == [key] and found[0].offset == offset


@pytest.mark.parametrize("url,problem", [
    ("https://example.org/a_b-c/d?e=f&g=h#i", None),
    ("http://example.org", None),
    ("https://xn--pas-vla.example/", None),
    ("https://país.example/ruta", "check_url_host_ascii"),  # written https://xn--pas-sma.example/ruta
    ("https://xn--pas-sma.example/ruta", None),
    ("javascript:alert(1)", "check_url_scheme"),
    ("ftp://example.org/", "check_url_scheme"),
    ("https:/example.org", "check_url_scheme"),
    ("https://a.example/)[c](javascript:alert(1)) ![](https://tracker.example.com/p.png", "check_url_characters"),
    ("https://example.org/a b", "check_url_characters"),
    ('https://example.org/"onclick="x', "check_url_characters"),
    ("https://example.org/<script>", "check_url_characters"),
    ("https://example.org/\\x", "check_url_characters"),
    ("https://example.org/\x00", "check_url_characters"),
    ("https://user@example.org/", "check_url_userinfo"),
    ("https:///path", "check_url_host"),
    ("https://localhost/", "check_url_host"),
    ("https://-bad-.example/", "check_url_host"),
    ("https://example.org:port/", "check_url_form"),
    ("https://example.org/" + "a" * 2000, "check_url_length"),
])
def test_urls_are_parsed_and_checked(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


def test_allowed_markdown_becomes_the_few_allowed_elements() -> None:
    html = to_html("*a* **b** [c](https://example.org/c) [d](mailto:d@example.org) [e](objetivos/x/)", base="../")
    assert html == ('<em>a</em> <strong>b</strong> <a href="https://example.org/c">c</a> '
                    '<a href="mailto:d@example.org">d</a> <a href="../objetivos/x/">e</a>')


@pytest.mark.parametrize("text", [
    "Ver [x](javascript:alert(1))", "**x**{onmouseover=alert(1)}", "![](https://tracker.example.com/p.png)",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](https://a.example/)[c](javascript:alert(1))",
    "{{ lipsum.__globals__.os.popen('id').read() }}", "[x](data:text/html,hi)", "&#106;avascript:alert(1)",
    "a\x80b\x01c", "<a href='javascript:x'>y</a>", "`code` \\*esc\\* | pipe | # hash",
    "- list\n\n1. ordered\n\n> quote\n\n# heading", "*[MSME]: injected abbreviation",
])
def test_rendered_text_stays_inert_through_markdown_and_jinja(text: str) -> None:
    """Whatever the text, rendered then passed through Python-Markdown (as the site does) and
    Jinja (as mkdocs-macros would), no element but a, em, strong and p appears, no link leaves
    http(s)/mailto/the site, and no template code runs."""
    html = to_html(text, block=True)
    after_jinja = Environment().from_string(str(html)).render()
    assert after_jinja == str(html)
    page = markdown.markdown(str(html), extensions=MARKDOWN_EXTENSIONS)
    parser = Elements()
    parser.feed(page)
    for tag, attrs in parser.found:
        assert tag in {"p", "a", "em", "strong"}, page
        assert set(attrs) <= ({"href"} if tag == "a" else set()), page
        href = attrs.get("href", "")
        assert urlsplit(href).scheme in ("", "http", "https", "mailto") and not href.startswith("//"), page
    assert "{{" not in page or "{{" in text and "&#123;" in str(html)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def test_html_is_sanitised_by_nh3_even_if_our_renderer_slipped() -> None:
    """Defence in depth: the allow-list itself drops what the renderer should never produce."""
    cleaned = text_policy._CLEANER.clean('<a href="javascript:alert(1)" onclick="x">y</a><img src=x><script>z</script>')
    assert cleaned == "<a>y</a>"


def test_plain_text_for_metadata_and_feeds() -> None:
    assert plain("**Bold** and *it* with [a link](https://example.org) \x01\x80 end\n\nnext") == \
        "Bold and it with a link end next"


def test_paragraphs() -> None:
    assert text_policy.paragraphs("one\nline\n\n  \n\ntwo") == ["one line", "two"]


@pytest.mark.parametrize("unit", ["*a ", "_a ", "**a ", "__a ", "[a](", "](", "[a](b(", "[x](aaaa ", "[a](b)", "(", "[", "&#"])
def test_hostile_repetition_takes_linear_time(unit: str) -> None:
    """Patterns that made regular expressions or the link scan quadratic (minutes at this size)."""
    import time

    text = unit * (60_000 // len(unit))
    started = time.perf_counter()
    violations(text)
    to_html(text, block=True)
    plain(text)
    assert time.perf_counter() - started < 3.0


def test_a_text_shown_inside_a_link_keeps_no_link_of_its_own() -> None:
    """Titles and names are link text on listing pages: a link in them would be a link in a link
    (invalid HTML). The checker refuses it; rendering shows only its label, as a defence."""
    from roadmap import text_policy
    html = text_policy.to_html("Ampliar [el *acceso*](https://a.org)", links=False)
    assert "<a" not in html and "el <em>acceso</em>" in html
    assert '<a href="https://a.org">' in text_policy.to_html("Ampliar [el acceso](https://a.org)")
    assert [v.key for v in text_policy.label_violations("Ampliar [el acceso](https://a.org)")] == ["check_label_link"]
    assert text_policy.label_violations("Ampliar *el* **acceso**") == []
