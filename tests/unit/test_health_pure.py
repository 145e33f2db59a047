"""The health board's flags and the report's charts (pure), in tables."""
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from mentoring.coordinate import charts, flags, health

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


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


@pytest.mark.parametrize("largest, ticks", [
    (0, [0, 1]), (1, [0, 1]), (3, [0, 1, 2, 3]), (5, [0, 1, 2, 3, 4, 5]), (6, [0, 2, 4, 6]), (7, [0, 2, 4, 6, 8]),
    (10, [0, 2, 4, 6, 8, 10]), (11, [0, 5, 10, 15]), (25, [0, 5, 10, 15, 20, 25]), (26, [0, 10, 20, 30]),
    (51, [0, 20, 40, 60]), (1000, [0, 200, 400, 600, 800, 1000]), (1001, [0, 500, 1000, 1500]),
])
def test_a_scale_of_counts_has_whole_round_steps(largest, ticks):
    assert charts.count_ticks(largest) == ticks


def test_a_bar_chart_draws_each_bar_to_scale_with_its_title():
    svg = charts.bar_chart("Sessions <held>", [("1 Jan", 5), ("8 Jan", 10), ("15 Jan", 0)], label_every=2)
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[0] * 2 == pytest.approx(heights[1]) and heights[2] == 0
    assert 'aria-label="Sessions &lt;held&gt;"' in svg and "<title>8 Jan: 10</title>" in svg
    assert re.findall(r'class="chart__label">([^<]+)<', svg) == ["1 Jan", "15 Jan"]
    assert re.findall(r'class="chart__scale">([^<]+)<', svg) == ["0", "2", "4", "6", "8", "10"]
    one = charts.bar_chart("Sessions", [("1 Jan", 1), ("8 Jan", 0)])
    assert re.findall(r'class="chart__scale">([^<]+)<', one) == ["0", "1"]  # never a quarter of a session


@pytest.mark.parametrize("hours, days", [(0, 0), (11, 0), (12, 1), (35, 1), (36, 2), (-11, 0), (-13, -1)])
def test_days_between_rounds_half_a_day_up(hours, days):
    assert flags.days_between(NOW - timedelta(hours=hours), NOW) == days


NEXT_CHANGES = [
    # state, started, last session, cadence, the first moment after NOW that can differ
    ("active", days_ago(10), None, 14, NOW + timedelta(hours=12)),  # 10 days ago becomes 11
    ("active", days_ago(13.75), None, 14, NOW + timedelta(hours=6)),  # a second session expected
    ("active", days_ago(40), days_ago(27.8), 14, NOW + timedelta(hours=4.8)),  # stalls at 28 days
    ("paused", days_ago(40), days_ago(27.8), 14, NOW + timedelta(hours=16.8)),  # a paused pair never stalls
    ("active", NOW + timedelta(hours=2), None, 14, NOW + timedelta(hours=2)),  # it starts
    ("active", None, None, 14, None),
]


@pytest.mark.parametrize("state, started, last, cadence, expected", NEXT_CHANGES)
def test_the_next_moment_a_pair_can_look_different(state, started, last, cadence, expected):
    assert flags.next_change(state, started, last, NOW, cadence) == expected


@pytest.mark.parametrize("started_hours_ago", [0, 5, 11.99, 12, 30, 24 * 27.5, 24 * 41])
def test_nothing_a_pair_shows_changes_before_its_next_change(started_hours_ago):
    started = NOW - timedelta(hours=started_hours_ago)

    def shown(moment):
        return (flags.expected_sessions(started, moment, 14), flags.quiet_days(started, None, moment),
                flags.pair_flags("active", started, None, [], moment, 14))
    change = flags.next_change("active", started, None, NOW, 14)
    assert shown(change - timedelta(microseconds=1)) == shown(NOW) != shown(change)


def test_a_bar_chart_names_both_axes_when_told():
    svg = charts.bar_chart("Sessions", [("1 Jan", 1)], "Week starting", "Sessions <held>")
    assert re.findall(r'class="chart__title">([^<]+)<', svg) == ["Week starting", "Sessions &lt;held&gt;"]
    assert "chart__title" not in charts.bar_chart("Sessions", [("1 Jan", 1)])


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"])
def test_a_day_and_month_reads_as_strftime_writes_it_in_the_viewers_zone(zone):
    moments = [NOW + timedelta(days=31 * month, hours=hours) for month in range(12) for hours in (0, 11, 13)]
    assert [health.day_and_month(moment, ZoneInfo(zone)) for moment in moments] == [
        moment.astimezone(ZoneInfo(zone)).strftime("%d %b") for moment in moments]
    assert health.day_and_month(None, ZoneInfo(zone)) == ""


def board_of(flagged, calm):
    rows = [health.Row(n, "active", f"Mentee {n}", "Mentor", NOW, 0, 0, None, None, {}, 0, 0,
                       [flags.STALLED] if n < flagged else [], None, None, {}) for n in range(flagged + calm)]
    return health.Board(rows, [], [], [], {}, {"": rows, "flagged": rows[:flagged], flags.STALLED: rows[:flagged],
                                                "paused": []})


@pytest.mark.parametrize("flagged, calm, chosen, page, shown, total, page_shown", [
    (30, 30, "", 1, range(0, 25), 60, 1),
    (30, 30, "", 3, range(50, 60), 60, 3),
    (30, 30, "", 9, range(50, 60), 60, 3),
    (30, 30, "flagged", 2, range(25, 30), 30, 2),
    (30, 30, "flagged", 5, range(25, 30), 30, 2),
    (30, 30, flags.STALLED, 1, range(0, 25), 30, 1),
    (0, 10, "flagged", 4, range(0), 0, 1),
    (0, 10, "paused", 1, range(0), 0, 1),
])
def test_a_page_of_the_board_is_the_last_when_asked_for_one_past_it(flagged, calm, chosen, page, shown, total,
                                                                    page_shown):
    rows, counted, number = health.page_of(board_of(flagged, calm), chosen, page)
    assert ([row.id for row in rows], counted, number) == (list(shown), total, page_shown)
