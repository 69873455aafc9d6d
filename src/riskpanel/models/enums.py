"""Closed vocabularies stored as strings (no native enum types, so migrations stay simple)."""

from __future__ import annotations

from enum import StrEnum


class AgencyKind(StrEnum):
    POLICE = "police"
    HOUSING = "housing"
    ADULT_SOCIAL_CARE = "adult_social_care"
    CHILDRENS_SERVICES = "childrens_services"
    HEALTH = "health"
    EDUCATION = "education"
    VICTIM_SUPPORT = "victim_support"
    COMMUNITY_ORGANISATION = "community_organisation"
    PROBATION = "probation"
    OTHER = "other"


class MeetingRhythm(StrEnum):
    FORTNIGHTLY = "fortnightly"
    THREE_WEEKLY = "three_weekly"
    MONTHLY = "monthly"


class CaseRole(StrEnum):
    VICTIM = "victim"
    HOUSEHOLD_MEMBER = "household_member"
    PERPETRATOR = "perpetrator"
    WITNESS = "witness"


class IncidentKind(StrEnum):
    CRIME = "crime"
    NCHI = "non_crime_hate_incident"


class PerceivedBy(StrEnum):
    VICTIM = "victim"
    WITNESS = "witness"
    OFFICER = "officer"
    FAMILY = "family"
    CARER = "carer"
    THIRD_PARTY_REPORTING_CENTRE = "third_party_reporting_centre"
    OTHER = "other"


class ConsentStatus(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    NOT_ASKED = "not_asked"
    WITHDRAWN = "withdrawn"


class LawfulBasis(StrEnum):
    CONSENT = "consent"
    LAW_ENFORCEMENT = "law_enforcement"  # DPA 2018 Part 3
    PUBLIC_TASK = "public_task"
    VITAL_INTERESTS = "vital_interests"
    SAFEGUARDING = "safeguarding"


class RiskLevel(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class AssessmentStanding(StrEnum):
    """Whose assessment it is: the panel's decision sets the case's level; an agency's view
    is information for the panel and changes nothing."""

    DECISION = "decision"
    AGENCY_VIEW = "agency_view"


class ActionProgress(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NOT_POSSIBLE = "not_possible"


class ReviewOutcome(StrEnum):
    """SafeLives minutes mark every unfinished action with one of these at review."""

    COMPLETED = "completed"
    NOT_POSSIBLE_CIRCUMSTANCES_CHANGED = "not_possible_circumstances_changed"
    NOT_DONE_BY_AGENCY = "not_done_by_agency"


class AgendaSection(StrEnum):
    UNFINISHED_ACTIONS = "unfinished_actions"
    NEW_CASE = "new_case"
    REPEAT_CASE = "repeat_case"
    REVIEW = "review"
    TWELVE_MONTH_NOTICE = "twelve_month_notice"
    ANY_OTHER_BUSINESS = "any_other_business"


class InformationKind(StrEnum):
    FACT = "fact"
    OPINION = "opinion"


class AuditAction(StrEnum):
    """DPA 2018 s.62 operations, plus sign-in events."""

    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"
    SIGN_IN = "sign_in"
    ADMINISTRATION = "administration"
