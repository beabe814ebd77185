"""Parse a save of ``data/objectives.yml`` only around the objective entries it changed, giving
what :func:`roadmap.yaml_reader.parse_yaml` would give for the whole text (issue #21: `mkdocs
serve` parsed 0.9 MB again at 1,000 objectives to read one changed title).

Takes the last :class:`~roadmap.yaml_reader.Located` and the new text; gives the new ``Located``
(the other entries' nodes and data shared with the last one, their marks read through
``Located.shifts``), or None whenever it cannot tell the result is a whole parse's: the caller then
parses the whole text, which also reports every problem (this never reports one).
"""

from __future__ import annotations

import bisect
import gc
import re

import yaml

from .yaml_reader import _MERGE, _RAW_FORBIDDEN, _STR, Located, _bounds, _Loader, _NodeError

_CHUNK = 1 << 16


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share from their start (compared in C, by chunks)."""
    end, at = min(len(a), len(b)), 0
    while at < end and a[at:at + _CHUNK] == b[at:at + _CHUNK]:
        at += _CHUNK
    if at >= end:
        return end
    low, high = at, min(at + _CHUNK, end)  # the first difference is in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle
    return low if a[low] != b[low] else high


def _common_suffix(a: str, b: str, most: int) -> int:
    """How many characters ``a`` and ``b`` share at their end, at most ``most``."""
    at = 0
    while at < most and a[len(a) - min(at + _CHUNK, most):len(a) - at] == b[len(b) - min(at + _CHUNK, most):len(b) - at]:
        at = min(at + _CHUNK, most)
    if at >= most:
        return most
    low, high = at, min(at + _CHUNK, most)  # the first difference from the end is in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if a[len(a) - middle:len(a) - low] == b[len(b) - middle:len(b) - low]:
            low = middle
        else:
            high = middle
    return low if a[len(a) - low - 1] != b[len(b) - low - 1] else high


_ENTRY_START = re.compile(r" *- +")  # before an objective entry's first key, on its line
_AFTER_KEY = re.compile(r"[ ]*:[ ]*(?:#[^\n]*)?\n(?:[ ]*(?:#[^\n]*)?\n)*")  # `objectives:` to its first entry
# a document marker ends the document wherever it is (the piece alone would be one, the file two)
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|$)", re.MULTILINE)
# an anchor (``&name``) opening a value; a string holding "&x" after a space counts too (parsed whole)
_ANCHOR = re.compile(r"(?:^|[ \t\[{,:])&[^ \t\r\n\[\]{},]", re.MULTILINE)
# a carriage return alone (an old Mac line end) is a line break to the parser, not to the line counts here
_LONE_CR = re.compile(r"\r(?!\n)")
_KEY = "objectives"
_HEAD = f"{_KEY}:\n"  # before the entries parsed on their own


def spliced(last: Located, text: str) -> Located | None:
    """:func:`_reparse` with the cyclic garbage collector off (as ``yaml_reader._parse``): it makes nodes
    and data, no garbage, and a full pass over the kept tree cost more than the parse."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _reparse(last, text)
    finally:
        if collecting:
            gc.enable()


def _reparse(last: Located, text: str) -> Located | None:
    """``text`` as a whole parse gives it, parsing only the objective entries around what changed
    since ``last``; None when it cannot tell the result would be the same.

    ``text`` is ``last.text`` with one span changed. When that span lies within the block list of
    ``objectives`` (a key at column 0 of the top-level mapping, each entry's ``-`` on the line of
    its first key), the entries it touches and the one before are parsed on their own, after an
    ``objectives:`` line, and must give that one key and a list: what surrounds them is the old
    text, which begins and ends at an entry's line, so the parser's state there is the same as in
    a parse of the whole. Their nodes get their marks in ``text``; the other entries keep theirs,
    read through ``Located.shifts``. Nothing here when the file holds an alias or a repeated key,
    or the new entries a problem of their own (bounds, control characters, YAML 1.1 surprises)."""
    found = _the_list(last)
    if found is None:
        return None
    position, key_node, sequence, entries = found
    shifts = last.shifts or [(0, 0)] * len(sequence.value)
    span = _span(last, text, position, key_node, sequence, shifts)
    if span is None:
        return None
    first, changed_last, begin, end = span
    delta = len(text) - len(last.text)
    piece = text[begin:end + delta]
    if _ANCHOR.search(piece) and (_ANCHOR.search(last.text, 0, begin) or _ANCHOR.search(last.text, end)):
        return None  # one the rest of the file names too: a whole parse refuses a repeated anchor
    parsed = _parse_piece(piece, sequence.start_mark.column)
    if parsed is None:
        return None
    items, made, aliased = parsed
    # the new entries' marks, in the text: the piece starts at a line's start
    _move(items, begin - len(_HEAD), sequence.value[first].start_mark.line + shifts[first][1] - 1)
    lines = piece.count("\n") - last.text.count("\n", begin, end)
    moved = [(characters + delta, count + lines) for characters, count in shifts[changed_last + 1:]]
    root = last.root
    new_sequence = yaml.SequenceNode(sequence.tag, sequence.value[:first] + items + sequence.value[changed_last + 1:],
                                     sequence.start_mark, sequence.end_mark, flow_style=False)
    new_root = yaml.MappingNode(root.tag, root.value[:position] + [(key_node, new_sequence)] + root.value[position + 1:],
                                root.start_mark, root.end_mark, flow_style=root.flow_style)
    data = dict(last.data)
    data[_KEY] = entries[:first] + made + entries[changed_last + 1:]
    after = (last.after[0] + delta, last.after[1] + lines)
    return Located(data, new_root, [], text, shifts[:first] + [(0, 0)] * len(items) + moved, after, aliased)


