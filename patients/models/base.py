"""Pieces the clinical models share."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

PAIN_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


def pain_range(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 10}), name=name
    )
