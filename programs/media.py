"""A clinic's own photos and videos of its exercises: what they may be, and how they are served.

A file is judged by its content, never by its name: a photo must open in Pillow as a
JPEG, PNG or WebP; a video must be an MP4 (an ISO ``ftyp`` box of a brand browsers play)
or a WebM (an EBML header naming ``webm``). An MP4 declares its length in its ``mvhd``
box, which is read to keep videos short. Files are read and written only through
Django's storage API (``STORAGES["default"]``), so an S3-compatible store serves as well
as the local disk, and they are served through the application with the range requests a
``<video>`` needs, never from a public folder.
"""

import re
import struct
import uuid
from dataclasses import dataclass

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from PIL import Image, UnidentifiedImageError

#: Largest photo a clinic may attach (bytes).
PHOTO_MAX_BYTES = 5 * 1024 * 1024
#: Largest video (bytes): a short clip of one exercise.
VIDEO_MAX_BYTES = 40 * 1024 * 1024
#: Longest video (seconds), where the file says how long it is (MP4).
VIDEO_MAX_SECONDS = 180
#: Largest captions track (characters of WebVTT).
CAPTIONS_MAX_CHARS = 100_000

PHOTO = "photo"
VIDEO = "video"

PHOTO_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"dash",
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
#: How far into a file the container's signature is looked for.
SNIFF_BYTES = 4096


class MediaError(ValueError):
    """The file is not a photo or video a clinic may attach; ``code`` says why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Detected:
    kind: str
    content_type: str
    extension: str
    size: int
    seconds: float | None = None


def _size(handle) -> int:
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    return size


def _photo(handle) -> tuple[str, str] | None:
    try:
        with Image.open(handle) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        handle.seek(0)
    return PHOTO_TYPES.get(kind)


def _mp4_seconds(handle, size: int) -> float | None:
    """The movie's length from its ``moov/mvhd`` box, walking top-level boxes by their sizes."""
    position = 0
    while position + 8 <= size:
        handle.seek(position)
        header = handle.read(8)
        if len(header) < 8:
            return None
        length, kind = struct.unpack(">I4s", header)
        body = position + 8
        if length == 1:
            length = struct.unpack(">Q", handle.read(8))[0]
            body += 8
        elif length == 0:
            length = size - position
        if length < 8:
            return None
        if kind == b"moov":
            handle.seek(body)
            inner = handle.read(min(length - (body - position), 4096))
            at = inner.find(b"mvhd")
            if at < 4:
                return None
            version = inner[at + 4]
            if version == 1:
                timescale, duration = struct.unpack(">IQ", inner[at + 24 : at + 36])
            else:
                timescale, duration = struct.unpack(">II", inner[at + 16 : at + 24])
            return duration / timescale if timescale else None
        position += length
    return None


def _video(head: bytes) -> tuple[str, str] | None:
    if head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4", ".mp4"
    if head.startswith(EBML_MAGIC) and b"webm" in head[:64]:
        return "video/webm", ".webm"
    return None


def detect(handle) -> Detected:
    """What the uploaded file really is, from its bytes; ``MediaError`` when it may not be."""
    size = _size(handle)
    if size == 0:
        raise MediaError("empty")
    photo = _photo(handle)
    if photo is not None:
        if size > PHOTO_MAX_BYTES:
            raise MediaError("photo_too_large", limit=PHOTO_MAX_BYTES // (1024 * 1024))
        return Detected(PHOTO, *photo, size=size)
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    video = _video(head)
    if video is None:
        raise MediaError("unknown_type")
    if size > VIDEO_MAX_BYTES:
        raise MediaError("video_too_large", limit=VIDEO_MAX_BYTES // (1024 * 1024))
    seconds = None
    if video[0] == "video/mp4":
        seconds = _mp4_seconds(handle, size)
        handle.seek(0)
        if seconds is None:
            raise MediaError("unreadable_video")
        if seconds > VIDEO_MAX_SECONDS:
            raise MediaError("video_too_long", limit=VIDEO_MAX_SECONDS)
    return Detected(VIDEO, *video, size=size, seconds=seconds)


def check_captions(text: str) -> str | None:
    """Why a captions track is refused (a code), or None when it is WebVTT of a fit size."""
    if len(text) > CAPTIONS_MAX_CHARS:
        return "captions_too_long"
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        return "captions_not_webvtt"
    return None


def storage_name(clinic_id: int, extension: str) -> str:
    """Where a clinic's file is kept: under its clinic, named by a random id, never by upload."""
    return f"clinic-media/{clinic_id}/{uuid.uuid4().hex}{extension}"


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _chunks(field_file, start: int, length: int):
    with field_file.open("rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) of a single satisfiable range; None for no usable header; False: 416."""
    match = RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        start, end = max(size - int(last), 0), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        return False
    return start, end


def file_response(request, field_file, content_type: str, size: int) -> HttpResponse:
    """The file for the clinic's own viewer: its real type, never sniffed, private, seekable."""
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is False:
        response = JsonResponse({"detail": "The range asked for is outside the file."}, status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is None:
        response = StreamingHttpResponse(_chunks(field_file, 0, size), content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        response = StreamingHttpResponse(
            _chunks(field_file, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    return private(response)


def private(response: HttpResponse) -> HttpResponse:
    """Headers of every clinic media answer: kept by the browser only, never a document."""
    response["Accept-Ranges"] = "bytes"
    # Only the viewer's own browser may hold it, and (as every signed-in answer here:
    # clinic.middleware.NoStoreMiddleware) not on disk; ranges spare re-sending it whole.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
