"""A partner agency's system talking to riskpanel: list open actions, report progress.

    RISKPANEL_API_KEY=rpk_... python examples/agency_client.py http://127.0.0.1:8000
    RISKPANEL_API_KEY=rpk_... python examples/agency_client.py URL --action 12 \
        --progress completed --outcome "Door entry system fitted."

Progress is posted with ``If-Match`` (the ETag read just before) and an ``Idempotency-Key``
that is kept across retries, so a timeout or a 5xx can be retried without recording the
update twice. A 412 means someone changed the action first: read it again and decide.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from typing import Any

import httpx


def open_actions(client: httpx.Client) -> list[dict[str, Any]]:
    """Every open action of the key's agency, following the cursor."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"status": "open", "limit": 100}
    while True:
        page = client.get("/api/v1/actions", params=params)
        page.raise_for_status()
        found += page.json()["items"]
        if not page.json()["next_cursor"]:
            return found
        params["cursor"] = page.json()["next_cursor"]


def post_progress(client: httpx.Client, action_id: int, body: dict[str, Any]) -> httpx.Response:
    current = client.get(f"/api/v1/actions/{action_id}")
    current.raise_for_status()
    headers = {"If-Match": current.headers["ETag"], "Idempotency-Key": str(uuid.uuid4())}
    for attempt in range(4):  # same key on every retry: the server records it once
        try:
            response = client.post(
                f"/api/v1/actions/{action_id}/updates", json=body, headers=headers
            )
        except httpx.TransportError:
            response = None
        if response is not None and response.status_code < 500:
            return response
        time.sleep(2**attempt)
    raise SystemExit("riskpanel did not answer; try again later with the same key")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="riskpanel address, e.g. https://riskpanel.example")
    parser.add_argument("--action", type=int, help="action id to update (default: first open)")
    parser.add_argument(
        "--progress",
        default="acknowledged",
        choices=["acknowledged", "in_progress", "completed", "not_possible"],
    )
    parser.add_argument("--outcome", help="required with completed")
    parser.add_argument("--reason", help="required with not_possible")
    parser.add_argument("--note")
    args = parser.parse_args()
    key = os.environ.get("RISKPANEL_API_KEY")
    if not key:
        sys.exit("set RISKPANEL_API_KEY to your agency's key (rpk_...)")
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=args.base_url, headers=headers, timeout=10) as client:
        actions = open_actions(client)
        for a in actions:
            flag = " OVERDUE" if a["overdue"] else ""
            print(
                f"{a['id']:>6} {a['reference']} case {a['case_reference']} "
                f"due {a['due_on']} {a['progress']}{flag}"
            )
        target = args.action or (actions[0]["id"] if actions else None)
        if target is None:
            print("no open actions")
            return
        body = {
            "progress": args.progress,
            "outcome": args.outcome,
            "reason": args.reason,
            "note": args.note,
        }
        response = post_progress(client, target, {k: v for k, v in body.items() if v})
        if response.status_code == 201:
            print(f"recorded: action {target} is now {response.json()['progress']}")
        else:
            problem = response.json()
            sys.exit(f"refused ({response.status_code}): {problem.get('detail')}")


if __name__ == "__main__":
    main()
