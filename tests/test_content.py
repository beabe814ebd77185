"""The site's content (issue #10): sourced numbers on hand-written pages, sourced country
profiles, the OECD methodology in both languages, the fact-checked record, and pages that read
as finished with the real data and with 1,000 synthetic objectives."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from roadmap import synthetic

from .conftest import ROOT, copy_project, mkdocs_build
from .test_build import DATA, page_file

LANGS = ("es", "en")
DOCS = ROOT / "docs"

# --------------------------------------------------------------------------- numbers in docs/
# The rule: in every Markdown page under docs/, each block (a paragraph, a list item, a table)
# holding a number must also hold a citation: a link to an http(s) address, inline or by
# reference. Not counted as numbers: a year on its own (1900–2099) and a date ("9 de noviembre
# de 2023", "9 November 2023", "30 de febrero"), which place a fact in time rather than state a
# figure; a link's address; anything inside `code`, a code block or a macro call ({{ … }}, {% … %}), which is either
# an example or data the macro cites itself; and the number of an ordered-list item.

MONTHS = ("enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
          "January|February|March|April|May|June|July|August|September|October|November|December")
DATE = re.compile(rf"\b\d{{1,2}}(?:[–-]\d{{1,2}}| y \d{{1,2}})?(?: de)? (?:{MONTHS})\b(?:(?: de)? (?:19|20)\d\d\b)?")
YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d%]|[.,]\d)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _blocks(text: str) -> list[tuple[str, dict[str, str]]]:
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^([ \t]*)```.*?^\1```", "", text, flags=re.S | re.M)
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    refs = dict(re.findall(r"^\[([^\]]+)\]:\s*(\S+)", text, flags=re.M))
    text = re.sub(r"^\[[^\]]+\]:.*$", "", text, flags=re.M)
    return [(block, refs) for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*]|\d+\.)\s)", text)]


def _uncited_numbers(text: str) -> list[tuple[list[str], str]]:
    found = []
    for block, refs in _blocks(text):
        body = re.sub(r"`[^`]*`", " ", block)
        body = re.sub(r"\]\([^)]*\)|<https?://[^>]*>", "]", body)  # addresses are not figures
        body = re.sub(r"^\s*\d+\.\s", "", body, flags=re.M)
        body = YEAR.sub(" ", DATE.sub(" ", body))
        numbers = NUMBER.findall(body)
        cited = bool(re.search(r"\]\(https?://", block)) or any(
            refs.get(ref, "").startswith(("http://", "https://")) for ref in re.findall(r"\]\[([^\]]+)\]", block))
        if numbers and not cited:
            found.append((numbers, " ".join(block.split())[:120]))
    return found


def test_the_number_rule_catches_an_uncited_figure_and_spares_dates() -> None:
    assert _uncited_numbers("Las MIPYMES son el 99,5 % de las empresas.\n")
    assert _uncited_numbers("- They employ 62.6% of workers.\n")
    assert not _uncited_numbers("Son el 99,5 % ([OCDE, 2024][oecd]).\n\n[oecd]: https://oecd.org/x\n")
    assert not _uncited_numbers("Son el 99,5 % ([OCDE](https://oecd.org/x)).\n")
    assert _uncited_numbers("Son el 99,5 % ([OCDE][oecd]).\n\n[oecd]: otra-pagina.md\n")  # not a source
    assert not _uncited_numbers("El 9 de noviembre de 2023 y el 13 December 2024, en 2022; un 30 de febrero.\n")
    assert not _uncited_numbers("Escriba `2024-06-27` o {{ objectives_count() }}.\n\n1. Primero.\n")


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_every_number_in_docs_sits_next_to_a_citation(page: str) -> None:
    uncited = _uncited_numbers((DOCS / page).read_text(encoding="utf-8"))
    assert not uncited, f"docs/{page}: numbers without a citation in the same paragraph: {uncited}"


# --------------------------------------------------------------------------- built pages

class _Article(HTMLParser):
    """The article of a built page: its sections (by h2/h3), the text of each block, the rows of
    each table and list, and the external links."""

    BLOCKS = {"p", "li", "tr", "dd", "figcaption"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.sections: list[dict] = [{"heading": "", "blocks": []}]
        self.rows: list[list[str]] = []  # per table or list: its rows' text
        self.links: list[str] = []
        self._text: list[str] | None = None
        self._block: list[str] = []
        self._heading: list[str] | None = None
        self._containers: list[list[str]] = []
        self._skip = 0
        self._head = 0  # inside <thead>: header rows are not data rows

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("svg", "script", "style", "details"):
            self._skip += 1
        if tag == "thead":
            self._head += 1
        if tag in ("h2", "h3"):
            self._heading = []
        elif tag in ("table", "ul", "ol"):
            self._containers.append([])
        elif tag in self.BLOCKS:
            self._block.append("")
        if tag == "a" and (a.get("href") or "").startswith(("http://", "https://")):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "article":
            self.depth -= 1
        if tag in ("svg", "script", "style", "details"):
            self._skip -= 1
        if tag == "thead":
            self._head -= 1
        if tag in ("h2", "h3") and self._heading is not None:
            self.sections.append({"heading": " ".join("".join(self._heading).split()), "blocks": []})
            self._heading = None
        elif tag in ("table", "ul", "ol") and self._containers:
            self.rows.append(self._containers.pop())
        elif tag in self.BLOCKS and self._block:
            text = " ".join(self._block.pop().split())
            if text:
                self.sections[-1]["blocks"].append(text)
                if tag in ("tr", "li") and self._containers and not self._head:
                    self._containers[-1].append(text)

    def handle_data(self, data: str) -> None:
        if not self.depth or self._skip:
            return
        if self._heading is not None:
            self._heading.append(data)
        elif self._block:
            self._block[-1] += data


def article(path: Path) -> _Article:
    parser = _Article()
    text = path.read_text(encoding="utf-8")
    # the parser keeps only what is inside <article>: the theme's chrome around it (two thirds of
    # a page) is left out of the feed, which was most of the time over 2,000 pages (issue #21)
    start, end = text.find("<article"), text.rfind("</article>")
    parser.feed(text[start:end + len("</article>")] if 0 <= start < end else text)
    return parser


# A placeholder says that something is not known yet; a section whose every block is one holds
# nothing else. The words come from roadmap/labels.yml's pending messages, in both languages.
PLACEHOLDER = re.compile(r"aún no|todavía no|not yet|pendiente|pending|por definir|to be defined|"
                         r"no hay |no .* (?:published|recorded)|ningún objetivo|no objective", re.I)
CONTRIBUTE = re.compile(r"¿Conoce una fuente\? Propóngala\.|Know a source\? Suggest it\.")


def placeholder_sections(page: _Article) -> list[str]:
    found = []
    for section in page.sections:
        blocks = [CONTRIBUTE.sub("", b).strip() for b in section["blocks"]]
        blocks = [b for b in blocks if b]
        if blocks and all(PLACEHOLDER.search(b) for b in blocks):
            found.append(section["heading"] or "(top)")
    return found


def most_repeated_row(page: _Article) -> tuple[int, str]:
    """The row repeated most often within one table or list, and how often."""
    best = (0, "")
    for rows in page.rows:
        for row, count in Counter(rows).most_common(1):
            best = max(best, (count, row))
    return best


def _check_sparse_design(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        page = article(path)
        placeholders = placeholder_sections(page)
        if len(placeholders) > 1:
            problems.append(f"{rel}: {len(placeholders)} placeholder-only sections: {placeholders}")
        count, row = most_repeated_row(page)
        if count > 3:
            problems.append(f"{rel}: the same row {count} times: {row[:80]!r}")
    return problems


@pytest.mark.build
def test_the_sparse_design_checks_catch_a_run_of_empty_sections() -> None:
    page = _Article()
    page.feed("<article><h2>A</h2><p><em>Aún no hay hitos.</em> ¿Conoce una fuente? Propóngala.</p>"
              "<h2>B</h2><p>Not yet known.</p><h2>C</h2><p>Real content 1.</p>"
              "<table><tr><td>Pending</td></tr><tr><td>Pending</td></tr><tr><td>Pending</td></tr>"
              "<tr><td>Pending</td></tr></table></article>")
    assert placeholder_sections(page) == ["A", "B"]
    assert most_repeated_row(page) == (4, "Pending")


@pytest.mark.build
def test_no_page_has_a_run_of_empty_sections_or_identical_rows(built_site: Path) -> None:
    assert _check_sparse_design(built_site) == []


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site with 1,000 synthetic objectives (roadmap/synthetic.py) over the real data."""
    project = copy_project(tmp_path_factory.mktemp("synthetic") / "project")
    base = yaml.safe_load((ROOT / "data" / "objectives.yml").read_text(encoding="utf-8"))
    (project / "data" / "objectives.yml").write_text(synthetic.synthetic_yaml(1000, base=base), encoding="utf-8")
    site = project.parent / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.mark.build
