"""Keyframe poses of every shipped exercise, keyed by the exercise's slug.

Each entry says how the exercise looks to a physiotherapist: the starting position,
the position at the end of the movement (or each shape of a sequence), the view and
the equipment drawn with it. Angles are anatomical degrees (see ``body.RANGES``).
"""

import math

from programs.demonstrations import props
from programs.demonstrations.body import FOREARM, LUMBAR, RANGES, UPPER_ARM, Pose, lowest, solve
from programs.demonstrations.render import SIDE, At, Camera, Demonstration

# Base positions the exercises start from.
STAND = Pose().but(shoulder_both=(0, 6), elbow_both=8)
QUADRUPED = Pose(tilt=90).but(
    shoulder_both=90, wrist_both=85, hip_both=90, knee_both=90, ankle_both=45, neck=-15
)
PRONE = Pose(tilt=90).but(ankle_both=45, shoulder_both=(0, 8))
SUPINE = Pose(tilt=-90).but(ankle_both=20, shoulder_both=(0, 8))
HOOK_LYING = SUPINE.but(hip_both=50, knee_both=100, ankle_both=-5)
SIT = Pose().but(hip_both=90, knee_both=90, shoulder_both=(0, 6), elbow_both=10)
KNEEL_SIT = Pose(tilt=40).but(hip_both=125, knee_both=150, ankle_both=45)


def _solve2(residual, guess, step=0.5):
    """Two unknown angles that make a two-part residual zero (Newton, numeric slope)."""
    x = list(guess)
    for _ in range(40):
        r = residual(*x)
        if abs(r[0]) + abs(r[1]) < 0.05:
            break
        j = []
        for i in range(2):
            bumped = list(x)
            bumped[i] += step
            rb = residual(*bumped)
            j.append(((rb[0] - r[0]) / step, (rb[1] - r[1]) / step))
        det = j[0][0] * j[1][1] - j[1][0] * j[0][1]
        dx0 = (r[0] * j[1][1] - r[1] * j[1][0]) / det
        dx1 = (r[1] * j[0][0] - r[0] * j[0][1]) / det
        x = [x[0] - dx0, x[1] - dx1]
    return x


def _relative(pose: Pose, joint: str, anchor: str):
    points = solve(pose).points
    return tuple(a - b for a, b in zip(points[joint], points[anchor], strict=True))


def push_up(surface: float, tilt: float, bend: float, hips: float = 0.0):
    """Start and end of a push-up with hands on a surface ``surface`` cm above the toes' floor.

    The body stays in one line from head to heels (``hips`` lets a couch or chair push-up
    keep a trace of flexion); the toes stay put and the hands stay on the edge while
    the elbows bend by ``bend`` degrees.
    """

    def body(tilt_angle, shoulder, elbow):
        return Pose(tilt=tilt_angle).but(
            shoulder_both=(shoulder, 12),
            elbow_both=elbow,
            wrist_both=70,
            hip_both=hips,
            ankle_both=10 if tilt_angle < 45 else 30,
            neck=-10,
        )

    # The start: find the shoulder flexion that puts the hands on the surface height.
    def start_residual(shoulder, _unused):
        toe_to_hand = _relative(body(tilt, shoulder, 0), "hand_r", "toe_r")
        return (toe_to_hand[1] - surface + 3, _unused)

    shoulder0 = _solve2(start_residual, (80.0, 0.0))[0]
    start = body(tilt, shoulder0, 0)
    target = _relative(start, "hand_r", "toe_r")

    def end_residual(tilt_angle, shoulder):
        here = _relative(body(tilt_angle, shoulder, bend), "hand_r", "toe_r")
        return (here[0] - target[0], here[1] - target[1])

    tilt1, shoulder1 = _solve2(end_residual, (tilt + 10, shoulder0 - 20))
    end = body(tilt1, shoulder1, bend)
    return start, end


def _edge(pose: Pose, joint: str = "hand_r", anchor: str = "toe_r", floor: float = 0.0):
    """Where ``joint`` sits (x, y) when the pose stands with ``anchor`` on the floor at x=0."""
    rel = _relative(pose, joint, anchor)
    return rel[0], rel[1] + floor


def _wall_push_up():
    start, end = push_up(surface=140, tilt=8, bend=105)
    hand_x, _ = _edge(start)
    return start, end, hand_x


