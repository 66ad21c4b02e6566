"""The course's one colour palette, with markers and hatches so colour is never the only cue.

Colours come from Okabe & Ito's colour-blind-safe set (https://jfly.uni-koeln.de/color/).
Every chart and explorer takes its colours from here; no other module writes a colour code.
"""

from __future__ import annotations

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}

# Neutral tones for backgrounds and text that must not compete with the data.
BAND_SHADES: tuple[str, str] = ("#F0F0F0", "#DCDCDC")
TEXT = "#333333"
MUTED = "#666666"
WHITE = "#FFFFFF"

# Relationship signal, -2 (sharp deterioration) to +2 (strong cooperation): a diverging scale
# from vermillion through grey to blue, which stays distinct for red-green colour blindness.
# -1 is yellow, not orange: orange and vermillion were too alike to tell a rupture from friction.
SIGNAL_COLOURS: dict[int, str] = {
    -2: OKABE_ITO["vermillion"],
    -1: OKABE_ITO["yellow"],
    0: OKABE_ITO["grey"],
    1: OKABE_ITO["sky_blue"],
    2: OKABE_ITO["blue"],
}
# ... and a marker per signal, so the shape tells the signal too: pointing down for friction,
# up for a cooperative step, a cross for a rupture, a plus for a joint institution.
SIGNAL_MARKERS: dict[int, str] = {-2: "X", -1: "v", 0: "o", 1: "^", 2: "P"}
# Short names for the coding rubric in data/README.md.
SIGNAL_LABELS: dict[int, str] = {
    -2: "−2 rupture",
    -1: "−1 friction",
    0: "0 mixed or neutral",
    1: "+1 cooperative step",
    2: "+2 joint institution",
}

# Event kinds in a fixed order, so rows, stacks and legends never reshuffle between charts.
KINDS: tuple[str, ...] = (
    "summit",
    "meeting",
    "agreement",
    "cooperation",
    "arms_control",
    "statement",
    "speech",
    "enlargement",
    "conflict",
)
KIND_LABELS: dict[str, str] = {kind: kind.replace("_", " ").capitalize() for kind in KINDS}
KIND_COLOURS: dict[str, str] = {
    "summit": OKABE_ITO["blue"],
    "meeting": OKABE_ITO["sky_blue"],
    "agreement": OKABE_ITO["bluish_green"],
    "cooperation": OKABE_ITO["yellow"],
    "arms_control": OKABE_ITO["black"],
    "statement": OKABE_ITO["grey"],
    "speech": OKABE_ITO["orange"],
    "enlargement": OKABE_ITO["reddish_purple"],
    "conflict": OKABE_ITO["vermillion"],
}
KIND_HATCHES: dict[str, str] = {
    "summit": "",
    "meeting": "..",
    "agreement": "//",
    "cooperation": "",
    "arms_control": "xx",
    "statement": "\\\\",
    "speech": "--",
    "enlargement": "oo",
    "conflict": "++",
}

# Cooperation areas: still open, suspended (may resume) or ended (replaced or wound up).
# A bar is years of active cooperation, so no bar takes a negative signal's colour; the hatch
# and the label say how it closed.
STOP_COLOURS: dict[str, str] = {
    "open": OKABE_ITO["bluish_green"],
    "suspended": OKABE_ITO["sky_blue"],
    "ended": OKABE_ITO["grey"],
}
STOP_HATCHES: dict[str, str] = {"open": "", "suspended": "///", "ended": "xx"}
# A bar spans an area's active years; its fill says how they closed, which the labels
# spell out so a bar is not read as "suspended" from its first year.
STOP_LABELS: dict[str, str] = {
    "open": "active, still open",
    "suspended": "active until suspended",
    "ended": "active until it ended",
}
EFFECT_MARKERS: dict[str, str] = {
    "opened": "o",
    "expanded": "^",
    "reduced": "v",
    "suspended": "X",
    "resumed": "P",
    "ended": "s",
}

# A mark that takes something away is filled black, one that adds is left white, so a freeze
# and the thaw after it are told apart at a glance, not only by their shapes.
EFFECT_FILLS: dict[str, str] = {
    "opened": WHITE,
    "expanded": WHITE,
    "reduced": OKABE_ITO["black"],
    "suspended": OKABE_ITO["black"],
    "resumed": WHITE,
    "ended": OKABE_ITO["black"],
}

# The grader's class report: how each question went. Right is green and plain, wrong is
# vermillion and crossed, so the two never rest on colour alone.
GRADE_COLOURS: dict[str, str] = {
    "correct": OKABE_ITO["bluish_green"],
    "wrong": OKABE_ITO["vermillion"],
    "unanswered": BAND_SHADES[1],
    "written": OKABE_ITO["sky_blue"],
    "error": OKABE_ITO["yellow"],
}
GRADE_HATCHES: dict[str, str] = {"correct": "", "wrong": "xx", "unanswered": "..",
                                 "written": "//", "error": "++"}

MEMBERSHIP_COLOUR = OKABE_ITO["blue"]
INDEX_COLOUR = OKABE_ITO["black"]


def contrast(colour: str) -> str:
    """Return black or white, whichever reads better on ``colour`` (a ``#RRGGBB`` code).

    Used for hatch lines and labels drawn on top of a coloured bar.
    """
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    # Relative luminance as in WCAG 2; 0.4 splits the Okabe-Ito set sensibly.
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return OKABE_ITO["black"] if luminance > 0.4 else WHITE


def all_colours() -> set[str]:
    """Every colour code this module defines, upper-case, for tests and audits."""
    found = set(OKABE_ITO.values()) | set(BAND_SHADES) | {TEXT, MUTED, WHITE}
    return {colour.upper() for colour in found}
