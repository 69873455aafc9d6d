"""Agency API keys (admin only): issue (shown once), list, rotate, revoke."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from riskpanel.api.access import FreshAuthentication
from riskpanel.api.deps import DbSession
from riskpanel.auth.access import Admin, KeyIssuer, KeyRevoker, KeyRotator
from riskpanel.auth.keys import service as keys
from riskpanel.auth.keys.schemas import KeyCreate, KeyIssued, KeyOut, KeyRotate
from riskpanel.kit.schemas import row_fields
from riskpanel.models import ApiCredential

router = APIRouter(prefix="/agencies/{agency_id}/keys", tags=["agency keys"])
AgencyId = Annotated[int, Path(ge=1, le=2**31 - 1)]
KeyId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def key_out(key: ApiCredential) -> KeyOut:
    """The stored key's own columns, and whether it works now."""
    derived = {"agency_id": key.agency_id or 0, "active": keys.is_active(key)}
    return KeyOut.model_validate(row_fields(key) | derived)


def _secret(request: Request) -> dict[str, Any]:
    """The key a new token's hash is made with; the request bodies name the rest."""
    return {"secret_key": request.app.state.settings.secret_key}


def _issued(key: ApiCredential, token: str, replaces: int | None = None) -> KeyIssued:
    return KeyIssued(**key_out(key).model_dump(), token=token, replaces_key_id=replaces)


@router.post(
    "",
    status_code=201,
    response_model=KeyIssued,
    summary="Issue an API key for an agency's system",
    dependencies=[FreshAuthentication],
    description="The whole key is in the answer once; only its keyed hash is stored.",
)
def create_key(
    agency_id: AgencyId, body: KeyCreate, request: Request, session: DbSession, principal: KeyIssuer
) -> KeyIssued:
    given = body.model_dump() | _secret(request)
    key, token = keys.create_key(session=session, principal=principal, agency_id=agency_id, **given)
    session.commit()
    return _issued(key, token)


@router.get("", response_model=list[KeyOut], summary="List an agency's API keys")
def list_keys(agency_id: AgencyId, session: DbSession, _: Admin) -> list[KeyOut]:
    return [key_out(k) for k in keys.list_keys(session=session, agency_id=agency_id)]


@router.post(
    "/{key_id}/rotate",
    status_code=201,
    response_model=KeyIssued,
    summary="Rotate a key",
    dependencies=[FreshAuthentication],
    description="Issues a new key (shown once) and revokes the old one, after an optional "
    "overlap of up to 24 hours so the partner system can switch over.",
)
def rotate_key(
    agency_id: AgencyId,
    key_id: KeyId,
    request: Request,
    session: DbSession,
    principal: KeyRotator,
    body: KeyRotate | None = None,
) -> KeyIssued:
    given = (body or KeyRotate()).model_dump() | _secret(request)
    new, token, old = keys.rotate_key(
        session=session, principal=principal, agency_id=agency_id, key_id=key_id, **given
    )
    session.commit()
    return _issued(new, token, replaces=old.id)


@router.delete(
    "/{key_id}",
    status_code=204,
    summary="Revoke a key now",
    description="The key answers 401 from now on. If it replaced an older key by rotation "
    "and that key is still inside its overlap, the overlap ends too: the older key is "
    "revoked in the same transaction (audited as `overlap_ended`). Revoking a revoked key "
    "changes nothing.",
)
def revoke_key(
    agency_id: AgencyId, key_id: KeyId, session: DbSession, principal: KeyRevoker
) -> Response:
    keys.revoke_key(session=session, principal=principal, agency_id=agency_id, key_id=key_id)
    session.commit()
    return Response(status_code=204)
