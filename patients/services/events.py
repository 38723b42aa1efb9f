"""What the core tells the rest of the app after a write, without knowing who listens.

Services send these inside their transaction; engagement (notices, emails) and reporting
(the adherence ledger) connect receivers in ``PatientsConfig.ready``, so the core never
imports them. Receivers that do work outside the database defer it to after commit.
"""

from django.dispatch import Signal

#: A prescription's plan or status changed (or a session was logged): derived data is stale.
#: Arguments: ``prescription``.
program_changed = Signal()

#: A dose was changed. Arguments: ``prescription``, ``change``, ``exercise_name``,
#: ``before``, ``after`` (dose summaries).
dose_changed = Signal()

#: A therapist tailored the program (patients.services.builder). Arguments: ``prescription``,
#: ``change``, ``action`` (one of the builder's action names) and ``details`` (what the
#: history keeps: names of the exercise, phase or protocol, before and after).
program_tailored = Signal()

#: A program's status changed. Arguments: ``prescription``, ``change``, ``status``.
status_changed = Signal()

#: The patient moved to a new phase. Arguments: ``prescription``, ``change``, ``phase``.
phase_advanced = Signal()

#: A new alert was raised for the care team. Arguments: ``alert``.
alert_raised = Signal()

#: A patient's record was anonymised. Arguments: ``patient_id``.
patient_anonymised = Signal()
