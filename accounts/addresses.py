"""Who is at the other end: the client's address, and how often it may try to log in or
ask for a new password.

Behind nginx every request comes from the proxy's address. The forwarded header is
believed only when the request comes from a proxy named in DJANGO_TRUSTED_PROXIES;
the client is then the right-most address in X-Forwarded-For that is not one of those
proxies (anything to its left was written by the client and proves nothing).
"""

import datetime
import ipaddress

from axes.models import AccessFailureLog
from django.conf import settings
from django.utils import timezone

from .models import PasswordResetRequest


def _networks():
    return [ipaddress.ip_network(p, strict=False) for p in settings.TRUSTED_PROXIES]


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request) -> str:
    """The client's address as the trusted proxy saw it, else the connection's own."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks()
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a forged or broken header: fall back to the proxy
    return remote


def failed_logins_from(address: str) -> int:
    """Wrong passwords from this address, for any account, within the lockout time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()


def address_is_blocked(request) -> bool:
    """Too many wrong passwords from this address across accounts (a scan of usernames)."""
    return failed_logins_from(client_address(request)) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def reset_requests_allowed(request) -> bool:
    """Whether this address may ask for another password-reset email this hour."""
    since = timezone.now() - datetime.timedelta(hours=1)
    address = client_address(request)
    recent = PasswordResetRequest.objects.filter(address=address, created_at__gte=since)
    if recent.count() >= settings.PASSWORD_RESET_LIMIT:
        return False
    PasswordResetRequest.objects.create(address=address)
    return True
