"""Files on the members' board, through its pages: a mentor's slides on a tip downloaded by a mentee with the headers
every download carries, refused (404) to whoever may not read the board, the site's limit and the program's quota
(the form comes back with what was typed), a hidden post's file, a deleted post's file, htmx replies, a person's data,
and no bytes left once an account or the program goes."""
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import PASSWORD
from mentoring import storage
from mentoring.models import BoardFile, DiscussionPost, DiscussionThread, Program
from support.boards import board_members
from support.client import csrf_token, logged_in, seen, text
from support.parallel import post_at_once, same_session

HTMX = {"HX-Request": "true"}
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def board(make_user, make_program, join):
    return board_members(make_user, make_program, join)


def clients_of(app, people):
    return {name: logged_in(app, person, PASSWORD) for name, person in people.items()}


def start(visitor, url, name=None, content=b"", **fields):
    """Send the new-thread form as a browser does (multipart), with a file when `name` is given."""
    data = {"title": "Slides from my talk", "tag": "tips", "text": "What I show new mentees.", **fields}
    if name is not None:
        data["file"] = (io.BytesIO(content), name)
    return visitor.submit(f"{url}/new", data)


def reply(visitor, thread_url, message, name=None, content=b"", htmx=False):
    """Send the reply form (multipart), with a file when `name` is given."""
    data = {"text": message, **({"file": (io.BytesIO(content), name)} if name is not None else {})}
    return visitor.submit(thread_url, data, headers=HTMX if htmx else None)


def stored(app):
    """The bytes the site's store keeps, by key."""
    root = Path(app.config["FILE_STORAGE_PATH"])
    return {path.name: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def download_url(url, post):
    return f"{url}/{post.thread_id}/posts/{post.id}/file"


def test_a_mentors_slides_on_a_tip_are_downloaded_by_a_mentee_and_refused_to_others(app, board):
    program, people, url = board
    clients = clients_of(app, people)
    form = clients["max"].text(f"{url}/new")
    assert 'enctype="multipart/form-data"' in form
    assert '<label class="field__label" for="post-file">Attach a file (optional)</label>' in form
    started = start(clients["max"], url, "Mentoring slides.pdf", PDF)
    assert started.status_code == 302
    thread_url = started.headers["Location"]
    post = DiscussionPost.get()
    kept = BoardFile.get()
    assert (kept.post_id, kept.program_id, kept.uploaded_by_id, kept.size) == (post.id, program.id, people["max"].id,
                                                                               len(PDF))

    page = clients["mia"].text(thread_url)
    assert "What I show new mentees. File: Mentoring slides.pdf (35 bytes)" in seen(page)
    link = download_url(url, post)
    assert f'<a href="{link}">Mentoring slides.pdf</a>' in page
    served = clients["mia"].get(link)
    assert served.status_code == 200 and served.data == PDF and served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"] == ("inline; filename=\"Mentoring slides.pdf\"; "
                                                     "filename*=UTF-8''Mentoring%20slides.pdf")
    assert served.headers["X-Content-Type-Options"] == "nosniff" and served.headers["Cache-Control"] == "no-store"
    assert clients["cora"].get(link).data == PDF

    for name in ("pia", "sam"):
        assert clients[name].get(link).status_code == 404, name
    Program.update(discussion_board=False).where(Program.id == program.id).execute()
    assert clients["mia"].get(link).status_code == 404 and clients["max"].get(link).status_code == 404
    assert clients["cora"].get(link).status_code == 200  # coordinators still read the board they turned off


def test_a_file_is_served_as_its_content_says_never_as_a_page(app, board):
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url).headers["Location"]
    assert reply(clients["mia"], thread_url, "My notes", "notes.pdf", HTML).status_code == 302
    served = clients["max"].get(download_url(url, DiscussionPost.get(DiscussionPost.text == "My notes")))
    assert served.mimetype == "application/octet-stream" and served.data == HTML
    assert served.headers["Content-Disposition"].startswith("attachment;")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    without = DiscussionPost.get(DiscussionPost.text == "What I show new mentees.")
    assert clients["max"].get(download_url(url, without)).status_code == 404  # a post that carries no file


