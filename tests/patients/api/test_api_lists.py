"""API lists: a filter that is unknown, empty or malformed is a 400, never ignored; pages are
bounded and their size selectable; the order is selectable among documented fields."""

import pytest

from clinic.api_lists import MAX_PAGE_SIZE
from tests.api_fixtures import api_client
from tests.factories import PatientFactory


@pytest.mark.parametrize(
    "query",
    [
        "open=1.0000000000000002",  # not true or false
        "open=",  # empty
        "opne=true",  # a typo in the name
        "page=",
        "page=abc",
        "page=0",
        "page_size=0",
        f"page_size={MAX_PAGE_SIZE + 1}",
        "page_size=ten",
        "ordering=message",  # not an ordering field
        "kind=not-a-kind",
        "patient=abc",
        f"patient={2**64}",
        "open=true&open=false",
    ],
)
def test_a_bad_list_parameter_is_a_400_naming_it(north, north_records, query):
    response = api_client(north.therapist).get(f"/api/v1/alerts/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]


def test_another_clinics_id_in_a_filter_is_refused_like_an_unknown_one(north, south):
    client = api_client(north.therapist)
    theirs = client.get(f"/api/v1/sessions/?patient={south.patient.pk}")
    unknown = client.get("/api/v1/sessions/?patient=999999")
    assert theirs.status_code == unknown.status_code == 400
    assert theirs.json() == unknown.json()


def test_a_strict_boolean_filter_still_filters(north, north_records):
    client = api_client(north.therapist)
    assert client.get("/api/v1/alerts/?open=true").json()["count"] == 1
    assert client.get("/api/v1/alerts/?open=false").json()["count"] == 0


def test_the_page_size_is_selectable(north):
    for _ in range(3):
        PatientFactory(clinic=north.clinic, primary_therapist=north.therapist)
    data = api_client(north.therapist).get("/api/v1/patients/?page_size=2").json()
    assert data["count"] == 5
    assert len(data["results"]) == 2
    assert "page_size=2" in data["next"]


@pytest.mark.parametrize("ordering", ["user__last_name", "-user__last_name"])
def test_the_order_is_selectable(north, ordering):
    names = [north.patient.user.last_name, north.other_patient.user.last_name]
    expected = sorted(names, reverse=ordering.startswith("-"))
    data = api_client(north.therapist).get(f"/api/v1/patients/?ordering={ordering}").json()
    assert [row["last_name"] for row in data["results"]] == expected


def test_the_report_refuses_an_unknown_parameter(north):
    response = api_client(north.manager).get("/api/v1/reports/adherence/?therapst=1")
    assert response.status_code == 400
    assert "therapst" in response.json()["errors"]


def test_a_detail_url_ignores_list_parameters(north, north_records):
    response = api_client(north.therapist).get(
        f"/api/v1/alerts/{north_records.alert.pk}/?utm_source=mail"
    )
    assert response.status_code == 200