def _the_list(last: Located) -> tuple[int, yaml.Node, yaml.SequenceNode, list] | None:
    """The objectives' block list of ``last``: its place among the top-level keys, its key node,
    its node and its data; None when the file is not one this module splices."""
    old, root = last.text, last.root
    if (last.aliased or last.repeated_keys or not isinstance(root, yaml.MappingNode) or not isinstance(last.data, dict)
            or root.start_mark.column != 0 or old.startswith("%") or "\n%" in old[:root.start_mark.index]
            or "\r" in old and _LONE_CR.search(old)):
        return None
    names = [k.value for k, _ in root.value]
    if names.count(_KEY) != 1 or any(k.tag == _MERGE for k, _ in root.value):
        return None
    position = names.index(_KEY)
    key_node, sequence = root.value[position]
    entries = last.data.get(_KEY)
    if (not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style or not sequence.value
            or key_node.start_mark.column != 0 or not isinstance(entries, list) or len(entries) != len(sequence.value)):
        return None
    return position, key_node, sequence, entries


def _span(last: Located, text: str, position: int, key_node: yaml.Node, sequence: yaml.SequenceNode,
          shifts: list[tuple[int, int]]) -> tuple[int, int, int, int] | None:
    """The entries to parse again: (first, last changed, where the first starts and where the text
    after them starts, in the old text), or None when the change is not within the list."""
    old, root = last.text, last.root
    prefix = _common_prefix(old, text)
    old_end = len(old) - _common_suffix(old, text, min(len(old), len(text)) - prefix)  # old[prefix:old_end] changed
    # each entry's line in the old text: where it starts (its "-"), from its first key's mark
    starts = [item.start_mark.index + shift[0] - item.start_mark.column for item, shift in zip(sequence.value, shifts)]
    changed_first = bisect.bisect_right(starts, prefix) - 1  # the entry the change starts in
    changed_last = bisect.bisect_right(starts, max(prefix, old_end - 1)) - 1  # and the one it ends in
    if changed_first < 0:
        return None  # the change starts before the first entry
    # from the entry before the change: the text before it ends where a whole parse's state is the
    # one after the entry before, whatever the change (the parser looks at the next line to end a value)
    first = max(changed_first - 1, 0)
    if first == 0 and not _AFTER_KEY.fullmatch(old, key_node.end_mark.index, starts[0]):
        return None  # before the first entry, more than the key's own line, blank lines and comments
    if changed_last + 1 < len(starts):
        end, boundaries = starts[changed_last + 1], (first, changed_last + 1)
    elif position + 1 < len(root.value):  # to the next top-level key, at its line's start
        next_key = root.value[position + 1][0]
        if next_key.start_mark.column != 0:
            return None
        end, boundaries = next_key.start_mark.index + last.after[0], (first,)
    else:
        end, boundaries = len(old), (first,)
    if end < old_end:
        return None  # the change goes past the list
    if end < len(old) and text[end + len(text) - len(old) - 1] != "\n":
        return None  # what the change put at the start of the line after it joins that line (`# `, indentation)
    for index in boundaries:
        if not _ENTRY_START.fullmatch(old, starts[index], sequence.value[index].start_mark.index + shifts[index][0]):
            return None  # not "- key:" on one line
    return first, changed_last, starts[first], end


def _parse_piece(piece: str, column: int) -> tuple[list[yaml.Node], list, bool] | None:
    """The entries written in ``piece`` (whole entries of the list, their ``-`` at ``column``, the
    list's in the file): their nodes (marks in the piece after :data:`_HEAD`), their data and
    whether they hold an alias; None on any problem. A first entry moved to another column would
    make the file's next entries another list's (``- - id:``) or an error."""
    if _RAW_FORBIDDEN.search(piece) or _DOCUMENT_MARKER.search(piece) or _LONE_CR.search(piece):
        return None
    loader = _Loader(_HEAD + piece)
    try:
        node = loader.get_single_node()
        aliases: list[bool] = []
        if (not isinstance(node, yaml.MappingNode) or len(node.value) != 1 or node.value[0][0].value != _KEY
                or node.value[0][0].tag != _STR or not isinstance(node.value[0][1], yaml.SequenceNode)
                or node.value[0][1].flow_style or node.value[0][1].start_mark.column != column
                or _bounds(node, "", aliases)):
            return None
        made = loader.construct_plain(node.value[0][1])
        if loader.repeated_keys:
            return None
        return node.value[0][1].value, made, bool(aliases)
    except (yaml.YAMLError, _NodeError, RecursionError):
        return None
    finally:
        loader.dispose()


def _move(nodes: list[yaml.Node], characters: int, lines: int) -> None:
    """Give ``nodes`` and every node under them marks ``characters`` and ``lines`` further on, once
    each: a node an alias (``*name``, a merge key's ``<<: *name``) repeats is met more than once."""
    stack = list(nodes)
    moved: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in moved:
            continue
        moved.add(id(node))
        for name in ("start_mark", "end_mark"):
            mark = getattr(node, name)
            setattr(node, name, yaml.Mark(mark.name, mark.index + characters, mark.line + lines, mark.column, None, None))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
