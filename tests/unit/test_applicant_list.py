"""The applicant list, written in Python: what a coordinator reads, chooses and follows, with typed text escaped."""
import pytest

from mentoring.coordinate.applicant_list import Filters, Links, list_html
from mentoring.coordinate.listing import Applicant

LINKS = Links("/programs/p/applicants", "/programs/p/applicants/approve", "/programs/p/import",
              ("/programs/p/applicants/", ""), "", "")
COUNTS = {"mentee": 3, "mentor": 1}, {"pending": 2, "approved": 2}
TOKEN = '<input type="hidden" name="csrf_token" value="t">'


def the_list(*applicants, role="", state="", search="", counts=COUNTS, links=LINKS):
    return str(list_html(list(applicants), Filters(role, state, search, *counts), TOKEN, links))


def applicant(state="pending", name="Ada", headline="Maths & more", email="ada@example.org", bouncing=False):
    return Applicant(7, "mentee", state, headline, "01 Mar 2027", name, email, bouncing)


@pytest.mark.parametrize("state, can_be_ticked", [("pending", True), ("approved", False), ("declined", False)])
def test_only_a_pending_application_can_be_ticked(state, can_be_ticked):
    page = the_list(applicant(state))
    assert ('<input type="checkbox" name="membership" value="7" aria-label="Choose Ada">' in page) == can_be_ticked
    assert f'<span class="badge badge--{state}">{state}</span>' in page


def test_a_row_links_the_applicant_and_shows_what_they_wrote():
    page = the_list(applicant())
    assert '<a href="/programs/p/applicants/7">Ada</a><br><span class="muted">ada@example.org</span>' in page
    assert "<td>mentee</td>" in page and "<td>01 Mar 2027</td>" in page and "<td>Maths &amp; more</td>" in page


@pytest.mark.parametrize("bouncing, email_cell", [
    (False, '<span class="muted">ada@example.org</span></td>'),
    (True, '<span class="muted">ada@example.org</span> <span class="flag">email bouncing</span></td>'),
])
def test_an_address_that_mail_comes_back_from_is_marked_beside_it(bouncing, email_cell):
    assert email_cell in the_list(applicant(bouncing=bouncing))


def test_typed_text_is_escaped():
    page = the_list(applicant(name='<script>"x"</script>', headline="<b>bold</b>", email="a<b@example.org"),
                    search='"><script>')
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;&#34;x&#34;&lt;/script&gt;" in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "a&lt;b@example.org" in page and 'value="&#34;&gt;&lt;script&gt;"' in page


@pytest.mark.parametrize("role, state, caption", [("", "", "Applicants"), ("mentee", "", "Applicants, mentees"),
                                                  ("mentor", "pending", "Applicants, mentors, pending")])
def test_the_table_says_what_it_lists_and_the_filters_what_they_keep(role, state, caption):
    page = the_list(applicant(), role=role, state=state)
    assert f'<caption class="visually-hidden">{caption}</caption>' in page
    assert '<label for="filter-role">Role</label>\n<select id="filter-role" name="role">' in page
    assert '<option value="">Mentors and mentees</option>' in page and '<option value="">Any state</option>' in page
    for value, label in [("mentee", "Mentees (3)"), ("mentor", "Mentors (1)"), ("pending", "Pending (2)")]:
        selected = " selected" if value in (role, state) else ""
        assert f'<option value="{value}"{selected}>{label}</option>' in page


def test_the_filters_swap_the_whole_list_and_the_form_approves_with_its_token():
    page = the_list(applicant())
    assert page.startswith('<div id="applicants">')
    assert ('<form method="get" action="/programs/p/applicants" class="filters"\nhx-get="/programs/p/applicants" '
            'hx-target="#applicants"') in page
    assert f'<form method="post" action="/programs/p/applicants/approve">\n{TOKEN}' in page
    assert '<button type="submit" class="button">Approve the chosen applications</button>' in page


def test_nothing_pending_nothing_to_approve():
    assert "Approve the chosen" not in the_list(applicant("approved"), counts=({"mentee": 1}, {"pending": 0}))


@pytest.mark.parametrize("search, shown, action", [
    ("", "Nobody has applied yet.", '<a class="button" href="/programs/p/import">Import people</a>'),
    ("zed", "Nobody matches these filters.", '<a href="/programs/p/applicants">Show everyone</a>')])
def test_no_applicants_says_what_to_do(search, shown, action):
    page = the_list(search=search)
    assert f'<div class="empty-state">\n<p>{shown}' in page and action in page and "<table" not in page


@pytest.mark.parametrize("previous, following", [("", ""), ("/a?page=1", ""), ("", "/a?page=3&amp;q=x"),
                                                 ("/a?page=1", "/a?page=3")])
def test_the_pager_links_the_pages_there_are(previous, following):
    page = the_list(applicant(), links=LINKS._replace(previous=previous, next=following))
    assert (f'<a href="{previous}">Previous page</a>' in page) == bool(previous)
    assert (f'<a href="{following}">Next page</a>' in page) == bool(following)
    assert '<nav aria-label="Pages" class="pager">' in page
