"""Read ``data/objectives.yml`` safely, keeping where every value was written.

Takes the file's bytes or text; gives :class:`Located` (the data, its YAML node tree and its text,
to find the line and column of any value), or :class:`~roadmap.problems.DataError` with every
problem found on the way. The reader never raises anything else, whatever the bytes: undecodable
text (:func:`decode`), control characters, YAML that nests or repeats itself (anchors and
aliases) beyond small bounds, all become problems with a line and column, and the bounds are
checked (:func:`_bounds`) before anything walks the tree.
"""

from __future__ import annotations

import bisect
import gc
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable

import yaml

from . import syntax_errors, text_policy
from .messages import Message, message
from .problems import DataError, Problem

JsonPath = tuple[str | int, ...]

# Bounds on what a data file may be, checked before the YAML is turned into data. The real file
# nests 6 levels deep and uses no alias; 1,000 synthetic objectives are 0.9 MB.
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
ALIAS_BUDGET = 1000  # values that aliases (*name) may repeat, in all
MAX_SCALAR = 100_000  # characters in one value
MAX_NUMBER_DIGITS = 30
MAX_RAW_PROBLEMS = 20  # control characters reported, at most, before the rest of the check


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as strings (the schema and the date check judge them, so a
    typo like 2024-02-30 becomes a clear error instead of a crash inside PyYAML) and notes
    repeated keys, which PyYAML would otherwise silently overwrite."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeated_keys: list[yaml.Node] = []

    def construct_plain(self, node: yaml.Node) -> Any:
        """Build the data from the node tree, once :func:`_bounds` has accepted it. Plain strings,
        lists and mappings (nearly all of the file) are built here directly, four times faster than
        PyYAML's generic constructor, which still handles numbers, booleans, null and merge keys.
        A key is always its text: ``1:`` or ``on:`` is the key "1" or "on"."""
        if node.__class__ is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            try:
                return self.construct_object(node, deep=True)
            except (KeyError, ValueError, TypeError, OverflowError):  # `!!bool maybe`, `!!int x`
                raise _NodeError(node, message("check_tag_value", value=repr(node.value[:60]),
                                               tag=node.tag.rsplit(":", 1)[-1])) from None
        if node.__class__ is yaml.SequenceNode:
            return [self.construct_plain(item) for item in node.value]
        if node.__class__ is yaml.MappingNode:
            # merge keys (`<<: *base`) done here too, so a repeated key next to one is still
            # reported and every key stays its text: keys written here win over merged ones
            mapping: dict[Any, Any] = {}
            merged: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                    for source in sources:
                        if not isinstance(source, yaml.MappingNode):
                            raise _NodeError(source, message("check_merge_value"))
                        for key, value in self.construct_plain(source).items():
                            merged.setdefault(key, value)  # the first mapping listed wins, as in YAML
                    continue
                key = key_node.value
                if key in mapping:
                    self.repeated_keys.append(key_node)
                mapping[key] = self.construct_plain(value_node)
            return {**merged, **mapping} if merged else mapping
        return self.construct_object(node, deep=True)


class _NodeError(Exception):
    """A value that cannot be built, at its node: reported as a problem at the value."""

    def __init__(self, node: yaml.Node, text: Message):
        super().__init__(str(text))
        self.node, self.text = node, text


