"""Stored figures as the API gives them: the same tables for every reader, after
suppression, with the pack they belong to (none for live period figures)."""

from __future__ import annotations

from typing import Any

from riskpanel.scrutiny.statistics.schemas import StatisticsOut


def statistics_out(stats: dict[str, Any], pack_id: int | None = None) -> StatisticsOut:
    return StatisticsOut.model_validate({**stats, "pack_id": pack_id})
