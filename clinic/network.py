"""The client's real address, the one place every part asks (sign-in lockout, rate limits,
audit).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies that each append the address they received a
request from to ``X-Forwarded-For``, the client is the entry that many places from the
right; anything to its left was written by the client and is ignored. With no trusted proxy
the header is ignored and the connection's address is used. django-ipware reads the header.
"""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str | None:
    """The address the request came from, as far as the configured proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    # python-ipware counts the proxies listed in the header after the client; the last of
    # ours is not in the header but is the connection itself (REMOTE_ADDR).
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return address or remote
