"""The cache for request bookkeeping: API request-rate counts and in-flight markers.

Redis (shared by every app server) when ``REDIS_URL`` is set; otherwise each process's
memory, which spares every API request six database queries. Both uses tolerate counts
kept per process: rate limits only shed load (each process then allows the rate; the
sign-in limits stay in the shared default cache), and an in-flight marker only answers a
concurrent retry early; the database's one-session-per-key constraint is what makes a
session count once.
"""

from django.conf import settings
from django.core.cache import caches

ALIAS = "bookkeeping"


def bookkeeping_cache():
    """The bookkeeping cache (the default one where settings name none, as some tests do)."""
    return caches[ALIAS if ALIAS in settings.CACHES else "default"]
