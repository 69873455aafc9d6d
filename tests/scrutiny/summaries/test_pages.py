"""One summary's review page: the withhold form is checked by the API's own schema
(WithholdIn), so a reason the API refuses is refused on the web too, never shortened."""

from __future__ import annotations

from sqlmodel import Session, col, select

from riskpanel.models import AuditEvent, ScrutinySummary
from tests.fixtures import World
from tests.scrutiny.packs.test_pages import _closed_cases, _draw, _summary_paths
from tests.web.helpers import Browser, hidden, text
from tests.web.test_coordinator_pages import summary_links


def _first_summary(coordinator: Browser, session: Session, world: World) -> tuple[str, str]:
    _closed_cases(session, world, n=3)
    pack_path = _draw(coordinator)
    first = _summary_paths(coordinator.get(pack_path).text)[0]
    return first, hidden(coordinator.get(first).text, "if_match")


def test_a_reason_longer_than_the_schema_allows_is_refused_not_cut(
    browser: type[Browser], world: World, session: Session
) -> None:
    coordinator = browser("coordinator")
    first, etag = _first_summary(coordinator, session, world)
    summary_id = int(first.rsplit("/", 1)[1])

    r = coordinator.post(
        f"{first}/withhold", {"withheld": "yes", "reason": "x" * 501, "if_match": etag}
    )
    assert r.status_code == 422 and summary_links(r.text) == ["f-reason"]
    assert "must be 500 characters or fewer" in text(r.text)
    session.expire_all()
    row = session.exec(select(ScrutinySummary).where(col(ScrutinySummary.id) == summary_id)).one()
    assert not row.withheld and not row.attributes.get("review", {}).get("withheld_reason")
    altered = session.exec(
        select(AuditEvent).where(
            col(AuditEvent.subject_type) == "scrutiny_summary",
            col(AuditEvent.subject_id) == str(summary_id),
            col(AuditEvent.action) == "alteration",
        )
    ).all()
    assert altered == []


def test_a_reason_of_exactly_500_characters_is_kept_whole(
    browser: type[Browser], world: World, session: Session
) -> None:
    coordinator = browser("coordinator")
    first, etag = _first_summary(coordinator, session, world)
    reason = "y" * 500
    r = coordinator.post(
        f"{first}/withhold", {"withheld": "yes", "reason": reason, "if_match": etag}
    )
    assert r.status_code == 303
    page = coordinator.get(first)
    assert reason in page.text


def test_withholding_without_a_reason_points_at_the_reason_box(
    browser: type[Browser], world: World, session: Session
) -> None:
    coordinator = browser("coordinator")
    first, etag = _first_summary(coordinator, session, world)
    r = coordinator.post(f"{first}/withhold", {"withheld": "yes", "if_match": etag})
    assert r.status_code == 422 and summary_links(r.text) == ["f-reason"]
    assert "Enter why this summary is withheld" in text(r.text)
