"""Errors that services raise and every edge (admin, pages, API) answers the same way."""

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """The record is not in a state that allows this change (a state conflict, not bad input).

    Pages and the admin show it like any validation error, beside the field it names; the API
    answers it with 409 Conflict rather than 400.
    """
