"""Diagrams of a workflow: Mermaid for the web and docs, Graphviz dot where installed.

Both are plain text built from the validated definition, so the picture can never
disagree with what the engine runs. Transition labels are trigger names, the words the
API and the history rows use.
"""

from __future__ import annotations

from riskpanel.workflow.schema import WorkflowDefinition


def _mermaid_text(text: str) -> str:
    """Mermaid ends a state description at a newline and chokes on some punctuation."""
    return " ".join(text.split()).replace(":", " -").replace(";", ",").replace("#", "")


def to_mermaid(defn: WorkflowDefinition) -> str:
    lines = ["stateDiagram-v2", f"    %% {defn.name} v{defn.version}"]
    for name, state in defn.states.items():
        lines.append(f"    {name} : {_mermaid_text(state.label)}")
    lines.append(f"    [*] --> {defn.initial_state}")
    for t in defn.transitions:
        for source in t.source:
            lines.append(f"    {source} --> {t.dest} : {t.trigger}")
    for name, state in defn.states.items():
        if state.terminal:
            lines.append(f"    {name} --> [*]")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')


def to_dot(defn: WorkflowDefinition) -> str:
    lines = [f'digraph "{defn.name}_v{defn.version}" {{', "    rankdir=LR;"]
    for name, state in defn.states.items():
        shape = "doublecircle" if state.terminal else "box"
        style = ', style="bold"' if state.initial else ""
        lines.append(f'    {name} [label="{_dot_text(state.label)}", shape={shape}{style}];')
    for t in defn.transitions:
        for source in t.source:
            lines.append(f'    {source} -> {t.dest} [label="{t.trigger}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
