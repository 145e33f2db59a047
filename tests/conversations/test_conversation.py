"""A pair's conversation through its pages: sending, reading in one's own zone, the poll that brings what is new
(and answers 304 when nothing is), editing and deleting within 15 minutes, paging back, read-only pairs, who may
read it at all, and the person's data."""
import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring.models import Message, Pair
from mentoring.programs.service import delete_program
from support.client import csrf_token, logged_in, seen, text
from support.parallel import post_at_once, same_session

HTMX = {"HX-Request": "true"}


@pytest.fixture
def talk(app, make_user, make_program, make_pair):
    """An active pair: Ann (mentee, in Los Angeles) and Bob (mentor, in Berlin), each logged in, and their
    program's coordinator."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    ann = make_user(name="Ann Mentee", timezone="America/Los_Angeles")
    bob = make_user(name="Bob Mentor", timezone="Europe/Berlin")
    pair = make_pair(program, ann, bob, activated_days_ago=3)
    return (pair, logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD), coordinator, ann, bob,
            f"/pairs/{pair.id}/conversation")


def poll_url(page):
    """The address the page polls for what is new."""
    return text_of_attribute(page, 'id="poller" hx-get="')


def text_of_attribute(page, prefix):
    start = page.index(prefix) + len(prefix)
    return page[start:page.index('"', start)].replace("&amp;", "&")


def test_a_message_reaches_the_partner_in_their_zone_and_the_poll_brings_only_what_is_new(talk, clock):
    pair, ann, bob, _, _, _, url = talk
    bobs_page = text(bob.get(url))
    assert "No messages yet" in bobs_page and 'role="log"' in bobs_page
    nothing_new = bob.get(poll_url(bobs_page), headers=HTMX)
    assert nothing_new.status_code == 304 and nothing_new.get_data() == b""
    sent = ann.submit(url, {"text": "Hello Bob!\nSee https://example.org/talk."}, headers=HTMX)
    assert sent.status_code == 200 and text(sent).lstrip().startswith('<section id="conversation"')
    assert "Hello Bob!<br>See <a href=\"https://example.org/talk\" rel=\"nofollow noopener noreferrer\">" \
           "https://example.org/talk</a>." in sent.get_data(as_text=True)
    assert "autofocus" in sent.get_data(as_text=True)  # the box keeps the focus for the next message
    assert "open your pair with Ann Mentee (1 unread message)" in seen(bob.get("/"))
    news = bob.get(poll_url(bobs_page), headers=HTMX)
    assert news.status_code == 200 and 'hx-swap-oob="beforeend:#message-log"' in news.get_data(as_text=True)
    assert "Ann Mentee" in seen(news) and "Hello Bob!" in seen(news)
    sent_at = Message.get().sent_at
    berlin = sent_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M")
    los_angeles = sent_at.astimezone(ZoneInfo("America/Los_Angeles")).strftime("%H:%M")
    assert berlin in seen(news) and berlin != los_angeles
    assert los_angeles in seen(ann.get(url))
    again = bob.get(poll_url(news.get_data(as_text=True)), headers=HTMX)  # the poller it brought is up to date
    assert again.status_code == 304
    assert "Seen" in seen(ann.get(url))  # Bob has read it
    assert "unread message" not in seen(bob.get("/"))


def test_what_people_write_is_shown_as_text(talk):
    _, ann, bob, _, _, _, url = talk
    ann.submit(url, {"text": '<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3)'})
    page = bob.get(url).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_empty_message_comes_back_with_its_message_and_a_double_post_sends_once(talk):
    pair, ann, _, _, _, _, url = talk
    refused = ann.submit(url, {"text": "   "})
    assert refused.status_code == 422 and "Write a message first." in seen(refused)
    page = ann.get(url).get_data(as_text=True)
    key = text_of_attribute(page, 'name="submission" value="')
    token = text_of_attribute(page, 'name="csrf_token" value="')
    for _ in range(2):
        ann.post(url, data={"csrf_token": token, "submission": key, "text": "Only once"})
    assert Message.select().where(Message.text == "Only once").count() == 1


def test_my_message_can_be_edited_or_deleted_for_15_minutes(talk, clock):
    pair, ann, bob, _, _, _, url = talk
    ann.submit(url, {"text": "Tuesdya?"})
    message = Message.get()
    bobs_page = bob.get(url).get_data(as_text=True)
    edit = f"{url}/{message.id}/edit"
    assert bob.get(edit).status_code == 404  # not Bob's
    refused = ann.submit(edit, {"text": ""})
    assert refused.status_code == 422 and "Write a message first." in seen(refused)
    ann.submit(edit, {"text": "Tuesday?"})
    changed = bob.get(poll_url(bobs_page), headers=HTMX).get_data(as_text=True)
    assert f'<li id="message-{message.id}"' in changed and 'hx-swap-oob="true"' in changed and "Tuesday?" in changed
    assert "Tuesday? " in seen(bob.get(url)) and "edited" in seen(bob.get(url))
    ann.submit(url, {"text": "Second thoughts"})
    second = Message.select().order_by(Message.id.desc()).first()
    clock.advance(timedelta(minutes=16))
    late = ann.submit(f"{url}/{second.id}/delete", page=url)
    assert late.status_code == 302 and "only in the 15 minutes" in seen(ann.get(url))
    assert "Edit this message" not in seen(ann.get(url))
    clock.advance(timedelta(minutes=-10))
    ann.submit(f"{url}/{second.id}/delete", page=url)
    assert "Message deleted" in seen(bob.get(url)) and "Second thoughts" not in seen(bob.get(url))


def test_the_latest_50_messages_load_and_earlier_ones_page_back(talk, clock):
    pair, ann, bob, _, ann_user, bob_user, url = talk
    Message.insert_many([{"pair": pair.id, "sender": (ann_user if n % 2 else bob_user).id, "text": f"Message {n}",
                          "sent_at": clock.now() - timedelta(minutes=2000 - n), "version": n + 1}
                         for n in range(2000)]).execute()
    page = text(ann.get(url))
    assert [int(n) for n in re.findall(r"Message (\d+)<", page)] == list(range(1950, 2000))
    older = text(ann.get(re.search(r'<a href="([^"]+)">Earlier messages', page).group(1).replace("&amp;", "&")))
    assert [int(n) for n in re.findall(r"Message (\d+)<", older)] == list(range(1900, 1950))
    assert "Earlier messages" in seen(older) and "Latest messages" in seen(older)


def test_a_paused_or_ended_pair_reads_its_conversation_without_writing(talk):
    pair, ann, bob, _, _, _, url = talk
    ann.submit(url, {"text": "Before the pause"})
    Pair.update(state=Pair.PAUSED).where(Pair.id == pair.id).execute()
    page = seen(bob.get(url))
    assert "Before the pause" in page and "The pair is paused" in page and "Send" not in page
    refused = bob.submit(url, {"text": "Still there?"}, page=f"/pairs/{pair.id}")
    assert refused.status_code == 422 and "The pair is paused" in seen(refused)
    Pair.update(state=Pair.ENDED).where(Pair.id == pair.id).execute()
    assert "The pair has ended" in seen(ann.get(url)) and "Before the pause" in seen(ann.get(url))


def test_only_the_two_read_the_conversation(app, talk, make_user):
    pair, ann, _, coordinator, _, _, url = talk
    ann.submit(url, {"text": "Between us"})
    message = Message.get()
    for outsider in (coordinator, make_user(name="Stranger")):
        visitor = logged_in(app, outsider, PASSWORD)
        for address in (url, f"{url}/new?after=0&v=0", f"{url}/{message.id}/edit"):
            assert visitor.get(address).status_code == 404, (outsider.name, address)
    assert "Between us" not in seen(logged_in(app, coordinator, PASSWORD).get(f"/pairs/{pair.id}"))
    assert "Between us" in seen(ann.get(f"/pairs/{pair.id}"))  # the pair's page shows the conversation too


def test_my_messages_are_in_my_data_and_go_with_my_account(app, talk):
    pair, ann, bob, _, ann_user, _, url = talk
    ann.submit(url, {"text": "Mine to take"})
    data = json.loads(ann.get("/account/export").get_data(as_text=True))
    assert [m["text"] for m in data["messages"]] == ["Mine to take"]
    assert ann.submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 302
    assert Message.select().where(Message.text == "Mine to take").count() == 0


def test_messages_sent_at_once_are_all_kept_in_one_order(talk):
    """Both people send ten messages at the same moment (on SQLite and on PostgreSQL): none is lost, and the order
    by id is the order of the conversation's versions (each message was counted in turn)."""
    pair, ann, bob, _, _, _, url = talk
    clients = same_session(ann, 10) + same_session(bob, 10)
    tokens = [csrf_token(client.get(url).get_data(as_text=True)) for client in clients]
    responses = post_at_once(clients, url, [{"csrf_token": t, "text": f"Message {n}"} for n, t in enumerate(tokens)])
    assert [status for status, _, _ in responses] == [302] * 20
    messages = list(Message.select().order_by(Message.id))
    assert sorted(m.text for m in messages) == sorted(f"Message {n}" for n in range(20))
    assert [m.version for m in messages] == sorted(m.version for m in messages)
    assert len({m.version for m in messages}) == 20
    assert len(re.findall(r"Message \d+", seen(ann.get(url)))) == 20