EXERCISES = {}


def _add(slug: str, demo: Demonstration) -> None:
    EXERCISES[slug] = demo


# --- push-up ladder: wall, counter, couch, chair, floor -----------------------------
_start, _end, _x = _wall_push_up()
_add(
    "wall-push-up",
    Demonstration(
        camera=SIDE,
        keyframes={"start": _start, "end": _end},
        pin="toe_r",
        props=(props.wall(0.0),),
        anchor=("hand_r", -3.0),
    ),
)

_add(
    "cat-cow",
    Demonstration(
        camera=SIDE,
        keyframes={
            # Cow: the pelvis tips forward, the back sags, the head lifts; arms and thighs
            # stay upright because hips and shoulders take up the spine's curve.
            "start": QUADRUPED.but(
                tilt=105, lumbar=(-15,), thoracic=(-15,), hip_both=105, shoulder_both=75, neck=-30
            ),
            # Cat: the pelvis tucks, the back rounds up, the chin tucks.
            "end": QUADRUPED.but(
                tilt=68, lumbar=(20,), thoracic=(25,), hip_both=68, shoulder_both=113, neck=35
            ),
        },
        props=(props.floor_mat(-70, 90),),
        sequence=(("start", 0.6), ("end", 0.6)),
        move_seconds=3.0,
        pin="knee_l",
    ),
)

_add(
    "bird-dog",
    Demonstration(
        camera=Camera(-20, 12),
        keyframes={
            "start": QUADRUPED,
            "end": QUADRUPED.but(
                shoulder_l=(175, 5), wrist_l=0, hip_r=-5, knee_r=5, ankle_r=30, neck=-10
            ),
        },
        props=(props.floor_mat(-70, 90),),
        pin="knee_l",
    ),
)

_add(
    "supine-bridge",
    Demonstration(
        camera=SIDE,
        keyframes={
            "start": SUPINE.but(hip_both=(55, 8), knee_both=105, ankle_both=40),
            # Shoulders stay down; hips lift until shoulders, hips and knees line up.
            "end": SUPINE.but(
                tilt=-112, hip_both=(0, 8), knee_both=90, ankle_both=22, shoulder_both=(-22, 8)
            ),
        },
        props=(props.floor_mat(-110, 80),),
        pin="heel_r",
    ),
)

_add(
    "childs-pose",
    Demonstration(
        camera=SIDE,
        keyframes={
            "start": Pose().but(hip_both=5, knee_both=90, ankle_both=55, shoulder_both=(0, 6)),
            "end": Pose(tilt=65).but(
                lumbar=(30,),
                thoracic=(15,),
                hip_both=135,
                knee_both=158,
                ankle_both=55,
                shoulder_both=(170, 10),
                elbow_both=5,
                neck=10,
            ),
        },
        props=(props.floor_mat(-60, 110),),
        pin="knee_r",
    ),
)

_add(
    "prone-y-raise",
    Demonstration(
        camera=Camera(0, 60),
        keyframes={
            "start": PRONE.but(shoulder_both=(160, 35), elbow_both=5, neck=10),
            "end": PRONE.but(shoulder_both=(172, 35), elbow_both=5, thoracic=(-12,), neck=0),
        },
        props=(props.floor_mat(-120, 110), props.towel(55, 80)),
        pin="toe_r",
    ),
)

_add(
    "resistance-band-row",
    Demonstration(
        camera=Camera(-25, 10),
        keyframes={
            "start": STAND.but(shoulder_both=(80, 10), elbow_both=5),
            "end": STAND.but(shoulder_both=(-15, 10), elbow_both=100, clavicle_both=(0, -20)),
        },
        props=(props.band((95.0, 100.0, 0.0)),),
    ),
)

_ROLLER_BACK = {
    "hip_both": 77,
    "knee_both": 110,
    "ankle_both": 30,
    "neck": 20,
    "shoulder_both": (150, 40),
    "elbow_both": 140,
}
_add(
    "foam-roller-thoracic-extension",
    Demonstration(
        camera=Camera(0, 4),
        keyframes={
            "start": Pose(tilt=-63).but(**_ROLLER_BACK),
            "end": Pose(tilt=-63).but(**_ROLLER_BACK, thoracic=(-25,)),
        },
        props=(
            props.floor_mat(-90, 80),
            props.foam_roller(At("waist", (-2.0, 7.5, 0.0), floor=True)),
        ),
        pin="pelvis",
    ),
)


