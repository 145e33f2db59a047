"""The applicant list's rows, written in Python: what a coordinator reads and can tick, with typed text escaped."""
import pytest

from mentoring.coordinate.applicant_rows import rows_html
from mentoring.coordinate.listing import Applicant

LINK = ("/programs/p/applicants/", "")


def one_row(state="pending", name="Ada", headline="Maths & more"):
    return str(rows_html([Applicant(7, "mentee", state, headline, "01 Mar 2027", name, "ada@example.org")], LINK))


@pytest.mark.parametrize("state, can_be_ticked", [("pending", True), ("approved", False), ("declined", False)])
def test_only_a_pending_application_can_be_ticked(state, can_be_ticked):
    row = one_row(state)
    assert ('<input type="checkbox" name="membership" value="7" aria-label="Choose Ada">' in row) == can_be_ticked
    assert f'<span class="badge badge--{state}">{state}</span>' in row


def test_a_row_links_the_applicant_and_shows_what_they_wrote():
    row = one_row()
    assert '<a href="/programs/p/applicants/7">Ada</a><br><span class="muted">ada@example.org</span>' in row
    assert "<td>mentee</td>" in row and "<td>01 Mar 2027</td>" in row and "<td>Maths &amp; more</td>" in row


def test_typed_text_is_escaped():
    row = one_row(name='<script>"x"</script>', headline="<b>bold</b>")
    assert "<script>" not in row and "<b>" not in row
    assert "&lt;script&gt;&#34;x&#34;&lt;/script&gt;" in row and "&lt;b&gt;bold&lt;/b&gt;" in row


def test_no_applicants_no_rows():
    assert rows_html([], LINK) == ""
