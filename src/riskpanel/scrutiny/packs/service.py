"""Drawing a draft pack: a random sample of the period's closed cases, each summarised.

The sample is drawn with the operating system's randomness unless a seed is given (for a
repeatable demonstration). Pseudonyms are keyed HMACs with the pack as context, so the same
case has unrelated pseudonyms in two packs; labels ("Case A") follow the pseudonyms' order,
so neither the label nor the row order says anything about case ids or dates.
"""

from __future__ import annotations

import random
import secrets
from calendar import monthrange
from datetime import date
from typing import Any

from sqlmodel import Session

from riskpanel.config import Settings
from riskpanel.kit.caller import Caller
from riskpanel.kit.principal import Principal
from riskpanel.kit.text import is_ascii_digits
from riskpanel.models import Case, Panel, ScrutinyPack, ScrutinySummary
from riskpanel.models.enums import AuditAction
from riskpanel.privacy import Pseudonymiser
from riskpanel.scrutiny.access import (
    DRAFT,
    audit,
    get_pack,
    is_scrutiny,
    require_draft,
    require_panel,
    require_panel_writer,
)
from riskpanel.scrutiny.packs.repository import delete_draft_rows, page_of_packs, summary_counts
from riskpanel.scrutiny.packs.schemas import PackCreate
from riskpanel.scrutiny.repository import concluded_cases, load_case
from riskpanel.scrutiny.summaries.content import project, redact_case
from riskpanel.scrutiny.summaries.denylist import DenyList, build_deny_list
from riskpanel.workflow import WorkflowRegistry
from riskpanel.workflow.registry import get_workflows

DEFAULT_K = 5


def case_label(index: int) -> str:
    """0 -> "Case A", 25 -> "Case Z", 26 -> "Case AA"."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"Case {letters}"


def panel_setting(panel: Panel, key: str, default: int) -> int:
    """A panel's own threshold (DOMAIN: every threshold is a configurable default)."""
    value = (panel.thresholds or {}).get(key, default)
    return int(value) if isinstance(value, int | str) and is_ascii_digits(str(value)) else default


def state_labels(workflows: WorkflowRegistry, case: Case) -> dict[str, str]:
    try:
        defn = workflows.get(case.workflow_name, case.workflow_version)
    except Exception:  # a retired workflow version: fall back to the plain state names
        return {}
    return {name: state.label for name, state in defn.states.items()}


def _summarise(
    session: Session,
    case: Case,
    *,
    panel: Panel,
    deny: DenyList,
    workflows: WorkflowRegistry,
    tz: str,
) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    facts, text = load_case(session, case, area=panel.area)
    attributes = project(facts, state_labels=state_labels(workflows, case), tz=tz)
    redacted = redact_case(text, deny)
    for action, redacted_text in zip(attributes["actions"], redacted.actions, strict=True):
        action["text"] = redacted_text
    attributes["review"] = {"version": 1, "source_sha256": redacted.source_sha256}
    return attributes, redacted.narrative, redacted.spans


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, monthrange(year, month + 1)[1]))


def draw_rule(data: PackCreate, start: date, found: int) -> str | None:
    """The rule that decided the draw, in the words the pack prints (None: the period)."""
    if start == data.period_start:
        return None
    return (
        f"Drawn from {start:%-d %B %Y}, not {data.period_start:%-d %B %Y}: the period had "
        f"fewer closed cases than the {data.sample_size} asked for, so earlier quarters were "
        f"added (up to {data.extend_months} months) until {found} could be drawn from."
    )


def _draw(
    session: Session, panel: Panel, data: PackCreate, settings: Settings
) -> tuple[int, list[Case], date]:
    """(how many closed cases could be drawn from, the random sample, the first day drawn
    from): a longer window before fewer summaries, which k-anonymity would coarsen more."""
    start, extended = data.period_start, 0
    while True:
        population = concluded_cases(
            session,
            panel_id=panel.id or 0,
            start=start,
            end=data.period_end,
            tz=settings.timezone,
            states=("closed",),
        )
        if len(population) >= data.sample_size or extended >= data.extend_months:
            break
        extended = min(extended + 3, data.extend_months)
        start = months_before(data.period_start, extended)
    rng = random.Random(data.seed) if data.seed is not None else secrets.SystemRandom()  # noqa: S311
    return len(population), rng.sample(population, min(data.sample_size, len(population))), start


