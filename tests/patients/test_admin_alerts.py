"""The admin's alert list: the clinic's alerts in words, read only, in constant queries."""

from datetime import timedelta

from django.utils.html import escape

from patients import selectors, services, texts
from patients.models import Alert
from tests.conftest import log_stretch, prescribe_small_program

URL = "/admin/patients/alert/"


def test_the_alert_list_shows_each_alert_in_words_in_constant_queries(
    client, north, django_assert_num_queries
):
    program = prescribe_small_program(north)
    yesterday = selectors.clinic_today(north.clinic) - timedelta(days=1)
    other = prescribe_small_program(north, patient=north.other_patient, start_date=yesterday)
    log_stretch(north.patient, program, symptoms=("sharp_shooting",))
    client.force_login(north.therapist)
    client.get(URL)  # the first visit fills the session
    # Session, user, two-factor device, two counts (the changelist's own), the user's and its
    # groups' permissions, the alerts with their patients and users, the audit event of the
    # read, and the session save in its savepoint (2).
    with django_assert_num_queries(12):
        client.get(URL)
    log_stretch(north.other_patient, other, day=yesterday, symptoms=("recent_injury",))
    # The red flag paused the program for review; reviewed, it resumes and takes sessions again.
    services.resume_after_review(
        prescription=other.prescription, reason="Reviewed by phone", by=north.therapist
    )
    log_stretch(north.other_patient, other, symptoms=("numbness_tingling",))
    with django_assert_num_queries(12):
        response = client.get(URL)
    html = response.content.decode()
    alerts = list(Alert.objects.all())
    assert len(alerts) == 3
    for alert in alerts:
        assert escape(texts.alert_text(alert)) in html


def test_an_alert_cannot_be_added_changed_or_deleted_in_the_admin(client, north):
    program = prescribe_small_program(north)
    log_stretch(north.patient, program, symptoms=("sharp_shooting",))
    alert = Alert.objects.get()
    client.force_login(north.manager)
    assert client.get(URL + "add/").status_code == 403
    page = client.get(f"{URL}{alert.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"{URL}{alert.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Alert.objects.filter(pk=alert.pk).exists()
