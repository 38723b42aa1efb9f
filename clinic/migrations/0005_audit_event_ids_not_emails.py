"""Audit rows no longer hold the user's email, only their id.

The rows are append-only (migration 0003), so an email in them could never be removed when
a patient is anonymised. Dropping the column removes the emails already written: a schema
change, which the UPDATE/DELETE row trigger does not stop. The admin shows the user's
current email by looking the id up.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clinic", "0004_clinic_two_factor")]

    operations = [migrations.RemoveField(model_name="auditevent", name="actor_email")]