@pytest.mark.parametrize("htmx", [False, True])
def test_too_large_a_file_gives_the_form_back_with_what_was_typed(make_app, board, htmx):
    app = make_app(FILE_MAX_BYTES=1000)
    program, people, url = board
    clients = clients_of(app, people)
    refused = start(clients["max"], url, "big.pdf", b"a" * 5000, title="My typed title", text="My typed tip")
    assert refused.status_code == 422
    page = text(refused)
    assert "That file is too large: a file can be at most 1,000 bytes. Nothing was uploaded." in page
    assert 'value="My typed title"' in page and "\nMy typed tip</textarea>" in page
    assert DiscussionThread.select().count() == 0 and stored(app) == {}

    thread_url = start(clients["max"], url).headers["Location"]
    refused = reply(clients["mia"], thread_url, "My typed reply", "big.pdf", b"a" * 5000, htmx=htmx)
    assert refused.status_code == 422 and "a file can be at most 1,000 bytes" in text(refused)
    assert "\nMy typed reply</textarea>" in text(refused)
    assert text(refused).lstrip().startswith('<section id="thread"') == htmx
    far_too_large = reply(clients["mia"], thread_url, "Lost", "huge.pdf", b"a" * 200_000, htmx=htmx)
    assert far_too_large.status_code == 422 and "a file can be at most 1,000 bytes" in text(far_too_large)
    assert DiscussionPost.select().count() == 1 and BoardFile.select().count() == 0 and stored(app) == {}


def test_the_programs_quota_for_board_files_is_kept(make_app, board):
    app = make_app(FILE_MAX_BYTES=1000, BOARD_PROGRAM_QUOTA_BYTES=1500)
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url, "one.txt", b"a" * 1000).headers["Location"]
    over = reply(clients["mia"], thread_url, "Here is mine", "two.txt", b"b" * 600, htmx=True)
    assert over.status_code == 422 and "\nHere is mine</textarea>" in text(over)
    assert "“two.txt” (600 bytes) does not fit: the files of this board may take 1.5 KB in all and 500 bytes " \
           "is left." in text(over)
    assert DiscussionPost.select().count() == 1 and list(stored(app).values()) == [b"a" * 1000]
    assert reply(clients["mia"], thread_url, "Here is mine", "two.txt", b"b" * 500).status_code == 302
    assert BoardFile.select().count() == 2


def test_a_hidden_posts_file_is_hidden_with_it_but_the_coordinators_can_judge_it(app, board):
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url).headers["Location"]
    reply(clients["mia"], thread_url, "Look at this", "rude.txt", b"Something rude")
    post = DiscussionPost.get(DiscussionPost.text == "Look at this")
    link = download_url(url, post)
    assert clients["cora"].submit(f"{thread_url}/posts/{post.id}/hide", page=thread_url).status_code == 302
    for name in ("max", "mia"):
        assert "rude.txt" not in clients[name].text(thread_url), name
        assert clients[name].get(link).status_code == 404, name
    assert "rude.txt" in clients["cora"].text(thread_url)
    assert clients["cora"].get(link).data == b"Something rude"
    assert clients["cora"].submit(f"{thread_url}/posts/{post.id}/show", page=thread_url).status_code == 302
    assert clients["max"].get(link).data == b"Something rude"


def test_deleting_my_post_removes_its_file(app, board, clock):
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url).headers["Location"]
    reply(clients["mia"], thread_url, "Oops, wrong file", "private.txt", b"My private notes")
    reply(clients["mia"], thread_url, "Kept", "kept.txt", b"Kept notes")
    post = DiscussionPost.get(DiscussionPost.text == "Oops, wrong file")
    clock.advance(timedelta(minutes=10))
    assert clients["mia"].submit(f"{thread_url}/posts/{post.id}/delete", page=thread_url).status_code == 302
    assert "private.txt" not in clients["max"].text(thread_url)
    assert clients["max"].get(download_url(url, post)).status_code == 404
    assert [kept.name for kept in BoardFile.select()] == ["kept.txt"] and list(stored(app).values()) == [b"Kept notes"]


