"""Hostile text stays text, and the renderer fetches nothing outside the templates folder."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jinja2
import pytest
from documents_pdf import read_pdf

from riskpanel.documents import (
    DocumentRenderError,
    FetchRefused,
    TemplatesOnlyFetcher,
    make_environment,
    render_html,
    render_pdf,
)
from riskpanel.documents.render import AUTOESCAPE_SUFFIXES
from riskpanel.documents.samples import sample_agenda, sample_minutes, sample_scrutiny_pack


class _Trap:
    """A local web server that counts every request made to it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                trap.requests.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def trap() -> Iterator[_Trap]:
    server = _Trap()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join()


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL WeasyPrint asks the fetcher for, allowed or not."""
    urls: list[str] = []
    original = TemplatesOnlyFetcher.fetch

    def spy(self: TemplatesOnlyFetcher, url: str, headers: object = None) -> object:
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(TemplatesOnlyFetcher, "fetch", spy)
    return urls


def _hostile(trap: _Trap) -> str:
    return (
        "<script>alert(1)</script> "
        f'<img src="{trap.url}/img.png"> '
        f'<link rel="stylesheet" href="{trap.url}/x.css"> '
        f"<style>@import url({trap.url}/y.css);</style> "
        '<a href="file:///etc/passwd">x</a> {{ 7 * 7 }}'
    )


def test_hostile_narrative_is_printed_as_text_and_nothing_is_fetched(
    templates_dir: Path, trap: _Trap, fetched: list[str]
) -> None:
    hostile = _hostile(trap)
    minutes = sample_minutes(1)
    case = minutes.cases[0].model_copy(update={"decision": hostile})
    minutes = minutes.model_copy(update={"cases": (case,)})

    html = render_html("minutes", minutes, templates_dir=templates_dir)
    assert "<script" not in html and "<img" not in html and "<style>@import" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    pdf = render_pdf("minutes", minutes, templates_dir=templates_dir)
    text = " ".join(p.flat for p in read_pdf(pdf))
    assert "<script>alert(1)</script>" in text
    assert f'<img src="{trap.url}/img.png">' in text
    assert "{{ 7 * 7 }}" in text, "case text must never be evaluated as a template"
    assert trap.requests == []
    assert fetched == [(templates_dir.resolve() / "print.css").as_uri()]


def test_hostile_scrutiny_narrative_and_chart_labels_stay_text(
    templates_dir: Path, trap: _Trap
) -> None:
    pack = sample_scrutiny_pack(1)
    summary = pack.summaries[0].model_copy(update={"narrative": _hostile(trap)})
    chart = pack.charts[0]
    bar = chart.bars[0].model_copy(update={"label": "</text><script>x</script>"})
    pack = pack.model_copy(
        update={
            "summaries": (summary,),
            "charts": (chart.model_copy(update={"bars": (bar, *chart.bars[1:])}),),
        }
    )
    html = render_html("scrutiny_pack", pack, templates_dir=templates_dir)
    assert "<script" not in html and "&lt;/text&gt;&lt;script&gt;" in html
    render_pdf("scrutiny_pack", pack, templates_dir=templates_dir)
    assert trap.requests == []


@pytest.fixture
def own_templates(templates_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(templates_dir, copy)
    (tmp_path / "secret.css").write_text("body { color: red }")
    return copy


def _append_to_content(templates: Path, name: str, markup: str) -> None:
    path = templates / name
    source = path.read_text()
    path.write_text(source.replace("{% block content %}", "{% block content %}" + markup, 1))


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="{url}/pixel.png" alt="">',
        '<link rel="stylesheet" href="{url}/evil.css">',
        '<img src="../secret.css" alt="">',
        '<img src="file:///etc/hostname" alt="">',
        '<img src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E" alt="">',
    ],
)
def test_a_template_that_reaches_out_fails_without_fetching(
    own_templates: Path, trap: _Trap, markup: str
) -> None:
    _append_to_content(own_templates, "agenda.html", markup.replace("{url}", trap.url))
    with pytest.raises(DocumentRenderError, match="outside the templates folder"):
        render_pdf("agenda", sample_agenda(2), templates_dir=own_templates)
    assert trap.requests == []


def test_fetcher_serves_only_files_under_the_templates_folder(own_templates: Path) -> None:
    fetcher = TemplatesOnlyFetcher(own_templates)
    css = (own_templates / "print.css").resolve()
    response = fetcher.fetch(css.as_uri())
    assert response.read() == css.read_bytes()
    assert response.content_type == "text/css"
    response.close()
    (own_templates / "escape.css").symlink_to(own_templates.parent / "secret.css")
    refused = [
        "http://127.0.0.1:9/print.css",
        "https://example.org/print.css",
        "ftp://example.org/print.css",
        "data:text/css,body{}",
        "file:///etc/passwd",
        f"file://{own_templates.as_posix()}/../secret.css",
        f"file://{own_templates.as_posix()}/%2e%2e/secret.css",
        f"file://{own_templates.as_posix()}/escape.css",
        f"file://otherhost{css.as_posix()}",
        f"file://{own_templates.as_posix()}/missing.css",
        own_templates.as_uri(),
    ]
    for url in refused:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert fetcher.refused == refused


def test_environment_escapes_every_suffix_and_undefined_is_an_error(templates_dir: Path) -> None:
    env = make_environment(templates_dir)
    assert env.undefined is jinja2.StrictUndefined
    assert callable(env.autoescape)
    for suffix in (*AUTOESCAPE_SUFFIXES, "css", "txt", "unknown"):
        assert env.autoescape(f"document.{suffix}") is True
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_strict_undefined_turns_a_missing_field_into_an_error(own_templates: Path) -> None:
    _append_to_content(own_templates, "agenda.html", "<p>{{ view.meeting.no_such_field }}</p>")
    with pytest.raises(jinja2.UndefinedError, match="no_such_field"):
        render_html("agenda", sample_agenda(2), templates_dir=own_templates)


def test_templates_folder_is_required(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        render_html("agenda", sample_agenda(1), templates_dir=tmp_path / "nowhere")
    assert not os.path.exists(tmp_path / "nowhere")
