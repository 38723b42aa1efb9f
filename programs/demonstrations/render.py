"""Drawing a demonstration as SVG: props, the jointed figure, and its motion (SMIL).

Plain Python, no Django. The animation is computed here (joint angles interpolated,
forward kinematics per sample) and written as SMIL ``<animate>`` values, so the SVG
moves by itself in an ``<img>`` with no script. Stills use presentation attributes
only, which fpdf2 can draw into the PDF handout.
"""

import math
from dataclasses import dataclass

from programs.demonstrations.body import (
    HEAD_RADIUS,
    SEGMENTS,
    Pose,
    Skeleton,
    blend,
    lowest,
    solve,
)

WIDTH = 320
HEIGHT = 240
MARGIN = 10

NEAR = "#1f4e8c"
FAR = "#8fb0dc"
TRUNK = "#2d63ad"
BACKGROUND = "#f6f8fb"
FLOOR = "#c9ced6"


@dataclass(frozen=True)
class Camera:
    """An orthographic view: ``yaw`` turns the world about the vertical, ``pitch`` looks down."""

    yaw: float = 0.0
    pitch: float = 0.0

    def project(self, point) -> tuple[float, float, float]:
        """Screen x (right), screen y (down) and depth (larger is nearer the viewer)."""
        x, y, z = point
        a = math.radians(self.yaw)
        x, z = x * math.cos(a) + z * math.sin(a), -x * math.sin(a) + z * math.cos(a)
        b = math.radians(self.pitch)
        y, z = y * math.cos(b) - z * math.sin(b), y * math.sin(b) + z * math.cos(b)
        return x, -y, z


SIDE = Camera(0, 8)
FRONT = Camera(-90, 8)
TOP = Camera(0, 90)


@dataclass(frozen=True)
class At:
    """A point carried by the body: a joint's position plus an offset (cm)."""

    joint: str
    offset: tuple = (0.0, 0.0, 0.0)
    floor: bool = False  # keep the point at floor height (a roller rolling under the body)

    def resolve(self, skeleton: Skeleton):
        x, y, z = skeleton.points[self.joint]
        dx, dy, dz = self.offset
        return (x + dx, dy if self.floor else y + dy, z + dz)


def _where(point, skeleton):
    return point.resolve(skeleton) if isinstance(point, At) else point


@dataclass(frozen=True)
class Box:
    low: tuple
    high: tuple
    fill: str
    layer: int = 0  # -1: always behind the figure, 1: always in front, 0: by depth

    def shapes(self, skeleton, camera):
        (x0, y0, z0), (x1, y1, z1) = self.low, self.high
        corners = [camera.project((x, y, z)) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)]
        hull = _hull([(u, v) for u, v, _ in corners])
        depth = sum(d for _, _, d in corners) / 8
        yield ("polygon", hull, self.fill, 0.0, depth)


@dataclass(frozen=True)
class Ball:
    centre: object
    radius: float
    fill: str
    layer: int = 0

    def shapes(self, skeleton, camera):
        u, v, d = camera.project(_where(self.centre, skeleton))
        yield ("circle", [(u, v)], self.fill, self.radius, d)


@dataclass(frozen=True)
class Rod:
    """A cylinder (foam roller, dumbbell, door post) or a strap (band) between two points."""

    start: object
    end: object
    thickness: float
    fill: str
    layer: int = 0

    def shapes(self, skeleton, camera):
        a = camera.project(_where(self.start, skeleton))
        b = camera.project(_where(self.end, skeleton))
        yield ("line", [a[:2], b[:2]], self.fill, self.thickness, (a[2] + b[2]) / 2)


def _hull(points):
    points = sorted(set(points))
    if len(points) < 3:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


@dataclass(frozen=True)
class Tempo:
    """The parts of a dose that set the demonstration's pace."""

    reps: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    passes: int | None = None


