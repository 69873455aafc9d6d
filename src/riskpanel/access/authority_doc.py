"""The authority table in words, for people: the page in docs/ is made from the table itself.

A hand-written copy of who may decide what would drift from what the routes enforce; a test
compares docs/AUTHORITY.md with this rendering, and `riskpanel access authority` prints it.
"""

from __future__ import annotations

from riskpanel.access.authority import AUTHORITY, Authority, Grant, Relation

_ROLE_WORDS = {
    "admin": "administrator",
    "coordinator": "coordinator",
    "chair": "chair",
    "agency": "agency person",
    "agency_client": "agency system (API key)",
    "scrutiny": "scrutiny member",
    "auditor": "auditor",
}

HEADER = """# Who may decide what

Every route that changes something, in the API and on the web, reads its rule from one table
(`src/riskpanel/access/authority.py`). A role that is not listed gets 403 (401 when signed
out); a listed role that lacks the relationship to an object it can see gets 403 naming the
relationship it needs; an object it cannot see answers 404, so ids do not leak.

This page is generated from the table: `riskpanel access authority > docs/AUTHORITY.md`.
"""


def _who(grant: Grant) -> str:
    if grant.relation in (Relation.ANYONE, Relation.ADMIN_ONLY):
        return grant.relation.value
    roles = sorted(_ROLE_WORDS.get(r, r) for r in grant.roles if r in _ROLE_WORDS)
    return f"{', '.join(roles)}: {grant.relation.value}"


def _routes(entry: Authority) -> str:
    return "<br>".join(f"`{method} {path}`" for method, path in entry.routes)


def render_markdown() -> str:
    """One row per operation: what it does, who may, under which relationship, where."""
    lines = [
        HEADER,
        "| operation | what it does | who, and their relationship to the object | routes |",
        "| --- | --- | --- | --- |",
    ]
    for name, entry in AUTHORITY.items():
        who = "<br>".join(_who(g) for g in entry.grants)
        lines.append(f"| `{name}` | {entry.summary} | {who} | {_routes(entry)} |")
    return "\n".join(lines) + "\n"
