"""Benchmark PDF rendering of agendas, and write page images of every document.

For each agenda size a fresh child process renders it through riskpanel (Jinja2 + the locked
fetcher + WeasyPrint) and another renders the same pre-rendered HTML with bare WeasyPrint, so
the overhead ratio shows what riskpanel's own code costs. Memory is the tracemalloc peak of one
render and the child's maximum RSS (a fresh process, so one size does not inherit another's
heap). Riskpanel is imported inside functions only: the bare child must not load it.

    .venv/bin/python bench/bench_pdf.py                # table + docs/images/*.png
    .venv/bin/python bench/bench_pdf.py --sizes 10 20 --repeats 2 --no-images
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
IMAGES = ROOT / "docs" / "images"


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(render: Any, repeats: int) -> tuple[float, float, bytes]:
    """Median wall time (ms) of ``repeats`` renders, then the tracemalloc peak (MB) of one."""
    render()  # warm-up: fonts, CSS parsing caches, imports
    times, pdf = [], b""
    for _ in range(repeats):
        started = time.perf_counter()
        pdf = render()
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    render()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20, pdf


def child_riskpanel(view: Any, repeats: int) -> dict[str, Any]:
    """The view arrives pickled from the parent, so Faker is never loaded here."""
    from riskpanel.documents import render_pdf

    ms, peak, pdf = _timed(lambda: render_pdf("agenda", view, templates_dir=TEMPLATES), repeats)
    return {"ms": ms, "peak_mb": peak, "rss_mb": _max_rss_mb(), "pdf": pdf}


def child_bare(html: str, repeats: int) -> dict[str, Any]:
    import weasyprint

    base = TEMPLATES.as_uri() + "/"

    def render() -> bytes:
        return weasyprint.HTML(string=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1")

    ms, peak, _ = _timed(render, repeats)
    return {"ms": ms, "peak_mb": peak, "rss_mb": _max_rss_mb()}


def in_fresh_process(function: Any, *args: Any) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result: dict[str, Any] = pool.submit(function, *args).result()
    return result


def bench_size(cases: int, repeats: int) -> dict[str, Any]:
    import io

    from pypdf import PdfReader

    from riskpanel.documents import render_html
    from riskpanel.documents.samples import sample_agenda

    view = sample_agenda(cases, reviews=2)
    html = render_html("agenda", view, templates_dir=TEMPLATES)
    ours = in_fresh_process(child_riskpanel, view, repeats)
    bare = in_fresh_process(child_bare, html, repeats)
    pdf = ours.pop("pdf")
    return {
        "cases": cases,
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "kb": len(pdf) / 1024,
        "ours": ours,
        "bare": bare,
    }


def cache_hit_ms(cases: int) -> tuple[float, float]:
    from riskpanel.documents import PdfCache
    from riskpanel.documents.samples import sample_agenda

    view = sample_agenda(cases, reviews=2)
    with tempfile.TemporaryDirectory() as folder:
        cache = PdfCache(Path(folder))
        started = time.perf_counter()
        cache.get_or_render("agenda", view, templates_dir=TEMPLATES)
        miss = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        cache.get_or_render("agenda", view, templates_dir=TEMPLATES)
        hit = (time.perf_counter() - started) * 1000
    return miss, hit


def print_table(rows: list[dict[str, Any]], repeats: int) -> None:
    print(f"Agenda rendering, median of {repeats} after a warm-up, each in a fresh process\n")
    print(
        "| cases | pages | PDF KB | riskpanel ms | WeasyPrint only ms | overhead | "
        "tracemalloc peak MB | max RSS MB (riskpanel / bare) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        ours, bare = row["ours"], row["bare"]
        print(
            f"| {row['cases']} | {row['pages']} | {row['kb']:.0f} | {ours['ms']:.0f} | "
            f"{bare['ms']:.0f} | {ours['ms'] / bare['ms']:.2f}x | {ours['peak_mb']:.1f} | "
            f"{ours['rss_mb']:.0f} / {bare['rss_mb']:.0f} |"
        )


def write_images(target: Path) -> list[Path]:
    """First page of each document at 60 dpi, for the README and reviews."""
    from riskpanel.documents import DocumentKind, View, render_pdf
    from riskpanel.documents.samples import (
        sample_agenda,
        sample_extract,
        sample_minutes,
        sample_scrutiny_pack,
    )

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        sys.exit("pdftoppm not found: apt-get install poppler-utils")
    views: dict[DocumentKind, View] = {
        "agenda": sample_agenda(14),
        "minutes": sample_minutes(3),
        "agency_extract": sample_extract("Housing"),
        "scrutiny_pack": sample_scrutiny_pack(3),
    }
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        for kind, view in views.items():
            pdf_path = Path(folder) / f"{kind}.pdf"
            pdf_path.write_bytes(render_pdf(kind, view, templates_dir=TEMPLATES))
            out = target / kind
            subprocess.run(
                [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf_path, out],
                check=True,
            )
            written.append(out.with_suffix(".png"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 50, 100])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-images", action="store_true")
    args = parser.parse_args()

    rows = [bench_size(n, args.repeats) for n in args.sizes]
    print_table(rows, args.repeats)
    miss, hit = cache_hit_ms(max(args.sizes))
    print(f"\nCache ({max(args.sizes)} cases, in process): miss {miss:.0f} ms, hit {hit:.1f} ms")
    if not args.no_images:
        for path in write_images(IMAGES):
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
