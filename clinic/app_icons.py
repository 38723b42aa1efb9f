"""The installed app's icons, drawn here (no image files fetched or shipped): a white figure
raising its arms on the clinic blue, inside the central safe zone so it survives a maskable crop."""

import functools
import math
import struct
import zlib

ICON_SIZES = (180, 192, 512)
BLUE = (31, 78, 121)
WHITE = (255, 255, 255)

# The figure in a unit square: the head as a circle, the body and limbs as thick strokes.
HEAD = ((0.5, 0.25), 0.075)
STROKES = (
    ((0.5, 0.39), (0.5, 0.6)),  # trunk
    ((0.5, 0.44), (0.34, 0.3)),  # arms raised
    ((0.5, 0.44), (0.66, 0.3)),
    ((0.5, 0.6), (0.4, 0.76)),  # legs
    ((0.5, 0.6), (0.6, 0.76)),
)
STROKE_WIDTH = 0.045


def _distance_to_segment(px, py, start, end):
    (ax, ay), (bx, by) = start, end
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _coverage(x, y, size):
    """How much of pixel (x, y) the figure covers, 0..1 (a one-pixel soft edge)."""
    px, py = (x + 0.5) / size, (y + 0.5) / size
    (hx, hy), radius = HEAD
    inside = radius - math.hypot(px - hx, py - hy)
    for start, end in STROKES:
        inside = max(inside, STROKE_WIDTH - _distance_to_segment(px, py, start, end))
    return max(0.0, min(1.0, inside * size + 0.5))


def _png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


@functools.cache
def icon_png(size: int) -> bytes:
    """The app icon as a square PNG of ``size`` pixels (full bleed, so it is also maskable)."""
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            a = _coverage(x, y, size)
            row.extend(round(b + (w - b) * a) for b, w in zip(BLUE, WHITE, strict=True))
        rows.append(bytes(row))
    return _png(size, size, rows)
