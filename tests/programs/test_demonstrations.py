"""Each shipped exercise's drawn demonstration: present, distinct, equipped, in frame, humane."""

import re
from dataclasses import replace

import pytest

from programs.demonstrations import body, poses, render
from programs.library_data import EXERCISES as SHIPPED

SHIPPED_BY_SLUG = {entry["slug"]: entry for entry in SHIPPED}
DEMOS = poses.EXERCISES


def _tempo(entry) -> render.Tempo:
    dose = entry["dose"]
    return render.Tempo(
        reps=dose.get("reps"),
        hold_seconds=dose.get("hold_seconds"),
        duration_seconds=dose.get("duration_seconds"),
        passes=dose.get("passes"),
    )


def test_every_shipped_exercise_has_a_demonstration_and_every_demonstration_an_exercise():
    assert sorted(set(SHIPPED_BY_SLUG) - set(DEMOS)) == []
    assert sorted(set(DEMOS) - set(SHIPPED_BY_SLUG)) == []


def test_no_two_demonstrations_draw_the_same_figure():
    drawn = {}
    for slug, demo in DEMOS.items():
        svg = re.sub(r"<title>.*?</title>", "", render.svg_stills(demo, ""))
        assert svg not in drawn, f"{slug} draws the same stills as {drawn.get(svg)}"
        drawn[svg] = slug


@pytest.mark.parametrize("slug", sorted(DEMOS))
def test_each_demonstration_draws_the_equipment_its_exercise_lists(slug):
    drawn = {prop.equipment for prop in DEMOS[slug].props}
    assert set(SHIPPED_BY_SLUG[slug]["equipment"]) <= drawn


@pytest.mark.parametrize("slug", sorted(DEMOS))
def test_every_keyframe_keeps_each_joint_within_its_human_range(slug):
    for name, pose in DEMOS[slug].keyframes.items():
        for joint in body.JOINTS:
            for value, (low, high) in zip(
                pose.angles(joint), body.RANGES[body.joint_kind(joint)], strict=True
            ):
                assert low <= value <= high, f"{slug} {name}: {joint} at {value}"


@pytest.mark.parametrize("slug", sorted(DEMOS))
def test_the_whole_animation_stays_inside_the_frame_and_above_the_floor(slug):
    demo = DEMOS[slug]
    samples = render.timeline(demo, _tempo(SHIPPED_BY_SLUG[slug]))
    skeletons = render.skeletons(demo, [pose for _, pose in samples])
    for skeleton in skeletons:
        assert body.lowest(skeleton) >= demo.floor - 1.0
    fitted = render.frames(demo, [pose for _, pose in samples])
    if demo.focus:  # a close-up: its joints are in frame, with room around each
        for skeleton in skeletons:
            for joint in demo.focus:
                u, v, _ = demo.camera.project(skeleton.points[joint])
                x, y = u * fitted.scale + fitted.offset[0], v * fitted.scale + fitted.offset[1]
                assert 0 <= x <= render.WIDTH and 0 <= y <= render.HEIGHT, (slug, joint)
        return
    for shapes in fitted.shapes:
        for kind, points, _colour, size in shapes:
            pad = size if kind == "circle" else size / 2 if kind == "line" else 0
            for x, y in points:
                assert x - pad >= -0.5 and x + pad <= render.WIDTH + 0.5, slug
                assert y - pad >= -0.5 and y + pad <= render.HEIGHT + 0.5, slug


def test_a_close_up_keeps_the_moving_shoulders_large_and_cuts_the_rest_at_its_frame():
    rolls = DEMOS["shoulder-roll-sequence"]
    whole = render.frames(replace(rolls, focus=None), [rolls.keyframes["up"]])
    close = render.frames(rolls, [rolls.keyframes["up"]])
    assert close.scale > 1.8 * whole.scale
    stills = render.svg_stills(rolls, "Shoulder rolls")
    assert '<clipPath id="frame">' in stills and stills.count('clip-path="url(#frame)"') == 4


def test_the_animation_holds_where_the_dose_holds_and_moves_at_its_tempo():
    demo = DEMOS["childs-pose"]

    def loop_seconds(svg: str) -> float:
        return float(re.search(r'dur="([\d.]+)s"', svg).group(1))

    short = loop_seconds(render.svg_animation(demo, render.Tempo(reps=2, hold_seconds=5), ""))
    long = loop_seconds(render.svg_animation(demo, render.Tempo(reps=2, hold_seconds=25), ""))
    assert long - short == pytest.approx(20.0)
    timeline = render.timeline(demo, render.Tempo(reps=2, hold_seconds=25))
    held = [b - a for (a, pa), (b, pb) in zip(timeline, timeline[1:], strict=False) if pa is pb]
    assert max(held) == pytest.approx(25.0)


def test_the_animation_moves_by_itself_and_the_stills_do_not():
    demo = DEMOS["wall-push-up"]
    animated = render.svg_animation(demo, render.Tempo(reps=10), "Wall push-up")
    stills = render.svg_stills(demo, "Wall push-up")
    assert 'repeatCount="indefinite"' in animated and "<script" not in animated
    assert "<animate" not in stills and "<title>Wall push-up</title>" in stills
    assert 'width="668" height="240"' in stills  # start and end side by side


def test_a_long_sequence_wraps_its_stills_into_rows_a_phone_can_read():
    stills = render.svg_stills(DEMOS["kneeling-t-y-w-i"], "T-Y-W-I")  # start, T, Y, W, I
    assert render.stills_size(5) == (
        3 * render.WIDTH + 2 * render.GAP,
        2 * render.HEIGHT + render.GAP,
    )
    assert 'width="1016" height="508"' in stills
    assert stills.count('<g transform="translate(') == 4  # every frame but the first moved
    assert "translate(0 268)" in stills  # the fourth frame starts the second row


def test_forward_kinematics_follows_anatomical_angles():
    standing = body.solve(body.Pose())
    reach = body.solve(body.Pose().but(shoulder_r=90))
    shoulder, hand = reach.points["shoulder_r"], reach.points["hand_r"]
    assert hand[0] - shoulder[0] == pytest.approx(body.UPPER_ARM + body.FOREARM + body.HAND)
    assert hand[1] == pytest.approx(shoulder[1])  # arm straight ahead at shoulder height
    seated = body.solve(body.Pose().but(hip_both=90, knee_both=90))
    assert seated.points["knee_r"][0] == pytest.approx(body.THIGH)  # thigh forward
    assert seated.points["ankle_r"][0] == pytest.approx(body.THIGH)  # shin straight down
    assert standing.points["head"][1] > standing.points["neck"][1] > standing.points["pelvis"][1]
    face_down = body.solve(body.Pose(tilt=90))
    assert face_down.face[1] == pytest.approx(-1.0)  # lying prone, the face looks at the floor
