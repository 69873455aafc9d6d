"""The PDF cache: content-addressed, instant on a hit, new on any change, bounded, private."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from riskpanel.documents import (
    CachedPdf,
    DocumentRenderError,
    PdfCache,
    cache_key,
    canonical_json,
    render_pdf,
)
from riskpanel.documents.samples import sample_agenda, sample_extract


def test_a_hit_returns_identical_bytes_fast(templates_dir: Path, tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "pdf-cache")
    view = sample_agenda(20)

    started = time.perf_counter()
    first = cache.get_or_render("agenda", view, templates_dir=templates_dir)
    miss_seconds = time.perf_counter() - started

    calls: list[str] = []

    def must_not_render(*args: object, **kwargs: object) -> bytes:
        calls.append("rendered")
        return b""

    started = time.perf_counter()
    second = cache.get_or_render(
        "agenda", view, templates_dir=templates_dir, render=must_not_render
    )
    hit_seconds = time.perf_counter() - started

    assert calls == []
    assert second == first
    assert first.sha256 == hashlib.sha256(first.pdf).hexdigest()
    assert first.pdf.startswith(b"%PDF-")
    assert hit_seconds < miss_seconds / 10, (hit_seconds, miss_seconds)


def test_a_content_change_makes_a_new_document(templates_dir: Path, tmp_path: Path) -> None:
    cache = PdfCache(tmp_path)
    view = sample_extract()
    changed_action = view.actions[0].model_copy(update={"description": "Fit a door chain."})
    changed = view.model_copy(update={"actions": (changed_action, *view.actions[1:])})

    old = cache.get_or_render("agency_extract", view, templates_dir=templates_dir)
    new = cache.get_or_render("agency_extract", changed, templates_dir=templates_dir)

    assert cache_key("agency_extract", view, templates_dir=templates_dir) != cache_key(
        "agency_extract", changed, templates_dir=templates_dir
    )
    assert new.sha256 != old.sha256
    assert len(list(tmp_path.glob("*.pdf"))) == 2


def test_a_template_change_makes_a_new_key(templates_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "templates"
    shutil.copytree(templates_dir, copy)
    view = sample_extract()
    before = cache_key("agency_extract", view, templates_dir=copy)
    assert before == cache_key("agency_extract", view, templates_dir=templates_dir)
    with (copy / "print.css").open("a") as css:
        css.write("\nh1 { color: #000; }\n")
    assert cache_key("agency_extract", view, templates_dir=copy) != before


def test_the_key_ignores_construction_order_but_not_values() -> None:
    view = sample_extract()
    rebuilt = type(view).model_validate_json(view.model_dump_json())
    assert canonical_json(rebuilt) == canonical_json(view)
    assert '"agency_name":"Housing"' in canonical_json(view)


def test_wrong_view_type_is_refused_before_touching_disk(
    templates_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(DocumentRenderError, match="needs a AgendaDocument"):
        PdfCache(tmp_path / "c").get_or_render(
            "agenda", sample_extract(), templates_dir=templates_dir
        )
    assert not (tmp_path / "c").exists()


def test_files_are_private_to_the_service(templates_dir: Path, tmp_path: Path) -> None:
    cache = PdfCache(tmp_path / "pdf-cache")
    cache.put("a" * 64, b"%PDF-1.7 test")
    assert stat.S_IMODE((tmp_path / "pdf-cache").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "pdf-cache" / f"{'a' * 64}.pdf").stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "pdf-cache").iterdir()] == [f"{'a' * 64}.pdf"]


def _fill(cache: PdfCache, count: int, size: int) -> list[str]:
    keys = []
    for n in range(count):
        key = f"{n:064x}"
        cache.put(key, bytes(size))
        path = cache.cache_dir / f"{key}.pdf"
        stamp = 1_700_000_000 + n  # distinct, increasing ages whatever the clock resolution
        os.utime(path, (stamp, stamp))
        keys.append(key)
    return keys


def test_oldest_files_go_beyond_the_file_limit(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path, max_files=3)
    keys = _fill(cache, 5, 10)
    cache.evict()
    assert sorted(p.stem for p in tmp_path.glob("*.pdf")) == keys[2:]


def test_a_hit_counts_as_recent_use(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path, max_files=3)
    keys = _fill(cache, 3, 10)
    assert cache.get(keys[0]) == CachedPdf(bytes(10), hashlib.sha256(bytes(10)).hexdigest())
    cache.put("f" * 64, b"new")
    assert sorted(p.stem for p in tmp_path.glob("*.pdf")) == sorted([keys[0], keys[2], "f" * 64])


def test_oldest_files_go_beyond_the_byte_limit(tmp_path: Path) -> None:
    cache = PdfCache(tmp_path, max_bytes=250)
    keys = _fill(cache, 4, 100)
    cache.evict()
    assert sorted(p.stem for p in tmp_path.glob("*.pdf")) == keys[2:]


def test_a_miss_is_none_and_limits_must_be_positive(tmp_path: Path) -> None:
    assert PdfCache(tmp_path).get("0" * 64) is None
    with pytest.raises(ValueError, match="at least one"):
        PdfCache(tmp_path, max_files=0)


def test_cached_pdf_matches_a_fresh_render(templates_dir: Path, tmp_path: Path) -> None:
    view = sample_extract("Police")
    cached = PdfCache(tmp_path).get_or_render("agency_extract", view, templates_dir=templates_dir)
    assert cached.pdf == render_pdf("agency_extract", view, templates_dir=templates_dir)
