"""The equipment drawn beside the figure, one builder per equipment code.

Each builder returns a ``Prop`` that names its equipment code, so a test can check
that every exercise's drawing shows all the equipment its library entry lists.
Sizes are in centimetres, in the same world as the body (x forward, y up, z right).
"""

from dataclasses import dataclass

from programs.demonstrations.render import At, Ball, Box, Rod

WOOD = "#b08a5a"
WOOD_DARK = "#8a6a43"
WALL = "#dfe3ea"
WALL_EDGE = "#c3cad6"
MAT = "#7fc4b4"
FABRIC = "#c9a0c9"
COUCH = "#a7a2c6"
COUNTER = "#c7b299"
ROLLER = "#e39a4b"
BALL = "#e2c84a"
STABILITY = "#8fd0e8"
BAND = "#d9534f"
IRON = "#4a4f57"
TOWEL = "#f2d6a2"


@dataclass(frozen=True)
class Prop:
    """Drawn parts of one piece of equipment."""

    equipment: str
    parts: tuple
    layer: int = 0

    def shapes(self, skeleton, camera):
        for part in self.parts:
            yield from part.shapes(skeleton, camera)


def floor_mat(x0: float, x1: float, width: float = 60.0) -> Prop:
    return Prop("mat", (Box((x0, -1.5, -width / 2), (x1, 0.0, width / 2), MAT),), layer=-1)


def wall(x: float, width: float = 140.0, facing: int = -1) -> Prop:
    """A wall whose face is the plane x = ``x``; ``facing`` -1 means it faces -x."""
    depth = 10.0
    low, high = (x, x + depth) if facing < 0 else (x - depth, x)
    return Prop("wall", (Box((low, 0.0, -width / 2), (high, 205.0, width / 2), WALL),), layer=-1)


def chair(
    x: float, facing: int = 1, seat: float = 45.0, back_height: float = 38.0, z: float = 0.0
) -> Prop:
    """A chair whose seat front edge is at ``x``; its sitter faces +x when ``facing`` is 1."""
    depth, half = 42.0, 22.0
    back_x = x - facing * depth
    parts = [
        Rod((x, 0.0, z + half - 2), (x, seat, z + half - 2), 3.0, WOOD_DARK),
        Rod((back_x, 0.0, z + half - 2), (back_x, seat, z + half - 2), 3.0, WOOD_DARK),
        Rod((x, 0.0, z - half + 2), (x, seat, z - half + 2), 3.0, WOOD_DARK),
        Rod((back_x, 0.0, z - half + 2), (back_x, seat, z - half + 2), 3.0, WOOD_DARK),
        Box((min(x, back_x), seat - 4, z - half), (max(x, back_x), seat, z + half), WOOD),
    ]
    parts.append(
        Box((back_x - 3, seat, z - half), (back_x + 3, seat + back_height, z + half), WOOD)
    )
    return Prop("chair", tuple(parts), layer=-1)


def counter(x: float, height: float = 91.0) -> Prop:
    """A kitchen counter whose front edge is at ``x`` (it extends towards +x)."""
    return Prop(
        "counter",
        (
            Box((x + 4, 0.0, -70.0), (x + 64, height - 4, 70.0), COUNTER),
            Box((x, height - 4, -72.0), (x + 64, height, 72.0), WOOD_DARK),
        ),
        layer=-1,
    )


def couch(x: float) -> Prop:
    """A couch seen end-on: its sturdy arm nearest the figure at ``x``."""
    return Prop(
        "couch",
        (
            Box((x, 0.0, -45.0), (x + 24, 62.0, 45.0), COUCH),
            Box((x + 24, 0.0, -45.0), (x + 120, 44.0, 45.0), COUCH),
            Box((x + 24, 44.0, 20.0), (x + 120, 85.0, 45.0), COUCH),
        ),
        layer=-1,
    )


def door_frame(x: float, half_width: float = 44.0) -> Prop:
    """A doorway in the plane x = ``x``: two posts and the lintel."""
    return Prop(
        "door_frame",
        (
            Box((x - 10, 0.0, half_width), (x + 4, 205.0, half_width + 10), WOOD),
            Box((x - 10, 0.0, -half_width - 10), (x + 4, 205.0, -half_width), WOOD),
            Box((x - 10, 205.0, -half_width - 10), (x + 4, 215.0, half_width + 10), WOOD),
        ),
        layer=-1,
    )


def pillow(x0: float, x1: float, height: float = 12.0, y0: float = 0.0, layer: int = -1) -> Prop:
    return Prop("pillow", (Box((x0, y0, -28.0), (x1, y0 + height, 28.0), FABRIC),), layer=layer)


def towel(x0: float, x1: float, height: float = 4.0) -> Prop:
    return Prop("towel", (Box((x0, 0.0, -16.0), (x1, height, 16.0), TOWEL),), layer=-1)


def foam_roller(centre, across: bool = True, length: float = 90.0, layer: int = 0) -> Prop:
    """A roller of 15 cm diameter; ``across`` lays its axis side to side (along z)."""
    radius = 7.5
    if isinstance(centre, At):
        dx, dy, dz = centre.offset
        ends = (
            At(centre.joint, (dx, dy, dz - length / 2), centre.floor),
            At(centre.joint, (dx, dy, dz + length / 2), centre.floor),
        )
    elif across:
        x, y, z = centre
        ends = ((x, y, z - length / 2), (x, y, z + length / 2))
    else:
        x, y, z = centre
        ends = ((x - length / 2, y, z), (x + length / 2, y, z))
    return Prop("foam_roller", (Rod(*ends, 2 * radius, ROLLER),), layer=layer)


def massage_ball(centre, layer: int = 1) -> Prop:
    return Prop("massage_ball", (Ball(centre, 3.5, BALL),), layer=layer)


def stability_ball(centre, radius: float = 32.0, layer: int = -1) -> Prop:
    return Prop("stability_ball", (Ball(centre, radius, STABILITY),), layer=layer)


def band(anchor, hands=("hand_r", "hand_l"), post: bool = True) -> Prop:
    """A resistance band from a fixed anchor (a door edge or bedpost) to the hands."""
    parts = []
    if post:
        x, y, z = anchor
        parts.append(Box((x, 0.0, z - 6), (x + 6, 200.0, z + 6), WOOD))
    for hand in hands:
        parts.append(Rod(anchor, At(hand), 1.6, BAND))
    return Prop("resistance_band", tuple(parts), layer=0 if not post else 0)


def band_round_feet(hands=("hand_r", "hand_l")) -> Prop:
    """A band looped round both feet, its ends in the hands."""
    parts = tuple(
        Rod(At(f"toe_{side}", (-4.0, 4.0, 0.0)), At(hand), 1.6, BAND)
        for side, hand in zip(("r", "l"), hands, strict=True)
    )
    return Prop("resistance_band", parts, layer=1)


def dumbbells(hands=("hand_r", "hand_l")) -> Prop:
    parts = tuple(
        Rod(At(hand, (0.0, 0.0, -6.0)), At(hand, (0.0, 0.0, 6.0)), 5.0, IRON) for hand in hands
    )
    return Prop("dumbbells", parts, layer=1)
