"""Every table, imported in one place so Alembic and the app see the same metadata."""

from sqlmodel import SQLModel

from riskpanel.models import search as _search  # noqa: F401 - the search indexes
from riskpanel.models.actions import (
    Action,
    ActionUpdate,
    IdempotencyRecord,
    ResearchItem,
    ResearchRequest,
    ResearchReturn,
)
from riskpanel.models.audit import AuditEvent, AuditLink
from riskpanel.models.base import UTCDateTime, utcnow
from riskpanel.models.cases import Case, CaseHistory, CasePerson, Referral, Timer
from riskpanel.models.incidents import Incident, IncidentStrand
from riskpanel.models.meetings import (
    AgendaItem,
    Attendance,
    LateListing,
    Meeting,
    MeetingInvite,
    MinuteEntry,
    Minutes,
    SharedInformation,
)
from riskpanel.models.mfa import RecoveryCode, SecondFactor, SecondFactorReset
from riskpanel.models.notifications import Delivery, Notification, WebhookEndpoint
from riskpanel.models.oidc import OidcIdentity, OidcLogin
from riskpanel.models.org import Agency, Panel, PanelMembership
from riskpanel.models.people import Person, PersonMatch
from riskpanel.models.retention import LegalHold
from riskpanel.models.risk import RiskAnswer, RiskAssessment
from riskpanel.models.scrutiny import (
    ScrutinyAssessment,
    ScrutinyFeedback,
    ScrutinyPack,
    ScrutinySummary,
)
from riskpanel.models.users import (
    ApiCredential,
    Invitation,
    SignInThrottle,
    User,
    WebSession,
)
from riskpanel.models.victims import SupportReferral, VictimEntitlement, VictimUpdate

metadata = SQLModel.metadata

__all__ = [
    "Action",
    "ActionUpdate",
    "Agency",
    "AgendaItem",
    "ApiCredential",
    "Attendance",
    "AuditEvent",
    "AuditLink",
    "Case",
    "CaseHistory",
    "CasePerson",
    "Delivery",
    "IdempotencyRecord",
    "Incident",
    "IncidentStrand",
    "Invitation",
    "LateListing",
    "LegalHold",
    "Meeting",
    "MeetingInvite",
    "MinuteEntry",
    "Minutes",
    "Notification",
    "OidcIdentity",
    "OidcLogin",
    "Panel",
    "PanelMembership",
    "Person",
    "PersonMatch",
    "RecoveryCode",
    "Referral",
    "ResearchItem",
    "ResearchRequest",
    "ResearchReturn",
    "RiskAnswer",
    "RiskAssessment",
    "ScrutinyAssessment",
    "ScrutinyFeedback",
    "ScrutinyPack",
    "ScrutinySummary",
    "SecondFactor",
    "SecondFactorReset",
    "SharedInformation",
    "SignInThrottle",
    "SupportReferral",
    "Timer",
    "UTCDateTime",
    "User",
    "VictimEntitlement",
    "VictimUpdate",
    "WebSession",
    "WebhookEndpoint",
    "metadata",
    "utcnow",
]
