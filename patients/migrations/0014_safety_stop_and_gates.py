"""Safety: clearances, the red-flag hold, and one active program per patient.

Before the database allows one active program per patient, each patient's older active
programs are paused (the newest by start date stays active: the one the portal showed), and
each pause is written into that program's history.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from patients.models import triggers


def pause_older_active_programs(apps, schema_editor):
    """Pause all but each patient's newest active program, recording why in its history."""
    Prescription = apps.get_model("patients", "Prescription")
    PrescriptionChange = apps.get_model("patients", "PrescriptionChange")
    Patient = apps.get_model("patients", "Patient")
    kept = {}
    for prescription in Prescription.objects.filter(status="active").order_by(
        "patient_id", "-start_date", "-id"
    ):
        newest = kept.setdefault(prescription.patient_id, prescription)
        if newest.pk == prescription.pk:
            continue
        prescription.status = "paused"
        prescription.version += 1
        prescription.save(update_fields=["status", "version"])
        PrescriptionChange.objects.create(
            prescription=prescription,
            changed_by_id=prescription.therapist_id,
            summary=(
                "Paused: a patient follows one active program at a time; "
                f"{newest.name} stays active"
            )[:300],
            details={"status": ["active", "paused"], "one_active_program": newest.pk},
        )
        Patient.objects.filter(pk=prescription.patient_id).update(
            portal_version=models.F("portal_version") + 1
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0005_audit_event_ids_not_emails"),
        ("patients", "0013_program_standing"),
        ("programs", "0002_phase_weeks_trigger"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # SQLite rebuilds the prescription table below, which its session-date triggers name.
        migrations.RunPython(triggers.remove, triggers.install),
        migrations.CreateModel(
            name="Clearance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("cleared_at", models.DateTimeField(auto_now_add=True, verbose_name="cleared at")),
                ("reason", models.TextField(max_length=500, verbose_name="why")),
            ],
            options={
                "verbose_name": "clearance",
                "verbose_name_plural": "clearances",
                "ordering": ["-cleared_at", "-id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="alert",
            name="alert_kind",
        ),
        migrations.RemoveConstraint(
            model_name="prescription",
            name="prescription_one_active_per_protocol",
        ),
        migrations.AddField(
            model_name="prescription",
            name="hold_reason",
            field=models.CharField(
                blank=True,
                choices=[("", "—"), ("red_flag", "Paused for review: a red flag was reported")],
                default="",
                max_length=16,
                verbose_name="held because",
            ),
        ),
        migrations.AlterField(
            model_name="alert",
            name="kind",
            field=models.CharField(
                choices=[
                    ("red_flag", "Red flag reported"),
                    ("pain_rise", "Pain up 2+ points from baseline"),
                    ("pain_after_worse", "Pain worse after two sessions in a row"),
                    ("inactive", "No session for 3 days"),
                    ("no_improvement", "No improvement after two weeks"),
                    ("red_flag_screen", "Red flag at assessment"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "red_flag",
                            "pain_rise",
                            "pain_after_worse",
                            "inactive",
                            "no_improvement",
                            "red_flag_screen",
                        ],
                    )
                ),
                name="alert_kind",
            ),
        ),
        migrations.RunPython(pause_older_active_programs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="prescription",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "active")),
                fields=("patient",),
                name="prescription_one_active_per_patient",
            ),
        ),
        migrations.AddConstraint(
            model_name="prescription",
            constraint=models.CheckConstraint(
                condition=models.Q(("hold_reason", ""), ("status", "paused"), _connector="OR"),
                name="prescription_held_only_when_paused",
            ),
        ),
        migrations.AddField(
            model_name="clearance",
            name="assessment",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="clearance",
                to="patients.assessment",
            ),
        ),
        migrations.AddField(
            model_name="clearance",
            name="cleared_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="cleared by",
            ),
        ),
        migrations.AddField(
            model_name="clearance",
            name="clinic",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="clinic.clinic"
            ),
        ),
        migrations.AddField(
            model_name="clearance",
            name="patient",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="clearances",
                to="patients.patient",
            ),
        ),
        migrations.AddConstraint(
            model_name="clearance",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason", ""), _negated=True), name="clearance_reason_given"
            ),
        ),
        migrations.RunPython(triggers.install, triggers.remove),
    ]
