"""Django admin is scoped per clinic: staff see, choose and change only their clinic's rows."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinic.models import Membership, Role, User
from patients.models import (
    Assessment,
    Clearance,
    Patient,
    PrescribedExercise,
    PrescribedPhase,
    Prescription,
)
from programs.library import load_library
from programs.library_data import EXERCISES, PROTOCOLS
from programs.models import Exercise, Phase, PhaseExercise, Protocol
from tests.conftest import consented_assessment
from tests.factories import AssessmentFactory, ExerciseFactory, PhaseFactory, ProtocolFactory

SURNAMES = {
    "north": {
        "manager": "Marlowe",
        "therapist": "Thornbury",
        "patient": "Pennington",
        "other_patient": "Ollerenshaw",
    },
    "south": {
        "manager": "Santorelli",
        "therapist": "Strickland",
        "patient": "Silverwood",
        "other_patient": "Sorensby",
    },
}


def people(actors):
    return {
        "manager": actors.manager,
        "therapist": actors.therapist,
        "patient": actors.patient.user,
        "other_patient": actors.other_patient.user,
    }


def name_people(actors):
    """Give each actor a surname no other actor's name contains, to search the HTML for."""
    for role, user in people(actors).items():
        user.last_name = SURNAMES[actors.clinic.slug][role]
        user.save(update_fields=["last_name"])


def make_records(actors):
    """One clinic-owned row of each kind, named after the clinic."""
    label = actors.clinic.slug.title()
    today = timezone.localdate()
    protocol = ProtocolFactory(
        clinic=actors.clinic, slug=f"{actors.clinic.slug}-own", name=f"{label} desk protocol"
    )
    exercise = ExerciseFactory(
        clinic=actors.clinic, slug=f"{actors.clinic.slug}-own", name=f"{label} towel stretch"
    )
    prescription = Prescription.objects.create(
        clinic=actors.clinic,
        patient=actors.patient,
        therapist=actors.therapist,
        name=f"{label} posture program",
        start_date=today,
    )
    prescribed_phase = PrescribedPhase.objects.create(
        prescription=prescription, order=1, name=f"{label} first weeks", week_start=1
    )
    return {
        "patient": actors.patient,
        "assessment": Assessment.objects.create(
            clinic=actors.clinic,
            patient=actors.patient,
            therapist=actors.therapist,
            assessed_on=today,
            mode="virtual",
            problem_areas=f"{label} upper back",
            red_flag_numbness=False,
            red_flag_sharp_pain=False,
            red_flag_trauma=False,
            red_flag_persistent=False,
        ),
        "prescription": prescription,
        "prescribed_exercise": PrescribedExercise.objects.create(
            phase=prescribed_phase, exercise=exercise, sets=1, frequency="daily"
        ),
        "exercise": exercise,
        "protocol": protocol,
        "phase": PhaseFactory(protocol=protocol, name=f"{label} opening phase"),
        "membership": actors.therapist.membership,
    }


@pytest.fixture
def clinics(north, south):
    """Both clinics with distinctly named people and one row of each kind."""
    for actors in (north, south):
        name_people(actors)
    return {
        "north": make_records(north),
        "south": make_records(south),
    }


@pytest.fixture
def library(db):
    load_library(EXERCISES, PROTOCOLS)


def admin_url(obj, view="change"):
    meta = obj._meta
    name = f"admin:{meta.app_label}_{meta.model_name}_{view}"
    return reverse(name, args=[obj.pk]) if view != "changelist" else reverse(name)


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def add_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def traces_of(actors, records):
    """Every name and email of a clinic that could show up on an admin page."""
    texts = []
    for user in people(actors).values():
        texts += [user.email, user.last_name]
    texts += [
        records["prescription"].name,
        records["exercise"].name,
        records["protocol"].name,
        records["phase"].name,
    ]
    return texts


CHANGELISTS = {
    "patients": (Patient, lambda actors, records: [actors.patient.user.email]),
    "assessments": (Assessment, lambda actors, records: [actors.patient.user.last_name]),
    "prescriptions": (Prescription, lambda actors, records: [records["prescription"].name]),
    "exercises": (Exercise, lambda actors, records: [records["exercise"].name]),
    "protocols": (Protocol, lambda actors, records: [records["protocol"].name]),
    "phases": (Phase, lambda actors, records: [records["phase"].name]),
    "memberships": (Membership, lambda actors, records: [actors.therapist.last_name]),
}


