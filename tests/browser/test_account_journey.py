"""In a real browser: sign up, confirm the address from the email, log out, reset the password, log in."""
import re

from playwright.sync_api import expect

from mentoring.models import User

FIRST_PASSWORD = "marble kettle orchard"
SECOND_PASSWORD = "lantern meadow quartz"


def test_sign_up_verify_forget_reset_and_log_in(page, mailbox):
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    expect(page.get_by_label("Time zone")).to_have_value("America/Los_Angeles")  # from the browser

    page.get_by_label("Your name").fill("Noor Haddad")
    page.get_by_label("Email address").fill("Noor@Example.org")
    page.get_by_label("Password").fill("password123")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("This password is too easy to guess.")
    expect(page.get_by_label("Your name")).to_have_value("Noor Haddad")
    expect(page.get_by_label("Password")).to_have_value("")

    page.get_by_label("Password").fill(FIRST_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("We sent a link to noor@example.org")
    expect(page.get_by_role("heading", name="Confirm your email address")).to_be_visible()

    [welcome] = mailbox.wait_for("noor@example.org")
    page.goto(welcome.link_containing("/verify/"))
    expect(page.get_by_role("status")).to_contain_text("noor@example.org is confirmed")
    expect(page.get_by_role("heading", name="Confirm your email address")).to_have_count(0)
    assert User.by_email("noor@example.org").timezone == "America/Los_Angeles"

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email address").fill("noor@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    reset = mailbox.wait_for("noor@example.org", 2)[1]
    assert reset["Subject"] == "Reset your Mentoring password"
    page.goto(reset.link_containing("/password/reset/"))
    page.get_by_label("New password", exact=True).fill(SECOND_PASSWORD)
    page.get_by_label("Repeat the new password").fill(SECOND_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("status")).to_contain_text("Log in with your new password")
    expect(page).to_have_url(re.compile(r"/login$"))

    page.get_by_label("Email address").fill("noor@example.org")
    page.get_by_label("Password").fill(SECOND_PASSWORD)
    page.get_by_label("Keep me logged in on this device").check()
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Noor Haddad")
    assert any(cookie["name"] == "remember_token" and cookie["httpOnly"] for cookie in page.context.cookies())


def test_settings_save_in_place_and_errors_take_focus(page, make_user):
    user = make_user(name="Iris Chen", email="iris@example.org")
    page.goto("/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Account").click()

    page.get_by_label("Your name").fill("")
    page.get_by_role("button", name="Save profile").click()
    summary = page.locator("#profile-form .error-summary")
    expect(summary).to_contain_text("Enter your name.")
    expect(summary).to_be_focused()
    expect(page).to_have_url(re.compile(r"/account$"))  # swapped in place: the page did not change

    page.get_by_label("Your name").fill("Iris Chen-Wu")
    page.locator("#profile-form").get_by_label("Time zone").fill("tokyo")
    page.get_by_role("button", name="Save profile").click()
    saved = page.locator("#profile-form [role=status]")
    expect(saved).to_have_text("Your profile is saved. Your time zone is Asia/Tokyo.")
    expect(page.locator("#profile-form").get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    expect(saved).to_be_focused()
    assert User.get_by_id(user.id).name == "Iris Chen-Wu"

    page.get_by_label("Session reminders").uncheck()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.locator("#preferences-form [role=status]")).to_have_text("Your email preferences are saved.")
    assert not User.get_by_id(user.id).wants_email("reminders")
