"""Labels on web pages wrap between words, never inside one ("Postcod e", "Langua ge" in the
case page's one-third column, where GOV.UK's fixed 30% key column was narrower than a word)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from tests.fixtures import World
from tests.meetings.factories import make_case
from tests.web.live import BROWSER_TEST

pytestmark = BROWSER_TEST

# Each word of each label, and whether the browser laid it out on more than one line.
SPLIT_WORDS = """() => {
  const split = [];
  const range = document.createRange();
  for (const label of document.querySelectorAll(
      '.govuk-summary-list__key, .govuk-label, .govuk-table__header')) {
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (range.getClientRects().length > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""


def test_case_page_labels_are_never_split_inside_a_word(
    person: Any, world: World, engine: Engine
) -> None:
    case = make_case(engine, world, state="actions_open")
    coordinator = person("coordinator")
    coordinator.page.set_viewport_size({"width": 1280, "height": 900})
    coordinator.page.goto(f"/cases/{case.id}")
    coordinator.check("case-labels")
    assert coordinator.page.locator(".govuk-summary-list__key", has_text="Postcode").count() == 1
    assert coordinator.page.evaluate(SPLIT_WORDS) == []
    coordinator.assert_clean()
