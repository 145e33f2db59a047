"""The pair's files, written in Python: each file's name, size, sender and time, the sender's own files deletable, and
the form to add one; names escaped."""
from datetime import datetime
from types import SimpleNamespace as Row

import pytest

from mentoring.conversations.shared_files import Links, files_html, upload_form_html

LINKS = Links("/pairs/1/files/%s", "/pairs/1/files/%s/delete")


def listed(pair_files, said="", no_upload=""):
    return str(files_html(pair_files, 5, said, no_upload, "[form]", LINKS, lambda moment: f"{moment:%d %b}"))


def a_file(id=3, name="CV <final>.pdf", by=5, sender="Ada"):
    return Row(id=id, name=name, size=2048, uploaded_by_id=by, uploaded_by=Row(name=sender),
               created_at=datetime(2027, 3, 1))


@pytest.mark.parametrize("by, sender, said, deletable", [
    (5, "Ada", "you", True), (6, "Grace & co", "Grace &amp; co", False), (None, "", "a former member", False),
])
def test_each_file_says_who_shared_it_and_only_ones_own_can_be_deleted(by, sender, said, deletable):
    html = listed([a_file(by=by, sender=sender)])
    assert '<a href="/pairs/1/files/3">CV &lt;final&gt;.pdf</a>' in html
    assert f'<span class="muted">2.0 KB, from {said}, 01 Mar</span>' in html
    assert ('<a href="/pairs/1/files/3/delete">Delete<span class="visually-hidden"> CV &lt;final&gt;.pdf</span></a>'
            in html) is deletable


def test_without_files_the_list_says_what_to_share_and_the_form_or_the_reason_follows():
    assert "No files yet." in listed([]) and "[form]" in listed([])
    closed = listed([], no_upload="The pair has ended: no more files.")
    assert '<p class="muted">The pair has ended: no more files.</p>' in closed and "[form]" not in closed


def test_what_was_done_is_read_out():
    assert ('<p class="message message--success" role="status" tabindex="-1" data-focus-after-swap>'
            "“a&lt;b” is shared.</p>") in listed([], said="“a<b” is shared.")


def test_the_upload_form_names_its_limit_and_carries_its_pieces():
    html = str(upload_form_html("/pairs/1/files", 10 * 1024 * 1024, ' data-max-bytes="10485760"', "[errors]",
                                "[token]", "[key]", "[field]"))
    assert ('action="/pairs/1/files" enctype="multipart/form-data" class="form" novalidate hx-post="/pairs/1/files"'
            in html)
    assert 'hx-target="#files" hx-swap="outerHTML" data-upload-progress data-max-bytes="10485760">' in html
    assert "At most 10 MB a file." in html
    assert html.index("[errors]") < html.index("[token]") < html.index("[key]") < html.index("[field]")
