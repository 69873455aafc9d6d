"""Where a webhook may go: public http(s) addresses only, unless allow-listed.

A webhook URL is typed in by an administrator and followed by the server, so without a
check it is a way to make riskpanel send requests into its own network: the cloud
metadata service (169.254.169.254), a database's HTTP port on loopback, a council's
internal systems. So the URL is checked when it is set and again when each message is
sent, by resolving the host afresh (a name that pointed outside when it was set may point
inside now: DNS rebinding), and the request then goes to the address that was checked,
not to whatever a second lookup inside the HTTP client would return.

``RISKPANEL_WEBHOOK_ALLOWED_NETWORKS`` admits named internal networks for on-premises
receivers; nothing else outside the public internet is reachable.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network
from urllib.parse import SplitResult, urlsplit

from riskpanel.kit.errors import InvalidInput

Address = IPv4Address | IPv6Address
Networks = Sequence[IPv4Network | IPv6Network]
ALLOW_SETTING = "RISKPANEL_WEBHOOK_ALLOWED_NETWORKS"
SHARED = ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
NAT64 = ip_network("64:ff9b::/96")  # carries an IPv4 address in its last 32 bits


class TargetRefused(ValueError):
    """The URL may not be sent to; the message says why, naming the address."""


@dataclass(frozen=True)
class Target:
    """A checked URL: its parts and the addresses it resolved to, all allowed."""

    parts: SplitResult
    host: str
    port: int
    addresses: tuple[Address, ...]


def _embedded_ipv4(address: Address) -> Address:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4 or NAT64), else itself:
    otherwise ``::ffff:127.0.0.1`` or ``2002:7f00:1::`` would pass as public IPv6."""
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in NAT64:
            return IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def why_not(address: Address) -> str | None:
    """The kind of non-public address this is, or None for a public one."""
    address = _embedded_ipv4(address)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("shared (carrier-grade NAT)", isinstance(address, IPv4Address) and address in SHARED),
        ("private", address.is_private and not address.is_reserved),
        ("reserved", address.is_reserved),
        ("not public", not address.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def refusal(address: Address, allowed: Networks) -> str | None:
    """Why ``address`` may not be sent to ("a loopback address"), or None when it may."""
    kind = why_not(address)
    if kind is None or any(address in net or _embedded_ipv4(address) in net for net in allowed):
        return None
    return f"a {kind} address"


def _parts(url: str) -> tuple[SplitResult, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise TargetRefused(f"is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise TargetRefused("must be an http(s) URL")
    if not parts.hostname:
        raise TargetRefused("must name a host")
    if parts.username is not None or parts.password is not None:
        raise TargetRefused("must not carry a user name or password (use the signing secret)")
    return parts, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _literal(host: str) -> Address | None:
    try:
        return ip_address(host)
    except ValueError:
        pass
    try:  # "2130706433" or "0x7f.1": forms the resolver accepts as IPv4 addresses
        return ip_address(socket.inet_aton(host)) if host[:1].isdigit() else None
    except OSError:
        return None


def resolve(host: str, port: int) -> tuple[Address, ...]:
    """Every address the name has now, in the resolver's order of preference."""
    if (literal := _literal(host)) is not None:
        return (literal,)
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: always loopback
        return (IPv4Address("127.0.0.1"),)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise TargetRefused(f"host {host} does not resolve ({exc})") from None
    found: dict[Address, None] = {}
    for info in infos:
        found[ip_address(str(info[4][0]).split("%", 1)[0])] = None
    return tuple(found)


def _check_all(host: str, addresses: tuple[Address, ...], allowed: Networks) -> None:
    """Every address must pass: a name with one public and one internal address could
    otherwise be steered to the internal one."""
    for address in addresses:
        reason = refusal(address, allowed)
        if reason is not None:
            shown = str(address) if host.strip("[]") == str(address) else f"{host} ({address})"
            raise TargetRefused(
                f"{shown} is {reason}; webhooks go to public addresses only, "
                f"or to networks listed in {ALLOW_SETTING}"
            )


def checked_target(url: str, allowed: Networks) -> Target:
    """Resolve now and check every address; raises TargetRefused. Used at delivery."""
    parts, host, port = _parts(url)
    addresses = resolve(host, port)
    _check_all(host, addresses, allowed)
    return Target(parts, host, port, addresses)


def check_webhook_url(url: str, *, allowed: Networks, field: str = "url") -> None:
    """Refuse a URL that points inside at the moment it is set (InvalidInput naming the
    field). A name that does not resolve yet is accepted: it is checked again, by
    resolving it, before every delivery."""
    try:
        _, host, port = _parts(url)
        try:
            addresses = resolve(host, port)
        except TargetRefused:
            return
        _check_all(host, addresses, allowed)
    except TargetRefused as exc:
        raise InvalidInput.field(field, str(exc)) from None