def test_a_reply_with_a_file_through_htmx_comes_back_as_the_thread_fragment(app, board):
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url).headers["Location"]
    page = clients["mia"].text(thread_url)
    assert 'enctype="multipart/form-data" hx-encoding="multipart/form-data"' in page
    response = reply(clients["mia"], thread_url, "My CV for feedback", "cv.pdf", PDF, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="thread"') and "<html" not in body
    assert "Your reply is posted." in body and "HX-Request" in response.headers["Vary"]
    assert "My CV for feedback File: cv.pdf (35 bytes)" in seen(body)
    assert 'id="post-file"' in body and "cv.pdf" not in body.split('id="reply-form"')[1]  # an empty form again
    assert clients["max"].get(download_url(url, DiscussionPost.get(DiscussionPost.text == "My CV for feedback"))
                              ).data == PDF
    no_file = reply(clients["mia"], thread_url, "Nothing attached", "", b"")  # as a browser sends no file chosen
    assert no_file.status_code == 302 and BoardFile.select().count() == 1


def test_my_board_files_are_in_my_data_and_leave_no_bytes_with_my_account(app, board):
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url, "max.txt", b"Max's slides").headers["Location"]
    reply(clients["mia"], thread_url, "Mine", "mia.txt", b"Mia's notes")
    data = json.loads(clients["mia"].get("/account/export").get_data(as_text=True))
    post = DiscussionPost.get(DiscussionPost.text == "Mine")
    assert [(f["name"], f["bytes"], f["thread"], f["post"], f["program"]) for f in data["discussion_files"]] == [
        ("mia.txt", 11, "Slides from my talk", post.id, program.name)]
    assert data["discussion_files"][0]["uploaded_at"] == BoardFile.get(BoardFile.name == "mia.txt").created_at \
        .isoformat()
    assert clients["mia"].submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 302
    assert [kept.name for kept in BoardFile.select()] == ["max.txt"]
    assert list(stored(app).values()) == [b"Max's slides"]
    assert clients["max"].get(download_url(url, post)).status_code == 404


def test_a_deleted_program_leaves_no_board_bytes_and_the_sweep_keeps_the_others(app, board, make_program, join):
    program, people, url = board
    clients = clients_of(app, people)
    other = make_program(name="Other Circle")
    join(people["mia"], other, "mentee")
    start(clients["max"], url, "slides.pdf", PDF)
    start(clients["mia"], f"/programs/{other.slug}/discussions", "other.txt", b"Other program's file")
    with app.app_context():
        assert storage.unreferenced() == set()  # the sweep leaves the board's bytes alone
    Program.update(state=Program.CLOSED).where(Program.id == program.id).execute()
    deleted = clients["cora"].submit(f"/programs/{program.slug}/delete", {"name": program.name})
    assert deleted.status_code == 302
    assert [kept.name for kept in BoardFile.select()] == ["other.txt"]
    assert list(stored(app).values()) == [b"Other program's file"]


@pytest.mark.parametrize("starting", [False, True])
def test_files_posted_at_once_keep_to_the_quota(make_app, board, starting):
    app = make_app(FILE_MAX_BYTES=1000, BOARD_PROGRAM_QUOTA_BYTES=3000)
    program, people, url = board
    clients = clients_of(app, people)
    thread_url = start(clients["max"], url).headers["Location"]
    target, page = (f"{url}/new", f"{url}/new") if starting else (thread_url, thread_url)
    senders = same_session(clients["mia"], 8)
    forms = [{"csrf_token": csrf_token(sender.get(page).get_data(as_text=True)), "title": f"Question {n}",
              "tag": "questions", "text": f"Post {n}", "file": (io.BytesIO(b"x" * 1000), f"file{n}.txt")}
             for n, sender in enumerate(senders)]
    responses = post_at_once(senders, target, forms)
    assert all(not isinstance(response, str) for response in responses), responses
    assert sorted(status for status, _, _ in responses) == [302] * 3 + [422] * 5
    assert all("does not fit" in body for status, _, body in responses if status == 422)
    assert BoardFile.select().count() == 3 and len(stored(app)) == 3
    assert DiscussionPost.select().count() == 4  # the first post, and the three whose file fitted
