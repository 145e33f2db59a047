"""When a person deletes their account their partner keeps the pair: its page, its conversation and the files they
shared themselves, with "A former member" in the person's place; what the person wrote and uploaded is gone (rows
and bytes), and the stand-in is never emailed and can never log in. Runs on SQLite and PostgreSQL alike."""
import io
import json
from pathlib import Path

import pytest

from conftest import PASSWORD
from mentoring.models import Membership, Message, OutboxEmail, Pair, PairFile, ProblemReport, User
from support.client import logged_in, seen

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture
def scene(make_user, make_program, make_pair):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    ann = make_user(name="Ann Leaving", timezone="America/Los_Angeles")
    bob = make_user(name="Bob Staying", timezone="Europe/Berlin")
    pair = make_pair(program, ann, bob, activated_days_ago=3)
    return pair, ann, bob, coordinator, program


def stored(app):
    """The bytes of every file in the site's store."""
    return sorted(path.read_bytes() for path in Path(app.config["FILE_STORAGE_PATH"]).rglob("*") if path.is_file())


def test_the_partner_keeps_the_pair_and_its_conversation_with_a_former_member(app, scene, mailbox):
    pair, ann, bob, coordinator, program = scene
    ann_client, bob_client = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    url, home = f"/pairs/{pair.id}/conversation", f"/pairs/{pair.id}"
    ann_client.submit(url, {"text": "Hello Bob, here is my CV", "file": (io.BytesIO(PDF), "ann-cv.pdf")})
    bob_client.submit(url, {"text": "Thanks Ann! My notes", "file": (io.BytesIO(b"Bob's notes"), "notes.txt")})
    bob_client.submit(f"{home}/files", {"file": (io.BytesIO(b"Bob's slides"), "slides.txt")}, page=home)
    ann_client.submit(f"{home}/report", {"text": "Bob is late, often."})
    anns_file = PairFile.get(PairFile.name == "ann-cv.pdf")
    assert bob_client.get(f"{home}/files/{anns_file.id}").status_code == 200
    data = json.loads(ann_client.get("/account/export").data)  # what Ann owns is in her data until she goes
    assert [m["text"] for m in data["messages"]] == ["Hello Bob, here is my CV"]
    assert [f["name"] for f in data["files"]] == ["ann-cv.pdf"]

    bobs_page = bob_client.get(url).get_data(as_text=True)
    gone = ann_client.submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    assert gone.status_code == 302 and User.get_or_none(User.email == ann.email) is None

    start = bobs_page.index('id="poller" hx-get="') + len('id="poller" hx-get="')
    news = bob_client.get(bobs_page[start:bobs_page.index('"', start)].replace("&amp;", "&"),
                          headers={"HX-Request": "true"})
    assert news.status_code == 200 and "A former member" in seen(news) and "Message deleted" in seen(news)
    pair_page = seen(bob_client.get(home))
    assert "A former member" in pair_page and "Ann Leaving" not in pair_page
    conversation = bob_client.get(url)
    assert conversation.status_code == 200
    words = seen(conversation)
    assert "A former member" in words and "Message deleted" in words and "Ann Leaving" not in words
    assert "Hello Bob" not in words and "ann-cv.pdf" not in words
    assert "Thanks Ann! My notes File: notes.txt" in words and "slides.txt" in pair_page
    assert "Report this message" not in words  # nobody left to report
    assert bob_client.get(f"{home}/files/{anns_file.id}").status_code == 404
    assert stored(app) == [b"Bob's notes", b"Bob's slides"]  # Ann's bytes are gone, Bob's stay
    assert [m.text for m in Message.select().order_by(Message.id)] == ["", "Thanks Ann! My notes"]
    assert Message.get(Message.text == "").file_name == ""

    kept = Pair.get_by_id(pair.id)
    assert (kept.state, kept.end_kind) == (Pair.ENDED, "ended")
    assert "The pair has ended: the conversation stays here to read." in words
    mailbox.find(bob.email, "Your mentoring pair has ended")
    former = kept.mentee.user
    assert former.name == "A former member" and former.is_former_member and kept.mentee.state == Membership.WITHDRAWN
    assert (kept.mentee.headline, kept.mentee.bio) == ("", "")
    assert OutboxEmail.select().where(OutboxEmail.to_address == former.email).count() == 0
    assert OutboxEmail.select().where(OutboxEmail.to_address == ann.email).count() == 0
    refused = app.test_client().submit("/login", {"email": former.email, "password": ""})
    assert refused.status_code != 302  # a former member never logs in

    cora = logged_in(app, coordinator, PASSWORD)
    for page in (f"/programs/{program.slug}/pairs", f"/programs/{program.slug}/health",
                 f"/programs/{program.slug}/report", f"/programs/{program.slug}/problems", home):
        shown = cora.get(page)
        assert shown.status_code == 200 and "Ann Leaving" not in seen(shown), page
    assert "A former member" in seen(cora.get(f"/programs/{program.slug}/pairs"))
    members = cora.get(f"/programs/{program.slug}/report/members.csv").get_data(as_text=True)
    assert "A former member,,mentee,withdrawn" in members and "former-member.invalid" not in members
    assert "Bob is late, often." in seen(cora.get(f"/programs/{program.slug}/problems"))  # her report stays
    report = ProblemReport.get()
    assert cora.get(f"/programs/{program.slug}/problems/{report.id}").status_code == 200


def test_a_person_with_no_pair_leaves_nothing_behind(app, make_user, make_program, join):
    program = make_program()
    cy = make_user(name="Cy Applicant")
    join(cy, program)
    logged_in(app, cy, PASSWORD).submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    assert Membership.select().count() == 0 and User.select().where(User.name == "A former member").count() == 0
