from django.db import migrations

from programs.phase_order import migration_operations

forwards, backwards = migration_operations("patients_prescribedphase", "prescription_id")


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
