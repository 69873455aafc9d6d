"""The risk checklist as data: questions, weights, level bands and significant-concern lifts.

The checklist is local policy and changes over time, so it is a versioned YAML file validated
up front; every assessment records the name and version that produced it.
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from riskpanel.risk.datafiles import default_workflows_dir, load_model
from riskpanel.risk.levels import RiskLevel

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
CHECKLIST_FILE = Path("risk") / "hate_crime_checklist.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Strict):
    id: Slug
    theme: Slug
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5)]
    weight: int = Field(ge=0, le=100)
    significant_concern: bool = False


class LevelBand(_Strict):
    """A level starts at ``from_score`` and runs up to the next band's start."""

    level: RiskLevel
    from_score: int = Field(ge=0)


class Lift(_Strict):
    """``significant_concerns`` or more significant-concern "yes" answers lift to ``to``."""

    significant_concerns: int = Field(ge=1)
    to: RiskLevel


class Checklist(_Strict):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_\-]*$", max_length=64)]
    version: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    title: str = ""
    sources: tuple[Slug, ...] = Field(min_length=1)
    levels: tuple[LevelBand, ...]
    lifts: tuple[Lift, ...] = ()
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Checklist:
        _check_unique("questions", [q.id for q in self.questions])
        _check_unique("sources", list(self.sources))
        _check_bands(self.levels)
        _check_unique("lifts", [str(lf.significant_concerns) for lf in self.lifts])
        significant = sum(1 for q in self.questions if q.significant_concern)
        for lift in self.lifts:
            if lift.significant_concerns > significant:
                raise ValueError(
                    f"lift at {lift.significant_concerns} significant concerns can never fire: "
                    f"only {significant} questions are marked significant_concern"
                )
        return self

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def max_score(self) -> int:
        return sum(q.weight for q in self.questions)

    def level_for_score(self, score: int) -> RiskLevel:
        """The band the score falls in (bands are validated to start at 0 and ascend)."""
        level = self.levels[0].level
        for band in self.levels:
            if score >= band.from_score:
                level = band.level
        return level

    def lift_for(self, significant_concerns: int) -> Lift | None:
        """The strongest lift the number of significant concerns reaches, if any."""
        reached = [lf for lf in self.lifts if significant_concerns >= lf.significant_concerns]
        return max(reached, key=lambda lf: lf.to.rank, default=None)


def _check_unique(what: str, values: list[str]) -> None:
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"duplicate {what}: {', '.join(dupes)}")


def _check_bands(bands: tuple[LevelBand, ...]) -> None:
    """Bands must name each level once, in rising order, with rising scores from 0."""
    levels = [b.level for b in bands]
    if sorted(levels, key=lambda lv: lv.rank) != levels or len(set(levels)) != len(levels):
        raise ValueError("levels must be listed once each from lowest to highest")
    if len(levels) != len(RiskLevel):
        missing = ", ".join(lv.value for lv in RiskLevel if lv not in levels)
        raise ValueError(f"levels must cover every level; missing: {missing}")
    if bands[0].from_score != 0:
        raise ValueError("the lowest level must start at from_score 0")
    scores = [b.from_score for b in bands]
    if any(later <= earlier for earlier, later in pairwise(scores)):
        raise ValueError(f"level from_score values must strictly increase, got {scores}")


def load_checklist(path: Path | None = None) -> Checklist:
    """Load and validate a checklist file (default: the bundled hate crime checklist).

    Raises :class:`~riskpanel.risk.datafiles.RiskDataError` naming the file, line and problem.
    """
    return load_model(path or default_workflows_dir() / CHECKLIST_FILE, Checklist)
