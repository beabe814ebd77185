"""The data reference: ``data/objectives.schema.json`` rendered as a Markdown field reference.

The schema is what ``make check`` validates against, so a reference generated from it can never
describe a field that the check does not know, or miss one it does. Every property carries its
English ``description`` and its Spanish ``x-description-es``; a property without one of its own
shows the description of the shared type it refers to (``$ref``).

No MkDocs here: :func:`reference` takes the schema file and a language and returns Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined

from . import compiled_templates
from .project import LANGS
from .messages import labels
from .validation import schema

Schema = Mapping[str, Any]

def word(key: str, lang: str, *values: Any, **named: Any) -> str:
    """Interface words of this page, from the site's one translations table (``schema_*`` keys)."""
    return labels()[f"schema_{key}"][lang].format(*values, **named)


def description(node: Schema, lang: str) -> str:
    """The node's own text in ``lang``; English lives in ``description``, Spanish in ``x-description-es``."""
    return str(node.get("description" if lang == "en" else f"x-description-{lang}", ""))


@dataclass(frozen=True)
class Field:
    path: str  # inside its section: "milestones[].date"
    kind: str  # Markdown
    required: bool
    description: str  # Markdown, "" when the schema has none


@dataclass(frozen=True)
class Section:
    name: str  # top-level key: "objectives"
    kind: str
    required: bool
    description: str
    is_list: bool
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class SharedType:
    name: str  # key in $defs: "text"
    kind: str
    description: str
    fields: tuple[str, ...]


class _Reader:
    """Reads one schema in one language."""

    def __init__(self, schema: Schema, lang: str):
        self.schema, self.lang = schema, lang
        self.defs: Mapping[str, Schema] = schema.get("$defs", {})

    def ref_name(self, node: Schema) -> str | None:
        ref = node.get("$ref")
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith("#/$defs/") else None

    def text(self, node: Schema) -> str:
        """Own description, else the one of the shared type it refers to."""
        own = description(node, self.lang)
        name = self.ref_name(node)
        return own or (description(self.defs.get(name, {}), self.lang) if name else "")

    def kind(self, node: Schema) -> str:
        """The kind of value, in words, with the limits a contributor can break."""
        lang = self.lang
        name = self.ref_name(node)
        if name:
            return f"[`{name}`](#type-{name.replace('_', '-')})"
        if "enum" in node:
            return word("one_of", lang, ", ".join(f"`{v}`" for v in node["enum"]))
        if "const" in node:
            return f"`{node['const']}`"
        for combinator in ("oneOf", "anyOf"):
            if combinator in node:
                return word("or", lang).join(self.kind(option) for option in node[combinator])
        types = node.get("type")
        if isinstance(types, list):
            return word("or", lang).join(self.kind({**node, "type": t}) for t in types)
        if types == "array":
            items = node.get("items", {})
            inner = word("entries", lang) if "properties" in items else self.kind(items)
            limits = [word("at_least", lang, node["minItems"])] if node.get("minItems") else []
            limits += [word("unique", lang)] if node.get("uniqueItems") else []
            return word("list_of", lang, inner) + (f" ({', '.join(limits)})" if limits else "")
        if types == "object":
            return word("mapping", lang)
        if types in ("integer", "number") and ("minimum" in node or "maximum" in node):
            low, high = node.get("minimum"), node.get("maximum")
            limit = word("range", lang, low, high) if low is not None and high is not None else word("minimum", lang, low)
            return f"{word(types, lang)} ({limit})"
        return word(types, lang) if isinstance(types, str) and f"schema_{types}" in labels() else "—"

    def fields(self, node: Schema, prefix: str = "") -> Iterable[Field]:
        """Every property of an object, nested objects and lists of entries flattened with dotted paths."""
        required = set(node.get("required", ()))
        for name, prop in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            yield Field(path, self.kind(prop), name in required, self.text(prop))
            if prop.get("type") == "object" and "properties" in prop:
                yield from self.fields(prop, f"{path}.")
            items = prop.get("items")
            if prop.get("type") == "array" and isinstance(items, dict) and "properties" in items:
                yield from self.fields(items, f"{path}[].")

    def sections(self) -> list[Section]:
        required = set(self.schema.get("required", ()))
        sections = []
        for name, prop in self.schema.get("properties", {}).items():
            items = prop.get("items") if prop.get("type") == "array" else None
            body = items if isinstance(items, dict) else prop
            sections.append(Section(name, self.kind(prop), name in required, self.text(prop),
                                    items is not None, tuple(self.fields(body))))
        return sections

    def shared_types(self) -> list[SharedType]:
        return [SharedType(name, self.kind(node), self.text(node), tuple(node.get("properties", ())))
                for name, node in self.defs.items()]


def _cell(text: str) -> str:
    """Keep a Markdown table cell on one line and in its column."""
    return " ".join(text.replace("|", "\\|").split())


def render(schema: Schema, lang: str, file: str = "data/objectives.schema.json") -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    reader = _Reader(schema, lang)
    env = Environment(
        loader=PackageLoader("roadmap", "templates"),
        # The schema is the project's own reviewed file and its descriptions are Markdown with
        # code spans: HTML-escaping would print `&#34;` inside them.
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled_templates.cache("schema_reference"),
    )
    env.filters["cell"] = _cell
    return env.get_template("schema_reference.md.j2").render(
        sections=reader.sections(), shared=reader.shared_types(), file=file,
        _=lambda key, *v, **n: word(key, lang, *v, **n))


def reference(lang: str) -> str:
    """The field reference of the data's schema, in ``lang``."""
    return render(schema(), lang)
