"""A jointed human body posed by joint angles (forward kinematics), free of Django.

World axes, in centimetres: x forward, y up, z to the figure's right when it stands
in its neutral pose facing +x. Every joint angle is anatomical and in degrees, so a
pose reads as a physiotherapist would describe it ("hips flexed 90, knees 90") and
the tests can hold each joint to a human range.
"""

import math
from dataclasses import dataclass, field, replace

# Segment lengths and drawing thicknesses of an adult of about 170 cm.
LUMBAR = 22.0
THORACIC = 28.0
NECK = 12.0
HEAD_RADIUS = 10.5
CLAVICLE = 17.0
UPPER_ARM = 29.0
FOREARM = 25.0
HAND = 8.0
HIP_HALF_WIDTH = 9.0
THIGH = 43.0
SHIN = 42.0
FOOT = 15.0
HEEL = 5.0

# Each joint's degrees of freedom, and the human range each may take (degrees).
# Spine and neck: flexion (+forward), side bend (+to the right), rotation (+to the right).
# Shoulder: flexion (+arm forward and up), abduction (+arm out to the side, - across),
# external rotation. Clavicle: elevation (+shrug), protraction (+shoulder forward).
# Hip: flexion (+thigh forward), abduction, external rotation. Knee and elbow:
# flexion. Ankle: plantar flexion (+toes down). Wrist: bend of the flat hand
# towards the front of the forearm (+); forearm rotation is not modelled.
RANGES = {
    "lumbar": ((-30, 60), (-30, 30), (-20, 20)),
    "thoracic": ((-30, 50), (-30, 30), (-50, 50)),
    "neck": ((-60, 60), (-45, 45), (-70, 70)),
    "clavicle": ((-10, 40), (-25, 30)),
    "shoulder": ((-60, 180), (-30, 180), (-90, 90)),
    "elbow": ((0, 150),),
    "wrist": ((-90, 90),),
    "hip": ((-30, 140), (-30, 50), (-45, 45)),
    "knee": ((0, 160),),
    "ankle": ((-25, 60),),
}
SIDED = ("clavicle", "shoulder", "elbow", "wrist", "hip", "knee", "ankle")
JOINTS = ("lumbar", "thoracic", "neck") + tuple(
    f"{name}_{side}" for name in SIDED for side in ("r", "l")
)


def joint_kind(joint: str) -> str:
    """'shoulder_r' -> 'shoulder': the entry of RANGES a joint is checked against."""
    return joint.rsplit("_", 1)[0] if joint.endswith(("_r", "_l")) else joint


Matrix = tuple[tuple[float, float, float], ...]
Vector = tuple[float, float, float]

IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def rot_x(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def rot_y(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_z(deg: float) -> Matrix:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def mul(a: Matrix, b: Matrix) -> Matrix:
    return tuple(
        tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3)
    )


def apply(m: Matrix, v: Vector) -> Vector:
    return tuple(sum(m[i][k] * v[k] for k in range(3)) for i in range(3))


def add(a: Vector, b: Vector) -> Vector:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _spine(flexion: float, side: float, rotation: float) -> Matrix:
    # Bend forward, then to the side, then twist about the segment's own length.
    return mul(mul(rot_z(-flexion), rot_x(side)), rot_y(-rotation))


@dataclass(frozen=True)
class Pose:
    """Where the pelvis is, how the body is turned, and every joint's angles.

    ``tilt`` pitches the whole body forward (90: trunk horizontal, face down; -90: lying
    on the back), ``roll`` tips it onto its right side (+) and ``turn`` spins it about
    the vertical. Joints missing from ``joints`` are in their neutral position.
    """

    pelvis: Vector = (0.0, 92.0, 0.0)
    tilt: float = 0.0
    roll: float = 0.0
    turn: float = 0.0
    joints: dict = field(default_factory=dict)

    def angles(self, joint: str) -> tuple[float, ...]:
        size = len(RANGES[joint_kind(joint)])
        given = tuple(self.joints.get(joint, ()))
        return given + (0.0,) * (size - len(given))

    def but(self, **changes) -> "Pose":
        """A copy with some joints (or the pelvis, tilt, roll, turn) changed.

        Joint values may be a number (the first degree of freedom) or a tuple; a name
        ending in '_both' (e.g. ``shoulder_both``) sets the right and left joints alike.
        """
        joints = dict(self.joints)
        body = {}
        for name, value in changes.items():
            if name in ("pelvis", "tilt", "roll", "turn"):
                body[name] = value
                continue
            value = (value,) if isinstance(value, int | float) else tuple(value)
            names = [name[:-5] + "_r", name[:-5] + "_l"] if name.endswith("_both") else [name]
            for joint in names:
                if joint not in JOINTS:
                    raise KeyError(joint)
                joints[joint] = value
        return replace(self, joints=joints, **body)


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` of the way from ``a`` to ``b`` (joint angles interpolated)."""

    def mix(x: float, y: float) -> float:
        return x + (y - x) * t

    joints = {}
    for joint in set(a.joints) | set(b.joints):
        joints[joint] = tuple(
            mix(x, y) for x, y in zip(a.angles(joint), b.angles(joint), strict=True)
        )
    return Pose(
        pelvis=tuple(mix(x, y) for x, y in zip(a.pelvis, b.pelvis, strict=True)),
        tilt=mix(a.tilt, b.tilt),
        roll=mix(a.roll, b.roll),
        turn=mix(a.turn, b.turn),
        joints=joints,
    )


@dataclass(frozen=True)
class Skeleton:
    """World positions of the joints of one pose, and the head's facing direction."""

    points: dict
    face: Vector  # unit vector the face looks along


def solve(pose: Pose) -> Skeleton:
    """Forward kinematics: joint angles to world positions."""
    p = {}
    root = mul(mul(rot_y(-pose.turn), rot_z(-pose.tilt)), rot_x(pose.roll))
    pelvis = tuple(float(c) for c in pose.pelvis)
    p["pelvis"] = pelvis
    lumbar = mul(root, _spine(*pose.angles("lumbar")))
    p["waist"] = add(pelvis, apply(lumbar, (0.0, LUMBAR, 0.0)))
    chest = mul(lumbar, _spine(*pose.angles("thoracic")))
    p["neck"] = add(p["waist"], apply(chest, (0.0, THORACIC, 0.0)))
    head = mul(chest, _spine(*pose.angles("neck")))
    p["head"] = add(p["neck"], apply(head, (0.0, NECK, 0.0)))
    p["nose"] = add(p["head"], apply(head, (HEAD_RADIUS * 0.95, -1.5, 0.0)))
    face = apply(head, (1.0, 0.0, 0.0))
    for side, sign in (("r", 1.0), ("l", -1.0)):
        elevation, protraction = pose.angles(f"clavicle_{side}")
        clavicle = mul(chest, mul(rot_x(-sign * elevation), rot_y(sign * protraction)))
        shoulder = add(p["neck"], apply(chest, (0.0, -3.0, 0.0)))
        shoulder = add(shoulder, apply(clavicle, (0.0, 0.0, sign * CLAVICLE)))
        p[f"shoulder_{side}"] = shoulder
        flexion, abduction, external = pose.angles(f"shoulder_{side}")
        arm = mul(
            chest, mul(mul(rot_z(flexion), rot_x(-sign * abduction)), rot_y(-sign * external))
        )
        p[f"elbow_{side}"] = add(shoulder, apply(arm, (0.0, -UPPER_ARM, 0.0)))
        forearm = mul(arm, rot_z(pose.angles(f"elbow_{side}")[0]))
        p[f"wrist_{side}"] = add(p[f"elbow_{side}"], apply(forearm, (0.0, -FOREARM, 0.0)))
        hand = mul(forearm, rot_z(pose.angles(f"wrist_{side}")[0]))
        p[f"hand_{side}"] = add(p[f"wrist_{side}"], apply(hand, (0.0, -HAND, 0.0)))

        hip = add(pelvis, apply(root, (0.0, 0.0, sign * HIP_HALF_WIDTH)))
        p[f"hip_{side}"] = hip
        flexion, abduction, external = pose.angles(f"hip_{side}")
        thigh = mul(
            root, mul(mul(rot_z(flexion), rot_x(-sign * abduction)), rot_y(-sign * external))
        )
        p[f"knee_{side}"] = add(hip, apply(thigh, (0.0, -THIGH, 0.0)))
        shin = mul(thigh, rot_z(-pose.angles(f"knee_{side}")[0]))
        p[f"ankle_{side}"] = add(p[f"knee_{side}"], apply(shin, (0.0, -SHIN, 0.0)))
        foot = mul(shin, rot_z(-pose.angles(f"ankle_{side}")[0]))
        p[f"heel_{side}"] = add(p[f"ankle_{side}"], apply(foot, (-HEEL, -4.0, 0.0)))
        p[f"toe_{side}"] = add(p[f"ankle_{side}"], apply(foot, (FOOT, -4.0, 0.0)))
    return Skeleton(points=p, face=face)


# The drawn body: (from, to, thickness in cm). The trunk is two segments.
SEGMENTS = (
    ("pelvis", "waist", 21.0),
    ("waist", "neck", 23.0),
    ("neck", "head", 8.0),
    ("shoulder_r", "shoulder_l", 11.0),
    ("hip_r", "hip_l", 16.0),
    *(
        segment
        for side in ("r", "l")
        for segment in (
            (f"hip_{side}", f"knee_{side}", 13.0),
            (f"knee_{side}", f"ankle_{side}", 10.0),
            (f"heel_{side}", f"toe_{side}", 6.0),
            (f"shoulder_{side}", f"elbow_{side}", 9.0),
            (f"elbow_{side}", f"wrist_{side}", 7.5),
            (f"wrist_{side}", f"hand_{side}", 6.0),
        )
    ),
)


def lowest(skeleton: Skeleton) -> float:
    """The lowest point of the drawn body (joint height less half the limb's thickness)."""
    heights = [skeleton.points["head"][1] - HEAD_RADIUS]
    for start, end, thickness in SEGMENTS:
        for name in (start, end):
            heights.append(skeleton.points[name][1] - thickness / 2)
    return min(heights)