@pytest.mark.parametrize("listed", CHANGELISTS)
def test_a_therapists_changelist_shows_only_their_clinics_rows(
    client, north, south, clinics, listed
):
    model, own_texts = CHANGELISTS[listed]
    client.force_login(north.therapist)

    response = client.get(changelist_url(model))

    assert response.status_code == 200
    html = response.content.decode()
    for text in own_texts(north, clinics["north"]):
        assert text in html
    for text in traces_of(south, clinics["south"]):
        assert text not in html, f"{text!r} of the other clinic is on the {listed} list"


def test_a_therapists_changelist_counts_only_their_clinics_rows(client, north, south, clinics):
    client.force_login(north.therapist)

    response = client.get(changelist_url(Patient))

    assert set(response.context["cl"].result_list) == {north.patient, north.other_patient}


OTHER_CLINIC_MODELS = [
    "patient",
    "assessment",
    "prescription",
    "prescribed_exercise",
    "exercise",
    "protocol",
    "phase",
    "membership",
]


@pytest.mark.parametrize("view", ["change", "delete", "history"])
@pytest.mark.parametrize("kind", OTHER_CLINIC_MODELS)
@pytest.mark.parametrize("role", ["therapist", "manager"])
def test_typing_the_admin_url_of_another_clinics_row_is_not_found(
    client, north, south, clinics, role, kind, view
):
    client.force_login(getattr(north, role))

    response = client.get(admin_url(clinics["south"][kind], view))

    assert response.status_code == 404


@pytest.mark.parametrize("kind", OTHER_CLINIC_MODELS)
def test_posting_to_another_clinics_admin_urls_changes_nothing(client, north, south, clinics, kind):
    obj = clinics["south"][kind]
    client.force_login(north.manager)

    deleted = client.post(admin_url(obj, "delete"), {"post": "yes"})
    changed = client.post(admin_url(obj, "change"), {"name": "Taken over"})

    assert deleted.status_code == 404
    assert changed.status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_therapist_can_open_their_own_clinics_rows(client, north, south, clinics):
    client.force_login(north.therapist)

    for obj in clinics["north"].values():
        assert client.get(admin_url(obj)).status_code == 200, obj


@pytest.fixture
def shared(db):
    return {
        "exercise": ExerciseFactory(clinic=None, slug="shared-cat-cow", name="Shared cat cow"),
        "protocol": ProtocolFactory(clinic=None, slug="shared-posture", name="Shared posture"),
    }


@pytest.mark.parametrize("kind", ["exercise", "protocol"])
def test_a_therapist_sees_the_shared_library(client, north, shared, kind):
    obj = shared[kind]
    client.force_login(north.therapist)

    listed = client.get(changelist_url(type(obj)))
    opened = client.get(admin_url(obj))

    assert listed.status_code == 200
    assert obj.name in listed.content.decode()
    assert opened.status_code == 200


@pytest.mark.parametrize("kind", ["exercise", "protocol"])
def test_the_shared_library_change_page_has_no_save_button(client, north, shared, kind):
    client.force_login(north.therapist)

    response = client.get(admin_url(shared[kind]))

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert not response.context["has_change_permission"]


def test_a_therapist_cannot_change_a_shared_exercise(client, north, shared):
    exercise = shared["exercise"]
    client.force_login(north.therapist)

    response = client.post(
        admin_url(exercise),
        {
            "name": "Renamed by a clinic",
            "slug": exercise.slug,
            "kind": "stretch",
            "region": "neck",
            "steps": '["One step."]',
            "target_muscles": "[]",
            "equipment": "[]",
            "cautions": "[]",
            "variations": "[]",
            "sets": 5,
            "frequency": "daily",
            "times_per_day": 1,
        },
    )

    assert response.status_code == 403
    exercise.refresh_from_db()
    assert exercise.name == "Shared cat cow"
    assert exercise.sets == 1


