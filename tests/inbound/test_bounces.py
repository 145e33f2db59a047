"""Mail that comes back undelivered: a mail server's delivery report, taken in by `flask mail-in`, marks the email it
returns bounced on the admin's Outbox and the person's address as bouncing: they see a banner asking them to check it,
the coordinators a marker on the applicant list and the health board, until the address changes (a later email the
mail server accepts proves nothing: a relay accepts everything, and the bounce comes after)."""
import re
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import PASSWORD
from mentoring import clock
from mentoring.models import InboundMessage, OutboxEmail, User
from support.client import logged_in, seen, text
from support.inbound import mail_in

MAIL = Path(__file__).parent.parent / "unit" / "mail"
BANNER = "are coming back undelivered. Check your address on your account page."


@pytest.fixture
def scene(make_user, make_program, join, make_pair):
    """An active pair, Ann (mentee) and Bob (mentor), in Cora's program."""
    cora = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[cora])
    ann = make_user(name="Ann Mentee", email="ann@example.org")
    bob = make_user(name="Bob Mentor", email="bob@example.org")
    make_pair(program, join(ann, program, "mentee"), join(bob, program, "mentor"), activated_days_ago=3)
    return program, cora, ann, bob


def invite_bob(app, mailbox, ann, bob, days=3):
    """Ann schedules a session; the invite reaches Bob's mail server. Its Message-ID, without <>."""
    visitor = logged_in(app, ann, PASSWORD)
    pair_page = visitor.get("/").get_data(as_text=True)
    pair_id = re.search(r'href="/pairs/(\d+)"', pair_page).group(1)
    on = (clock.now() + timedelta(days=days)).date().isoformat()
    response = visitor.submit(f"/pairs/{pair_id}/sessions/new",
                              {"title": f"Check-in {days}", "day": on, "at": "18:00", "duration": "60",
                               "location": "", "repeat": "", "count": ""})
    assert response.status_code == 302
    message = mailbox.find(bob.email, f"Session with {ann.name}: Check-in {days}")
    return message["Message-ID"].strip("<>")


def postfix_dsn(address, message_id):
    """Postfix's bounce (tests/unit/mail/dsn-postfix.eml) for a message to `address`, returning its headers."""
    raw = (MAIL / "dsn-postfix.eml").read_bytes()
    return (raw.replace(b"Nobody@Northwind.example", address.encode())
            .replace(b"nobody@northwind.example", address.encode())
            .replace(b"sent-9001@mentoring.example.org", message_id.encode()))


def exchange_ndr(address, message_id):
    """Exchange Online's report (tests/unit/mail/ndr-exchange.eml) for a message to `address`, returning it whole
    (without its Message-ID when `message_id` is "")."""
    raw = (MAIL / "ndr-exchange.eml").read_bytes()
    returned = f"Message-ID: <{message_id}>\n".encode() if message_id else b""
    return (raw.replace(b"Eve@Contoso.com", address.encode()).replace(b"eve@contoso.com", address.encode())
            .replace(b"Message-ID: <sent-9002@mentoring.example.org>\n", returned))


def coordinators_view(visitor, program):
    """What Cora reads on the applicant list and the health board, as pages and as their htmx fragments."""
    htmx = {"HX-Request": "true"}
    return {"applicants": seen(visitor.get(f"/programs/{program.slug}/applicants")),
            "applicants fragment": seen(visitor.get(f"/programs/{program.slug}/applicants?role=mentor", headers=htmx)),
            "board": seen(visitor.get(f"/programs/{program.slug}/health")),
            "board fragment": seen(visitor.get(f"/programs/{program.slug}/health?show=", headers=htmx))}