def test_pages_still_read_well_with_a_thousand_objectives(synthetic_site: Path) -> None:
    assert _check_sparse_design(synthetic_site) == []
    # with full data the breakdowns are charts again, and a country lists what is specific to it
    for lang in LANGS:
        progress = page_file(synthetic_site, lang, "progreso/").read_text(encoding="utf-8")
        assert progress.count('<svg class="chart__svg" role="img"') == 4
        country = page_file(synthetic_site, lang, "paises/cl/").read_text(encoding="utf-8")
        assert country.count('href="../../objetivos/objective-') > 10


# --------------------------------------------------------------------------- country profiles

@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", sorted(DATA.countries))
def test_each_country_page_cites_at_least_three_distinct_sources(built_site: Path, lang: str, code: str) -> None:
    page = article(page_file(built_site, lang, f"paises/{code.lower()}/"))
    sources = {url for url in page.links if "alianza-pacifico-mipymes" not in url}
    assert len(sources) >= 3, f"{code} ({lang}) cites {len(sources)} sources: {sources}"


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_country_pages_open_with_the_profile_then_the_record_then_objectives(built_site: Path, lang: str) -> None:
    headings = {"es": ("Sus MIPYMES en cifras", "Lo que dice la OCDE", "Su papel en la hoja de ruta", "Objetivos"),
                "en": ("Its MSMEs in figures", "What the OECD says", "Its part in the roadmap", "Objectives")}[lang]
    for code in DATA.countries:
        sections = [s["heading"] for s in article(page_file(built_site, lang, f"paises/{code.lower()}/")).sections]
        positions = [next(i for i, h in enumerate(sections) if h.startswith(expected)) for expected in headings]
        assert positions == sorted(positions), (code, sections)


