"""Diagrams of a workflow: Mermaid for the web and docs, Graphviz dot where installed."""

from __future__ import annotations

from riskpanel.workflow.schema import WorkflowDef


def to_mermaid(defn: WorkflowDef) -> str:
    lines = ["stateDiagram-v2", f"    %% {defn.name} v{defn.version}"]
    for name, state in defn.states.items():
        lines.append(f"    {name} : {state.label}")
    lines.append(f"    [*] --> {defn.initial_state}")
    for t in defn.transitions:
        for source in t.source:
            lines.append(f"    {source} --> {t.dest} : {t.trigger}")
    for name, state in defn.states.items():
        if state.terminal:
            lines.append(f"    {name} --> [*]")
    return "\n".join(lines) + "\n"


def to_dot(defn: WorkflowDef) -> str:
    lines = [f'digraph "{defn.name}_v{defn.version}" {{', "    rankdir=LR;"]
    for name, state in defn.states.items():
        shape = "doublecircle" if state.terminal else "box"
        style = ', style="bold"' if state.initial else ""
        lines.append(f'    {name} [label="{state.label}", shape={shape}{style}];')
    for t in defn.transitions:
        for source in t.source:
            lines.append(f'    {source} -> {t.dest} [label="{t.trigger}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
