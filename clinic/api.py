"""API plumbing shared by every endpoint: roles, scoping, errors, sign-in and "who am I".

The one home of the API's permission classes; page decorators live in ``clinic.access``.
"""

from contextlib import ExitStack
from http.client import responses as http_phrases

from django.contrib.auth import authenticate
from django.core.exceptions import NON_FIELD_ERRORS as DJANGO_NON_FIELD
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.urls import is_valid_path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from drf_spectacular import generators
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView, exception_handler

from clinic import access, tokens
from clinic.errors import StateConflict
from clinic.middleware import bind_viewer
from clinic.models import Clinic
from clinic.tenancy import viewer_for, viewer_scope


class IsStaffMember(permissions.BasePermission):
    """Clinic staff (manager or therapist)."""

    message = "This endpoint is for clinic staff."

    def has_permission(self, request, view):
        viewer = viewer_for(request.user)
        return viewer.is_staff_member or viewer.is_superuser


class IsPatient(permissions.BasePermission):
    message = "This endpoint is for patients."

    def has_permission(self, request, view):
        return viewer_for(request.user).is_patient


class StaffWritesPatientsRead(permissions.BasePermission):
    """Staff read and write; a patient reads (their own rows, by the scoped queryset)."""

    message = "Only clinic staff can change this."

    def has_permission(self, request, view):
        viewer = viewer_for(request.user)
        if viewer.is_staff_member or viewer.is_superuser:
            return True
        return viewer.is_patient and request.method in permissions.SAFE_METHODS


class ViewerScopeMixin:
    """Run the view in the clinic scope of the caller DRF signed in (token or session).

    The middleware opened a scope for the session's user; a token is read only here, inside
    the view, so the viewer is bound and the scope opened again once authentication ran.
    Every API view that touches clinical data derives from this (a test walks the URLs).
    """

    def dispatch(self, request, *args, **kwargs):
        with ExitStack() as scopes:
            self._scopes = scopes
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        bind_viewer(request._request, request.user)
        self._scopes.enter_context(viewer_scope(request.viewer))


class ScopedQuerysetMixin(ViewerScopeMixin):
    """Every viewset's rows come from ``Model.objects.visible_to(user)`` (clinic.tenancy)."""

    queryset_model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # drf-spectacular builds the schema with no caller: the model is all it needs.
            return self.queryset_model.objects.none()
        return self.scope(self.queryset_model.objects.visible_to(self.request.user))

    def scope(self, queryset):
        """Hook for select_related / prefetch_related on the scoped rows."""
        return queryset


# ---------------------------------------------------------------- errors

#: The key of errors about the input as a whole (Django's "__all__" is renamed to it).
NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class ErrorSerializer(serializers.Serializer):
    """Every error answer under /api/: a message, and for bad input the fields that were wrong.

    ``errors`` maps the path of each wrong value (``exercises[1].reps_done``; input as a whole:
    ``non_field_errors``) to its messages.
    """

    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class Conflict(exceptions.ValidationError):
    """409: the record's state does not allow the change (e.g. completing a completed program).

    A validation error by shape (it names the field), a conflict by status.
    """

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record is not in a state that allows this change.")
    default_code = "conflict"


