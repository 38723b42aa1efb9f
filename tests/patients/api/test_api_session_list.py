"""A patient's session list in the API: a few queries per page, whatever the page size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from patients import selectors
from tests.api_fixtures import api_client
from tests.conftest import log_stretch, prescribe_small_program

#: The token with its user, membership or patient profile and clinic; the page's count; the
#: page of sessions; their exercise logs. The request-rate limit counts outside the database.
SESSION_LIST_QUERIES = 4


def page_queries(user, url, expected_rows):
    client = api_client(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected_rows
    return [q["sql"][:150] for q in queries]


@pytest.fixture
def sixty_sessions(north):
    today = selectors.clinic_today(north.clinic)
    program = prescribe_small_program(north, start_date=today - timedelta(days=60))
    for back in range(60):
        log_stretch(north.patient, program, day=today - timedelta(days=back))
    return north


@pytest.mark.parametrize("size", [1, 50, 200])
def test_a_patients_session_list_costs_four_queries_whatever_the_page_size(sixty_sessions, size):
    north = sixty_sessions
    queries = page_queries(north.patient.user, f"/api/v1/sessions/?page_size={size}", min(size, 60))
    assert len(queries) == SESSION_LIST_QUERIES, "\n".join(queries)


@pytest.mark.parametrize("size", [1, 50, 200])
def test_staff_add_only_the_check_of_the_patient_id_and_the_audit_event(sixty_sessions, size):
    north = sixty_sessions
    url = f"/api/v1/sessions/?page_size={size}&patient={north.patient.pk}"
    queries = page_queries(north.therapist, url, min(size, 60))
    # Staff reading a patient's records is audited (one insert); the filter's id is checked
    # among the caller's patients (one query).
    assert len(queries) == SESSION_LIST_QUERIES + 2, "\n".join(queries)
