"""Colour contrast as WCAG 2 measures it, the ink that reads on a colour, a stylesheet's colour tokens (pure)."""
import re

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
WHITE, NEAR_BLACK = "#ffffff", "#111827"
TEXT, NON_TEXT = 4.5, 3.0  # the least contrast for body text, and for borders, focus rings and icons (WCAG AA)
# The colour tokens the stylesheet puts one on the other (foreground, background, the least ratio), in both themes.
TOKEN_PAIRS = (
    ("ink", "paper", TEXT), ("ink", "wash", TEXT), ("muted", "paper", TEXT), ("muted", "wash", TEXT),
    ("brand", "paper", TEXT), ("brand", "wash", TEXT), ("brand-dark", "paper", TEXT), ("accent-ink", "accent", TEXT),
    ("ok", "ok-wash", TEXT), ("bad", "bad-wash", TEXT), ("bad", "paper", TEXT), ("ink", "ok-wash", TEXT),
    ("ink", "bad-wash", TEXT), ("ink", "warn-wash", TEXT), ("ink", "info-wash", TEXT), ("brand", "info-wash", TEXT),
    ("paper", "bad", TEXT), ("field-line", "paper", NON_TEXT), ("focus", "paper", NON_TEXT),
    ("focus", "wash", NON_TEXT),
)
_LIGHT = re.compile(r"^:root\s*\{([^}]*)\}", re.M)  # the stylesheet's own, unindented: not print's or dark's
_DARK = re.compile(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{([^}]*)\}")
_TOKEN = re.compile(r"--([\w-]+)\s*:\s*([^;]+);")


def luminance(hex_colour):
    """The relative luminance of an sRGB colour written #rrggbb."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    """The contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink_for(colour):
    """White or near-black, whichever reads better on `colour`, when it reaches 4.5:1; None when neither does."""
    best = max((WHITE, NEAR_BLACK), key=lambda ink: contrast(colour, ink))
    return best if contrast(colour, best) >= TEXT else None


def themes(css):
    """The #rrggbb custom properties of a stylesheet's own `:root`: {"light": {name: colour}, "dark": {...}}, the dark
    theme being the light one with what `@media (prefers-color-scheme: dark)` redefines (print's are neither)."""
    light = _colours(_LIGHT, css)
    return {"light": light, "dark": light | _colours(_DARK, css)}


def _colours(rules, css):
    """The #rrggbb custom properties the stylesheet's `rules` set."""
    return {name: value.strip().lower() for body in rules.findall(css)
            for name, value in _TOKEN.findall(body) if HEX_COLOUR.fullmatch(value.strip())}
