"""In a real browser: a program is created, handed to a coordinator, set up, applied to and approved."""
import re

from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring.models import Membership


def log_in(page, email, password=PASSWORD):
    page.goto("/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def answer(page, question, *options):
    group = page.get_by_role("group", name=re.compile(re.escape(question)))
    for option in options:
        group.get_by_label(option, exact=True).check()


def apply(page, slug, role, headline):
    page.goto(f"/programs/{slug}")
    page.get_by_role("button", name=f"Apply as {role}").click()
    expect(page.get_by_text("Step 1 of 7")).to_be_visible()
    page.get_by_label("Headline").fill(headline)
    page.get_by_label("About you").fill("I like helping and learning.")
    if role == "mentor":
        page.get_by_label("How many mentees can you take?").fill("2")
    page.get_by_role("button", name="Save and continue").click()
    if role == "mentee":
        page.get_by_label("What do you hope to achieve through mentoring?").fill("Lead a team within a year.")
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("alert")).to_contain_text("Which areas do you want to grow in?: Choose at least one")
        expect(page.get_by_label("What do you hope to achieve through mentoring?")).to_have_value(
            "Lead a team within a year.")
        answer(page, "Which areas do you want to grow in?", "Leadership and management")
    else:
        answer(page, "In which areas can you help someone grow?", "Leadership and management", "Public speaking")
    page.get_by_role("button", name="Save and continue").click()
    answer(page, "Where are you in your career?", "Early career (0–2 years)" if role == "mentee" else
           "Senior (11–20 years)")
    page.get_by_role("button", name="Save and continue").click()
    answer(page, "Which languages", "English")
    answer(page, "How would you like to meet?", "Video call")
    answer(page, "How direct", "3")
    page.get_by_role("checkbox", name="Tuesday evening").check()
    page.get_by_role("checkbox", name="Thursday evening").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # the optional personality items
    page.get_by_role("button", name="Save and continue").click()  # the optional background
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and send your application")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("status")).to_contain_text("Your application is sent.")


def test_program_from_creation_to_approved_members(new_page, mailbox, make_user):
    admin_user = make_user(name="Site Admin", admin=True)
    mentor_user, mentee_user = make_user(name="Mo Mentor"), make_user(name="Mia Mentee")

    admin = new_page()
    log_in(admin, admin_user.email)
    admin.get_by_role("link", name="All programs").click()
    admin.get_by_label("Program name").fill("Climate Tech Mentoring")
    admin.get_by_role("button", name="Create program").click()
    expect(admin.get_by_role("status")).to_contain_text("“Climate Tech Mentoring” is created as a draft")
    admin.get_by_label("Email address").fill("carla@example.org")
    admin.get_by_label("Name (if they have no account yet)").fill("Carla")
    admin.get_by_role("button", name="Appoint and email").click()
    expect(admin.get_by_role("status")).to_contain_text("carla@example.org now coordinates")

    [invitation] = mailbox.wait_for("carla@example.org")
    coordinator = new_page(timezone_id="Europe/Rome")
    coordinator.goto(invitation.link_containing("/invitation/"))
    expect(coordinator.get_by_label("Your name")).to_have_value("Carla")
    expect(coordinator.get_by_label("Time zone")).to_have_value("Europe/Rome")
    coordinator.get_by_label("Choose a password").fill(PASSWORD)
    coordinator.get_by_role("button", name="Finish my account").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Program settings")

    coordinator.get_by_label("Goals and objectives").fill("Every mentee ships one climate project.")
    coordinator.get_by_label("State").select_option("open")
    coordinator.get_by_role("button", name="Save settings").click()
    expect(coordinator.get_by_role("status")).to_contain_text("The program's settings are saved.")

    coordinator.get_by_role("link", name="Mentee questions").click()
    items = coordinator.locator(".question-item__label")
    first, second = items.nth(0).inner_text(), items.nth(1).inner_text()
    coordinator.get_by_role("button", name=f"Move “{second}” up").click()
    expect(items.nth(0)).to_have_text(second)
    expect(items.nth(1)).to_have_text(first)
    expect(coordinator.get_by_role("status").filter(has_text="moved up")).to_have_text(
        f"“{second}” moved up to position 1.")
    expect(coordinator.get_by_role("button", name=f"Move “{second}” up")).to_be_disabled()
    expect(coordinator).to_have_url(re.compile(r"/questions/mentee$"))  # swapped in place, no page load
    coordinator.get_by_role("button", name=f"Move “{second}” down").click()
    expect(items.nth(0)).to_have_text(first)

    slug = "climate-tech-mentoring"
    mentor, mentee = new_page(), new_page()
    log_in(mentor, mentor_user.email)
    apply(mentor, slug, "mentor", "Climate data engineer")
    log_in(mentee, mentee_user.email)
    apply(mentee, slug, "mentee", "New to climate tech")

    coordinator.get_by_role("link", name="Applicants").click()
    expect(coordinator.get_by_role("link", name="Mo Mentor")).to_be_visible()
    coordinator.get_by_role("checkbox", name="Choose Mo Mentor").check()
    coordinator.get_by_role("checkbox", name="Choose Mia Mentee").check()
    coordinator.get_by_role("button", name="Approve the chosen applications").click()
    expect(coordinator.get_by_role("status")).to_contain_text("2 applications approved.")
    assert sorted(m.state for m in Membership.select()) == ["approved", "approved"]

    mentee.goto("/")
    expect(mentee.get_by_role("link", name="see your suggested mentors")).to_be_visible()
    assert mailbox.wait_for(mentee_user.email, 2)[-1]["Subject"] == "Welcome to Climate Tech Mentoring"
