"""Reporting a message of a pair's conversation, through the pages: the report page says exactly what the coordinators
will see (the message and the five before it), they see exactly that on the report and nothing else of the
conversation, hide it and show it again; the pair (its page, the poll, the unread email) then sees that it was
hidden. Who may report, a second report of the same message, and who may not see any of it."""
import io
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring.models import AuditLog, ConversationRead, Message, ProblemReport
from support.client import logged_in, seen
from support.parallel import form_of, post_at_once, same_session

HTMX = {"HX-Request": "true"}


@pytest.fixture
def talk(app, make_user, make_program, make_pair):
    """An active pair, Ann (mentee, in Los Angeles) and Bob (mentor, in Berlin), who have written eight messages,
    each logged in; their program's coordinator, in Tokyo."""
    coordinator = make_user(name="Cora Coordinator", timezone="Asia/Tokyo")
    program = make_program(coordinators=[coordinator])
    ann = make_user(name="Ann Mentee", timezone="America/Los_Angeles")
    bob = make_user(name="Bob Mentor", timezone="Europe/Berlin")
    pair = make_pair(program, ann, bob, activated_days_ago=3)
    ann_client, bob_client = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    url = f"/pairs/{pair.id}/conversation"
    for n in range(1, 9):
        (ann_client if n % 2 else bob_client).submit(url, {"text": f"Line {n}"})
    return pair, ann_client, bob_client, coordinator, url, program


def message(text):
    return Message.get(Message.text == text)


def poll_url(page):
    start = page.index('id="poller" hx-get="') + len('id="poller" hx-get="')
    return page[start:page.index('"', start)].replace("&amp;", "&")


def test_a_reported_message_reaches_the_coordinators_with_the_five_before_it_and_they_can_hide_it(
        app, talk, mailbox, clock):
    pair, ann, bob, coordinator, url, program = talk
    reported = message("Line 8")  # Bob's
    conversation = seen(ann.get(url))
    assert "Report this message to the coordinators" in conversation
    assert f"{url}/{reported.id}/report" in ann.get(url).get_data(as_text=True)
    assert f"{url}/{message('Line 7').id}/report" not in ann.get(url).get_data(as_text=True)  # Ann's own

    report_page = seen(ann.get(f"{url}/{reported.id}/report"))
    assert "exactly this: the message you report and the five before it" in report_page
    assert re.findall(r"Line \d", report_page) == ["Line 3", "Line 4", "Line 5", "Line 6", "Line 7", "Line 8"]
    in_los_angeles = reported.sent_at.astimezone(ZoneInfo("America/Los_Angeles")).strftime("%H:%M")
    assert f"Bob Mentor {reported.sent_at.astimezone(ZoneInfo('America/Los_Angeles')):%d %b %Y}, {in_los_angeles}" \
        in report_page

    sent = ann.submit(f"{url}/{reported.id}/report", {"note": "This made me <b>uneasy</b>."})
    assert sent.status_code == 302 and "the coordinators have the message" in seen(ann.get(url))
    email = mailbox.find(coordinator.email, f"A problem was reported in {program.name}")
    report = ProblemReport.get()
    assert (report.message_id, report.pair_id, report.text) == (reported.id, pair.id, "This made me <b>uneasy</b>.")
    assert f"/problems/{report.id}" in email.text

    # Later changes do not change what was reported.
    Message.update(text="Line 5, changed").where(Message.id == message("Line 5").id).execute()
    cora = logged_in(app, coordinator, PASSWORD)
    inbox = seen(cora.get(f"/programs/{program.slug}/problems"))
    assert "This made me <b>uneasy</b>." in inbox
    shown = cora.get(f"/programs/{program.slug}/problems/{report.id}")
    page = seen(shown)
    assert "<b>uneasy" not in shown.get_data(as_text=True)
    assert re.findall(r"Line \d[^ ]*", page) == ["Line 3", "Line 4", "Line 5", "Line 6", "Line 7", "Line 8"]
    assert "Line 2" not in page and "Line 1" not in page and "changed" not in page  # nothing else of the conversation
    in_tokyo = reported.sent_at.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M")
    assert f"{in_tokyo} JST · reported" in page
    assert cora.get(url).status_code == 404  # coordinators still never read the conversation

    bobs_page = bob.get(url).get_data(as_text=True)
    hidden = cora.submit(f"/programs/{program.slug}/problems/{report.id}/hide", {"hidden": "1"},
                         page=f"/programs/{program.slug}/problems/{report.id}")
    assert hidden.status_code == 302
    assert "The pair sees “Hidden by the coordinators” in its place" in seen(cora.get(hidden.headers["Location"]))
    assert AuditLog.get(AuditLog.action == "message.hide").actor_id == coordinator.id
    change = bob.get(poll_url(bobs_page), headers=HTMX)
    assert change.status_code == 200 and f'<li id="message-{reported.id}"' in change.get_data(as_text=True)
    assert "Hidden by the coordinators" in seen(change) and "Line 8" not in seen(change)
    for person in (ann, bob):
        page = seen(person.get(url))
        assert "Hidden by the coordinators" in page and "Line 8" not in page and "Line 7" in page
        assert "Hidden by the coordinators" in seen(person.get(f"/pairs/{pair.id}"))

    cora.submit(f"/programs/{program.slug}/problems/{report.id}/hide", {"hidden": "0"},
                page=f"/programs/{program.slug}/problems/{report.id}")
    assert "Line 8" in seen(ann.get(url)) and "Hidden by the coordinators" not in seen(ann.get(url))