@pytest.mark.parametrize("kind", ["exercise", "protocol"])
def test_a_therapist_cannot_delete_the_shared_library(client, north, shared, kind):
    obj = shared[kind]
    client.force_login(north.therapist)

    response = client.post(admin_url(obj, "delete"), {"post": "yes"})

    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_therapist_adds_an_exercise_to_their_own_clinic(client, north, south):
    client.force_login(north.therapist)

    form = client.get(add_url(Exercise)).context["adminform"].form
    response = client.post(
        add_url(Exercise),
        {
            "name": "Doorway pec stretch",
            "slug": "doorway-pec-stretch",
            "kind": "stretch",
            "resistance": "none",
            "region": "chest",
            "summary": "Opens the chest.",
            "target_muscles": ["pectoralis minor"],
            "equipment": ["door_frame"],
            "steps": ["Stand in a doorway.", "Lean forward."],
            "cautions": [""],
            "variations": [""],
            "sets": 2,
            "hold_seconds": 30,
            "frequency": "daily",
            "times_per_day": 1,
        },
    )

    assert "clinic" not in form.fields
    assert response.status_code == 302, response.context["adminform"].form.errors
    exercise = Exercise.objects.get(slug="doorway-pec-stretch")
    assert exercise.clinic == north.clinic
    assert exercise.steps == ["Stand in a doorway.", "Lean forward."]


STAFF_FORM = {
    "email": "New.Colleague@North.example",
    "first_name": "Nia",
    "last_name": "Colleague",
    "role": Role.THERAPIST,
}


def test_a_manager_adds_a_staff_member_to_their_clinic(client, north, south):
    client.force_login(north.manager)

    response = client.post(add_url(Membership), STAFF_FORM)

    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = Membership.objects.get(user__email="new.colleague@north.example")
    assert membership.clinic == north.clinic
    assert membership.role == Role.THERAPIST
    assert membership.user.is_staff
    assert membership.user.get_full_name() == "Nia Colleague"


def test_a_therapist_cannot_add_staff(client, north):
    client.force_login(north.therapist)

    opened = client.get(add_url(Membership))
    posted = client.post(add_url(Membership), STAFF_FORM)

    assert opened.status_code == 403
    assert posted.status_code == 403
    assert not User.objects.filter(email__iexact=STAFF_FORM["email"]).exists()


def test_a_therapist_cannot_change_a_colleagues_role(client, north):
    membership = north.manager.membership
    client.force_login(north.therapist)

    response = client.post(admin_url(membership), {"role": Role.THERAPIST})

    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_prescription_form_offers_only_the_clinics_patients_therapists_and_protocols(
    client, north, south, clinics, shared
):
    client.force_login(north.therapist)

    response = client.get(add_url(Prescription))

    fields = response.context["adminform"].form.fields
    assert set(fields["patient"].queryset) == {north.patient, north.other_patient}
    assert set(fields["therapist"].queryset) == {north.manager, north.therapist}
    assert set(fields["protocol"].queryset) == {clinics["north"]["protocol"], shared["protocol"]}
    html = response.content.decode()
    for text in traces_of(south, clinics["south"]):
        assert text not in html


