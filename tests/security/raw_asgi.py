"""Send exact header bytes to the app, as uvicorn would hand them over.

httpx re-encodes header values, so a Latin-1 byte such as 0xB2 ("²") never reaches the
app through the TestClient; uvicorn passes it through untouched.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
from fastapi import FastAPI


def post(
    app: FastAPI, path: str, body: Any, headers: dict[str, str | bytes]
) -> tuple[int, dict[str, Any]]:
    """POST a JSON body with the given raw headers; the status and the decoded answer."""
    payload = json.dumps(body).encode()
    raw = [
        (k.lower().encode(), v if isinstance(v, bytes) else v.encode()) for k, v in headers.items()
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            *raw,
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            await anyio.sleep_forever()
        delivered = True
        return {"type": "http.request", "body": payload, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def call() -> None:
        await app(scope, receive, send)

    anyio.run(call)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    data = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(data) if data else {}
