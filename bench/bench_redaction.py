"""Measure the redactor on the held-out synthetic corpus and print a Markdown table.

    .venv/bin/python bench/bench_redaction.py                  # 500 held-out docs, seed 2026
    .venv/bin/python bench/bench_redaction.py --set tuning --show 5

Definitions (characters are non-space characters):
- recall: share of labelled identifier spans whose every character was removed;
- precision: share of removed characters that were inside an identifier span or "near" one
  (the title in "Mrs Nowak", which the redactor removes with the name on purpose);
- words kept: share of labelled hostility words left untouched;
- leak-free: share of documents where every identifier span was fully removed;
- docs/s: documents redacted per second of wall-clock time, after a warm-up document; the
  CPU-time rate printed under the table counts only this process's time, so it stays
  comparable when other work shares the machine.

The tuning set (``--set tuning``) is the one to read failures on; the held-out set is only
scored (do not read its misses, or it stops being held out).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from redaction_corpus import Doc, corpus

from riskpanel.privacy import redact


def _mask(text: str, spans: list[tuple[int, int]]) -> list[bool]:
    covered = [False] * len(text)
    for start, end in spans:
        for i in range(start, end):
            covered[i] = True
    return covered


class Tally:
    def __init__(self) -> None:
        self.kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.group: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.ident = [0, 0]
        self.keep = [0, 0]
        self.removed = [0, 0]
        self.leak_free = [0, 0]
        self.misses: list[tuple[str, str, str]] = []

    def add(self, doc: Doc, removed: list[tuple[int, int]]) -> None:
        text = doc.text
        cut = _mask(text, removed)
        good = _mask(text, [(s, e) for s, e, _, _ in doc.identifiers] + doc.near)
        clean = True
        for start, end, kind, detail in doc.identifiers:
            ok = all(cut[i] for i in range(start, end) if not text[i].isspace())
            self._count(self.ident, ok)
            self._count(self.kind[kind], ok)
            if kind == "person":
                _, _role, record, origin, form = detail.split(":")
                for key in (f"in record: {record}", f"origin: {origin}", f"form: {form}"):
                    self._count(self.group[key], ok)
            if not ok:
                clean = False
                self.misses.append((kind, detail, text[max(0, start - 30) : end + 30]))
        for start, end, _ in doc.keep:
            self._count(self.keep, not any(cut[start:end]))
        for i, c in enumerate(cut):
            if c and not text[i].isspace():
                self._count(self.removed, good[i])
        self._count(self.leak_free, clean)

    @staticmethod
    def _count(pair: list[int], ok: bool) -> None:
        pair[0] += int(ok)
        pair[1] += 1


def _share(pair: list[int]) -> str:
    return f"{pair[0] / pair[1]:.3f}" if pair[1] else "-"


def run(which: str, n: int, seed: int) -> tuple[Tally, float, list[Doc]]:
    tally, rate, _, docs = run_timed(which, n, seed)
    return tally, rate, docs


def run_timed(which: str, n: int, seed: int) -> tuple[Tally, float, float, list[Doc]]:
    """Score the set; return the tally, wall-clock and CPU-time documents per second."""
    docs = corpus(which, n, seed)
    redact(docs[0].text, known_people=docs[0].known_people)  # warm caches and name lists
    tally = Tally()
    started, cpu = time.perf_counter(), time.process_time()
    results = [redact(d.text, known_people=d.known_people) for d in docs]
    elapsed, cpu_elapsed = time.perf_counter() - started, time.process_time() - cpu
    for doc, result in zip(docs, results, strict=True):
        tally.add(doc, [(s.start, s.end) for s in result.spans])
    return tally, len(docs) / elapsed, len(docs) / cpu_elapsed, docs


def report(tally: Tally, rate: float, which: str, n: int, seed: int) -> str:
    lines = [
        f"Redaction bench: {n} {which} documents, seed {seed}",
        "",
        "| identifiers fully removed | precision | hostility words kept | leak-free docs "
        "| docs/s |",
        "| --- | --- | --- | --- | --- |",
        f"| {_share(tally.ident)} ({tally.ident[1]} spans) | {_share(tally.removed)} | "
        f"{_share(tally.keep)} ({tally.keep[1]}) | {_share(tally.leak_free)} | {rate:,.0f} |",
        "",
        "| kind | recall | spans |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {k} | {_share(v)} | {v[1]} |" for k, v in sorted(tally.kind.items())]
    lines += ["", "| people by group | recall | spans |", "| --- | --- | --- |"]
    lines += [f"| {k} | {_share(v)} | {v[1]} |" for k, v in sorted(tally.group.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Redaction bench (Markdown output)")
    parser.add_argument("--set", choices=["held_out", "tuning"], default="held_out")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--show", type=int, default=0, help="print this many missed spans")
    args = parser.parse_args()
    tally, rate, cpu_rate, _ = run_timed(args.set, args.n, args.seed)
    print(report(tally, rate, args.set, args.n, args.seed))
    print(f"\nCPU-time rate: {cpu_rate:,.0f} docs/s (this process only)")
    for kind, detail, context in tally.misses[: args.show]:
        print(f"MISS {kind:13} {detail:55} {context!r}")


if __name__ == "__main__":
    main()
