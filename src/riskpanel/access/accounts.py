"""Role rules every user account keeps, framework-free so services and checks share them.

(The HTTP rules naming who may call a route are each domain's ``access.py``.)
"""

from __future__ import annotations

from riskpanel.kit.roles import Role


def needs_an_agency(role: str) -> bool:
    """A person with the agency role acts for one agency, so must belong to one."""
    return role == Role.AGENCY


def is_admin(role: str) -> bool:
    return role == Role.ADMIN


def gives_up_admin(*, role: str, new_role: str | None, active: bool | None) -> bool:
    """An admin given another role, or disabled: the service keeps at least one admin."""
    return is_admin(role) and ((new_role is not None and not is_admin(new_role)) or active is False)


def mailbox(email: str) -> str:
    """The mailbox an address reaches: lower case, without a ``+tag`` sub-address, so
    ``Ann+panel@x.org`` counts as ``ann@x.org`` when an admin's own address is compared."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"
