"""The report as a coordinator reads it: whole column titles, and chart scales that count in whole numbers."""
import re

from conftest import PASSWORD
from mentoring import clock
from mentoring.models import Feedback
from support.client import logged_in, seen


def test_a_report_with_one_rated_session_reads_whole(app, make_user, make_program, make_pair):
    coordinator = make_user(name="Cora Coordinator")
    pair = make_pair(make_program(coordinators=[coordinator]), activated_days_ago=10)
    Feedback.create(program=pair.program, pair=pair, user=pair.mentee.user, role="mentee", kind=Feedback.SESSION,
                    rating=4, took_place="yes", submitted_at=clock.now())
    page = logged_in(app, coordinator, PASSWORD).text(f"/programs/{pair.program.slug}/report")
    assert "Rating Sessions given this rating 1 0 2 0 3 0 4 1 5 0" in seen(page)
    scales = re.findall(r'<svg.*?</svg>', page, re.S)
    ratings = [svg for svg in scales if "How useful sessions were" in svg][0]
    assert re.findall(r'class="chart__scale">([^<]+)<', ratings) == ["0", "1"]
    assert not [mark for svg in scales for mark in re.findall(r'class="chart__scale">([^<]+)<', svg) if "." in mark]