@pytest.mark.build
def test_press_figures_are_labelled_as_press(built_site: Path) -> None:
    for lang, word in (("es", "prensa"), ("en", "press")):
        page = page_file(built_site, lang, "paises/mx/").read_text(encoding="utf-8")
        assert f'<span class="source-kind source-kind--press">{word}</span>' in page
        # the INAI page quotes INEGI's figures word for word: secondary, not primary (issue #19);
        # the figure's evidence (its location) now stands between the link and its kind
        inai = page[page.index("micrositios.inai.org.mx"):][:600]
        assert "source-kind--secondary" in inai and "source-kind--primary" not in inai


# --------------------------------------------------------------------------- the methodology

# As the OECD names them (SME Policy Index: Latin America and the Caribbean 2024), ES / EN.
OECD_DIMENSIONS = {
    "es": ("Marco institucional", "Entorno operativo y simplificación de procedimientos", "Acceso al financiamiento",
           "Servicios de desarrollo de las PyMEs y compras públicas", "Innovación y tecnología",
           "Transformación productiva", "Acceso al mercado e internacionalización", "Digitalización",
           "PyMEs en una economía verde"),
    "en": ("Institutional framework", "Operational environment and simplification of procedures", "Access to finance",
           "SME development services and public procurement", "Innovation and technology", "Productive transformation",
           "Access to market and internationalisation", "Digitalisation", "SMEs in a green economy"),
}


