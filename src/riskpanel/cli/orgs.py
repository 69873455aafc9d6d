"""`riskpanel agencies`, `riskpanel panels` and `riskpanel panels members`."""

from __future__ import annotations

from datetime import date

import typer

from riskpanel.agencies.schemas import AgencyCreate, AgencyOut
from riskpanel.agencies.service import create_agency, list_agencies
from riskpanel.cli.common import (
    CLI_PRINCIPAL,
    AsJson,
    echo_json,
    parse_date,
    settings,
    unit_of_work,
)
from riskpanel.models import utcnow
from riskpanel.models.enums import AgencyKind, MeetingRhythm
from riskpanel.panels.repository import list_panels
from riskpanel.panels.schemas import (
    MembershipChange,
    MembershipIn,
    MembershipOut,
    PanelCreate,
    PanelOut,
)
from riskpanel.panels.service import add_member, change_member, create_panel, list_members

agencies = typer.Typer(help="Partner agencies.", no_args_is_help=True)
panels = typer.Typer(help="Risk panels.", no_args_is_help=True)
members = typer.Typer(
    help="A panel's member agencies and their dates. An agency sees the cases listed at the "
    "panel's meetings, and can be given actions, only while its membership is in force.",
    no_args_is_help=True,
)


def _parse_thresholds(pairs: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not value.strip().lstrip("-").isdigit():
            raise typer.BadParameter(
                f"{pair!r}: expected NAME=WHOLE_NUMBER", param_hint="--threshold"
            )
        out[key.strip()] = int(value)
    return out


def _parse_date(value: str | None, option: str) -> date | None:
    return None if value is None else parse_date(value, option)


@agencies.command("add")
def agencies_add(
    name: str = typer.Option(..., help="Agency name"),
    kind: AgencyKind = typer.Option(..., help="Kind of agency"),
    isa_signed: str | None = typer.Option(None, help="Sharing agreement signed (YYYY-MM-DD)"),
    isa_expires: str | None = typer.Option(None, help="Sharing agreement expiry (YYYY-MM-DD)"),
    email: str | None = typer.Option(None, help="Contact email for reminders"),
    webhook_url: str | None = typer.Option(
        None,
        help="Endpoint for signed webhooks: a public http(s) address, or one in "
        "RISKPANEL_WEBHOOK_ALLOWED_NETWORKS",
    ),
) -> None:
    """Add a partner agency."""
    data = AgencyCreate(
        name=name,
        kind=kind,
        isa_signed_on=_parse_date(isa_signed, "--isa-signed"),
        isa_expires_on=_parse_date(isa_expires, "--isa-expires"),
        contact_email=email,
        webhook_url=webhook_url,
    )
    with unit_of_work() as session:
        agency = create_agency(
            session=session, data=data, allowed_networks=settings().webhook_networks
        )
    typer.echo(f"created agency {agency.id}: {agency.name} ({agency.kind})")


@agencies.command("list")
def agencies_list(as_json: AsJson = False) -> None:
    """List agencies with their sharing-agreement dates."""
    with unit_of_work() as session:
        rows = [AgencyOut.model_validate(a) for a in list_agencies(session=session)]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        isa = f"ISA {r.isa_signed_on or '-'} to {r.isa_expires_on or '-'}"
        typer.echo(f"{r.id:>4}  {r.name:<40} {r.kind:<24} {isa}")


@panels.command("add")
def panels_add(
    name: str = typer.Option(..., help="Panel name"),
    area: str = typer.Option(..., help="Area the panel covers"),
    rhythm: MeetingRhythm = typer.Option(MeetingRhythm.MONTHLY, help="Meeting rhythm"),
    threshold: list[str] = typer.Option([], help="Threshold override NAME=N (repeatable)"),
    member: list[int] = typer.Option([], help="Member agency id (repeatable)"),
) -> None:
    """Add a panel."""
    data = PanelCreate(
        name=name,
        area=area,
        meeting_rhythm=rhythm,
        thresholds=_parse_thresholds(threshold),
        member_agency_ids=member,
    )
    with unit_of_work() as session:
        panel = create_panel(session=session, data=data)
    typer.echo(f"created panel {panel.id}: {panel.name} ({panel.area})")


@panels.command("list")
def panels_list(as_json: AsJson = False) -> None:
    """List panels."""
    with unit_of_work() as session:
        rows = [PanelOut.model_validate(p) for p in list_panels(session=session)]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        typer.echo(f"{r.id:>4}  {r.name:<40} {r.area:<30} {r.meeting_rhythm}")


def _membership_line(m: MembershipOut) -> str:
    since = f"from {m.joined_on or 'the start'}"
    until = f"until {m.left_on}" if m.left_on else "open-ended"
    state = "in force" if m.in_force else ("ended" if m.left_on else "not started")
    return f"{m.agency_id:>4}  {m.agency_name:<40} {since} {until} ({state})"


@members.command("list")
def members_list(panel: int = typer.Option(..., help="Panel id"), as_json: AsJson = False) -> None:
    """List a panel's memberships: every agency that is, was or will be a member."""
    with unit_of_work() as session:
        out = list_members(session=session, panel_id=panel)
    if as_json:
        echo_json(out)
        return
    for m in out.items:
        typer.echo(_membership_line(m))


@members.command("add")
def members_add(
    panel: int = typer.Option(..., help="Panel id"),
    agency: int = typer.Option(..., help="Agency id"),
    joined: str | None = typer.Option(None, help="First day of membership (YYYY-MM-DD; today)"),
    until: str | None = typer.Option(None, help="Day membership ends (YYYY-MM-DD; open-ended)"),
) -> None:
    """Add an agency to a panel, or let an agency that left rejoin."""
    data = MembershipIn(
        agency_id=agency,
        joined_on=_parse_date(joined, "--joined"),
        left_on=_parse_date(until, "--until"),
    )
    with unit_of_work() as session:
        out = add_member(session=session, principal=CLI_PRINCIPAL, panel_id=panel, data=data)
    typer.echo(_membership_line(out))


@members.command("end")
def members_end(
    panel: int = typer.Option(..., help="Panel id"),
    agency: int = typer.Option(..., help="Agency id"),
    on: str | None = typer.Option(
        None, help="Day membership ends (YYYY-MM-DD; default today): access ends that day"
    ),
) -> None:
    """End an agency's membership: from that day it sees no case through the panel's
    meetings and cannot be given actions in its minutes."""
    left_on = _parse_date(on, "--on") or utcnow().date()
    with unit_of_work() as session:
        out = change_member(
            session=session,
            principal=CLI_PRINCIPAL,
            panel_id=panel,
            agency_id=agency,
            data=MembershipChange(left_on=left_on),
        )
    typer.echo(_membership_line(out))


def register(root: typer.Typer) -> None:
    root.add_typer(agencies, name="agencies")
    panels.add_typer(members, name="members")
    root.add_typer(panels, name="panels")