def _place(pose: Pose, joint: str):
    """World position of ``joint`` when ``pose`` rests on the floor as a first frame does."""
    points = solve(pose).points
    drop = lowest(solve(pose))
    x, y, z = points[joint]
    return (x, y - drop, z)


def _ball_under(pose: Pose, radius: float, along: float = LUMBAR):
    """Centre of a ball on the floor touching the front of the trunk ``along`` cm up it."""
    skeleton = solve(pose)
    drop = lowest(skeleton)
    pelvis, waist = skeleton.points["pelvis"], skeleton.points["waist"]
    d = tuple((w - p) / LUMBAR for w, p in zip(waist, pelvis, strict=True))
    n = (d[1], -d[0], 0.0)  # the trunk's front, for a figure facing +x
    base = (pelvis[0] + d[0] * along, pelvis[1] - drop + d[1] * along)
    reach = radius + 11.0
    t = (radius - base[1] - reach * n[1]) / d[1] if abs(d[1]) > 1e-6 else 0.0
    return (base[0] + t * d[0] + reach * n[0], radius, 0.0)


# --- the rest of the push-up ladder ---------------------------------------------------
for _slug, _surface, _tilt, _prop in (
    ("counter-push-up", 91, 42, "counter"),
    ("couch-push-up", 62, 56, "couch"),
    ("chair-push-up", 45, 63, "chair"),
    ("floor-push-up", 0, 76, "mat"),
):
    _start, _end = push_up(surface=_surface, tilt=_tilt, bend=95)
    _hand = _edge(_start)[0]
    _builder = {
        "counter": lambda x: (props.counter(x - 4),),
        "couch": lambda x: (props.couch(x - 6),),
        "chair": lambda x: (props.chair(x - 3, facing=-1), props.wall(x + 60, facing=-1)),
        "mat": lambda x: (props.floor_mat(-20, x + 20),),
    }[_prop]
    _add(
        _slug,
        Demonstration(
            camera=SIDE,
            keyframes={"start": _start, "end": _end},
            pin="toe_r",
            anchor=("toe_r", 0.0),
            props=_builder(_hand),
        ),
    )

# --- on hands and knees --------------------------------------------------------------
_add(
    "cat-cow-hollowing",
    Demonstration(
        camera=Camera(-30, 14),
        keyframes={
            "start": QUADRUPED.but(
                tilt=108, lumbar=(-18,), thoracic=(-18,), hip_both=108, shoulder_both=72, neck=-25
            ),
            "end": QUADRUPED.but(
                tilt=64, lumbar=(25,), thoracic=(28,), hip_both=64, shoulder_both=117, neck=40
            ),
        },
        props=(props.floor_mat(-70, 90),),
        sequence=(("start", 1.0), ("end", 1.0)),
        move_seconds=3.5,
        pin="knee_l",
    ),
)

_add(
    "kneeling-t-y-w-i",
    Demonstration(
        # From above, on the working arm's side: T, Y, W and I are shapes in the horizontal
        # plane, which a low view flattens into one line.
        camera=Camera(-30, 58),
        keyframes={
            "start": QUADRUPED,
            "T": QUADRUPED.but(shoulder_r=(0, 90), wrist_r=0),
            "Y": QUADRUPED.but(shoulder_r=(175, 40), wrist_r=0),
            "W": QUADRUPED.but(shoulder_r=(10, 75, 90), elbow_r=90, wrist_r=0),
            "I": QUADRUPED.but(shoulder_r=(-10, 8), wrist_r=0),
        },
        props=(props.floor_mat(-70, 90),),
        sequence=(("start", 0.5), ("T", "dose"), ("Y", "dose"), ("W", "dose"), ("I", "dose")),
        stills=("start", "T", "Y", "W", "I"),
        pin="knee_l",
    ),
)


LIMITS = (RANGES["shoulder"][0], RANGES["shoulder"][1], RANGES["elbow"][0])
STRAIGHT_ARM = UPPER_ARM + FOREARM


def _det(m) -> float:
    return (
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    )


