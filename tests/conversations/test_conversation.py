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
