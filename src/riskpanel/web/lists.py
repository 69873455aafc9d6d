"""The web lists' query string: search, filters and page number in, form values out."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from riskpanel.kit.paging import ListQuery, Page, PageRequest
from riskpanel.web.forms import FormValues

RISKS = [("high", "High"), ("medium", "Medium"), ("standard", "Standard")]


def list_request(request: Request) -> tuple[ListQuery, PageRequest]:
    """What the list's link asks for: the search and filters, and which page."""
    params = request.query_params
    return ListQuery.parse(params), PageRequest.parse(params.get("page"))


def list_context(query: ListQuery, page: Page[Any]) -> dict[str, Any]:
    """What ``_lists.html`` needs: the query, the page, and the filter form's values."""
    values = {
        "q": [query.q],
        "state": [query.state],
        "risk": [query.risk],
        "agency": [str(query.agency_id or "")],
    }
    return {"query": query, "page": page, "values": FormValues(values)}