def _planted(pose: Pose, side: str, target, anchor: str) -> Pose:
    """``pose`` with one arm set so its wrist is at ``target`` (relative to ``anchor``).

    On hands and knees the supporting hand stays on the floor whatever the upper back
    does: the upper back first rounds or arches (thoracic flexion) until the support
    shoulder is a nearly straight arm's length from the hand, then the shoulder and
    elbow angles are found (Newton's method, damped, inside human ranges).
    """
    shoulder, elbow = f"shoulder_{side}", f"elbow_{side}"
    low, high = RANGES["thoracic"][0]
    rotation = pose.angles("thoracic")[1:]
    for _ in range(30):
        middle = (low + high) / 2
        trial = pose.but(thoracic=(middle, *rotation))
        reach = math.dist(_relative(trial, shoulder, anchor), target)
        # Flexion lowers the chest of a figure face down: too far means round more.
        if reach > STRAIGHT_ARM - 2.0:
            low = middle
        else:
            high = middle
    pose = pose.but(thoracic=((low + high) / 2, *rotation))

    def with_angles(flexion, abduction, bend):
        return pose.but(**{shoulder: (flexion, abduction, pose.angles(shoulder)[2]), elbow: bend})

    def miss(x):
        here = _relative(with_angles(*x), f"wrist_{side}", anchor)
        return [h - t for h, t in zip(here, target, strict=True)]

    x = [*pose.angles(shoulder)[:2], 15.0]
    for _ in range(40):
        r = miss(x)
        if sum(abs(v) for v in r) < 0.2:
            break
        columns = []
        for i in range(3):
            bumped = list(x)
            bumped[i] += 0.5
            columns.append([(b - a) / 0.5 for a, b in zip(r, miss(bumped), strict=True)])
        j = [[columns[c][row] for c in range(3)] for row in range(3)]
        d = _det(j)
        step = []
        for c in range(3):
            m = [row[:] for row in j]
            for row in range(3):
                m[row][c] = r[row]
            step.append(_det(m) / d)
        x = [
            min(max(v - max(min(dv, 8.0), -8.0), lo), hi)
            for v, dv, (lo, hi) in zip(x, step, LIMITS, strict=True)
        ]
    return with_angles(*x)


_HAND_BEHIND_HEAD = {"shoulder_r": (0, 90, 90), "elbow_r": 135, "wrist_r": 0}
_SUPPORT = _relative(QUADRUPED, "wrist_l", "knee_l")
_add(
    "quadruped-thoracic-rotation",
    Demonstration(
        # From in front of the head and to the support arm's side: the turn of the upper
        # back and the elbow going down, then up to the ceiling, are seen across the body.
        camera=Camera(-35, 28),
        keyframes={
            "start": _planted(
                QUADRUPED.but(
                    **_HAND_BEHIND_HEAD, thoracic=(0, 0, -35), lumbar=(0, 0, -8), neck=(-15, 0, -15)
                ),
                "l",
                _SUPPORT,
                "knee_l",
            ),
            "end": _planted(
                QUADRUPED.but(
                    **_HAND_BEHIND_HEAD, thoracic=(0, 0, 48), lumbar=(0, 0, 10), neck=(-15, 0, 30)
                ),
                "l",
                _SUPPORT,
                "knee_l",
            ),
        },
        props=(props.floor_mat(-70, 90),),
        pin="knee_l",
    ),
)

# Tall kneeling facing a chair, hands on its seat; then hips back, chest sinking.
_LAT_START = Pose(tilt=40).but(
    hip_both=40,
    knee_both=90,
    ankle_both=55,
    shoulder_both=(115, 8),
    elbow_both=10,
    wrist_both=40,
    neck=-15,
)
_lat_hand = _relative(_LAT_START, "hand_r", "knee_r")


def _lat_end(tilt, shoulder):
    return Pose(tilt=tilt).but(
        hip_both=tilt + 45,
        knee_both=135,
        ankle_both=55,
        shoulder_both=(shoulder, 8),
        elbow_both=5,
        wrist_both=40,
        thoracic=(-12,),
        neck=5,
    )


