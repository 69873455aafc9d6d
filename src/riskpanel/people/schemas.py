"""API models for people matching and intelligence links."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class PersonSummary(BaseModel):
    id: int
    name: str
    aliases: list[str] = []
    date_of_birth: date | None = None
    postcode: str | None = None
    merged_into_id: int | None = None


class MatchOut(BaseModel):
    id: int
    status: str = Field(description="suggested, confirmed, rejected or superseded")
    score: float
    reasons: list[str]
    person: PersonSummary = Field(description="The person whose matches were asked for")
    other: PersonSummary = Field(description="The suggested same person")
    other_case_references: list[str] = []
    decided_at: datetime | None = None
    created_at: datetime


class MatchList(BaseModel):
    person_id: int
    items: list[MatchOut]


class MatchDecisionOut(BaseModel):
    match: MatchOut
    surviving_person_id: int | None = None
    moved: dict[str, int] = Field(
        default_factory=dict, description="How many links moved to the surviving person, by kind"
    )


class LinkedCase(BaseModel):
    case_id: int
    reference: str
    state: str
    score: float | None = None
    reasons: list[str] = []


class PerpetratorLinks(BaseModel):
    person_id: int
    name: str
    other_case_count: int
    other_cases: list[LinkedCase]


class PlaceLinks(BaseModel):
    kind: str = Field(description="place, postcode or handle")
    key: str
    platform: str | None = None
    other_case_count: int
    other_cases: list[LinkedCase]


class CaseIntelligence(BaseModel):
    case_id: int
    perpetrators: list[PerpetratorLinks]
    locations: list[PlaceLinks]
    handles: list[PlaceLinks]
    summary: list[str] = Field(
        default_factory=list, description='Plain lines such as "X is named in 3 other cases"'
    )
