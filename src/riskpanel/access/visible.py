"""The case a caller may see (or write), with the access window from the caller's settings.

Every service that works on one case starts by loading it as its caller may see it; the
caller context (`kit.caller.Caller`) already carries the principal and the window, so the
services ask with the caller whole instead of spelling both out at each call.
"""

from __future__ import annotations

from sqlmodel import Session

from riskpanel.access.relations import WriteObject, require
from riskpanel.access.service import get_visible_case
from riskpanel.kit.caller import Caller
from riskpanel.models import Case


def visible_case(session: Session, caller: Caller, case_id: int) -> Case:
    """The case if the caller can see it, else 404 (missing and out of reach look alike)."""
    return get_visible_case(
        session=session,
        principal=caller.principal,
        case_id=case_id,
        access_days_after_closure=caller.access_days,
    )


def writable_case(session: Session, caller: Caller, case_id: int, operation: str) -> Case:
    """The case if the caller can see it (else 404) and holds the relation ``operation``
    declares for it (else 403), inside the access window after closure."""
    case = visible_case(session, caller, case_id)
    obj = WriteObject(case=case, access_days_after_closure=caller.access_days)
    require(session=session, principal=caller.principal, operation=operation, obj=obj)
    return case