_lat = min(
    ((t, sh) for t in range(50, 96, 2) for sh in range(130, 181, 2)),
    key=lambda ts: sum(
        abs(a - b)
        for a, b in zip(
            _relative(_lat_end(*ts), "hand_r", "knee_r")[:2], _lat_hand[:2], strict=True
        )
    ),
)
# The seat runs from where the hands end up to beyond where they start.
_knee = _place(_LAT_START, "knee_r")
_seat = tuple(
    k + r for k, r in zip(_knee, _relative(_lat_end(*_lat), "hand_r", "knee_r"), strict=True)
)
_add(
    "kneeling-lat-stretch-chair",
    Demonstration(
        camera=SIDE,
        keyframes={"start": _LAT_START, "end": _lat_end(*_lat)},
        props=(props.floor_mat(-60, 60), props.chair(_seat[0] - 4, facing=-1, seat=_seat[1] - 3)),
        pin="knee_r",
    ),
)

_add(
    "modified-childs-pose",
    Demonstration(
        camera=Camera(-20, 12),
        keyframes={
            "start": Pose(tilt=30).but(
                hip_both=80,
                knee_both=135,
                ankle_both=55,
                shoulder_both=(20, 8),
                elbow_both=10,
                neck=5,
            ),
            "end": Pose(tilt=62).but(
                lumbar=(30,),
                thoracic=(18,),
                hip_both=130,
                knee_both=150,
                ankle_both=55,
                shoulder_both=(175, 14),
                elbow_both=0,
                neck=-5,
            ),
        },
        props=(props.floor_mat(-60, 110), props.pillow(-8, 22, height=4)),
        pin="knee_r",
    ),
)

# --- lying face down -----------------------------------------------------------------
_FOREHEAD = (props.floor_mat(-120, 110, width=90), props.towel(60, 84))
_add(
    "prone-shoulder-blade-squeeze",
    Demonstration(
        camera=Camera(0, 30),
        keyframes={
            "start": PRONE.but(neck=12),
            "end": PRONE.but(neck=18, shoulder_both=(-22, 8), clavicle_both=(-5, -22)),
        },
        props=_FOREHEAD,
        pin="toe_r",
    ),
)
_add(
    "prone-t-raise",
    Demonstration(
        camera=Camera(0, 58),
        keyframes={
            "start": PRONE.but(neck=12, shoulder_both=(0, 90), wrist_both=0),
            "end": PRONE.but(neck=16, shoulder_both=(-18, 90), clavicle_both=(0, -20)),
        },
        props=_FOREHEAD,
        pin="toe_r",
    ),
)
_add(
    "prone-arm-lift",
    Demonstration(
        camera=Camera(0, 52),
        keyframes={
            "start": PRONE.but(neck=12, shoulder_both=(0, 90, 90), elbow_both=90),
            "end": PRONE.but(
                neck=16, shoulder_both=(-18, 90, 90), elbow_both=90, clavicle_both=(-5, -20)
            ),
        },
        props=(props.floor_mat(-120, 110, width=100),),
        pin="toe_r",
    ),
)

# Over pillows under the belly: trunk tips a little down to the chest, legs down behind.
_OVER_PILLOWS = Pose(tilt=100).but(hip_both=18, ankle_both=45, shoulder_both=(-5, 8), neck=10)
_belly = _place(_OVER_PILLOWS, "pelvis")
_add(
    "prone-back-extension",
    Demonstration(
        camera=Camera(0, 10),
        keyframes={
            "start": _OVER_PILLOWS,
            "end": _OVER_PILLOWS.but(
                thoracic=(-25,), lumbar=(-10,), neck=5, shoulder_both=(-15, 8)
            ),
        },
        props=(
            props.floor_mat(-120, 110),
            props.pillow(_belly[0] - 12, _belly[0] + 30, height=_belly[1] - 9),
        ),
        pin="toe_r",
    ),
)

# --- lying on the back ----------------------------------------------------------------
_add(
    "abdominal-bracing",
    Demonstration(
        # Fingertips resting on the belly, as a patient feels the tightening.
        camera=Camera(0, 14),
        keyframes={
            "start": SUPINE.but(
                hip_both=(55, 8),
                knee_both=105,
                ankle_both=40,
                shoulder_both=(15, 35, -80),
                elbow_both=100,
            ),
            "end": SUPINE.but(
                hip_both=(58, 8),
                knee_both=105,
                ankle_both=40,
                lumbar=(8,),
                shoulder_both=(15, 35, -80),
                elbow_both=100,
            ),
        },
        props=(props.floor_mat(-110, 80),),
        pin="heel_r",
    ),
)