_STR, _SEQ, _MAP, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge"))
_INT = "tag:yaml.org,2002:int"
_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "merge", "int", "float", "bool", "null"))


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Located:
    """Parsed YAML, its node tree and its text, to find the line and column of any value.

    Positions are looked up on demand rather than indexed up front: a valid file needs only a
    few (the entries' lines, for edit links), and indexing every value doubled the load time."""

    data: Any
    root: yaml.Node | None
    repeated_keys: list[yaml.Node]
    text: str = ""
    # Where the nodes of a tree spliced from an earlier one (:func:`_reparse`) now are: their marks
    # are those of the text they were parsed from, off by (characters, lines) in ``text``.
    # ``shifts``: per objective entry, in order (None: every mark is right); ``after``: the other
    # top-level values that come after ``objectives`` in the file.
    shifts: list[tuple[int, int]] | None = None
    after: tuple[int, int] = (0, 0)
    aliased: bool = False  # the text holds an alias (*name): never spliced

    def _shift(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """(characters, lines) to add to the marks of the nodes under ``path``."""
        if self.shifts is None or not path:
            return 0, 0
        if path[0] == "objectives":
            if len(path) > 1 and isinstance(path[1], int) and 0 <= path[1] < len(self.shifts):
                return self.shifts[path[1]]
            return 0, 0
        return self.after if path[0] in self._after_keys else (0, 0)

    @cached_property
    def _after_keys(self) -> frozenset[str]:
        keys = [k.value for k, _ in self.root.value] if isinstance(self.root, yaml.MappingNode) else []
        return frozenset(keys[keys.index("objectives") + 1:]) if "objectives" in keys else frozenset()

    def node_at(self, path: Iterable[str | int]) -> tuple[yaml.Node | None, yaml.Mark | None]:
        """The node at ``path`` (``None`` if the path stops early) and the mark to report: a key's
        own position for a mapping entry, so an error about a field points at the field's name.
        The node's own marks may be off (``shifts``): :meth:`position` and the other methods
        here read them right."""
        path = tuple(path)
        node, mark = self._node_at(path)
        characters, lines = self._shift(path)
        if mark is not None and (characters or lines):
            mark = yaml.Mark(mark.name, mark.index + characters, mark.line + lines, mark.column, None, None)
        return node, mark

    def _node_at(self, path: tuple[str | int, ...]) -> tuple[yaml.Node | None, yaml.Mark | None]:
        node = self.root
        if node is None:
            return None, None
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode):
                # the last of repeated keys wins, as in the constructed data
                found = next(((k, v) for k, v in reversed(node.value) if k.value == part), None)
                if found is None:
                    return None, mark
                mark, node = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                return None, mark
        return node, mark

    def position(self, path: Iterable[str | int]) -> tuple[int, int]:
        """1-based (line, column) of the deepest existing part of ``path``."""
        _, mark = self.node_at(path)
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    @cached_property
    def _newlines(self) -> list[int]:
        """Index of every newline in the text, found once per file (not once per problem)."""
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_column(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``index`` in the text: a binary search."""
        line = bisect.bisect_left(self._newlines, index)
        return line + 1, index - (self._newlines[line - 1] if line else -1)

    def positions_in_value(self, path: JsonPath, value: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """1-based (line, column) of each ``value[offset:offset + length]`` of ``spans`` (in
        increasing ``offset``) in the file: found in the value's source text (quotes, escapes
        and folding make offsets differ), else the value's start. One forward pass over the
        value and its source per distinct snippet, so many problems in one value stay linear."""
        node, mark = self.node_at(path)
        if not isinstance(node, yaml.ScalarNode) or not self.text:
            return [(mark.line + 1, mark.column + 1) if mark is not None else (1, 1)] * len(spans)
        characters, lines = self._shift(tuple(path))
        begin, finish = node.start_mark.index + characters, node.end_mark.index + characters
        # per candidate: (where counting in the value stopped, occurrences before it, last found in the source, found so far)
        state: dict[str, list[int]] = {}
        found = []
        for offset, length in spans:
            snippet = value[offset:offset + max(1, min(length, 20))]
            candidates = [snippet]
            if len(snippet) == 1 and (ord(snippet) < 0x20 or 0x7F <= ord(snippet) <= 0x9F):  # written escaped
                code = ord(snippet)
                candidates += [f"\\x{code:02x}", f"\\x{code:02X}", f"\\u{code:04x}", f"\\u{code:04X}"]
            position = (node.start_mark.line + lines + 1, node.start_mark.column + 1)
            for candidate in candidates:
                counted, nth, at, seen = state.setdefault(candidate, [0, 0, begin - 1, 0])
                if candidate == snippet and offset >= counted:
                    nth += value.count(candidate, counted, offset)
                    counted = offset
                wanted = nth + 1 if candidate == snippet else seen + 1
                while seen < wanted and at < finish:
                    at = self.text.find(candidate, at + 1, finish)
                    if at < 0:
                        at = finish
                        break
                    seen += 1
                state[candidate] = [counted, nth, at, seen]
                if seen >= wanted and at < finish:
                    position = self.line_column(at)
                    break
            found.append(position)
        return found

    def path_of(self, target: yaml.Node) -> JsonPath:
        """The path of a key node (used only to name a repeated key in its error)."""
        return self.paths_of([target]).get(id(target), ())

    def paths_of(self, targets: Iterable[yaml.Node]) -> dict[int, JsonPath]:
        """The paths of key nodes, by ``id()`` of the node, in one walk of the tree."""
        wanted = {id(t) for t in targets}
        paths: dict[int, JsonPath] = {}
        stack: list[tuple[yaml.Node, JsonPath]] = [(self.root, ())] if self.root is not None and wanted else []
        while stack and len(paths) < len(wanted):  # iterative: the tree is bounded, but recursion has its own limit
            node, path = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if id(key) in wanted:
                        paths[id(key)] = path + (key.value,)
                    stack.append((value, path + (key.value,)))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((item, path + (index,)) for index, item in enumerate(node.value))
        return paths


# the text policy's forbidden characters, but carriage return: files saved on Windows end lines with it
_RAW_FORBIDDEN = re.compile(text_policy.FORBIDDEN_CHARS.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))


def _raw_characters(text: str, file: str) -> tuple[str, list[Problem]]:
    """Control characters typed into the file itself (not written as escapes): each reported at
    its line and column, then replaced by a space so the rest of the file is still checked."""
    problems = []
    for m in _RAW_FORBIDDEN.finditer(text):
        if len(problems) < MAX_RAW_PROBLEMS:
            index = m.start()
            problems.append(Problem(file, text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index), "", "",
                                    message("check_control_char", code=f"U+{ord(m.group()):04X}")))
    return (_RAW_FORBIDDEN.sub(" ", text) if problems else text), problems


def _stopped(said: Message, stopped: int | None, line: int, said_line: int | None = None) -> Message:
    """``said``, then that the check stopped there (a syntax error ends it before the other checks
    run): on which line, when the parser gave up on another than the mistake's, each line said once."""
    if stopped in (None, line):
        note = message("check_yaml_stopped_here")
    elif stopped == said_line:
        note = message("check_yaml_stopped_there")
    else:
        note = message("check_yaml_stopped", line=stopped)
    return Message(en=f"{said.en} {note.en}", es=f"{said.es} {note.es}")


