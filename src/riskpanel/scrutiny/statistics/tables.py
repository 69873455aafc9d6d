"""Safe figures for scrutiny and for the partnership: counts after the ONS 10-5 rule.

Counting (:func:`count`) and publishing (:func:`publish`) are separate pure steps, so tests can
check every published table against the true counts it came from. Each variable is published
once: the risk levels at referral and at closure only as one cross tab (its margins are the
one-way counts), actions only as agency kind by outcome. Publishing the same counts in two
tables would let a reader subtract one from the other and undo the secondary suppression.
Rates are computed from the published, rounded counts, never from the true ones, and are
withheld when a count they need is suppressed.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from riskpanel.privacy import suppress_crosstab, suppress_table
from riskpanel.privacy.suppression import OVERLAP_NOTE
from riskpanel.scrutiny import labels
from riskpanel.scrutiny.facts import REQUIREMENTS, CaseFacts
from riskpanel.scrutiny.summaries.content import strand_labels

SUPPRESSED = "[c]"
TOTAL = "Total"
MET, NOT_MET, NOT_APPLICABLE = "Met", "Not met", "Not applicable or not recorded"
Shape = Literal["oneway", "crosstab", "rows"]


@dataclass(frozen=True)
class RawTable:
    """True counts before publication (never stored, never sent)."""

    key: str
    title: str
    row_header: str
    shape: Shape
    cells: Mapping[Any, Any]
    total: int | None = None
    overlapping: bool = False
    columns: tuple[str, ...] = ()
    unit: str = "cases"
    notes: tuple[str, ...] = field(default=())


def _ordered(counter: Mapping[str, int], order: Sequence[str] = ()) -> dict[str, int]:
    first = [k for k in order if counter.get(k)]
    rest = sorted(k for k in counter if counter[k] and k not in order)
    return {k: counter[k] for k in first + rest}


def _action_category(outcome: str) -> str:
    if outcome == "completed":
        return "Completed"
    if outcome.startswith("not_possible"):
        return "Not possible"
    if outcome == "not_done_by_agency":
        return "Not done by the agency"
    return "Not finished"


def _crosstab(pairs: Sequence[tuple[str, str]], rows: Sequence[str], cols: Sequence[str]) -> dict:
    counts = Counter(pairs)
    present_rows = [r for r in rows if any(p[0] == r for p in pairs)]
    present_cols = [c for c in cols if any(p[1] == c for p in pairs)]
    return {(r, c): counts.get((r, c), 0) for r in present_rows for c in present_cols}


def _risk_table(facts: Sequence[CaseFacts]) -> RawTable:
    order = [labels.risk(x) for x in (*labels.RISK_LEVELS, None)]
    pairs = [(labels.risk(f.risk_at_referral), labels.risk(f.risk_at_closure)) for f in facts]
    return RawTable(
        "risk",
        "Risk level at referral (rows) and at closure (columns)",
        "Risk at referral",
        "crosstab",
        _crosstab(pairs, order, order),
        len(facts),
        columns=tuple(c for c in order if any(p[1] == c for p in pairs)),
    )


def _actions_table(facts: Sequence[CaseFacts]) -> RawTable:
    pairs = [
        (labels.agency_kind(a.agency_kind), _action_category(a.outcome))
        for f in facts
        for a in f.actions
    ]
    cols = ["Completed", "Not possible", "Not done by the agency", "Not finished"]
    return RawTable(
        "actions",
        "Actions by agency type and outcome",
        "Agency type",
        "crosstab",
        _crosstab(pairs, sorted({p[0] for p in pairs}), cols),
        len(pairs),
        unit="actions",
        columns=tuple(c for c in cols if any(p[1] == c for p in pairs)),
    )


def count(facts: Sequence[CaseFacts]) -> list[RawTable]:
    """Every table of the scrutiny figures, as true counts."""
    n = len(facts)
    strands = Counter(s for f in facts for s in strand_labels(f))
    routes = Counter(labels.route(f.route) for f in facts)
    repeats = Counter("Repeat" if f.repeat else "No repeat" for f in facts)
    return [
        RawTable(
            "strands",
            "Cases by strand",
            "Strand",
            "oneway",
            _ordered(strands, [labels.strand(s) for s in labels.STRANDS]),
            n,
            overlapping=True,
            notes=(OVERLAP_NOTE,),
        ),
        RawTable(
            "routes",
            "Cases by route into the panel",
            "Route",
            "oneway",
            _ordered(routes, list(labels.ROUTES.values())),
            n,
        ),
        _risk_table(facts),
        RawTable(
            "outcomes",
            "Cases by outcome",
            "Outcome",
            "oneway",
            _ordered(Counter(labels.outcome(f.outcome) for f in facts)),
            n,
        ),
        RawTable(
            "repeats",
            "Repeat cases",
            "Came back to the panel",
            "oneway",
            _ordered(repeats, ["Repeat", "No repeat"]),
            n,
        ),
        _actions_table(facts),
        _victims_code_table(facts),
    ]


def _victims_code_table(facts: Sequence[CaseFacts]) -> RawTable:
    per_row: dict[str, dict[str, int]] = {}
    checks = [f.victims_code.checks() for f in facts]
    for key, requirement in REQUIREMENTS.items():
        values = Counter(
            MET if c[key] is True else NOT_MET if c[key] is False else NOT_APPLICABLE
            for c in checks
        )
        # Zeros stay in: a column shown as suppressed must be protected like any other.
        per_row[requirement] = {k: values[k] for k in (MET, NOT_MET, NOT_APPLICABLE)}
    return RawTable(
        "victims_code",
        "Victims' Code compliance",
        "Requirement",
        "rows",
        per_row,
        len(facts),
        columns=(MET, NOT_MET, NOT_APPLICABLE),
    )


def _oneway(raw: RawTable, threshold: int, rounding: int) -> dict[str, Any]:
    table = suppress_table(
        dict(raw.cells),
        raw.total,
        threshold=threshold,
        rounding=rounding,
        overlapping=raw.overlapping,
    )
    rows = [{"label": k, "cells": [v]} for k, v in table.cells.items()]
    rows.append({"label": f"{TOTAL} {raw.unit}", "cells": [table.total]})
    return {"columns": [raw.unit.capitalize()], "rows": rows, "notes": list(table.notes)}


def _crosstab_out(raw: RawTable, threshold: int, rounding: int) -> dict[str, Any]:
    if not raw.cells:
        return {"columns": [TOTAL], "rows": [{"label": TOTAL, "cells": [None]}], "notes": []}
    tab = suppress_crosstab(dict(raw.cells), threshold=threshold, rounding=rounding)
    row_keys = list(dict.fromkeys(r for r, _ in raw.cells))
    rows = [
        {"label": r, "cells": [tab.cells[(r, c)] for c in raw.columns] + [tab.row_totals[r]]}
        for r in row_keys
    ]
    rows.append(
        {"label": TOTAL, "cells": [tab.col_totals[c] for c in raw.columns] + [tab.grand_total]}
    )
    return {"columns": [*raw.columns, TOTAL], "rows": rows, "notes": list(tab.notes)}


def _rows_out(raw: RawTable, threshold: int, rounding: int) -> dict[str, Any]:
    rows, notes = [], []
    for label, values in raw.cells.items():
        table = suppress_table(
            dict(values), sum(values.values()), threshold=threshold, rounding=rounding
        )
        rows.append(
            {"label": label, "cells": [table.cells[c] for c in raw.columns] + [table.total]}
        )
        notes += [n for n in table.notes if n not in notes]
    return {"columns": [*raw.columns, TOTAL], "rows": rows, "notes": notes}


def publish_table(raw: RawTable, *, threshold: int = 10, rounding: int = 5) -> dict[str, Any]:
    shaped = {"oneway": _oneway, "crosstab": _crosstab_out, "rows": _rows_out}[raw.shape]
    body = shaped(raw, threshold, rounding)
    body["notes"] = [*raw.notes, *(n for n in body["notes"] if n not in raw.notes)]
    return {"key": raw.key, "title": raw.title, "row_header": raw.row_header, **body}


def _percent(numerator: int | None, denominator: int | None) -> int | None:
    if numerator is None or not denominator:
        return None
    return round(100 * numerator / denominator)


def _cell(table: Mapping[str, Any], row: str, column: str) -> int | None:
    index = table["columns"].index(column) if column in table["columns"] else None
    for r in table["rows"]:
        if r["label"] == row and index is not None:
            return r["cells"][index]
    return None


def rates(tables: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rates from the published, rounded counts only (never from the true ones)."""
    repeats, actions, code = tables["repeats"], tables["actions"], tables["victims_code"]
    out = [
        {
            "key": "repeat_rate",
            "label": "Share of cases that came back to the panel",
            "percent": _percent(
                _cell(repeats, "Repeat", "Cases"), _cell(repeats, f"{TOTAL} cases", "Cases")
            ),
        },
        {
            "key": "action_completion",
            "label": "Share of actions completed",
            "percent": _percent(_cell(actions, TOTAL, "Completed"), _cell(actions, TOTAL, TOTAL)),
        },
    ]
    for key, requirement in REQUIREMENTS.items():
        met, missed = _cell(code, requirement, MET), _cell(code, requirement, NOT_MET)
        out.append(
            {
                "key": f"victims_code_{key}",
                "label": f"{requirement}: share met where it applied",
                "percent": _percent(met, met + missed) if met and missed is not None else None,
            }
        )
    return out


