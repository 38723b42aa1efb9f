"""Shared exercise library and protocol templates (seed content).

Facts (exercise names, doses, weeks, cautions, progression rules) come from the five seed
articles in ``shared/seeds``; every sentence here is written in our own words. Plain data only:
no Django imports, so migrations, management commands and tests can all load it.
"""

EXERCISES = [
    # ------------------------------------------------------------------ 000: virtual assessment
    {
        "slug": "pec-minor-ball-release",
        "name": "Pec minor release with a massage ball",
        "kind": "release",
        "region": "chest",
        "target_muscles": ["pectoralis minor"],
        "equipment": ["massage_ball", "wall"],
        "steps": [
            "Press your fingertips below the collarbone, near the shoulder, to find a tender spot.",
            "Hold a tennis or massage ball on that spot and lean gently into a wall.",
            "Roll slowly back and forth in small moves of about 2 cm.",
            "Shift the ball a little towards your breastbone to look for other tender spots.",
            "Stop after 10 passes, or once the tenderness has dropped by about a third.",
            "Do the same on the other side.",
        ],
        "cautions": [
            "Some tenderness is normal; keep the pressure bearable and ease off if pain is sharp.",
            "Stop and contact the clinic if you feel numbness or tingling down the arm.",
            "Strong feelings can surface during release work; this is common and not harmful.",
        ],
        "variations": [
            "Arm behind the back: rest the hand of the working side behind your back as you roll.",
            "Shoulder turns: after rolling, bend the elbow to 90 degrees, thumb up, and turn the "
            "forearm in and out 5 times, letting the chest lengthen.",
        ],
        "summary": "Loosens a tight pec minor so the shoulder can sit further back.",
        "source": "000",
        "dose": {"passes": 10, "per_side": True, "frequency": "daily"},
    },
    {
        "slug": "kneeling-t-y-w-i",
        "name": "Kneeling T-Y-W-I shoulder blade raises",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": [
            "middle trapezius",
            "lower trapezius",
            "rhomboids",
            "serratus anterior",
        ],
        "equipment": ["mat"],
        "steps": [
            "Get on hands and knees: hands under shoulders, knees under hips.",
            "T: lift one arm straight out to the side, leading with the shoulder blade.",
            "Y: lift the arm forward on a diagonal, drawing the shoulder blade back and up.",
            "W: bend the elbow, thumb up; press the shoulder blade in as the forearm turns back.",
            "I: lift the straight arm back beside you and squeeze the shoulder blade.",
            "Go slowly, pause at the top of each letter, then switch arms.",
        ],
        "cautions": [
            "Lift with the shoulder blade, not only the arm; this is the hard part to feel.",
            "Keep the back flat and still; do not twist the trunk.",
            "Do not hitch the shoulder up towards the ear.",
        ],
        "variations": ["If the full set is too hard, start with the I, the easiest of the four."],
        "summary": "Trains the muscles that move and steady the shoulder blade, letter by letter.",
        "source": "000",
        "dose": {
            "sets": 3,
            "reps": 6,
            "per_side": True,
            "hold_seconds": 2,
            "hold_seconds_max": 3,
            "frequency": "every_other_day",
        },
    },
    {
        "slug": "quadruped-thoracic-rotation",
        "name": "Hands-and-knees upper back rotation",
        "kind": "mobility",
        "region": "upper_back",
        "target_muscles": ["thoracic spine rotators", "thoracic erector spinae"],
        "equipment": ["mat"],
        "steps": [
            "Get on hands and knees and place one hand behind your head.",
            "Turn your upper back down, bringing that elbow towards the opposite hand.",
            "Turn the other way and open the elbow up towards the ceiling.",
            "Let your upper back do the turning; the arm just comes along.",
            "Keep your hips still. Finish the reps, then switch sides.",
        ],
        "cautions": [
            "Keep the spine in a neutral line the whole time.",
            "Do not just swing the arm; the twist should come from the middle of the back.",
        ],
        "variations": [],
        "summary": "Brings turning movement back into a stiff upper back.",
        "source": "000",
        "dose": {"sets": 3, "reps": 10, "per_side": True, "frequency": "daily"},
    },
    {
        "slug": "cat-cow-hollowing",
        "name": "Cat-cow with belly hollowing",
        "kind": "stretch",
        "region": "lower_back",
        "target_muscles": ["erector spinae", "transversus abdominis"],
        "equipment": ["mat"],
        "steps": [
            "Get on hands and knees.",
            "Breathe in: let your belly drop and your chest rise so your back curves down.",
            "Breathe out: push the floor away and round your middle back up to the ceiling.",
            "As you round, draw your belly button in towards your tailbone to hollow the belly.",
            "Keep moving slowly between the two shapes with your breath.",
        ],
        "cautions": [
            "Do not sink into the lower back; you should not feel a pinch there.",
            "Notice where your back bends and try to let the lower back round too.",
        ],
        "variations": [],
        "summary": "Moves the whole spine and teaches the lower back to round as well as arch.",
        "source": "000",
        "dose": {"sets": 3, "reps": 15, "frequency": "daily"},
    },
    # ------------------------------------------------------------------ 001: postural set
    {
        "slug": "foam-roller-thoracic-extension",
        "name": "Upper back extension over a foam roller",
        "kind": "stretch",
        "region": "upper_back",
        "target_muscles": ["thoracic spine extensors", "pectoralis major"],
        "equipment": ["foam_roller", "mat"],
        "steps": [
            "Sit on the mat with a foam roller lying across the floor behind you.",
            "Lie back so the roller sits across your upper back.",
            "Hold your head in your hands and keep your bottom on the floor.",
            "Let your upper back bend gently back over the roller and hold.",
            "Come up slowly, move the roller a little higher, and repeat.",
        ],
        "cautions": [
            "Keep the roller under the upper back, never the lower back.",
            "You should feel a stretch, not sharp pain.",
        ],
        "variations": [],
        "summary": "Eases a rounded upper back by bending it gently backwards.",
        "source": "001",
        "dose": {
            "reps": 2,
            "reps_max": 3,
            "hold_seconds": 20,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    {
        "slug": "kneeling-lat-stretch-chair",
        "name": "Lat stretch on a chair or exercise ball",
        "kind": "stretch",
        "region": "shoulder",
        "target_muscles": ["latissimus dorsi"],
        "equipment": ["chair", "mat"],
        "steps": [
            "Kneel on a mat facing the seat of a sturdy chair.",
            "Rest your hands or forearms on the seat with your arms straight ahead.",
            "Sit your hips back towards your heels.",
            "Let your chest sink towards the floor until the sides of your back stretch.",
            "Hold while breathing slowly, then come up.",
        ],
        "cautions": [
            "Ease into the stretch; do not bounce.",
            "Stop if you feel tingling or numbness in the arms.",
        ],
        "variations": ["Use an exercise ball instead of the chair and roll it forward."],
        "summary": "Lengthens the lats, which pull the shoulders forward when tight.",
        "source": "001",
        "dose": {
            "reps": 2,
            "reps_max": 3,
            "hold_seconds": 20,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    {
        "slug": "pec-stretch-door-frame",
        "name": "Chest stretch in a doorway or at a wall",
        "kind": "stretch",
        "region": "chest",
        "target_muscles": ["pectoralis major", "pectoralis minor"],
        "equipment": ["door_frame"],
        "steps": [
            "Stand in a doorway and rest one forearm on the frame, elbow at shoulder height.",
            "Step forward with the foot on the same side.",
            "Turn your chest gently away until the front of the shoulder stretches.",
            "Hold while breathing slowly, then step back and switch sides.",
        ],
        "cautions": [
            "Keep the shoulder low and relaxed; do not let it shrug up.",
            "Aim for a mild stretch; do not force it.",
        ],
        "variations": [
            "No doorway: put the forearm on a wall beside you and turn away from it.",
        ],
        "summary": "Opens a tight chest that pulls the shoulders into a rounded posture.",
        "source": "001",
        "dose": {
            "reps": 2,
            "reps_max": 3,
            "per_side": True,
            "hold_seconds": 20,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    {
        "slug": "prone-shoulder-blade-squeeze",
        "name": "Face-down shoulder blade squeeze",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["rhomboids", "middle trapezius"],
        "equipment": ["mat", "towel"],
        "steps": [
            "Lie face down, arms by your sides, forehead on a folded towel.",
            "Tuck your chin in slightly.",
            "Squeeze your shoulder blades back and down so your hands lift just off the floor.",
            "Pause for a moment, then relax slowly.",
        ],
        "cautions": [
            "Keep the chin tucked and the neck long.",
            "Good form and stamina matter more than weight.",
        ],
        "variations": [
            "When 2 sets feel easy, build up towards 20-30 reps per set.",
            "Hold light dumbbells only once the higher reps are easy.",
        ],
        "summary": "Works the muscles between the shoulder blades against gravity.",
        "source": "001",
        "dose": {
            "sets": 2,
            "reps": 10,
            "reps_max": 15,
            "load_note": "No weights; light dumbbells optional once it feels easy",
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "prone-t-raise",
        "name": "Face-down T raise",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["middle trapezius", "rhomboids", "posterior deltoid"],
        "equipment": ["mat", "towel"],
        "steps": [
            "Lie face down with arms straight out to the sides, forehead on a folded towel.",
            "Tuck your chin in slightly.",
            "Draw your shoulder blades together and lift both arms a little off the floor.",
            "Pause, then lower slowly.",
        ],
        "cautions": [
            "Keep the chin tucked and the neck long.",
            "Lift from the shoulder blades; do not shrug towards the ears.",
        ],
        "variations": [
            "When 2 sets feel easy, build up towards 20-30 reps per set.",
            "Hold light dumbbells only once the higher reps are easy.",
        ],
        "summary": "Strengthens the muscles that pull the shoulders back.",
        "source": "001",
        "dose": {
            "sets": 2,
            "reps": 10,
            "reps_max": 15,
            "load_note": "No weights; light dumbbells optional once it feels easy",
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "prone-y-raise",
        "name": "Face-down Y raise",
        "kind": "strengthen",
        "region": "upper_back",
        "target_muscles": ["lower trapezius", "thoracic erector spinae"],
        "equipment": ["mat", "towel"],
        "steps": [
            "Lie face down with arms reaching overhead in a Y shape, thumbs up.",
            "Rest your forehead on a folded towel and tuck your chin in.",
            "Set your shoulder blades back and towards your hips.",
            "Lift both arms and your upper chest a little off the floor.",
            "Pause, then lower slowly.",
        ],
        "cautions": [
            "Keep the chin tucked so the neck does not tip back.",
            "Lift only a little; do not crank the lower back.",
        ],
        "variations": [
            "When 2 sets feel easy, build up towards 20-30 reps per set.",
            "Hold light dumbbells only once the higher reps are easy.",
        ],
        "summary": "Builds upper back extension strength while the shoulder blades pull back.",
        "source": "001",
        "dose": {
            "sets": 2,
            "reps": 10,
            "reps_max": 15,
            "load_note": "No weights; light dumbbells optional once it feels easy",
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "abdominal-bracing",
        "name": "Abdominal bracing (lying on your back)",
        "kind": "activation",
        "region": "core",
        "target_muscles": ["transversus abdominis", "rectus abdominis", "obliques"],
        "equipment": ["mat"],
        "steps": [
            "Lie on your back with knees bent and feet flat.",
            "Breathe in and let your belly relax.",
            "Breathe out and gently tighten your stomach, as if ready for a light poke.",
            "Hold the tightening while you keep breathing normally.",
            "Relax fully, then repeat.",
        ],
        "cautions": [
            "Do not hold your breath.",
            "Keep the effort gentle; you should still be able to talk.",
        ],
        "variations": [],
        "summary": "Wakes up the stomach muscles, whose weakness lets the upper back round.",
        "source": "001",
        "dose": {
            "sets": 2,
            "reps": 10,
            "reps_max": 15,
            "hold_seconds": 5,
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    # ------------------------------------------------------------------ 001: osteoporosis set
    {
        "slug": "supine-bridge",
        "name": "Bridge (lying on your back)",
        "kind": "strengthen",
        "region": "hips",
        "target_muscles": ["gluteus maximus", "hamstrings", "lower back extensors"],
        "equipment": ["mat"],
        "steps": [
            "Lie on your back, knees bent, feet flat and in line with your shoulders.",
            "Press through your feet and lift your hips off the floor.",
            "Lift by squeezing your buttocks, not by arching your lower back.",
            "Hold for 2 seconds.",
            "Lower down slowly and with control.",
        ],
        "cautions": [
            "A common mistake is arching the lower back too much at the top.",
            "Stiff hips can push the work into the lower back; keep the lift small if so.",
        ],
        "variations": [
            "If your back arches, bring the feet a little closer and the knees a little wider.",
        ],
        "summary": "Strengthens the hips, back of the thighs and lower back.",
        "source": "001",
        "dose": {
            "reps": 10,
            "hold_seconds": 2,
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "bird-dog",
        "name": "Bird dog",
        "kind": "strengthen",
        "region": "lower_back",
        "target_muscles": ["erector spinae", "gluteus maximus", "multifidus"],
        "equipment": ["mat"],
        "steps": [
            "Get on hands and knees with a flat back, hands under shoulders, knees under hips.",
            "Slowly reach the left arm forward and the right leg back, up to back height.",
            "Keep one straight line from hand to foot.",
            "Hold for 2-3 seconds, then lower.",
            "Switch to the right arm and left leg, alternating each time.",
        ],
        "cautions": [
            "Do not let the trunk twist.",
            "Do not let the back sag or arch.",
        ],
        "variations": ["To make it harder, build the hold up to 10 seconds."],
        "summary": "Trains the hip and lower back muscles to hold the trunk steady.",
        "source": "001",
        "dose": {
            "sets": 2,
            "reps": 10,
            "reps_max": 12,
            "per_side": True,
            "hold_seconds": 2,
            "hold_seconds_max": 3,
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "prone-back-extension",
        "name": "Face-down back extension over pillows",
        "kind": "strengthen",
        "region": "upper_back",
        "target_muscles": ["erector spinae (middle and upper back)"],
        "equipment": ["pillow", "mat"],
        "steps": [
            "Place 1-2 pillows on the mat and lie on your front with them under your belly.",
            "Lay your arms along your sides, palms down, hands just off the floor.",
            "Tuck your chin and lift your shoulders and chest off the floor.",
            "Hold for 5-10 seconds while breathing normally.",
            "Lower slowly and rest.",
        ],
        "cautions": [
            "Keep the chin tucked so the neck is not strained.",
            "Keep breathing; do not hold your breath.",
        ],
        "variations": [],
        "summary": "Strengthens the long muscles along the spine that keep you upright.",
        "source": "001",
        "dose": {
            "reps": 5,
            "hold_seconds": 5,
            "hold_seconds_max": 10,
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "prone-arm-lift",
        "name": "Face-down arm lift",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["upper back erector spinae", "trapezius", "rotator cuff"],
        "equipment": ["mat"],
        "steps": [
            "Lie face down with your arms out at shoulder level and elbows bent.",
            "Tuck your chin.",
            "Raise both arms off the mat as the shoulder blades slide back and down.",
            "Hold for 5-10 seconds while breathing normally.",
            "Lower slowly and rest.",
        ],
        "cautions": [
            "Keep the chin tucked to protect the neck.",
            "Keep breathing; do not hold your breath.",
        ],
        "variations": [],
        "summary": "Strengthens the upper back and the muscles that set the shoulder blades.",
        "source": "001",
        "dose": {
            "reps": 5,
            "hold_seconds": 5,
            "hold_seconds_max": 10,
            "frequency": "days_per_week",
            "days_per_week": 3,
        },
    },
    {
        "slug": "wall-slide",
        "name": "Wall slide",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["lower trapezius", "serratus anterior", "upper back muscles"],
        "equipment": ["wall"],
        "steps": [
            "Face a wall in a small step stance, one foot forward.",
            "Rest both forearms on the wall, a little lower than your shoulders.",
            "Slide your forearms up the wall until your arms are straight overhead.",
            "Lift your hands and arms slightly off the wall, tipping the shoulder blades back.",
            "Pause at the top, then lower slowly to the start.",
        ],
        "cautions": [
            "Do not arch the lower back as the arms leave the wall.",
            "Come back down slowly and under control.",
        ],
        "variations": [],
        "summary": "Strengthens the upper back and shoulder blade muscles for upright posture.",
        "source": "001",
        "dose": {"reps": 10, "frequency": "days_per_week", "days_per_week": 3},
    },
    # ------------------------------------------------------------------ 002: guide and template
    {
        "slug": "rhomboid-stretch",
        "name": "Rhomboid stretch (seated or standing)",
        "kind": "stretch",
        "region": "shoulder_blade",
        "target_muscles": ["rhomboids", "middle trapezius"],
        "equipment": ["chair"],
        "steps": [
            "Sit up tall on a sturdy chair (standing is fine too, feet apart).",
            "Link your hands and reach your arms forward at shoulder height.",
            "Lower your chin towards your chest.",
            "Reach further forward and round your upper back so the shoulder blades spread.",
            "Hold for 15-30 seconds, breathing deeply.",
        ],
        "cautions": [
            "Round the upper back, not the lower back; arching the lower back spoils the stretch.",
            "Keep your stomach gently tight.",
            "Expect a gentle pull between the shoulder blades, never pain.",
        ],
        "variations": [],
        "summary": "Eases the knot between the shoulder blades that builds up at a desk.",
        "source": "002",
        "dose": {
            "reps": 2,
            "reps_max": 4,
            "hold_seconds": 15,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    {
        "slug": "modified-childs-pose",
        "name": "Modified child's pose for the upper back",
        "kind": "stretch",
        "region": "upper_back",
        "target_muscles": ["thoracic spine extensors", "latissimus dorsi"],
        "equipment": ["mat", "pillow"],
        "steps": [
            "Kneel on a mat. Sore knees? Slide a pillow beneath them.",
            "Sit back towards your heels.",
            "Lean forward and slide your arms along the floor ahead of you.",
            "Let your head rest between your arms, just clear of the floor.",
            "Ease your chest towards the floor and hold for 15-30 seconds.",
        ],
        "cautions": [
            "Protect sore knees with a pillow; stop if kneeling hurts.",
            "Expect a stretch across the upper back, never sharp pain.",
        ],
        "variations": [
            "Spread the knees wider for a stronger upper back stretch.",
            "Put a rolled towel behind the knees for extra support.",
        ],
        "summary": "A gentle kneeling stretch for the upper back, good in the evening.",
        "source": "002",
        "dose": {
            "reps": 2,
            "reps_max": 4,
            "hold_seconds": 15,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    {
        "slug": "shoulder-roll-sequence",
        "name": "Shoulder roll sequence",
        "kind": "mobility",
        "region": "shoulder_blade",
        "target_muscles": ["upper trapezius", "levator scapulae", "rhomboids"],
        "equipment": [],
        "steps": [
            "Sit or stand tall with your chin slightly tucked.",
            "Roll your shoulders up, back, down and forward: 4 slow circles.",
            "Now circle the other way: 4 slow circles.",
            "Keep your arms loose and let the shoulder blades make the movement.",
            "Keep your head still.",
        ],
        "cautions": [
            "Do not swing the arms to make the circles.",
            "Do not let your head move with the shoulders; that strains the neck.",
        ],
        "variations": [],
        "summary": "A one-minute morning routine to loosen the shoulder blades and upper traps.",
        "source": "002",
        "dose": {"reps": 4, "duration_seconds": 60, "frequency": "daily"},
    },
    {
        "slug": "wall-push-up",
        "name": "Wall push-up",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["serratus anterior", "pectoralis major", "triceps"],
        "equipment": ["wall"],
        "steps": [
            "Stand facing a wall, 30-60 cm away.",
            "Put your hands on the wall at shoulder height, a little wider than your shoulders.",
            "Hold your body in one line, head to heels.",
            "Bend your elbows to bring your chest towards the wall.",
            "Push back out slowly and with control.",
        ],
        "cautions": [
            "Stop if it hurts.",
            "Move to the next stage only when every rep is easy with good form.",
            "Do not let the hips sag or stick out.",
        ],
        "variations": [],
        "summary": "First push-up rung; strengthens the muscle that steadies the shoulder blade.",
        "source": "002",
        "dose": {"reps": 8, "reps_max": 12, "frequency": "every_other_day"},
    },
    {
        "slug": "counter-push-up",
        "name": "Counter push-up",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["serratus anterior", "pectoralis major", "triceps"],
        "equipment": ["counter"],
        "steps": [
            "Put your hands on a sturdy kitchen counter edge, a little wider than your shoulders.",
            "Walk your feet back until your body is on a slant.",
            "Hold your body in one line, head to heels.",
            "Bend your elbows to lower your chest towards the counter.",
            "Push back up slowly and with control.",
        ],
        "cautions": [
            "Stop if it hurts; go back to the wall version.",
            "Move to the next stage only when every rep is easy with good form.",
            "Do not let the hips sag.",
        ],
        "variations": [],
        "summary": "Second rung of the push-up ladder: a little more body weight than the wall.",
        "source": "002",
        "dose": {"reps": 8, "reps_max": 12, "frequency": "every_other_day"},
    },
    {
        "slug": "couch-push-up",
        "name": "Couch push-up",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["serratus anterior", "pectoralis major", "triceps"],
        "equipment": ["couch"],
        "steps": [
            "Check that the couch cannot slide, then use its sturdy end.",
            "Put your hands on it a little wider than your shoulders.",
            "Step your feet back and hold your body in one line, head to heels.",
            "Bend your elbows to lower your chest towards the couch.",
            "Push back up slowly and with control.",
        ],
        "cautions": [
            "Stop if it hurts; go back to the counter version.",
            "Move to the next stage only when every rep is easy with good form.",
        ],
        "variations": [],
        "summary": "Third rung of the push-up ladder, on a medium-height surface.",
        "source": "002",
        "dose": {"reps": 8, "reps_max": 12, "frequency": "every_other_day"},
    },
    {
        "slug": "chair-push-up",
        "name": "Chair push-up",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["serratus anterior", "pectoralis major", "triceps"],
        "equipment": ["chair"],
        "steps": [
            "Push a sturdy chair against a wall so it cannot move.",
            "Put your hands on the seat edge, a little wider than your shoulders.",
            "Step your feet back and hold your body in one line, head to heels.",
            "Bend your elbows to lower your chest towards the seat.",
            "Push back up slowly and with control.",
        ],
        "cautions": [
            "Stop if it hurts; go back to the couch version.",
            "Move to floor push-ups only when every rep is easy with good form.",
        ],
        "variations": [],
        "summary": "Fourth rung of the push-up ladder, on a low and harder slope.",
        "source": "002",
        "dose": {"reps": 8, "reps_max": 12, "frequency": "every_other_day"},
    },
    {
        "slug": "floor-push-up",
        "name": "Floor push-up",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["serratus anterior", "pectoralis major", "triceps"],
        "equipment": ["mat"],
        "steps": [
            "Put your hands on the floor a little wider than your shoulders.",
            "Stretch your legs back onto your toes.",
            "Hold your body in one line, head to heels.",
            "Bend your elbows to lower your chest towards the floor.",
            "Push back up slowly and with control.",
        ],
        "cautions": [
            "Only start these once chair push-ups feel easy.",
            "Stop if it hurts; go back to the chair version.",
            "Do not let the hips sag.",
        ],
        "variations": [],
        "summary": "Top rung of the push-up ladder: a full push-up on the floor.",
        "source": "002",
        "dose": {"reps": 8, "reps_max": 12, "frequency": "every_other_day"},
    },
    {
        "slug": "resistance-band-row",
        "name": "Resistance band row (standing)",
        "kind": "strengthen",
        "region": "shoulder_blade",
        "target_muscles": ["rhomboids", "middle trapezius"],
        "equipment": ["resistance_band"],
        "steps": [
            "Fix the band at waist height: round a bedpost, or knotted in a closed door.",
            "Hold one end in each hand with your arms straight in front of you.",
            "Start by drawing the shoulder blades in; only then let the elbows bend.",
            "Keep your elbows close to your sides as you pull.",
            "Let the band back out slowly.",
        ],
        "cautions": [
            "Start each pull from the shoulder blades, not the arms.",
            "Make sure the door is shut firmly before pulling on a door-anchored band.",
        ],
        "variations": [
            "A helper can hold the band at waist height instead of an anchor.",
            "Add a second set when one set feels easy.",
        ],
        "summary": "Strengthens the muscles that hold the shoulder blades back.",
        "source": "002",
        "dose": {"sets": 1, "reps": 8, "reps_max": 12, "frequency": "every_other_day"},
    },
    {
        "slug": "micro-break-shoulder-rolls",
        "name": "Desk break: shoulder rolls",
        "kind": "mobility",
        "region": "shoulder",
        "target_muscles": ["upper trapezius", "levator scapulae"],
        "equipment": [],
        "steps": [
            "Stand up from your chair.",
            "Roll your shoulders slowly backwards 5 times.",
            "Roll them forwards 5 times.",
            "Keep your arms loose and your head still.",
        ],
        "cautions": ["Do not swing the arms; let the shoulders do the work."],
        "variations": [],
        "summary": "A quick posture reset for every 30-45 minutes of sitting.",
        "source": "002",
        "dose": {"reps": 5, "frequency": "daily", "times_per_day": 8},
    },
    {
        "slug": "micro-break-breathing-squeeze",
        "name": "Desk break: three deep breaths with a shoulder blade squeeze",
        "kind": "activation",
        "region": "shoulder_blade",
        "target_muscles": ["rhomboids", "middle trapezius", "diaphragm"],
        "equipment": [],
        "steps": [
            "Stand tall.",
            "Breathe in slowly and deeply while gently drawing your shoulder blades together.",
            "Breathe out and let them relax.",
            "Do this 3 times.",
        ],
        "cautions": ["Keep the shoulders down, away from the ears."],
        "variations": [],
        "summary": "A breathing reset that reminds the shoulder blades where to sit.",
        "source": "002",
        "dose": {"reps": 3, "frequency": "daily", "times_per_day": 8},
    },
    {
        "slug": "micro-break-neck-stretch",
        "name": "Desk break: gentle neck stretch",
        "kind": "stretch",
        "region": "neck",
        "target_muscles": ["upper trapezius", "levator scapulae"],
        "equipment": [],
        "steps": [
            "Sit or stand tall with relaxed shoulders.",
            "Slowly tip one ear towards its shoulder until you feel a mild stretch.",
            "Stay for a few breaths, then do the other side.",
            "Keep going gently, side to side, for about 30 seconds.",
        ],
        "cautions": [
            "Keep it gentle; stop if you feel tingling, numbness or sharp pain.",
            "Do not pull on your head with your hands.",
        ],
        "variations": [],
        "summary": "Releases neck tension that builds up while looking down at a screen.",
        "source": "002",
        "dose": {"duration_seconds": 30, "frequency": "daily", "times_per_day": 8},
    },
    # ------------------------------------------------------------------ 003: clinic handout
    {
        "slug": "shoulder-blade-squeeze",
        "name": "Shoulder blade squeeze",
        "kind": "activation",
        "region": "shoulder_blade",
        "target_muscles": ["rhomboids", "middle trapezius"],
        "equipment": [],
        "steps": [
            "Sit or stand up tall.",
            "Draw your shoulder blades back and towards each other.",
            "Hold for 5-10 seconds.",
            "Let go slowly and relax.",
        ],
        "cautions": [
            "Keep the shoulders down, away from the ears.",
            "Breathe normally during the hold.",
        ],
        "variations": [],
        "summary": "A simple hold that wakes up the upper back muscles and helps posture.",
        "source": "003",
        "dose": {
            "reps": 10,
            "hold_seconds": 5,
            "hold_seconds_max": 10,
            "frequency": "every_other_day",
        },
    },
    {
        "slug": "cat-cow",
        "name": "Cat-cow",
        "kind": "mobility",
        "region": "upper_back",
        "target_muscles": ["erector spinae", "abdominals"],
        "equipment": ["mat"],
        "steps": [
            "Get on hands and knees.",
            "Breathe in: let your back dip gently and lift your head (cow).",
            "Breathe out: round your back up and tuck your chin (cat).",
            "Move slowly between the two shapes.",
        ],
        "cautions": ["Move gently; stay in a range that feels comfortable."],
        "variations": [],
        "summary": "A gentle rocking movement that loosens the whole spine.",
        "source": "003",
        "dose": {"reps": 10, "reps_max": 15, "frequency": "daily"},
    },
    {
        "slug": "seated-thoracic-extension-chair",
        "name": "Seated upper back extension over a chair",
        "kind": "stretch",
        "region": "upper_back",
        "target_muscles": ["thoracic spine extensors", "pectoralis major"],
        "equipment": ["chair"],
        "steps": [
            "Sit on a sturdy chair with a low back rest, feet flat on the floor.",
            "Put your hands behind your head, elbows out.",
            "Lean back, bending your upper back over the top of the back rest.",
            "Hold for 10 seconds.",
            "Come back up to sitting straight.",
        ],
        "cautions": [
            "Use a stable chair that cannot tip.",
            "Bend from the upper back; do not push the lower back forward.",
        ],
        "variations": [],
        "summary": "Opens the chest and eases stiffness in the upper back while seated.",
        "source": "003",
        "dose": {"reps": 5, "reps_max": 10, "hold_seconds": 10, "frequency": "daily"},
    },
    {
        "slug": "wall-angels",
        "name": "Wall angels",
        "kind": "mobility",
        "region": "shoulder_blade",
        "target_muscles": ["lower trapezius", "middle trapezius", "rotator cuff"],
        "equipment": ["wall"],
        "steps": [
            "Stand with your bottom and upper back against a wall, feet a little forward.",
            "Raise your arms to the sides with elbows bent at a right angle.",
            "Slowly slide your arms up and down the wall, like a snow angel.",
            "Keep your back and arms close to the wall as you move.",
        ],
        "cautions": [
            "Only go as high as you can without the lower back leaving the wall.",
            "Move slowly.",
        ],
        "variations": [],
        "summary": "Improves shoulder movement and helps correct a rounded posture.",
        "source": "003",
        "dose": {"reps": 10, "reps_max": 15, "frequency": "daily"},
    },
    {
        "slug": "seated-band-row",
        "name": "Seated band row (legs straight)",
        "kind": "strengthen",
        "region": "upper_back",
        "target_muscles": ["rhomboids", "middle trapezius", "latissimus dorsi"],
        "equipment": ["resistance_band", "mat"],
        "steps": [
            "Sit on a mat with your legs straight and the band looped round your feet.",
            "Hold one end in each hand and sit tall.",
            "Pull the band towards your body, squeezing your shoulder blades together.",
            "Let the band back slowly to the start.",
        ],
        "cautions": [
            "Sit tall; do not lean back to pull.",
            "Control the return; do not let the band snap back.",
        ],
        "variations": [
            "If sitting on the floor is hard, do the standing resistance band row instead.",
        ],
        "summary": "Strengthens the upper back to support better posture.",
        "source": "003",
        "dose": {"reps": 10, "reps_max": 15, "frequency": "every_other_day"},
    },
    {
        "slug": "childs-pose",
        "name": "Child's pose",
        "kind": "stretch",
        "region": "lower_back",
        "target_muscles": ["erector spinae", "latissimus dorsi"],
        "equipment": ["mat"],
        "steps": [
            "Kneel on a mat and lower your bottom towards your heels.",
            "Reach your arms forward along the floor.",
            "Rest your forehead on the floor.",
            "Hold for 20-30 seconds, breathing slowly.",
            "Walk your hands back to come up.",
        ],
        "cautions": [
            "If kneeling hurts your knees, use the modified child's pose with a pillow.",
        ],
        "variations": [],
        "summary": "A restful stretch that eases tension through the back and shoulders.",
        "source": "003",
        "dose": {
            "reps": 2,
            "reps_max": 3,
            "hold_seconds": 20,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    # ------------------------------------------------------------------ 004: warm-up routine
    {
        "slug": "foam-roller-lat-release",
        "name": "Foam roller release for the lats",
        "kind": "release",
        "region": "shoulder",
        "target_muscles": ["latissimus dorsi", "teres major"],
        "equipment": ["foam_roller", "mat"],
        "steps": [
            "Lie on your side with the foam roller under your armpit.",
            "Stretch the lower arm out overhead with the thumb pointing up.",
            "Roll slowly a short way down the side of your back.",
            "When you find a sore, tight spot, rest on it (60 seconds at most) until it softens.",
            "Roll a little further to look for other spots, then switch sides.",
        ],
        "cautions": [
            "Rest on tender spots only until they ease; do not press into sharp pain.",
        ],
        "variations": [],
        "summary": "Loosens tight lats that pull the shoulders forward.",
        "source": "004",
        "dose": {"hold_seconds": 60, "per_side": True, "frequency": "daily"},
    },
    {
        "slug": "foam-roller-thoracic-release",
        "name": "Foam roller release for the upper back",
        "kind": "release",
        "region": "upper_back",
        "target_muscles": ["thoracic erector spinae", "rhomboids", "middle trapezius"],
        "equipment": ["foam_roller", "mat"],
        "steps": [
            "Sit on the mat and lie back onto the foam roller across your upper back.",
            "Put your hands behind your head, or cross your arms over your chest.",
            "Lift your hips off the floor.",
            "Roll slowly between the top of the shoulders and the middle of the back.",
            "Stop at the middle of the back; never roll onto the lower back.",
        ],
        "cautions": [
            "Do not roll the lower back.",
            "Support your head with your hands if your neck gets tired.",
        ],
        "variations": [
            "Hands behind the head support the neck and open the chest.",
            "Arms crossed in front open the upper back more.",
        ],
        "summary": "Loosens the upper back muscles before stretching and activation work.",
        "source": "004",
        "dose": {"passes": 10, "frequency": "daily"},
    },
    {
        "slug": "ball-chest-lat-stretch",
        "name": "Chest and lat stretch on a stability ball",
        "kind": "stretch",
        "region": "chest",
        "target_muscles": [
            "pectoralis major",
            "pectoralis minor",
            "anterior deltoid",
            "latissimus dorsi",
        ],
        "equipment": ["stability_ball", "mat"],
        "steps": [
            "Kneel beside a stability ball and rest one straight arm on it, thumb up.",
            "Roll the ball away until the arm is stretched out.",
            "Let your chest drop towards the floor.",
            "Keep that shoulder down, away from your ear.",
            "Hold while breathing slowly, then switch arms.",
        ],
        "cautions": ["Do not shrug or hitch the shoulder up."],
        "variations": [
            "Turn the palm to face down if the stretch feels too strong.",
            "Put both hands on the ball to stretch both sides at once.",
            "No ball: rest the arm on a chair or bench instead.",
        ],
        "summary": "Opens the chest and lengthens the lats to restore posture.",
        "source": "004",
        "dose": {
            "reps": 2,
            "reps_max": 3,
            "per_side": True,
            "hold_seconds": 20,
            "hold_seconds_max": 30,
            "frequency": "daily",
        },
    },
    {
        "slug": "one-arm-ball-cobra",
        "name": "One-arm ball cobra",
        "kind": "activation",
        "region": "shoulder_blade",
        "target_muscles": ["rhomboids", "middle trapezius", "lower trapezius"],
        "equipment": ["stability_ball", "dumbbells"],
        "steps": [
            "Lie face down over a stability ball, feet on the floor, body in one line.",
            "Keep your back flat, squeeze your buttocks and tighten your stomach.",
            "Turn one hand outward and draw that arm back, pressing the shoulder blade down.",
            "Keep the shoulder down, away from your ear, the whole time.",
            "Lower slowly. Finish the reps, then switch arms.",
        ],
        "cautions": [
            "Form comes first: start with no weight at all.",
            "Keep any weight very light (3-5 lb); this wakes muscles up, it does not bulk them.",
            "A common mistake is lifting with the shoulder; keep it down on every rep.",
            "Keep the back neutral; do not arch it.",
        ],
        "variations": ["Use a bench if balancing on the ball is hard."],
        "summary": "Re-trains the mid and lower traps and rhomboids that hold your posture.",
        "source": "004",
        "dose": {
            "reps": 10,
            "per_side": True,
            "load_note": "Body weight first; 3-5 lb dumbbells once form is solid",
            "frequency": "every_other_day",
        },
    },
    {
        "slug": "ball-cobra-cervical-retraction",
        "name": "Ball cobra with chin tuck (cervical retraction)",
        "kind": "activation",
        "region": "shoulder_blade",
        "target_muscles": [
            "rhomboids",
            "middle trapezius",
            "lower trapezius",
            "deep neck flexors",
        ],
        "equipment": ["stability_ball", "dumbbells"],
        "steps": [
            "Set up face down over the ball as for the one-arm ball cobra.",
            "Gently slide your chin straight back, as if making a double chin.",
            "Keep the chin tucked and draw both arms back, shoulders down.",
            "Pause, then lower slowly.",
        ],
        "cautions": [
            "This is the harder version; learn the one-arm ball cobra first.",
            "Use body weight; if you add weights, never go above 3-5 lb.",
            "When it gets easy, add reps or a set rather than heavier weights.",
        ],
        "variations": ["Use a bench if the ball feels unsteady."],
        "summary": "Adds a chin tuck to the cobra so neck and shoulder blades work together.",
        "source": "004",
        "dose": {
            "reps": 10,
            "load_note": "Body weight; 3-5 lb dumbbells at most",
            "frequency": "every_other_day",
        },
    },
]

PROTOCOLS = [
    {
        "slug": "upper-back-pain",
        "name": "Upper back pain: stretch and strengthen",
        "condition": "Upper back pain with rounded shoulders",
        "description": (
            "A five-week start that builds from daily stretching and gentle push-ups to a "
            "maintenance routine. Strength work never falls on two days in a row."
        ),
        "phases": [
            {
                "name": "Foundation",
                "week_start": 1,
                "week_end": 2,
                "advancement_criteria": (
                    "Move on after two weeks if the stretches give only a mild pull, wall "
                    "push-ups are pain-free and every rep is done with good form."
                ),
                "exercises": [
                    {"exercise": "rhomboid-stretch", "dose": {}},
                    {"exercise": "modified-childs-pose", "dose": {}},
                    {"exercise": "shoulder-roll-sequence", "dose": {}},
                    {
                        "exercise": "wall-push-up",
                        "dose": {"sets": 1, "frequency": "every_other_day"},
                    },
                ],
            },
            {
                "name": "Building",
                "week_start": 3,
                "week_end": 4,
                "advancement_criteria": (
                    "Move on when two sets of each strength exercise are done pain-free with "
                    "good form. Keep the wall push-up instead of the counter if the patient "
                    "is not ready; never step down the ladder with pain."
                ),
                "exercises": [
                    {"exercise": "rhomboid-stretch", "dose": {}},
                    {"exercise": "modified-childs-pose", "dose": {}},
                    {"exercise": "shoulder-roll-sequence", "dose": {}},
                    {"exercise": "counter-push-up", "dose": {"sets": 2}},
                    {"exercise": "resistance-band-row", "dose": {"sets": 2}},
                ],
            },
            {
                "name": "Maintenance",
                "week_start": 5,
                "week_end": None,
                "advancement_criteria": (
                    "Ongoing. Change the push-up surface only when the current one is easy and "
                    "pain-free. Review if nothing improves after two weeks of steady practice or "
                    "pain disturbs sleep or daily life."
                ),
                "exercises": [
                    {
                        "exercise": "rhomboid-stretch",
                        "dose": {"frequency": "days_per_week", "days_per_week": 3},
                    },
                    {
                        "exercise": "modified-childs-pose",
                        "dose": {"frequency": "days_per_week", "days_per_week": 3},
                    },
                    {
                        "exercise": "shoulder-roll-sequence",
                        "dose": {"frequency": "days_per_week", "days_per_week": 3},
                    },
                    {
                        "exercise": "counter-push-up",
                        "dose": {"sets": 2, "frequency": "days_per_week", "days_per_week": 3},
                    },
                    {
                        "exercise": "resistance-band-row",
                        "dose": {"sets": 2, "frequency": "days_per_week", "days_per_week": 3},
                    },
                ],
            },
        ],
    },
    {
        "slug": "wall-push-up-progression",
        "name": "Wall push-up ladder",
        "condition": "Weak shoulder blade control (serratus anterior)",
        "description": (
            "Five steps from the wall to the floor, two weeks each, so the shoulder blade "
            "muscles get stronger without being overloaded."
        ),
        "phases": [
            {
                "name": "Wall push-ups",
                "week_start": 1,
                "week_end": 2,
                "advancement_criteria": (
                    "Step to the counter only if all 8-12 reps are pain-free with good form. "
                    "Never advance with pain or when reps cannot be finished well."
                ),
                "exercises": [{"exercise": "wall-push-up", "dose": {}}],
            },
            {
                "name": "Counter push-ups",
                "week_start": 3,
                "week_end": 4,
                "advancement_criteria": (
                    "Step to the couch only if all 8-12 reps are pain-free with good form. "
                    "Never advance with pain or when reps cannot be finished well."
                ),
                "exercises": [{"exercise": "counter-push-up", "dose": {}}],
            },
            {
                "name": "Couch push-ups",
                "week_start": 5,
                "week_end": 6,
                "advancement_criteria": (
                    "Step to the chair only if all 8-12 reps are pain-free with good form. "
                    "Never advance with pain or when reps cannot be finished well."
                ),
                "exercises": [{"exercise": "couch-push-up", "dose": {}}],
            },
            {
                "name": "Chair push-ups",
                "week_start": 7,
                "week_end": 8,
                "advancement_criteria": (
                    "Go to the floor only when chair push-ups feel easy, pain-free and all reps "
                    "keep good form. Never advance with pain."
                ),
                "exercises": [{"exercise": "chair-push-up", "dose": {}}],
            },
            {
                "name": "Floor push-ups",
                "week_start": 9,
                "week_end": None,
                "advancement_criteria": (
                    "Final step. Go back one surface if pain appears or form slips before the "
                    "reps are done."
                ),
                "exercises": [{"exercise": "floor-push-up", "dose": {}}],
            },
        ],
    },
    {
        "slug": "release-stretch-activate",
        "name": "Release, stretch, activate warm-up",
        "condition": "Upper back and neck pain; warm-up before upper body exercise",
        "description": (
            "Foam rolling first, then a chest and lat stretch, then light activation of the "
            "posture muscles. Load stays at 3-5 lb at most."
        ),
        "phases": [
            {
                "name": "Learn the routine (body weight)",
                "week_start": 1,
                "week_end": 4,
                "advancement_criteria": (
                    "Add 3-5 lb dumbbells to the one-arm cobra only when every rep keeps the "
                    "shoulders down and the back neutral, with no pain."
                ),
                "exercises": [
                    {"exercise": "foam-roller-lat-release", "dose": {}},
                    {"exercise": "foam-roller-thoracic-release", "dose": {}},
                    {"exercise": "ball-chest-lat-stretch", "dose": {}},
                    {
                        "exercise": "one-arm-ball-cobra",
                        "dose": {"load_note": "Body weight only"},
                    },
                    {
                        "exercise": "ball-cobra-cervical-retraction",
                        "dose": {"load_note": "Body weight only"},
                    },
                ],
            },
            {
                "name": "Light load",
                "week_start": 5,
                "week_end": None,
                "advancement_criteria": (
                    "Ongoing. Never go above 3-5 lb; make it harder with more reps or an extra "
                    "set. Drop back to body weight if the shoulders start to hitch up."
                ),
                "exercises": [
                    {"exercise": "foam-roller-lat-release", "dose": {}},
                    {"exercise": "foam-roller-thoracic-release", "dose": {}},
                    {"exercise": "ball-chest-lat-stretch", "dose": {}},
                    {
                        "exercise": "one-arm-ball-cobra",
                        "dose": {"load_note": "3-5 lb dumbbells"},
                    },
                    {
                        "exercise": "ball-cobra-cervical-retraction",
                        "dose": {"sets": 2, "load_note": "Body weight, or 3-5 lb at most"},
                    },
                ],
            },
        ],
    },
    {
        "slug": "osteoporosis-back-strengthening",
        "name": "Osteoporosis back strengthening",
        "condition": "Osteoporosis, including after a spine fracture",
        "description": (
            "Ten weeks of back, hip and shoulder blade strengthening done several times a "
            "week at home, first for form and then with longer holds."
        ),
        "phases": [
            {
                "name": "Learning form",
                "week_start": 1,
                "week_end": 4,
                "advancement_criteria": (
                    "Move on when each exercise is done without trunk twist, sagging, back "
                    "arching or neck strain, pain has not risen, and most sessions were done."
                ),
                "exercises": [
                    {"exercise": "supine-bridge", "dose": {}},
                    {"exercise": "bird-dog", "dose": {}},
                    {"exercise": "prone-back-extension", "dose": {}},
                    {"exercise": "prone-arm-lift", "dose": {}},
                    {"exercise": "wall-slide", "dose": {}},
                ],
            },
            {
                "name": "Longer holds",
                "week_start": 5,
                "week_end": 10,
                "advancement_criteria": (
                    "The program ends after week 10. The therapist reviews progress and agrees "
                    "an ongoing home routine."
                ),
                "exercises": [
                    {"exercise": "supine-bridge", "dose": {}},
                    {
                        "exercise": "bird-dog",
                        "dose": {"hold_seconds": 5, "hold_seconds_max": 10},
                    },
                    {
                        "exercise": "prone-back-extension",
                        "dose": {"hold_seconds": 8, "hold_seconds_max": 10},
                    },
                    {
                        "exercise": "prone-arm-lift",
                        "dose": {"hold_seconds": 8, "hold_seconds_max": 10},
                    },
                    {"exercise": "wall-slide", "dose": {}},
                ],
            },
        ],
    },
    {
        "slug": "scapular-control-virtual-assessment",
        "name": "Shoulder blade control after a virtual assessment",
        "condition": "Rounded shoulders, weak shoulder blade muscles, stiff upper back",
        "description": (
            "Release the pec minor, free up the upper and lower back, and teach the shoulder "
            "blades to do their share of arm movement."
        ),
        "phases": [
            {
                "name": "Release and shoulder blade control",
                "week_start": 1,
                "week_end": 2,
                "advancement_criteria": (
                    "Move on when all 3 sets of T-Y-W-I are led by the shoulder blade with no "
                    "shrugging or trunk twist, and pain has not risen."
                ),
                "exercises": [
                    {"exercise": "pec-minor-ball-release", "dose": {}},
                    {"exercise": "quadruped-thoracic-rotation", "dose": {}},
                    {"exercise": "cat-cow-hollowing", "dose": {}},
                    {"exercise": "kneeling-t-y-w-i", "dose": {}},
                ],
            },
            {
                "name": "Build control",
                "week_start": 3,
                "week_end": 6,
                "advancement_criteria": (
                    "Clinic progression, not from the source: release twice a day and a few "
                    "more T-Y-W-I reps with a longer pause. Reassess at week 6."
                ),
                "exercises": [
                    {"exercise": "pec-minor-ball-release", "dose": {"times_per_day": 2}},
                    {"exercise": "quadruped-thoracic-rotation", "dose": {}},
                    {"exercise": "cat-cow-hollowing", "dose": {}},
                    {
                        "exercise": "kneeling-t-y-w-i",
                        "dose": {
                            "reps": 8,
                            "reps_max": 10,
                            "hold_seconds": 3,
                            "hold_seconds_max": 5,
                        },
                    },
                ],
            },
        ],
    },
]
