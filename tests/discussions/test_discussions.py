"""The members' board through its pages: a mentor's tip, a mentee's reply, what is new for whom (on the board and on
the dashboard), tags, editing for 15 minutes, paging, who may read and who may write, reports and the coordinators'
moderation, htmx replies, and the person's data."""
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring.discussions import service
from mentoring.models import DiscussionPost, DiscussionThread, Membership, ProblemReport, Program
from support.boards import board_members
from support.client import logged_in, seen, text

HTMX = {"HX-Request": "true"}


@pytest.fixture
def board(app, make_user, make_program, join):
    """The board's people (support.boards), each logged in."""
    program, people, url = board_members(make_user, make_program, join)
    clients = {name: logged_in(app, person, PASSWORD) for name, person in people.items()}
    return program, people, clients, url


def start(client, url, **fields):
    """Start a thread through the form; the thread page's address."""
    response = client.submit(f"{url}/new", {"title": "Ask for feedback early", "tag": "tips",
                                           "text": "Ask after each session.", **fields})
    assert response.status_code == 302, seen(response)
    return response.headers["Location"]


def local(moment, zone):
    return moment.astimezone(ZoneInfo(zone)).strftime("%d %b %Y, %H:%M")


def test_a_tip_a_reply_and_what_is_new_for_whom(board, clock):
    program, people, clients, url = board
    max_, mia = clients["max"], clients["mia"]
    thread_url = start(max_, url, text="Try https://example.org/guide.\nSecond line <script>alert(1)</script>")
    page = max_.get(thread_url).get_data(as_text=True)
    assert '<a href="https://example.org/guide" rel="nofollow noopener noreferrer">' in page
    assert "Second line &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<br>" in page

    listing = seen(mia.get(url))
    assert "Ask for feedback early New posts · Tips from mentors Max Mentor 0" in listing
    assert local(clock.now(), "Asia/Tokyo") in listing
    assert "1 thread with new posts" in seen(mia.get("/"))
    clock.advance(timedelta(minutes=5))
    replied = mia.submit(thread_url, {"text": "Thank you, I will."})
    assert replied.status_code == 302
    assert "Thank you, I will." in seen(mia.get(replied.headers["Location"]))
    assert "New posts" not in seen(mia.get(url)) and "with new posts" not in seen(mia.get("/"))

    listing = seen(max_.get(url))
    assert "Ask for feedback early New posts · Tips from mentors Max Mentor 1" in listing
    assert local(clock.now(), "America/Los_Angeles") in listing
    assert "Members' board: 1 thread with new posts" in seen(max_.get("/"))
    assert "Mia Mentee" in seen(max_.get(thread_url))
    assert "New posts" not in seen(max_.get(url)) and "with new posts" not in seen(max_.get("/"))

    assert "Ask for feedback early" in seen(mia.get(f"{url}?tag=tips"))
    assert "Ask for feedback early" not in seen(mia.get(f"{url}?tag=questions"))
    assert "No threads of this kind yet." in seen(mia.get(f"{url}?tag=questions"))


def test_threads_are_listed_pinned_first_then_by_latest_activity(board, clock):
    program, people, clients, url = board
    older = start(clients["max"], url, title="Older thread")
    clock.advance(timedelta(minutes=1))
    start(clients["mia"], url, title="Newer thread", tag="questions")
    clock.advance(timedelta(minutes=1))
    start(clients["cora"], url, title="Read the guidelines", tag="general", announcement="y")
    listing = seen(clients["mia"].get(url))
    assert listing.index("Read the guidelines") < listing.index("Newer thread") < listing.index("Older thread")
    clock.advance(timedelta(minutes=1))
    clients["mia"].submit(older, {"text": "Bumped"})
    listing = seen(clients["mia"].get(url))
    assert listing.index("Read the guidelines") < listing.index("Older thread") < listing.index("Newer thread")