def test_messages_left_unread_are_emailed_once_after_a_quiet_while(app, talk, mailbox, scheduler):
    pair, ann, bob, _, ann_user, bob_user, url = talk

    def unread_emails(person):
        return [m for m in mailbox.to(person.email) if m["Subject"].endswith(" wrote to you")]

    ann.submit(url, {"text": "Are you free on Thursday?"})
    scheduler.advance(timedelta(minutes=6))
    ann.submit(url, {"text": "Or Friday morning, https://example.org/cal"})
    scheduler.advance(timedelta(minutes=9))  # quiet for 9 minutes: not yet
    assert len(unread_emails(bob_user)) == 0
    scheduler.advance(timedelta(minutes=2))
    email = mailbox.find(bob_user.email, "Ann Mentee wrote to you")
    assert "Are you free on Thursday?" in email.text and "Or Friday morning" in email.text
    assert f"/pairs/{pair.id}/conversation" in email.text
    scheduler.advance(timedelta(minutes=30))
    assert len(unread_emails(bob_user)) == 1  # one email for the quiet period, not one per message or per minute
    assert unread_emails(ann_user) == []  # Ann wrote them: nothing waits unread for her
    bob.get(url)  # Bob reads; Ann writes again, Bob turned these emails off
    bob_user.email_preferences = {"messages": False}
    bob_user.save()
    ann.submit(url, {"text": "Never mind"})
    scheduler.advance(timedelta(minutes=15))
    assert len(unread_emails(bob_user)) == 1


