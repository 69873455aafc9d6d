"""A Python client generated from riskpanel's own OpenAPI document by openapi-python-client,
as a partner's developer would make one, and a way to call an operation by method and path.

Generation is cached per document for the test session: the same document is generated
once. The generator must raise no warning: a warning means part of the document could not
be turned into code (for instance two schemas with one title), which a partner would hit.
"""

from __future__ import annotations

import hashlib
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from openapi_python_client.strings import snake_case

GENERATOR = Path(sys.executable).parent / "openapi-python-client"
# No formatting hooks (speed); PDFs are files, as the generator names binary content.
CONFIG = 'post_hooks: []\ncontent_type_overrides:\n  "application/pdf": application/octet-stream\n'
_generated: dict[str, ModuleType] = {}


def generate(document: bytes, workdir: Path) -> ModuleType:
    """The client package for this document (generated on first use in the session)."""
    digest = hashlib.sha256(document).hexdigest()[:12]
    if digest in _generated:
        return _generated[digest]
    package = f"riskpanel_client_{digest}"
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "openapi.json").write_bytes(document)
    (workdir / "config.yml").write_text(CONFIG, encoding="utf-8")
    command = [str(GENERATOR), "generate", "--path", str(workdir / "openapi.json")]
    command += ["--meta", "none", "--output-path", str(workdir / package)]
    run = subprocess.run(
        [*command, "--config", str(workdir / "config.yml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Warning" not in output and "Unable" not in output, output
    sys.path.insert(0, str(workdir))
    _generated[digest] = importlib.import_module(package)
    importlib.import_module(f"{package}.models")  # the models, as package.models
    return _generated[digest]


def operation(client_package: ModuleType, spec: dict[str, Any], method: str, path: str) -> Any:
    """The generated module for an operation, found by its operationId and first tag (as the
    generator names them), so a renamed operationId does not break the test."""
    op = spec["paths"][path][method]
    tag = snake_case(op["tags"][0])
    name = snake_case(op["operationId"])
    return importlib.import_module(f"{client_package.__name__}.api.{tag}.{name}")
