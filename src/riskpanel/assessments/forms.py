"""The risk checklist as a web form, shared by the referral form and the re-assessment page.

Each question is a radio group named ``assessment.<question id>`` with its source in
``assessment.<question id>.source``; only answered questions are sent, so the service's
``answers[3]`` is the fourth *answered* question: :func:`answer_field` turns it back into
the form's name, so each error in the summary lands on the question it is about.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from riskpanel.assessments.schemas import AssessmentIn
from riskpanel.kit.errors import FieldError, InvalidInput
from riskpanel.models.enums import RiskLevel
from riskpanel.risk import Checklist
from riskpanel.web.forms import FormValues, invalid_from

LEVELS = [(lv.value, lv.value.capitalize()) for lv in RiskLevel]
LABELS = {
    "assessment.judgement_level": "Professional judgement level",
    "assessment.judgement_reason": "Reason for professional judgement",
}
_ANSWER = re.compile(r"^assessment\.answers\[([0-9]+)\](?:\.(\w+))?$")


def sources(checklist: Checklist) -> list[tuple[str, str]]:
    """Who may have given an answer, as the select shows them."""
    return [(s, s.replace("_", " ").capitalize()) for s in checklist.sources]


def checklist_answers(
    values: FormValues, checklist: Checklist
) -> tuple[dict[str, Any] | None, list[str]]:
    """The assessment body from the form (None when nothing was filled in) and the order of
    the questions answered, to name a refused answer as the form does."""
    answers, order = [], []
    for q in checklist.questions:
        answer = values.get(f"assessment.{q.id}")
        if answer:
            answers.append(
                {
                    "question_id": q.id,
                    "answer": answer,
                    "source": values.get(f"assessment.{q.id}.source"),
                }
            )
            order.append(q.id)
    level = values.text("assessment.judgement_level")
    reason = values.text("assessment.judgement_reason")
    if not answers and not level and not reason:
        return None, order
    return {"answers": answers, "judgement_level": level, "judgement_reason": reason}, order


def answer_field(name: str, order: list[str]) -> str:
    """``assessment.answers[3].source`` -> ``assessment.<question>.source`` (the form's name)."""
    name = re.sub(r"\.([0-9]+)(?=\.|$)", r"[\1]", name)
    match = _ANSWER.match(name)
    if match is None or int(match.group(1)) >= len(order):
        return name
    qid = order[int(match.group(1))]
    return f"assessment.{qid}" + (".source" if match.group(2) == "source" else "")


def form_errors(exc: InvalidInput, order: list[str]) -> InvalidInput:
    """The service's (or the schema's) field names as the re-assessment form names them."""
    errors = [
        FieldError(
            answer_field("assessment." + e.field.removeprefix("assessment."), order), e.message
        )
        for e in exc.errors
    ]
    return InvalidInput(exc.detail, errors=errors)


def assessment_request(values: FormValues, checklist: Checklist) -> tuple[AssessmentIn, list[str]]:
    """The API's input from the re-assessment form, or ``InvalidInput`` naming form fields.

    An empty form is refused: a re-assessment with no answer and no judgement would score
    every question as unknown and lower the case's level without anyone deciding it."""
    body, order = checklist_answers(values, checklist)
    if body is None:
        first = checklist.questions[0].id if checklist.questions else "judgement_level"
        raise InvalidInput.field(
            f"assessment.{first}", "Answer at least one question of the risk checklist"
        )
    try:
        return AssessmentIn.model_validate(body), order
    except ValidationError as exc:
        raise form_errors(invalid_from(exc), order) from exc