def query_count(app, work, sent=None):
    """How many queries `work()` sends to the database (each one's SQL added to `sent` when given)."""
    from mentoring.db import db
    execute, sent = db.obj.execute_sql, [] if sent is None else sent
    db.obj.execute_sql = lambda *args, **kwargs: sent.append(args[0]) or execute(*args, **kwargs)
    try:
        work()
    finally:
        db.obj.execute_sql = execute
    return len(sent)


def test_a_poll_that_finds_nothing_new_is_answered_after_one_query_and_is_never_stored(app, talk):
    pair, ann, bob, _, _, _, url = talk
    ann.submit(url, {"text": "Hello"})
    poll = poll_url(ann.get(url).get_data(as_text=True))
    answers = []
    assert query_count(app, lambda: answers.append(ann.get(poll, headers=HTMX))) == 1
    assert answers[0].status_code == 304 and answers[0].get_data() == b""
    assert "HX-Request" in answers[0].headers["Vary"] and answers[0].headers["Cache-Control"] == "no-store"
    bob.submit(url, {"text": "Hi Ann"})
    news = ann.get(poll, headers=HTMX)
    assert news.status_code == 200 and "Hi Ann" in seen(news) and news.headers["Cache-Control"] == "no-store"


def test_a_poll_with_a_mangled_address_or_cookie_goes_the_whole_checked_way(app, talk):
    pair, ann, _, _, _, _, url = talk
    ann.submit(url, {"text": "Hello"})
    poll = poll_url(ann.get(url).get_data(as_text=True))
    for mangled in (re.sub(r"v=\d+", "v=x1", poll), re.sub(r"t=\w+", "t=", poll), re.sub(r"t=\w+", "t=00", poll),
                    poll.replace(f"/pairs/{pair.id}/", "/pairs/0099999999999999999999/")):
        assert ann.get(mangled, headers=HTMX).status_code in (200, 304, 404)  # Ann's own, checked in full
    stranger = app.test_client()
    stranger.set_cookie("session", "not.a.session")
    assert stranger.get(poll, headers=HTMX).status_code == 302  # to the log-in page, never 304


