"""Reading a workflow file once, keeping where each value came from.

The YAML is composed to a node tree (which carries line numbers) and constructed from
that same tree, so every later problem can name its line. PyYAML silently lets a repeated
key win over the first, which would quietly drop a state or a transition field: repeated
keys are reported here instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from riskpanel.workflow.errors import WorkflowDefinitionError

Problems = list[tuple[int | None, str]]
Lines = dict[tuple[Any, ...], int]
MAX_NODES = 50_000  # far above any real workflow; stops alias bombs before validation
# libyaml when present: same nodes and marks, about ten times faster to compose
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    path: Path
    data: Any
    lines: Lines = field(default_factory=dict)
    problems: Problems = field(default_factory=list)

    def line(self, *path: Any) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        key = tuple(path)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key)


class _Walker:
    """Maps each path in the document to a line and reports repeated mapping keys."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.visited = 0
        self.open: set[int] = set()  # nodes on the current path: an alias back is a cycle
        self.cycle_at: int | None = None

    def walk(self, node: yaml.Node, path: tuple[Any, ...]) -> None:
        self.visited += 1
        if self.visited > MAX_NODES or self.cycle_at is not None:
            return
        if id(node) in self.open:
            self.cycle_at = node.start_mark.line + 1
            return
        self.source.lines.setdefault(path, node.start_mark.line + 1)
        self.open.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self._mapping(node, path)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))
        self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> None:
        first: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                continue
            line = key.start_mark.line + 1
            if key.value in first:
                where = ".".join(map(str, path)) or "the top level"
                message = (
                    f"key {key.value!r} repeated in {where} (first at line {first[key.value]})"
                )
                self.source.problems.append((line, message))
                continue
            first[key.value] = line
            self.source.lines.setdefault((*path, key.value), line)
            self.walk(value, (*path, key.value))


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise WorkflowDefinitionError(path, [(None, "the file is not UTF-8 text")]) from None
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        raise WorkflowDefinitionError(path, [(None, message)]) from None


def read_source(path: Path) -> Source:
    """Parse once; raise for broken YAML, return repeated keys as problems."""
    loader = _Loader(_text(path))
    try:
        node = loader.get_single_node()
        source = Source(path, None)
        if node is not None:
            walker = _Walker(source)
            walker.walk(node, ())  # before construction: merge keys rewrite the tree
            if walker.cycle_at is not None:
                message = "an alias refers to a value that contains it"
                raise WorkflowDefinitionError(path, [(walker.cycle_at, message)])
            if walker.visited > MAX_NODES:
                message = f"the file expands to more than {MAX_NODES} values (aliases?)"
                raise WorkflowDefinitionError(path, [(1, message)])
            source.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise WorkflowDefinitionError(path, [(line, f"not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise WorkflowDefinitionError(path, [(None, f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return source