def test_a_pending_applicant_and_a_stranger_get_404_everywhere(board):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    post = DiscussionPost.get()
    for name in ("pia", "sam"):
        visitor = clients[name]
        for address in (url, f"{url}/new", thread_url, f"{thread_url}/posts/{post.id}/report",
                        f"{thread_url}/posts/{post.id}"):
            assert visitor.get(address).status_code == 404, (name, address)
        assert visitor.submit(thread_url, {"text": "Hi"}, page="/").status_code == 404
    assert DiscussionPost.select().count() == 1


def test_a_thread_is_found_only_on_its_own_programs_board(board, make_program, join):
    program, people, clients, url = board
    other = make_program(name="Other Circle")
    join(people["mia"], other, "mentee")
    thread_url = start(clients["max"], url)
    thread = DiscussionThread.get()
    elsewhere = f"/programs/{other.slug}/discussions/{thread.id}"
    assert clients["mia"].get(elsewhere).status_code == 404
    assert clients["mia"].submit(elsewhere, {"text": "Hi"}, page=f"/programs/{other.slug}/discussions").status_code \
        == 404
    assert clients["mia"].get(thread_url).status_code == 200


def test_a_board_turned_off_is_404_for_members_and_said_so_to_coordinators(board):
    program, people, clients, url = board
    Program.update(discussion_board=False).where(Program.id == program.id).execute()
    assert clients["mia"].get(url).status_code == 404
    assert "Members' board" not in seen(clients["mia"].get("/"))
    page = seen(clients["cora"].get(url))
    assert "The members' board is turned off in the program's settings" in page and "Start a thread" not in page


def test_the_setting_is_in_the_coordinators_program_settings(board):
    program, people, clients, url = board
    settings = f"/programs/{program.slug}/settings"
    page = clients["cora"].get(settings).get_data(as_text=True)
    assert "Members&#39; discussion board" in page and 'id="discussion_board"' in page
    current = {name: getattr(program, name) for name in service.programs.SETTINGS}
    form = {name: ("y" if value is True else "" if value in (False, None) else str(value))
            for name, value in current.items()}
    form = {name: value for name, value in form.items() if value != ""}
    del form["discussion_board"]
    assert clients["cora"].submit(settings, form).status_code == 302
    assert not Program.get_by_id(program.id).discussion_board
    assert clients["mia"].get(url).status_code == 404


def test_a_deactivated_member_reads_but_cannot_post_and_an_ended_program_is_read_only(board):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    Membership.update(state=Membership.DEACTIVATED).where(Membership.user == people["mia"].id).execute()
    page = seen(clients["mia"].get(thread_url))
    assert "Ask after each session." in page and "you can read the board, not write on it" in page
    assert "Post your reply" not in page
    refused = clients["mia"].submit(thread_url, {"text": "Still here"})
    assert refused.status_code == 422 and "you can read the board, not write on it" in seen(refused)
    assert "Still here" in text(refused)  # what was typed stays

    Program.update(state=Program.CLOSED).where(Program.id == program.id).execute()
    page = seen(clients["max"].get(url))
    assert "The program has ended: its board stays here to read." in page and "Start a thread" not in page
    assert clients["max"].submit(thread_url, {"text": "Late"}).status_code == 422
    assert DiscussionPost.select().count() == 1


def test_my_post_can_be_edited_or_deleted_for_15_minutes(board, clock):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    post = DiscussionPost.get()
    edit = f"{thread_url}/posts/{post.id}/edit"
    assert clients["mia"].get(edit).status_code == 404
    refused = clients["max"].submit(edit, {"text": ""})
    assert refused.status_code == 422 and "Write your reply first." in seen(refused)
    assert clients["max"].submit(edit, {"text": "Ask after every session."}).status_code == 302
    assert "· edited Ask after every session." in seen(clients["mia"].get(thread_url))
    clock.advance(timedelta(minutes=16))
    late = clients["max"].submit(edit, {"text": "Too late"})
    assert late.status_code == 422 and "only in the 15 minutes after writing it" in seen(late)
    assert "Edit your post" not in seen(clients["max"].get(thread_url))
    clock.advance(timedelta(minutes=-16))
    clients["max"].submit(f"{thread_url}/posts/{post.id}/delete", page=thread_url)
    assert "Post deleted" in seen(clients["mia"].get(thread_url))


