"""A corpus of hostile and careless inputs, written as a contributor might: each is either
refused by the checker at file:line:col with a message naming the fix, or accepted, and then
the real site builds (with --strict and the site audit) and shows it as the text it is.

Inputs are applied to the real data (data/objectives.yml) through its structure, so the corpus
follows the data as it grows; the expected line and column are found in the file as written.
"""

from __future__ import annotations

import copy
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

from roadmap import audit, model
from roadmap.project import DATA_FILE
from roadmap.synthetic import yaml_text
from roadmap.yaml_reader import parse_yaml

from .conftest import copy_project, mkdocs_build

REAL = parse_yaml(DATA_FILE.read_text(encoding="utf-8"), "objectives.yml").data
SOURCE = REAL["sources"][0]["id"]


def dump(data: Any) -> str:
    return yaml_text(data, width=1_000_000)


def position(text: str, needle: str, key: bool = False) -> tuple[int, int]:
    """Line and column of ``needle`` in ``text``; with ``key``, of the key on that line (where the
    checker points for a wrong value: at the field's name)."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    if key:
        row = text[start:text.find("\n", index)]
        return line, len(row) - len(row.lstrip(" -")) + 1
    return line, index - start + 1


def objective(data: dict[str, Any]) -> dict[str, Any]:
    return data["objectives"][0]


def put(*path: Any) -> Callable[[Any], Callable[[dict[str, Any]], None]]:
    """A mutation setting the value at ``path``."""
    def with_value(value: Any) -> Callable[[dict[str, Any]], None]:
        def mutate(data: dict[str, Any]) -> None:
            node = data
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        return mutate
    return with_value


def indicator(**values: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        objective(data)["indicators"] = [{"name": {"es": "Indicador", "en": "Indicator"}, "unit": {"es": "%", "en": "%"},
                                          "source": SOURCE, **values}]
    return mutate


def milestone(date: str, text: str = "Hito") -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        objective(data)["milestones"] = [{"date": date, "text": {"es": text, "en": text}, "done": False}]
    return mutate


title_en = put("objectives", 0, "title", "en")
summary_en = put("objectives", 0, "summary", "en")
summary_es = put("objectives", 0, "summary", "es")
note_en = put("objectives", 0, "history", 0, "note", "en")
source_url = put("sources", 0, "url")
actor_name = put("actors", 0, "name", "en")
fact_text = lambda value: lambda data: data["countries"][0].setdefault("facts", []).insert(0, {"text": {"es": value, "en": value}, "source": SOURCE})  # noqa: E731
glossary_definition = put("glossary", 0, "definition", "en")


@dataclass
class Case:
    name: str
    mutate: Callable[[dict[str, Any]], None] | None = None
    says: str = ""  # words of the expected message; "" when the input is accepted
    at: str | None = None  # where the problem is: this text's first occurrence in the file
    at_key: bool = False  # ...or the key on that line
    raw: Callable[[str], str | bytes] | None = None  # a change of the file's text instead
    shows: str = ""  # accepted inputs: what the built page must contain (escaped)
    page: str = "en/objetivos/{objective}/index.html"
    label: bool = False  # a title, name or label (shown as link text): its own rule

    def __post_init__(self) -> None:
        self.label = self.label or self.name in LABEL_CASES

    @property
    def accepted(self) -> bool:
        return not self.says

    def text(self, raw: bool = True) -> str | bytes:
        """The file as written (``raw=False``: before any change of its text or encoding)."""
        data = copy.deepcopy(REAL)
        if self.mutate:
            self.mutate(data)
        text = dump(data)
        return self.raw(text) if self.raw and raw else text


# cases whose text is a title, name or label, so their message states the label rule
LABEL_CASES = {"attribute list with a class", "script tag in a title", "image with onerror", "U+0080 in an English title (the issue's)",
               "right-to-left override in a name", "blank title", "GitHub Actions expression", "link in an objective title",
               "site link in a theme name", "link in an actor name"}
ALIAS_BOMB = "".join(f"lol{n}: &a{n} [" + ", ".join(["lol"] * 10 if n == 0 else [f"*a{n - 1}"] * 10) + "]\n" for n in range(9))
LINK_RULE = "Data text may hold plain text, *italics*, **bold** and links"
LABEL_RULE = "Titles, names and labels may hold plain text, *italics* and **bold**, without links"

CORPUS = [
    # ---- Markdown and HTML in data text (the text policy)
    Case("javascript link", summary_en("Ver [x](javascript:alert(1))"), "the link to 'javascript:alert(1)' is not allowed", "javascript:"),
    Case("javascript link, mixed case", summary_en("[x](JaVaScRiPt:alert(1))"), "the link to 'JaVaScRiPt:alert(1)'", "JaVaScRiPt"),
    Case("javascript link with a tab", summary_en("[x](java\tscript:alert(1))"), "is not allowed", None),
    Case("vbscript link", summary_es("[x](vbscript:msgbox(1))"), "the link to 'vbscript:msgbox(1)'", "vbscript:"),
    Case("data: link", note_en("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"), "the link to 'data:text/html", "data:"),
    Case("protocol-relative link", summary_en("[x](//evil.example/)"), "the link to '//evil.example/'", "//evil"),
    Case("link to a local file", summary_en("[x](file:///etc/passwd)"), "the link to 'file:///etc/passwd'", "file:"),
    Case("link escaping the site", summary_en("[x](../../../../etc/passwd)"), "the link to '../../../../etc/passwd'", "../../"),
    Case("attribute list with an event handler", summary_en("**x**{onmouseover=alert(1)}"), "braces { } are not allowed", "{onmouseover"),
    Case("attribute list with a class", title_en("Title {: .hidden }"), "braces { } are not allowed", "{: .hidden"),
    Case("tracking image", summary_en("![](https://tracker.example.com/p.png)"), "images (![…](…)) are not allowed", "![]"),
    Case("script tag in a title", title_en("<script>alert(1)</script>"), "HTML ('<script>aler'…) is not allowed", "<script>"),
    Case("image with onerror", actor_name("<img src=x onerror=alert(1)>"), "HTML ('<img src=x o'…) is not allowed", "<img"),
    Case("HTML comment hiding text", summary_en("Visible <!-- hidden -->"), "HTML ('<!-- hidden '…) is not allowed", "<!--"),
    Case("closing tag to break the layout", fact_text("</div></main><h1>Fake</h1>"), "HTML ('</div></main'…) is not allowed", "</div>"),
    Case("autolink", summary_en("<https://evil.example/>"), "HTML ('<https://evi'…) is not allowed", "<https"),
    Case("entity-encoded javascript", summary_en("&#106;avascript:alert(1)"), "the HTML character reference '&#106;' is not allowed", "&#106;"),
    Case("Jinja expression (the issue's note)", note_en("{{ lipsum.__globals__.os.popen('id').read() }}"), "braces { } are not allowed", "{{ lipsum"),
    Case("Jinja statement", summary_en("{% include 'mkdocs.yml' %}"), "braces { } are not allowed", "{% include"),
    Case("GitHub Actions expression", title_en("${{ github.token }}"), "braces { } are not allowed", "{{ github"),
    Case("escaped control character in a note", note_en("Raised\x01 here"), "invisible control character (U+0001)", "\\x01"),
    Case("U+0080 in an English title (the issue's)", title_en("Widen\x80 access"), "invisible control character (U+0080)", "\\x80"),
    Case("right-to-left override in a name", actor_name("Bank\u202egnp.exe"), "invisible control character (U+202E)", "\u202e"),
    Case("blank title", title_en("   "), "the text is blank", None),
    # ---- titles, names and labels are shown as link text: no link inside (trust review)
    Case("link in an objective title", put("objectives", 0, "title", "es")("Ampliar [el acceso](https://a.org)"),
         "a title, name or label cannot hold a link", "[el acceso]"),
    Case("site link in a theme name", put("themes", 0, "name", "en")("[Finance](objetivos/)"),
         "a title, name or label cannot hold a link", "[Finance]"),
    Case("link in an actor name", actor_name("Bank [site](https://bank.example)"), "a title, name or label cannot hold a link", "[site]"),
    Case("link in a source's publisher (cited as link text)", put("sources", 0, "publisher", "en")("[Ministry](https://m.example)"),
         "a title, name or label cannot hold a link", "[Ministry]", label=True),
    # ---- URLs
    Case("URL breaking out of its Markdown link (the issue's)", source_url(
        "https://a.example/)[c](javascript:alert(1)) ![](https://tracker.example.com/p.png"),
        "contains spaces, quotes, parentheses, brackets", "url: ", at_key=True),
    Case("javascript URL", source_url("javascript:alert(1)"), "is not a web address: it must start with https://", "url: javascript", at_key=True),
    Case("URL with a quote for an attribute", source_url('https://evil.example/"onmouseover="alert(1)'), "contains spaces, quotes", "url: ", at_key=True),
    Case("URL with a space", source_url("https://example.org/a b"), "contains spaces", "url: https://example.org/a b", at_key=True),
    Case("FTP URL", source_url("ftp://example.org/file"), "is not a web address", "url: ftp", at_key=True),
    Case("URL with user info (phishing)", source_url("https://alianzapacifico.net@evil.example/"), "has a user name or password", "url: https://alianzapacifico.net@", at_key=True),
    Case("URL to an intranet host", put("actors", 0, "url")("http://intranet/admin"), "has no valid host name", "url: http://intranet", at_key=True),
    # ---- dates, numbers, ids
    Case("impossible date in last_reviewed (the issue's)", put("roadmap", "last_reviewed")("2024-02-30"), "'2024-02-30' is not a real date", "last_reviewed:", at_key=True),
    Case("month 13", milestone("2024-13-01"), "'2024-13-01' is not a real date", "date: '2024-13-01'", at_key=True),
    Case("year the site cannot show", milestone("9999-12"), "'9999-12' is not a real date", "date: 9999-12", at_key=True),
    Case("date as a timestamp", milestone("2024-06-27T10:00:00"), "has the wrong form", "date: '2024-06-27T10", at_key=True),
    Case("not a number", indicator(baseline=float("nan")), "nan is not a usable number", "baseline:", at_key=True),
    Case("infinite target", indicator(target=float("inf")), "inf is not a usable number", "target:", at_key=True),
    Case("number as text", indicator(baseline="10%"), "'10%' is the wrong kind of value", "baseline:", at_key=True),
    Case("year out of range", indicator(year=99999), "99999 is greater than the maximum of 2100", "year:", at_key=True),
    Case("id with a path", put("objectives", 0, "id")("../../index"), "'../../index' has the wrong form", "id: ../../index", at_key=True),
    Case("id with an accent", put("objectives", 0, "id")("financé"), "'financé' has the wrong form", "id: financé", at_key=True),
    Case("lower-case country code", put("countries", 0, "code")("cl"), "'cl' has the wrong form", "code: cl", at_key=True),
    Case("named pillar without a source (found by the property test)", lambda data: data["pillars"][0].pop("source"),
         "missing required field 'source'", "number: 1", at_key=True),
    # ---- YAML itself
    Case("alias bomb", raw=lambda text: ALIAS_BOMB, says="aliases (*name) here repeat more than 1000 values", at="lol2"),
    Case("alias loop", raw=lambda text: text + "extra: &loop [*loop]\n", says="refers to itself", at="&loop"),
    Case("Python object tag", raw=lambda text: text + "extra: !!python/object/apply:os.system ['id']\n",
         says="the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not used", at="!!python"),
    Case("repeated key", raw=lambda text: text.replace("settings:\n", "settings:\n  stale_translations: error\n", 1),
         says="this key appears twice", at="  stale_translations: warning", at_key=True),
    Case("saved as Latin-1", raw=lambda text: text.encode("latin-1", "replace"), says="not saved as UTF-8 (byte 0xFA", at="ú"),
    Case("NUL byte", raw=lambda text: text.replace("settings:", "settings:\x00", 1), says="invisible control character (U+0000)", at="\x00"),
    Case("raw escape character", raw=lambda text: text.replace("settings:", "settings: \x1b[31m", 1), says="invisible control character (U+001B)", at="\x1b"),
    Case("tab indentation", raw=lambda text: text.replace("\n  stale_translations", "\n\tstale_translations", 1),
         says="there is a tab (the Tab key) in the indentation", at="\tstale"),
    Case("a list instead of text", put("objectives", 0, "title")(["unique-a", "unique-b"]), "is the wrong kind of value: expected a mapping of fields",
         "title:\n  - unique-a", at_key=True),
    Case("empty file", raw=lambda text: "", says="the file must be a mapping", at=None),
    # ---- accepted: shown as the text it is, the build and the audit pass
    Case("angle brackets, ampersand and quotes", title_en('5 < 6 & "quoted" \'apostrophe\''), shows="5 &lt; 6 &amp; &#34;quoted&#34;"),
    Case("Markdown block syntax at the start", summary_en("# not a heading\n\n- not a list\n\n1. not ordered\n\n> not a quote"),
         shows="&#35; not a heading"),
    Case("table pipes and backticks", note_en("a | b `code` \\*not emphasis\\*"), shows="a &#124; b &#96;code&#96;"),
    Case("fake abbreviation line", glossary_definition("*[MSME]: something else"), shows="", page="en/glosario/index.html"),
    Case("javascript: as plain text", summary_en("Type javascript:alert(1) in no browser"), shows="Type javascript:alert(1) in no browser"),
    Case("formula for a spreadsheet", put("objectives", 0, "title", "es")('=HYPERLINK("https://evil.example","x")'),
         shows="=HYPERLINK", page="objetivos/{objective}/index.html"),
    Case("emoji, CJK and right-to-left text", actor_name("Banco 🌎 中文 עברית"), shows="Banco 🌎 中文 עברית", page="en/actores/{actor}/index.html"),
    Case("allowed links and emphasis", summary_en("See **[the source](https://example.org/a_b?x=1&y=2#z)**, *[the objectives](objetivos/)* "
                                                  "and [write](mailto:info@example.org)"), shows='<a href="https://example.org/a&#95;b?x=1&amp;y=2&#35;z">'),
    Case("long name", put("themes", 0, "name", "en")("Long " * 200), shows="Long Long", page="en/desafios/index.html"),
    Case("byte-order mark and Windows line ends", raw=lambda text: "\ufeff" + text.replace("\n", "\r\n"), shows=""),
]
assert len(CORPUS) >= 40


def write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "objectives.yml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return path


@pytest.mark.parametrize("case", [c for c in CORPUS if not c.accepted], ids=lambda c: c.name)
def test_hostile_input_is_refused_at_its_line_and_column(tmp_path: Path, case: Case) -> None:
    content = case.text()
    roadmap, problems = model.check(write(tmp_path, content))
    assert roadmap is None, "accepted"
    assert not [p for p in problems if "checker failed" in str(p)], problems
    matching = [p for p in problems if case.says in str(p)]
    assert matching, f"no problem says {case.says!r}; got:\n" + "\n".join(map(str, problems))
    p = matching[0]
    text = content if isinstance(content, str) else str(case.text(raw=False))  # the same characters, in order
    if case.at is not None:
        expected = position(text, case.at, case.at_key)
        assert (p.line, p.column) == expected, f"{p} (expected {expected})"
    assert p.line >= 1 and p.column >= 1
    # in both languages (the schema's own messages are English until the checker is localised)
    assert p.message.es is None or p.message.es != p.message.en
    if p.field.endswith((".en", ".es")) and "U+" not in case.says:
        assert (LABEL_RULE if case.label else LINK_RULE) in str(p)  # says what is allowed


ACCEPTED = [c for c in CORPUS if c.accepted]


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c.name)
def test_careless_but_harmless_input_is_accepted(tmp_path: Path, case: Case) -> None:
    roadmap, problems = model.check(write(tmp_path, case.text()))
    assert roadmap is not None, "\n".join(map(str, problems))


@pytest.mark.build
def test_accepted_inputs_build_pass_the_audit_and_show_as_text(tmp_path: Path) -> None:
    """Every accepted input of the corpus at once, each on its own objective: the real site builds
    with --strict, the site audit inside the build finds nothing, and each input shows as text."""
    data = copy.deepcopy(REAL)
    order = [o["id"] for o in data["objectives"]]
    pages = []
    on_objectives = [c for c in ACCEPTED if c.mutate and "{objective}" in c.page]
    assert len(on_objectives) <= len(order), "more cases than objectives: some would overwrite others"
    for case in (c for c in ACCEPTED if c.mutate):
        index = on_objectives.index(case) if case in on_objectives else 0
        ids = order[index:] + order[:index]  # this case's objective first
        data["objectives"].sort(key=lambda o: ids.index(o["id"]))
        case.mutate(data)
        pages.append((case, case.page.format(objective=ids[0], actor=data["actors"][0]["id"])))
    data["objectives"].sort(key=lambda o: order.index(o["id"]))
    content = next(c for c in ACCEPTED if c.raw).raw(dump(data))  # and as a Windows editor saves it
    project = copy_project(tmp_path / "project")
    (project / "data" / "objectives.yml").write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    assert model.check(project / "data" / "objectives.yml")[0] is not None
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    assert audit.audit(site, "https://alianza-pacifico-mipymes.github.io/hoja-de-ruta/") == []
    for case, page in pages:
        html = (site / page).read_text(encoding="utf-8")
        assert case.shows in html, f"{case.name}: {case.shows!r} not in {page}"
    rows = list(csv.reader(io.StringIO((site / "datos" / "objetivos.csv").read_text(encoding="utf-8-sig"), newline="")))
    titles = [row[1] for row in rows[1:]]
    assert "'=HYPERLINK(\"https://evil.example\",\"x\")" in titles  # a spreadsheet shows it, never runs it
