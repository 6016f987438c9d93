"""YAML loading that remembers where every value came from.

Content errors must point at ``file:line``.  PyYAML's composer keeps a mark on
every node, so we compose the node tree ourselves and build plain Python data
while recording the line of each path (a tuple of keys and list indices).
Duplicate keys, which ``yaml.safe_load`` silently merges, are reported too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One content problem, printable as ``file:line: path: message``."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message}


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class LocatedDocument:
    """Parsed YAML data of one file plus the line of every path in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), format_path(path), message)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build_scalar_key(key_node)
                if key in out:
                    self.problems.append(
                        Problem(self.file, key_node.start_mark.line + 1,
                                format_path(path + (key,)), "duplicate key")
                    )
                child = path + (key,)
                out[key] = self.build(value_node, child)
                # point the key's path at the key's own line (values may start later)
                self.lines[child] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return _construct_scalar(node)

    def build_scalar_key(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(Problem(self.file, node.start_mark.line + 1, "",
                                         "mapping keys must be plain values"))
            return f"<complex key line {node.start_mark.line + 1}>"
        key = _construct_scalar(node)
        return key if isinstance(key, (str, int)) else str(key)


_scalar_loader = yaml.SafeLoader("")


def _construct_scalar(node: yaml.Node) -> Any:
    return _scalar_loader.construct_object(node, deep=True)


def load_located(path: Path, display_name: str | None = None) -> tuple[LocatedDocument, list[Problem]]:
    """Parse one YAML file.  Never raises for bad content: problems are returned."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return LocatedDocument(name, None), [Problem(name, 1, "", f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return LocatedDocument(name, None), [Problem(name, 1, "", f"cannot read file: {exc.strerror}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        return LocatedDocument(name, None), [Problem(name, line, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return LocatedDocument(name, None), [Problem(name, 1, "", f"YAML error: {exc}")]
    if node is None:
        return LocatedDocument(name, None, {(): 1}), []
    builder = _Builder(name)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        return LocatedDocument(name, None), [
            Problem(name, (mark.line + 1) if mark else 1, "", f"YAML error: {exc.problem}")
        ]
    return LocatedDocument(name, data, builder.lines), builder.problems
