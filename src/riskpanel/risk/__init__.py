"""Pure risk logic: strands, the checklist, scoring, routes, flag checks, deadlines, matching.

Nothing here imports FastAPI or the database, so every rule can be tested on plain data and
reused by the API, the CLI and ``riskpanel tick`` alike.
"""

from riskpanel.risk.checklist import Checklist, Question, load_checklist
from riskpanel.risk.datafiles import RiskDataError
from riskpanel.risk.deadlines import (
    VictimsCodeRules,
    add_working_days,
    is_working_day,
    victims_code_deadlines,
    working_days_between,
)
from riskpanel.risk.flags import FlagCheck, StrandEvidence, check_flags
from riskpanel.risk.levels import RiskLevel
from riskpanel.risk.lexicon import Lexicon, load_lexicon
from riskpanel.risk.locations import NormalisedLocation, normalise_location
from riskpanel.risk.matching import (
    Candidate,
    MatchResult,
    MatchSettings,
    PersonFacts,
    blocking_keys,
    find_candidates,
    match_score,
)
from riskpanel.risk.panel_routes import (
    Complaint,
    Route,
    RouteDecision,
    RouteFacts,
    RouteKind,
    RouteThresholds,
    evaluate_routes,
)
from riskpanel.risk.scoring import Answer, AnswerValue, Assessment, apply_judgement, score
from riskpanel.risk.strands import (
    NATIONAL_STRANDS,
    StrandCatalogue,
    StrandSelection,
    validate_strands,
)

__all__ = [
    "NATIONAL_STRANDS",
    "Answer",
    "AnswerValue",
    "Assessment",
    "Candidate",
    "Checklist",
    "Complaint",
    "FlagCheck",
    "Lexicon",
    "MatchResult",
    "MatchSettings",
    "NormalisedLocation",
    "PersonFacts",
    "Question",
    "RiskDataError",
    "RiskLevel",
    "Route",
    "RouteDecision",
    "RouteFacts",
    "RouteKind",
    "RouteThresholds",
    "StrandCatalogue",
    "StrandEvidence",
    "StrandSelection",
    "VictimsCodeRules",
    "add_working_days",
    "apply_judgement",
    "blocking_keys",
    "check_flags",
    "evaluate_routes",
    "find_candidates",
    "is_working_day",
    "load_checklist",
    "load_lexicon",
    "match_score",
    "normalise_location",
    "score",
    "validate_strands",
    "victims_code_deadlines",
    "working_days_between",
]
