"""Tables published on their own after the ONS 10-5 rule (members' assessment counts), and
the CSV form of every set of figures.

A pack's statistic tables are not published here one by one but together with its
indicators (:mod:`figures`), so a count hidden in one cannot come back from another.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from riskpanel.privacy import suppress_crosstab, suppress_table
from riskpanel.scrutiny.statistics.grids import TOTAL

SUPPRESSED = "[c]"
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
    share = stats.get("cell_share")
    if share:
        writer.writerow(
            ["About these figures", "Statistic cells shown", "Per cent", share["percent"]]
        )
    for note in stats["notes"]:
        writer.writerow(["Notes", _safe(note), "", ""])
    return buffer.getvalue()
