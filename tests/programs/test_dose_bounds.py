"""Doses have real bounds (programs.vocabulary.DOSE_BOUNDS) wherever they are written and
whatever the database: the API refuses what is out of range and its schema says the range."""

import pytest

from clinic.api import SchemaGenerator
from programs.vocabulary import DOSE_BOUNDS
from tests.api_fixtures import api_client


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize("field", sorted(DOSE_BOUNDS))
def test_the_schema_states_each_dose_fields_real_range(schema, field):
    low, high = DOSE_BOUNDS[field]
    found = {
        name: (props[field].get("minimum"), props[field].get("maximum"))
        for name, component in schema["components"]["schemas"].items()
        if field in (props := component.get("properties", {}))
        and props[field].get("type") == "integer"
    }
    assert {"Exercise", "PrescribedExercise", "PatchedExerciseChangeRequest"} <= set(found)
    assert set(found.values()) == {(low, high)}


def test_an_out_of_range_dose_is_refused_with_its_path(north, north_records):
    client = api_client(north.therapist)
    url = (
        f"/api/v1/prescriptions/{north_records.program.prescription.pk}/exercises/"
        f"{north_records.program.strengthen.pk}/"
    )
    response = client.patch(url, {"passes": 9223372036854775807}, format="json")
    assert response.status_code == 400
    assert "passes" in response.json()["errors"]
    assert client.patch(url, {"sets": DOSE_BOUNDS["sets"][1] + 1}, format="json").status_code == 400
    assert client.patch(url, {"sets": DOSE_BOUNDS["sets"][1]}, format="json").status_code == 200
