"""A WeasyPrint URL fetcher that can read only files inside the templates folder.

Documents carry free text typed by many people. Autoescape stops that text from becoming
markup, and this fetcher is the second wall: even if markup did get through (or a template
author slipped), WeasyPrint cannot reach the network, another scheme (``data:``, ``ftp:``) or a
file outside ``templates_dir`` (``..`` and symlinks are resolved before the check). A refusal
raises, and the renderer is set to stop on it, so a blocked fetch is an error, never a silently
missing image.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class FetchRefused(ValueError):
    """Raised for any URL the document renderer must not read."""


class TemplatesOnlyFetcher(URLFetcher):
    """Serve ``file:`` URLs under ``templates_dir``; refuse everything else."""

    def __init__(self, templates_dir: Path) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.root = templates_dir.resolve(strict=True)
        self.refused: list[str] = []

    def resolve(self, url: str) -> Path:
        """Map a URL to a file under the root, or raise :class:`FetchRefused`."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise FetchRefused(f"only file: URLs under the templates folder are allowed: {url}")
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"remote file URL refused: {url}")
        try:
            path = Path(unquote(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise FetchRefused(f"no such template file: {url}") from exc
        if not path.is_relative_to(self.root) or not path.is_file():
            raise FetchRefused(f"file outside the templates folder refused: {url}")
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
        except FetchRefused:
            self.refused.append(url)
            raise
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            path.as_uri(),
            path.read_bytes(),
            headers={"Content-Type": mime_type or "application/octet-stream"},
        )
