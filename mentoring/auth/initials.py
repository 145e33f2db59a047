"""A face for someone without a photo: their initials on a colour chosen from their name (pure)."""
import zlib

from mentoring.contrast import contrast  # noqa: F401 (the palette is checked with it)

# Backgrounds for white initials, each at least 4.5:1 against white (tests/unit/test_initials.py checks it); the
# stylesheet's .avatar--tone-N gives the Nth (the test checks they agree).
PALETTE = ("#1d4ed8", "#047857", "#b91c1c", "#7c3aed", "#a16207", "#0e7490", "#be185d", "#4d7c0f", "#c2410c",
           "#4338ca")
INITIALS_COLOUR = "#ffffff"


def initials(name):
    """One or two capital letters for `name`: its first and last words' first letters ("?" for a blank name)."""
    words = [word for word in name.split() if word[0].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def tone(name):
    """Which of PALETTE is the background of `name`'s initials: the same for the same name on every page and every
    machine."""
    return zlib.crc32(" ".join(name.split()).casefold().encode()) % len(PALETTE)
