"""The health board's flags and the report's charts (pure), in tables."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from mentoring.coordinate import charts, flags

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


def days_ago(days):
    return NOW - timedelta(days=days)


FLAGS = [
    # state, started, last session, latest ratings, cadence, flags
    ("active", days_ago(40), days_ago(7), [5, 4], 14, []),
    ("active", days_ago(40), days_ago(28), [5], 14, [flags.STALLED]),
    ("active", days_ago(40), days_ago(27), [], 14, []),
    ("active", days_ago(10), None, [], 14, []),
    ("active", days_ago(15), None, [], 7, [flags.NEVER_MET]),
    ("introduction", days_ago(30), None, [None], 14, [flags.NEVER_MET]),
    ("active", days_ago(40), days_ago(3), [3, 2], 14, [flags.LOW_RATING]),
    ("active", days_ago(40), days_ago(60), [1], 14, [flags.STALLED, flags.LOW_RATING]),
    ("paused", days_ago(90), days_ago(60), [1], 14, []),
    ("ended", days_ago(90), days_ago(60), [1], 14, []),
]


@pytest.mark.parametrize("state, started, last, ratings, cadence, expected", FLAGS)
def test_flags(state, started, last, ratings, cadence, expected):
    assert flags.pair_flags(state, started, last, ratings, NOW, cadence) == expected


@pytest.mark.parametrize("days, cadence, expected", [(0, 14, 1), (13, 14, 1), (14, 14, 2), (41, 14, 3), (30, 7, 5),
                                                     (-1, 14, 0)])
def test_expected_sessions(days, cadence, expected):
    assert flags.expected_sessions(days_ago(days), NOW, cadence) == expected


@pytest.mark.parametrize("largest, top", [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (40, 50), (51, 100), (1000, 1000)])
def test_a_scale_ends_on_a_round_number(largest, top):
    assert charts.nice_top(largest) == top


def test_a_bar_chart_draws_each_bar_to_scale_with_its_title():
    svg = charts.bar_chart("Sessions <held>", [("1 Jan", 5), ("8 Jan", 10), ("15 Jan", 0)], label_every=2)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[0] * 2 == pytest.approx(heights[1]) and heights[2] == 0
    assert 'aria-label="Sessions &lt;held&gt;"' in svg and "<title>8 Jan: 10</title>" in svg
    assert re.findall(r'class="chart__label">([^<]+)<', svg) == ["1 Jan", "15 Jan"]
    assert re.findall(r'class="chart__scale">([^<]+)<', svg) == ["0", "2.5", "5", "7.5", "10"]
