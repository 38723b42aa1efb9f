"""A clinic's own photos and videos: judged by content, stored through the storage API,
served privately to the clinic's own people, shown to the patient with the figure."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import media
from programs.models import Exercise, ExerciseMedia, MediaKind
from tests.api_fixtures import api_client
from tests.factories import ExerciseFactory
from tests.media_samples import jpeg_bytes, mp4_bytes, png_bytes, webm_bytes

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:04.000\nLie on your back, knees bent.\n"


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def attach(clinic, exercise, content: bytes, name="clip.bin", **fields) -> ExerciseMedia:
    item = ExerciseMedia(
        clinic=clinic,
        exercise=exercise,
        file=upload(name, content),
        description=fields.pop("description", "Therapist doing it"),
        **fields,
    )
    item.full_clean()
    item.save()
    return item


@pytest.fixture
def shared_in_program(north_program):
    """The north patient's stretch made a shared library exercise."""
    Exercise.objects.filter(pk=north_program.stretch.exercise_id).update(clinic=None)
    return Exercise.objects.get(pk=north_program.stretch.exercise_id)


# ------------------------------------------------------------------ validation


def test_a_real_photo_is_kept_by_its_content_under_a_random_name(north, shared_in_program):
    item = attach(north.clinic, shared_in_program, jpeg_bytes(), name="Jane Doe at home.png")
    assert (item.kind, item.content_type) == (MediaKind.PHOTO, "image/jpeg")
    assert item.file.name.startswith(f"clinic-media/{north.clinic.pk}/")
    assert item.file.name.endswith(".jpg") and "Jane" not in item.file.name
    assert default_storage.exists(item.file.name)
    assert item.size == len(jpeg_bytes())


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"GIF89a not really", "photo.jpg", "Attach a JPEG, PNG or WebP photo"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "x.png", "Attach a JPEG"),
        (b"MZ\x90\x00 an executable", "clip.mp4", "Attach a JPEG"),
        (png_bytes()[:40], "cut.png", "Attach a JPEG"),
        (b"", "empty.jpg", "The file is empty"),
    ],
    ids=["text-named-jpg", "svg", "exe-named-mp4", "truncated-png", "empty"],
)
def test_a_file_is_refused_by_what_it_is_not_by_its_name(
    north, shared_in_program, content, name, message
):
    with pytest.raises(ValidationError) as refused:
        attach(north.clinic, shared_in_program, content, name=name)
    assert message in str(refused.value.message_dict["file"])
    assert not ExerciseMedia.objects.exists()


def test_a_photo_or_video_over_its_size_is_refused(north, shared_in_program, monkeypatch):
    monkeypatch.setattr(media, "PHOTO_MAX_BYTES", 100)
    with pytest.raises(ValidationError, match="at most 0 MB"):
        attach(north.clinic, shared_in_program, png_bytes())
    monkeypatch.setattr(media, "VIDEO_MAX_BYTES", 1000)
    with pytest.raises(ValidationError, match="A video may be at most"):
        attach(north.clinic, shared_in_program, mp4_bytes(), transcript="Lie down.")


def test_a_video_is_an_mp4_or_webm_with_captions_or_a_transcript(north, shared_in_program):
    mp4 = attach(north.clinic, shared_in_program, mp4_bytes(), name="a.mov", captions=CAPTIONS)
    webm = attach(north.clinic, shared_in_program, webm_bytes(), transcript="Lie on your back.")
    assert (mp4.kind, mp4.content_type, mp4.file.name[-4:]) == ("video", "video/mp4", ".mp4")
    assert (webm.kind, webm.content_type) == ("video", "video/webm")
    with pytest.raises(ValidationError) as refused:
        attach(north.clinic, shared_in_program, mp4_bytes())
    assert "captions or a transcript" in str(refused.value.message_dict["captions"])


