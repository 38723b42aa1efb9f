"""The audit log: record reads, changes, exports, refusals and sign-ins of clinical data.

Only identifiers are stored (user id, record type and id, address, status), never clinical
text and never a name or an email: the rows are append-only, so anything personal in them
could never be removed when a patient is anonymised. Who a user id is can be looked up
while the account exists; after anonymisation it points at an anonymous account.

The request's user and address travel in a context variable set by ``AuditMiddleware``,
so model signals and bulk operations can name who did it.
"""

import contextvars
import time
from dataclasses import dataclass

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import Resolver404, resolve

from clinic.models import AuditAction, AuditEvent
from clinic.network import client_ip
from clinic.personal_data import is_audited
from clinic.tenancy import bulk_written, viewer_for

# Which models' changes are recorded is declared in the personal-data register
# (``audited=True``; clinic.personal_data): clinical rows are, rows the system writes for
# itself (the adherence ledger, the once-only claims of reminders and digests) are not.
#: Where staff read clinical data (pages, API, admin screens).
CLINICAL_PATHS = ("/clinic/", "/api/v1/", "/admin/patients/")
NOT_CLINICAL_API = ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/me/", "/api/v1/auth/")
#: Query parameters holding text someone typed (a name searched for): kept as a mark only,
#: since an audit row can never be changed and must hold no name.
FREE_TEXT_PARAMETERS = ("search", "q")
#: Rows written for callers who are not signed in (refused requests, failed sign-ins), per
#: address and in all, per minute; beyond it they are dropped, so a scanner or a password
#: sprayer cannot grow the append-only table without limit (axes still counts the failures).
ANONYMOUS_ROWS_PER_ADDRESS_PER_MINUTE = 30
ANONYMOUS_ROWS_PER_MINUTE = 600


def audited_path(request) -> str:
    """The path with its query string (which patient a list was filtered to), free text
    masked."""
    if not request.GET:
        return request.path
    query = request.GET.copy()
    for name in FREE_TEXT_PARAMETERS:
        if name in query:
            query.setlist(name, ["(text)"] * len(query.getlist(name)))
    return f"{request.path}?{query.urlencode(safe='()')}"


def _anonymous_row_allowed(ip) -> bool:
    """Count a row for a caller who is not signed in; False past either limit."""
    minute = int(time.time() // 60)
    within = True
    for key, limit in (
        (f"audit:anonymous:{ip}:{minute}", ANONYMOUS_ROWS_PER_ADDRESS_PER_MINUTE),
        (f"audit:anonymous:all:{minute}", ANONYMOUS_ROWS_PER_MINUTE),
    ):
        cache.add(key, 0, timeout=120)
        within = cache.incr(key) <= limit and within
    return within


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    clinic_id: int | None
    ip: str | None


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)


def actor_for(request) -> Actor:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return Actor(
        user_id=user.pk if signed_in else None,
        clinic_id=viewer_for(user).clinic_id if signed_in else None,
        ip=client_ip(request),
    )


def record(
    action: str,
    *,
    object_type: str = "",
    object_id="",
    actor: Actor | None = None,
    path: str = "",
    status_code: int | None = None,
    clinic_id=None,
) -> AuditEvent:
    """Write one audit event (append-only)."""
    actor = actor or _actor.get() or Actor(None, None, None)
    return AuditEvent.objects.create(
        actor_id=actor.user_id,
        clinic_id=clinic_id if clinic_id is not None else actor.clinic_id,
        action=action,
        object_type=object_type[:80],
        object_id=str(object_id)[:64],
        path=path[:300],
        status_code=status_code,
        ip=actor.ip,
    )


@receiver(bulk_written)
def record_bulk(sender, *, action: str, queryset, count: int, **kwargs) -> None:
    """A bulk update or create that model signals would not see."""
    model = queryset.model
    if is_audited(model):
        record(action, object_type=model._meta.label_lower, object_id=f"{count} rows")


class AuditMiddleware:
    """Remember who is asking, and record staff reads and refused requests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(actor_for(request))
        try:
            response = self.get_response(request)
            # The API authenticates inside the view; look again for its user.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and _actor.get().user_id is None:
                _actor.set(actor_for(request))
            self._record_request(request, response)
            return response
        finally:
            _actor.reset(token)

    def _record_request(self, request, response):
        path = request.path
        if not path.startswith(CLINICAL_PATHS) or path.startswith(NOT_CLINICAL_API):
            return
        status = response.status_code
        actor = _actor.get()
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        object_type = match.view_name if match else ""
        object_id = next(iter(match.kwargs.values()), "") if match and match.kwargs else ""
        if status in (401, 403, 404):
            if actor.user_id is None and not _anonymous_row_allowed(actor.ip):
                return
            record(
                AuditAction.DENIED,
                object_type=object_type,
                object_id=object_id,
                path=audited_path(request),
                status_code=status,
                actor=actor,
            )
            return
        viewer = viewer_for(getattr(request, "user", None))
        if request.method == "GET" and status == 200 and viewer.is_staff_member:
            action = AuditAction.EXPORT if path.endswith(".csv") else AuditAction.READ
            record(
                action,
                object_type=object_type,
                object_id=object_id,
                path=audited_path(request),
                status_code=status,
                actor=actor,
            )


@receiver(post_save)
def _saved(sender, instance, created, raw=False, **kwargs):
    meta = sender._meta
    if raw or not is_audited(sender):
        return
    record(
        AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type=meta.label_lower,
        object_id=instance.pk,
        clinic_id=_clinic_of(instance),
    )


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    meta = sender._meta
    if not is_audited(sender):
        return
    record(
        AuditAction.DELETE,
        object_type=meta.label_lower,
        object_id=instance.pk,
        clinic_id=_clinic_of(instance),
    )


def _clinic_of(instance):
    return getattr(instance, "clinic_id", None)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(
        AuditAction.LOGIN,
        object_type="user",
        object_id=user.pk,
        actor=actor_for(request) if request else None,
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(
            AuditAction.LOGOUT,
            object_type="user",
            object_id=user.pk,
            actor=Actor(
                user.pk,
                viewer_for(user).clinic_id,
                client_ip(request) if request else None,
            ),
        )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The address typed is not stored: it may not be an account, and it may be a typo of
    # someone's email. The attempt and its source address are what matter.
    ip = client_ip(request) if request else None
    if not _anonymous_row_allowed(ip):
        return
    record(
        AuditAction.LOGIN_FAILED,
        object_type="user",
        actor=Actor(None, None, ip),
        path=request.path if request else "",
    )