def test_a_poll_address_opens_nothing_to_anyone_but_the_person_logged_in_it_was_made_for(app, talk, make_user):
    """A copy of Ann's poll address (its token signed for her log-in) is no key: a logged-out browser is sent to log
    in, a coordinator or a stranger gets 404, and a copy of her cookies stops working once she has logged out."""
    pair, ann, _, coordinator, _, _, url = talk
    ann.submit(url, {"text": "Between us"})
    poll = poll_url(ann.get(url).get_data(as_text=True))
    nothing_new = poll  # the version Ann's page shows: a 304 for her
    assert ann.get(nothing_new, headers=HTMX).status_code == 304
    changed = re.sub(r"v=\d+", "v=0", poll)
    outsider = app.test_client()
    for address in (nothing_new, changed):
        response = outsider.get(address, headers=HTMX)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for person in (coordinator, make_user(name="Stranger")):
        visitor = logged_in(app, person, PASSWORD)
        for address in (nothing_new, changed):
            response = visitor.get(address, headers=HTMX)
            assert response.status_code == 404 and "Between us" not in seen(response), (person.name, address)
    copy = same_session(ann, 1)[0]
    assert copy.get(nothing_new, headers=HTMX).status_code == 304
    ann.submit("/logout", {}, page="/")
    for address in (nothing_new, changed):
        response = copy.get(address, headers=HTMX)
        assert response.status_code == 302 and "Between us" not in seen(response)


def test_a_poll_with_a_token_altered_or_of_another_log_in_goes_the_whole_checked_way(app, talk):
    pair, ann, bob, _, ann_user, _, url = talk
    ann.submit(url, {"text": "Hello"})
    poll = poll_url(ann.get(url).get_data(as_text=True))
    altered = re.sub(r"t=[0-9a-f]+", "t=" + "0" * 32, poll)
    assert query_count(app, lambda: ann.get(altered, headers=HTMX)) > 1  # the person and the pair were loaded
    assert ann.get(altered, headers=HTMX).status_code == 304  # and it is still Ann, reading her own conversation
    ann_elsewhere = logged_in(app, ann_user, PASSWORD)
    assert query_count(app, lambda: ann_elsewhere.get(poll, headers=HTMX)) > 1  # signed for her other log-in
    assert query_count(app, lambda: bob.get(poll, headers=HTMX)) > 1  # and not for Bob's


def test_reading_again_writes_nothing_and_the_poll_still_finds_nothing_new(app, talk):
    pair, ann, bob, _, _, _, url = talk
    ann.submit(url, {"text": "Hello"})
    first = poll_url(bob.get(url).get_data(as_text=True))  # Bob reads it: his read mark moves (Ann's page: Seen)
    again = poll_url(bob.get(url).get_data(as_text=True))
    assert first == again and bob.get(again, headers=HTMX).status_code == 304
    sent = []
    query_count(app, lambda: bob.get(url), sent)
    assert sent and not [sql for sql in sent if not sql.lstrip().upper().startswith("SELECT")]  # nothing written
    assert "Seen" in seen(ann.get(url))


def test_days_new_messages_and_times_are_the_viewer_s_own(talk, clock):
    """Two messages on either side of midnight in Los Angeles, on one day in Berlin: Ann (in Los Angeles) sees two
    days, Bob (in Berlin) one; each sees the times in their zone, and "New" before the first they had not read."""
    pair, ann, bob, _, ann_user, bob_user, url = talk
    late = clock.now().replace(hour=6, minute=30, second=0, microsecond=0) - timedelta(days=2)  # the eve, in LA
    early = late + timedelta(hours=2)
    Message.insert_many([{"pair": pair.id, "sender": bob_user.id, "text": text_, "sent_at": moment, "version": n}
                         for n, (text_, moment) in enumerate((("Late one", late), ("Early one", early)), 1)]).execute()
    los_angeles, berlin = ZoneInfo("America/Los_Angeles"), ZoneInfo("Europe/Berlin")
    anns = seen(ann.get(url))
    assert anns.index("New") < anns.index("Late one")  # Ann had read neither
    for zone, page in ((los_angeles, anns), (berlin, seen(bob.get(url)))):
        days = {moment.astimezone(zone).strftime("%A %d %B %Y") for moment in (late, early)}
        assert all(day in page for day in days)
        assert all(moment.astimezone(zone).strftime("%H:%M") in page for moment in (late, early))
    assert len({moment.astimezone(los_angeles).date() for moment in (late, early)}) == 2
    assert len({moment.astimezone(berlin).date() for moment in (late, early)}) == 1
    assert "New" not in seen(ann.get(url))  # read now


