"""The health board's rows, written in Python: what a coordinator reads of each pair and the actions on it, with the
people's names escaped."""
from datetime import datetime

import pytest

from mentoring.coordinate.board_rows import Links, rows_html
from mentoring.coordinate.flags import LABELS, LOW_RATING, STALLED
from mentoring.coordinate.health import Row

LINKS = Links("/pairs/%s", "/programs/p/health/nudge?pair=%s", "/programs/p/pairs/%s/pause",
              "/programs/p/pairs/%s/resume", "/programs/p/pairs/%s/rematch", "/pairs/%s/end")
MOMENT = datetime(2027, 3, 1, 18, 0)


def one_row(state="active", flags=(), quiet_days=12, last=MOMENT, dates=("1 Mar", "15 Mar", None), mentee="Ada",
            ratings=None, trained=None, bouncing=()):
    row = Row(7, state, mentee, "Grace", MOMENT, 3, 5, last, None, ratings or {"mentee": 4}, 2, 1, list(flags),
              quiet_days, None, trained or {"mentee": True, "mentor": False}, bouncing)
    return str(rows_html([row], {7: dates}, LABELS, LINKS))


def test_a_row_says_how_the_pair_is_doing():
    row = one_row()
    assert '<td><a href="/pairs/7">Ada and Grace</a></td>' in row
    assert '<span class="badge badge--active">active</span>' in row
    for cell in ("3 / 5", '1 Mar<br><span class="muted">12 days ago</span>', "15 Mar", "4 · –", "2 (1)",
                 "done · not yet"):
        assert f"<td>{cell}</td>" in row
    assert "<tr>" in row and "row--flagged" not in row


@pytest.mark.parametrize("last, quiet_days, dates, shown", [
    (None, 3, (None, None, None), '<td>none yet<br><span class="muted">3 days ago it started</span></td>'),
    (MOMENT, 1, ("1 Mar", None, None), '<td>1 Mar<br><span class="muted">1 day ago</span></td>'),
    (None, None, (None, None, None), "<td>none yet</td>\n<td>none planned</td>"),
])
def test_the_last_session_and_how_long_ago(last, quiet_days, dates, shown):
    assert shown in one_row(last=last, quiet_days=quiet_days, dates=dates)


@pytest.mark.parametrize("state, button, action", [("active", "Pause", "pause"), ("paused", "Resume", "resume")])
def test_a_pair_can_be_paused_or_resumed_and_each_action_names_it(state, button, action):
    row = one_row(state=state)
    assert (f'formaction="/programs/p/pairs/7/{action}">{button}'
            f'<span class="visually-hidden"> Ada and Grace</span></button>') in row
    assert '<a href="/pairs/7/end">End<span class="visually-hidden"> Ada and Grace</span>…</a>' in row
    assert 'href="/programs/p/health/nudge?pair=7">Nudge' in row


def test_flags_and_the_last_nudge_are_shown_and_mark_the_row():
    row = one_row(flags=[STALLED, LOW_RATING], dates=("1 Mar", None, "20 Feb"))
    assert '<tr class="row--flagged">' in row
    assert (f'<span class="flag">{LABELS[STALLED]}</span> <span class="flag">{LABELS[LOW_RATING]}</span> '
            '<span class="muted board__nudged">nudged 20 Feb</span>') in row


@pytest.mark.parametrize("bouncing, cell", [
    ((), '<td><a href="/pairs/7">Ada and Grace</a></td>'),
    (("Grace",), '<td><a href="/pairs/7">Ada and Grace</a><br><span class="flag">Grace’s email bouncing</span></td>'),
    (("Ada", "Grace"), '<td><a href="/pairs/7">Ada and Grace</a><br><span class="flag">Ada’s email bouncing</span>'
                       '<br><span class="flag">Grace’s email bouncing</span></td>'),
])
def test_a_person_whose_mail_comes_back_is_marked_beside_the_names(bouncing, cell):
    assert cell in one_row(bouncing=bouncing)


def test_names_are_escaped():
    row = one_row(mentee='<script>"x"</script>', bouncing=('<script>"x"</script>',))
    assert "<script>" not in row and "&lt;script&gt;&#34;x&#34;&lt;/script&gt; and Grace" in row
    assert "&lt;script&gt;&#34;x&#34;&lt;/script&gt;’s email bouncing" in row


def test_no_pairs_no_rows():
    assert rows_html([], {}, LABELS, LINKS) == ""