def test_a_long_thread_is_shown_fifty_posts_a_page(board):
    program, people, clients, url = board
    thread_url = start(clients["max"], url, text="Post 0")
    thread = DiscussionThread.get()
    for number in range(1, 120):
        service.reply(service.board_for(program, people["mia"]), people["mia"], thread.id, f"Post {number}")
    first = seen(clients["max"].get(thread_url))
    assert "Post 0 " in first and "Post 49 " in first and "Post 50 " not in first and "page 1 of 3" in first
    assert "Go to the latest posts to reply" in first
    last = seen(clients["max"].get(f"{thread_url}?page=3"))
    assert "Post 100 " in last and "Post 119 " in last and "Post 99 " not in last and "Post your reply" in last
    assert "Ask for feedback early New posts" not in seen(clients["max"].get(url))  # the last page was read
    post = DiscussionPost.get(DiscussionPost.text == "Post 75")
    found = clients["max"].get(f"{thread_url}/posts/{post.id}")
    assert found.headers["Location"].endswith(f"?page=2#post-{post.id}")


def test_a_reply_through_htmx_comes_back_as_the_thread_fragment(board):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    response = clients["mia"].submit(thread_url, {"text": "Thanks https://example.org"}, headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="thread"') and "<html" not in body
    assert "Your reply is posted." in body and 'data-focus-after-swap' in body
    assert '<a href="https://example.org"' in body and "Vary" in response.headers
    refused = clients["mia"].submit(thread_url, {"text": "   "}, headers=HTMX)
    assert refused.status_code == 422 and refused.get_data(as_text=True).lstrip().startswith('<section id="thread"')
    assert "Write your reply first." in seen(refused)


def test_a_reported_post_reaches_the_coordinators_who_hide_it(board, mailbox):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    clients["mia"].submit(thread_url, {"text": "Something rude"})
    post = DiscussionPost.get(DiscussionPost.text == "Something rude")
    report = f"{thread_url}/posts/{post.id}/report"
    assert clients["mia"].get(report).status_code == 200  # her own: she may look, not send
    assert clients["mia"].submit(report, {"reason": "Mine"}).status_code == 422
    empty = clients["max"].submit(report, {"reason": ""})
    assert empty.status_code == 422 and "Say what is wrong" in seen(empty)
    assert clients["max"].submit(report, {"reason": "This is unkind"}).status_code == 302
    mailbox.find(people["cora"].email, f"A post was reported in {program.name}")

    reported = ProblemReport.get()
    assert reported.discussion_post_id == post.id
    inbox = seen(clients["cora"].get(f"/programs/{program.slug}/problems"))
    assert "This is unkind" in inbox and "Max Mentor" in inbox
    problem = seen(clients["cora"].get(f"/programs/{program.slug}/problems/{reported.id}"))
    assert "Post on the members' board Ask for feedback early" in problem and "Something rude" in problem

    hide = f"{thread_url}/posts/{post.id}/hide"
    assert clients["mia"].submit(hide, page=thread_url).status_code == 404
    assert clients["cora"].submit(hide, page=thread_url).status_code == 302
    for name in ("max", "mia"):
        page = seen(clients[name].get(thread_url))
        assert "Hidden by the coordinators" in page and "Something rude" not in page, name
    assert "Something rude" in seen(clients["cora"].get(thread_url))
    assert clients["cora"].submit(f"{thread_url}/posts/{post.id}/show", page=thread_url).status_code == 302
    assert "Something rude" in seen(clients["max"].get(thread_url))


def test_a_locked_thread_is_read_not_answered(board):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    assert clients["max"].submit(f"{thread_url}/lock", page=thread_url).status_code == 404
    assert clients["cora"].submit(f"{thread_url}/lock", page=thread_url).status_code == 302
    page = seen(clients["mia"].get(thread_url))
    assert "The coordinators locked this thread" in page and "Post your reply" not in page
    assert clients["mia"].submit(thread_url, {"text": "Hello?"}).status_code == 422
    assert clients["cora"].submit(f"{thread_url}/unlock", page=thread_url).status_code == 302
    assert clients["mia"].submit(thread_url, {"text": "Hello?"}).status_code == 302


def test_my_posts_are_in_my_data_and_leave_with_my_account(board):
    program, people, clients, url = board
    thread_url = start(clients["max"], url)
    clients["mia"].submit(thread_url, {"text": "Mine to take"})
    start(clients["mia"], url, title="My own question", tag="questions", text="Who else?")
    data = json.loads(clients["mia"].get("/account/export").get_data(as_text=True))
    assert [(p["thread"], p["text"]) for p in data["discussions"]] == [("Ask for feedback early", "Mine to take"),
                                                                        ("My own question", "Who else?")]
    assert clients["mia"].submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 302
    page = seen(clients["max"].get(thread_url))
    assert "A former member · post deleted" in page and "Mine to take" not in page
    listing = seen(clients["max"].get(url))
    assert "My own question" not in listing and "A former member's thread" in listing
    assert DiscussionPost.select().where(DiscussionPost.text.contains("Who else")).count() == 0


def test_the_dashboard_counts_the_threads_with_new_posts_for_members_and_coordinators(board, app):
    program, people, clients, url = board
    for number in range(3):
        start(clients["max"], url, title=f"Thread {number}")
    assert "Members' board: 3 threads with new posts" in seen(clients["mia"].get("/"))
    assert "Members' board: 3 threads with new posts" in seen(clients["cora"].get("/"))
    with app.app_context():
        assert DiscussionThread.with_new_posts(people["mia"], [program.id]) == {program.id: 3}
        assert DiscussionThread.with_new_posts(people["max"], [program.id]) == {}


SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>"'


def test_everything_written_on_the_board_is_shown_as_text(board, mailbox):
    program, people, clients, url = board
    thread_url = start(clients["cora"], url, title="<b>Hi</b>", text=f"Post {SCRIPT}", announcement="y")
    clients["mia"].submit(thread_url, {"text": f"Reply {SCRIPT}"})
    reply = DiscussionPost.get(DiscussionPost.text.startswith("Reply"))
    clients["max"].submit(f"{thread_url}/posts/{reply.id}/report", {"reason": f"Reason {SCRIPT}"})
    pages = [clients["max"].get(url), clients["max"].get(thread_url), clients["max"].get("/"),
             clients["cora"].get(f"/programs/{program.slug}/problems"),
             clients["cora"].get(f"/programs/{program.slug}/problems/{ProblemReport.get().id}"),
             clients["max"].get(f"{thread_url}/posts/{reply.id}/report")]
    for response in pages:
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "<script>alert" not in body and "<img src=x" not in body
    assert "Reply <script>alert(1)</script>" in seen(pages[1]) and "Reason <script>" in seen(pages[4])
    assert "<b>Hi</b>" in seen(pages[0]) and "<b>Hi</b>" not in pages[0].get_data(as_text=True)
    mail = mailbox.find(people["mia"].email, f"{program.name}: <b>Hi</b>")
    assert "<script>alert" not in mail.html and "<b>Hi</b>" not in mail.html
    assert "Post <script>alert(1)</script>" in mail.text


def test_the_dashboard_counts_new_posts_of_every_board_in_one_query(app, board, make_program, join):
    from test_queries import counting_queries
    program, people, clients, url = board
    start(clients["max"], url)

    def board_queries():
        with counting_queries() as statements:
            assert clients["mia"].get("/").status_code == 200
        return [s for s in statements if "discussion_thread" in str(s.msg)]
    assert len(board_queries()) == 1
    for name in ("Second Circle", "Third Circle"):
        other = make_program(name=name, coordinators=[people["cora"]])
        join(people["mia"], other, "mentee")
        start(clients["cora"], f"/programs/{other.slug}/discussions", title=f"Welcome to {name}")
    assert len(board_queries()) == 1
    assert seen(clients["mia"].get("/")).count("Members' board: 1 thread with new posts") == 3