def _add_summaries(
    session: Session,
    principal: Principal,
    pack: ScrutinyPack,
    panel: Panel,
    chosen: list[Case],
    settings: Settings,
) -> int:
    """Summarise each case; labels follow the pseudonyms' order, not the cases' ids."""
    pseudonym = Pseudonymiser(settings.pseudonym_key, context=f"scrutiny-pack:{pack.id}")
    deny = build_deny_list(session, panel.id or 0)
    workflows = get_workflows(settings)
    drafted = [
        (
            pseudonym(str(case.id)),
            case,
            _summarise(
                session, case, panel=panel, deny=deny, workflows=workflows, tz=settings.timezone
            ),
        )
        for case in chosen
    ]
    drafted.sort(key=lambda d: d[0])
    for index, (pseudo, case, (attributes, narrative, spans)) in enumerate(drafted):
        session.add(
            ScrutinySummary(
                pack_id=pack.id or 0,
                source_case_id=case.id,
                label=case_label(index),
                pseudonym=pseudo,
                attributes=attributes,
                narrative=narrative,
                removed_spans=spans,
            )
        )
        audit(
            session,
            principal,
            AuditAction.CONSULTATION,
            "case",
            case.id,
            case_id=case.id,
            detail={"pack_id": pack.id, "use": "scrutiny summary drafted"},
        )
    return len(drafted)


def create_pack(*, session: Session, caller: Caller, data: PackCreate) -> ScrutinyPack:
    """A draft pack with a summary of each sampled closed case, ready for review."""
    principal, settings = caller.principal, caller.settings
    require_panel_writer(principal)
    panel = require_panel(session, principal)
    population, chosen, drawn_from = _draw(session, panel, data, settings)
    rule = draw_rule(data, drawn_from, population)
    pack = ScrutinyPack(
        panel_id=panel.id or 0,
        title=data.title or _title(panel, data.period_start, data.period_end),
        period_start=data.period_start,
        period_end=data.period_end,
        sample_size=data.sample_size,
        k=data.k or panel_setting(panel, "scrutiny_k", DEFAULT_K),
        status=DRAFT,
        created_by_user_id=principal.user_id,
        kanon_report={
            "population": population,
            "sampled": len(chosen),
            "seed": data.seed,
            "drawn_from": drawn_from.isoformat(),
            "draw_rules": [rule] if rule else [],
        },
    )
    session.add(pack)
    session.flush()
    drafted = _add_summaries(session, principal, pack, panel, chosen, settings)
    audit(
        session,
        principal,
        AuditAction.COLLECTION,
        "scrutiny_pack",
        pack.id,
        detail={"summaries": drafted, "population": population},
    )
    session.flush()
    return pack


def _title(panel: Panel, start: date, end: date) -> str:
    return f"{panel.name}: closed cases {start.isoformat()} to {end.isoformat()}"[:200]


def list_packs(
    *, session: Session, principal: Principal, limit: int, after_id: int | None
) -> tuple[list[tuple[ScrutinyPack, int]], int | None]:
    """Newest first; scrutiny members see released packs only. Returns (pack, summaries)."""
    members = is_scrutiny(principal)
    panel_id = principal.panel_id if members else require_panel(session, principal).id
    packs = page_of_packs(
        session, panel_id=panel_id, released_only=members, limit=limit, after_id=after_id
    )
    more = len(packs) > limit
    packs = packs[:limit]
    counts = summary_counts(session, [p.id or 0 for p in packs], released_only=members)
    next_id = packs[-1].id if more and packs else None
    return [(p, counts.get(p.id or 0, 0)) for p in packs], next_id


def discard_pack(*, session: Session, principal: Principal, pack_id: int) -> None:
    """Delete a draft and its summaries; a released pack stays for good (409)."""
    pack = get_pack(session, principal, pack_id, for_update=True)
    require_panel_writer(principal)
    require_draft(pack)
    delete_draft_rows(session, pack)
    audit(
        session,
        principal,
        AuditAction.ERASURE,
        "scrutiny_pack",
        pack.id,
        detail={"status": "draft discarded"},
    )
    session.delete(pack)
