from django.db import migrations

from programs.phase_order import migration_operations

forwards, backwards = migration_operations("programs_phase", "protocol_id")


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