def test_a_message_is_reported_once(app, talk):
    pair, ann, _, _, url, _ = talk
    reported = message("Line 6")
    ann.submit(f"{url}/{reported.id}/report", {"note": ""})
    again = ann.get(f"{url}/{reported.id}/report")
    assert "This message has already been reported" in seen(again) and "Send to the coordinators" not in seen(again)
    refused = ann.submit(f"{url}/{reported.id}/report", {"note": "Once more"}, page=url)
    assert refused.status_code == 422 and "This message has already been reported" in seen(refused)
    assert ProblemReport.select().count() == 1
    assert ProblemReport.get().text == "A message of the pair's conversation."


def test_two_reports_of_one_message_at_once_make_one(app, talk):
    pair, ann, _, _, url, _ = talk
    reported = message("Line 4")
    clients = same_session(ann, 4)
    forms = [{**form_of(client, f"{url}/{reported.id}/report"), "note": f"Report {n}"}
             for n, client in enumerate(clients)]  # each its own submission, as from four tabs
    answers = post_at_once(clients, f"{url}/{reported.id}/report", forms)
    assert sorted(status for status, _, _ in answers) == [302, 422, 422, 422]
    assert all("already been reported" in said for status, _, said in answers if status == 422)
    assert ProblemReport.select().count() == 1


def test_only_the_partner_reports_and_nobody_else_sees_it(app, talk, make_user, make_program, make_pair):
    pair, ann, bob, coordinator, url, program = talk
    bobs, anns = message("Line 8"), message("Line 7")
    assert ann.get(f"{url}/{anns.id}/report").status_code == 404  # one's own message
    deleted = message("Line 2")
    Message.update(text="", deleted_at=Message.sent_at).where(Message.id == deleted.id).execute()
    assert ann.get(f"{url}/{deleted.id}/report").status_code == 404  # a deleted one
    other_coordinator = make_user(name="Olga Other")
    other_program = make_program(name="Other Program", coordinators=[other_coordinator])
    stranger, other_pair = make_user(name="Sam Stranger"), make_pair(other_program, activated_days_ago=2)
    assert logged_in(app, stranger, PASSWORD).get(f"{url}/{bobs.id}/report").status_code == 404
    assert logged_in(app, coordinator, PASSWORD).get(f"{url}/{bobs.id}/report").status_code == 404
    assert ann.get(f"/pairs/{other_pair.id}/conversation/{bobs.id}/report").status_code == 404  # another pair's
    ann.submit(f"{url}/{bobs.id}/report", {"note": "Please look"})
    report = ProblemReport.get()
    olga = logged_in(app, other_coordinator, PASSWORD)
    assert olga.get(f"/programs/{program.slug}/problems/{report.id}").status_code == 404
    assert olga.get(f"/programs/{other_program.slug}/problems/{report.id}").status_code == 404
    refused = olga.submit(f"/programs/{other_program.slug}/problems/{report.id}/hide", {"hidden": "1"},
                          page=f"/programs/{other_program.slug}/problems")
    assert refused.status_code == 404 and message("Line 8").hidden_at is None


def test_a_hidden_message_is_not_in_the_unread_email_but_stays_in_its_writers_data(app, talk, mailbox, scheduler):
    pair, ann, bob, coordinator, url, program = talk
    bob.get(url)
    ann.submit(url, {"text": "Something rude"})
    ann.submit(url, {"text": "And something kind", "file": (io.BytesIO(b"Kind words"), "kind.txt")})
    bob_user = pair.mentor.user
    bob.submit(f"{url}/{message('Something rude').id}/report", {"note": ""})
    report = ProblemReport.get()
    logged_in(app, coordinator, PASSWORD).submit(f"/programs/{program.slug}/problems/{report.id}/hide",
                                                 {"hidden": "1"}, page=f"/programs/{program.slug}/problems")
    assert ConversationRead.get(ConversationRead.user == bob_user.id).last_read < message("Something rude").id
    scheduler.advance(timedelta(minutes=11))
    email = mailbox.find(bob_user.email, "Ann Mentee wrote to you")
    assert "And something kind" in email.text and "Something rude" not in email.text
    assert "(a file: kind.txt, to download in the conversation)" in email.text
    assert "Something rude" not in email.html
    data = ann.get("/account/export").get_json()
    assert "Something rude" in [m["text"] for m in data["messages"]]
