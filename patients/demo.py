"""Demo clinics, staff and patients so a first run shows something real. Demo only."""

from django.db import transaction

from clinic.models import Clinic, Membership, Role, User
from patients.models import Patient

DEMO_PASSWORD = "physio-demo"

CLINICS = [
    ("northside", "Northside Physiotherapy", "America/Toronto"),
    ("southside", "Southside Physio & Rehab", "America/Vancouver"),
]
STAFF = [
    ("manager", "Morgan", "Lee", Role.MANAGER),
    ("therapist", "Sam", "Rivera", Role.THERAPIST),
    ("therapist2", "Alex", "Chen", Role.THERAPIST),
]
PATIENTS = [
    ("patient", "Pat", "Morrison", "therapist"),
    ("patient2", "Jordan", "Blake", "therapist"),
    ("patient3", "Robin", "Okafor", "therapist2"),
]


def _user(email: str, first: str, last: str, *, is_staff: bool) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_staff=is_staff,
        )
    return user


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create what is missing of the demo data; returns the (email, role) logins."""
    logins = []
    for slug, name, tz in CLINICS:
        clinic, _ = Clinic.objects.get_or_create(
            slug=slug, defaults={"name": name, "time_zone": tz}
        )
        staff = {}
        for local, first, last, role in STAFF:
            email = f"{local}@{slug}.example"
            user = _user(email, first, last, is_staff=True)
            Membership.objects.get_or_create(user=user, defaults={"clinic": clinic, "role": role})
            staff[local] = user
            logins.append((email, role.label))
        for local, first, last, therapist in PATIENTS:
            email = f"{local}@{slug}.example"
            user = _user(email, first, last, is_staff=False)
            Patient.objects.get_or_create(
                user=user, defaults={"clinic": clinic, "primary_therapist": staff[therapist]}
            )
            logins.append((email, "Patient"))
    return logins