def test_an_empty_conversation_offers_the_program_s_icebreakers_and_the_pair_s_goals(app, talk):
    pair, ann, bob, coordinator, ann_user, _, url = talk
    from mentoring.library import service as library
    from mentoring.pairs import goals
    library.set_icebreakers(coordinator, pair.program, ["What made you join?", "<script>alert(1)</script> & more?"])
    goals.add_goal(pair, ann_user, "Give a conference talk")
    page = ann.get(url)
    html, words = page.get_data(as_text=True), seen(page)
    assert "Not sure how to begin? Try one of these" in words and "What made you join?" in words
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more?" in html
    assert "Give a conference talk" in words
    fragment = ann.get(url, headers=HTMX)
    assert text(fragment).lstrip().startswith('<section id="conversation"') and "What made you join?" in seen(fragment)
    assert "What made you join?" in seen(ann.get(f"/pairs/{pair.id}"))  # on the pair's page too
    # Without JavaScript a starter's button asks for the page with its words in the message box.
    chosen = ann.get(f"{url}?draft=What+made+you+join%3F")
    assert re.search(r'<textarea[^>]*id="message-text"[^>]*>\s*What made you join\?</textarea>', text(chosen))
    drafted = ann.get(f"{url}?draft=%3Cscript%3Ealert(2)%3C%2Fscript%3E").get_data(as_text=True)
    assert "<script>alert(2)" not in drafted and "&lt;script&gt;alert(2)" in drafted
    ann.submit(url, {"text": "What made you join?"})
    assert "Not sure how to begin?" not in seen(bob.get(url)) and "Not sure how to begin?" not in seen(ann.get(url))


def test_a_read_only_conversation_offers_no_starters(talk):
    pair, ann, _, _, _, _, url = talk
    Pair.update(state=Pair.ENDED).where(Pair.id == pair.id).execute()
    page = seen(ann.get(url))
    assert "No messages yet" in page and "Not sure how to begin?" not in page


def test_the_first_message_a_poll_brings_takes_the_starters_away(talk):
    pair, ann, bob, _, _, _, url = talk
    bobs_page = bob.get(url).get_data(as_text=True)
    assert 'id="conversation-start"' in bobs_page
    ann.submit(url, {"text": "Hello Bob"})
    news = bob.get(poll_url(bobs_page), headers=HTMX).get_data(as_text=True)
    assert '<div id="conversation-start" hx-swap-oob="delete"></div>' in news and "Hello Bob" in news
    ann.submit(url, {"text": "Are you there?"})
    later = bob.get(poll_url(news), headers=HTMX).get_data(as_text=True)
    assert "Are you there?" in later and "conversation-start" not in later


def test_a_pair_given_a_deleted_pairs_id_starts_with_an_empty_conversation(app, talk, make_program, make_pair):
    """Each worker keeps what a conversation showed at a version; a new pair that SQLite gives the deleted pair's id
    (and whose conversation reaches the same version) never sees the old one's messages."""
    pair, ann, _, coordinator, ann_user, bob_user, url = talk
    ann.submit(url, {"text": "Only for the first program"})
    assert "Only for the first program" in seen(ann.get(url))
    program = pair.program
    program.state = program.CLOSED
    program.save()
    with app.app_context():
        delete_program(coordinator, program, program.name)
    again = make_pair(make_program(coordinators=[coordinator]), ann_user, bob_user, activated_days_ago=1)
    ann.submit(f"/pairs/{again.id}/conversation", {"text": "A fresh start"})
    page = seen(ann.get(f"/pairs/{again.id}/conversation"))
    assert "A fresh start" in page and "Only for the first program" not in page
