"""`riskpanel workflow`: check, draw and migrate workflow files."""

from __future__ import annotations

from pathlib import Path

import typer

from riskpanel.cli.common import CLI_PRINCIPAL, settings, unit_of_work
from riskpanel.workflow import WorkflowDefinitionError, load_workflow
from riskpanel.workflow.diagram import to_dot, to_mermaid
from riskpanel.workflow.registry import get_workflows

app = typer.Typer(help="Workflow definitions (the case lifecycle as data).", no_args_is_help=True)


@app.command()
def check(files: list[Path] = typer.Argument(..., help="Workflow YAML files")) -> None:
    """Validate workflow files; print every problem with its file and line.

    Besides the lifecycle (states, transitions, guards, roles, timers), a file must carry
    the panel's words: a reason_label for every transition that needs a reason, a sentence
    under refusals: for every guard it names, and a label under outcomes: for every outcome.
    """
    failed = False
    for path in files:
        if not path.is_file():
            typer.secho(f"{path}: no such file", err=True, fg="red")
            failed = True
            continue
        try:
            defn = load_workflow(path)
        except WorkflowDefinitionError as exc:
            for line in exc.lines():
                typer.secho(line, err=True, fg="red")
            failed = True
            continue
        typer.echo(
            f"{path}: ok ({defn.name} v{defn.version}, {len(defn.states)} states, "
            f"{len(defn.transitions)} transitions, {len(defn.timers)} timers)"
        )
    if failed:
        raise typer.Exit(1)


@app.command()
def diagram(
    file: Path = typer.Argument(..., help="Workflow YAML file"),
    fmt: str = typer.Option("mermaid", "--format", help="mermaid or dot"),
) -> None:
    """Print the state diagram (Mermaid stateDiagram-v2 or Graphviz dot)."""
    if fmt not in ("mermaid", "dot"):
        raise typer.BadParameter("choose mermaid or dot", param_hint="--format")
    try:
        defn = load_workflow(file)
    except (WorkflowDefinitionError, FileNotFoundError) as exc:
        typer.secho(str(exc), err=True, fg="red")
        raise typer.Exit(1) from None
    typer.echo(to_mermaid(defn) if fmt == "mermaid" else to_dot(defn), nl=False)


@app.command()
def migrate(
    name: str = typer.Option("hate_crime_panel", help="Workflow name"),
    from_version: int = typer.Option(..., "--from", help="Version cases run under now"),
    to_version: int = typer.Option(..., "--to", help="Version to move them to"),
    state_map: list[str] = typer.Option([], "--map", help="OLD=NEW state mapping (repeatable)"),
    apply: bool = typer.Option(False, "--apply", help="Apply; without it, a dry run"),
) -> None:
    """Move running cases to a new workflow version (dry run unless --apply)."""
    from riskpanel.cases.service import migrate_cases

    mapping: dict[str, str] = {}
    for pair in state_map:
        old, sep, new = pair.partition("=")
        if not sep or not old or not new:
            raise typer.BadParameter(f"{pair!r}: expected OLD=NEW", param_hint="--map")
        mapping[old.strip()] = new.strip()
    registry = get_workflows(settings())
    with unit_of_work() as session:
        report = migrate_cases(
            session=session,
            principal=CLI_PRINCIPAL,
            old=registry.get(name, from_version),
            new=registry.get(name, to_version),
            state_map=mapping,
            apply=apply,
        )
        if not apply:
            session.rollback()
    for state, count in sorted(report.items()):
        typer.echo(f"{state}: {count} case(s)")
    typer.echo("applied" if apply else "dry run: nothing changed (use --apply)")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="workflow")
