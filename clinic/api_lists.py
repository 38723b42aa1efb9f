"""API lists: strict filters, bounded pages and a documented order, for every list endpoint.

Kept apart from ``clinic.api``: DRF reads these classes from its settings while its generic
views are being imported, so this module must not import anything that imports them.
"""

import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings

#: Largest page a client may ask for (``page_size``); the default page is 50 rows.
MAX_PAGE_SIZE = 200
#: Query parameters every list understands besides its filters: DRF's ``format`` override.
ALWAYS_ALLOWED = frozenset({"format"})
DIGITS = re.compile(r"[0-9]{1,18}", re.ASCII)


def positive_int(value: str, name: str, *, maximum: int | None = None) -> int:
    """A query parameter that must be a whole number from 1 (to ``maximum``), else a 400."""
    if DIGITS.fullmatch(value) and 1 <= int(value) <= (maximum or int(value)):
        return int(value)
    bound = _(" up to %(n)d") % {"n": maximum} if maximum else ""
    raise exceptions.ValidationError(
        {name: [_("Give a whole number from 1%(up)s.") % {"up": bound}]}
    )


def check_query_params(request, allowed) -> None:
    """Refuse a query parameter the endpoint does not document, or one sent empty (400).

    A typo in a filter name, or ``?open=``, would otherwise list everything silently.
    """
    errors = {}
    for name, values in request.query_params.lists():
        if name not in allowed and name not in ALWAYS_ALLOWED:
            errors[name] = [_("Unknown query parameter.")]
        elif any(value == "" for value in values):
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
    if errors:
        raise exceptions.ValidationError(errors)


class Pagination(PageNumberPagination):
    """Pages of 50 by default; ``page_size`` from 1 to 200; a malformed page is a 400."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        return positive_int(value, self.page_size_query_param, maximum=self.max_page_size)

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None or value in self.last_page_strings:
            return super().get_page_number(request, paginator)
        return positive_int(value, self.page_query_param)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = _("Rows per page, from 1 to %(n)d (default %(d)d).") % {
                    "n": self.max_page_size,
                    "d": self.page_size,
                }
        return parameters


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, with every parameter of a list checked (``check_query_params``)."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "list":
            allowed = set()
            filterset_class = self.get_filterset_class(view, queryset)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
            if view.paginator is not None:
                allowed |= {view.paginator.page_query_param, view.paginator.page_size_query_param}
            if getattr(view, "ordering_fields", None):
                allowed.add(api_settings.ORDERING_PARAM)
            check_query_params(request, allowed)
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=name`` or ``-name`` among the view's ``ordering_fields``; anything else 400.

    One key at a time (ties broken by id), so the schema can list every accepted value.
    """

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get(self.ordering_param)
        fields = getattr(view, "ordering_fields", None)
        if value is None or not fields:
            return self.get_default_ordering(view)
        if value.removeprefix("-") not in fields:
            raise exceptions.ValidationError(
                {self.ordering_param: [_("Order by one of: %(f)s.") % {"f": ", ".join(fields)}]}
            )
        return [value, "-id" if value.startswith("-") else "id"]

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(_("Order by this field; a leading '-' reverses it.")),
                "schema": {
                    "type": "string",
                    "enum": [f"{sign}{field}" for field in fields for sign in ("", "-")],
                },
            }
        ]


class StrictBooleanField(forms.Field):
    """``true`` or ``false`` and nothing else (django-filter reads anything else as "any")."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError(_("Use true or false."), code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter that refuses values other than ``true`` and ``false`` (400)."""

    field_class = StrictBooleanField


class IdChoiceField(forms.ModelChoiceField):
    """An id among the caller's rows; a malformed id or one too large for SQLite is refused."""

    def to_python(self, value):
        if value not in self.empty_values and not DIGITS.fullmatch(str(value)):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ScopedIdFilter(django_filters.ModelChoiceFilter):
    """Filter by the id of a row the caller can see: another clinic's id is unknown (400),
    exactly as an id that does not exist, so a filter cannot tell which ids exist elsewhere."""

    field_class = IdChoiceField

    def __init__(self, rows, **kwargs):
        def queryset(request):
            user = getattr(request, "user", None)
            return rows(user) if user is not None else rows(None).none()

        super().__init__(queryset=queryset, **kwargs)