@pytest.mark.build
@pytest.mark.parametrize("lang", LANGS)
def test_oecd_dimensions_appear_in_both_languages(built_site: Path, lang: str) -> None:
    page = article(page_file(built_site, lang, "metodologia/"))
    text = " ".join(block for section in page.sections for block in section["blocks"])
    for name in OECD_DIMENSIONS[lang]:
        assert re.sub(r"\bPyMEs\b", "", name)[:12] in text and name.split()[-1] in text, name
    rows = [row for rows in page.rows for row in rows]
    assert sum(any(row.startswith(f"{n}. ") for row in rows) for n in range(1, 9)) == 8  # numbered 1–8
    assert any(row.startswith(("Piloto:", "Pilot:")) for row in rows)
    # in the nav of every page, in each language
    assert 'href="metodologia/"' in page_file(built_site, lang, "").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the fact-check

@pytest.mark.build
def test_the_fact_check_items_are_fixed_on_the_built_site(built_site: Path) -> None:
    pages = {lang: {path: page_file(built_site, lang, path).read_text(encoding="utf-8")
                    for path in ("", "hoja-de-ruta/", "coordinacion/", "desafios/", "objetivos/", "metodologia/")}
             for lang in LANGS}
    everything = {lang: " ".join(" ".join(p.split()) for p in pages[lang].values()) for lang in LANGS}
    # the 2023 dialogue page is dated 9 November 2023
    assert "Alianza del Pacífico, 9 de noviembre de 2023" in everything["es"]
    assert "Pacific Alliance, 9 November 2023" in everything["en"]
    assert "10 de noviembre de 2023</a>" not in everything["es"] and "10 November 2023</a>" not in everything["en"]
    # no order of priority and no three-horizon scheme that no source states
    for phrase in ("por orden de prioridad", "en orden de prioridad", "prioridad provisional", "in order of priority",
                   "order of priority;", "provisional order", "tres horizontes", "three horizons", ">Prioridad<",
                   ">Priority<"):
        assert phrase not in everything["es"] + everything["en"], phrase
    # CAF and SELA supported the OECD methodology, not the roadmap; "two key aspects", not values
    for phrase in ("con el respaldo de CAF", "with the backing of CAF", "dos valores", "two values",
                   "con el apoyo de CAF y del SELA</p>", "with support from CAF and SELA.</li>"):
        assert phrase not in everything["es"] + everything["en"], phrase
    assert "dos aspectos clave" in everything["es"] and "two key aspects" in everything["en"]
    # the OECD chapter URL (component-22) is cited as Chile's chapter, only where Chile is meant
    for lang in LANGS:
        for path, text in pages[lang].items():
            assert "component-22" not in text, f"{lang} {path} cites Chile's chapter"
    # wording that followed the source too closely
    for path in built_site.rglob("*.html"):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for phrase in ("channels for communication and continuous coordination between the two sectors",
                       "shared understanding of the challenges",
                       "of Pacific Alliance exports go to the bloc&#39;s own countries",
                       "of Pacific Alliance exports go to the bloc's own countries"):
            assert phrase not in text, (path, phrase)


@pytest.mark.build
def test_the_timeline_holds_the_sourced_events_of_2024_to_2026(built_site: Path) -> None:
    for lang, events in (("es", ("4 de julio de 2024", "Valparaíso", "30 de enero de 2026")),
                         ("en", ("4 July 2024", "Valparaíso", "30 January 2026"))):
        page = page_file(built_site, lang, "hoja-de-ruta/").read_text(encoding="utf-8")
        timeline = page[page.index('class="roadmap-timeline"'):page.index("</ol>", page.index('class="roadmap-timeline"'))]
        items = timeline.split("<li")[1:]
        assert all("https://" in item for item in items)  # each event cited
        for event in events:
            assert event in timeline
        presidency = [item for item in items if "2026-01-30" in item][0]
        assert "source-kind--press" in presidency  # a press source, labelled as such
