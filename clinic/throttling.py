"""API rate limits keyed on the client's real address (clinic.network), not on whatever
``X-Forwarded-For`` a caller sends."""

from rest_framework import throttling

from clinic.network import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request) or "unknown"


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Anonymous callers, per address."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Signed-in callers per user; anonymous ones per address."""


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    """A view's own scope (the token endpoint's "auth"), per user or address."""
