"""Pieces the clinical models share."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from patients.rules import limits

PAIN_VALIDATORS = [MinValueValidator(limits.SCALE_MIN), MaxValueValidator(limits.SCALE_MAX)]


def pain_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": limits.SCALE_MIN})
        & Q(**{f"{field}__lte": limits.SCALE_MAX}),
        name=name,
    )


#: The outer bounds of every clinical date (the admin and the API check today's window).
DATE_VALIDATORS = [
    MinValueValidator(limits.CLINICAL_DATE_MIN),
    MaxValueValidator(limits.CLINICAL_DATE_MAX),
]


def date_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": limits.CLINICAL_DATE_MIN})
        & Q(**{f"{field}__lte": limits.CLINICAL_DATE_MAX}),
        name=name,
    )