# Upper back across a roller, hips lifted, arms crossed; the body rolls over it.
_ROLL_START = SUPINE.but(
    hip_both=28, knee_both=100, ankle_both=20, shoulder_both=(60, -25), elbow_both=120, neck=25
)
_roller = _place(_ROLL_START, "neck")
_add(
    "foam-roller-thoracic-release",
    Demonstration(
        camera=Camera(0, 6),
        keyframes={
            "start": _ROLL_START,
            "end": _ROLL_START.but(hip_both=40, knee_both=118, ankle_both=32, tilt=-86),
        },
        props=(props.floor_mat(-110, 80), props.foam_roller((_roller[0] + 14, 7.5, 0.0))),
        pin="heel_r",
        sequence=(("start", 0.3), ("end", 0.3)),
    ),
)

# Lying on the right side, the lower arm stretched overhead in line with the body, the
# trunk raised on the roller under the armpit, the top leg bent in front with its foot
# down for balance, the top hand on the floor in front. Seen from in front and above, so the roller
# shows as a cylinder across the body rather than end on.
_SIDE_LYING = Pose(roll=90, turn=-90).but(
    shoulder_r=(170, 0),
    elbow_r=5,
    shoulder_l=(55, -30),
    elbow_l=10,
    wrist_l=60,
    lumbar=(0, -22),
    thoracic=(0, -18),
    hip_r=(10, 0),
    knee_r=10,
    hip_l=(70, -20),
    knee_l=60,
    neck=(0, -25),
)
_armpit = _place(_SIDE_LYING, "shoulder_r")
_add(
    "foam-roller-lat-release",
    Demonstration(
        camera=Camera(205, 30),
        keyframes={
            "start": _SIDE_LYING,
            # The body slides headwards over the roller: it works down the side of the back.
            "end": _SIDE_LYING.but(pelvis=(20.0, 92.0, 0.0)),
        },
        props=(
            props.floor_mat(-110, 120, width=80),
            # Under the body: drawn before it, whatever the depth of its near end.
            props.foam_roller((_armpit[0] - 10, 7.5, _armpit[2]), layer=-1),
        ),
        sequence=(("start", "dose"), ("end", "dose")),
    ),
)

# --- sitting ----------------------------------------------------------------------------
_SEAT = _place(SIT, "pelvis")
_DESK_CHAIR = props.chair(_SEAT[0] + 16, seat=_SEAT[1] - 9)
_add(
    "rhomboid-stretch",
    Demonstration(
        camera=Camera(-20, 8),
        keyframes={
            "start": SIT.but(shoulder_both=(90, -8), elbow_both=10),
            "end": SIT.but(
                shoulder_both=(85, -10),
                elbow_both=5,
                thoracic=(32,),
                lumbar=(8,),
                neck=35,
                clavicle_both=(5, 25),
            ),
        },
        props=(_DESK_CHAIR,),
    ),
)
_BEHIND_HEAD = {"shoulder_both": (150, 60, 40), "elbow_both": 145, "neck": 10}
_add(
    "seated-thoracic-extension-chair",
    Demonstration(
        camera=SIDE,
        keyframes={
            "start": SIT.but(**_BEHIND_HEAD),
            "end": SIT.but(**_BEHIND_HEAD).but(thoracic=(-28,), lumbar=(-8,), neck=-5),
        },
        props=(props.chair(_SEAT[0] + 16, seat=_SEAT[1] - 9, back_height=26),),
    ),
)
_add(
    "shoulder-blade-squeeze",
    Demonstration(
        camera=Camera(-35, 10),
        keyframes={
            "start": SIT.but(shoulder_both=(0, 10), elbow_both=70, clavicle_both=(0, 10)),
            "end": SIT.but(
                shoulder_both=(-15, 10), elbow_both=70, clavicle_both=(-5, -25), thoracic=(-6,)
            ),
        },
        props=(_DESK_CHAIR,),
    ),
)
_add(
    "micro-break-neck-stretch",
    Demonstration(
        camera=Camera(-90, 5),
        keyframes={
            "start": SIT,
            "right": SIT.but(neck=(0, 45), thoracic=(0, 6)),
            "left": SIT.but(neck=(0, -45), thoracic=(0, -6)),
        },
        props=(_DESK_CHAIR,),
        sequence=(("start", 0.5), ("right", 5.0), ("start", 0.5), ("left", 5.0)),
        stills=("right", "left"),
    ),
)
_LONG_SIT = Pose().but(hip_both=88, knee_both=0, ankle_both=0, shoulder_both=(70, 8), elbow_both=0)
_add(
    "seated-band-row",
    Demonstration(
        camera=Camera(-20, 10),
        keyframes={
            "start": _LONG_SIT,
            "end": _LONG_SIT.but(
                shoulder_both=(-20, 12), elbow_both=105, clavicle_both=(0, -20), thoracic=(-5,)
            ),
        },
        props=(props.floor_mat(-50, 110), props.band_round_feet()),
    ),
)

