"""Finding one's way as staff: the admin links to the clinic pages, staff pages have their own
header, and a manager's caseload shows, filters and searches by therapist and name."""

from django.urls import reverse

from clinic.models import Role
from tests.factories import MembershipFactory, PatientFactory


def test_the_admin_header_links_to_the_caseload_the_report_and_a_new_patient(client, north):
    client.force_login(north.therapist)
    page = client.get(reverse("admin:index")).content.decode()
    for name in ("staff:caseload", "staff:report", "staff:intake"):
        assert f'href="{reverse(name)}"' in page


def test_staff_pages_carry_the_clinic_workspace_header_not_the_patients(client, north):
    client.force_login(north.therapist)
    page = client.get(reverse("staff:caseload")).content.decode()
    assert "North · clinic workspace" in page and "My exercises" not in page
    client.force_login(north.patient.user)
    assert "My exercises" in client.get(reverse("patients:today")).content.decode()


def _second_therapist(north):
    colleague = MembershipFactory(clinic=north.clinic, role=Role.THERAPIST).user
    theirs = PatientFactory(
        clinic=north.clinic,
        primary_therapist=colleague,
        user__first_name="Zelda",
        user__last_name="Quarry",
    )
    return colleague, theirs


def test_a_managers_caseload_shows_each_patients_therapist(client, north):
    colleague, theirs = _second_therapist(north)
    client.force_login(north.manager)
    page = client.get(reverse("staff:caseload")).content.decode()
    assert ">Therapist</th>" in page
    assert f"<td>{colleague.get_full_name()}</td>" in page
    assert f"<td>{north.therapist.get_full_name()}</td>" in page


def test_a_manager_filters_the_caseload_by_therapist_and_searches_by_name(client, north):
    colleague, theirs = _second_therapist(north)
    client.force_login(north.manager)
    url = reverse("staff:caseload")

    by_colleague = client.get(url, {"therapist": colleague.pk}).context["rows"]
    assert [row.patient for row in by_colleague] == [theirs]

    by_name = client.get(url, {"q": "quarr"}).context["rows"]
    assert [row.patient for row in by_name] == [theirs]
    assert client.get(url, {"q": "nobody-called-this"}).context["rows"] == []


def test_a_therapist_sees_no_therapist_column_and_cannot_filter_to_a_colleague(client, north):
    colleague, theirs = _second_therapist(north)
    client.force_login(north.therapist)
    response = client.get(reverse("staff:caseload"), {"therapist": colleague.pk})
    assert theirs not in [row.patient for row in response.context["rows"]]
    assert ">Therapist</th>" not in response.content.decode()


def test_another_clinics_therapist_is_not_a_filter_choice(client, north, south):
    client.force_login(north.manager)
    response = client.get(reverse("staff:caseload"), {"therapist": south.therapist.pk})
    assert response.context["search"].errors
    assert {row.patient for row in response.context["rows"]} == {
        north.patient,
        north.other_patient,
    }
