"""Initials and their colours: the letters taken from a name, the same colour for the same name, and every colour
of the palette readable under white initials (WCAG 4.5:1), the stylesheet giving the same colours."""
import re

import pytest

from config import ROOT
from mentoring.auth.initials import INITIALS_COLOUR, PALETTE, contrast, initials, tone


@pytest.mark.parametrize("name, expected", [
    ("Mia Mentee", "MM"), ("mia", "M"), ("Ana María de la Cruz", "AC"), ("  Zoë   Öztürk ", "ZÖ"),
    ("李 小龙", "李小"), ("(Bob) Smith", "S"), ("", "?"), ("   ", "?"), ("Élodie", "É"),
])
def test_initials_are_the_first_and_last_words_first_letters(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize("colour", PALETTE)
def test_every_colour_keeps_white_initials_readable(colour):
    assert contrast(colour, INITIALS_COLOUR) >= 4.5


@pytest.mark.parametrize("first, second, ratio", [
    ("#ffffff", "#000000", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54),
    ("#777777", "#ffffff", 4.48),
])
def test_contrast_is_measured_as_wcag_does(first, second, ratio):
    assert contrast(first, second) == pytest.approx(ratio, abs=0.01)


def test_the_same_name_gets_the_same_colour_and_names_spread_over_the_palette():
    assert tone("Mia Mentee") == tone("mia  mentee") == tone(" Mia Mentee ")
    assert len({tone(f"Person {number}") for number in range(200)}) == len(PALETTE)


def test_the_stylesheet_gives_the_palettes_colours():
    css = (ROOT / "static" / "css" / "app.css").read_text()
    tones = dict(re.findall(r"\.avatar--tone-(\d+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert [tones[str(index)] for index in range(len(PALETTE))] == list(PALETTE)