# --- standing ----------------------------------------------------------------------------
# Shoulder rolls are a few centimetres of shoulder-blade movement: shown in close-up.
_HEAD_AND_SHOULDERS = ("head", "neck", "shoulder_r", "shoulder_l", "waist", "elbow_r", "elbow_l")
_add(
    "shoulder-roll-sequence",
    Demonstration(
        camera=Camera(-30, 6),
        keyframes={
            "start": STAND.but(neck=5),
            "up": STAND.but(neck=5, clavicle_both=(32, 0)),
            "back": STAND.but(neck=5, clavicle_both=(12, -22)),
            "down": STAND.but(neck=5, clavicle_both=(-6, 0)),
            "forward": STAND.but(neck=5, clavicle_both=(12, 22)),
        },
        sequence=(("start", 0.3), ("up", 0.2), ("back", 0.2), ("down", 0.2), ("forward", 0.2)),
        stills=("up", "back", "down", "forward"),
        focus=_HEAD_AND_SHOULDERS,
    ),
)
_STAND_SEAT = _place(SIT, "pelvis")
_add(
    "micro-break-shoulder-rolls",
    Demonstration(
        camera=Camera(-15, 6),
        keyframes={
            "start": STAND,
            "up": STAND.but(clavicle_both=(30, 0)),
            "back": STAND.but(clavicle_both=(10, -22)),
            "down": STAND.but(clavicle_both=(-5, 0)),
        },
        props=(props.chair(-22, seat=_SEAT[1] - 9),),
        sequence=(("start", 0.3), ("up", 0.1), ("back", 0.1), ("down", 0.1)),
        stills=("up", "back", "down"),
        anchor=("pelvis", 0.0),
        focus=_HEAD_AND_SHOULDERS,
    ),
)
_add(
    "micro-break-breathing-squeeze",
    Demonstration(
        camera=Camera(-60, 8),
        keyframes={
            "start": STAND,
            "end": STAND.but(clavicle_both=(6, -24), thoracic=(-8,), shoulder_both=(-8, 8)),
        },
        props=(props.chair(-22, seat=_SEAT[1] - 9),),
        sequence=(("start", 1.0), ("end", 1.5)),
        move_seconds=3.0,
        anchor=("pelvis", 0.0),
    ),
)

_ball_wall = STAND.but(
    tilt=10, ankle_both=-10, shoulder_r=(100, -20), elbow_r=130, shoulder_l=(30, 10), elbow_l=20
)
_add(
    "pec-minor-ball-release",
    Demonstration(
        camera=Camera(-25, 8),
        keyframes={
            "start": _ball_wall,
            "end": _ball_wall.but(hip_both=12, knee_both=14, ankle_both=-2),
        },
        props=(
            props.wall(0.0),
            props.massage_ball(At("shoulder_r", (15.0, -5.0, -5.0))),
        ),
        anchor=("shoulder_r", -18.5),
        pin="toe_r",
    ),
)

_STEP = {"hip_r": 22, "knee_r": 12, "ankle_r": -8, "hip_l": -8, "ankle_l": -12}
_SLIDE_START = STAND.but(tilt=6, **_STEP, shoulder_both=(75, 12), elbow_both=105)
_slide_wrist = _relative(_SLIDE_START, "wrist_r", "toe_l")


def _slide_end(tilt, shoulder):
    return STAND.but(tilt=tilt, **_STEP, shoulder_both=(shoulder, 12), elbow_both=25)


_slide = _solve2(
    lambda t, s: (
        _relative(_slide_end(t, s), "hand_r", "toe_l")[0] - _slide_wrist[0] - 2,
        s - 160,
    ),
    (8.0, 160.0),
)
_add(
    "wall-slide",
    Demonstration(
        camera=SIDE,
        keyframes={"start": _SLIDE_START, "end": _slide_end(*_slide)},
        props=(props.wall(0.0),),
        anchor=("wrist_r", -4.0),
        pin="toe_l",
    ),
)