def test_a_bounce_marks_the_email_and_the_person_until_they_change_their_address(app, mailbox, scene, make_user):
    program, cora, ann, bob = scene
    cora_visitor, bob_visitor = logged_in(app, cora, PASSWORD), logged_in(app, bob, PASSWORD)
    message_id = invite_bob(app, mailbox, ann, bob)
    seen_before = coordinators_view(cora_visitor, program)  # the board's figures are kept from here on
    assert not any("email bouncing" in page for page in seen_before.values())
    assert BANNER not in seen(bob_visitor.get("/"))

    assert "acted" in mail_in(app, postfix_dsn(bob.email, message_id))
    email = OutboxEmail.get(OutboxEmail.message_id == f"<{message_id}>")
    assert email.state == OutboxEmail.BOUNCED
    admin = logged_in(app, make_user(name="Ada Admin", admin=True), PASSWORD)
    outbox = text(admin.get("/admin/outbox/?state=bounced"))
    assert "Bounced (1)" in outbox and '<span class="badge badge--bounced">bounced</span>' in outbox
    assert email.subject in outbox
    inbox = seen(admin.get("/admin/inbox/"))
    assert "Bob Mentor’s address bob@example.org is marked bouncing" in inbox

    for page in ("/", f"/programs/{program.slug}"):
        shown = bob_visitor.get(page).get_data(as_text=True)
        assert f"Emails to bob@example.org {BANNER}" in seen(shown)
        assert re.search(r'<div id="messages" class="messages" role="status"[^>]*>\s*<div id="email-bouncing">\s*'
                         r'<p class="message message--error">Emails to bob@example.org', shown)
        assert 'href="/account#email-address">Check your address on your account page.</a>' in shown
    assert BANNER not in seen(logged_in(app, ann, PASSWORD).get("/"))  # Ann's mail arrives
    view = coordinators_view(cora_visitor, program)
    assert "Bob Mentor bob@example.org email bouncing" in view["applicants"]
    assert "Bob Mentor bob@example.org email bouncing" in view["applicants fragment"]
    assert "Ann Mentee ann@example.org email bouncing" not in view["applicants"]
    for page in (view["board"], view["board fragment"]):  # at once: the mark is a change of the program
        assert "Ann Mentee and Bob Mentor Bob Mentor’s email bouncing" in page

    response = bob_visitor.submit("/account/email", {"email": "bob@new.example", "current_password": PASSWORD},
                                  page="/account", headers={"HX-Request": "true", "HX-Target": "email-form"})
    swapped = response.get_data(as_text=True)  # the form, and the banner swapped out of band for nothing
    assert swapped.lstrip().startswith('<form id="email-form"')
    assert swapped.rstrip().endswith('<div id="email-bouncing" hx-swap-oob="true"></div>')
    assert BANNER not in seen(bob_visitor.get("/"))
    assert mailbox.find("bob@new.example", "Confirm your email address for Mentoring")
    assert User.get_by_id(bob.id).email_bouncing_since is None
    assert not any("email bouncing" in page for page in coordinators_view(cora_visitor, program).values())
    assert "no account has the address bob@example.org" in mail_in(app, exchange_ndr("bob@example.org", message_id))
    assert BANNER not in seen(bob_visitor.get("/"))  # a late report for the old address is no longer Bob's


def test_an_exchange_report_without_the_message_marks_the_latest_sent_there(app, mailbox, scene):
    program, cora, ann, bob = scene
    invite_bob(app, mailbox, ann, bob, days=2)
    clock.advance(timedelta(minutes=5))
    latest = invite_bob(app, mailbox, ann, bob, days=3)
    assert "acted" in mail_in(app, exchange_ndr(bob.email, message_id=""))
    bounced = OutboxEmail.select().where(OutboxEmail.state == OutboxEmail.BOUNCED)
    assert [email.message_id for email in bounced] == [f"<{latest}>"]
    bob_visitor = logged_in(app, bob, PASSWORD)
    assert BANNER in seen(bob_visitor.get("/"))
    assert "Bob Mentor’s email bouncing" in seen(logged_in(app, cora, PASSWORD).get(f"/programs/{program.slug}/health"))

    clock.advance(timedelta(hours=1))
    invite_bob(app, mailbox, ann, bob, days=4)  # accepted by the mail server: the mark stays until he changes it
    assert BANNER in seen(bob_visitor.get("/"))


def test_an_exchange_report_names_the_message_it_returns(app, mailbox, scene):
    program, cora, ann, bob = scene
    first = invite_bob(app, mailbox, ann, bob, days=2)
    invite_bob(app, mailbox, ann, bob, days=3)
    mail_in(app, exchange_ndr(bob.email, first))
    assert [email.message_id for email in OutboxEmail.select().where(OutboxEmail.state == OutboxEmail.BOUNCED)] == [
        f"<{first}>"]


def test_a_bounce_for_an_address_no_account_has_is_kept_with_why(app, mailbox, scene):
    program, cora, ann, bob = scene
    raw = postfix_dsn("gone@elsewhere.example", "never-sent@mentoring.example.org")
    assert "kept" in mail_in(app, raw)
    assert "Already received" in mail_in(app, raw)
    stored = InboundMessage.get()
    assert (stored.kind, stored.outcome, stored.user) == ("bounce", InboundMessage.KEPT, None)
    assert stored.note == "A bounce: no account has the address gone@elsewhere.example."
    assert not User.select().where(User.email_bouncing_since.is_null(False)).exists()
    assert not OutboxEmail.select().where(OutboxEmail.state == OutboxEmail.BOUNCED).exists()
