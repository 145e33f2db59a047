"""Importing people from a spreadsheet: every problem reported first, then all rows written or none."""
import html
import io

import pytest

from conftest import PASSWORD
from mentoring.models import Answer, Membership, Response, User
from support.client import text

HEADER = ("name,email,role,timezone,headline,capacity,goals,areas_to_grow,career_stage,languages,meeting_format,"
          "feedback_style,availability,expertise")
MENTEE = ('Zara Ali,zara@example.org,mentee,Asia/Karachi,Analyst,,"Learn to lead",Leadership and management;data,'
          'early,english;Urdu,video,3,mon-evening;thu-evening,')
MENTOR = ("Tom Berg,Tom@Example.org,mentor,Europe/Stockholm,Staff engineer,3,,,senior,English;German,video;phone,4,"
          "tue-morning,leadership;data")


def csv_file(*lines, encoding="utf-8"):
    return io.BytesIO("\n".join(lines).encode(encoding)), "people.csv"


def upload(client, program, data):
    return client.submit(f"/programs/{program.slug}/import", {"file": data, "action": "preview"})


@pytest.fixture
def console(client, make_user, log_in, make_program):
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    return program


def test_preview_then_import_writes_everyone_and_emails_them(app, client, mailbox, console, make_user):
    existing = make_user(name="Tom", email="tom@example.org")
    program = console
    preview = upload(client, program, csv_file(HEADER, MENTEE.replace("english;Urdu", "english"), MENTOR))
    page = text(preview)
    assert preview.status_code == 200 and "Every row is fine." in page
    assert "invited by email to make an account" in page and "added; told by email" in page
    assert Membership.select().count() == 0  # nothing written by the preview

    raw_page = preview.get_data(as_text=True)
    csv_text = html.unescape(raw_page.split('name="csv_text" type="hidden" value="')[1].split('"')[0])
    response = client.submit(f"/programs/{program.slug}/import", {"csv_text": csv_text, "action": "import"})
    assert response.status_code == 302
    assert "2 people are imported and emailed." in client.text(response.headers["Location"])

    zara = User.by_email("zara@example.org")
    assert not zara.has_password and zara.timezone == "Asia/Karachi"
    mentee = Membership.get(Membership.user == zara)
    assert (mentee.state, mentee.role, mentee.headline) == ("approved", "mentee", "Analyst")
    answers = {a.question.key: a.value for a in Answer.select().join(Response).where(Response.membership == mentee)}
    assert answers["areas_to_grow"] == ["leadership", "data"] and answers["feedback_style"] == 3
    assert answers["languages"] == ["english"] and len(answers["availability"]) == 8
    mentor = Membership.get(Membership.user == existing)
    assert mentor.capacity == 3 and mentor.role == "mentor"

    [invitation] = mailbox.wait_for("zara@example.org")
    assert invitation["Subject"] == "You are invited to Rust Mentoring"
    assert mailbox.wait_for("tom@example.org")[0]["Subject"] == "You were added to Rust Mentoring"
    newcomer = app.test_client()
    landed = newcomer.submit(invitation.link_containing("/invitation/"),
                             {"name": "Zara Ali", "timezone": "Asia/Karachi", "password": PASSWORD})
    assert landed.headers["Location"] == f"/programs/{program.slug}/apply/mentee/review"
    assert "Learn to lead" in newcomer.text(landed.headers["Location"])


@pytest.mark.parametrize("lines, message", [
    ((HEADER, MENTEE.replace("zara@example.org", "zara-at-example")),
     "email: “zara-at-example” is not an email address."),
    ((HEADER, MENTEE, MENTEE.replace("Zara Ali", "Zara A.").replace("zara@", "ZARA@")),
     "zara@example.org also appears on line 2."),
    ((HEADER, MENTEE.replace(",mentee,", ",coach,")), "role: write mentor or mentee."),
    ((HEADER, MENTEE.replace(",3,", ",9,")), "feedback_style: Choose a number from 1 to 5."),
    ((HEADER, MENTEE.replace("early", "ancient")), "career_stage: Choose one of the options."),
    ((HEADER, MENTEE.replace("Asia/Karachi", "Moon/Base")), "timezone: “Moon/Base” is not a time zone"),
    ((HEADER, MENTOR.replace(",3,", ",12,")), "capacity: write a number from 1 to 5."),
    ((HEADER, MENTEE.replace('"Learn to lead"', "")), "goals: Please answer this question."),
    ((HEADER, MENTEE, MENTEE.replace(",mentee,", ",mentor,")),
     "zara@example.org appears with both roles; this program gives each person one role."),
    ((HEADER, "Only Name"), "This row has a different number of cells than the first row."),
], ids=["bad-email", "duplicate-email", "bad-role", "scale-out-of-range", "unknown-choice", "bad-zone",
        "capacity-too-high", "missing-required", "both-roles", "short-row"])
def test_a_bad_row_is_reported_and_nothing_is_written(client, console, lines, message):
    response = upload(client, console, csv_file(*lines))
    page = text(response)
    assert response.status_code == 200 and message in page
    assert "Nothing was imported" in page and 'value="import"' not in page
    assert Membership.select().count() == 0 and User.select().count() == 1


@pytest.mark.parametrize("data, message", [
    (csv_file(HEADER + ",shoe_size", MENTEE + ",42"), "These columns are not question keys of this program: shoe_size"),
    (csv_file(HEADER.replace("email,", "mail,"), MENTEE), "missing: email"),
    (csv_file("name,email,role,goals,goals", "A,a@example.org,mentee,x,y"), "These columns appear twice: goals"),
    (csv_file(HEADER, MENTEE.replace("Zara", "Zoë"), encoding="latin-1"), "The file is not UTF-8 text"),
    ((io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00"), "photo.csv"), "This is not a CSV file."),
    ((io.BytesIO(b""), "empty.csv"), "The file is empty."),
    ((io.BytesIO(b"name,email,role\n" + b"x" * (50 * 1024 * 1024)), "huge.csv"),
     "The file is larger than 5 MB, so nothing was read."),
], ids=["unknown-question-key", "missing-column", "repeated-column", "wrong-encoding", "not-csv", "empty",
        "50-MB"])
def test_a_file_that_cannot_be_read_gets_a_clear_report(client, console, data, message):
    response = upload(client, console, data)
    assert response.status_code == 422 and message in text(response)
    assert Membership.select().count() == 0 and User.select().count() == 1


def test_someone_already_in_the_program_is_refused(client, console, make_user, join):
    join(make_user(email="zara@example.org"), console, "mentee")
    response = upload(client, console, csv_file(HEADER, MENTEE))
    assert "zara@example.org is already a mentee in this program." in text(response)
    assert Membership.select().count() == 1


def test_a_file_changed_between_preview_and_import_is_checked_again(client, console):
    bad = "\n".join((HEADER, MENTEE.replace(",mentee,", ",coach,")))
    response = client.submit(f"/programs/{console.slug}/import", {"csv_text": bad, "action": "import"})
    assert response.status_code == 422 and "The file has 1 problem; nothing was imported." in text(response)
    assert Membership.select().count() == 0
