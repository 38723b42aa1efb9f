"""Factories for the test actors and clinical records."""

import factory
from django.utils import timezone

from clinic.models import Clinic, Membership, Role, User
from patients.models import Assessment, Patient
from programs.models import Exercise, Kind, Phase, PhaseExercise, Protocol, Region, Resistance


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, is_staff=True)
    clinic = factory.SubFactory(ClinicFactory)
    role = Role.THERAPIST


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    user = factory.SubFactory(UserFactory)
    primary_therapist = factory.LazyAttribute(lambda o: MembershipFactory(clinic=o.clinic).user)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A virtual assessment of the patient by their therapist, today, with no red flag."""

    class Meta:
        model = Assessment

    patient = factory.SubFactory(PatientFactory)
    clinic = factory.LazyAttribute(lambda o: o.patient.clinic)
    therapist = factory.LazyAttribute(lambda o: o.patient.primary_therapist)
    assessed_on = factory.LazyAttribute(
        lambda o: timezone.localdate(timezone=o.patient.clinic.tzinfo)
    )
    mode = "virtual"
    problem_areas = "Upper back"
    red_flag_numbness = False
    red_flag_sharp_pain = False
    red_flag_trauma = False
    red_flag_persistent = False


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    clinic = None
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    kind = Kind.STRETCH
    resistance = factory.LazyAttribute(
        lambda o: Resistance.BODY_WEIGHT if o.kind == Kind.STRENGTHEN else Resistance.NONE
    )
    region = Region.UPPER_BACK
    steps = factory.LazyFunction(lambda: ["Sit tall.", "Breathe."])
    sets = 1
    reps = 10
    frequency = "daily"


class ProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Protocol

    clinic = None
    slug = factory.Sequence(lambda n: f"protocol-{n}")
    name = factory.Sequence(lambda n: f"Protocol {n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    protocol = factory.SubFactory(ProtocolFactory)
    order = 1
    name = "Phase"
    week_start = 1
    week_end = 2


class PhaseExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseExercise

    phase = factory.SubFactory(PhaseFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = 1
    sets = 1
    reps = 10
    frequency = "daily"
