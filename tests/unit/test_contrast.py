"""Contrast as WCAG measures it, the ink chosen for a program's accent, and every pair of colour tokens the
stylesheet puts together readable in the light and the dark theme."""
import pytest

from config import ROOT
from mentoring.contrast import NEAR_BLACK, TOKEN_PAIRS, WHITE, contrast, ink_for, themes

THEMES = themes((ROOT / "static" / "css" / "app.css").read_text())


@pytest.mark.parametrize("first, second, ratio", [
    ("#ffffff", "#000000", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54),
    ("#777777", "#ffffff", 4.48), ("#FFBF47", "#ffffff", 1.64), ("#d5d9e0", "#ffffff", 1.42),
])
def test_contrast_is_measured_as_wcag_does(first, second, ratio):
    assert contrast(first, second) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("accent, ink", [
    ("#234e8c", WHITE), ("#000000", WHITE), ("#b91c1c", WHITE), ("#ffffff", NEAR_BLACK), ("#ffd400", NEAR_BLACK),
    ("#4ade80", NEAR_BLACK), ("#ff4d4d", NEAR_BLACK), ("#8e44ad", WHITE), ("#777777", None), ("#e0457b", None),
    ("#d9534f", None),
])
def test_an_accent_gets_the_ink_that_reads_on_it_or_none(accent, ink):
    assert ink_for(accent) == ink


def test_the_themes_are_read_from_the_stylesheets_own_root_and_its_dark_one_not_prints():
    css = """:root { --ink: #1D2330; --paper: #ffffff; --gap: 1rem; --surface: var(--paper); }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e8ebf0; }
}
@media print {
  :root { --ink: #000000; --paper: #fefefe; }
}"""
    assert themes(css) == {"light": {"ink": "#1d2330", "paper": "#ffffff"},
                           "dark": {"ink": "#e8ebf0", "paper": "#ffffff"}}


def test_the_stylesheet_has_a_light_and_a_dark_theme():
    assert THEMES["light"]["paper"] == "#ffffff"
    assert THEMES["dark"]["paper"] != THEMES["light"]["paper"]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("foreground, background, least", TOKEN_PAIRS)
def test_every_pair_of_tokens_reads_in_both_themes(theme, foreground, background, least):
    colours = THEMES[theme]
    assert contrast(colours[foreground], colours[background]) >= least
