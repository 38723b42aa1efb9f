"""API rate limits keyed on the client's real address (clinic.network), not on whatever
``X-Forwarded-For`` a caller sends.

The request-rate limits (anonymous, per user) count in the bookkeeping cache
(clinic.bookkeeping); the sign-in scope ("auth") counts in the shared default cache, so its
limit holds across app servers.
"""

from rest_framework import throttling

from clinic.bookkeeping import bookkeeping_cache
from clinic.network import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class RequestRateMixin:
    """Count in the bookkeeping cache."""

    @property
    def cache(self):
        return bookkeeping_cache()


class AnonRateThrottle(ClientAddressMixin, RequestRateMixin, throttling.AnonRateThrottle):
    """Anonymous callers, per address."""


class UserRateThrottle(ClientAddressMixin, RequestRateMixin, throttling.UserRateThrottle):
    """Signed-in callers per user; anonymous ones per address."""


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """A view's own scope (the token endpoint's "auth"), per user or address, shared."""
