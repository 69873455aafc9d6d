"""Access-log events named from the row they are about: a case, a referral or a person.

Most domains log reads and changes of something that belongs to a case (its record, its
assessments, research, the Victims' Code entitlement), to a referral, or to a person.
`About` names the subject, the case and the victim from the loaded row, in one place, so no
caller can log the case of one person with the id of another, and a subject access search
by person finds every such event; `record_on` writes the event with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlmodel import Session

from riskpanel.audit.service import record
from riskpanel.kit.principal import Principal
from riskpanel.models import Case, Referral
from riskpanel.models.enums import AuditAction


@dataclass(frozen=True)
class About:
    """What an event is about: the subject (``id`` ``None`` for a list), and the case and
    person it touches, if any."""

    subject_type: str
    subject_id: Any = None
    case_id: int | None = None
    person_id: int | None = None

    @classmethod
    def case(cls, case: Case, subject: str | About = "case", *, victim: bool = True) -> About:
        """The case itself (``subject`` a type: the case's id), or another row of the case
        (``subject`` an `About`). ``victim=False`` leaves the victim unnamed, for events
        about the case's own workings (its history, state, links) rather than the person."""
        named = subject if isinstance(subject, About) else cls(subject, case.id)
        person_id = case.victim_person_id if victim else None
        return cls(named.subject_type, named.subject_id, case.id, person_id)

    @classmethod
    def referral(cls, referral: Referral) -> About:
        """A referral, its victim, and the case it belongs to (none until screening)."""
        return cls("referral", referral.id, referral.case_id, referral.victim_person_id)

    @classmethod
    def person(cls, person_id: int | None, subject: str | About = "person") -> About:
        """A person (``subject`` a type: the person's id), or a row about them (a match)."""
        named = subject if isinstance(subject, About) else cls(subject, person_id)
        return cls(named.subject_type, named.subject_id, person_id=person_id)


def record_on(
    session: Session,
    principal: Principal,
    action: AuditAction,
    purpose: str,
    about: About,
    *,
    fields: Iterable[str] = (),
    recipients: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
) -> int:
    """Log ``action`` for ``purpose`` on what ``about`` names; the new event's id. The
    fields of `About` are the names `record` takes for them."""
    return record(
        session=session,
        principal=principal,
        action=action,
        purpose=purpose,
        fields=fields,
        recipients=recipients,
        detail=detail,
        **asdict(about),
    )