def _mark_problem(file: str, mark: Any, text: Message) -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, col, "", "", text)


def _bounds(root: yaml.Node, file: str, aliases: list[bool] | None = None) -> list[Problem]:
    """Walk the composed node graph once, iteratively, counting what aliases repeat: too deep,
    too much repetition (the "billion laughs" alias bomb), an alias inside itself, a tag or key
    the file never needs, an overlong value. Linear in the file: an alias is counted by the
    size it would expand to, memoised, never expanded. ``aliases`` gets True when an alias was
    met."""
    seen: set[int] = set()  # nodes walked to the end
    sizes: dict[int, int] = {}  # node id → values it stands for, once expanded: worked out for aliases alone
    open_: set[int] = set()
    keys: set[int] = set()
    surprises: list[Problem] = []  # YAML 1.1 values that do not mean what they look like
    repeated = 0
    stack: list[tuple[yaml.Node, int, Any, bool]] = [(root, 1, root.start_mark, False)]
    while stack:
        node, depth, mark, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            seen.add(key)
            continue
        if key in open_:
            return [_mark_problem(file, mark, message("check_alias_loop"))]
        if key in seen:  # seen before: this is an alias
            if aliases is not None:
                aliases.append(True)
            repeated += _expanded(node, sizes)
            if repeated > ALIAS_BUDGET:
                return [_mark_problem(file, mark, message("check_alias_budget", limit=ALIAS_BUDGET))]
            continue
        if depth > MAX_DEPTH:
            return [_mark_problem(file, node.start_mark, message("check_too_deep", limit=MAX_DEPTH))]
        if node.tag not in _TAGS:
            return [_mark_problem(file, node.start_mark, message("check_tag", tag=repr(node.tag[:60])))]
        if isinstance(node, yaml.ScalarNode):
            if key not in keys and not node.style and node.tag in _YAML11_TAGS:  # plain: no quotes
                surprise = _yaml11_surprise(node)
                if surprise is not None:
                    surprises.append(_mark_problem(file, node.start_mark, surprise))
            if len(node.value) > MAX_SCALAR or (node.tag == _INT and len(node.value) > MAX_NUMBER_DIGITS):
                limit = MAX_NUMBER_DIGITS if node.tag == _INT else MAX_SCALAR
                return [_mark_problem(file, node.start_mark, message("check_long_value", limit=limit))]
            seen.add(key)
            continue
        open_.add(key)
        stack.append((node, depth, mark, True))
        if isinstance(node, yaml.SequenceNode):
            # the parent's mark for an item: an alias node carries its anchor's position
            stack.extend((item, depth + 1, mark if item.start_mark.index < node.start_mark.index else item.start_mark, False)
                         for item in reversed(node.value))
        else:
            for key_node, value_node in reversed(node.value):
                if not isinstance(key_node, yaml.ScalarNode):
                    return [_mark_problem(file, key_node.start_mark, message("check_key_form"))]
                keys.add(id(key_node))  # a key is always its text (construct_plain)
                stack.append((value_node, depth + 1, key_node.start_mark, False))
                stack.append((key_node, depth + 1, key_node.start_mark, False))
    return surprises[:MAX_SURPRISES]


