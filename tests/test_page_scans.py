"""The scans of a page's HTML made faster for `mkdocs serve` (issue #21) give what the plain scans
gave, on any text: the ids of a listing (roadmap/page_html.py ``ids_in``, read by MkDocs' anchor
checks and the generated pages' heading slugs) and the glossary's first uses (roadmap/terms.py,
which now stops after the page's last use of a term)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap.page_html import ids_in
from roadmap.terms import _ABBR, _SKIP, _TAG, Terms

WORD_BOUNDARY_IDS = re.compile(r'\bid="([^"]*)"')


def test_ids_are_those_a_word_boundary_pattern_finds_in_tricky_places() -> None:
    for text in ['id="a"', '<p id="a">', 'xid="a" id="b"', 'xid="a id="b"', '_id="a"', 'éid="a" id="b"',
                 '٣id="a"', '-id="a"', 'data-id="a"', 'id="a"id="b"', 'id="unclosed', '\nid=""']:
        assert ids_in(text) == WORD_BOUNDARY_IDS.findall(text), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(['id="', '"', "x", " ", "_", "é", "1", "-", "i", "d", "=", "<p ", ">", "٣"]), max_size=30))
def test_ids_are_those_a_word_boundary_pattern_finds(parts: list[str]) -> None:
    text = "".join(parts)
    assert ids_in(text) == WORD_BOUNDARY_IDS.findall(text)


def reading_every_tag(terms: Terms, page_html: str, glossary_url: str) -> str:
    """roadmap/terms.py's loop as it was: every tag read to the end of the page (or every term linked)."""
    if "<abbr" not in page_html:
        return page_html
    out: list[str] = []
    done: set[str] = set()
    depth, position = 0, 0
    for tag in _TAG.finditer(page_html):
        if len(done) == len(terms.by_definition):
            break
        if tag.start() < position:
            continue
        out.append(page_html[position:tag.start()])
        closing, name = bool(tag.group(1)), tag.group(2).lower()
        use = _ABBR.match(page_html, tag.start()) if name == "abbr" and not closing and depth == 0 else None
        if use:
            out.append(terms._link(use, glossary_url, done))
            position = use.end()
            continue
        if name in _SKIP and not tag.group(3):
            depth = max(0, depth + (-1 if closing else 1))
        out.append(tag.group(0))
        position = tag.end()
    out.append(page_html[position:])
    return "".join(out)


TERMS = Terms({"Micro, small and medium enterprises": "MSME", "Pacific Alliance": "AP", "Unused": "Nope"})
PIECES = ['<abbr title="Micro, small and medium enterprises">MSMEs</abbr>', '<abbr title="Pacific Alliance">AP</abbr>',
          '<abbr title="Other">X</abbr>', "<table>", "</table>", "<td>", "<a href='#'>", "</a>", "<p>", "</p>",
          "<br/>", "<h2>", "</h2>", "text ", "<abbr>", "<span title='<a>'>", "<", ">", '"']


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(["", "../glosario/"]))
def test_first_uses_are_those_linked_reading_every_tag(pieces: list[str], url: str) -> None:
    page = "".join(pieces)
    assert TERMS.link_first_uses(page, url) == reading_every_tag(TERMS, page, url)


def test_a_use_after_a_long_table_is_still_linked_and_the_table_left_as_it_was() -> None:
    table = "<table>" + ("<tr><td>" + PIECES[0] + "</td></tr>") * 500 + "</table>"
    page = f"<p>intro</p>{table}<p>{PIECES[0]} and {PIECES[1]}</p>{table}"
    linked = TERMS.link_first_uses(page, "../glosario/")
    assert linked == reading_every_tag(TERMS, page, "../glosario/")
    assert linked.count('class="roadmap-term__link"') == 2 and linked.endswith(table)
    assert linked.count('id="term-tip-msme"') == 1 and 'id="term-tip-ap"' in linked
