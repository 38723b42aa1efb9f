import datetime

import django.core.validators
from django.conf import settings
from django.db import migrations, models

from patients.models import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0004_clinic_two_factor"),
        ("patients", "0008_alert_codes_from_messages"),
        ("programs", "0002_phase_weeks_trigger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="assessed_on",
            field=models.DateField(
                validators=[
                    django.core.validators.MinValueValidator(datetime.date(2000, 1, 1)),
                    django.core.validators.MaxValueValidator(datetime.date(2099, 12, 31)),
                ],
                verbose_name="date",
            ),
        ),
        migrations.AlterField(
            model_name="prescription",
            name="start_date",
            field=models.DateField(
                validators=[
                    django.core.validators.MinValueValidator(datetime.date(2000, 1, 1)),
                    django.core.validators.MaxValueValidator(datetime.date(2099, 12, 31)),
                ],
                verbose_name="start date",
            ),
        ),
        migrations.AlterField(
            model_name="sessionlog",
            name="performed_on",
            field=models.DateField(
                help_text="In the clinic's time zone.",
                validators=[
                    django.core.validators.MinValueValidator(datetime.date(2000, 1, 1)),
                    django.core.validators.MaxValueValidator(datetime.date(2099, 12, 31)),
                ],
                verbose_name="date",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("assessed_on__gte", datetime.date(2000, 1, 1)),
                    ("assessed_on__lte", datetime.date(2099, 12, 31)),
                ),
                name="assessment_assessed_on_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="prescription",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_date__gte", datetime.date(2000, 1, 1)),
                    ("start_date__lte", datetime.date(2099, 12, 31)),
                ),
                name="prescription_start_date_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionlog",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("performed_on__gte", datetime.date(2000, 1, 1)),
                    ("performed_on__lte", datetime.date(2099, 12, 31)),
                ),
                name="session_log_performed_on_range",
            ),
        ),
        migrations.RunPython(triggers.install, triggers.remove),
    ]