def test_patient_form_offers_only_the_clinics_staff_as_primary_therapist(
    client, north, south, clinics
):
    client.force_login(north.therapist)

    response = client.get(add_url(Patient))

    fields = response.context["adminform"].form.fields
    assert set(fields["primary_therapist"].queryset) == {north.manager, north.therapist}


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/patients/patient/", "/admin/programs/exercise/"]
)
def test_a_patient_cannot_reach_the_admin(client, north, path):
    client.force_login(north.patient.user)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_adding_a_patient_creates_them_in_the_clinic_and_emails_nothing_before_a_program(
    client, north, south
):
    client.force_login(north.therapist)

    response = client.post(
        add_url(Patient),
        {
            "email": "Casey.New@Example.test",
            "first_name": "Casey",
            "last_name": "Newcombe",
            "primary_therapist": north.therapist.pk,
            "date_of_birth": "",
            "phone": "",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    patient = Patient.objects.get(user__email="casey.new@example.test")
    assert patient.clinic == north.clinic
    assert patient.primary_therapist == north.therapist
    assert patient.invited_at is None
    assert not patient.user.has_usable_password()
    assert mail.outbox == []
    assert response["Location"] == reverse("staff:intake_assessment", args=[patient.pk])


def test_a_patient_cannot_be_added_under_another_clinics_therapist(client, north, south):
    client.force_login(north.therapist)

    response = client.post(
        add_url(Patient),
        {
            "email": "sneaky@example.test",
            "first_name": "Sneaky",
            "last_name": "Move",
            "primary_therapist": south.therapist.pk,
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["primary_therapist"]
    assert not User.objects.filter(email="sneaky@example.test").exists()
    assert mail.outbox == []


def prescribe_form(north, protocol):
    return {
        "patient": north.patient.pk,
        "protocol": protocol.pk,
        "therapist": north.therapist.pk,
        "start_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
    }


def test_prescribing_in_the_admin_copies_the_protocols_phases(client, north, library):
    protocol = Protocol.objects.get(clinic=None, slug="upper-back-pain")
    consented_assessment(north.patient)
    client.force_login(north.therapist)

    response = client.post(add_url(Prescription), prescribe_form(north, protocol))

    assert response.status_code == 302, response.context["adminform"].form.errors
    prescription = Prescription.objects.get(patient=north.patient)
    assert prescription.status == "active"
    assert prescription.clinic == north.clinic
    assert prescription.start_date == timezone.localdate() - timedelta(days=1)
    template_phases = list(protocol.phases.order_by("order").values_list("name", flat=True))
    copied_phases = list(prescription.phases.order_by("order").values_list("name", flat=True))
    assert copied_phases == template_phases
    assert prescription.current_phase.order == 1
    assert (
        PrescribedExercise.objects.filter(phase__prescription=prescription).count()
        == PhaseExercise.objects.filter(phase__protocol=protocol).count()
    )


def test_prescribing_while_a_program_is_active_is_refused_with_a_form_error(client, north, library):
    protocol = Protocol.objects.get(clinic=None, slug="upper-back-pain")
    consented_assessment(north.patient)
    client.force_login(north.therapist)
    client.post(add_url(Prescription), prescribe_form(north, protocol))

    for other in (
        protocol,
        Protocol.objects.get(clinic=None, slug="osteoporosis-back-strengthening"),
    ):
        response = client.post(add_url(Prescription), prescribe_form(north, other))

        assert response.status_code == 200
        assert (
            "one active program at a time"
            in response.context["adminform"].form.errors["patient"][0]
        )
    assert Prescription.objects.filter(patient=north.patient).count() == 1


@pytest.mark.parametrize(
    ("screen", "message"),
    [
        ({"red_flag_numbness": True, "consent_given": True}, "screened positive"),
        ({"consent_given": False}, "records no consent"),
    ],
)
def test_a_closed_assessment_gate_is_a_form_error_until_a_clearance_is_recorded(
    client, north, library, screen, message
):
    protocol = Protocol.objects.get(clinic=None, slug="upper-back-pain")
    consent = {"consent_given_by": "The patient", "consent_given_at": timezone.now()}
    assessment = AssessmentFactory(
        patient=north.patient, **screen, **(consent if screen["consent_given"] else {})
    )
    client.force_login(north.therapist)

    refused = client.post(add_url(Prescription), prescribe_form(north, protocol))

    assert refused.status_code == 200
    assert message in refused.context["adminform"].form.errors["patient"][0]
    assert not Prescription.objects.filter(patient=north.patient).exists()

    cleared = client.post(
        add_url(Clearance), {"assessment": assessment.pk, "reason": "Seen in person: safe"}
    )
    assert cleared.status_code == 302
    assert Clearance.objects.get().cleared_by == north.therapist
    assert client.post(add_url(Prescription), prescribe_form(north, protocol)).status_code == 302


def test_prescribing_another_clinics_protocol_is_refused(client, north, south, clinics):
    client.force_login(north.therapist)

    response = client.post(
        add_url(Prescription), prescribe_form(north, clinics["south"]["protocol"])
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["protocol"]
    assert not Prescription.objects.filter(protocol=clinics["south"]["protocol"]).exists()