@dataclass(frozen=True)
class Demonstration:
    """One exercise's figure: its view, props, named keyframe poses and how it moves.

    ``sequence`` lists (keyframe, hold) in the order visited; the loop returns to the
    first. A hold of ``"dose"`` holds as long as the dose says. ``stills`` names the
    frames printed side by side (start and end unless a sequence needs more).
    """

    camera: Camera
    keyframes: dict
    props: tuple = ()
    equipment: tuple = ()
    sequence: tuple = (("start", 0.8), ("end", "dose"))
    stills: tuple = ("start", "end")
    move_seconds: float = 2.0
    ground: bool = True
    floor: float = 0.0
    pin: str | None = None  # joint that keeps its place along the floor from frame to frame
    anchor: tuple | None = None  # (joint, x): where the first frame stands along x
    #: Joints the view is framed on (a close-up, e.g. head and shoulders for shoulder
    #: rolls, whose movement is too small to see on the whole body); None frames it all.
    focus: tuple | None = None


def grounded(demo: Demonstration, pose: Pose, reference: Skeleton | None = None) -> Skeleton:
    """The pose's skeleton moved so it rests on the floor, or keeps its pinned joint still."""
    skeleton = solve(pose)
    dx = dy = dz = 0.0
    if demo.ground:
        dy = demo.floor - lowest(skeleton)
    if demo.pin and reference is not None:
        target, here = reference.points[demo.pin], skeleton.points[demo.pin]
        dx, dz = target[0] - here[0], target[2] - here[2]
        if not demo.ground:
            dy = target[1] - here[1]
    elif demo.anchor:
        joint, x = demo.anchor
        dx = x - skeleton.points[joint][0]
    if dx or dy or dz:
        points = {n: (x + dx, y + dy, z + dz) for n, (x, y, z) in skeleton.points.items()}
        skeleton = Skeleton(points=points, face=skeleton.face)
    return skeleton


def skeletons(demo: Demonstration, poses: list[Pose]) -> list[Skeleton]:
    first = grounded(demo, demo.keyframes[demo.sequence[0][0]])
    return [grounded(demo, pose, first) for pose in poses]


MAX_HOLD = 30.0


def _hold(value, tempo: Tempo) -> float:
    if value == "dose":
        return float(min(tempo.hold_seconds or 1, MAX_HOLD))
    return float(value)


def _move(demo: Demonstration, tempo: Tempo) -> float:
    if tempo.passes:
        return 1.2  # a release pass is a short, slow roll each way
    if tempo.duration_seconds and tempo.reps:
        per_step = tempo.duration_seconds / (tempo.reps * len(demo.sequence))
        return max(1.0, min(per_step, 4.0))
    return demo.move_seconds


def _ease(t: float) -> float:
    return 0.5 - math.cos(math.pi * t) / 2


STEPS_PER_MOVE = 8


def timeline(demo: Demonstration, tempo: Tempo) -> list[tuple[float, Pose]]:
    """Sampled (seconds, pose) pairs of one loop: each move eased, each hold a still span."""
    samples = []
    now = 0.0
    move = _move(demo, tempo)
    sequence = demo.sequence
    for index, (name, hold) in enumerate(sequence):
        pose = demo.keyframes[name]
        samples.append((now, pose))
        pause = _hold(hold, tempo)
        if pause:
            now += pause
            samples.append((now, pose))
        following = demo.keyframes[sequence[(index + 1) % len(sequence)][0]]
        for step in range(1, STEPS_PER_MOVE):
            fraction = step / STEPS_PER_MOVE
            samples.append((now + move * fraction, blend(pose, following, _ease(fraction))))
        now += move
    samples.append((now, demo.keyframes[sequence[0][0]]))
    return samples


def _figure_shapes(skeleton: Skeleton, camera: Camera, near_side: str):
    for start, end, thickness in SEGMENTS:
        a = camera.project(skeleton.points[start])
        b = camera.project(skeleton.points[end])
        side = start.rsplit("_", 1)[-1] if start[-2:] == end[-2:] and start[-2] == "_" else ""
        colour = TRUNK if not side else (NEAR if side == near_side else FAR)
        yield ("line", [a[:2], b[:2]], colour, thickness, (a[2] + b[2]) / 2)
    head = camera.project(skeleton.points["head"])
    nose = camera.project(skeleton.points["nose"])
    yield ("circle", [head[:2]], TRUNK, HEAD_RADIUS, head[2])
    yield ("circle", [nose[:2]], NEAR, 2.6, nose[2] + (1 if nose[2] > head[2] else -1))