def test_a_long_video_and_captions_that_are_not_webvtt_are_refused(north, shared_in_program):
    with pytest.raises(ValidationError, match="at most 180 seconds"):
        attach(north.clinic, shared_in_program, mp4_bytes(seconds=600), transcript="Slowly.")
    with pytest.raises(ValidationError, match="WebVTT"):
        attach(north.clinic, shared_in_program, mp4_bytes(), captions="1\n00:00:00,000 --> x\nHi")


def test_a_clinic_attaches_only_to_shared_exercises_or_its_own(north, south):
    theirs = ExerciseFactory(clinic=south.clinic)
    with pytest.raises(ValidationError) as refused:
        attach(north.clinic, theirs, png_bytes())
    assert "exercise" in refused.value.message_dict
    assert attach(north.clinic, ExerciseFactory(clinic=north.clinic), png_bytes()).pk


def test_the_database_refuses_an_uncaptioned_video_or_an_unknown_type(north, shared_in_program):
    base = {"clinic": north.clinic, "exercise": shared_in_program, "file": "x", "size": 10}
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseMedia.objects.create(kind="video", content_type="video/mp4", **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseMedia.objects.create(kind="photo", content_type="image/svg+xml", **base)


def test_deleting_a_row_deletes_its_stored_file(
    north, shared_in_program, django_capture_on_commit_callbacks
):
    item = attach(north.clinic, shared_in_program, png_bytes())
    name = item.file.name
    with django_capture_on_commit_callbacks(execute=True):
        ExerciseMedia.objects.filter(pk=item.pk).delete()
    assert not default_storage.exists(name)


# ------------------------------------------------------------------ the admin


def test_staff_attach_a_photo_to_a_shared_exercise_in_the_admin(client, north, shared_in_program):
    client.force_login(north.therapist)
    response = client.post(
        reverse("admin:programs_exercisemedia_add"),
        {
            "exercise": shared_in_program.pk,
            "file": upload("me.jpg", png_bytes()),
            "description": "Me doing it",
            "captions": "",
            "transcript": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ExerciseMedia.objects.get()
    assert (item.clinic, item.content_type) == (north.clinic, "image/png")


def test_the_admin_refuses_a_disguised_file_and_another_clinics_exercise(client, north, south):
    client.force_login(north.therapist)
    theirs = ExerciseFactory(clinic=south.clinic)
    own = ExerciseFactory(clinic=north.clinic)
    url = reverse("admin:programs_exercisemedia_add")
    fields = {"description": "x", "captions": "", "transcript": ""}
    disguised = client.post(url, {"exercise": own.pk, "file": upload("a.png", b"hello"), **fields})
    assert "file" in disguised.context["adminform"].form.errors
    foreign = client.post(
        url, {"exercise": theirs.pk, "file": upload("a.png", png_bytes()), **fields}
    )
    assert "exercise" in foreign.context["adminform"].form.errors
    assert not ExerciseMedia.objects.exists()


def test_another_clinics_media_is_a_404_in_the_admin(client, north, south, shared_in_program):
    item = attach(north.clinic, shared_in_program, png_bytes())
    client.force_login(south.therapist)
    assert (
        client.get(reverse("admin:programs_exercisemedia_change", args=[item.pk])).status_code
        == 404
    )
    listing = client.get(reverse("admin:programs_exercisemedia_changelist"))
    assert listing.status_code == 200 and "Therapist doing it" not in listing.content.decode()


# ------------------------------------------------------------------ serving


def test_the_file_is_served_with_its_type_privately_and_never_sniffed(
    client, north, shared_in_program
):
    item = attach(north.clinic, shared_in_program, png_bytes())
    client.force_login(north.therapist)
    response = client.get(item.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(png_bytes()))
    assert response["Accept-Ranges"] == "bytes"


def test_a_video_answers_byte_ranges_so_a_player_can_seek(client, north, shared_in_program):
    data = mp4_bytes()
    item = attach(north.clinic, shared_in_program, data, transcript="Lie down.")
    client.force_login(north.patient.user)
    part = client.get(item.url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert b"".join(part.streaming_content) == data[100:200]
    tail = client.get(item.url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == data[-10:]
    beyond = client.get(item.url, HTTP_RANGE=f"bytes={len(data)}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(data)}"


def test_captions_are_served_as_webvtt(client, north, shared_in_program):
    item = attach(north.clinic, shared_in_program, mp4_bytes(), captions=CAPTIONS)
    client.force_login(north.patient.user)
    response = client.get(item.captions_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == CAPTIONS


def test_media_reaches_only_the_clinics_staff_and_patients_given_the_exercise(
    client, north, south, shared_in_program
):
    item = attach(north.clinic, shared_in_program, mp4_bytes(), captions=CAPTIONS)
    expected = {
        north.therapist: 200,
        north.manager: 200,
        north.patient.user: 200,
        north.other_patient.user: 404,  # same clinic, not given this exercise
        south.therapist: 404,  # the exercise is shared, the video is north's
        south.patient.user: 404,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(item.url).status_code == status, user
        assert client.get(item.captions_url).status_code == status, user
    client.logout()
    assert client.get(item.url).status_code == 401


# ------------------------------------------------------------------ where it shows


def test_the_api_exercise_carries_only_the_callers_clinic_media(north, south, shared_in_program):
    attach(north.clinic, shared_in_program, mp4_bytes(), captions=CAPTIONS, transcript="Lie down.")
    attach(south.clinic, shared_in_program, png_bytes(), description="South's photo")
    own = api_client(north.patient.user).get(f"/api/v1/exercises/{shared_in_program.pk}/").json()
    (video,) = own["clinic_media"]
    assert video["kind"] == "video" and video["content_type"] == "video/mp4"
    assert video["url"].endswith(f"/api/v1/exercise-media/{video['id']}/file/")
    assert video["captions_url"].endswith("/captions/") and video["transcript"] == "Lie down."
    south_view = api_client(south.therapist).get(f"/api/v1/exercises/{shared_in_program.pk}/")
    assert [m["description"] for m in south_view.json()["clinic_media"]] == ["South's photo"]


def test_the_exercise_list_costs_the_same_queries_with_more_media(
    north, shared_in_program, django_assert_max_num_queries
):
    client = api_client(north.therapist)
    attach(north.clinic, shared_in_program, png_bytes())
    with CaptureQueriesContext(connection) as first:
        client.get("/api/v1/exercises/")
    for _ in range(3):
        attach(north.clinic, ExerciseFactory(clinic=north.clinic), png_bytes())
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get("/api/v1/exercises/").status_code == 200


def test_the_patient_sees_the_clinic_video_with_the_figure(client, north, shared_in_program):
    Exercise.objects.filter(pk=shared_in_program.pk).update(slug="childs-pose")
    attach(north.clinic, shared_in_program, mp4_bytes(), captions=CAPTIONS, transcript="Slowly.")
    client.force_login(north.patient.user)
    page = client.get(reverse("patients:exercise", args=[_item(north).pk])).content.decode()
    assert 'class="demonstration' in page
    assert "<video" in page and " controls" in page and '<track kind="captions"' in page
    assert "/captions/" in page and "Slowly." in page
    assert "<script" not in page.split("<video", 1)[1].split("</video>", 1)[0]


def test_another_clinics_media_on_a_shared_exercise_never_shows_to_the_patient(
    client, north, south, shared_in_program
):
    attach(south.clinic, shared_in_program, png_bytes(), description="South's photo")
    client.force_login(north.patient.user)
    page = client.get(reverse("patients:exercise", args=[_item(north).pk])).content.decode()
    assert "South's photo" not in page and "exercise-media" not in page


def _item(actors):
    return (
        actors.patient.prescriptions.get()
        .phases.get(order=1)
        .exercises.get(exercise__kind="stretch")
    )