def publish(
    facts: Sequence[CaseFacts],
    *,
    period_start: date,
    period_end: date,
    basis: str,
    threshold: int = 10,
    rounding: int = 5,
) -> dict[str, Any]:
    """The statistics as stored on a released pack and sent to readers (JSON-ready)."""
    tables = [publish_table(t, threshold=threshold, rounding=rounding) for t in count(facts)]
    by_key = {t["key"]: t for t in tables}
    total = suppress_table({"all": len(facts)}, threshold=threshold, rounding=rounding)
    return {
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "basis": basis,
        "threshold": threshold,
        "rounding": rounding,
        "cases": total.cells["all"],
        "tables": tables,
        "rates": rates(by_key),
        "notes": [
            f"Counts below {threshold} are suppressed ({SUPPRESSED} in downloads, null in JSON); "
            f"others are rounded to the nearest {rounding}. A second count is suppressed where "
            "a total would reveal the first.",
            OVERLAP_NOTE,
            "Rates are computed from the rounded counts and left out where a count they need "
            "is suppressed.",
        ],
    }


def _safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(stats: Mapping[str, Any]) -> str:
    """One row per published cell; suppressed cells as "[c]", as ONS tables show them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["table", "row", "column", "value"])
    for table in stats["tables"]:
        for row in table["rows"]:
            for column, value in zip(table["columns"], row["cells"], strict=True):
                cell = SUPPRESSED if value is None else str(value)
                writer.writerow([_safe(table["title"]), _safe(row["label"]), _safe(column), cell])
    for rate in stats["rates"]:
        value = SUPPRESSED if rate["percent"] is None else str(rate["percent"])
        writer.writerow(["Rates", _safe(rate["label"]), "Per cent", value])
    for item in stats.get("indicators", []):
        for column, key in (("This period", "current"), ("Period before", "previous")):
            figure = item[key]
            writer.writerow(["Indicators", _safe(item["title"]), column, _safe(figure["shown"])])
            if figure["suppressed"]:
                writer.writerow(
                    [
                        "Indicators",
                        _safe(item["title"]),
                        f"{column}: why [c]",
                        _safe(figure["suppressed"]),
                    ]
                )
    for note in stats["notes"]:
        writer.writerow(["Notes", _safe(note), "", ""])
    return buffer.getvalue()