def _frame(demo: Demonstration, skeleton: Skeleton, near_side: str):
    """Every shape of one frame as (layer, kind, points, colour, size, depth)."""
    shapes = []
    for prop in demo.props:
        for shape in prop.shapes(skeleton, demo.camera):
            shapes.append((prop.layer, *shape))
    for shape in _figure_shapes(skeleton, demo.camera, near_side):
        shapes.append((0, *shape))
    return shapes


def _near_side(demo: Demonstration, skeleton: Skeleton) -> str:
    right = demo.camera.project(skeleton.points["hip_r"])[2]
    left = demo.camera.project(skeleton.points["hip_l"])[2]
    return "r" if right >= left else "l"


#: Room (cm) kept around each joint of a close-up.
FOCUS_PAD = 16.0


@dataclass
class Frames:
    """Shapes of every sample, in drawing order, fitted to the view box."""

    times: list
    shapes: list  # per sample: list of (kind, points, colour, size)
    scale: float
    floor: tuple  # polygon of the floor strip, in view box units
    offset: tuple = (0.0, 0.0)  # view box position of the projection's origin


def frames(demo: Demonstration, poses: list[Pose], times: list[float] | None = None) -> Frames:
    """Fit all samples in one view box and put their shapes in drawing order."""
    bodies = skeletons(demo, poses)
    near = _near_side(demo, bodies[0])
    raw = [_frame(demo, body, near) for body in bodies]
    count = len(raw[0])
    if any(len(shapes) != count for shapes in raw):
        raise ValueError("every frame must draw the same shapes")
    depth = [sum(shapes[i][5] for shapes in raw) / len(raw) for i in range(count)]
    order = sorted(range(count), key=lambda i: (raw[0][i][0], depth[i]))
    xs, ys = [], []
    floor_v = demo.camera.project((0.0, demo.floor, 0.0))[1]
    if demo.focus:
        for body in bodies:
            for joint in demo.focus:
                u, v, _ = demo.camera.project(body.points[joint])
                xs += [u - FOCUS_PAD, u + FOCUS_PAD]
                ys += [v - FOCUS_PAD, v + FOCUS_PAD]
    else:
        for shapes in raw:
            for _layer, kind, points, _colour, size, _depth in shapes:
                pad = size if kind == "circle" else (size / 2 if kind == "line" else 0)
                for u, v in points:
                    xs += [u - pad, u + pad]
                    ys += [v - pad, v + pad]
        ys.append(floor_v)
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    scale = min((WIDTH - 2 * MARGIN) / width, (HEIGHT - 2 * MARGIN) / height)
    ox = (WIDTH - width * scale) / 2 - min(xs) * scale
    oy = (HEIGHT - height * scale) / 2 - min(ys) * scale

    def fit(points):
        return [(round(u * scale + ox, 1), round(v * scale + oy, 1)) for u, v in points]

    fitted = []
    for shapes in raw:
        fitted.append(
            [
                (shapes[i][1], fit(shapes[i][2]), shapes[i][3], round(shapes[i][4] * scale, 1))
                for i in order
            ]
        )
    floor_y = round(floor_v * scale + oy, 1)
    return Frames(
        times=times or [0.0] * len(poses),
        shapes=fitted,
        scale=scale,
        floor=floor_y,
        offset=(ox, oy),
    )


def _points_attr(points) -> str:
    return " ".join(f"{u:g},{v:g}" for u, v in points)


def _attributes(kind, points, size) -> dict:
    if kind == "line":
        (x1, y1), (x2, y2) = points
        return {"x1": x1, "y1": y1, "x2": x2, "y2": y2}
    if kind == "circle":
        ((cx, cy),) = points
        return {"cx": cx, "cy": cy, "r": size}
    return {"points": _points_attr(points)}