_ANGEL = STAND.but(ankle_both=-6, hip_both=6, shoulder_both=(0, 85, 85), elbow_both=90)
_add(
    "wall-angels",
    Demonstration(
        camera=Camera(-70, 6),
        keyframes={
            "start": _ANGEL,
            "end": _ANGEL.but(shoulder_both=(0, 160, 85), elbow_both=25),
        },
        props=(props.wall(0.0, facing=1),),
        anchor=("pelvis", 14.0),
        sequence=(("start", 0.4), ("end", 0.4)),
    ),
)

# Doorway: right forearm up the frame, elbow at shoulder height, step through.
_DOOR = STAND.but(shoulder_r=(0, 90, 88), elbow_r=92)
_add(
    "pec-stretch-door-frame",
    Demonstration(
        camera=Camera(-40, 35),
        keyframes={
            "start": _DOOR,
            "end": _DOOR.but(
                shoulder_r=(-25, 90, 88),
                thoracic=(0, 0, -18),
                hip_r=25,
                knee_r=15,
                ankle_r=-10,
                hip_l=-10,
                ankle_l=-15,
                pelvis=(14.0, 92.0, 0.0),
            ),
        },
        props=(props.door_frame(0.0, half_width=54.0),),
        anchor=("elbow_r", -8.0),
    ),
)

# --- a stability ball ---------------------------------------------------------------------
_BALL_RADIUS = 30.0
# The straight arm lies on the ball's top (the wrist a hand's half-thickness above it).
_ON_THE_BALL = 2 * _BALL_RADIUS + 3.0


def _arm_on_ball(tilt: float, hips: float, thoracic: float, neck: float) -> Pose:
    """Kneeling, right arm straight and out a little, raised until it rests on the ball."""

    def pose(shoulder):
        return Pose(tilt=tilt).but(
            hip_both=hips,
            knee_both=90 if hips < 50 else 100,
            ankle_both=55,
            shoulder_r=(shoulder, 20),
            elbow_r=0,
            wrist_r=10,
            shoulder_l=(tilt, 5),
            elbow_l=10,
            thoracic=(thoracic,),
            neck=neck,
        )

    low, high = 40.0, 175.0
    for _ in range(30):
        middle = (low + high) / 2
        if _place(pose(middle), "wrist_r")[1] < _ON_THE_BALL:
            low = middle
        else:
            high = middle
    return pose((low + high) / 2)


# Kneeling tall beside the ball, arm resting on it; then the ball rolled away under the
# arm, hips back, chest sinking towards the floor.
_add(
    "ball-chest-lat-stretch",
    Demonstration(
        # From the free arm's side: the ball beyond the body, the arm on it in full view.
        camera=Camera(30, 14),
        keyframes={
            "start": _arm_on_ball(tilt=25, hips=25, thoracic=0, neck=-10),
            "end": _arm_on_ball(tilt=70, hips=80, thoracic=-12, neck=5),
        },
        props=(
            props.floor_mat(-60, 130),
            props.stability_ball(At("wrist_r", (0.0, _BALL_RADIUS, 0.0), floor=True), _BALL_RADIUS),
        ),
        pin="knee_r",
    ),
)

_COBRA = Pose(tilt=62).but(ankle_both=20, shoulder_both=(62, 8), elbow_both=5, neck=-10)
_cobra_ball = _ball_under(_COBRA, 32.0, along=8.0)
_add(
    "one-arm-ball-cobra",
    Demonstration(
        camera=Camera(-30, 14),
        keyframes={
            "start": _COBRA,
            "end": _COBRA.but(shoulder_r=(-35, 10, 60), elbow_r=5, clavicle_r=(-5, -22)),
        },
        props=(props.stability_ball(_cobra_ball, radius=32.0), props.dumbbells()),
        pin="toe_r",
    ),
)
_add(
    "ball-cobra-cervical-retraction",
    Demonstration(
        camera=Camera(-15, 8),
        keyframes={
            "start": _COBRA,
            "end": _COBRA.but(shoulder_both=(-30, 10, 60), clavicle_both=(-5, -22), neck=12),
        },
        props=(props.stability_ball(_cobra_ball, radius=32.0), props.dumbbells()),
        pin="toe_r",
    ),
)