def _expanded(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` stands for once its aliases are expanded (itself, and each child's
    count), memoised in ``sizes``. Asked only of a node walked to its end by :func:`_bounds` (an
    alias of it), whose depth it has checked; worked out only then, as files seldom hold aliases
    (issue #21: summing every mapping's and list's children was half of the walk)."""
    key = id(node)
    if key not in sizes:
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            sizes[key] = 1 + sum(_expanded(child, sizes) for child in children)
    return sizes[key]


# YAML 1.1, which PyYAML reads, gives some plain values another meaning than they show (YAML
# 1.2 dropped them): `010` is 8 (octal), `33:20` is 2000 (base 60), `1_000` is 1000, `0b11` is 3,
# `yes`/`no`/`on`/`off` are true and false. Each is refused, saying what it would have been read
# as and how to write what was meant.
_BOOL, _FLOAT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float"
_YAML11_TAGS = frozenset((_INT, _FLOAT, _BOOL))
_YAML11_NUMBER = re.compile(r"[-+]?(0[0-7_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9.]*_[0-9_.]*([eE][-+][0-9]+)?)")
MAX_SURPRISES = 100


def _yaml11_surprise(node: yaml.ScalarNode) -> Message | None:
    value = node.value
    if node.tag == _BOOL and value.lower() in ("yes", "no", "on", "off", "y", "n"):
        read = "true" if value.lower() in ("yes", "y", "on") else "false"
        return message("check_yaml11_bool", value=value, read=read)
    if node.tag in (_INT, _FLOAT) and _YAML11_NUMBER.fullmatch(value):
        read = yaml.load(value, Loader=yaml.SafeLoader)
        return message("check_yaml11_number", value=value, read=read)
    return None


# The check and the translations' report (roadmap/translations.py) both read the data file in one
# build: the second gets the first's tree (half a second at 1,000 objectives). Nothing mutates it.
# Kept by the text alone: a tree holds no file name, and the two name the file differently when
# the project is not this repository (model.py relative to the code, translations.py to the
# project: a copy, as the bench's and the tests', parsed the file twice a build). A text that
# does not parse is not kept (its problems name the file). The build forgets them once both are
# done (macros/__init__.py, :func:`forget_parsed`): the tree is large.
_parsed: dict[str, Located] = {}
_KEEP_PARSED = 2
# The last text parsed without a problem, kept past forget_parsed(keep_last=True) (`mkdocs serve`):
# the next save is parsed only around what it changed (:func:`_reparse`).
_last: list[Located] = []


def parse_yaml(text: str, file: str) -> Located:
    """Parse ``text`` into :class:`Located`, or raise :class:`DataError` with every problem found
    on the way (control characters, syntax, bounds). Raises nothing else. The result is shared
    between callers with the same text: read it, never change it. After a parse kept by
    ``forget_parsed(keep_last=True)``, only around what changed (roadmap/yaml_splice.py)."""
    from . import yaml_splice  # it builds on this module
    # a byte order mark opening the file (as some Windows editors save it) is no character of it
    text = text.removeprefix("\ufeff")
    located = _parsed.get(text)
    if located is None:
        located = (yaml_splice.spliced(_last[0], text) if _last else None) or _parse(text, file)
        while len(_parsed) >= _KEEP_PARSED:
            del _parsed[next(iter(_parsed))]
        _parsed[text] = located
        _last[:] = [located]
    return located


# The last entries' repr, by identity (:func:`entry_keys`)
_keys: dict[int, tuple[Any, str]] = {}


def entry_keys(entries: list[Any]) -> list[str]:
    """``repr`` of each of ``entries``: what tells two entries' values and types apart (the
    check's and the model's caches are keyed on it). An entry a save left as it was is the very
    object of the last parse (roadmap/yaml_splice.py; parsed data is never changed in place, or
    the splice would hand on the change), so its repr is the one worked out then (issue #21: 10 ms
    per pass at 1,000 objectives, three passes per build). Keeps those of ``entries`` alone."""
    global _keys
    kept: dict[int, tuple[Any, str]] = {}
    for entry in entries:
        found = _keys.get(id(entry))
        kept[id(entry)] = found if found is not None and found[0] is entry else (entry, repr(entry))
    _keys = kept
    return [kept[id(entry)][1] for entry in entries]


def forget_parsed(keep_last: bool = False) -> None:
    """Drop the kept trees (:func:`parse_yaml`), but, with ``keep_last``, the last one."""
    _parsed.clear()
    if not keep_last:
        _last.clear()


def _parse(text: str, file: str) -> Located:
    text, problems = _raw_characters(text, file)
    loader = _Loader(text)
    # Composing creates a node per value (300,000 at 1,000 objectives), none of them garbage
    # yet: the cyclic collector's passes over them took up to half of the check.
    collecting = gc.isenabled()
    gc.disable()
    try:
        node = loader.get_single_node()
        aliases: list[bool] = []
        problems += _bounds(node, file, aliases) if node is not None else []
        if problems:
            raise DataError(problems)
        data = loader.construct_plain(node) if node is not None else None
    except _NodeError as exc:
        raise DataError(problems + [_mark_problem(file, exc.node.start_mark, exc.text)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is None and getattr(exc, "position", None) is not None:  # a ReaderError
            line = text.count("\n", 0, exc.position) + 1
            mark = yaml.Mark("", exc.position, line - 1, exc.position - text.rfind("\n", 0, exc.position) - 1, None, None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, yaml.MarkedYAMLError):  # the line of the mistake, not of the parser's stop
            found = syntax_errors.locate(text, exc)
            said = _stopped(message(found.key, **found.values), found.stopped, found.line, found.values.get("until"))
            raise DataError(problems + [Problem(file, found.line, found.column, "", "", said)]) from None
        said = _stopped(message("check_yaml_syntax", problem=problem), None, 0)
        raise DataError(problems + [_mark_problem(file, mark, said)]) from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    return Located(data, node, loader.repeated_keys, text, aliased=bool(aliases))


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """The file's text; undecodable bytes are reported at their line and column."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[raw.rfind(b"\n", 0, start) + 1:start].decode("utf-8", "replace")) + 1
        return None, [Problem(file, line, column, "", "", message("check_not_utf8", byte=f"0x{raw[start]:02X}"))]