def _element(kind, points, colour, size, animations: str = "") -> str:
    attributes = _attributes(kind, points, size)
    if kind == "line":
        paint = f'stroke="{colour}" stroke-width="{size:g}" stroke-linecap="round"'
    else:
        paint = f'fill="{colour}"'
    text = " ".join(
        f'{name}="{value:g}"' if not isinstance(value, str) else f'{name}="{value}"'
        for name, value in attributes.items()
    )
    if animations:
        return f"<{kind} {text} {paint}>{animations}</{kind}>"
    return f"<{kind} {text} {paint}/>"


def _backdrop(x: float, width: float, floor_y: float) -> str:
    return (
        f'<rect x="{x:g}" y="0" width="{width:g}" height="{HEIGHT}" fill="{BACKGROUND}"/>'
        f'<rect x="{x:g}" y="{floor_y:g}" width="{width:g}" height="{max(HEIGHT - floor_y, 0):g}"'
        f' fill="{FLOOR}"/>'
    )


def svg_animation(demo: Demonstration, tempo: Tempo, title: str) -> str:
    """The looping animation, one SVG document."""
    samples = timeline(demo, tempo)
    times = [t for t, _ in samples]
    fitted = frames(demo, [pose for _, pose in samples], times)
    total = times[-1]
    key_times = ";".join(f"{t / total:.4f}" for t in times)
    body = []
    for index, (kind, points, colour, size) in enumerate(fitted.shapes[0]):
        per_frame = [_attributes(kind, shapes[index][1], size) for shapes in fitted.shapes]
        animations = []
        for name in per_frame[0]:
            values = [
                str(attrs[name]) if isinstance(attrs[name], str) else f"{attrs[name]:g}"
                for attrs in per_frame
            ]
            if len(set(values)) > 1:
                animations.append(
                    f'<animate attributeName="{name}" dur="{total:.2f}s" repeatCount="indefinite"'
                    f' calcMode="linear" keyTimes="{key_times}" values="{";".join(values)}"/>'
                )
        body.append(_element(kind, points, colour, size, "".join(animations)))
    return _document(WIDTH, title, _backdrop(0, WIDTH, fitted.floor) + "".join(body))


GAP = 28
#: Still frames per row: a sequence of more (T-Y-W-I, shoulder rolls) wraps onto a new row
#: so each frame keeps a size a patient can read on a phone.
STILLS_PER_ROW = 3


def stills_size(count: int) -> tuple[int, int]:
    """Width and height of the stills of ``count`` frames (rows of ``STILLS_PER_ROW``)."""
    columns = min(count, STILLS_PER_ROW)
    rows = -(-count // STILLS_PER_ROW)
    return columns * WIDTH + (columns - 1) * GAP, rows * HEIGHT + (rows - 1) * GAP


def svg_stills(demo: Demonstration, title: str) -> str:
    """The still frames (start and end) side by side, an arrow between one and the next."""
    poses = [demo.keyframes[name] for name in demo.stills]
    fitted = frames(demo, poses)
    parts = []
    for index, shapes in enumerate(fitted.shapes):
        column, row = index % STILLS_PER_ROW, index // STILLS_PER_ROW
        x, y = column * (WIDTH + GAP), row * (HEIGHT + GAP)
        group = _backdrop(0, WIDTH, fitted.floor) + "".join(
            _element(kind, points, colour, size) for kind, points, colour, size in shapes
        )
        if demo.focus:  # a close-up: what lies outside its frame is cut off there
            group = f'<g clip-path="url(#frame)">{group}</g>'
        parts.append(f'<g transform="translate({x:g} {y:g})">{group}</g>' if x or y else group)
        if column:
            mid, middle = x - GAP / 2, y + HEIGHT / 2
            parts.append(
                f'<polygon points="{mid - 7:g},{middle - 9:g} {mid + 7:g},{middle:g}'
                f' {mid - 7:g},{middle + 9:g}" fill="{NEAR}"/>'
            )
    width, height = stills_size(len(poses))
    if demo.focus:
        clip = f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}"/>'
        parts.insert(0, f'<defs><clipPath id="frame">{clip}</clipPath></defs>')
    return _document(width, title, "".join(parts), height)


def _document(width: float, title: str, content: str, height: float = HEIGHT) -> str:
    title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}"'
        f' width="{width:g}" height="{height:g}" role="img"><title>{title}</title>'
        f"{content}</svg>"
    )
