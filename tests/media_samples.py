"""Real photo and video content for the clinic media tests, made here (nothing downloaded).

Photos are drawn by Pillow; videos are the containers a browser reads (an MP4's boxes with a
movie header that says how long it is, a WebM's EBML header), which is what the upload
checks look at.
"""

import io
import struct

from PIL import Image


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(body), kind) + body


def mp4_bytes(seconds: float = 12, payload: int = 5000) -> bytes:
    """An MP4's container: ftyp, a movie header that says how long it is, and media data."""
    ftyp = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    timescale = 1000
    mvhd = box(
        b"mvhd",
        bytes(4) + struct.pack(">IIII", 0, 0, timescale, int(seconds * timescale)) + bytes(80),
    )
    return ftyp + box(b"moov", mvhd) + box(b"mdat", bytes(range(256)) * (payload // 256))


def webm_bytes() -> bytes:
    doctype = b"\x42\x82\x84webm"
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(doctype)]) + doctype
    return header + b"\x18\x53\x80\x67" + bytes(2000)
