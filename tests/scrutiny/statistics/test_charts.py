"""Charts are SVG laid out on the server: every label fits its own column (measured with the
font the PDF uses), every value sits after its bar, rows never overlap, and the web page and
the PDF carry the same chart with a title, a description and the data table beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import ImageFont
from sqlmodel import Session

from riskpanel.documents import Bar, BarChart, PairedChart, PairedRow
from riskpanel.documents.charts import (
    LINE_HEIGHT,
    ChartLayout,
    layout_bar_chart,
)
from riskpanel.scrutiny import labels
from riskpanel.scrutiny.statistics.indicators import INDICATORS
from tests.documents.documents_pdf import read_pdf
from tests.fixtures import World
from tests.scrutiny import flow
from tests.scrutiny.factories import ScrutinyFactory
from tests.web.helpers import Browser

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LABELS = [*labels.OUTCOMES.values(), *labels.ROUTES.values(), *labels.AGENCY_KINDS.values()]
#: A merged row's label runs to three lines; as the last row it once ran out of the chart.
MERGED = "Other outcomes (Referral not accepted, Closed early during monitoring)"


def _check(layout: ChartLayout) -> None:
    font = ImageFont.truetype(str(FONT), 9)
    previous_bottom = -1.0
    for bar in layout.bars:
        for line in bar.label_lines:
            assert font.getlength(line) <= layout.label_width, line
        assert bar.value_x >= layout.label_width + bar.width  # the value after its bar
        if bar.label_lines:
            top = bar.text_y - 9
            assert top >= previous_bottom, bar.label  # no row runs into the one above
            previous_bottom = bar.text_y + (len(bar.label_lines) - 1) * LINE_HEIGHT + 3
    assert layout.height >= previous_bottom


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans is the PDF's font")
def test_no_label_overlaps_a_bar_or_a_value() -> None:
    bars = tuple(Bar(label=t, value=None if i % 3 else 10 * i) for i, t in enumerate(LABELS))
    _check(layout_bar_chart(BarChart(title="Outcomes", bars=bars)))
    merged = layout_bar_chart(BarChart(title="Outcomes", bars=(*bars, Bar(label=MERGED, value=15))))
    assert len(merged.bars[-1].label_lines) == 3
    _check(merged)
    rows = tuple(
        PairedRow(label=i.title, current=None if n % 2 else 60 + n, previous=50)
        for n, i in enumerate(INDICATORS)
    )
    paired = layout_bar_chart(PairedChart(title="Indicators", rows=rows))
    _check(paired)
    assert "this period" in paired.description and "[c]" in paired.description


def test_the_web_page_and_the_pdf_carry_the_charts(
    client: TestClient, browser: type[Browser], world: World, session: Session
) -> None:
    factory = ScrutinyFactory(session, world, seed=61)
    for _ in range(12):
        factory.closed_case()
    pack = flow.released_pack(client, world, sample_size=3)
    html = browser("scrutiny").get(f"/scrutiny/packs/{pack['id']}").text
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) >= 4  # strands, routes, outcomes, indicators
    for svg in svgs:
        assert 'role="img"' in svg and "<title " in svg and "<desc " in svg
    assert "Indicators against the period before" in html
    assert html.count('<table class="govuk-table">') >= len(svgs)  # the data beside each
    pdf = client.get(f"{flow.BASE}/packs/{pack['id']}/pack.pdf", headers=world.headers("scrutiny"))
    assert pdf.status_code == 200
    text = " ".join(page.flat for page in read_pdf(pdf.content))
    assert "Indicators against the period before (per cent)" in text
    assert "Cases by strand (cases)" in text  # 12 cases: one period, so no time breakdown