def error_paths(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as one list of messages per path of the wrong value."""
    found: dict[str, list[str]] = {}

    def add(path: str, messages: list[str]) -> None:
        found.setdefault(path or NON_FIELD, []).extend(messages)

    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key in (NON_FIELD, DJANGO_NON_FIELD):
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in error_paths(value, path).items():
                add(sub, messages)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        # A list serializer's errors: one entry per item, empty for the items that were fine.
        for index, item in enumerate(detail):
            if item:
                for sub, messages in error_paths(item, f"{prefix}[{index}]").items():
                    add(sub, messages)
    elif isinstance(detail, list):
        add(prefix, [str(message) for message in detail])
    else:
        add(prefix, [str(detail)])
    return found


def _django_errors(exc: DjangoValidationError):
    return exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}


def api_exception_handler(exc, context):
    """Turn service errors into API errors and give every error the same JSON shape.

    A service's ``StateConflict`` (the record is not in a state that allows the change) is a
    409, any other validation error a 400; both carry the paths of what was wrong.
    """
    if isinstance(exc, StateConflict):
        exc = Conflict(_django_errors(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_errors(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = error_paths(data)
        message = "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in fields.items())
        summary = (
            _("Conflict with the record's state.")
            if isinstance(exc, Conflict)
            else _("Invalid input.")
        )
        response.data = {"detail": f"{summary} {message}", "errors": fields}
    elif not (isinstance(data, dict) and "detail" in data):
        response.data = {"detail": " ".join(m for msgs in error_paths(data).values() for m in msgs)}
    return response


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; see `errors`."),
    401: OpenApiResponse(ErrorSerializer, description="Not signed in."),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed for this user."),
    404: OpenApiResponse(ErrorSerializer, description="Not found (or not yours)."),
    405: OpenApiResponse(ErrorSerializer, description="Method not allowed."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; retry later."),
}


# Content negotiation fails before a view runs: any operation for an Accept header the API
# cannot serve (it serves JSON), one that reads a body for a Content-Type it cannot parse.
NEGOTIATION_ERRORS = {
    406: OpenApiResponse(ErrorSerializer, description="Cannot answer in the Accept-ed format."),
    415: OpenApiResponse(ErrorSerializer, description="Body not JSON, form or multipart."),
}


#: Summaries of the standard viewset actions, by the model's verbose names.
ACTION_SUMMARIES = {
    "list": _("List %(plural)s"),
    "retrieve": _("One %(name)s"),
    "create": _("New %(name)s"),
    "update": _("Replace %(name)s"),
    "partial_update": _("Change %(name)s"),
    "destroy": _("Delete %(name)s"),
}


class ClinicAutoSchema(AutoSchema):
    """Documents the shared error bodies and a summary on every operation."""

    def get_summary(self):
        """The standard actions by model name; any other, its docstring's first sentence."""
        action = getattr(self.view, "action", None)
        model = getattr(getattr(self.view, "queryset_model", None), "_meta", None)
        if action in ACTION_SUMMARIES and model is not None:
            names = {"name": model.verbose_name, "plural": model.verbose_name_plural}
            return str(ACTION_SUMMARIES[action] % names)
        text = self.get_description() or ""
        first = text.strip().split("\n\n")[0].replace("\n", " ").split(". ")[0]
        return first.rstrip(".") or None

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in ERRORS.items():
            if code == 400 and self.method == "GET" and not self._is_list_view():
                continue
            responses.setdefault(str(code), self._get_response_for_code(response, str(code)))
        reads_body = self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer()
        for code, response in NEGOTIATION_ERRORS.items():
            if code == 415 and not reads_body:
                continue
            responses.setdefault(str(code), self._get_response_for_code(response, str(code)))
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for ``Authorization: Token <token>`` (clinic.tokens)."""

    target_class = "clinic.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>` from `POST /api/v1/auth/token/`.",
        }


class SchemaGenerator(generators.SchemaGenerator):
    """The OpenAPI generator, as system code: it reads no rows, only models and filters.

    django-filter and drf-spectacular build querysets to learn field types; outside a
    request (``manage.py spectacular``) or for a signed-out reader of the schema page no
    clinic scope is open, and those would raise (clinic.tenancy).
    """

    def get_schema(self, request=None, public=False):
        with scopes_disabled():
            return super().get_schema(request=request, public=public)


# ---------------------------------------------------------------- sign-in and identity


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})
    otp = serializers.RegexField(
        r"^\d{6}$",
        required=False,
        help_text="The current 6-digit code, for staff with two-factor sign-in.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(
        help_text="When the token ends at the latest (a staff token also ends when idle)."
    )


class ObtainTokenView(APIView):
    """Sign in for the API (POST: a new token each time) and sign out (DELETE: end this one)."""

    authentication_classes = [tokens.ApiTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    throttle_scope = "auth"

    def get_authenticate_header(self, request):
        return "Token"  # a failed sign-in is a 401, telling the client how to authenticate

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def perform_authentication(self, request):
        if request.method == "DELETE":
            super().perform_authentication(request)  # signing in reads no token

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, no_store=True, private=True)  # a secret, never cached
        return response

    @extend_schema(
        summary="Sign in: a new API token",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **ERRORS},
    )
    def post(self, request):
        incoming = TokenRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user = authenticate(
            request._request,  # django-axes counts failures per account and address
            username=incoming.validated_data["email"],
            password=incoming.validated_data["password"],
        )
        if user is None or not user.is_active:
            # Same answer whether or not the account exists.
            raise exceptions.AuthenticationFailed("Email or password is incorrect.")
        if access.second_factor_required(user):
            device = access.confirmed_device(user)
            code = incoming.validated_data.get("otp")
            # Only a code that was sent counts as an attempt (django-otp throttles failures).
            if device is None or code is None or not device.verify_token(code):
                raise exceptions.AuthenticationFailed(
                    "A current two-factor code is required (field otp); set it up in the app."
                )
        key, token = tokens.issue(user)
        return Response({"token": key, "expiry": token.expiry})

    @extend_schema(
        summary="Sign out: end the token this request is sent with",
        request=None,
        responses={204: None, **ERRORS},
    )
    def delete(self, request):
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClinicSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Clinic
        fields = ["id", "name", "slug", "time_zone"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=["manager", "therapist", "patient", "superuser", "none"])
    clinic = ClinicSummarySerializer(allow_null=True)
    patient_id = serializers.IntegerField(allow_null=True)


class MeView(ViewerScopeMixin, APIView):
    """Who the caller is: role, clinic and, for a patient, their patient id."""

    @extend_schema(responses={200: MeSerializer, **ERRORS})
    def get(self, request):
        viewer = request.viewer
        clinic = viewer.clinic
        role = viewer.role or ("superuser" if viewer.is_superuser else "none")
        data = {
            "id": request.user.pk,
            "email": request.user.email,
            "name": request.user.get_full_name(),
            "role": role,
            "clinic": ClinicSummarySerializer(clinic).data if clinic else None,
            "patient_id": viewer.patient_id,
        }
        return Response(MeSerializer(data).data, status=status.HTTP_200_OK)


# ---------------------------------------------------------------- every answer under /api/

API_PREFIX = "/api/"
#: Headers of an error answer that a client needs whatever made it (rate limits, sign-in).
KEPT_HEADERS = ("Retry-After", "WWW-Authenticate", "Allow")


class ApiContractMiddleware:
    """Two promises for every request under /api/, whichever code answers it.

    - A path without its trailing slash is served as the path with it (no redirect, which
      would drop a POST body, and no DEBUG-mode error): ``POST /api/v1/sessions`` works.
    - Every error is JSON in the one shape of ``ErrorSerializer``, also when Django, a
      sign-in lockout or the web server's limits answer before or outside a DRF view (an
      unknown URL, a body too large, a lockout's 429), keeping ``Retry-After`` and the like.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        if not request.path_info.endswith("/"):
            urlconf = getattr(request, "urlconf", None)
            with_slash = f"{request.path_info}/"
            if not is_valid_path(request.path_info, urlconf) and is_valid_path(with_slash, urlconf):
                request.path_info = with_slash
                request.path = f"{request.path}/"
        response = self.get_response(request)
        if response.status_code < 400 or _is_json(response):
            return response
        code = response.status_code
        phrase = ERROR_PHRASES.get(code) or http_phrases.get(code, _("Error."))
        answer = JsonResponse({"detail": str(phrase)}, status=response.status_code)
        for name in KEPT_HEADERS:
            if name in response:
                answer[name] = response[name]
        return answer


def _is_json(response) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


ERROR_PHRASES = {
    400: _("Bad request."),
    403: _("You do not have permission to do this."),
    404: _("Not found."),
    405: _("Method not allowed."),
    413: _("The request is too large."),
    429: _("Too many requests; retry later."),
    500: _("Something went wrong on our side."),
}
